import type { AuditGroup } from './audit-groups.js'
import type { AuditLevel } from './audit.js'

/** The audit held. */
export interface PassOutcome {
  readonly status: 'pass'
  /** Extra facts worth reporting (e.g. how many generated cases ran). */
  readonly note?: string
}

/** The driver broke the rule. The message names the smallest case that shows it. */
export interface FailOutcome {
  readonly status: 'fail'
  readonly message: string
  /** A small JSON-able reproduction: records, query, expected and actual. */
  readonly minimalCase?: unknown
  /** fast-check seed of a generated failure (replay with `objectql conform --replay`). */
  readonly seed?: number
  /** fast-check path of the shrunk counterexample. */
  readonly path?: string
}

/**
 * Why an audit did not run. `user`: the caller skipped it; `capability`: the driver does not
 * declare what the audit needs (counts against the grade); `not-applicable`: the rule only
 * applies with a capability the driver does not declare (does not count).
 */
export type SkipKind = 'user' | 'capability' | 'not-applicable'

/** The audit did not run. */
export interface SkipOutcome {
  readonly status: 'skip'
  readonly kind: SkipKind
  readonly reason: string
}

/** The audit could not complete (the factory threw, a timeout, a bug in the audit). */
export interface ErrorOutcome {
  readonly status: 'error'
  readonly message: string
}

/** What running one audit produced. */
export type AuditOutcome = PassOutcome | FailOutcome | SkipOutcome | ErrorOutcome

/**
 * An outcome with the audit's identity and timing, as reports store it.
 *
 * @typeParam Group - the report group: a driver {@link AuditGroup} by default; the protocol
 *   suite uses its own groups (`rest`, `json-rpc`, ..., `cross`).
 */
export type AuditResult<Group extends string = AuditGroup> = AuditOutcome & {
  readonly id: string
  readonly level: AuditLevel
  readonly group: Group
  readonly title: string
  readonly durationMs: number
}

/** The passing outcome. */
export function pass(note?: string): PassOutcome {
  return note === undefined ? { status: 'pass' } : { status: 'pass', note }
}

/** A failing outcome; optional fields are left out when undefined so JSON stays tidy. */
export function fail(
  message: string,
  extra: { minimalCase?: unknown; seed?: number; path?: string } = {},
): FailOutcome {
  const outcome: { -readonly [K in keyof FailOutcome]: FailOutcome[K] } = {
    status: 'fail',
    message,
  }
  if (extra.minimalCase !== undefined) outcome.minimalCase = extra.minimalCase
  if (extra.seed !== undefined) outcome.seed = extra.seed
  if (extra.path !== undefined) outcome.path = extra.path
  return outcome
}

/** A skipped outcome. */
export function skip(kind: SkipKind, reason: string): SkipOutcome {
  return { status: 'skip', kind, reason }
}
