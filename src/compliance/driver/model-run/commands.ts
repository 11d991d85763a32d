import fc from 'fast-check'
import type { ObjectConfig } from '../../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST, SortNode } from '../../../kernel/spec/query-ast.js'
import {
  aggregationArbitrary,
  filterArbitrary,
  pageArbitrary,
  recordArbitrary,
  recordsArbitrary,
  sortArbitrary,
} from '../../model/index.js'
import { preview } from '../record-compare.js'

/**
 * One step of a model-based run. Steps name existing records by `target`, an index into the
 * live ids (modulo their number), so removing earlier steps while shrinking never makes a later
 * step invalid: it just picks another record or becomes a no-op.
 */
export type Command =
  | {
      readonly kind: 'create'
      readonly id: string | undefined
      readonly record: Record<string, unknown>
    }
  | { readonly kind: 'createDuplicate'; readonly target: number }
  | { readonly kind: 'update'; readonly target: number; readonly data: Record<string, unknown> }
  | { readonly kind: 'updateMissing'; readonly data: Record<string, unknown> }
  | { readonly kind: 'delete'; readonly target: number }
  | { readonly kind: 'deleteMissing' }
  | { readonly kind: 'findOne'; readonly target: number }
  | {
      readonly kind: 'find'
      readonly where: FilterCondition | undefined
      readonly orderBy: readonly SortNode[]
      readonly offset?: number
      readonly limit?: number
    }
  | { readonly kind: 'count'; readonly where: FilterCondition | undefined }
  | {
      readonly kind: 'aggregate'
      readonly query: Pick<QueryAST, 'groupBy' | 'aggregations' | 'having' | 'where'>
    }

/** A generated run: the commands, starting from an empty object. */
export interface CommandSequence {
  readonly commands: readonly Command[]
}

/** Small id pool so creates collide (duplicates are part of the contract too). */
const ID_POOL = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'K1', 'k10', 'k 1', 'k%_']

/** Options of {@link sequenceArbitrary}. */
export interface SequenceOptions {
  readonly maxCommands?: number
  readonly aggregate?: boolean
  /** Every create gets an id (differential runs: generated ids differ between drivers). */
  readonly explicitIds?: boolean
}

/**
 * Random command sequences over `object`: a few creates first, then a mix of writes and reads.
 * Filter operands come from a sample of records, so filters select something.
 */
export function sequenceArbitrary(
  object: ObjectConfig,
  options: SequenceOptions = {},
): fc.Arbitrary<CommandSequence> {
  return recordsArbitrary(object, 6).chain((sample) => {
    const where = fc.option(filterArbitrary(object, sample), { nil: undefined, freq: 4 })
    const target = fc.nat(20)
    const body = recordArbitrary(object)
    const id =
      options.explicitIds === true
        ? fc.constantFrom(...ID_POOL)
        : fc.option(fc.constantFrom(...ID_POOL), { nil: undefined, freq: 4 })
    const command: fc.Arbitrary<Command>[] = [
      fc.record({ kind: fc.constant('create' as const), id, record: body }),
      fc.record({ kind: fc.constant('createDuplicate' as const), target }),
      fc.record({ kind: fc.constant('update' as const), target, data: body }),
      fc.record({ kind: fc.constant('updateMissing' as const), data: body }),
      fc.record({ kind: fc.constant('delete' as const), target }),
      fc.constant({ kind: 'deleteMissing' as const }),
      fc.record({ kind: fc.constant('findOne' as const), target }),
      fc
        .tuple(where, sortArbitrary(object), pageArbitrary(8))
        .map(([w, orderBy, page]): Command => ({ kind: 'find', where: w, orderBy, ...page })),
      where.map((w): Command => ({ kind: 'count', where: w })),
    ]
    if (options.aggregate === true) {
      command.push(
        fc.tuple(aggregationArbitrary(object), where).map(([a, w]): Command => ({
          kind: 'aggregate',
          query: w === undefined ? a : { ...a, where: w },
        })),
      )
    }
    const seeds = sample.map((record): Command => ({
      kind: 'create',
      id: record.id,
      record: withoutId(record),
    }))
    // Seed creates are a subarray, not a fixed prefix, so shrinking can drop them one by one.
    return fc
      .tuple(
        fc.subarray(seeds),
        fc.array(fc.oneof(...command), { maxLength: options.maxCommands ?? 25 }),
      )
      .map(([first, rest]) => ({ commands: [...first, ...rest] }))
  })
}

function withoutId(record: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = record
  return rest
}

/** One line of the printed script, with `target` already resolved to the record id. */
export function describeCommand(command: Command, id: string | undefined): string {
  switch (command.kind) {
    case 'create':
      return `create ${preview(command.id === undefined ? command.record : { id: command.id, ...command.record })}`
    case 'createDuplicate':
      return `create {"id":${preview(id)}} (existing id)`
    case 'update':
      return `update ${preview(id)} ${preview(command.data)}`
    case 'updateMissing':
      return `update "missing" ${preview(command.data)}`
    case 'delete':
      return `delete ${preview(id)}`
    case 'deleteMissing':
      return 'delete "missing"'
    case 'findOne':
      return `findOne ${preview(id)}`
    case 'find': {
      const keys = command.orderBy.map((k) => `${k.field} ${k.order}`).join(', ')
      const page = [
        command.offset === undefined ? '' : ` offset ${command.offset}`,
        command.limit === undefined ? '' : ` limit ${command.limit}`,
      ].join('')
      return `find${command.where === undefined ? '' : ` where ${preview(command.where)}`} orderBy ${keys}${page}`
    }
    case 'count':
      return `count${command.where === undefined ? '' : ` where ${preview(command.where)}`}`
    case 'aggregate':
      return `aggregate ${preview(command.query)}`
  }
}
