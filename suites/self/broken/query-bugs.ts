import type { DriverOptions } from '../../../src/kernel/driver/driver.js'
import type { DataRecord } from '../../../src/kernel/spec/object-config.js'
import type { QueryAST } from '../../../src/kernel/spec/query-ast.js'
import type { BrokenDriver } from '../broken-driver.js'
import { DelegatingDriver } from '../delegating-driver.js'

/** Keeps the first sort key and the final id key, dropping the ones between. */
class DropsSortKey extends DelegatingDriver {
  override find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    const orderBy = query.orderBy ?? []
    const kept = orderBy.length > 2 ? [orderBy[0], ...orderBy.slice(2)] : orderBy
    return super.find(
      object,
      { ...query, orderBy: kept.filter((key) => key !== undefined) },
      options,
    )
  }
}

/** Applies `limit` from the start, ignoring `offset`. */
class IgnoresOffset extends DelegatingDriver {
  override find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    const { offset: _offset, ...rest } = query
    return super.find(object, rest, options)
  }
}

/** Returns every field whatever `fields` asks for. */
class ProjectionLeaks extends DelegatingDriver {
  override find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    const { fields: _fields, ...rest } = query
    return super.find(object, rest, options)
  }
}

/** Compares strings with the locale collation (`localeCompare`) instead of code points. */
class LocaleStringOrder extends DelegatingDriver {
  override async find(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const { limit, offset, ...unpaged } = query
    const rows = await super.find(object, unpaged, options)
    const keys = query.orderBy ?? []
    rows.sort((a, b) => {
      for (const key of keys) {
        const x = a[key.field]
        const y = b[key.field]
        if (typeof x !== 'string' || typeof y !== 'string') continue
        const order = x.localeCompare(y)
        if (order !== 0) return key.order === 'asc' ? order : -order
      }
      return 0
    })
    const start = offset ?? 0
    return rows.slice(start, limit === undefined ? undefined : start + limit)
  }
}

/** Sorts null and missing values last ascending (PostgreSQL's default). */
class NullsLastAscending extends DelegatingDriver {
  override async find(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const { limit, offset, ...unpaged } = query
    const rows = await super.find(object, unpaged, options)
    const first = query.orderBy?.[0]
    if (first !== undefined && first.order === 'asc' && first.field !== 'id') {
      const isNull = (row: DataRecord) =>
        row[first.field] === null || row[first.field] === undefined
      rows.sort((a, b) => Number(isNull(a)) - Number(isNull(b)))
    }
    const start = offset ?? 0
    return rows.slice(start, limit === undefined ? undefined : start + limit)
  }
}

/** Query-shape bugs: sort keys, paging, projection, collation, null order. */
export const QUERY_BUGS: readonly BrokenDriver[] = [
  {
    bug: 'drops-sort-key',
    description: 'drops every sort key between the first and the final id key',
    caughtBy: 'DRV-ORD-006',
    evidence: 'orderBy s asc, n desc, id asc',
    factory: () => new DropsSortKey('drops-sort-key'),
  },
  {
    bug: 'ignores-offset',
    description: 'ignores offset',
    caughtBy: 'DRV-PAGE-001',
    evidence: 'offset 3 limit 3',
    factory: () => new IgnoresOffset('ignores-offset'),
  },
  {
    bug: 'projection-leaks',
    description: 'ignores fields and returns whole records',
    caughtBy: 'DRV-PROJ-001',
    evidence: 'keys outside fields',
    factory: () => new ProjectionLeaks('projection-leaks'),
  },
  {
    bug: 'locale-string-order',
    description: 'sorts strings by locale collation',
    caughtBy: 'DRV-ORD-002',
    evidence: 'orderBy s asc, id asc',
    factory: () => new LocaleStringOrder('locale-string-order'),
  },
  {
    bug: 'nulls-last-ascending',
    description: 'sorts null last when ascending',
    caughtBy: 'DRV-ORD-005',
    evidence: '"id":"m2"',
    factory: () => new NullsLastAscending('nulls-last-ascending'),
  },
]
