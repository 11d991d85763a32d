import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import { createKernel } from './kernel.js'
import type { Kernel } from './kernel.js'
import {
  OBJECTS,
  expectCode,
  memoryLogger,
  startKernel,
  taskObject,
  thrown,
  userObject,
} from './kernel.test-utils.js'
import type { KernelPlugin } from './plugin/plugin.js'
import type { ObjectConfig } from './spec/object-config.js'

/** Fault injection / observation: records connect, sync and disconnect calls. */
class RecordingDriver extends MemoryDriver {
  readonly calls: string[] = []
  failConnect = false
  override async connect(): Promise<void> {
    this.calls.push('connect')
    if (this.failConnect) throw new Error('connection refused')
    await super.connect()
  }
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    this.calls.push(`sync:${objects.map((o) => o.name).join(',')}`)
    await super.syncSchema(objects)
  }
  override async disconnect(): Promise<void> {
    this.calls.push('disconnect')
    await super.disconnect()
  }
}

function plugin(name: string, trace: string[], extra: Partial<KernelPlugin> = {}): KernelPlugin {
  return {
    name,
    version: '1.0.0',
    install: () => void trace.push(`install:${name}`),
    onStart: () => void trace.push(`start:${name}`),
    onStop: () => void trace.push(`stop:${name}`),
    ...extra,
  }
}

