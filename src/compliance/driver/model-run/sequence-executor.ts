import { isObjectQLError } from '../../../kernel/errors.js'
import type { DataRecord } from '../../../kernel/spec/object-config.js'
import { attempt, describeError } from '../checks.js'
import type { Attempt } from '../checks.js'
import { preview, recordsEqual, withoutNulls } from '../record-compare.js'
import { sameRows, sameSequence } from '../properties/agreement.js'
import { describeCommand } from './commands.js'
import type { Command, CommandSequence } from './commands.js'
import type { SequenceTarget } from './sequence-target.js'

/** The first step where subject and reference disagree, with the script that leads there. */
export interface Disagreement {
  /** The executed steps, one line each, ending with the disagreeing one. */
  readonly steps: readonly string[]
  readonly message: string
}

/**
 * Runs the commands step by step on `subject` and `reference` (both start empty) and compares
 * every observable result: returned records, booleans, counts, pages, rows and error codes.
 *
 * @returns the first disagreement, or undefined when they agreed on every step.
 */
export async function executeSequence(
  sequence: CommandSequence,
  subject: SequenceTarget,
  reference: SequenceTarget,
): Promise<Disagreement | undefined> {
  const live: string[] = []
  const steps: string[] = []
  for (const command of sequence.commands) {
    const id =
      'target' in command && live.length > 0 ? live[command.target % live.length] : undefined
    if ('target' in command && id === undefined) continue
    steps.push(`${steps.length + 1}. ${describeCommand(command, id)}`)
    const actual = await attempt(() => apply(subject, command, id))
    // A generated id is handed to the reference, so both sides hold the same record.
    const generated =
      command.kind === 'create' && command.id === undefined && actual.ok
        ? (actual.value as DataRecord).id
        : undefined
    const expected = await attempt(() => apply(reference, command, id, generated))
    const problem = compare(command, actual, expected, subject.label, reference.label)
    if (problem !== undefined) {
      return { steps, message: problem }
    }
    if (expected.ok && command.kind === 'create') live.push((expected.value as DataRecord).id)
    if (expected.ok && command.kind === 'delete' && expected.value === true)
      live.splice(live.indexOf(id ?? ''), 1)
  }
  return undefined
}

function apply(
  target: SequenceTarget,
  command: Command,
  id: string | undefined,
  generated?: string,
): Promise<unknown> {
  const at = id ?? ''
  switch (command.kind) {
    case 'create': {
      const given = command.id ?? generated
      return target.create(
        given === undefined ? { ...command.record } : { ...command.record, id: given },
      )
    }
    case 'createDuplicate':
      return target.create({ id: at })
    case 'update':
      return target.update(at, command.data)
    case 'updateMissing':
      return target.update('missing', command.data)
    case 'delete':
      return target.delete(at)
    case 'deleteMissing':
      return target.delete('missing')
    case 'findOne':
      return target.findOne(at)
    case 'find': {
      const { kind: _kind, where, ...rest } = command
      return target.find(where === undefined ? rest : { ...rest, where })
    }
    case 'count':
      return target.count(command.where)
    case 'aggregate':
      return target.aggregate(command.query)
  }
}

function outcome(result: Attempt<unknown>): string {
  if (result.ok) return `returned ${preview(result.value)}`
  return isObjectQLError(result.error)
    ? `failed with ${result.error.code}`
    : `threw ${describeError(result.error)}`
}

function compare(
  command: Command,
  actual: Attempt<unknown>,
  expected: Attempt<unknown>,
  self: string,
  other: string,
): string | undefined {
  if (!actual.ok || !expected.ok) {
    const code = (a: Attempt<unknown>) =>
      a.ok ? 'ok' : isObjectQLError(a.error) ? a.error.code : 'uncoded'
    return code(actual) === code(expected)
      ? undefined
      : `${self} ${outcome(actual)} but ${other} ${outcome(expected)}`
  }
  const a = actual.value
  const e = expected.value
  switch (command.kind) {
    case 'create':
    case 'update':
    case 'findOne': {
      if (a === null && e === null) return undefined
      if (a !== null && e !== null && recordsEqual(a as DataRecord, e as DataRecord))
        return undefined
      return `${self} returned ${preview(a === null ? null : withoutNulls(a as DataRecord))} but ${other} returned ${preview(e === null ? null : withoutNulls(e as DataRecord))}`
    }
    case 'find':
      return sameSequence(a as DataRecord[], e as DataRecord[], other)
    case 'aggregate':
      return sameRows(a as Record<string, unknown>[], e as Record<string, unknown>[], other)
    default:
      return a === e
        ? undefined
        : `${self} returned ${preview(a)} but ${other} returned ${preview(e)}`
  }
}
