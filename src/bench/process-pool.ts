import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ObjectQLError } from '../kernel/errors.js'
import type { ProcessOutcome } from './bench-result.js'

/** What the parent asks one worker process to do. */
export interface WorkerRequest {
  /** URL of a module exporting the scenario (in any exported array). */
  readonly module: string
  readonly scenario: string
  readonly time: number
  readonly warmupTime: number
  readonly referenceFirst: boolean
  readonly slowdown: number
}

/** The line prefix a worker puts before its JSON result; everything else on stdout is noise. */
export const RESULT_MARKER = '@@objectql-bench-result@@'

/** What a worker prints after the marker. */
export type WorkerReply =
  | { readonly ok: true; readonly outcome: ProcessOutcome }
  | { readonly ok: false; readonly code: string; readonly message: string }

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Extra node flags for this process. */
  readonly nodeFlags?: readonly string[]
  /** Kill the worker after this long; default 5 minutes. */
  readonly timeoutMs?: number
}

const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts')

/**
 * `node` arguments that start the worker: from source (`.ts`, through the tsx loader) when this
 * file is the TypeScript source, else the built `.js` next to it. Every worker gets
 * `--expose-gc` so memory scenarios can collect before measuring.
 */
export function workerCommand(extraFlags: readonly string[] = []): string[] {
  const worker = fileURLToPath(
    new URL(`./bench-worker.${RUNNING_FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url),
  )
  // From source: tsx resolves `.js` specifiers to `.ts` files, and our hooks, registered after
  // it, compile them with TypeScript itself (no esbuild keepNames wrappers; see
  // source-loader/typescript-load-hooks.ts).
  const loader = RUNNING_FROM_SOURCE
    ? [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
        '--import',
        new URL('./source-loader/register-source-loader.ts', import.meta.url).href,
      ]
    : []
  return ['--expose-gc', ...loader, ...extraFlags, worker]
}

/** Parses a worker's stdout: the last marked line wins. */
export function parseWorkerOutput(stdout: string): WorkerReply | undefined {
  const lines = stdout.split('\n').filter((line) => line.startsWith(RESULT_MARKER))
  const last = lines.at(-1)
  if (last === undefined) return undefined
  return JSON.parse(last.slice(RESULT_MARKER.length)) as WorkerReply
}

function tail(text: string, lines = 12): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

/**
 * Runs one scenario in one fresh `node` process and resolves its outcome. One process per
 * measurement is the point: V8's per-process JIT lottery can make a whole process 2-6x slower,
 * which only the median over several processes absorbs.
 *
 * @throws ObjectQLError `INTERNAL_ERROR` when the worker crashes, times out, reports an error or
 *   prints no result (its stderr tail is in the message).
 */
export function runWorker(
  request: WorkerRequest,
  options: RunWorkerOptions = {},
): Promise<ProcessOutcome> {
  const args = [...workerCommand(options.nodeFlags), JSON.stringify(request)]
  const timeoutMs = options.timeoutMs ?? 300_000
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const fail = (message: string, cause?: unknown): void =>
      reject(
        new ObjectQLError('INTERNAL_ERROR', `bench ${request.scenario}: ${message}`, {
          cause,
          details: { scenario: request.scenario, stderr: tail(stderr, 40) },
        }),
      )
    child.on('error', (error) => {
      clearTimeout(timer)
      fail(`could not start a worker process (${error.message})`, error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      let reply: WorkerReply | undefined
      try {
        reply = parseWorkerOutput(stdout)
      } catch (error) {
        fail('the worker printed an unreadable result', error)
        return
      }
      if (reply?.ok === true && code === 0) {
        resolve(reply.outcome)
        return
      }
      if (reply?.ok === false) {
        fail(`${reply.code}: ${reply.message}`)
        return
      }
      const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`
      const timedOut = signal === 'SIGKILL' ? ` (killed after ${timeoutMs} ms)` : ''
      fail(`the worker ended with ${how}${timedOut} and no result\n${tail(stderr)}`)
    })
  })
}
