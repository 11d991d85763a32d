/**
 * The child-process entry of the bench runner (never imported): it loads the scenario module,
 * runs ONE scenario once, prints `RESULT_MARKER + JSON` on stdout and exits. The parent starts a
 * fresh process for every measurement; see process-pool.ts.
 */
import { ObjectQLError, isObjectQLError, toObjectQLError } from '../kernel/errors.js'
import { measureTimed } from './bench-runner.js'
import type { ProcessOutcome } from './bench-result.js'
import { RESULT_MARKER } from './process-pool.js'
import type { WorkerReply, WorkerRequest } from './process-pool.js'
import { isSkip, isTimedScenario } from './scenario.js'
import type { Scenario } from './scenario.js'

function isScenarioNamed(item: unknown, name: string): boolean {
  return (
    typeof item === 'object' &&
    item !== null &&
    (item as { name?: unknown }).name === name &&
    ('setup' in item || 'measure' in item)
  )
}

async function runOne(request: WorkerRequest): Promise<ProcessOutcome> {
  const loaded = (await import(request.module)) as Record<string, unknown>
  const scenario = Object.values(loaded)
    .flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : []))
    .find((item): item is Scenario => isScenarioNamed(item, request.scenario))
  if (scenario === undefined) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `no scenario named '${request.scenario}' is exported by ${request.module}`,
    )
  }
  if (!isTimedScenario(scenario)) {
    const measured = await scenario.measure()
    if (isSkip(measured)) return { kind: 'skipped', reason: measured.skip }
    return {
      kind: 'measured',
      value: measured.value,
      ...(measured.reference === undefined ? {} : { reference: measured.reference }),
    }
  }
  const setup = await scenario.setup()
  if (isSkip(setup)) return { kind: 'skipped', reason: setup.skip }
  try {
    const timing = await measureTimed(setup, {
      time: request.time,
      warmupTime: request.warmupTime,
      referenceFirst: request.referenceFirst,
      slowdown: request.slowdown,
    })
    const { ratio, referenceP50Us, ...details } = timing
    return {
      kind: 'measured',
      value: ratio,
      reference: { value: referenceP50Us, unit: 'µs' },
      details: { ...details, referenceP50Us },
    }
  } finally {
    await setup.teardown?.()
  }
}

function print(reply: WorkerReply, exitCode: number): void {
  // Exit explicitly once the line is flushed: a client library's idle socket or timer must not
  // keep a finished measurement process alive.
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(reply)}\n`, () => process.exit(exitCode))
}

try {
  const request = JSON.parse(process.argv[2] ?? '') as WorkerRequest
  const outcome = await runOne(request)
  print({ ok: true, outcome }, 0)
} catch (error) {
  const mapped = toObjectQLError(error)
  const cause =
    isObjectQLError(error) && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ''
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  print({ ok: false, code: mapped.code, message: `${mapped.message}${cause}` }, 1)
}
