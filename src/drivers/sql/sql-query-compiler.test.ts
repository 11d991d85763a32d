import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { QueryAST } from '../../kernel/spec/query-ast.js'
import { SqlAggregateCompiler } from './sql-aggregate-compiler.js'
import { dialectFor } from './sql-dialects.js'
import { SQL_CLIENTS } from './sql-driver-config.js'
import type { SqlClient } from './sql-driver-config.js'
import { ITEM_OBJECT } from './sql-dialects.test-utils.js'
import { buildObjectModel } from './sql-object-model.js'
import { SqlQueryCompiler } from './sql-query-compiler.js'
import { SqlWriteCompiler } from './sql-write-compiler.js'

const model = buildObjectModel(ITEM_OBJECT, 'p_')

function compilerFor(client: SqlClient): SqlQueryCompiler {
  return new SqlQueryCompiler(dialectFor(client), 100)
}

const QUERY: Partial<QueryAST> = {
  fields: ['title', 'qty'],
  where: {
    $and: [
      { title: { $contains: 'a%b' } },
      { $not: { qty: { $in: [1, 2, 3] } } },
      { status: { $ne: 'open' } },
    ],
  },
  orderBy: [
    { field: 'title', order: 'desc' },
    { field: 'id', order: 'asc' },
  ],
  limit: 10,
  offset: 20,
}

describe('SqlQueryCompiler: SQL text per dialect', () => {
  const expected: Record<SqlClient, string> = {
    sqlite:
      'SELECT "id", "title", "qty" FROM "p_item" WHERE ((instr(CAST("title" AS BLOB), ?) > 0) AND NOT COALESCE("qty" IN (?, ?, ?, ?), FALSE) AND ("status" IS NULL OR "status" <> ?)) ORDER BY "title" DESC, "id" ASC LIMIT ? OFFSET ?',
    postgres:
      'SELECT "id", "title", "qty" FROM "p_item" WHERE ("title" LIKE $1 ESCAPE \'!\' AND NOT COALESCE("qty" IN ($2, $3, $4, $5), FALSE) AND ("status" IS NULL OR "status" <> $6)) ORDER BY "title" COLLATE "C" DESC NULLS LAST, "id" COLLATE "C" ASC NULLS FIRST LIMIT $7 OFFSET $8',
    mysql:
      "SELECT `id`, `title`, `qty` FROM `p_item` WHERE (`title` LIKE ? ESCAPE '!' AND NOT COALESCE(`qty` IN (?, ?, ?, ?), FALSE) AND (`status` IS NULL OR `status` <> ?)) ORDER BY `title` DESC, `id` ASC LIMIT ? OFFSET ?",
    mssql:
      "SELECT [id], [title], [qty] FROM [p_item] WHERE ([title] LIKE ? ESCAPE '!' AND (CASE WHEN [qty] IN (?, ?, ?, ?) THEN 0 ELSE 1 END = 1) AND ([status] IS NULL OR [status] <> ?)) ORDER BY [title] DESC, [id] ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
  }

  it.each(SQL_CLIENTS)('%s', (client) => {
    const compiled = compilerFor(client).select(model, QUERY)
    expect(compiled.sql).toBe(expected[client])
    const likeOrBytes = client === 'sqlite' ? Buffer.from('a%b') : 'a!%b'
    const pattern = client === 'sqlite' ? likeOrBytes : `%${String(likeOrBytes)}%`
    const paging = client === 'mssql' ? [20, 10] : [10, 20]
    // The IN list is padded to 4 by repeating its last value.
    expect(compiled.params).toEqual([pattern, 1, 2, 3, 3, 'open', ...paging])
  })
})

describe('SqlQueryCompiler: one SQL text per query shape', () => {
  it('the same shape with other values reuses the cached text; only values change', () => {
    const compiler = compilerFor('postgres')
    const a = compiler.select(model, { where: { title: { $eq: 'x' } }, limit: 5 })
    const b = compiler.select(model, { where: { title: { $eq: "'; DROP TABLE x; --" } }, limit: 7 })
    expect(b.sql).toBe(a.sql)
    expect(b.params).toEqual(["'; DROP TABLE x; --", 7])
    expect(b.sql).not.toContain('DROP')
    const c = compiler.select(model, { where: { title: { $ne: 'x' } }, limit: 5 })
    expect(c.sql).not.toBe(a.sql)
  })

  it('lists of 5 to 8 values share one text', () => {
    const compiler = compilerFor('sqlite')
    const five = compiler.count(model, { qty: { $in: [1, 2, 3, 4, 5] } })
    const eight = compiler.count(model, { qty: { $in: [1, 2, 3, 4, 5, 6, 7, 8] } })
    expect(eight.sql).toBe(five.sql)
    expect(five.params).toEqual([1, 2, 3, 4, 5, 5, 5, 5])
  })

  it('field names with quote characters cannot break out of the identifier', () => {
    const weird = buildObjectModel(
      {
        name: 'w',
        fields: { 'a"b': { type: 'text' }, 'c`d': { type: 'text' }, 'e]f': { type: 'text' } },
      },
      '',
    )
    expect(new SqlQueryCompiler(dialectFor('postgres'), 10).select(weird, {}).sql).toContain(
      '"a""b"',
    )
    expect(new SqlQueryCompiler(dialectFor('mysql'), 10).select(weird, {}).sql).toContain('`c``d`')
    expect(new SqlQueryCompiler(dialectFor('mssql'), 10).select(weird, {}).sql).toContain('[e]]f]')
  })
})

