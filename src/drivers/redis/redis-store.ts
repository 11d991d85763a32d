import { ObjectQLError } from '../../kernel/errors.js'
import { decodeRecord } from './redis-record-codec.js'
import { encodeKeySegment } from './redis-keys.js'
import { APPLY, LOAD_ALL, LOAD_MEMBERS, LOAD_RANGE, REINDEX, runScript } from './redis-scripts.js'
import type { Redis } from 'ioredis'
import type { RedisKeyspace } from './redis-keys.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

/** A record as read from Redis: its stored text (for compare-and-set) and decoded form. */
export interface StoredRecord {
  readonly raw: string
  readonly record: DataRecord
}

/** What a write requires of the stored record before it applies. */
export type Precondition =
  | { readonly kind: 'absent' }
  | { readonly kind: 'equals'; readonly raw: string }
  | { readonly kind: 'any' }

/** One record write of an atomic batch. */
export interface StoreWrite {
  readonly object: string
  readonly id: string
  readonly pre: Precondition
  /** The new record and its text; `null` deletes; `undefined` only checks `pre`. */
  readonly next: { readonly record: DataRecord; readonly raw: string } | null | undefined
}

/** Result of {@link RedisStore.apply}: per write whether the record existed before. */
export type ApplyResult =
  | { readonly ok: true; readonly existed: readonly boolean[] }
  | { readonly ok: false; readonly reason: 'exists' | 'changed'; readonly index: number }

/** The numeric indexes an object has in Redis: the definition text and its fields. */
interface IndexDef {
  readonly text: string
  readonly fields: readonly string[]
}

const NO_INDEX: IndexDef = { text: '', fields: [] }
/** Index definitions can change under us (another driver's syncSchema); retry this often. */
const SCHEMA_RETRIES = 5
const SCAN_BATCH = 500

/**
 * Record storage over one Redis connection: snapshot reads, atomic compare-and-set batches, the
 * numeric sorted-set indexes and their definitions. Everything here is one script call (or a
 * SCAN loop for {@link RedisStore.clear}); query semantics live in the kernel's engine.
 */
export class RedisStore {
  readonly #client: Redis
  readonly #keys: RedisKeyspace
  readonly #defs = new Map<string, IndexDef>()

  constructor(client: Redis, keys: RedisKeyspace) {
    this.#client = client
    this.#keys = keys
  }

