import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { FsDriver } from './fs-driver.js'
import { LOCK_FILE_NAME } from './fs-lock.js'
import { TASK, expectCode, openDriver, tempDir } from './fs-driver.test-utils.js'
import { dataCalls } from '../common/driver-calls.test-utils.js'

describe('fs driver: lifecycle (DRV-LIFE), errors (DRV-ERR) and the lock', () => {
  it('DRV-LIFE-001 checkHealth is false before connect, true after, false after disconnect', async () => {
    const driver = new FsDriver({ dir: join(await tempDir(), 'created/on/connect') })
    expect(await driver.checkHealth()).toBe(false)
    await driver.connect()
    expect(await driver.checkHealth()).toBe(true)
    await driver.disconnect()
    expect(await driver.checkHealth()).toBe(false)
  })

  it('DRV-LIFE-002 before connect and after disconnect every operation is DRIVER_NOT_CONNECTED', async () => {
    const unopened = new FsDriver({ dir: await tempDir() })
    for (const call of dataCalls(unopened)) await expectCode(call, 'DRIVER_NOT_CONNECTED')
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    await driver.disconnect()
    for (const call of dataCalls(driver)) await expectCode(call, 'DRIVER_NOT_CONNECTED')
    await driver.connect() // data and the lock come back with a reconnect
    expect(await driver.findOne('task', 'a')).toEqual({ id: 'a' })
    await driver.disconnect()
  })

  it('DRV-ERR-001 errors are coded ObjectQLErrors', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    const failures: Promise<unknown>[] = [
      driver.find('task', { object: 'task', where: { title: { $foo: 1 } } }),
      driver.count('task', { nope: { $eq: 1 } }),
      driver.find('task', { object: 'task', where: { $and: [] } }),
      driver.create('task', null as unknown as Record<string, unknown>),
      driver.create('task', { id: 'a' }),
      driver.update('task', 'zz', {}),
      driver.bulkCreate('task', 'nope' as unknown as []),
      driver.beginTransaction(),
      driver.find('task', { object: 'task' }, { transaction: { id: 'x' } }),
      driver.create('', {}),
    ]
    const codes: string[] = []
    for (const failure of failures) {
      const error = await failure.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isObjectQLError(error), String(error)).toBe(true)
      codes.push((error as { code: string }).code)
    }
    expect(codes).toEqual([
      'INVALID_FILTER',
      'INVALID_FIELD',
      'INVALID_FILTER',
      'VALIDATION_FAILED',
      'DUPLICATE_RECORD',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'NOT_SUPPORTED',
      'NOT_SUPPORTED',
      'METADATA_INVALID',
    ])
    await driver.disconnect()
  })

  it('CONFIG_INVALID for a bad config', () => {
    expect(() => new FsDriver({ dir: '' })).toThrow(/dir/)
    expect(() => new FsDriver({ dir: 'x', lock: 'yes' as unknown as boolean })).toThrow(/lock/)
    expect(() => new FsDriver(null as unknown as { dir: string })).toThrow(/config/)
  })

  it('a second driver on the same directory gets DRIVER_UNAVAILABLE naming the directory and holder', async () => {
    const first = await openDriver()
    const error = await expectCode(new FsDriver({ dir: first.dir }).connect(), 'DRIVER_UNAVAILABLE')
    expect(error.message).toContain(first.dir)
    expect(error.details).toMatchObject({ dir: first.dir, holderPid: process.pid })
    await first.disconnect()
    expect(await readdir(first.dir)).not.toContain(LOCK_FILE_NAME)
    const second = new FsDriver({ dir: first.dir })
    await second.connect()
    await second.disconnect()
  })

  it('takes over a lock left by a dead process, and removes temp files left by a crashed write', async () => {
    const dir = await tempDir()
    const dead = { pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), token: 't' }
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(dead))
    await writeFile(join(dir, '.task.jsonl.999.0123456789ab.oqtmp'), '{"id":"half')
    const driver = await openDriver(dir)
    const lock = JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), 'utf8')) as { pid: number }
    expect(lock.pid).toBe(process.pid)
    expect((await readdir(dir)).filter((name) => name.endsWith('.oqtmp'))).toEqual([])
    await driver.disconnect()
  })

  it('refuses a lock held on another host (its pid cannot be checked)', async () => {
    const dir = await tempDir()
    const remote = { pid: 1, host: 'some-other-host', token: 't', since: '2024-01-01T00:00:00Z' }
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(remote))
    const error = await expectCode(new FsDriver({ dir }).connect(), 'DRIVER_UNAVAILABLE')
    expect(error.message).toContain('some-other-host')
  })

  it('refuses a fresh unreadable lock file (a writer may be filling it)', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, LOCK_FILE_NAME), '')
    await expectCode(new FsDriver({ dir }).connect(), 'DRIVER_UNAVAILABLE')
  })

  it('lock: false lets two drivers share a directory (the caller guarantees one writer)', async () => {
    const dir = await tempDir()
    const a = new FsDriver({ dir, lock: false })
    const b = new FsDriver({ dir, lock: false })
    await a.connect()
    await b.connect()
    expect(await readdir(dir)).not.toContain(LOCK_FILE_NAME)
    await a.disconnect()
    await b.disconnect()
  })

  it('a directory that cannot be created fails with a mapped, coded error', async () => {
    const parent = await tempDir()
    await writeFile(join(parent, 'file'), 'x')
    const error = await expectCode(
      new FsDriver({ dir: join(parent, 'file', 'sub') }).connect(),
      'DRIVER_UNAVAILABLE',
    )
    expect(error.cause).toBeInstanceOf(Error)
    expect(error.message).toContain('ENOTDIR')
  })

  it('DRV-WRITE-006 a write the file system refuses is a coded error and changes nothing', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    // Fault injection with a real file system: a non-empty directory where the file must go
    // makes the final rename fail after the temp file was written.
    const file = driver.fileFor('task')
    await rm(file)
    await mkdir(join(file, 'blocker'), { recursive: true })
    const error = await expectCode(driver.create('task', { id: 'b' }), 'DRIVER_ERROR')
    expect(error.message).toContain(file)
    expect(error.cause).toBeInstanceOf(Error)
    expect((await driver.find('task', { object: 'task' })).map((r) => r.id)).toEqual(['a'])
    expect((await readdir(driver.dir)).filter((name) => name.endsWith('.oqtmp'))).toEqual([])
    await rm(file, { recursive: true })
    await driver.create('task', { id: 'c' })
    expect(await readFile(file, 'utf8')).toBe('{"id":"a"}\n{"id":"c"}\n')
    await driver.disconnect()
  })

  it('introspectSchema reports declared objects and record files nobody declared', async () => {
    const driver = await openDriver()
    await writeFile(join(driver.dir, 'legacy.jsonl'), '{"id":"x","qty":3,"label":null}\n')
    await writeFile(join(driver.dir, 'notes.txt'), 'not a record file')
    const schema = await driver.introspectSchema()
    expect(Object.keys(schema.tables).sort()).toEqual(['legacy', 'task'])
    expect(schema.tables['legacy']?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'text'],
      ['qty', 'number'],
      ['label', 'text'],
    ])
    expect(schema.tables['task']?.columns.map((c) => c.name)).toEqual([
      'id',
      ...Object.keys(TASK.fields),
      'created_at',
      'updated_at',
    ])
    await rm(join(driver.dir, 'notes.txt'))
    await driver.disconnect()
  })
})
