import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AtomicWriteError,
  isTempFileName,
  removeTempFiles,
  writeFileAtomic,
} from './fs-atomic-write.js'
import { tempDir } from './fs-driver.test-utils.js'

describe('fs atomic write', () => {
  it('creates and replaces a file, leaving no temp file', async () => {
    const dir = await tempDir()
    const file = join(dir, 'x.jsonl')
    await writeFileAtomic(file, 'one\n')
    await writeFileAtomic(file, Buffer.from('two\n'))
    expect(await readFile(file, 'utf8')).toBe('two\n')
    expect(await readdir(dir)).toEqual(['x.jsonl'])
  })

  it('fails with the stage and the native error, leaving the target untouched', async () => {
    const dir = await tempDir()
    const missing = join(dir, 'no-such-dir', 'x.jsonl')
    const error = await writeFileAtomic(missing, 'data').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AtomicWriteError)
    expect((error as AtomicWriteError).stage).toBe('write-temp')
    expect(((error as AtomicWriteError).cause as { code?: string }).code).toBe('ENOENT')
  })

  it('removes only temp files it recognises', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, '.task.jsonl.123.0123456789ab.oqtmp'), 'half')
    await writeFile(join(dir, 'task.jsonl'), '')
    await writeFile(join(dir, 'mine.oqtmp'), 'not ours')
    expect(await removeTempFiles(dir)).toBe(1)
    expect((await readdir(dir)).sort()).toEqual(['mine.oqtmp', 'task.jsonl'])
    expect(isTempFileName('.a.jsonl.1.abcdefabcdef.oqtmp')).toBe(true)
    expect(isTempFileName('a.jsonl')).toBe(false)
  })
})
