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
