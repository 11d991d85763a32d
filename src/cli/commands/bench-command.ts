import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type * as BenchExports from '../../bench/index.js'
import type { BenchProgress, BenchRun, GateReport } from '../../bench/index.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { CliCommand, CliIO } from '../cli-command.js'
import { BENCH_USAGE, parseBenchArgs } from './bench-args.js'
import type { BenchArgs } from './bench-args.js'

type BenchModule = typeof BenchExports

/**
 * The bench module, loaded on first use: it pulls in every driver and protocol, which other
 * commands (and `objectql --help`) should not pay for.
 */
function loadBench(): Promise<BenchModule> {
  return import('../../bench/index.js')
}

/** Progress lines on stderr: one per finished process, so a slow scenario shows as it runs. */
function progressPrinter(
  { formatValue }: BenchModule,
  io: CliIO,
  label = '',
): (event: BenchProgress) => void {
  let done = 0
  let total = 0
  let processes = 0
  return (event) => {
    if (event.kind === 'start') {
      processes = event.processes
      total = event.scenarios * processes
      return
    }
    if (event.kind !== 'process') return
    done += 1
    // A scenario that skips is not started again: its remaining processes leave the count.
    if (event.outcome.kind === 'skipped') total -= processes - event.index
    const head = `  ${label}[${String(done).padStart(String(total).length)}/${total}] ${event.scenario.name.padEnd(38)}`
    const seconds = `(${(event.durationMs / 1000).toFixed(1)} s)`
    if (event.outcome.kind === 'skipped') {
      io.err(`${head} skipped: ${event.outcome.reason}\n`)
      return
    }
    const unit = event.scenario.unit ?? 'x'
    io.err(
      `${head} process ${event.index}/${event.of}  ${formatValue(event.outcome.value, unit).padStart(9)}  ${seconds}\n`,
    )
  }
}

function listScenarios(
  { SCENARIOS, FAST_GATE_FILTER, formatTarget }: BenchModule,
  io: CliIO,
): number {
  for (const scenario of SCENARIOS) {
    const target =
      scenario.target === undefined
        ? ''
        : `  target ${formatTarget(scenario.target, scenario.unit ?? 'x')}`
    const fast = FAST_GATE_FILTER.includes(scenario.name) ? '  [fast gate]' : ''
    io.out(
      `${scenario.name.padEnd(40)} ${scenario.kind.padEnd(10)} ${scenario.title}${target}${fast}\n`,
    )
  }
  return 0
}

async function writeJson(
  path: string,
  run: BenchRun,
  gate: GateReport | undefined,
  rerun?: BenchRun,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const body = { ...run, gate, ...(rerun === undefined ? {} : { confirmation: rerun }) }
  await writeFile(path, `${JSON.stringify(body, null, 2)}\n`)
}

async function bench(b: BenchModule, args: BenchArgs, io: CliIO): Promise<number> {
  const { SCENARIOS } = b
  const scenarios = b.selectScenarios(SCENARIOS, args.filter)
  for (const name of args.slowdown.keys()) {
    if (!scenarios.some((s) => s.name === name)) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `--slowdown names '${name}', which this run does not include`,
      )
    }
  }
  const baselineFile = await b.readBaselineFile(args.baseline)
  if (args.gate !== undefined && baselineFile === undefined && !args.updateBaseline) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `no baseline at ${args.gate}; record one first with --update-baseline --gate ${args.gate}`,
    )
  }
  const environment = b.benchEnvironment()
  io.err(
    `objectql bench: ${scenarios.length} scenario(s) x ${args.processes} processes, ${args.time} ms per task ` +
      `(Node ${environment.node}, toolkit ${environment.toolkit}, commit ${environment.commit})\n`,
  )
  const started = Date.now()
  const common = {
    processes: args.processes,
    time: args.time,
    warmupTime: args.warmup,
    slowdown: args.slowdown,
    environment,
  }
  const run = await b.runBench({ ...common, scenarios, onProgress: progressPrinter(b, io) })
  let gate = b.evaluateGate(run, baselineFile)
  let rerun: BenchRun | undefined
  const flagged = b.flaggedScenarios(gate)
  if (args.gate !== undefined && flagged.length > 0) {
    io.err(
      `\nre-running ${flagged.length} flagged scenario(s) in fresh processes to confirm: ${flagged.join(', ')}\n`,
    )
    rerun = await b.runBench({
      ...common,
      scenarios: scenarios.filter((s) => flagged.includes(s.name)),
      rerun: true,
      onProgress: progressPrinter(b, io, 're-run '),
    })
    gate = b.confirmGate(gate, rerun, baselineFile)
  }
  io.out(`\n${b.renderMarkdownSummary(run, gate)}`)
  const written: string[] = []
  if (args.out !== undefined) {
    written.push(
      ...(await b.writeBenchReports(args.out, run, gate, {
        recordHistory: args.history,
        scenarios: SCENARIOS,
      })),
    )
  }
  if (args.json !== undefined) {
    await writeJson(args.json, run, gate, rerun)
    written.push(args.json)
  }
  if (args.updateBaseline) {
    await b.writeBaselineFile(args.baseline, b.withRunAsBaseline(baselineFile, run))
    written.push(args.baseline)
  }
  if (written.length > 0) io.err(`\nwritten: ${written.join(', ')}\n`)
  io.err(`bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  for (const warning of gate.warnings) io.err(`warning: ${warning}\n`)
  if (args.gate === undefined) return 0
  const failing = gate.verdicts.filter((v) => v.fails)
  if (failing.length === 0) {
    io.err(`gate: PASSED (${gate.verdicts.length} scenarios against ${gate.key})\n`)
    return 0
  }
  io.err(`gate: FAILED\n`)
  for (const verdict of failing) io.err(`  ${verdict.name}: ${verdict.note}\n`)
  return 1
}

/** `objectql bench`: benchmark scenarios, the regression gate, reports and charts. */
export const BENCH_COMMAND: CliCommand = {
  name: 'bench',
  summary: 'benchmark ratios in fresh processes, regression gate, Markdown and SVG reports',
  usage: BENCH_USAGE,
  async run(argv, io) {
    const args = parseBenchArgs(argv)
    if (args.help) {
      io.out(BENCH_USAGE)
      return 0
    }
    const b = await loadBench()
    if (args.list) return listScenarios(b, io)
    return bench(b, args, io)
  },
}
