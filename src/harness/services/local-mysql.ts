import { chownSync, mkdirSync } from 'node:fs'
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

const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/usr/libexec']

/**
 * Starts a throwaway MariaDB (or MySQL): `mariadb-install-db` into a fresh temp dir, then
 * `mariadbd` in the foreground on a free loopback port with binary log and flush-per-commit off.
 * As root, both run as the `mysql` system user. Once it answers, database `test` is created.
 * `release()` sends SIGTERM (clean shutdown) and removes the dir. The URL is
 * `mysql://root@127.0.0.1:<port>/test` (root without password, over TCP).
 */
export async function startLocalMysql(options: LocalServerOptions = {}): Promise<StartedService> {
  const server = findBinary(['mariadbd', 'mysqld'], options.binDir, SEARCH)
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db'], options.binDir, SEARCH)
  if (server === undefined || installDb === undefined) {
    throw new ObjectQLError(
      'SERVICE_UNAVAILABLE',
      `MariaDB server binaries (mariadbd, mariadb-install-db) not found in ${options.binDir ?? `PATH, ${SEARCH.join(', ')}`}`,
      { details: { service: 'mysql' } },
    )
  }
  const user = serverUser('mysql')
  const dir = await makeTempDir('mysql', options.tmpRoot, user)
  try {
    const data = join(dir, 'data')
    const run = join(dir, 'run')
    mkdirSync(run)
    if (user !== undefined) chownSync(run, user.uid, user.gid)
    const asUser = user === undefined ? [] : [`--user=${user.name}`]
    await runCommand(
      installDb,
      [
        '--no-defaults',
        `--datadir=${data}`,
        ...asUser,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      { cwd: dir },
    )
    return await withFreePort(async (port) => {
      const mariadb = startServer(
        server,
        [
          '--no-defaults',
          ...asUser,
          `--datadir=${data}`,
          `--socket=${join(run, 'mysqld.sock')}`,
          `--pid-file=${join(run, 'mysqld.pid')}`,
          `--tmpdir=${run}`,
          '--bind-address=127.0.0.1',
          `--port=${port}`,
          '--skip-log-bin',
          '--innodb-flush-log-at-trx-commit=0',
          '--innodb-buffer-pool-size=32M',
        ],
        { cwd: dir, logFile: join(run, 'mysqld.log'), stopSignal: 'SIGTERM' },
      )
      const rootUrl = `mysql://root@127.0.0.1:${port}/`
      try {
        await waitUntilAnswers('mysql', rootUrl, {
          timeoutMs: options.startTimeoutMs ?? 30_000,
          abandon: () => describeExit(mariadb.exitReason(), mariadb.logTail()),
        })
        await createDatabase(rootUrl, 'test')
      } catch (error) {
        await mariadb.stop()
        throw error
      }
      return {
        url: `${rootUrl}test`,
        release: once(() => mariadb.stop().then(() => removeTempDir(dir))),
      }
    })
  } catch (error) {
    await removeTempDir(dir)
    throw error
  }
}

async function createDatabase(url: string, name: string): Promise<void> {
  const mysql = await import('mysql2/promise')
  const connection = await mysql.createConnection({ uri: url })
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``)
  } finally {
    await connection.end()
  }
}
