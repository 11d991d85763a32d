import { Aggregator, Query } from 'mingo'
import { encodeDocument } from './mongo-document-codec.js'
import type { MongoFindOptions, MongoReadPort } from './mongo-read-operations.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { Document } from 'mongodb'

/**
 * A {@link MongoReadPort} over documents held by mingo (a MongoDB query engine in JavaScript),
 * so the driver's read path runs unchanged without a server. Documents are made with the
 * driver's own codec.
 *
 * Where mingo differs from MongoDB, and what this port does about it:
 * - strings: MongoDB compares UTF-8 bytes (= code point order), mingo compares UTF-16 units,
 *   which disagree where an astral character (emoji) meets U+E000..U+FFFF. The port stores and
 *   queries every string VALUE through {@link toUnitOrder}, a per-unit bijection under which
 *   UTF-16 order IS code point order; equality, prefixes, suffixes and substrings are kept (it is
 *   a bijection on code units) and regex sources built from escaped operands map the same way
 *   (escapes are ASCII, which is unchanged). Results are mapped back. Keys are not mapped;
 * - null versus missing (mingo sorts missing before null; MongoDB ties them) never arises: the
 *   codec stores no top-level nulls;
 * - `count` is `find().all().length`, MongoDB's `countDocuments` semantics.
 */
export function mingoPort(records: readonly DataRecord[]): MongoReadPort {
  const documents = records.map((record) =>
    mapStrings(encodeDocument(record.id, record), toUnitOrder),
  )
  const query = (filter: Document) => new Query(mapStrings(filter, toUnitOrder) as Document, {})
  return {
    async find(filter: Document, options: MongoFindOptions): Promise<Document[]> {
      let cursor = query(filter).find<Document>(documents, options.projection ?? {})
      if (options.sort !== undefined) cursor = cursor.sort(Object.fromEntries(options.sort))
      if (options.skip !== undefined) cursor = cursor.skip(options.skip)
      if (options.limit !== undefined) cursor = cursor.limit(options.limit)
      return cursor.all().map((document) => mapStrings(document, fromUnitOrder) as Document)
    },
    async count(filter: Document): Promise<number> {
      return query(filter).find(documents).all().length
    },
    async aggregate(pipeline: Document[]): Promise<Document[]> {
      const run = new Aggregator(mapStrings(pipeline, toUnitOrder) as Document[], {})
      return run.run<Document>(documents).map((row) => mapStrings(row, fromUnitOrder) as Document)
    },
  }
}

/**
 * Maps each UTF-16 unit so that unit order equals code point order: units below U+D800 stay,
 * surrogates (U+D800..U+DFFF) move above everything else, U+E000..U+FFFF move down by 0x800.
 */
export function toUnitOrder(text: string): string {
  return mapUnits(text, (u) => (u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800))
}

/** The inverse of {@link toUnitOrder}. */
export function fromUnitOrder(text: string): string {
  return mapUnits(text, (u) => (u < 0xd800 ? u : u < 0xf800 ? u + 0x800 : u - 0x2000))
}

function mapUnits(text: string, map: (unit: number) => number): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(map(text.charCodeAt(i)))
  return out
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map))
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: mapStrings(item, map),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}
