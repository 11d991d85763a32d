import { describe, expect, it } from 'vitest'
import { MemoryStorage } from './memory-storage.js'

describe('MemoryStorage (the Web Storage interface for Node)', () => {
  it('behaves like Storage for missing keys, positions and string conversion', () => {
    const storage = new MemoryStorage()
    expect(storage.getItem('a')).toBeNull()
    expect(storage.key(0)).toBeNull()
    storage.setItem('a', '1')
    storage.setItem('b', 2 as unknown as string)
    expect(storage.getItem('b')).toBe('2')
    storage.setItem('a', 'replaced')
    expect([storage.key(0), storage.key(1), storage.key(2), storage.key(-1)]).toEqual([
      'a',
      'b',
      null,
      null,
    ])
    expect(storage.length).toBe(2)
    storage.removeItem('missing')
    storage.removeItem('a')
    expect(storage.length).toBe(1)
    expect(storage.getItem('a')).toBeNull()
  })

  it('counts two bytes per UTF-16 unit of keys and values', () => {
    const storage = new MemoryStorage()
    storage.setItem('k', '\u{1F600}') // one key unit, two value units
    expect(storage.usedBytes).toBe(6)
    storage.setItem('k', '')
    expect(storage.usedBytes).toBe(2)
    storage.clear()
    expect(storage.usedBytes).toBe(0)
  })

  it('throws a QuotaExceededError DOMException over quota and keeps the previous value', () => {
    const storage = new MemoryStorage({ quotaBytes: 20 })
    storage.setItem('k', 'abcd') // 10 bytes
    let thrown: unknown
    try {
      storage.setItem('k', 'x'.repeat(10)) // 22 bytes
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(DOMException)
    expect((thrown as DOMException).name).toBe('QuotaExceededError')
    expect(storage.getItem('k')).toBe('abcd')
    expect(storage.usedBytes).toBe(10)
    storage.setItem('k', 'x'.repeat(9)) // exactly 20 bytes fits
    expect(storage.getItem('k')).toHaveLength(9)
  })
})
