import type { FastifyInstance } from 'fastify'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { FaultyDriver } from '../../harness/faulty-driver.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { TRACKER_OBJECTS } from '../common/protocol-fixtures.test-utils.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** A GraphQL response as the tests read it. */
export interface GqlResponse {
  readonly status: number
  readonly contentType: string | undefined
  readonly data: Record<string, unknown> | null | undefined
  readonly errors:
    { message: string; path?: unknown[]; extensions: Record<string, unknown> }[] | undefined
}

/** POSTs a GraphQL request through `inject()` (no socket). */
export async function gql(
  app: FastifyInstance,
  query: string,
  variables?: Record<string, unknown>,
  accept = 'application/json',
): Promise<GqlResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', accept },
    payload: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  })
  const body = JSON.parse(response.body) as Pick<GqlResponse, 'data' | 'errors'>
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string | undefined,
    data: body.data,
    errors: body.errors,
  }
}

/** A started kernel whose memory driver records every call (for counting queries). */
export async function startCountingKernel(
  objects: readonly ObjectConfig[] = TRACKER_OBJECTS,
): Promise<{ kernel: Kernel; driver: FaultyDriver }> {
  const driver = new FaultyDriver(new MemoryDriver())
  const kernel = createKernel({ objects, drivers: { default: driver }, logger: quiet })
  await kernel.start()
  return { kernel, driver }
}

/** Seeds `projects` projects and `tasks` tasks spread over them (round robin). */
export async function seedTracker(
  kernel: Kernel,
  projects: number,
  tasks: number,
): Promise<{ projectIds: string[]; taskIds: string[] }> {
  const projectIds: string[] = []
  for (let i = 0; i < projects; i++) {
    const code = String.fromCharCode(65 + (i % 26)) + String.fromCharCode(65 + Math.floor(i / 26))
    projectIds.push((await kernel.create('projects', { name: `Project ${i}`, code })).id)
  }
  const taskIds: string[] = []
  for (let i = 0; i < tasks; i++) {
    const project = projectIds[i % projectIds.length] as string
    const created = await kernel.create('tasks', {
      title: `Task ${String(i).padStart(3, '0')}`,
      project,
      estimate_hours: (i * 7) % 13,
      done: i % 3 === 0,
      tags: i % 2 === 0 ? ['even'] : ['odd', 'x'],
    })
    taskIds.push(created.id)
  }
  return { projectIds, taskIds }
}