describe('SqlQueryCompiler: bad input fails before SQL exists', () => {
  const compiler = compilerFor('mysql')
  const cases: readonly [string, () => unknown, string][] = [
    ['unknown filter field', () => compiler.count(model, { nope: { $eq: 1 } }), 'INVALID_FIELD'],
    ['unknown operator', () => compiler.count(model, { qty: { $like: 1 } }), 'INVALID_FILTER'],
    [
      'operand of the wrong type',
      () => compiler.count(model, { qty: { $eq: '1' } }),
      'INVALID_FILTER',
    ],
    [
      'string operator on a number',
      () => compiler.count(model, { qty: { $contains: '1' } }),
      'INVALID_FILTER',
    ],
    [
      'unknown sort field',
      () => compiler.select(model, { orderBy: [{ field: 'nope', order: 'asc' }] }),
      'INVALID_FIELD',
    ],
    [
      'bad sort order',
      () => compiler.select(model, { orderBy: [{ field: 'qty', order: 'up' as 'asc' }] }),
      'INVALID_QUERY',
    ],
    ['fractional limit', () => compiler.select(model, { limit: 1.5 }), 'INVALID_QUERY'],
    [
      'unknown projection field',
      () => compiler.select(model, { fields: ['nope'] }),
      'INVALID_FIELD',
    ],
    [
      'distinct of an unknown field',
      () => compiler.distinct(model, 'nope', undefined),
      'INVALID_FIELD',
    ],
  ]

  it.each(cases)('%s', (_name, run, code) => {
    expect(run).toThrow(expect.objectContaining({ code }) as Error)
  })

  it('aggregations check functions, fields and aliases', () => {
    const aggregates = new SqlAggregateCompiler(dialectFor('postgres'), compilerFor('postgres'))
    const bad: Partial<QueryAST>[] = [
      { aggregations: [{ function: 'sum', field: 'title', alias: 's' }] },
      { aggregations: [{ function: 'median' as 'sum', field: 'qty', alias: 's' }] },
      { aggregations: [{ function: 'max', field: 'nope', alias: 's' }] },
      { groupBy: ['qty'], aggregations: [{ function: 'count', alias: 'qty' }] },
      { groupBy: ['qty'], orderBy: [{ field: 'title', order: 'asc' }] },
    ]
    for (const query of bad) {
      let error: unknown
      try {
        aggregates.compile(model, query)
      } catch (caught) {
        error = caught
      }
      expect(hasErrorCode(error, 'INVALID_QUERY') || hasErrorCode(error, 'INVALID_FIELD')).toBe(
        true,
      )
    }
    const ok = aggregates.compile(model, {
      groupBy: ['done'],
      aggregations: [{ function: 'min', field: 'done', alias: 'lo' }],
      having: { lo: { $eq: false } },
    })
    expect(ok.sql).toBe(
      'SELECT "done" AS "g0", BOOL_AND("done") AS "a0" FROM "p_item" GROUP BY "done" HAVING BOOL_AND("done") = $1 ORDER BY "done" ASC NULLS FIRST',
    )
    expect(ok.params).toEqual([false])
  })
})

describe('SqlWriteCompiler', () => {
  it('renders inserts and updates with bound values only', () => {
    const writes = new SqlWriteCompiler(dialectFor('postgres'), 10)
    const insert = writes.insert(
      model,
      ['id', 'title'],
      [
        ['a', "x'y"],
        ['b', null],
      ],
    )
    expect(insert.sql).toBe('INSERT INTO "p_item" ("id", "title") VALUES ($1, $2), ($3, $4)')
    expect(insert.params).toEqual(['a', "x'y", 'b', null])
    const update = writes.update(model, ['qty'], [3], 'a')
    expect(
      update.sql.startsWith(
        'UPDATE "p_item" SET "qty" = $1 WHERE "id" = $2 RETURNING "id", "title"',
      ),
    ).toBe(true)
    expect(new SqlWriteCompiler(dialectFor('mysql'), 10).update(model, ['qty'], [3], 'a').sql).toBe(
      'UPDATE `p_item` SET `qty` = ? WHERE `id` = ?',
    )
  })
})
