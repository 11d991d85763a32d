import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../errors.js'
import { isDeepFrozen } from './deep-freeze.js'
import { toFilterNode } from './filter-node.js'
import { normalizeFilter, normalizeQuery } from './query-normalizer.js'
import { TASKS, resolveFixture } from './spec.test-utils.js'

// A fixed seed keeps CI reproducible; set FC_SEED to explore other runs.
const SEED = Number(process.env['FC_SEED'] ?? 424242)
const RUNS = 300
const FIELD_NAMES = new Set(['id', 'created_at', 'updated_at', ...Object.keys(TASKS.fields)])

/** An abstract condition, rendered below in every syntax the normalizer accepts. */
type Tree =
  | { kind: 'leaf'; field: string; token: string; op: string; value: unknown; alt: unknown }
  | { kind: 'and' | 'or'; children: Tree[] }

const iso = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
})
const finite = fc.double({ noNaN: true, noDefaultInfinity: true })

// Each leaf carries `value` and an equivalent spelling `alt` (a Date and its ISO string...).
const leafArb: fc.Arbitrary<Tree> = fc
  .oneof(
    fc.record({
      field: fc.constant('title'),
      op: fc.constantFrom('=', '!=', 'contains', 'startswith', 'ends_with', '>', '<='),
      value: fc.string(),
    }),
    fc.record({
      field: fc.constant('estimate'),
      op: fc.constantFrom('=', '<>', '>', '>=', '<', '<='),
      value: finite,
    }),
    fc.record({ field: fc.constant('done'), op: fc.constantFrom('=', '!='), value: fc.boolean() }),
    fc.record({
      field: fc.constant('status'),
      op: fc.constantFrom('in', 'not in'),
      value: fc.array(fc.constantFrom('open', 'done', null), { maxLength: 3 }),
    }),
    fc.record({
      field: fc.constant('estimate'),
      op: fc.constant('between'),
      value: fc.tuple(finite, finite),
    }),
    fc.record({
      field: fc.constantFrom('title', 'meta', 'tags'),
      op: fc.constantFrom('is_null', 'is_not_null'),
      value: fc.constant(undefined),
    }),
    fc.record({
      field: fc.constant('title'),
      op: fc.constantFrom('=', '!='),
      value: fc.constant(null),
    }),
  )
  .map(({ field, op, value }) => ({
    kind: 'leaf' as const,
    field,
    token: op,
    op: OP_OF[op] ?? op,
    value,
    alt: value,
  }))

const dateLeafArb: fc.Arbitrary<Tree> = fc
  .record({ op: fc.constantFrom('=', '>', '<='), date: iso })
  .map(({ op, date }) => ({
    kind: 'leaf' as const,
    field: 'starts_at',
    token: op,
    op: OP_OF[op] ?? op,
    value: date,
    alt: date.toISOString().replace('.000Z', 'Z'),
  }))

const OP_OF: Record<string, string> = {
  '=': '$eq',
  '!=': '$ne',
  '<>': '$ne',
  '>': '$gt',
  '>=': '$gte',
  '<': '$lt',
  '<=': '$lte',
  in: '$in',
  'not in': '$nin',
  contains: '$contains',
  startswith: '$startsWith',
  ends_with: '$endsWith',
  between: '$between',
  is_null: '$null',
  is_not_null: '$null',
}

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    dateLeafArb,
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      children: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).tree

function operandOf(leaf: Extract<Tree, { kind: 'leaf' }>, useAlt: boolean): unknown {
  if (leaf.token === 'is_null' || leaf.token === 'is_not_null') return leaf.token === 'is_null'
  return useAlt ? leaf.alt : leaf.value
}

function toObject(tree: Tree, useAlt = false): unknown {
  if (tree.kind !== 'leaf')
    return { [`$${tree.kind}`]: tree.children.map((c) => toObject(c, useAlt)) }
  const operand = operandOf(tree, useAlt)
  if (tree.op === '$eq' && !useAlt) return { [tree.field]: operand }
  return { [tree.field]: { [tree.op]: operand } }
}

function toTriple(leaf: Extract<Tree, { kind: 'leaf' }>, useAlt: boolean): unknown[] {
  if (leaf.op === '$null') return [leaf.field, leaf.token]
  return [leaf.field, leaf.token, useAlt ? leaf.alt : leaf.value]
}

function toPrefix(tree: Tree): unknown {
  if (tree.kind === 'leaf') return toTriple(tree, false)
  return [tree.kind.toUpperCase(), ...tree.children.map(toPrefix)]
}

function toInfix(tree: Tree): unknown {
  if (tree.kind === 'leaf') return toTriple(tree, true)
  return tree.children.flatMap((child, index) =>
    index === 0 ? [toInfix(child)] : [tree.kind, toInfix(child)],
  )
}

function toAstNode(tree: Tree): unknown {
  if (tree.kind !== 'leaf')
    return { type: 'logical', operator: tree.kind, conditions: tree.children.map(toAstNode) }
  return tree.op === '$null'
    ? { type: 'comparison', field: tree.field, operator: tree.token }
    : { type: 'comparison', field: tree.field, operator: tree.token, value: tree.value }
}

