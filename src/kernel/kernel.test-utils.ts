import { MemoryDriver } from '../drivers/memory/index.js'
import { isObjectQLError } from './errors.js'
import type { ObjectQLError } from './errors.js'
import { createKernel } from './kernel.js'
export { expectCode, rejection } from './errors.test-utils.js'
import type { Kernel, KernelOptions } from './kernel.js'
import type { PluginLogger } from './plugin/plugin.js'
import type { ObjectConfig } from './spec/object-config.js'

/** Shared fixtures of the kernel tests: objects, a fake clock, sequential ids, error capture. */

export const userObject: ObjectConfig = {
  name: 'user',
  fields: {
    name: { type: 'text', required: true },
    email: { type: 'email', unique: true },
    tenant_id: { type: 'text' },
  },
}

export const projectObject: ObjectConfig = {
  name: 'project',
  fields: {
    title: { type: 'text', required: true },
    lead: { type: 'lookup', reference: 'user' },
  },
}

export const taskObject: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text', required: true, maxLength: 40 },
    status: {
      type: 'select',
      options: [
        { label: 'Open', value: 'open' },
        { label: 'Done', value: 'done' },
      ],
      defaultValue: 'open',
    },
    priority: { type: 'number', min: 0, max: 5 },
    due: { type: 'datetime' },
    meta: { type: 'json' },
    project: { type: 'lookup', reference: 'project' },
    watchers: { type: 'lookup', reference: 'user', multiple: true },
    tenant_id: { type: 'text' },
  },
}

export const OBJECTS: readonly ObjectConfig[] = [userObject, projectObject, taskObject]

/** A clock that starts at a fixed instant and advances one second per reading. */
export function fakeClock(start = '2024-01-01T00:00:00.000Z'): () => Date {
  let now = Date.parse(start)
  return () => {
    const date = new Date(now)
    now += 1000
    return date
  }
}

/** Ids `id-1`, `id-2`, ... */
export function sequentialIds(prefix = 'id'): () => string {
  let n = 0
  return () => `${prefix}-${++n}`
}

/** A logger that keeps its lines, so tests stay quiet and can assert what was logged. */
export function memoryLogger(): PluginLogger & { lines: string[] } {
  const lines: string[] = []
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`)
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A started kernel over a fresh MemoryDriver with the shared objects, fake clock and ids. */
export async function startKernel(
  options: Partial<KernelOptions> = {},
): Promise<{ kernel: Kernel; driver: MemoryDriver }> {
  const driver = new MemoryDriver()
  const kernel = createKernel({
    objects: OBJECTS,
    clock: fakeClock(),
    idGenerator: sequentialIds(),
    logger: memoryLogger(),
    ...options,
    drivers: options.drivers ?? { default: driver },
  })
  await kernel.start()
  return { kernel, driver }
}

/** The error a synchronous call throws. */
export function thrown(run: () => unknown): ObjectQLError {
  try {
    run()
  } catch (error) {
    if (isObjectQLError(error)) return error
    throw new Error(`expected an ObjectQLError, got ${String(error)}`, { cause: error })
  }
  throw new Error('expected a throw')
}
