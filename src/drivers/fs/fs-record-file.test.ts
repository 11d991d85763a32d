import { writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { parseRecordFile, serializeRecordFile } from './fs-record-file.js'
import { expectCode, openDriver, reopen } from './fs-driver.test-utils.js'
import type { ObjectQLError } from '../../kernel/errors.js'

const FILE = '/data/task.jsonl'

function parse(text: string | Uint8Array) {
  return parseRecordFile(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, FILE)
}

function parseError(text: string | Uint8Array): ObjectQLError {
  try {
    parse(text)
  } catch (error) {
    if (isObjectQLError(error)) return error
    throw error
  }
  throw new Error('expected the file to be refused')
}

describe('fs record file: JSON Lines parse and serialize', () => {
  it('round-trips records, one per line', () => {
    const records = [
      { id: 'a', text: 'line\nbreak \u2028 😀', n: 1.5, list: [null, true] },
      { id: 'b', __proto__: 'plain key' } as unknown as { id: string },
    ]
    const text = serializeRecordFile(records)
    expect(text.split('\n')).toHaveLength(3)
    expect(parse(text)).toEqual(records)
  })

  it('accepts what editors produce: a BOM, CRLF endings, blank lines, no final newline', () => {
    const text = '\uFEFF{"id":"a"}\r\n\r\n   \n{"id":"b","x":1}'
    expect(parse(text)).toEqual([{ id: 'a' }, { id: 'b', x: 1 }])
    expect(parse('')).toEqual([])
  })

  it.each([
    ['invalid JSON, with the column JSON reports', '{"id":"a"}\n{"id":"b",}\n', 2, 11],
    ['a truncated line', '{"id":"a"}\n{"id":"b"', 2, 10],
    ['a token JSON cannot place', '{"id":"a"}\n\n{"id": x}\n', 3, undefined],
    ['a line that is not an object', '{"id":"a"}\n[1,2]\n', 2, 1],
    ['a missing id', '{"title":"no id"}\n', 1, 1],
    ['a numeric id', '{"id":7}\n', 1, 1],
    ['an empty id', '{"id":""}\n', 1, 1],
  ])('refuses %s with DRIVER_ERROR naming the file and line', (_name, text, line, column) => {
    const error = parseError(text)
    expect(error.code).toBe('DRIVER_ERROR')
    expect(error.details).toEqual({ file: FILE, line, ...(column === undefined ? {} : { column }) })
    expect(error.message).toContain(`${FILE}:${line}`)
    expect(error.message).toContain(`line ${line}`)
  })

  it('refuses a duplicate id, naming both lines', () => {
    const error = parseError('{"id":"a"}\n{"id":"b"}\n{"id":"a"}\n')
    expect(error.details).toEqual({ file: FILE, line: 3 })
    expect(error.message).toContain("duplicate id 'a' (first on line 1)")
  })

  it('refuses invalid UTF-8 on the line where it occurs', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"a"}\n{"id":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ])
    const error = parseError(bytes)
    expect(error.details).toEqual({ file: FILE, line: 2 })
    expect(error.message).toContain('UTF-8')
  })
})

describe('fs driver: a corrupt or hand-edited file', () => {
  it('fails with a coded error naming the file and line, not a crash, and works once fixed', async () => {
    const driver = await openDriver()
    await driver.bulkCreate('task', [{ id: 'a' }, { id: 'b' }])
    await driver.disconnect()
    const file = driver.fileFor('task')
    await writeFile(file, '{"id":"a"}\n{"id":"b", "title": oops}\n')
    const restarted = await openDriver(driver.dir)
    for (const call of [
      restarted.find('task', { object: 'task' }),
      restarted.count('task', undefined),
      restarted.create('task', { id: 'c' }),
    ]) {
      const error = await expectCode(call, 'DRIVER_ERROR')
      expect(error.message).toContain(`${file}:2`)
      expect(error.details).toMatchObject({ file, line: 2 })
    }
    // The refused write did not overwrite the broken file (which would lose record b).
    await writeFile(file, '{"id":"a"}\n{"id":"b","title":"fixed by hand"}\n')
    expect(await restarted.findOne('task', 'b')).toEqual({ id: 'b', title: 'fixed by hand' })
    const again = await reopen(restarted)
    expect(await again.count('task', undefined)).toBe(2)
    await again.disconnect()
  })
})
