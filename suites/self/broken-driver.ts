import type { Driver } from '../../src/kernel/driver/driver.js'

/** A deliberately broken driver and the audit that must catch it. */
export interface BrokenDriver {
  /** Kebab-case name of the bug; the driver reports itself as `broken:<bug>`. */
  readonly bug: string
  /** What the planted bug does, in one line. */
  readonly description: string
  /** The SPEC.md rule id whose audit must fail. */
  readonly caughtBy: string
  /** A text the failure message must contain: a piece of the minimal case. */
  readonly evidence: string
  readonly factory: () => Driver
}
