import { AssertionError } from 'node:assert'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { hasErrorCode } from '../kernel/errors.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import { validateRecord } from '../kernel/validation/record-validator.js'
import { PluginBuilder } from './plugin-builder.js'
import { PluginTestHarness } from './plugin-test-harness.js'
import { probeService } from './services/service-probe.js'

const users: ObjectConfig = {
  name: 'users',
  fields: {
    name: { type: 'text', required: true, minLength: 2, maxLength: 60 },
    email: { type: 'email', required: true, unique: true },
    age: { type: 'number', min: 18, max: 120 },
    role: {
      type: 'select',
      options: [
        { label: 'Admin', value: 'admin' },
        { label: 'Member', value: 'member' },
      ],
    },
    active: { type: 'boolean' },
    source: { type: 'text' },
  },
}

const tasks: ObjectConfig = {
  name: 'tasks',
  fields: {
    title: { type: 'text', required: true, maxLength: 80 },
    owner: { type: 'lookup', reference: 'users', required: true },
    due: { type: 'date' },
    tags: { type: 'tags', maxLength: 3 },
  },
}

const audit = new PluginBuilder()
  .name('audit')
  .version('1.2.0')
  .hook('beforeCreate', 'users', (ctx) => {
    ctx.data = { ...ctx.data, source: 'audit' }
  })
  .action('users', 'deactivate', async ({ id, api }) =>
    api.update('users', id ?? '', { active: false }),
  )
  .build()

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('PluginTestHarness', () => {
  afterEach(() => PluginTestHarness.stopAll())

  it('boots a real kernel with the memory driver and records hooks and events', async () => {
    const harness = new PluginTestHarness({ cleanup: onTestFinished })
      .withPlugin(audit)
      .withObject(users)
    await harness.start()
    expect(harness.state).toBe('running')
    const alice = await harness.create('users', { name: 'Alice', email: 'alice@example.com' })
    expect(alice.source).toBe('audit')
    harness.expectHook('beforeCreate', 'users').toHaveRun(1)
    harness.expectHook('before:insert', 'users').toHaveRunWith({
      data: { name: 'Alice' },
      finalData: { source: 'audit' },
      completed: true,
    })
    harness.expectHook('afterCreate').toHaveRun(1)
    harness.expectHook('beforeDelete', 'users').not.toHaveRun()
    harness.expectEvent('data:created', { object: 'users', id: alice.id }).toHaveFired(1)
    harness.expectEvent('plugin:installed').toHaveFiredWith({ plugin: 'audit', version: '1.2.0' })
    expect(harness.events.names().slice(0, 2)).toEqual(['kernel:starting', 'metadata:registered'])
  })

  it('assertion failures are AssertionErrors with actual and expected', async () => {
    const harness = new PluginTestHarness().withObject(users)
    await harness.start()
    await harness.create('users', { name: 'Bob', email: 'bob@example.com' })
    let error: unknown
    try {
      harness.expectHook('beforeCreate', 'users').toHaveRun(2)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AssertionError)
    expect(error).toMatchObject({ actual: 1, expected: 2, operator: 'toHaveRun' })
    expect(String(error)).toContain("expected hook 'beforeCreate' on 'users' to have run 2 times")
    expect(() => harness.expectEvent('data:deleted').toHaveFired()).toThrow(AssertionError)
    expect(() => harness.expectHook('beforeCreate').not.toHaveRun()).toThrow(/not to have run/)
    expect(() =>
      harness.expectHook('beforeCreate').toHaveRunWith({ data: { name: 'Eve' } }),
    ).toThrow(/to have run with/)
    await harness.stop()
  })

  it('runs actions and scopes the user per harness or per call', async () => {
    const harness = new PluginTestHarness().withPlugin(audit).withObject(users)
    await harness.withUser({ id: 'admin-1', roles: ['admin'] }).start()
    const carol = await harness.create('users', {
      name: 'Carol',
      email: 'c@example.com',
      active: true,
    })
    const result = await harness.executeAction('users', 'deactivate', { id: carol.id })
    expect(result).toMatchObject({ id: carol.id, active: false })
    await harness.as({ id: 'guest-7' }).update('users', carol.id, { name: 'Caro' })
    harness.expectHook('beforeCreate', 'users').toHaveRunWith({ user: { id: 'admin-1' } })
    harness.expectHook('beforeUpdate', 'users').toHaveRunWith({ user: { id: 'guest-7' } })
    harness.expectEvent('data:updated').toHaveFiredWith({ actor: { userId: 'guest-7' } })
    await harness.stop()
  })

  it('stamps records with the fake clock', async () => {
    const harness = new PluginTestHarness().withObject(users)
    await harness.start()
    const created = await harness.create('users', { name: 'Dan', email: 'dan@example.com' })
    expect(created.created_at).toBe('2024-01-01T00:00:00.000Z')
    harness.clock.advance(90_000)
    const updated = await harness.update('users', created.id, { age: 30 })
    expect(updated.created_at).toBe('2024-01-01T00:00:00.000Z')
    expect(updated.updated_at).toBe('2024-01-01T00:01:30.000Z')
    await harness.stop()
  })

  it('seeds fixtures that pass the kernel validation, with lookups, and replays them', async () => {
    const run = async (): Promise<unknown[]> => {
      const harness = new PluginTestHarness({ seed: 11 }).withObject(users, tasks)
      await harness.start()
      const seededUsers = await harness.seed('users', 50)
      const seededTasks = await harness.seed('tasks', 20)
      expect(await harness.count('users')).toBe(50)
      expect(new Set(seededUsers.map((u) => u.email)).size).toBe(50)
      const ids = new Set(seededUsers.map((u) => u.id))
      for (const task of seededTasks) expect(ids.has(String(task.owner))).toBe(true)
      for (const record of seededUsers) {
        const { issues } = validateRecord(users.fields, record, {
          mode: 'create',
          target: 'users',
          systemFields: true,
        })
        expect(issues).toEqual([])
      }
      harness.expectHook('beforeCreate', 'users').toHaveRun(50)
      await harness.stop()
      return [...seededUsers, ...seededTasks]
    }
    expect(await run()).toEqual(await run())
  })

  it('seed() avoids unique values already stored', async () => {
    const harness = new PluginTestHarness({ seed: 5 }).withObject(users)
    await harness.start()
    const [first] = await harness.seed('users', 1)
    // A second harness with the same seed would generate the same email first.
    const other = new PluginTestHarness({ seed: 5 }).withObject(users)
    await other.start()
    await other.create('users', { name: 'Taken', email: String(first?.email) })
    const [next] = await other.seed('users', 1)
    expect(next?.email).not.toBe(first?.email)
    await Promise.all([harness.stop(), other.stop()])
  })

  it('injects driver faults that surface as coded errors and write nothing', async () => {
    const harness = new PluginTestHarness().withPlugin(audit).withObject(users)
    await harness.start()
    harness.resetCaptures()
    harness.faults().failOnCall(1, 'DRIVER_UNAVAILABLE', { methods: ['create', 'bulkCreate'] })
    const error = await errorOf(harness.create('users', { name: 'Faulty', email: 'f@example.com' }))
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    expect(await harness.count('users')).toBe(0)
    harness.expectHook('beforeCreate', 'users').toHaveRun(1)
    harness.expectHook('afterCreate', 'users').not.toHaveRun()
    harness.expectEvent('data:created').not.toHaveFired()

    harness.faults().disconnectAfter(0)
    const lost = await errorOf(harness.find('users'))
    expect(hasErrorCode(lost, 'DRIVER_UNAVAILABLE')).toBe(true)
    await harness.stop() // cleanup still works after a lost connection
    expect(harness.state).toBe('stopped')
  })

  it('records the boot tree and fails start with the kernel error on a missing dependency', async () => {
    const harness = new PluginTestHarness().withPlugin(audit).withObject(users)
    await harness.start()
    expect(harness.bootTree.map((node) => `${node.phase}:${node.plugin}`)).toContain(
      'install:audit',
    )
    expect(harness.formatBootTree()).toContain('audit@1.2.0')
    await harness.stop()

    const needy = new PluginBuilder().name('reports').dependency('audit', '^2.0.0').build()
    const broken = new PluginTestHarness().withPlugin(audit, needy)
    const error = await errorOf(broken.start())
    expect(hasErrorCode(error, 'PLUGIN_VERSION_MISMATCH')).toBe(true)
    expect(broken.state).toBe('stopped')
  })

  it('rejects configuration after start and a second start with KERNEL_STATE', async () => {
    const harness = new PluginTestHarness().withObject(users)
    expect(() => harness.kernel).toThrow(/not been started/)
    await harness.start()
    expect(() => harness.withObject(tasks)).toThrow(/before start/)
    expect(hasErrorCode(await errorOf(harness.start()), 'KERNEL_STATE')).toBe(true)
    await harness.stop()
  })
})