describe('kernel lifecycle', () => {
  it('moves idle -> starting -> running -> stopping -> stopped', async () => {
    const seen: string[] = []
    const driver = new MemoryDriver()
    const kernel: Kernel = createKernel({
      objects: OBJECTS,
      drivers: { default: driver },
      logger: memoryLogger(),
      plugins: [
        {
          name: 'observer',
          install: (ctx) => void seen.push(`install:${ctx.kernel.state}`),
          onStart: (ctx) => void seen.push(`start:${ctx.kernel.state}`),
          onStop: (ctx) => void seen.push(`stop:${ctx.kernel.state}`),
        },
      ],
    })
    expect(kernel.state).toBe('idle')
    await kernel.start()
    expect(kernel.state).toBe('running')
    await kernel.stop()
    expect(kernel.state).toBe('stopped')
    expect(seen).toEqual(['install:starting', 'start:starting', 'stop:stopping'])
    await kernel.stop() // a second stop is a no-op
  })

  it('refuses data calls before start and after stop with KERNEL_STATE', async () => {
    const kernel = createKernel({ objects: OBJECTS, drivers: { default: new MemoryDriver() } })
    await expectCode(kernel.find('task'), 'KERNEL_STATE')
    await expectCode(kernel.create('task', { title: 'x' }), 'KERNEL_STATE')
    await expectCode(
      kernel.transaction(() => Promise.resolve()),
      'KERNEL_STATE',
    )
    await expectCode(kernel.executeAction('task', 'x'), 'KERNEL_STATE')
    await kernel.start()
    await kernel.stop()
    await expectCode(kernel.count('task'), 'KERNEL_STATE')
  })

  it('refuses start twice, use() after start and stop() before start with KERNEL_STATE', async () => {
    const { kernel } = await startKernel()
    await expectCode(kernel.start(), 'KERNEL_STATE')
    expect(thrown(() => kernel.use({ name: 'late' })).code).toBe('KERNEL_STATE')
    const idle = createKernel({ drivers: { default: new MemoryDriver() } })
    await expectCode(idle.stop(), 'KERNEL_STATE')
    await kernel.stop()
    await expectCode(kernel.start(), 'KERNEL_STATE')
  })

  it('installs plugins in dependency order, starts them, and stops them in reverse', async () => {
    const trace: string[] = []
    const { kernel } = await startKernel({
      plugins: [
        plugin('api', trace, { dependencies: { data: '^1.0.0' } }),
        plugin('data', trace, { dependencies: { core: '*' } }),
        plugin('core', trace),
      ],
    })
    await kernel.stop()
    expect(trace).toEqual([
      'install:core',
      'install:data',
      'install:api',
      'start:core',
      'start:data',
      'start:api',
      'stop:api',
      'stop:data',
      'stop:core',
    ])
    expect(kernel.bootTree.map((node) => `${node.phase}:${node.plugin}:${node.status}`)).toEqual(
      trace.map((t) => `${t}:ok`),
    )
  })

  it('fails a plugin cycle with PLUGIN_DEPENDENCY_CYCLE before connecting or writing anything', async () => {
    const trace: string[] = []
    const driver = new RecordingDriver()
    const kernel = createKernel({
      objects: OBJECTS,
      drivers: { default: driver },
      logger: memoryLogger(),
      plugins: [
        plugin('a', trace, { dependencies: { b: '*' } }),
        plugin('b', trace, { dependencies: { a: '*' } }),
      ],
    })
    const error = await expectCode(kernel.start(), 'PLUGIN_DEPENDENCY_CYCLE')
    expect(error.message).toMatch(/a -> b -> a/)
    expect(trace).toEqual([])
    expect(driver.calls).toEqual([])
    expect(kernel.state).toBe('stopped')
  })

  it('connects each driver once, syncs it with the objects of its datasources, and disconnects on stop', async () => {
    const main = new RecordingDriver()
    const analytics = new RecordingDriver()
    const kernel = createKernel({
      objects: [
        userObject,
        { ...taskObject, datasource: 'analytics' },
        { name: 'log', datasource: 'audit', fields: {} },
      ],
      drivers: { default: main, analytics, audit: analytics },
      logger: memoryLogger(),
    })
    await kernel.start()
    expect(main.calls).toEqual(['connect', 'sync:user'])
    expect(analytics.calls).toEqual(['connect', 'sync:task,log'])
    expect(kernel.getDriver('audit')).toBe(kernel.getDriver('analytics'))
    await kernel.stop()
    expect(main.calls.at(-1)).toBe('disconnect')
    expect(analytics.calls.filter((c) => c === 'disconnect')).toHaveLength(1)
  })

  it('fails an unknown datasource with CONFIG_INVALID and invalid objects with METADATA_INVALID', async () => {
    const unknown = createKernel({
      objects: [{ ...taskObject, datasource: 'nowhere' }],
      drivers: { default: new RecordingDriver() },
      logger: memoryLogger(),
    })
    const error = await expectCode(unknown.start(), 'CONFIG_INVALID')
    expect(error.message).toMatch(/nowhere/)

    const driver = new RecordingDriver()
    const invalid = createKernel({
      objects: [{ name: 'Bad Name', fields: { x: { type: 'nope' } } } as unknown as ObjectConfig],
      drivers: { default: driver },
      logger: memoryLogger(),
    })
    await expectCode(invalid.start(), 'METADATA_INVALID')
    expect(driver.calls).toEqual([])

    const twice = createKernel({
      objects: [userObject, userObject],
      drivers: { default: new MemoryDriver() },
    })
    await expectCode(twice.start(), 'METADATA_INVALID')
  })

  it('rolls back a start whose plugin fails: drivers disconnected, started plugins stopped', async () => {
    const trace: string[] = []
    const driver = new RecordingDriver()
    const kernel = createKernel({
      objects: OBJECTS,
      drivers: { default: driver },
      logger: memoryLogger(),
      plugins: [
        plugin('good', trace),
        plugin('bad', trace, {
          dependencies: { good: '*' },
          onStart: () => {
            throw new Error('port in use')
          },
        }),
      ],
    })
    const error = await expectCode(kernel.start(), 'INTERNAL_ERROR')
    expect(error.message).toMatch(/bad/)
    expect(trace).toEqual(['install:good', 'install:bad', 'start:good', 'stop:good'])
    expect(driver.calls.at(-1)).toBe('disconnect')
    expect(kernel.state).toBe('stopped')
    await expectCode(kernel.find('task'), 'KERNEL_STATE')
  })

  it('fails a driver that cannot connect with DRIVER_UNAVAILABLE and starts no plugin', async () => {
    const trace: string[] = []
    const driver = new RecordingDriver()
    driver.failConnect = true
    const kernel = createKernel({
      drivers: { default: driver },
      logger: memoryLogger(),
      plugins: [plugin('p', trace)],
    })
    await expectCode(kernel.start(), 'DRIVER_UNAVAILABLE')
    expect(trace).toEqual(['install:p'])
  })

  it('emits kernel, plugin, driver and metadata events', async () => {
    const driver = new MemoryDriver()
    const kernel = createKernel({
      objects: [userObject],
      drivers: { default: driver },
      logger: memoryLogger(),
      plugins: [{ name: 'p', version: '2.0.0' }],
    })
    const events: string[] = []
    for (const name of [
      'kernel:starting',
      'kernel:started',
      'plugin:installed',
      'plugin:started',
      'driver:connected',
      'metadata:registered',
      'kernel:stopping',
      'plugin:stopped',
      'driver:disconnected',
      'kernel:stopped',
    ] as const) {
      kernel.events.on(
        name,
        (payload) =>
          void events.push(
            `${name} ${JSON.stringify(payload).replace(/"durationMs":[\d.e-]+/, '"durationMs":0')}`,
          ),
      )
    }
    await kernel.start()
    await kernel.stop()
    expect(events).toEqual([
      'kernel:starting {"plugins":["p"]}',
      'metadata:registered {"type":"object","name":"user"}',
      'plugin:installed {"plugin":"p","version":"2.0.0","durationMs":0}',
      'driver:connected {"datasource":"default","driver":"memory"}',
      'plugin:started {"plugin":"p","version":"2.0.0","durationMs":0}',
      'kernel:started {"plugins":["p"],"durationMs":0}',
      'kernel:stopping {}',
      'plugin:stopped {"plugin":"p","version":"2.0.0","durationMs":0}',
      'driver:disconnected {"datasource":"default","driver":"memory"}',
      'kernel:stopped {"durationMs":0}',
    ])
  })
})