/** `or` of `and`s of leaves, written as one flat array relying on `and` binding tighter. */
function toFlat(groups: Extract<Tree, { kind: 'leaf' }>[][]): unknown[] {
  return groups.flatMap((group, g) => [
    ...(g === 0 ? [] : ['or']),
    ...group.flatMap((leaf, i) => [...(i === 0 ? [] : ['and']), ...toTriple(leaf, false)]),
  ])
}

const params = { seed: SEED, numRuns: RUNS }

describe('normalizer properties (fast-check, seed logged in the test name)', () => {
  it(`KRN-AST-001 equivalent legacy forms normalize to equal filters (seed ${SEED})`, () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const expected = normalizeFilter(toObject(tree), TASKS)
        expect(normalizeFilter(toObject(tree, true), TASKS)).toEqual(expected)
        expect(normalizeFilter(toPrefix(tree), TASKS)).toEqual(expected)
        expect(normalizeFilter(toInfix(tree), TASKS)).toEqual(expected)
        expect(normalizeFilter(toAstNode(tree), TASKS)).toEqual(expected)
        expect(normalizeFilter([toPrefix(tree)], TASKS)).toEqual(expected)
      }),
      params,
    )
  })

  it(`KRN-AST-005 flat arrays follow 'and before or' (seed ${SEED})`, () => {
    const leafOnly = fc.oneof(leafArb, dateLeafArb) as fc.Arbitrary<Extract<Tree, { kind: 'leaf' }>>
    const groupsArb = fc.array(fc.array(leafOnly, { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 3,
    })
    fc.assert(
      fc.property(groupsArb, (groups) => {
        const tree: Tree = {
          kind: 'or',
          children: groups.map((children) => ({ kind: 'and', children })),
        }
        expect(normalizeFilter(toFlat(groups), TASKS)).toEqual(
          normalizeFilter(toObject(tree), TASKS),
        )
      }),
      params,
    )
  })

  const queryArb = fc.record(
    {
      filters: treeArb.map(toInfix),
      sort: fc.constantFrom(
        '-estimate, title',
        [['due', 'DESC']],
        { done: 1 },
        ['-id'],
        '_id desc',
      ),
      top: fc.nat({ max: 1000 }),
      skip: fc.nat({ max: 1000 }),
      select: fc.subarray(['title', 'estimate', 'id', 'owner', 'meta']),
      expand: fc.constantFrom(undefined, 'owner', { owner: { select: 'name', sort: '-age' } }),
      search: fc.constantFrom(undefined, 'x', { query: 'y', fields: 'title' }),
      distinct: fc.boolean(),
    },
    { requiredKeys: [] },
  )

  it(`KRN-AST-002 KRN-AST-003 normalizing a canonical query again gives an equal query (seed ${SEED})`, () => {
    fc.assert(
      fc.property(queryArb, fc.constantFrom('find', 'findOne', 'distinct'), (query, operation) => {
        const options = { resolveObject: resolveFixture }
        const once = normalizeQuery(query, TASKS, operation, options)
        expect(normalizeQuery(once, TASKS, operation, options)).toEqual(once)
        expect(isDeepFrozen(once)).toBe(true)
        expect(() => toFilterNode(once.where, FIELD_NAMES)).not.toThrow()
        if (operation !== 'distinct')
          expect(once.orderBy?.some((key) => key.field === 'id')).toBe(true)
        if (once.fields !== undefined) expect(once.fields[0]).toBe('id')
      }),
      params,
    )
  })

  it(`count and aggregate queries are idempotent too (seed ${SEED})`, () => {
    const aggregateArb = fc.record({
      where: treeArb.map(toObject),
      aggregate: fc.constantFrom(
        [{ func: 'sum', field: 'estimate' }],
        [{ func: 'count' }, { func: 'max', field: 'starts_at' }],
      ),
      groupBy: fc.constantFrom(['status'], 'status,done', []),
    })
    fc.assert(
      fc.property(aggregateArb, (query) => {
        const aggregated = normalizeQuery(query, TASKS, 'aggregate')
        expect(normalizeQuery(aggregated, TASKS, 'aggregate')).toEqual(aggregated)
        const counted = normalizeQuery({ where: query.where }, TASKS, 'count')
        expect(normalizeQuery(counted, TASKS, 'count')).toEqual(counted)
        expect(isDeepFrozen(aggregated) && isDeepFrozen(counted)).toBe(true)
      }),
      params,
    )
  })

  it(`arbitrary input either normalizes to a canonical filter or throws a coded error (seed ${SEED})`, () => {
    const names = fc.constantFrom(
      'title',
      'estimate',
      'done',
      'status',
      'starts_at',
      'meta',
      'nope',
      '_id',
      '$and',
      '$or',
      '$not',
      '$eq',
      '$in',
    )
    const junk = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constantFrom('and', 'or', '=', 'in', 'between', 'is_null', 'like'),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(names, tie('value'), { maxKeys: 3 }),
      ),
    })).value
    fc.assert(
      fc.property(junk, (input) => {
        let where
        try {
          where = normalizeFilter(input, TASKS)
        } catch (error) {
          expect(isObjectQLError(error)).toBe(true)
          return
        }
        expect(() => toFilterNode(where, FIELD_NAMES)).not.toThrow()
        expect(normalizeFilter(where, TASKS)).toEqual(where)
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
