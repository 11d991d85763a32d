import { ObjectQLError } from '../../kernel/errors.js'
import type { BackendInfo } from '../common/backend-info.js'
import { randomSeed, validateSeed } from '../common/seed.js'
import type { SkipList } from '../driver/conformance-options.js'
import type { ProtocolAudit } from './protocol-audit.js'
import { DEFAULT_PROTOCOL_PATHS, PROTOCOL_NAMES } from './protocol-audit-context.js'
import type { ProtocolName, ProtocolPaths } from './protocol-audit-context.js'
import type { ProtocolProgressEvent } from './protocol-result.js'
import { urlTransport } from './protocol-transport.js'
import type { ProtocolTransport } from './protocol-transport.js'

/** Options of `runProtocolConformance` (and, mostly, of `protocolSuite`). */
export interface ProtocolConformanceOptions {
  /** How to reach the server: a transport (e.g. `injectTransport(fastify)`) or ... */
  readonly transport?: ProtocolTransport
  /** ... a base URL (`http://127.0.0.1:3000`); give exactly one of the two. */
  readonly url?: string
  /** Report name; defaults to the URL's host, or `in-process` for an inject transport. */
  readonly name?: string
  /** The protocols to audit (default all four); audits needing another one are not applicable. */
  readonly protocols?: readonly ProtocolName[]
  /** Where the server mounts each protocol, when not at upstream's paths. */
  readonly paths?: Partial<ProtocolPaths>
  /** Seed for generated inputs; random (and reported) when absent. */
  readonly seed?: number
  /** Generated cases per property audit (default {@link DEFAULT_PROTOCOL_RUNS}). */
  readonly numRuns?: number
  /** Audits to skip, by id, each with the reason the report shows. A skipped MUST is partial. */
  readonly skip?: SkipList
  /** Run only these audit ids. */
  readonly only?: readonly string[]
  /** What serves the protocols, for reports (default: `url` with the URL, or embedded). */
  readonly backend?: BackendInfo
  /** Receives one event per audit and per finished group (CLI progress lines). */
  readonly onProgress?: (event: ProtocolProgressEvent) => void
  /** Replace the audit list (tests of the suite itself). */
  readonly audits?: readonly ProtocolAudit[]
}

/** Default number of generated cases per property audit: each case is an HTTP round trip. */
export const DEFAULT_PROTOCOL_RUNS = 25

/** Options after validation, with defaults filled in. */
export interface ResolvedProtocolOptions {
  readonly transport: ProtocolTransport
  readonly name: string
  readonly backend: BackendInfo
  readonly protocols: readonly ProtocolName[]
  readonly paths: ProtocolPaths
  readonly seed: number
  readonly numRuns: number
  readonly skip: SkipList
  readonly audits: readonly ProtocolAudit[]
}

function invalid(message: string, details?: Record<string, unknown>): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', message, details === undefined ? {} : { details })
}

/**
 * Reads `--protocol` style input: `all`, or a comma-separated list of protocol names.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming an unknown protocol.
 */
export function parseProtocolList(text: string): ProtocolName[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.includes('all')) return [...PROTOCOL_NAMES]
  return validateProtocols(parts)
}

function validateProtocols(names: readonly string[]): ProtocolName[] {
  const known = new Set<string>(PROTOCOL_NAMES)
  const bad = names.filter((name) => !known.has(name))
  if (bad.length > 0) {
    throw invalid(
      `unknown protocol${bad.length === 1 ? '' : 's'} ${bad.map((b) => `'${b}'`).join(', ')}: use ${PROTOCOL_NAMES.join(', ')} or all`,
      { unknown: bad },
    )
  }
  if (names.length === 0) throw invalid(`name at least one protocol: ${PROTOCOL_NAMES.join(', ')}`)
  // Report order, without repeats, whatever order the caller used.
  return PROTOCOL_NAMES.filter((name) => names.includes(name))
}

/**
 * Checks mount paths: known protocol keys, each an absolute path.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for an unknown key or a path not starting with `/`.
 */
export function resolvePaths(paths: Partial<ProtocolPaths> | undefined): ProtocolPaths {
  const known = Object.keys(DEFAULT_PROTOCOL_PATHS)
  for (const [key, value] of Object.entries(paths ?? {})) {
    if (!known.includes(key)) {
      throw invalid(`unknown path key '${key}': use ${known.join(', ')}`, { key })
    }
    if (typeof value !== 'string' || !value.startsWith('/')) {
      throw invalid(`path of ${key} must start with '/', got ${JSON.stringify(value)}`, { key })
    }
  }
  const merged = { ...DEFAULT_PROTOCOL_PATHS, ...paths }
  // Audits append `/<object>`, so a trailing slash goes: `/api/data/` is `/api/data`, and a
  // protocol mounted at the root (`/`) becomes the empty prefix.
  const trimmed = Object.fromEntries(
    Object.entries(merged).map(([key, value]) => [key, value.replace(/\/+$/, '')]),
  )
  return Object.freeze(trimmed) as unknown as ProtocolPaths
}

/**
 * How a report names what served a transport: embedded for `inject`, else its target (a
 * transport's target never carries a password: `urlTransport` redacts it).
 */
export function backendOf(transport: ProtocolTransport): BackendInfo {
  return transport.target === 'inject'
    ? { kind: 'embedded', detail: 'inject' }
    : { kind: 'url', detail: transport.target }
}

function pickTransport(options: ProtocolConformanceOptions): {
  transport: ProtocolTransport
  backend: BackendInfo
} {
  if ((options.transport === undefined) === (options.url === undefined)) {
    throw invalid('give exactly one of transport and url')
  }
  const transport = options.transport ?? urlTransport(options.url ?? '')
  return { transport, backend: options.backend ?? backendOf(transport) }
}

/** The report name of a target: the URL's `host:port`, or `in-process`. */
export function defaultName(target: string): string {
  if (target === 'inject') return 'in-process'
  try {
    const url = new URL(target)
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`
  } catch {
    return target
  }
}

/**
 * Validates options against the audit catalog.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for a missing or double target, a bad seed, run count,
 *   protocol, path or an unknown audit id.
 */
export function resolveProtocolOptions(
  options: ProtocolConformanceOptions,
  catalog: readonly ProtocolAudit[],
): ResolvedProtocolOptions {
  const { transport, backend } = pickTransport(options)
  const known = new Set(catalog.map((audit) => audit.id))
  const unknown = (ids: readonly string[], what: string) => {
    const bad = ids.filter((id) => !known.has(id))
    if (bad.length > 0) {
      throw invalid(
        `unknown audit id${bad.length === 1 ? '' : 's'} in ${what}: ${bad.join(', ')} (ids look like PRT-REST-001)`,
        { unknown: bad },
      )
    }
  }
  const skip = options.skip ?? {}
  unknown(Object.keys(skip), 'skip')
  if (options.only !== undefined) unknown(options.only, 'only')
  const numRuns = options.numRuns ?? DEFAULT_PROTOCOL_RUNS
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) {
    throw invalid(`numRuns must be a positive integer, got ${String(numRuns)}`)
  }
  const only = options.only === undefined ? undefined : new Set(options.only)
  return {
    transport,
    backend,
    name: options.name ?? defaultName(transport.target),
    protocols: validateProtocols(options.protocols ?? PROTOCOL_NAMES),
    paths: resolvePaths(options.paths),
    seed: validateSeed(options.seed ?? randomSeed()),
    numRuns,
    skip,
    audits: only === undefined ? catalog : catalog.filter((audit) => only.has(audit.id)),
  }
}