describe('kernel configuration', () => {
  it.each([
    ['no options', undefined],
    ['no default driver', { drivers: {} }],
    ['a non-driver', { drivers: { default: { find: 1 } } }],
    ['a bad clock', { drivers: { default: new MemoryDriver() }, clock: 'now' }],
    ['a bad id generator', { drivers: { default: new MemoryDriver() }, idGenerator: 5 }],
    [
      'a negative plugin timeout',
      { drivers: { default: new MemoryDriver() }, pluginTimeoutMs: -1 },
    ],
  ])('rejects %s with CONFIG_INVALID', (_label, options) => {
    expect(thrown(() => createKernel(options as never)).code).toBe('CONFIG_INVALID')
  })

  it('rejects a malformed plugin with PLUGIN_INVALID at createKernel', () => {
    expect(
      thrown(() =>
        createKernel({ drivers: { default: new MemoryDriver() }, plugins: [{ name: '' }] }),
      ).code,
    ).toBe('PLUGIN_INVALID')
  })

  it('fails writes with CONFIG_INVALID when the clock or the id generator misbehave, writing nothing', async () => {
    const { kernel } = await startKernel({ clock: () => new Date('garbage') })
    await expectCode(kernel.create('user', { name: 'a' }), 'CONFIG_INVALID')
    expect(await kernel.count('user')).toBe(0)
    const other = await startKernel({ idGenerator: () => '' })
    await expectCode(other.kernel.create('user', { name: 'a' }), 'CONFIG_INVALID')
    expect(await other.kernel.count('user')).toBe(0)
  })
})

describe('kernel objects and packages', () => {
  it('registers an object while running: the driver is synced, then the object is usable', async () => {
    const driver = new RecordingDriver()
    const { kernel } = await startKernel({ drivers: { default: driver } })
    await expectCode(kernel.find('note'), 'OBJECT_NOT_FOUND')
    await kernel.registerObject({ name: 'note', fields: { body: { type: 'textarea' } } }, 'notes')
    expect(driver.calls.at(-1)).toBe('sync:user,project,task,note')
    expect((await kernel.create('note', { body: 'hi' })).body).toBe('hi')
    await expect(
      kernel.registerObject({ name: 'x', datasource: 'nowhere', fields: {} }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    })
    await expect(
      kernel.registerObject({ name: 'bad', fields: { x: { type: 'nope' } } }),
    ).rejects.toMatchObject({
      code: 'METADATA_INVALID',
    })
    expect(kernel.getObjects().map((o) => o.name)).toEqual(['user', 'project', 'task', 'note'])
  })

  it('unregisterPackage removes that package’s objects, hooks, actions and middleware only', async () => {
    const { kernel } = await startKernel()
    await kernel.registerObject({ name: 'note', fields: { body: { type: 'text' } } }, 'notes')
    const fired: string[] = []
    kernel.on('beforeCreate', '*', () => void fired.push('notes-hook'), 'notes')
    kernel.on('beforeCreate', '*', () => void fired.push('other-hook'), { package: 'other' })
    kernel.registerAction('user', 'ping', () => 'pong', { package: 'notes' })
    kernel.registerAction('user', 'keep', () => 'kept', { package: 'other' })
    kernel.useMiddleware((_c, next) => next(), { package: 'notes' })
    const removed = kernel.unregisterPackage('notes')
    expect(removed.metadata.map((e) => e.name)).toEqual(['note'])
    expect(removed).toMatchObject({ hooks: 1, actions: 1, middleware: 1 })
    await expectCode(kernel.find('note'), 'OBJECT_NOT_FOUND')
    await kernel.create('user', { name: 'Ann' })
    expect(fired).toEqual(['other-hook'])
    await expectCode(kernel.executeAction('user', 'ping'), 'ACTION_NOT_FOUND')
    expect(await kernel.executeAction('user', 'keep')).toBe('kept')
  })

  it('getObject fails unknown names with OBJECT_NOT_FOUND', async () => {
    const { kernel } = await startKernel()
    expect(kernel.getObject('task').name).toBe('task')
    expect(thrown(() => kernel.getObject('nope')).code).toBe('OBJECT_NOT_FOUND')
    await expectCode(kernel.find('nope'), 'OBJECT_NOT_FOUND')
    await expectCode(kernel.create('', {}), 'OBJECT_NOT_FOUND')
  })
})
