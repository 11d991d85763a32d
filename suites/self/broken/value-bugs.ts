import type { DriverOptions } from '../../../src/kernel/driver/driver.js'
import { hasErrorCode } from '../../../src/kernel/errors.js'
import type { DataRecord, RecordInput } from '../../../src/kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../../src/kernel/spec/query-ast.js'
import type { BrokenDriver } from '../broken-driver.js'
import { DelegatingDriver } from '../delegating-driver.js'

/** Maps every returned value through `convert` (a column codec that loses the type). */
class ValueCodecBug extends DelegatingDriver {
  constructor(
    bug: string,
    private readonly convert: (value: unknown) => unknown,
  ) {
    super(bug)
  }
  #out(record: DataRecord): DataRecord {
    const out: DataRecord = { id: record.id }
    for (const [key, value] of Object.entries(record))
      if (key !== 'id') out[key] = this.convert(value)
    return out
  }
  override async find(object: string, query: QueryAST, options?: DriverOptions) {
    return (await super.find(object, query, options)).map((record) => this.#out(record))
  }
  override async findOne(object: string, id: string, query?: QueryAST, options?: DriverOptions) {
    const record = await super.findOne(object, id, query, options)
    return record === null ? null : this.#out(record)
  }
  override async create(object: string, data: RecordInput, options?: DriverOptions) {
    return this.#out(await super.create(object, data, options))
  }
}

/** Counts every record whatever the filter. */
class CountIgnoresWhere extends DelegatingDriver {
  override count(object: string, _where: FilterCondition | undefined, options?: DriverOptions) {
    return super.count(object, undefined, options)
  }
}

/** Reports the sum of no values as 0 (SQL COALESCE habit). */
class SumOfNothingIsZero extends DelegatingDriver {
  override async aggregate(object: string, query: QueryAST, options?: DriverOptions) {
    const rows = await super.aggregate(object, query, options)
    const sums = (query.aggregations ?? []).filter((a) => a.function === 'sum').map((a) => a.alias)
    return rows.map((row) => {
      const copy = { ...row }
      for (const alias of sums)
        if (copy[alias] === null || copy[alias] === undefined) copy[alias] = 0
      return copy
    })
  }
}

/** Lets a native TypeError escape instead of the coded INVALID_FILTER. */
class RawErrors extends DelegatingDriver {
  override async find(object: string, query: QueryAST, options?: DriverOptions) {
    try {
      return await super.find(object, query, options)
    } catch (error) {
      if (hasErrorCode(error, 'INVALID_FILTER'))
        throw new TypeError(`cannot read operator: ${error.message}`, { cause: error })
      throw error
    }
  }
}

/** Keeps working after disconnect() (the pool was never closed). */
class AliveAfterDisconnect extends DelegatingDriver {
  override async disconnect(): Promise<void> {}
}

/** Commits on rollback. */
class RollbackKeepsWrites extends DelegatingDriver {
  override rollback(transaction: Parameters<DelegatingDriver['rollback']>[0]) {
    return super.commit(transaction)
  }
}

/** Value, aggregate, error, lifecycle and transaction bugs. */
export const VALUE_BUGS: readonly BrokenDriver[] = [
  {
    bug: 'boolean-as-number',
    description: 'returns booleans as 1/0',
    caughtBy: 'DRV-TYPE-001',
    evidence: 'b=true',
    factory: () =>
      new ValueCodecBug('boolean-as-number', (v) => (typeof v === 'boolean' ? Number(v) : v)),
  },
  {
    bug: 'numbers-as-strings',
    description: 'returns numbers as strings (numeric columns)',
    caughtBy: 'DRV-TYPE-002',
    evidence: 'n=0',
    factory: () =>
      new ValueCodecBug('numbers-as-strings', (v) => (typeof v === 'number' ? String(v) : v)),
  },
  {
    bug: 'count-ignores-where',
    description: 'count ignores its filter',
    caughtBy: 'DRV-AGG-001',
    evidence: '{"category":{"$eq":"a"}}',
    factory: () => new CountIgnoresWhere('count-ignores-where'),
  },
  {
    bug: 'sum-of-nothing-is-zero',
    description: 'sum over no values is 0 instead of null',
    caughtBy: 'DRV-AGG-003',
    evidence: 'sum(qty) as sq',
    factory: () => new SumOfNothingIsZero('sum-of-nothing-is-zero'),
  },
  {
    bug: 'raw-errors',
    description: 'a bad filter escapes as a TypeError',
    caughtBy: 'DRV-ERR-001',
    evidence: 'TypeError',
    factory: () => new RawErrors('raw-errors'),
  },
  {
    bug: 'alive-after-disconnect',
    description: 'keeps answering after disconnect()',
    caughtBy: 'DRV-LIFE-002',
    evidence: 'after disconnect()',
    factory: () => new AliveAfterDisconnect('alive-after-disconnect'),
  },
  {
    bug: 'rollback-keeps-writes',
    description: 'rollback commits',
    caughtBy: 'DRV-TX-002',
    evidence: 'after rollback',
    factory: () => new RollbackKeepsWrites('rollback-keeps-writes'),
  },
]
