import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

/**
 * The record file format: JSON Lines, one record per line, each a JSON object with a string
 * `id`. Why JSON Lines rather than one JSON array: every write rewrites the whole file anyway
 * (atomic replace, see fs-atomic-write.ts), so append-friendliness is not the point; the point
 * is that a hand-edited or damaged file fails with the exact line of the bad record, diffs
 * show one line per changed record, and `JSON.stringify` never emits a raw newline, so one
 * line is always one record. Blank lines, a UTF-8 byte-order mark and CRLF endings (editors
 * add them) are accepted.
 */

const NEWLINE = 0x0a
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses a record file.
 *
 * @param file - the path, for error messages.
 * @throws ObjectQLError `DRIVER_ERROR` naming the file and line (and column, when JSON reports
 *   one) for invalid UTF-8, invalid JSON, a line that is not an object, a missing or non-string
 *   `id`, or an id used twice; `details` holds `{ file, line, column? }`.
 */
export function parseRecordFile(content: Uint8Array, file: string): DataRecord[] {
  const records: DataRecord[] = []
  const seen = new Map<string, number>()
  let start = 0
  let line = 0
  while (start <= content.length) {
    let end = content.indexOf(NEWLINE, start)
    if (end === -1) end = content.length
    line++
    const record = parseLine(content.subarray(start, end), file, line)
    start = end + 1
    if (record === undefined) continue
    const first = seen.get(record.id)
    if (first !== undefined) {
      throw corrupt(file, line, undefined, `duplicate id '${record.id}' (first on line ${first})`)
    }
    seen.set(record.id, line)
    records.push(record)
  }
  return records
}

/** The file content for `records`: one JSON object per line, each line ending in `\n`. */
export function serializeRecordFile(records: Iterable<DataRecord>): string {
  let text = ''
  for (const record of records) text += `${JSON.stringify(record)}\n`
  return text
}

function parseLine(bytes: Uint8Array, file: string, line: number): DataRecord | undefined {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch (error) {
    throw corrupt(file, line, undefined, 'the line is not valid UTF-8', error)
  }
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1)
  if (text.endsWith('\r')) text = text.slice(0, -1)
  if (text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const position = /position (\d+)/.exec(message)?.[1]
    const column = position === undefined ? undefined : Number(position) + 1
    throw corrupt(file, line, column, `invalid JSON: ${message}`, error)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw corrupt(file, line, 1, 'a record line must be a JSON object')
  }
  const id = (value as { id?: unknown }).id
  if (typeof id !== 'string' || id === '') {
    throw corrupt(file, line, 1, "a record needs a non-empty string 'id'")
  }
  return value as DataRecord
}

function corrupt(
  file: string,
  line: number,
  column: number | undefined,
  reason: string,
  cause?: unknown,
): ObjectQLError {
  const where = column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`
  return new ObjectQLError(
    'DRIVER_ERROR',
    `fs driver: corrupt record file ${where} (line ${line}): ${reason}`,
    {
      ...(cause === undefined ? {} : { cause }),
      details: { file, line, ...(column === undefined ? {} : { column }) },
    },
  )
}
