import type { DriverOptions } from '../../../src/kernel/driver/driver.js'
import { hasErrorCode } from '../../../src/kernel/errors.js'
import type { DataRecord, RecordInput } from '../../../src/kernel/spec/object-config.js'
import type { QueryAST } from '../../../src/kernel/spec/query-ast.js'
import type { BrokenDriver } from '../broken-driver.js'
import { DelegatingDriver } from '../delegating-driver.js'

/** Hands out the same record object on every read (a cache without copies). */
class LiveReferences extends DelegatingDriver {
  readonly #cache = new Map<string, DataRecord>()
  #share(object: string, record: DataRecord): DataRecord {
    const key = `${object}/${record.id}`
    const cached = this.#cache.get(key)
    if (cached !== undefined) return cached
    this.#cache.set(key, record)
    return record
  }
  override async find(object: string, query: QueryAST, options?: DriverOptions) {
    return (await super.find(object, query, options)).map((record) => this.#share(object, record))
  }
  override async findOne(object: string, id: string, query?: QueryAST, options?: DriverOptions) {
    const record = await super.findOne(object, id, query, options)
    return record === null ? null : this.#share(object, record)
  }
}

/** Declares an atomic bulkCreate but inserts one by one, keeping what went in before a failure. */
class PartialBulkWrite extends DelegatingDriver {
  override async bulkCreate(object: string, data: readonly RecordInput[], options?: DriverOptions) {
    const created: DataRecord[] = []
    for (const record of data) created.push(await this.create(object, record, options))
    return created
  }
}

/** Replaces the whole record on update instead of merging. */
class UpdateReplaces extends DelegatingDriver {
  override async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ) {
    const existing = await super.findOne(object, id, undefined, options)
    if (existing === null) return super.update(object, id, data, options)
    await super.delete(object, id, options)
    return super.create(object, { ...data, id }, options)
  }
}

/** Overwrites a record when create meets an existing id (an upsert). */
class DuplicateOverwrites extends DelegatingDriver {
  override async create(object: string, data: RecordInput, options?: DriverOptions) {
    try {
      return await super.create(object, data, options)
    } catch (error) {
      if (!hasErrorCode(error, 'DUPLICATE_RECORD') || data.id === undefined) throw error
      await super.delete(object, data.id, options)
      return super.create(object, data, options)
    }
  }
}

/** Stores '' as null (Oracle-style). */
class EmptyStringAsNull extends DelegatingDriver {
  override create(object: string, data: RecordInput, options?: DriverOptions) {
    const copy: RecordInput = { ...data }
    for (const [key, value] of Object.entries(copy)) if (value === '') copy[key] = null
    return super.create(object, copy, options)
  }
}

/** Write bugs: references, atomicity, merge, upsert, empty strings. */
export const WRITE_BUGS: readonly BrokenDriver[] = [
  {
    bug: 'live-references',
    description: 'returns the same record object on every read',
    caughtBy: 'DRV-WRITE-005',
    evidence: 'a record find returned',
    factory: () => new LiveReferences('live-references'),
  },
  {
    bug: 'partial-write-on-failure',
    description: 'a bulkCreate that fails halfway keeps the records created before the failure',
    caughtBy: 'DRV-WRITE-006',
    evidence: 'new1',
    factory: () => new PartialBulkWrite('partial-write-on-failure'),
  },
  {
    bug: 'update-replaces',
    description: 'update replaces the record instead of merging',
    caughtBy: 'DRV-WRITE-002',
    evidence: '{"n":2}',
    factory: () => new UpdateReplaces('update-replaces'),
  },
  {
    bug: 'duplicate-overwrites',
    description: 'create with an existing id overwrites the record',
    caughtBy: 'DRV-ID-004',
    evidence: "create with existing id 'dup'",
    factory: () => new DuplicateOverwrites('duplicate-overwrites'),
  },
  {
    bug: 'empty-string-as-null',
    description: "stores '' as null",
    caughtBy: 'DRV-STR-005',
    evidence: '{"s":{"$eq":""}}',
    factory: () => new EmptyStringAsNull('empty-string-as-null'),
  },
]
