import { CANONICAL_OPERATORS } from '../../../src/kernel/spec/query-ast.js'
import type { DriverOptions } from '../../../src/kernel/driver/driver.js'
import type { DataRecord } from '../../../src/kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../../src/kernel/spec/query-ast.js'
import type { BrokenDriver } from '../broken-driver.js'
import { DelegatingDriver } from '../delegating-driver.js'
import { fieldsOf, rewriteLeaves } from '../where-rewrite.js'
import type { LeafRewrite } from '../where-rewrite.js'

type Rewrite = (where: FilterCondition | undefined) => FilterCondition | undefined

/** Runs every `where` through a buggy rewrite before the real driver sees it. */
class RewritingDriver extends DelegatingDriver {
  constructor(
    bug: string,
    private readonly rewrite: Rewrite,
  ) {
    super(bug)
  }
  override find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    const { where, ...rest } = query
    const rewritten = this.rewrite(where)
    return super.find(
      object,
      rewritten === undefined ? rest : { ...rest, where: rewritten },
      options,
    )
  }
  override count(object: string, where: FilterCondition | undefined, options?: DriverOptions) {
    return super.count(object, this.rewrite(where), options)
  }
}

const canonical: ReadonlySet<string> = new Set(CANONICAL_OPERATORS)
const leaves =
  (fn: (field: string, op: string, value: unknown) => LeafRewrite): Rewrite =>
  (where) =>
    rewriteLeaves(where, fn)
const keep = (field: string, op: string, value: unknown): FilterCondition => ({
  [field]: { [op]: value },
})

/** Every upper/lower-case spelling of `text` (up to 2^8), to fake a case-insensitive match. */
function caseVariants(text: string): string[] {
  let variants = ['']
  let letters = 0
  for (const char of text) {
    const lower = char.toLowerCase()
    const upper = char.toUpperCase()
    if (lower !== upper && letters++ < 8) variants = variants.flatMap((v) => [v + lower, v + upper])
    else variants = variants.map((v) => v + char)
  }
  return variants
}

/** Filter bugs: each rewrites one operator the way a real backend bug would behave. */
export const FILTER_BUGS: readonly BrokenDriver[] = [
  {
    bug: 'widens-unknown-operator',
    description: 'ignores clauses with unknown operators (returns more rows)',
    caughtBy: 'DRV-FLT-001',
    evidence: '$regex',
    factory: () =>
      new RewritingDriver(
        'widens-unknown-operator',
        leaves((f, op, v) => (canonical.has(op) ? keep(f, op, v) : 'all')),
      ),
  },
  {
    bug: 'ne-skips-nulls',
    description: '$ne leaves out null and missing values (SQL three-valued <>)',
    caughtBy: 'DRV-NULL-002',
    evidence: '{"id":"n3"}',
    factory: () =>
      new RewritingDriver(
        'ne-skips-nulls',
        leaves((f, op, v) =>
          op === '$ne' ? { $and: [keep(f, op, v), { [f]: { $null: false } }] } : keep(f, op, v),
        ),
      ),
  },
  {
    bug: 'lte-off-by-one',
    description: '$lte behaves as $lt',
    caughtBy: 'DRV-FLT-005',
    evidence: '{"n":{"$lte":2}}',
    factory: () =>
      new RewritingDriver(
        'lte-off-by-one',
        leaves((f, op, v) => keep(f, op === '$lte' ? '$lt' : op, v)),
      ),
  },
  {
    bug: 'empty-in-matches-all',
    description: '$in: [] is dropped instead of matching nothing',
    caughtBy: 'DRV-FLT-006',
    evidence: '{"n":{"$in":[]}}',
    factory: () =>
      new RewritingDriver(
        'empty-in-matches-all',
        leaves((f, op, v) =>
          op === '$in' && Array.isArray(v) && v.length === 0 ? 'all' : keep(f, op, v),
        ),
      ),
  },
  {
    bug: 'not-three-valued',
    description: '$not drops records whose fields are null (SQL NOT)',
    caughtBy: 'DRV-FLT-007',
    evidence: '{"id":"f5"}',
    factory: () =>
      new RewritingDriver('not-three-valued', (where) => {
        if (where === undefined || !('$not' in where) || where.$not === undefined) return where
        const present = fieldsOf(where.$not).map((f) => ({ [f]: { $null: false } }))
        return { $and: [where, ...present] }
      }),
  },
  {
    bug: 'unescaped-like',
    description: '% and _ in string operands act as LIKE wildcards',
    caughtBy: 'DRV-STR-002',
    evidence: '{"s":{"$contains":"%"}}',
    factory: () =>
      new RewritingDriver(
        'unescaped-like',
        leaves((f, op, v) => {
          if (
            !['$contains', '$startsWith', '$endsWith'].includes(op) ||
            typeof v !== 'string' ||
            !/[%_]/.test(v)
          )
            return keep(f, op, v)
          const parts = v.split(/[%_]/).filter((part) => part !== '')
          return parts.length === 0
            ? 'all'
            : { $and: parts.map((part) => ({ [f]: { $contains: part } })) }
        }),
      ),
  },
  {
    bug: 'case-insensitive-contains',
    description: '$contains folds case (MySQL/SQLite LIKE)',
    caughtBy: 'DRV-STR-001',
    evidence: '"hello"',
    factory: () =>
      new RewritingDriver(
        'case-insensitive-contains',
        leaves((f, op, v) =>
          op === '$contains' && typeof v === 'string' && v !== ''
            ? { $or: caseVariants(v).map((text) => ({ [f]: { $contains: text } })) }
            : keep(f, op, v),
        ),
      ),
  },
]
