import { fail as assertFail } from 'node:assert/strict'
import { ObjectQLError } from '../../kernel/errors.js'
import type { BackendInfo } from '../common/backend-info.js'
import type { TestFunction } from '../common/test-function.js'
import type { SkipList } from '../driver/conformance-options.js'
import { writeProtocolReport } from '../report/write-reports.js'
import { buildProtocolResult } from './build-protocol-result.js'
import { formatProtocolFailure } from './format-protocol-failure.js'
import type { ProtocolName, ProtocolPaths } from './protocol-audit-context.js'
import { PROTOCOL_AUDITS } from './protocol-catalog.js'
import { inReportOrder } from './protocol-groups.js'
import { backendOf, resolveProtocolOptions } from './protocol-options.js'
import type { ProtocolAuditResult, ProtocolConformanceResult } from './protocol-result.js'
import type { ProtocolTransport } from './protocol-transport.js'
import { urlTransport } from './protocol-transport.js'
import {
  gateProtocolAudit,
  newRunTag,
  protocolIdentity,
  runProtocolAudit,
} from './run-protocol-audit.js'

/** A server `protocolSuite` started itself: how to reach it, and how to stop it. */
export interface ServedProtocols {
  readonly transport: ProtocolTransport
  close?(): Promise<void>
}

/** Options of {@link protocolSuite}. Give one of `transport`, `url` and `serve`. */
export interface ProtocolSuiteOptions {
  /** Name in test titles and reports. */
  readonly name: string
  /** The runner's `test` or `it` (vitest, jest, node:test, mocha, tape). */
  readonly test: TestFunction
  /** A ready transport, e.g. `injectTransport(app)`. */
  readonly transport?: ProtocolTransport
  /** The base URL of a running server. */
  readonly url?: string
  /**
   * Starts the server on first use (once for the whole suite), e.g.
   * `() => startInProcessProtocolServer()`. It is closed after the last audit, or by `afterAll`.
   */
  readonly serve?: () => Promise<ServedProtocols>
  /** The runner's `afterAll`, to close a served server even when tests are filtered out. */
  readonly afterAll?: (fn: () => Promise<void>) => unknown
  readonly protocols?: readonly ProtocolName[]
  readonly paths?: Partial<ProtocolPaths>
  /** Audits to skip, by id, with the reason shown in the runner's output. */
  readonly skip?: SkipList
  readonly only?: readonly string[]
  readonly seed?: number
  readonly numRuns?: number
  readonly backend?: BackendInfo
  /**
   * A directory to write `protocols/<name>.json` and `.md` into (rewritten after every audit,
   * so the last write is complete), or a callback receiving the result so far.
   */
  readonly report?: string | ((result: ProtocolConformanceResult) => void)
  /** Per-test timeout passed to the runner (ms; vitest and jest honour it). Default 120 000. */
  readonly timeout?: number
}

/** A transport that starts the server on its first request. */
function lazyServer(serve: () => Promise<ServedProtocols>): {
  transport: ProtocolTransport
  close(): Promise<void>
} {
  let started: Promise<ServedProtocols> | undefined
  let target = 'not started'
  const start = () => {
    started ??= serve().then((served) => {
      target = served.transport.target
      return served
    })
    return started
  }
  return {
    transport: {
      get target() {
        return target
      },
      async request(request) {
        return (await start()).transport.request(request)
      },
    },
    async close() {
      if (started === undefined) return
      const served = await started
      started = undefined
      await served.close?.()
    },
  }
}

/**
 * Registers one test per protocol audit with the given `test` function; imports no runner. The
 * audits run in report order (REST, JSON-RPC, GraphQL, OData, cross-protocol).
 *
 * @example
 * import { afterAll, test } from 'vitest'
 * protocolSuite({ name: 'my-server', test, afterAll, url: 'http://127.0.0.1:3000' })
 * @throws ObjectQLError `CONFIG_INVALID` at registration for bad options or not exactly one of
 *   `transport`, `url` and `serve`.
 */
export function protocolSuite(options: ProtocolSuiteOptions): void {
  const given = [options.transport, options.url, options.serve].filter((t) => t !== undefined)
  if (given.length !== 1) {
    throw new ObjectQLError('CONFIG_INVALID', 'give exactly one of transport, url and serve')
  }
  const served = options.serve === undefined ? undefined : lazyServer(options.serve)
  const transport = served?.transport ?? options.transport ?? urlTransport(options.url ?? '')
  const resolved = resolveProtocolOptions(
    { ...options, transport, url: undefined, audits: PROTOCOL_AUDITS },
    PROTOCOL_AUDITS,
  )
  const settings = { ...resolved, runTag: newRunTag() }
  const audits = inReportOrder(resolved.audits)
  const results: ProtocolAuditResult[] = []
  const startedAt = new Date()
  let remaining = audits.length
  const finished = async () => {
    remaining -= 1
    if (remaining === 0) await served?.close()
  }
  if (served !== undefined) options.afterAll?.(() => served.close())
  for (const audit of audits) {
    const title = `${audit.id} ${audit.level} ${audit.title}`
    const gated = gateProtocolAudit(audit, settings)
    if (gated?.status === 'skip' && options.test.skip !== undefined) {
      options.test.skip(`${title} (skipped: ${gated.reason})`, () => {})
      results.push({ ...gated, ...protocolIdentity(audit), durationMs: 0 })
      remaining -= 1
      continue
    }
    options.test(
      title,
      async (context) => {
        let result: ProtocolAuditResult
        try {
          result = await runProtocolAudit(audit, settings)
        } finally {
          await finished()
        }
        results.push(result)
        await report(options, resolved, transport, results, startedAt)
        if (result.status === 'skip') {
          context.skip?.(result.reason)
          return
        }
        if (result.status === 'fail' || result.status === 'error') {
          assertFail(
            `${options.name}: ${formatProtocolFailure(result)}\n  run seed ${resolved.seed}`,
          )
        }
      },
      options.timeout ?? 120_000,
    )
  }
}

async function report(
  options: ProtocolSuiteOptions,
  resolved: ReturnType<typeof resolveProtocolOptions>,
  transport: ProtocolTransport,
  results: readonly ProtocolAuditResult[],
  startedAt: Date,
): Promise<void> {
  if (options.report === undefined) return
  // A server the suite starts itself has its target only once it runs: read it now.
  const snapshot = buildProtocolResult({
    ...resolved,
    name: options.name,
    target: transport.target,
    backend: options.backend ?? backendOf(transport),
    results,
    startedAt,
  })
  if (typeof options.report === 'function') options.report(snapshot)
  else await writeProtocolReport(options.report, snapshot)
}
