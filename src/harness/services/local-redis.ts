import { join } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'
import { waitUntilAnswers } from './service-probe.js'
import {
  describeExit,
  findBinary,
  makeTempDir,
  once,
  removeTempDir,
  startServer,
  withFreePort,
} from './server-process.js'
import type { LocalServerOptions, StartedService } from './service-types.js'

/**
 * Starts a throwaway Redis: `redis-server` in the foreground on a free loopback port, with no
 * persistence and its working dir under a fresh temp dir. `release()` stops it (SIGTERM, the
 * clean shutdown) and removes the dir. Throws `SERVICE_UNAVAILABLE` with the reason when the
 * binary is missing or the server does not answer `PING`.
 */
export async function startLocalRedis(options: LocalServerOptions = {}): Promise<StartedService> {
  const binary = findBinary(['redis-server'], options.binDir, ['/usr/bin', '/usr/local/bin'])
  if (binary === undefined) {
    throw new ObjectQLError(
      'SERVICE_UNAVAILABLE',
      `redis-server not found in ${options.binDir ?? 'PATH, /usr/bin, /usr/local/bin'}`,
      { details: { service: 'redis' } },
    )
  }
  const dir = await makeTempDir('redis', options.tmpRoot, undefined)
  try {
    return await withFreePort(async (port) => {
      const server = startServer(
        binary,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
          '--dir',
          dir,
        ],
        { cwd: dir, logFile: join(dir, 'redis.log'), stopSignal: 'SIGTERM' },
      )
      const url = `redis://127.0.0.1:${port}/0`
      try {
        await waitUntilAnswers('redis', url, {
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
