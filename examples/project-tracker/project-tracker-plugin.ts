import { ObjectQLError } from '../../src/kernel/index.js'
import type { KernelPlugin } from '../../src/kernel/index.js'

/**
 * The example's business rules, as a plugin: hooks that normalise and guard data, and the
 * `tasks:complete` action. `log` receives one line per thing that happened, so the runner can
 * print it (and the example test can assert it).
 */
export function projectTrackerPlugin(log: (line: string) => void): KernelPlugin {
  return {
    name: 'project-tracker',
    version: '1.0.0',
    install(ctx) {
      const kernel = ctx.kernel

      // Tags are compared literally by the spec, so store them in one spelling.
      kernel.on('beforeCreate', 'tasks', (hook) => {
        const tags = hook.data?.tags
        if (Array.isArray(tags) && hook.data) {
          hook.data.tags = [...new Set(tags.map((tag) => String(tag).trim().toLowerCase()))]
          log(`beforeCreate tasks: tags normalised to ${JSON.stringify(hook.data.tags)}`)
        }
      })

      // `isModified` is true only when the value really changes, so re-saving does not log.
      kernel.on('afterUpdate', 'tasks', (hook) => {
        if (hook.isModified('done') && hook.data?.done === true) {
          log(`afterUpdate tasks: '${String(hook.previous?.title)}' is now done`)
        }
      })

      // A project with open tasks cannot be deleted: the hook throws and nothing is written.
      kernel.on('beforeDelete', 'projects', async (hook) => {
        const open = await hook.api.count('tasks', { project: hook.id, done: false })
        if (open > 0) {
          throw new ObjectQLError('VALIDATION_FAILED', `project has ${open} open task(s)`, {
            details: {
              errors: [{ field: 'id', rule: 'open-tasks', message: 'close tasks first' }],
            },
          })
        }
      })

      kernel.registerAction(
        'tasks',
        'complete',
        async (action) => {
          const id = action.id
          if (id === undefined) throw new ObjectQLError('INVALID_REQUEST', 'complete needs an id')
          const task = await action.api.update('tasks', id, { done: true })
          log(
            `action tasks:complete on '${String(task.title)}' (note: ${typeof action.input.note === 'string' ? action.input.note : '-'})`,
          )
          return task
        },
        {
          params: { note: { type: 'text', maxLength: 500 } },
        },
      )
    },
  }
}

/**
 * What `objectql serve` loads with `--plugin examples/project-tracker/project-tracker-plugin.ts`:
 * serve calls it with its context, and the plugin's lines are printed on serve's output.
 */
export default function servePlugin(serve: { readonly log: (line: string) => void }): KernelPlugin {
  return projectTrackerPlugin(serve.log)
}
