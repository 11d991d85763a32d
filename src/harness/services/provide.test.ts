import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { detectContainerRuntime, findContainerRuntimeHint } from './container-runtime.js'
import { describeProvided, provide, requiredServices } from './provide.js'
import { probeService } from './service-probe.js'
import type { ProvidedService } from './service-types.js'

// Every call passes its own `env`, so URLs a globalSetup may have published never leak in.
const scratch = mkdtempSync(join(tmpdir(), 'objectql-provide-test-'))
// As root, PostgreSQL runs as `postgres`, which must be able to reach its temp dir.
chmodSync(scratch, 0o755)
const released: ProvidedService[] = []

afterAll(async () => {
  await Promise.all(released.map((service) => service.release()))
  rmSync(scratch, { recursive: true, force: true })
})

async function keep(service: Promise<ProvidedService>): Promise<ProvidedService> {
  const provided = await service
  released.push(provided)
  return provided
}

describe('provide(): throwaway local servers', () => {
  it('starts a throwaway Redis on a free port that answers PING, and release() removes it', async () => {
    const tmpRoot = mkdtempSync(join(scratch, 'redis-'))
    const redis = await keep(provide('redis', { env: {}, local: { redis: { tmpRoot } } }))
    console.log(describeProvided(redis))
    expect(redis.kind).toBe('local-server')
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+\/0$/)
    expect(redis.url).not.toContain(':6379/')
    expect(redis.attempts.some((line) => line.startsWith('container: skipped'))).toBe(true)
    const url = redis.url ?? ''
    const { Redis } = await import('ioredis')
    const client = new Redis(url)
    await client.set('objectql-provide-test:key', 'v1')
    expect(await client.get('objectql-provide-test:key')).toBe('v1')
    client.disconnect()
    expect(readdirSync(tmpRoot)).toHaveLength(1)
    await redis.release()
    await redis.release() // idempotent
    expect(readdirSync(tmpRoot)).toHaveLength(0)
    await expect(probeService('redis', url, 500)).rejects.toThrow()
  })

  it('starts a throwaway PostgreSQL cluster that runs SQL, and release() stops it', async () => {
    const tmpRoot = mkdtempSync(join(scratch, 'pg-'))
    chmodSync(tmpRoot, 0o755)
    const pg = await keep(provide('postgres', { env: {}, local: { postgres: { tmpRoot } } }))
    console.log(describeProvided(pg))
    expect(pg.kind).toBe('local-server')
    expect(pg.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/)
    expect(pg.url).not.toContain(':5432/')
    const { default: pgLib } = await import('pg')
    const client = new pgLib.Client({ connectionString: pg.url })
    await client.connect()
    await client.query('CREATE TABLE objectql_provide_test (id text primary key, n int)')
    await client.query("INSERT INTO objectql_provide_test VALUES ('a', 1), ('b', 2)")
    const { rows } = await client.query<{ total: string }>(
      'SELECT sum(n) AS total FROM objectql_provide_test',
    )
    expect(Number(rows[0]?.total)).toBe(3)
    await client.end()
    await pg.release()
    expect(readdirSync(tmpRoot)).toHaveLength(0)
    await expect(probeService('postgres', pg.url ?? '', 500)).rejects.toThrow()
  })

  it('says clearly when the server user cannot reach the temp root', async () => {
    const privateRoot = mkdtempSync(join(scratch, 'private-')) // 0700, owned by us
    const pg = await provide('postgres', { env: {}, local: { postgres: { tmpRoot: privateRoot } } })
    if (process.getuid?.() !== 0) return // not root: the server runs as ourselves
    expect(pg.kind).toBe('unavailable')
    expect(pg.reason).toContain("is not reachable by system user 'postgres'")
  })

  it('starts a throwaway MariaDB with a `test` database', async () => {
    const mysql = await keep(provide('mysql', { env: {} }))
    console.log(describeProvided(mysql))
    expect(mysql.kind).toBe('local-server')
    expect(mysql.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+\/test$/)
    const driver = await import('mysql2/promise')
    const connection = await driver.createConnection({ uri: mysql.url ?? '' })
    const [rows] = await connection.query('SELECT DATABASE() AS db')
    expect(rows).toEqual([{ db: 'test' }])
    await connection.end()
    await mysql.release()
    await expect(probeService('mysql', mysql.url ?? '', 500)).rejects.toThrow()
  })
})

