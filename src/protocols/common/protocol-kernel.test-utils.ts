import { MemoryDriver } from '../../drivers/memory/index.js'
import { ObjectQLError } from '../../kernel/errors.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import { TRACKER_OBJECTS } from './protocol-fixtures.test-utils.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/**
 * A started kernel on a real MemoryDriver with the project-tracker objects and one record
 * action, `tasks:complete` (marks the task done; `note` at most 500 characters).
 */
export async function startTrackerKernel(): Promise<Kernel> {
  const kernel = createKernel({
    objects: TRACKER_OBJECTS,
    drivers: { default: new MemoryDriver() },
    logger: quiet,
  })
  kernel.registerAction(
    'tasks',
    'complete',
    async (ctx) => {
      if (ctx.id === undefined) {
        throw new ObjectQLError('VALIDATION_FAILED', 'complete needs the task id', {
          details: { errors: [{ field: 'id', rule: 'required', message: `'id' is required` }] },
        })
      }
      return ctx.api.update('tasks', ctx.id, { done: true })
    },
    { params: { note: { type: 'text', maxLength: 500 } }, label: 'Mark as done' },
  )
  await kernel.start()
  return kernel
}

/** Every record of every object, for "nothing changed" assertions. */
export async function snapshot(kernel: Kernel): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {}
  for (const name of kernel.bridge.getMetaTypes()) {
    all[name] = await kernel.find(name, { limit: 100_000 })
  }
  return all
}
