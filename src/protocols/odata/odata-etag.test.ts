import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { eTagMatches, entityETag } from './odata-etag.js'

/**
 * The definition an ETag follows, written out plainly: sha256 over the JSON of the record with
 * the keys of every object sorted. `entityETag` takes a faster path for flat records; it must
 * give exactly this, so tags stay equal across versions and between the two paths.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(out, key, {
      value: canonical((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

function definedTag(record: DataRecord): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(canonical(record)))
    .digest('base64url')
  return `W/"${hash.slice(0, 27)}"`
}

const flatValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
)
const nestedValue = fc.oneof(flatValue, fc.array(flatValue), fc.dictionary(fc.string(), flatValue))
const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', '10', '2', 'id', 'toJSON'))

function recordOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<DataRecord> {
  return fc
    .tuple(fc.string(), fc.array(fc.tuple(key, value), { maxLength: 12 }))
    .map(([id, entries]) => {
      const record: Record<string, unknown> = {}
      for (const [name, item] of entries) {
        Object.defineProperty(record, name, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      record['id'] = id
      return record as DataRecord
    })
}

function reversed(record: DataRecord): DataRecord {
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(record).reverse()) {
    Object.defineProperty(out, name, {
      value: record[name],
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out as DataRecord
}

describe('entityETag', () => {
  it('is the sha256 of the key-sorted JSON, for flat and nested records', () => {
    fc.assert(
      fc.property(recordOf(flatValue), recordOf(nestedValue), (flat, nested) => {
        expect(entityETag(flat)).toBe(definedTag(flat))
        expect(entityETag(nested)).toBe(definedTag(nested))
      }),
    )
  })

  it('does not depend on key order, also when records alternate between orders', () => {
    fc.assert(
      fc.property(recordOf(flatValue), (record) => {
        const first = entityETag(record)
        expect(entityETag(reversed(record))).toBe(first)
        expect(entityETag(record)).toBe(first)
      }),
    )
  })

  it('changes when any value changes', () => {
    fc.assert(
      fc.property(recordOf(flatValue), fc.string(), (record, changed) => {
        const names = Object.keys(record).filter((name) => record[name] !== undefined)
        fc.pre(names.length > 0)
        const name = names[changed.length % names.length] ?? 'id'
        fc.pre(record[name] !== changed)
        const edited = { ...record }
        Object.defineProperty(edited, name, {
          value: changed,
          enumerable: true,
          writable: true,
          configurable: true,
        })
        expect(entityETag(edited)).not.toBe(entityETag(record))
      }),
    )
  })

  it('follows the definition for function values too (a toJSON one serializes the record)', () => {
    const serializing = { id: 'a1', toJSON: () => ({ id: 'other' }) } as unknown as DataRecord
    const dropped = { id: 'a1', later: () => 1 } as unknown as DataRecord
    expect(entityETag(serializing)).toBe(definedTag(serializing))
    expect(entityETag(serializing)).toBe(entityETag({ id: 'other' }))
    expect(entityETag(dropped)).toBe(entityETag({ id: 'a1' }))
  })

  it('matches its own tag in a precondition and not an edited record', () => {
    const record: DataRecord = { id: 'a1', title: 'one', done: false }
    const tag = entityETag(record)
    expect(eTagMatches(tag, entityETag({ ...record }))).toBe(true)
    expect(eTagMatches(tag, entityETag({ ...record, done: true }))).toBe(false)
  })
})
