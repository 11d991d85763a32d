import { ObjectQLError } from '../../kernel/errors.js'
import type { BackendInfo } from '../common/backend-info.js'
import { parseReplayToken, randomSeed, validateSeed } from '../common/seed.js'
import type { ReplayToken } from '../common/seed.js'
import type { DriverAudit } from './driver-audit.js'
import type { DriverFactory } from './driver-factory.js'
import type { ProgressEvent } from './progress-event.js'

/** Audits to skip, by id, each with the reason the report shows. */
export type SkipList = Readonly<Record<string, string>>

/** Options of `runDriverConformance` (and, mostly, of `driverSuite`). */
export interface DriverConformanceOptions {
  /** Makes a fresh, unconnected driver; called once per audit. */
  readonly factory: DriverFactory
  /** Report name; defaults to the driver's `name`. */
  readonly name?: string
  /** Audits to skip with a reason. A skipped MUST makes the driver partial. */
  readonly skip?: SkipList
  /** Run only these audit ids (e.g. from `--only`). */
  readonly only?: readonly string[]
  /** fast-check seed for every property; random (and reported) when absent. */
  readonly seed?: number
  /** Generated cases per property (default 100). */
  readonly runs?: number
  /** Repeat a reported failure: `<seed>` or `<seed>/<path>`; overrides `seed`. */
  readonly replay?: string | ReplayToken
  /** Which backend this run uses; reports record it. Defaults to embedded. */
  readonly backend?: BackendInfo
  /** Receives one event per audit and per finished group (CLI progress lines). */
  readonly onProgress?: (event: ProgressEvent) => void
  /** Replace the audit list (tests of the suite itself). */
  readonly audits?: readonly DriverAudit[]
}

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  readonly seed: number
  readonly runs: number
  readonly replayPath: string | undefined
  readonly skip: SkipList
  readonly audits: readonly DriverAudit[]
}

/** Default number of generated cases per property. */
export const DEFAULT_RUNS = 100

/**
 * Validates options against the audit catalog.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for a bad seed, run count or unknown audit id.
 */
export function resolveOptions(
  options: DriverConformanceOptions,
  catalog: readonly DriverAudit[],
): ResolvedOptions {
  const known = new Set(catalog.map((audit) => audit.id))
  const unknown = (ids: readonly string[], flag: string) => {
    const bad = ids.filter((id) => !known.has(id))
    if (bad.length > 0) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `unknown audit id${bad.length === 1 ? '' : 's'} in ${flag}: ${bad.join(', ')} (ids look like DRV-NULL-002)`,
        { details: { unknown: bad } },
      )
    }
  }
  const skip = options.skip ?? {}
  unknown(Object.keys(skip), 'skip')
  if (options.only !== undefined) unknown(options.only, 'only')
  const token =
    typeof options.replay === 'string' ? parseReplayToken(options.replay) : options.replay
  if (token?.path !== undefined && options.only?.length !== 1) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `a replay path (${token.seed}/${token.path}) belongs to one audit: add --only <audit id>`,
    )
  }
  const seed = validateSeed(token?.seed ?? options.seed ?? randomSeed())
  const runs = options.runs ?? DEFAULT_RUNS
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `runs must be a positive integer, got ${String(runs)}`,
    )
  }
  const only = options.only === undefined ? undefined : new Set(options.only)
  return {
    seed,
    runs,
    replayPath: token?.path,
    skip,
    audits: only === undefined ? catalog : catalog.filter((audit) => only.has(audit.id)),
  }
}
