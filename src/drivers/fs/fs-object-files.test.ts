import { describe, expect, it } from 'vitest'
import { fsErrorCode, mapFsError } from './fs-error-map.js'
import { objectFileName, objectOfFileName } from './fs-object-files.js'

describe('fs object file names', () => {
  it.each([
    ['task', 'task.jsonl'],
    ['oq1a2b3c_item-2', 'oq1a2b3c_item-2.jsonl'],
    ['Task', '%54ask.jsonl'],
    ['../etc/passwd', '%2E%2E%2Fetc%2Fpasswd.jsonl'],
    ['ü 😀', '%C3%BC%20%F0%9F%98%80.jsonl'],
  ])('%s -> %s and back', (object, file) => {
    expect(objectFileName(object)).toBe(file)
    expect(objectOfFileName(file)).toBe(object)
  })

  it('ignores files that are not record files', () => {
    for (const name of [
      'notes.txt',
      '.objectql.lock',
      '.task.jsonl.1.abcdefabcdef.oqtmp',
      'Task.jsonl',
      '%zz.jsonl',
    ]) {
      expect(objectOfFileName(name)).toBeUndefined()
    }
  })

  it('refuses names that cannot be file names with METADATA_INVALID', () => {
    expect(() => objectFileName('')).toThrow(expect.objectContaining({ code: 'METADATA_INVALID' }))
    expect(() => objectFileName('x'.repeat(300))).toThrow(
      expect.objectContaining({ code: 'METADATA_INVALID' }),
    )
  })
})

describe('fs error map', () => {
  const native = (code: string) => Object.assign(new Error(`${code}: boom`), { code })

  it.each([
    ['ENOENT', 'DRIVER_UNAVAILABLE'],
    ['EACCES', 'DRIVER_UNAVAILABLE'],
    ['EROFS', 'DRIVER_UNAVAILABLE'],
    ['EMFILE', 'DRIVER_UNAVAILABLE'],
    ['ENOSPC', 'DRIVER_ERROR'],
    ['EIO', 'DRIVER_ERROR'],
  ])('%s -> %s with the native error as cause', (code, expected) => {
    const error = native(code)
    expect(fsErrorCode(error)).toBe(expected)
    const mapped = mapFsError(error, 'write task', '/d/task.jsonl')
    expect(mapped.code).toBe(expected)
    expect(mapped.cause).toBe(error)
    expect(mapped.message).toContain('/d/task.jsonl')
    expect(mapped.message).toContain(code)
    expect(mapped.details).toMatchObject({ operation: 'write task', errno: code })
  })

  it('keeps coded errors and reports our own bugs as INTERNAL_ERROR', () => {
    expect(fsErrorCode(new TypeError('x'))).toBe('INTERNAL_ERROR')
    expect(fsErrorCode('weird')).toBe('DRIVER_ERROR')
  })
})
