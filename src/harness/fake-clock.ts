import { ObjectQLError } from '../kernel/errors.js'

/** Where a {@link FakeClock} starts when no start is given: a fixed, replayable instant. */
export const FAKE_CLOCK_EPOCH = '2024-01-01T00:00:00.000Z'

/** Options of {@link FakeClock}. */
export interface FakeClockOptions {
  /** The first instant (ISO-8601 string, Date or epoch ms); default {@link FAKE_CLOCK_EPOCH}. */
  readonly start?: string | Date | number
  /**
   * Milliseconds added after every `now()` call (default 0: time stands still until advanced).
   * A step of 1 gives every stamped record a distinct, increasing `created_at`.
   */
  readonly step?: number
}

/**
 * A clock that moves only when told to, for the kernel's `clock: () => Date` option: stamped
 * `created_at`/`updated_at` values become exact and replayable.
 *
 * `now` is an arrow property, so it can be handed over unbound: `createKernel({ clock: clock.now })`.
 *
 * @example
 * const clock = new FakeClock({ start: '2024-05-01T10:00:00Z' })
 * const record = await kernel.create('tasks', { title: 'a' }) // created_at 2024-05-01T10:00:00.000Z
 * clock.advance(60_000)
 * await kernel.update('tasks', record.id, { title: 'b' }) // updated_at 2024-05-01T10:01:00.000Z
 */
export class FakeClock {
  private current: number
  private readonly step: number

  constructor(options: FakeClockOptions = {}) {
    this.current = toEpoch(options.start ?? FAKE_CLOCK_EPOCH)
    const step = options.step ?? 0
    if (!Number.isFinite(step) || step < 0) {
      throw new ObjectQLError('CONFIG_INVALID', `FakeClock step must be a number >= 0, got ${step}`)
    }
    this.step = step
  }

  /** The current instant as a new Date (callers may mutate it freely). */
  readonly now = (): Date => {
    const date = new Date(this.current)
    this.current += this.step
    return date
  }

  /** The current instant in epoch milliseconds, without stepping. */
  get epochMs(): number {
    return this.current
  }

  /** The current instant as an ISO-8601 UTC string, without stepping. */
  toISOString(): string {
    return new Date(this.current).toISOString()
  }

  /** Moves the clock forward by `ms` (>= 0; a clock that goes back is `set`, deliberately). */
  advance(ms: number): this {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new ObjectQLError('CONFIG_INVALID', `FakeClock.advance needs ms >= 0, got ${ms}`)
    }
    this.current += ms
    return this
  }

  /** Jumps to an instant (forwards or backwards). */
  set(instant: string | Date | number): this {
    this.current = toEpoch(instant)
    return this
  }
}

function toEpoch(instant: string | Date | number): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : instant instanceof Date
        ? instant.getTime()
        : // A date-time without an offset means UTC here, never the machine's local zone.
          Date.parse(/T[\d:.]+$/.test(instant) ? `${instant}Z` : instant)
  if (!Number.isFinite(ms)) {
    throw new ObjectQLError('CONFIG_INVALID', `not a valid instant: ${String(instant)}`)
  }
  return ms
}