  /** Every record of the object in creation order, and the object's write version. */
  async loadAll(object: string): Promise<{ version: string; records: StoredRecord[] }> {
    const reply = strings(await runScript(this.#client, LOAD_ALL, [this.#keys.namespace(object)]))
    const [version = '', ...raws] = reply
    return { version, records: raws.map(stored) }
  }

  /** The records with these ids that exist, in creation order. */
  async loadIds(object: string, ids: readonly string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return []
    const args = [this.#keys.namespace(object), ...ids.map((id) => this.#keys.member(id))]
    return byScore(strings(await runScript(this.#client, LOAD_MEMBERS, args)))
  }

  /**
   * The records whose indexed numeric `field` lies in `[min, max]` (ZRANGEBYSCORE bounds), in
   * creation order; `undefined` when the field is not indexed (any more).
   */
  async loadRange(
    object: string,
    field: string,
    min: string,
    max: string,
  ): Promise<StoredRecord[] | undefined> {
    for (let attempt = 0; attempt < SCHEMA_RETRIES; attempt++) {
      const def = await this.indexDef(object, attempt > 0)
      if (!def.fields.includes(field)) return undefined
      const args = [this.#keys.namespace(object), def.text, encodeKeySegment(field), min, max]
      const [status, ...rest] = strings(await runScript(this.#client, LOAD_RANGE, args))
      if (status === 'ok') return byScore(rest)
    }
    return undefined
  }

  /** How many records the object has. */
  async countAll(object: string): Promise<number> {
    return this.#client.zcard(this.#keys.idsKey(object))
  }

  /** The numeric fields the object is indexed by in Redis (cached until a write finds it stale). */
  async indexedFields(object: string): Promise<readonly string[]> {
    return (await this.indexDef(object)).fields
  }

  /**
   * Applies the writes atomically: all preconditions hold and every write applies, or nothing
   * changes and the first failing write is reported. Index entries follow the definitions in
   * Redis, re-read when another driver changed them.
   */
  async apply(writes: readonly StoreWrite[]): Promise<ApplyResult> {
    if (writes.length === 0) return { ok: true, existed: [] }
    for (let attempt = 0; attempt < SCHEMA_RETRIES; attempt++) {
      const args: string[] = []
      for (const write of writes) {
        const def = await this.indexDef(write.object, attempt > 0)
        args.push(...this.#writeArgs(write, def))
      }
      const [status, ...rest] = await runScript(this.#client, APPLY, args).then(replyItems)
      if (status === 'ok') return { ok: true, existed: rest.map((flag) => flag === 1) }
      const index = Number(rest[0]) - 1
      if (status === 'exists' || status === 'changed') return { ok: false, reason: status, index }
      if (status === 'wrongtype') {
        const write = writes[index]
        throw new ObjectQLError(
          'DRIVER_ERROR',
          `keys of '${write?.object ?? '?'}' under prefix '${this.#keys.prefix}' hold data of another type`,
          { details: { object: write?.object, id: write?.id } },
        )
      }
    }
    throw new ObjectQLError(
      'TRANSACTION_FAILED',
      'index definitions kept changing during the write; nothing was written',
    )
  }

  /**
   * Makes the object's numeric indexes exactly `fields` (sorted-set per field, one entry per
   * record holding a number), from a snapshot that no write may have changed in between.
   */
  async reindex(object: string, fields: readonly string[]): Promise<void> {
    const wanted = [...new Set(fields)].sort()
    const text = wanted.length === 0 ? '' : JSON.stringify(wanted)
    for (let attempt = 0; attempt < SCHEMA_RETRIES * 4; attempt++) {
      const current = await this.indexDef(object, true)
      if (current.text === text) return
      const { version, records } = await this.loadAll(object)
      const drop = [...new Set([...current.fields, ...wanted])].map(encodeKeySegment)
      const args = [this.#keys.namespace(object), version, current.text, text, String(drop.length)]
      args.push(...drop)
      for (const { record } of records) {
        for (const field of wanted) {
          const score = scoreOf(record[field])
          if (score !== '') args.push(encodeKeySegment(field), this.#keys.member(record.id), score)
        }
      }
      if ((await runScript(this.#client, REINDEX, args)) === 'ok') {
        this.#defs.set(object, wanted.length === 0 ? NO_INDEX : { text, fields: wanted })
        return
      }
    }
    throw new ObjectQLError(
      'TRANSACTION_FAILED',
      `could not rebuild the indexes of '${object}': it kept changing`,
    )
  }

  /** Deletes every key of this driver's prefix (SCAN + UNLINK, never FLUSHDB); returns how many. */
  async clear(): Promise<number> {
    let cursor = '0'
    let removed = 0
    do {
      const [next, keys] = await this.#client.scan(
        cursor,
        'MATCH',
        this.#keys.scanPattern(),
        'COUNT',
        SCAN_BATCH,
      )
      cursor = next
      if (keys.length > 0) removed += await this.#client.unlink(keys)
    } while (cursor !== '0')
    this.#defs.clear()
    return removed
  }

  /** Cached index definition of an object; `refresh` reads it from Redis again. */
  async indexDef(object: string, refresh = false): Promise<IndexDef> {
    const cached = this.#defs.get(object)
    if (cached !== undefined && !refresh) return cached
    const text = (await this.#client.get(this.#keys.indexDefKey(object))) ?? ''
    const def = text === '' ? NO_INDEX : { text, fields: parseDef(text) }
    this.#defs.set(object, def)
    return def
  }

  #writeArgs(write: StoreWrite, def: IndexDef): string[] {
    const { pre, next } = write
    const args = [
      this.#keys.namespace(write.object),
      this.#keys.member(write.id),
      pre.kind,
      pre.kind === 'equals' ? pre.raw : '',
      next === undefined ? 'none' : next === null ? 'del' : 'set',
      next?.raw ?? '',
      def.text,
      String(def.fields.length),
    ]
    for (const field of def.fields) {
      args.push(encodeKeySegment(field), next ? scoreOf(next.record[field]) : '')
    }
    return args
  }
}

/** The sorted-set score of a value: numbers only (what a numeric range can match). */
function scoreOf(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : ''
}

function parseDef(text: string): string[] {
  try {
    const fields: unknown = JSON.parse(text)
    if (Array.isArray(fields) && fields.every((field) => typeof field === 'string')) return fields
  } catch {
    // falls through to the coded error below
  }
  throw new ObjectQLError('DRIVER_ERROR', `unreadable index definition '${text.slice(0, 100)}'`)
}

function stored(raw: string): StoredRecord {
  return { raw, record: decodeRecord(raw) }
}

/** `[score, json, score, json...]` -> records in score (creation) order. */
function byScore(flat: readonly string[]): StoredRecord[] {
  const pairs: { score: number; item: StoredRecord }[] = []
  for (let i = 0; i + 1 < flat.length; i += 2) {
    pairs.push({ score: Number(flat[i]), item: stored(flat[i + 1] as string) })
  }
  return pairs.sort((a, b) => a.score - b.score).map((pair) => pair.item)
}

function replyItems(reply: unknown): unknown[] {
  if (!Array.isArray(reply)) throw unexpected(reply)
  return reply as unknown[]
}

function strings(reply: unknown): string[] {
  const items = replyItems(reply)
  if (!items.every((item) => typeof item === 'string')) throw unexpected(reply)
  return items
}

function unexpected(reply: unknown): ObjectQLError {
  return new ObjectQLError('DRIVER_ERROR', 'unexpected reply from a redis driver script', {
    details: { reply: JSON.stringify(reply)?.slice(0, 200) ?? String(reply) },
  })
}
