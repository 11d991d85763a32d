import { existsSync, readFileSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'

/** The answer of {@link detectContainerRuntime}. */
export interface ContainerRuntimeStatus {
  readonly available: boolean
  /** Why no runtime is usable, or which endpoint answered. */
  readonly reason: string
  /** Milliseconds the detection took. */
  readonly elapsedMs: number
}

/** Options of {@link detectContainerRuntime}. */
export interface ContainerRuntimeOptions {
  /** Where to read `DOCKER_HOST` and friends (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /**
   * Upper bound for waiting on the runtime's answer (default 1 500 ms), so an endpoint that does
   * not answer never hangs the run. Loading testcontainers itself (about 0.5 s of synchronous
   * module loading, more on a busy machine) comes on top, and only when a hint exists.
   */
  readonly timeoutMs?: number
}

/**
 * The places testcontainers' strategies look for a Docker endpoint (environment, properties
 * file, default and rootless sockets). Returns the first hint found, or undefined when none
 * exists, in which case no strategy can succeed and importing testcontainers (about half a
 * second) is skipped entirely.
 */
export function findContainerRuntimeHint(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (process.platform === 'win32') return 'windows named pipe (checked by testcontainers)'
  for (const key of ['DOCKER_HOST', 'TESTCONTAINERS_HOST_OVERRIDE']) {
    const value = env[key]
    if (value !== undefined && value !== '') return `${key}=${value}`
  }
  const home = homedir()
  const properties = join(home, '.testcontainers.properties')
  if (existsSync(properties) && /^\s*docker\.host\s*=/m.test(readFileSync(properties, 'utf8'))) {
    return `docker.host in ${properties}`
  }
  const sockets = [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR === undefined ? undefined : join(env.XDG_RUNTIME_DIR, 'docker.sock'),
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join('/run', 'user', String(userInfo().uid), 'docker.sock'),
  ]
  const socket = sockets.find((path) => path !== undefined && existsSync(path))
  return socket === undefined ? undefined : `socket ${socket}`
}

let cached: Promise<ContainerRuntimeStatus> | undefined

/**
 * Whether a container runtime answers, decided in milliseconds and never hanging: first the
 * dependency-free {@link findContainerRuntimeHint}; only when it finds a hint is testcontainers
 * imported and `getContainerRuntimeClient()` asked, bounded by `timeoutMs`. The result for the
 * default environment is cached for the process (pass `env` to bypass the cache).
 */
export function detectContainerRuntime(
  options: ContainerRuntimeOptions = {},
): Promise<ContainerRuntimeStatus> {
  if (options.env !== undefined) return detect(options.env, options.timeoutMs ?? 1500)
  cached ??= detect(process.env, options.timeoutMs ?? 1500)
  return cached
}

async function detect(
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
): Promise<ContainerRuntimeStatus> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  const hint = findContainerRuntimeHint(env)
  if (hint === undefined) {
    return {
      available: false,
      reason:
        'no container runtime: DOCKER_HOST and TESTCONTAINERS_HOST_OVERRIDE unset, no docker.host in ~/.testcontainers.properties, no Docker socket',
      elapsedMs: elapsed(),
    }
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs)
    timer.unref()
  })
  try {
    const probe = import('testcontainers')
      .then((tc) => tc.getContainerRuntimeClient())
      .then((client) => `ok: ${client.info.containerRuntime.host}`)
    const outcome = await Promise.race([probe, timeout])
    // The losing probe may still reject later; observe it so it never becomes unhandled.
    probe.catch(() => undefined)
    const available = outcome.startsWith('ok: ')
    return {
      available,
      reason: available
        ? `container runtime at ${outcome.slice(4)} (${hint})`
        : `${hint}, but the runtime check ${outcome}`,
      elapsedMs: elapsed(),
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      available: false,
      reason: `${hint}, but testcontainers found no working runtime: ${message}`,
      elapsedMs: elapsed(),
    }
  } finally {
    clearTimeout(timer)
  }
}
