import type { FastifyInstance } from 'fastify'
import type { Kernel } from '../../kernel/kernel.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createODataServer } from './odata-server.js'

/** A seeded tracker kernel and an OData server over it, ready for `inject()`. */
export interface ODataFixture {
  readonly kernel: Kernel
  readonly app: FastifyInstance
  /** The two seeded projects (`APL`, `GEM`). */
  readonly projects: readonly DataRecord[]
}

/**
 * Starts the tracker kernel with 2 projects and 12 tasks of varied values (a quote in one
 * title, null estimates, tags, dates) and an OData server over it with atomic changesets and
 * a page size of 5 (max 50). Close with `app.close()` then `kernel.stop()`.
 */
export async function startODataFixture(): Promise<ODataFixture> {
  const kernel = await startTrackerKernel()
  const projects = [
    await kernel.create('projects', { name: 'Apollo', code: 'APL' }),
    await kernel.create('projects', { name: 'Gemini', code: 'GEM' }),
  ]
  const priorities = ['low', 'normal', 'high']
  for (let i = 0; i < 12; i++) {
    await kernel.create('tasks', {
      title: i === 3 ? "O'Neil's task" : `Task ${String(i).padStart(2, '0')}`,
      project: projects[i % 2]?.id,
      priority: priorities[i % 3],
      estimate_hours: i % 5 === 4 ? null : (i * 7) % 10,
      done: i % 4 === 0,
      tags: i % 3 === 0 ? ['red', 'blue'] : ['green'],
      due_at: `2025-0${(i % 9) + 1}-15T10:00:00.000Z`,
    })
  }
  const app = createODataServer(kernel.bridge, {
    kernel,
    limits: { defaultPageSize: 5, maxPageSize: 50 },
  })
  await app.ready()
  return { kernel, app, projects }
}

/** An OData response as tests read it. */
export interface ODataReply {
  readonly status: number
  readonly headers: Record<string, string | string[] | number | undefined>
  readonly body: Record<string, unknown>
  readonly text: string
}

/** Sends one request through `inject()` (no socket); JSON bodies are encoded. */
export async function odata(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<ODataReply> {
  const response = await app.inject({
    method,
    url,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  })
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(response.body) as Record<string, unknown>
  } catch {
    // not JSON ($metadata, $count, $value, empty)
  }
  return { status: response.statusCode, headers: response.headers, body, text: response.body }
}

/** `encodeURIComponent` for the parts of a query option value. */
export function q(text: string): string {
  return encodeURIComponent(text)
}
