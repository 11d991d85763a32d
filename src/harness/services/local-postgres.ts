import { mkdirSync, chownSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'
import { waitUntilAnswers } from './service-probe.js'
import {
  describeExit,
  findBinary,
  makeTempDir,
  once,
  removeTempDir,
  runCommand,
  serverUser,
  startServer,
  withFreePort,
} from './server-process.js'
import type { LocalServerOptions, StartedService } from './service-types.js'

/**
 * Starts a throwaway PostgreSQL cluster: `initdb` (trust auth, UTF8) into a fresh temp dir, then
 * `postgres` in the foreground on a free loopback port with durability switched off (fsync,
 * synchronous_commit, full_page_writes: the data is thrown away anyway). As root, both run as
 * the `postgres` system user, since PostgreSQL refuses to run as root. `release()` sends SIGINT
 * (PostgreSQL's fast shutdown) and removes the dir. The URL is
 * `postgres://postgres@127.0.0.1:<port>/postgres`.
 */
export async function startLocalPostgres(
  options: LocalServerOptions = {},
): Promise<StartedService> {
  const initdb = findBinary(['initdb'], options.binDir, postgresBinDirs())
  const postgres = initdb === undefined ? undefined : findBinary(['postgres'], join(initdb, '..'))
  if (initdb === undefined || postgres === undefined) {
    throw new ObjectQLError(
      'SERVICE_UNAVAILABLE',
      `PostgreSQL server binaries (initdb, postgres) not found in ${options.binDir ?? 'PATH or /usr/lib/postgresql/*/bin'}`,
      { details: { service: 'postgres' } },
    )
  }
  const user = serverUser('postgres')
  const dir = await makeTempDir('postgres', options.tmpRoot, user)
  try {
    const data = join(dir, 'data')
    const run = join(dir, 'run')
    mkdirSync(run)
    if (user !== undefined) chownSync(run, user.uid, user.gid)
    const initArgs = ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']
    await runCommand(initdb, [...initArgs, '--no-instructions'], { cwd: dir, user })
    return await withFreePort(async (port) => {
      const server = startServer(
        postgres,
        [
          ['-D', data, '-p', String(port), '-k', run],
          ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
          ['-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ].flat(),
        { cwd: dir, user, logFile: join(run, 'postgres.log'), stopSignal: 'SIGINT' },
      )
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`
      try {
        await waitUntilAnswers('postgres', url, {
          timeoutMs: options.startTimeoutMs ?? 30_000,
          abandon: () => describeExit(server.exitReason(), server.logTail()),
        })
      } catch (error) {
        await server.stop()
        throw error
      }
      return { url, release: once(() => server.stop().then(() => removeTempDir(dir))) }
    })
  } catch (error) {
    await removeTempDir(dir)
    throw error
  }
}

/** Debian/Ubuntu keep server binaries off PATH, one dir per major version: newest first. */
function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`)
  } catch {
    return []
  }
}
