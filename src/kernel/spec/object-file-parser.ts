import { LineCounter, parseDocument } from 'yaml'
import { ObjectQLError } from '../errors.js'
import { isPlainObject } from './normalizer-errors.js'

/** A line and column in a source file, both 1-based. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/** One object definition read from a file, before validation. */
export interface ObjectFilePart {
  /** The object name: `name` in the definition, else the map key, else the file stem. */
  readonly name: string
  readonly file: string
  /** The definition as written, with `name` filled. */
  readonly raw: Readonly<Record<string, unknown>>
  /** Where a path inside this definition starts in the file (the nearest existing parent). */
  locate(keys: readonly (string | number)[]): SourcePosition | undefined
}

const OBJECT_FILE = /\.object\.(ya?ml|json)$/i

/** True for `*.object.yml`, `*.object.yaml` and `*.object.json`. */
export function isObjectFile(fileName: string): boolean {
  return OBJECT_FILE.test(fileName)
}

/** The file name without its `.object.<ext>` suffix (`tasks.object.yml` -> `tasks`). */
export function objectFileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  return base.replace(OBJECT_FILE, '')
}

/**
 * Reads the object definitions of one `*.object.{yml,yaml,json}` file, as upstream's loader does:
 * a document with a `fields` key is one object (named by `name` or the file stem); a document
 * without one is a map `{ objectName: definition }`. JSON is read with the YAML parser (JSON is
 * YAML 1.2), so both report positions the same way, and duplicate keys are errors in both.
 *
 * @throws ObjectQLError `METADATA_INVALID` with `file:line:column` for malformed text, an empty
 *   file or a document that is not a mapping.
 */
export function parseObjectFile(text: string, file: string): ObjectFilePart[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true })
  const [first] = doc.errors
  if (first !== undefined) {
    const position = first.linePos?.[0]
    const where = position === undefined ? file : `${file}:${position.line}:${position.col}`
    const reason = (first.message.split('\n')[0] ?? first.message).replace(
      / at line \d+, column \d+:?$/,
      '',
    )
    throw new ObjectQLError('METADATA_INVALID', `${where}: invalid YAML/JSON: ${reason}`, {
      details: {
        source: file,
        ...(position === undefined ? {} : { line: position.line, column: position.col }),
        reason,
      },
      cause: first,
    })
  }
  let content: unknown
  try {
    content = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `${file}: cannot read the document: ${String(error)}`,
      {
        details: { source: file },
        cause: error,
      },
    )
  }
  const positionOf = (keys: readonly (string | number)[]): SourcePosition | undefined => {
    for (let length = keys.length; length >= 0; length -= 1) {
      const node: unknown = doc.getIn(keys.slice(0, length), true)
      const range = (node as { range?: readonly number[] } | undefined)?.range
      const start = range?.[0]
      if (typeof start === 'number') {
        const { line, col } = lineCounter.linePos(start)
        return { line, column: col }
      }
    }
    return undefined
  }
  if (content === null || content === undefined) {
    throw new ObjectQLError('METADATA_INVALID', `${file}: the file defines no object`, {
      details: { source: file },
    })
  }
  if (!isPlainObject(content)) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `${file}:1:1: expected a mapping (an object definition or a map of them)`,
      { details: { source: file, line: 1, column: 1 } },
    )
  }
  if ('fields' in content) {
    const name = typeof content['name'] === 'string' ? content['name'] : objectFileStem(file)
    return [{ name, file, raw: { ...content, name }, locate: positionOf }]
  }
  return Object.entries(content).map(([key, value]) => {
    if (!isPlainObject(value)) {
      const position = positionOf([key])
      const where = position === undefined ? file : `${file}:${position.line}:${position.column}`
      throw new ObjectQLError(
        'METADATA_INVALID',
        `${where}: '${key}' must be an object definition (a file without 'fields' is a map of objects)`,
        { details: { source: file, path: key, ...position } },
      )
    }
    const name = typeof value['name'] === 'string' ? value['name'] : key
    return { name, file, raw: { ...value, name }, locate: (keys) => positionOf([key, ...keys]) }
  })
}
