import { describe, expect, it } from 'vitest'
import { parseSqlUrl, redactUrl, resolveSqlDriverConfig } from './sql-driver-config.js'
import { mssqlConnection } from './sql-connection-mssql.js'
import { sqlDriverFromUrl } from './sql-driver.js'

describe('parseSqlUrl', () => {
  it.each([
    ['sqlite::memory:', { client: 'sqlite', connection: { filename: ':memory:' } }],
    ['sqlite:/var/data/app.db', { client: 'sqlite', connection: { filename: '/var/data/app.db' } }],
    ['sqlite:///abs/app.db', { client: 'sqlite', connection: { filename: '/abs/app.db' } }],
    ['sqlite:rel/app.db', { client: 'sqlite', connection: { filename: 'rel/app.db' } }],
    ['postgres://u:p@h:5432/db', { client: 'postgres', connection: 'postgres://u:p@h:5432/db' }],
    ['postgresql://h/db', { client: 'postgres', connection: 'postgresql://h/db' }],
    [
      'mysql://root@127.0.0.1:3306/test',
      { client: 'mysql', connection: 'mysql://root@127.0.0.1:3306/test' },
    ],
    ['mariadb://root@h/test', { client: 'mysql', connection: 'mysql://root@h/test' }],
    ['sqlserver://sa:pw@h:1433/db', { client: 'mssql', connection: 'mssql://sa:pw@h:1433/db' }],
  ] as const)('%s', (url, expected) => {
    expect(parseSqlUrl(url)).toEqual(expected)
  })

  it('keeps extra options and rejects unknown schemes with CONFIG_INVALID', () => {
    expect(parseSqlUrl('sqlite::memory:', { tablePrefix: 'x_' }).tablePrefix).toBe('x_')
    expect(() => parseSqlUrl('oracle://h/db')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }) as Error,
    )
    expect(() => parseSqlUrl('sqlite:')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }) as Error,
    )
  })

  it('never shows passwords in messages', () => {
    expect(redactUrl('postgres://user:s3cret@host/db')).toBe('postgres://user:***@host/db')
    let message = ''
    try {
      parseSqlUrl('oracle://user:s3cret@host/db')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).not.toContain('s3cret')
  })
})

describe('resolveSqlDriverConfig', () => {
  it('accepts a SQLite path or URL as a string', () => {
    const path = resolveSqlDriverConfig({ client: 'sqlite', connection: '/tmp/x.db' })
    expect(path.connection).toEqual({ filename: '/tmp/x.db' })
    const url = resolveSqlDriverConfig({ client: 'sqlite', connection: 'sqlite::memory:' })
    expect(url.connection).toEqual({ filename: ':memory:' })
  })

  it('applies defaults', () => {
    const config = resolveSqlDriverConfig({
      client: 'sqlite',
      connection: { filename: ':memory:' },
    })
    expect(config).toMatchObject({
      tablePrefix: '',
      pool: { min: 0, max: 10 },
      connectTimeoutMs: 5000,
    })
  })

  it('names drivers by dialect', () => {
    expect(sqlDriverFromUrl('sqlite::memory:').name).toBe('sql:sqlite')
    expect(sqlDriverFromUrl('postgres://h/db').capabilities.connectionPooling).toBe(true)
    expect(sqlDriverFromUrl('sqlite::memory:').capabilities.isolationLevels).toEqual([
      'serializable',
    ])
  })
})

describe('mssqlConnection', () => {
  it('reads a SQL Server URL into tedious options', () => {
    expect(
      mssqlConnection('mssql://sa:p%40ss@db.local:1444/app?encrypt=false', 1000),
    ).toMatchObject({
      server: 'db.local',
      port: 1444,
      userName: 'sa',
      password: 'p@ss',
      database: 'app',
      options: { encrypt: false, trustServerCertificate: false },
    })
  })
})
