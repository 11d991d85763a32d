import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../kernel/errors.js'
import { FAKE_CLOCK_EPOCH, FakeClock } from './fake-clock.js'

describe('FakeClock', () => {
  it('starts at a fixed epoch and stands still until advanced', () => {
    const clock = new FakeClock()
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_EPOCH)
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_EPOCH)
    clock.advance(1500)
    expect(clock.toISOString()).toBe('2024-01-01T00:00:01.500Z')
  })

  it('works unbound, as the kernel calls it', () => {
    const clock = new FakeClock({ start: '2024-05-01T10:00:00Z' })
    const { now } = clock
    expect(now().toISOString()).toBe('2024-05-01T10:00:00.000Z')
  })

  it('set() jumps both ways; an offset-less date-time means UTC', () => {
    const clock = new FakeClock()
    clock.set('2030-02-03T04:05:06')
    expect(clock.toISOString()).toBe('2030-02-03T04:05:06.000Z')
    clock.set(new Date('2001-01-01T00:00:00Z'))
    expect(clock.epochMs).toBe(Date.UTC(2001, 0, 1))
  })

  it('step advances after every now(), giving distinct increasing instants', () => {
    const clock = new FakeClock({ start: 0, step: 10 })
    expect([clock.now(), clock.now(), clock.now()].map((d) => d.getTime())).toEqual([0, 10, 20])
  })

  it('returns fresh Date objects: mutating one does not move the clock', () => {
    const clock = new FakeClock()
    clock.now().setUTCFullYear(1999)
    expect(clock.toISOString()).toBe(FAKE_CLOCK_EPOCH)
  })

  it('rejects invalid instants and negative moves with CONFIG_INVALID', () => {
    const clock = new FakeClock()
    for (const bad of [
      () => clock.set('not a date'),
      () => clock.advance(-1),
      () => new FakeClock({ step: -1 }),
    ]) {
      let error: unknown
      try {
        bad()
      } catch (caught) {
        error = caught
      }
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
    }
  })
})
