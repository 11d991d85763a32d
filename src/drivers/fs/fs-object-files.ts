import { ObjectQLError } from '../../kernel/errors.js'

/**
 * Object names -> file names. Characters outside `[a-z0-9_-]` are percent-encoded (UTF-8
 * bytes, upper-case hex), so any object name maps to one safe file name that is the same on
 * case-insensitive file systems (`Task` and `task` stay apart), cannot climb out of the
 * directory (`../x`), and decodes back for introspection.
 */

/** Extension of record files: JSON Lines. */
export const RECORD_FILE_EXTENSION = '.jsonl'

/** Most file systems allow 255 bytes per file name. */
const MAX_FILE_NAME_BYTES = 255

/**
 * The file name of an object's records.
 *
 * @throws ObjectQLError `METADATA_INVALID` for an empty name or one too long for a file name.
 */
export function objectFileName(object: string): string {
  if (typeof object !== 'string' || object === '') {
    throw new ObjectQLError(
      'METADATA_INVALID',
      'fs driver: an object name must be a non-empty string',
    )
  }
  let encoded = ''
  for (const char of object) {
    if (/^[a-z0-9_-]$/.test(char)) encoded += char
    else for (const byte of Buffer.from(char, 'utf8')) encoded += `%${hex(byte)}`
  }
  const name = `${encoded}${RECORD_FILE_EXTENSION}`
  if (Buffer.byteLength(name) > MAX_FILE_NAME_BYTES) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `fs driver: object name '${object.slice(0, 40)}...' is too long for a file name`,
      { details: { object } },
    )
  }
  return name
}

/** The object a record file belongs to, or undefined for any other file. */
export function objectOfFileName(fileName: string): string | undefined {
  if (!fileName.endsWith(RECORD_FILE_EXTENSION) || fileName.startsWith('.')) return undefined
  const encoded = fileName.slice(0, -RECORD_FILE_EXTENSION.length)
  if (!/^(?:[a-z0-9_-]|%[0-9A-F]{2})+$/.test(encoded)) return undefined
  try {
    const object = decodeURIComponent(encoded)
    return objectFileName(object) === fileName ? object : undefined
  } catch {
    // Not valid percent-encoded UTF-8: a file someone else put here, not ours.
    return undefined
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0')
}