describe('PluginTestHarness: objects from files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'objectql-harness-objects-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('loads *.object.yml and *.object.json', async () => {
    writeFileSync(
      join(dir, 'users.object.yml'),
      'fields:\n  name:\n    type: text\n    required: true\n',
    )
    writeFileSync(
      join(dir, 'notes.object.json'),
      JSON.stringify({ fields: { body: { type: 'textarea' } } }),
    )
    writeFileSync(join(dir, 'README.md'), '# not an object file')
    const harness = new PluginTestHarness().withObjectsFrom(dir)
    await harness.start()
    expect(
      harness.kernel
        .getObjects()
        .map((o) => o.name)
        .sort(),
    ).toEqual(['notes', 'users'])
    await harness.seed('notes', 3)
    expect(await harness.count('notes')).toBe(3)
    await harness.stop()
  })

  it('names the file of an invalid definition (METADATA_INVALID)', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'objectql-harness-bad-'))
    onTestFinished(() => rmSync(bad, { recursive: true, force: true }))
    writeFileSync(join(bad, 'broken.object.yml'), 'fields:\n  name:\n    type: nonsense\n')
    const error = await errorOf(new PluginTestHarness().withObjectsFrom(bad).start())
    expect(hasErrorCode(error, 'METADATA_INVALID')).toBe(true)
    expect(String(error)).toContain('broken.object.yml')
  })
})

describe('PluginTestHarness: cleanup', () => {
  it('registers stop() with the runner hook; stop releases kernel, drivers and services', async () => {
    const registered: (() => Promise<void>)[] = []
    const harness = new PluginTestHarness({ cleanup: (stop) => registered.push(stop) }).withObject(
      users,
    )
    expect(registered).toHaveLength(1)
    const redis = await harness.service('redis', { env: {} })
    await harness.start()
    expect(redis.kind).toBe('local-server')
    await registered[0]?.()
    expect(harness.state).toBe('stopped')
    const error = await errorOf(harness.faults().inner.count('users', undefined))
    expect(hasErrorCode(error, 'DRIVER_NOT_CONNECTED')).toBe(true)
    await expect(probeService('redis', redis.url ?? '', 500)).rejects.toThrow()
    await harness.stop() // idempotent
  })

  it('stopAll() stops every harness left running', async () => {
    const a = await new PluginTestHarness().withObject(users).start()
    const b = await new PluginTestHarness().withObject(users).start()
    await PluginTestHarness.stopAll()
    expect([a.state, b.state]).toEqual(['stopped', 'stopped'])
  })
})
