import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  openSync,
  readFileSync,
  statSync,
} from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'

/**
 * Process plumbing shared by the throwaway local servers: free ports, temp dirs owned by the
 * server's system user, binaries, and child processes that are stopped (and, as a last resort,
 * signalled when the test process exits) so no server outlives the run.
 */

/** A free TCP port on 127.0.0.1, found by binding port 0 and closing again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))))
    })
  })
}

/** A uid/gid pair to run a server as. */
export interface SystemUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/**
 * The system user a server must run as when this process is root (PostgreSQL refuses to run as
 * root; MariaDB wants `--user`). Undefined when not root: the server then runs as ourselves.
 * Throws `SERVICE_UNAVAILABLE` when root but the user does not exist.
 */
export function serverUser(name: string): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined
  const passwd = readFileSync('/etc/passwd', 'utf8')
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':')
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) }
    }
  }
  throw new ObjectQLError(
    'SERVICE_UNAVAILABLE',
    `running as root, but system user '${name}' does not exist`,
  )
}

/** Creates `<tmpRoot>/objectql-<service>-XXXX`, owned by `user` when given. */
export async function makeTempDir(
  service: string,
  tmpRoot: string | undefined,
  user: SystemUser | undefined,
): Promise<string> {
  const root = tmpRoot ?? tmpdir()
  if (user !== undefined) assertTraversable(root, user)
  const dir = await mkdtemp(join(root, `objectql-${service}-`))
  if (user !== undefined) chownSync(dir, user.uid, user.gid)
  return dir
}

// The server runs as another user, who must be able to reach its temp dir through every
// ancestor (a mkdtemp parent is 0700 root, for instance). Checked up front for a clear message.
function assertTraversable(dir: string, user: SystemUser): void {
  for (let path = resolve(dir); ; path = dirname(path)) {
    const { mode, uid, gid } = statSync(path)
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001
    if ((mode & bit) === 0) {
      throw new ObjectQLError(
        'SERVICE_UNAVAILABLE',
        `temp root ${dir} is not reachable by system user '${user.name}' (${path} has mode ${(mode & 0o777).toString(8)}); use a world-traversable directory`,
      )
    }
    if (path === dirname(path)) return
  }
}

/** Removes a temp dir made by {@link makeTempDir}. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/**
 * The first executable among `names` in `dirs` (or in `PATH` plus `fallbackDirs` when `binDir`
 * is not given). Returns undefined when none exists.
 */
export function findBinary(
  names: readonly string[],
  binDir: string | undefined,
  fallbackDirs: readonly string[] = [],
): string | undefined {
  const pathDirs = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '')
  const dirs = binDir === undefined ? [...pathDirs, ...fallbackDirs] : [binDir]
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name)
      try {
        accessSync(candidate, constants.X_OK)
        return candidate
      } catch {
        // not here; try the next candidate
      }
    }
  }
  return undefined
}

/** Options of {@link runCommand} and {@link startServer}. */
export interface ProcessOptions {
  readonly user?: SystemUser | undefined
  readonly cwd: string
  readonly timeoutMs?: number
}

/** Runs a setup command (initdb, mariadb-install-db) to completion; coded error with its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        uid: options.user?.uid,
        gid: options.user?.gid,
        timeout: options.timeoutMs ?? 60_000,
        env: { ...process.env, LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve()
        const output = `${stdout}\n${stderr}`.trim().slice(-1500)
        reject(
          new ObjectQLError(
            'SERVICE_UNAVAILABLE',
            `${command} failed: ${output || error.message}`,
            {
              cause: error,
            },
          ),
        )
      },
    )
  })
}

const live = new Map<ChildProcess, NodeJS.Signals>()
let exitHookInstalled = false

/** A running server child process. */
export interface ServerProcess {
  readonly pid: number | undefined
  /** A reason when the process has exited, else undefined. */
  exitReason(): string | undefined
  /** The last part of the server's log, for error messages. */
  logTail(): string
  /** Sends the stop signal, waits up to `graceMs`, then SIGKILL; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>
}

/**
 * Starts a long-running server in the foreground (no daemonizing, so this process owns its pid),
 * with stdout and stderr written to `logFile`. `stopSignal` is the server's fast, clean shutdown.
 */
export function startServer(
  command: string,
  args: readonly string[],
  options: ProcessOptions & { readonly logFile: string; readonly stopSignal: NodeJS.Signals },
): ServerProcess {
  const fd = openSync(options.logFile, 'a')
  const child = spawn(command, args, {
    cwd: options.cwd,
    uid: options.user?.uid,
    gid: options.user?.gid,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, LC_ALL: 'C' },
  })
  closeSync(fd)
  let exit: string | undefined
  const exited = new Promise<void>((resolve) => {
    const done = (reason: string): void => {
      exit ??= reason
      live.delete(child)
      resolve()
    }
    child.once('exit', (code, signal) => done(`exited with ${signal ?? `code ${code}`}`))
    child.once('error', (error) => done(`could not start: ${error.message}`))
  })
  live.set(child, options.stopSignal)
  installExitHook()
  return {
    pid: child.pid,
    exitReason: () => exit,
    logTail: () => readTail(options.logFile),
    async stop(graceMs = 10_000) {
      if (exit !== undefined) return
      child.kill(options.stopSignal)
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs)
      })
      const outcome = await Promise.race([exited, grace])
      clearTimeout(timer)
      if (outcome === 'timeout') {
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-1500).trim()
  } catch {
    return ''
  }
}

// Last resort when a test process ends without releasing its services (a crash, a forgotten
// release): signal every live server so none outlives the run. 'exit' handlers must be
// synchronous, so the temp dirs of such servers stay behind in the OS temp dir.
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const [child, signal] of live) child.kill(signal)
  })
}

/**
 * Runs `launch` with a free port, retrying with a fresh port (up to `attempts` times) when the
 * server lost the race for it to another process between our probe and its bind.
 */
export async function withFreePort<T>(
  launch: (port: number) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    try {
      return await launch(port)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (attempt >= attempts || !/address already in use|EADDRINUSE/i.test(message)) throw error
    }
  }
}

/** A reason for `abandon` built from a server's exit and log, or undefined while it runs. */
export function describeExit(exit: string | undefined, log: string): string | undefined {
  return exit === undefined ? undefined : `server ${exit}: ${log || '(empty log)'}`
}

/** Wraps an async release so that repeated calls share the first call's promise. */
export function once(release: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined
  return () => (pending ??= release())
}
