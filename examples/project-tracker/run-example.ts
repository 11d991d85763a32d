/**
 * `npm run example`: loads the project-tracker objects from YAML into a kernel on the memory
 * driver, runs a few operations through the plugin's hooks and action, and prints what happened,
 * including the coded errors that bad input gets.
 */
import { fileURLToPath } from 'node:url'
import { createKernel, isObjectQLError, loadObjectsFromDir } from '../../src/kernel/index.js'
import { MemoryDriver } from '../../src/drivers/memory/index.js'
import { projectTrackerPlugin } from './project-tracker-plugin.js'

/** Runs the example; returns the log lines (the example test asserts on them). */
export async function runExample(print: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = []
  const log = (line: string): void => {
    lines.push(line)
    print(line)
  }
  const objects = await loadObjectsFromDir(fileURLToPath(new URL('./objects', import.meta.url)))
  log(`loaded objects: ${objects.map((object) => object.name).join(', ')}`)

  const kernel = createKernel({
    objects,
    drivers: { default: new MemoryDriver() },
    plugins: [projectTrackerPlugin(log)],
  })
  kernel.events.on('data:created', (event) => log(`event data:created ${event.object}/${event.id}`))
  await kernel.start()

  try {
    const project = await kernel.create('projects', { name: 'Website', code: 'WEB', budget: 1200 })
    log(
      `created project ${String(project.code)} with status '${String(project.status)}' (default applied)`,
    )
    const task = await kernel.create('tasks', {
      title: 'Write copy',
      project: project.id,
      tags: ['Content', ' content ', 'SEO'],
      estimate_hours: 6,
    })
    await kernel.create('tasks', { title: 'Pick fonts', project: project.id, priority: 'low' })

    const open = await kernel.find('tasks', {
      filters: [['done', '=', false], 'and', ['priority', 'in', ['normal', 'high']]],
      sort: '-estimate_hours',
    })
    log(
      `legacy array filter found ${open.length} open normal/high task(s): ${open.map((t) => t.title).join(', ')}`,
    )

    await kernel.executeAction('tasks', 'complete', { id: task.id, note: 'reviewed' })
    await kernel.update('tasks', task.id, { done: true })
    log(`tasks still open: ${await kernel.count('tasks', { done: false })}`)

    const expanded = await kernel.find('tasks', {
      expand: { project: {} },
      fields: ['title', 'project'],
    })
    log(
      `expanded lookup: '${String(expanded[0]?.title)}' belongs to ${JSON.stringify((expanded[0]?.project as { code?: string })?.code)}`,
    )

    for (const [label, attempt] of [
      ['unknown operator', () => kernel.find('tasks', { where: { title: { $regex: 'x' } } })],
      [
        'wrong type',
        () =>
          kernel.create('tasks', { title: 'ok title', project: project.id, estimate_hours: 'six' }),
      ],
      ['pattern and required', () => kernel.create('projects', { name: '', code: 'web' })],
      [
        'duplicate id',
        () => kernel.create('projects', { id: project.id, name: 'Again', code: 'AGN' }),
      ],
      ['hook refuses delete', () => kernel.delete('projects', project.id)],
    ] as const) {
      try {
        await attempt()
        log(`${label}: unexpectedly succeeded`)
      } catch (error) {
        log(
          `${label}: ${isObjectQLError(error) ? `${error.code} (${error.message})` : String(error)}`,
        )
      }
    }
    log(`projects stored after the failed writes: ${await kernel.count('projects')}`)
  } finally {
    await kernel.stop()
  }
  return lines
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runExample().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