describe('provide(): resolution order', () => {
  it('uses an explicit OBJECTQL_REDIS_URL as given, without starting anything', async () => {
    const local = await keep(provide('redis', { env: {} }))
    const url = local.url ?? ''
    const viaEnv = await provide('redis', { env: { OBJECTQL_REDIS_URL: url } })
    expect(viaEnv.kind).toBe('url')
    expect(viaEnv.url).toBe(url)
    expect(viaEnv.startMs).toBe(0)
    await viaEnv.release() // a no-op: the URL's owner stops it
    await expect(probeService('redis', url)).resolves.toBeUndefined()
  })

  it('is unavailable with the reason when the server binaries are missing', async () => {
    const missing = join(scratch, 'no-such-bin-dir')
    const pg = await provide('postgres', { env: {}, local: { postgres: { binDir: missing } } })
    expect(pg.kind).toBe('unavailable')
    expect(pg.url).toBeUndefined()
    expect(pg.reason).toContain(`not found in ${missing}`)
    expect(pg.reason).toContain('OBJECTQL_POSTGRES_URL is not set')
    expect(pg.reason).toContain('container: skipped')
    expect(describeProvided(pg)).toMatch(/^postgres: unavailable \(/)
    const redis = await provide('redis', { env: {}, local: { redis: { binDir: missing } } })
    expect(redis.kind).toBe('unavailable')
    expect(redis.reason).toContain('redis-server not found')
  })

  it('reports a server that exits during start-up with its log, without waiting for the timeout', async () => {
    // Fault injection: a stand-in `redis-server` that fails the way a misconfigured one does.
    const binDir = join(scratch, 'broken-bin')
    mkdirSync(binDir)
    writeFileSync(
      join(binDir, 'redis-server'),
      '#!/bin/sh\necho "FATAL: boom at start-up"\nexit 3\n',
    )
    chmodSync(join(binDir, 'redis-server'), 0o755)
    const redis = await provide('redis', { env: {}, local: { redis: { binDir } } })
    expect(redis.kind).toBe('unavailable')
    expect(redis.reason).toContain('server exited with code 3')
    expect(redis.reason).toContain('FATAL: boom at start-up')
  }, 10_000)

  it('reports MongoDB as unavailable: no local server can be started', async () => {
    const mongo = await provide('mongo', { env: {} })
    expect(mongo.kind).toBe('unavailable')
    expect(mongo.reason).toContain('local-server: not supported for mongo')
  })

  it('honours options that disable the container and local paths', async () => {
    const redis = await provide('redis', { env: {}, container: false, localServer: false })
    expect(redis.kind).toBe('unavailable')
    expect(redis.attempts).toEqual([
      'url: OBJECTQL_REDIS_URL is not set',
      'container: disabled by options',
      'local-server: disabled by options',
    ])
  })

  it('rejects an unknown service name with CONFIG_INVALID', async () => {
    const error: unknown = await provide('oracle' as never, { env: {} }).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
  })
})

describe('provide(): OBJECTQL_REQUIRE', () => {
  const missing = { postgres: { binDir: '/nonexistent-objectql-bin' } }

  it('turns unavailable into SERVICE_UNAVAILABLE naming the service and reason', async () => {
    const env = { OBJECTQL_REQUIRE: 'postgres,mysql,redis' }
    const error: unknown = await provide('postgres', { env, local: missing }).catch((e) => e)
    expect(hasErrorCode(error, 'SERVICE_UNAVAILABLE')).toBe(true)
    if (!hasErrorCode(error, 'SERVICE_UNAVAILABLE')) return
    expect(error.message).toContain('postgres is required')
    expect(error.message).toContain('not found in /nonexistent-objectql-bin')
    expect(error.details?.service).toBe('postgres')
  })

  it('leaves services it does not name optional', async () => {
    const env = { OBJECTQL_REQUIRE: 'redis' }
    const pg = await provide('postgres', { env, local: missing })
    expect(pg.kind).toBe('unavailable')
  })

  it('parses the list and rejects unknown names', () => {
    expect(requiredServices({ OBJECTQL_REQUIRE: ' Postgres, redis ' })).toEqual([
      'postgres',
      'redis',
    ])
    expect(requiredServices({})).toEqual([])
    expect(() => requiredServices({ OBJECTQL_REQUIRE: 'postgres,redsi' })).toThrow(/redsi/)
  })
})

describe('container runtime detection (no Docker engine on this machine)', () => {
  it('answers from the dependency-free pre-check when no endpoint exists', async () => {
    const status = await detectContainerRuntime({ env: {} })
    if (findContainerRuntimeHint({}) !== undefined) return // a runtime may really exist here
    console.log(`container detection: ${status.reason} (${status.elapsedMs} ms)`)
    expect(status.available).toBe(false)
    expect(status.reason).toContain('no container runtime')
  }, 5_000)

  it('asks testcontainers when a hint exists and still returns (bounded, never hangs)', async () => {
    const status = await detectContainerRuntime({
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
      timeoutMs: 1_000,
    })
    console.log(`container detection with DOCKER_HOST: ${status.reason} (${status.elapsedMs} ms)`)
    expect(status.available).toBe(false)
    expect(status.reason).toContain('DOCKER_HOST=tcp://127.0.0.1:1')
  }, 5_000)
})
