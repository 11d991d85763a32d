import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import { DriverBase } from './driver/driver-base.js'
import { defineCapabilities } from './driver/driver-capabilities.js'
import type { TransactionHandle } from './driver/driver.js'
import { ObjectQLError } from './errors.js'
import { expectCode, rejection, startKernel, taskObject, userObject } from './kernel.test-utils.js'
import type { DataApi } from './pipeline/data-api.js'
import type { DataRecord, RecordInput } from './spec/object-config.js'

/** A driver without transactions (DriverBase's defaults throw NOT_SUPPORTED for them). */
class PlainDriver extends DriverBase {
  readonly name = 'plain'
  readonly capabilities = defineCapabilities({})
  readonly #inner = new MemoryDriver()
  override connect(): Promise<void> {
    return this.#inner.connect()
  }
  find(object: string, query: Parameters<MemoryDriver['find']>[1]): Promise<DataRecord[]> {
    return this.#inner.find(object, query)
  }
  findOne(object: string, id: string): Promise<DataRecord | null> {
    return this.#inner.findOne(object, id)
  }
  count(object: string, where: Parameters<MemoryDriver['count']>[1]): Promise<number> {
    return this.#inner.count(object, where)
  }
  create(object: string, data: RecordInput): Promise<DataRecord> {
    return this.#inner.create(object, data)
  }
  update(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord> {
    return this.#inner.update(object, id, data)
  }
  delete(object: string, id: string): Promise<boolean> {
    return this.#inner.delete(object, id)
  }
}

/** Fault injection: a commit or rollback that fails. */
class FlakyCommitDriver extends MemoryDriver {
  failCommit = false
  failRollback = false
  override async commit(transaction: TransactionHandle): Promise<void> {
    if (this.failCommit) throw new Error('commit lost')
    await super.commit(transaction)
  }
  override async rollback(transaction: TransactionHandle): Promise<void> {
    if (this.failRollback) throw new Error('rollback lost')
    await super.rollback(transaction)
  }
}

describe('kernel.transaction', () => {
  it('KRN-TX-001 commits all writes made through tx, and returns the callback result', async () => {
    const { kernel } = await startKernel()
    const result = await kernel.transaction(async (tx) => {
      const user = await tx.create('user', { name: 'Ann' })
      await tx.create('task', { title: 'a', watchers: [user.id] })
      // Reads inside the transaction see its own writes.
      expect(await tx.count('task')).toBe(1)
      return user.id
    })
    expect(result).toBe('id-1')
    expect(await kernel.count('user')).toBe(1)
    expect(await kernel.count('task')).toBe(1)
  })

  it('KRN-TX-001 rolls back every write when the callback throws, and rethrows its error unchanged', async () => {
    const { kernel } = await startKernel()
    const before = await kernel.create('task', { id: 'keep', title: 'keep' })
    const failure = new Error('business rule')
    let caught: unknown
    try {
      await kernel.transaction(async (tx) => {
        await tx.create('task', { title: 'new' })
        await tx.update('task', 'keep', { title: 'changed' })
        await tx.delete('task', 'keep')
        throw failure
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toBe(failure)
    expect(await kernel.find('task')).toEqual([before])
  })

  it('rolls back when a write inside fails validation (no trace left)', async () => {
    const { kernel } = await startKernel()
    await expectCode(
      kernel.transaction(async (tx) => {
        await tx.create('user', { name: 'Ann', email: 'a@x.io' })
        await tx.create('user', { name: 'Bob', email: 'a@x.io' })
      }),
      'VALIDATION_FAILED',
    )
    expect(await kernel.count('user')).toBe(0)
  })

  it('emits data events after commit and drops them on rollback', async () => {
    const { kernel } = await startKernel()
    const events: string[] = []
    kernel.events.on('data:created', ({ record }) => void events.push(String(record.title)))
    await kernel.transaction(async (tx) => {
      await tx.create('task', { title: 'committed' })
      expect(events).toEqual([])
    })
    expect(events).toEqual(['committed'])
    await rejection(
      kernel.transaction(async (tx) => {
        await tx.create('task', { title: 'rolled back' })
        throw new ObjectQLError('PRECONDITION_FAILED', 'stop')
      }),
    )
    expect(events).toEqual(['committed'])
  })

  it('hooks see the transaction and their api writes join it', async () => {
    const { kernel } = await startKernel()
    const seen: unknown[] = []
    kernel.on('afterCreate', 'task', async (ctx) => {
      seen.push(ctx.transaction !== undefined)
      await ctx.api.create('user', { name: 'audit' })
    })
    await rejection(
      kernel.transaction(async (tx) => {
        await tx.create('task', { title: 'x' })
        throw new ObjectQLError('PRECONDITION_FAILED', 'stop')
      }),
    )
    expect(seen).toEqual([true])
    expect(await kernel.count('user')).toBe(0)
  })

  it('nested tx.transaction joins the running transaction', async () => {
    const { kernel } = await startKernel()
    await rejection(
      kernel.transaction(async (tx) => {
        await tx.transaction(async (inner: DataApi) => {
          await inner.create('task', { title: 'inner' })
        })
        throw new ObjectQLError('PRECONDITION_FAILED', 'outer fails')
      }),
    )
    expect(await kernel.count('task')).toBe(0)
  })

  it('refuses a tx used after the callback settled with TRANSACTION_FAILED', async () => {
    const { kernel } = await startKernel()
    let leaked: DataApi | undefined
    await kernel.transaction(async (tx) => {
      leaked = tx
    })
    if (leaked === undefined) throw new Error('no tx')
    await expectCode(leaked.create('task', { title: 'late' }), 'TRANSACTION_FAILED')
    expect(await kernel.count('task')).toBe(0)
  })

  it('KRN-TX-001 is NOT_SUPPORTED on a driver without transactions, before the callback runs', async () => {
    const { kernel } = await startKernel({ drivers: { default: new PlainDriver() } })
    let ran = false
    await expectCode(
      kernel.transaction(async () => {
        ran = true
      }),
      'NOT_SUPPORTED',
    )
    expect(ran).toBe(false)
    await expectCode(
      kernel.transaction(async () => undefined, { datasource: 'nowhere' }),
      'CONFIG_INVALID',
    )
  })

  it('refuses objects of another datasource inside a transaction with NOT_SUPPORTED', async () => {
    const { kernel } = await startKernel({
      objects: [userObject, { ...taskObject, datasource: 'other' }],
      drivers: { default: new MemoryDriver(), other: new MemoryDriver() },
    })
    await expectCode(
      kernel.transaction(async (tx) => {
        await tx.create('user', { name: 'Ann' })
        await tx.create('task', { title: 'elsewhere' })
      }),
      'NOT_SUPPORTED',
    )
    expect(await kernel.count('user')).toBe(0)
    expect(await kernel.count('task')).toBe(0)
    await kernel.transaction(async (tx) => tx.create('task', { title: 'ok' }), {
      datasource: 'other',
    })
    expect(await kernel.count('task')).toBe(1)
  })

  it('reports a failed commit as TRANSACTION_FAILED, and a failed rollback naming both errors', async () => {
    const driver = new FlakyCommitDriver()
    const { kernel } = await startKernel({ drivers: { default: driver } })
    driver.failCommit = true
    const commit = await expectCode(
      kernel.transaction((tx) => tx.create('task', { title: 'x' })),
      'TRANSACTION_FAILED',
    )
    expect(commit.message).toMatch(/commit lost/)
    driver.failCommit = false
    driver.failRollback = true
    const rollback = await expectCode(
      kernel.transaction(async () => {
        throw new Error('callback failed')
      }),
      'TRANSACTION_FAILED',
    )
    expect(rollback.message).toMatch(/rollback lost.*callback failed/)
    expect(rollback.cause).toBeInstanceOf(AggregateError)
  })
})
