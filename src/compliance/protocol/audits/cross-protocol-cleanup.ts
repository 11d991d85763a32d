import type { AuditOutcome } from '../../common/audit-result.js'
import { describeError } from '../../driver/checks.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure } from '../protocol-checks.js'
import type { ProtocolResponse } from '../protocol-transport.js'

/** A record an audit created, to delete before the audit returns. */
export interface CreatedRecord {
  readonly object: string
  readonly id: string
}

/**
 * Deletes one record through some protocol. Resolves when the record is gone (also when it was
 * already gone); rejects on any other answer, so a cleanup failure is never silent.
 */
export type RecordRemover = (record: CreatedRecord) => Promise<void>

/** The records an audit has created so far, newest last. */
export class RecordTracker {
  readonly #records: CreatedRecord[] = []

  /** Remembers a record to delete at the end. */
  add(object: string, id: string): void {
    this.#records.push({ object, id })
  }

  /** Stops tracking a record the audit deleted itself. */
  forget(object: string, id: string): void {
    const index = this.#records.findIndex((r) => r.object === object && r.id === id)
    if (index >= 0) this.#records.splice(index, 1)
  }

  /** The tracked records, oldest first. */
  get records(): readonly CreatedRecord[] {
    return [...this.#records]
  }
}

/**
 * Resolves when a DELETE answer says the record is gone: 200 or 204, or 404 (it was already
 * gone). Anything else throws, so a cleanup failure is never silent.
 */
export function expectGone(response: ProtocolResponse): void {
  if (![200, 204, 404].includes(response.status)) {
    throw new Error(`DELETE answered ${response.status}: ${response.text.slice(0, 200)}`)
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Runs `body` with a fresh {@link RecordTracker}, then deletes every tracked record, newest first
 * (items before the owners they point to). A cleanup failure after a passing body rejects with a
 * plain Error (reported as an `error`: the audit cannot vouch for a clean server); after a
 * failing body it is appended to that failure's message, so neither is lost.
 */
export async function withCleanup<T>(
  remove: RecordRemover,
  body: (tracker: RecordTracker) => Promise<T>,
): Promise<T> {
  const tracker = new RecordTracker()
  let outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; error: unknown }
  try {
    outcome = { ok: true, value: await body(tracker) }
  } catch (error) {
    outcome = { ok: false, error }
  }
  const problems: string[] = []
  for (const record of [...tracker.records].reverse()) {
    try {
      await remove(record)
    } catch (error) {
      problems.push(`${record.object}/${record.id}: ${messageOf(error)}`)
    }
  }
  if (!outcome.ok) {
    if (problems.length > 0 && outcome.error instanceof Error) {
      outcome.error.message += ` (cleanup also failed: ${problems.join('; ')})`
    }
    throw outcome.error
  }
  if (problems.length > 0) throw new Error(`cleanup failed: ${problems.join('; ')}`)
  return outcome.value
}

/** A protocol session that can delete every record of its audit's run (REST, JSON-RPC). */
export interface SweepingSession {
  readonly context: ProtocolAuditContext
  /** Deletes every record whose `run` is this run's id, in both fixture objects. */
  sweep(): Promise<void>
}

/**
 * Runs `body` with `session` and sweeps the run's records afterwards, pass or fail. A sweep that
 * fails after a passing audit makes the audit an error (the server kept records it should have
 * deleted); after a failing one the failure is what the report shows.
 */
export async function withSweep<Session extends SweepingSession>(
  session: Session,
  body: (session: Session) => Promise<AuditOutcome>,
): Promise<AuditOutcome> {
  let outcome: AuditOutcome
  try {
    outcome = await body(session)
  } catch (error) {
    // The audit's own failure is what the report must show; a sweep failing on top of it (the
    // server is already misbehaving) would only hide it, so that second error is dropped.
    await session.sweep().catch(() => undefined)
    throw error
  }
  try {
    await session.sweep()
  } catch (error) {
    if (outcome.status !== 'pass') return outcome
    const why = error instanceof AuditFailure ? error.message : describeError(error)
    return { status: 'error', message: `cleanup of run ${session.context.runId} failed: ${why}` }
  }
  return outcome
}
