import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import type { RecordTracker } from './cross-protocol-cleanup.js'
import { READERS, restCreate } from './cross-protocol-client.js'
import type { CrossCondition, CrossQuery, ProtocolReader } from './cross-protocol-client.js'
import { firstDifference, normalizeItem } from './cross-protocol-records.js'
import type { ItemSeed, NormalizedItem } from './cross-protocol-records.js'

/** Names that trip up encoders: quotes, a backslash, non-Latin and astral characters, ties. */
const NAMES = [
  'Ada',
  "O'Neil",
  'Zoë',
  '東京 tower',
  'rocket 🚀',
  'Ada',
  'bob',
  'Bob',
  'say "hi"',
  'back\\slash',
  '100% sure',
  'under_score',
]

/**
 * The twelve items of the shared scenario (owner index instead of id): every field null on some
 * item, a repeated name (ties broken by id), values on both sides of `qty > 3`.
 */
export function scenarioSeeds(): (Omit<ItemSeed, 'owner'> & { owner: 0 | 1 | null })[] {
  return NAMES.map((name, i) => ({
    name,
    qty: i === 10 ? null : i === 11 ? 4.5 : i,
    price: i % 4 === 3 ? null : Math.round(i * 137) / 100,
    active: i % 3 === 2 ? null : i % 2 === 0,
    status: i % 5 === 4 ? null : i % 2 === 0 ? 'open' : 'done',
    due: i % 6 === 5 ? null : `2024-${String((i % 12) + 1).padStart(2, '0')}-${String(i + 10)}`,
    notes: i % 3 === 0 ? null : `note ${i % 4}`,
    owner: i % 3 === 2 ? null : ((i % 2) as 0 | 1),
  }))
}

/**
 * Seeds the scenario through REST: two owners, then the twelve items (every record tracked and
 * stamped with the run id). Returns the item ids in seed order.
 */
export async function seedScenario(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
): Promise<string[]> {
  const owners: string[] = []
  for (const name of ['Owner Ω', "Owner 'B'"]) {
    owners.push(await restCreate(ctx, tracker, PRT_OWNERS, { name, run: ctx.runId }))
  }
  const ids: string[] = []
  for (const seed of scenarioSeeds()) {
    const owner = seed.owner === null ? null : owners[seed.owner]
    ids.push(await restCreate(ctx, tracker, PRT_ITEMS, { ...seed, owner, run: ctx.runId }))
  }
  return ids
}

/** `run eq <this run>`, the first condition of every cross-protocol query. */
export function runCondition(ctx: ProtocolAuditContext): CrossCondition {
  return { field: 'run', op: 'eq', value: ctx.runId }
}

/** The answer of one protocol, normalized. */
export interface ProtocolAnswer {
  readonly protocol: string
  readonly rows: readonly NormalizedItem[]
}

/** Runs `query` through every protocol and normalizes the rows. */
export async function answersOf(
  ctx: ProtocolAuditContext,
  query: CrossQuery,
  readers: readonly ProtocolReader[] = READERS,
): Promise<ProtocolAnswer[]> {
  const answers: ProtocolAnswer[] = []
  for (const reader of readers) {
    answers.push({
      protocol: reader.protocol,
      rows: (await reader.list(ctx, query)).map(normalizeItem),
    })
  }
  return answers
}

/**
 * Fails at the first disagreement between the reference (first) answer and another: a different
 * length, another record at a position, or a field value, naming the protocol pair and both
 * values.
 */
export function checkSameAnswers(answers: readonly ProtocolAnswer[], query: unknown): void {
  const [reference, ...others] = answers
  if (reference === undefined) return
  for (const other of others) {
    const pair = [reference.protocol, other.protocol]
    if (other.rows.length !== reference.rows.length) {
      throw new AuditFailure(
        `${pair.join(' and ')} return ${reference.rows.length} and ${other.rows.length} records`,
        {
          query,
          pair,
          [reference.protocol]: reference.rows.map((r) => r.id),
          [other.protocol]: other.rows.map((r) => r.id),
        },
      )
    }
    for (const [index, row] of reference.rows.entries()) {
      const theirs = other.rows[index] as NormalizedItem
      const field = firstDifference(row, theirs)
      if (field !== undefined) {
        throw new AuditFailure(`${pair.join(' and ')} disagree on row ${index}, field '${field}'`, {
          query,
          pair,
          row: index,
          field,
          [reference.protocol]: row[field],
          [other.protocol]: theirs[field],
        })
      }
    }
  }
}
