import { afterEach, describe, expect, it, vi } from 'vitest'
import { randomId } from './remote-id.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('remote driver ids', () => {
  it('DRV-ID-002 uses crypto.randomUUID where it exists', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomId()))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(id).toMatch(V4)
  })

  it('DRV-ID-002 falls back to getRandomValues outside secure contexts (no randomUUID)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', {
      getRandomValues: (array: Uint8Array) => real.getRandomValues(array),
    })
    expect(typeof globalThis.crypto.randomUUID).toBe('undefined')
    const ids = new Set(Array.from({ length: 500 }, () => randomId()))
    expect(ids.size).toBe(500)
    for (const id of ids) expect(id).toMatch(V4)
  })
})
