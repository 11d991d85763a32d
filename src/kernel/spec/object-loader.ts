import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import { isPlainObject } from './normalizer-errors.js'
import { parseObjectConfig } from './object-config-schema.js'
import type { MetadataIssue } from './object-config-schema.js'
import type { ObjectConfig } from './object-config.js'
import { isObjectFile, parseObjectFile } from './object-file-parser.js'
import type { ObjectFilePart } from './object-file-parser.js'

/** Folders upstream's loader never descends into. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
])

/** Keys a later definition of the same object merges into the earlier one, key by key. */
const MERGED_MAPS: ReadonlySet<string> = new Set(['fields', 'actions'])

/**
 * Loads every `*.object.yml|yaml|json` under `dir` (recursively, skipping
 * {@link IGNORED_DIRECTORIES}) into validated, frozen ObjectConfigs, as upstream's loader does:
 * names default to the file stem, labels are generated, a file without `fields` holds a map of
 * objects. Files are read in sorted path order, so merges are reproducible. Several definitions
 * of one name merge: `fields`, `actions` and `indexes` shallowly (a later entry with the same
 * key replaces the earlier one), any other key of the later definition overrides (label, icon,
 * description, datasource, ...).
 *
 * @returns the objects in order of first appearance.
 * @throws ObjectQLError `CONFIG_INVALID` when `dir` cannot be read; `METADATA_INVALID` for
 *   malformed files (`file:line:column`) and invalid definitions (`file:line:column: path: reason`).
 */
export async function loadObjectsFromDir(dir: string): Promise<ObjectConfig[]> {
  const files = await listObjectFiles(dir)
  const groups = new Map<string, ObjectFilePart[]>()
  for (const file of files) {
    const text = await readText(file)
    for (const part of parseObjectFile(text, file)) {
      const group = groups.get(part.name)
      if (group === undefined) groups.set(part.name, [part])
      else group.push(part)
    }
  }
  return [...groups.values()].map(validateGroup)
}

/**
 * The object files under `dir`, sorted by path. Symbolic links to files are followed;
 * links to folders are not (they could loop).
 */
export async function listObjectFiles(dir: string): Promise<string[]> {
  try {
    const info = await stat(dir)
    if (!info.isDirectory()) {
      throw new ObjectQLError('CONFIG_INVALID', `${dir} is not a directory`, { details: { dir } })
    }
  } catch (error) {
    if (hasErrorCode(error, 'CONFIG_INVALID')) throw error
    throw new ObjectQLError('CONFIG_INVALID', `cannot read object directory ${dir}`, {
      details: { dir },
      cause: error,
    })
  }
  const found: string[] = []
  await walk(dir, found)
  return found.sort()
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!IGNORED_DIRECTORIES.has(entry.name)) await walk(path, found)
    } else if (isObjectFile(entry.name)) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) found.push(path)
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    // A dangling link is not an object file; nothing to load from it.
    return false
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new ObjectQLError('METADATA_INVALID', `${file}: cannot read the file`, {
      details: { source: file },
      cause: error,
    })
  }
}

function validateGroup(parts: readonly ObjectFilePart[]): ObjectConfig {
  const [first] = parts
  if (first === undefined) throw new ObjectQLError('INTERNAL_ERROR', 'an empty object group')
  const merged = parts.slice(1).reduce((acc, part) => mergeDefinitions(acc, part.raw), first.raw)
  const sources = parts.map((part) => part.file).join(' + ')
  try {
    return parseObjectConfig(merged, sources)
  } catch (error) {
    if (!hasErrorCode(error, 'METADATA_INVALID')) throw error
    // Blame the first definition that is invalid on its own, with its line and column.
    for (const part of parts) {
      try {
        parseObjectConfig(part.raw, part.file)
      } catch (partError) {
        if (hasErrorCode(partError, 'METADATA_INVALID')) throw located(partError, part)
        throw partError
      }
    }
    throw parts.length === 1 && first !== undefined ? located(error, first) : error
  }
}

function located(error: ObjectQLError, part: ObjectFilePart): ObjectQLError {
  const issues = (error.details?.['issues'] ?? []) as readonly MetadataIssue[]
  const withPositions = issues.map((issue) => ({ ...issue, ...part.locate(issue.keys) }))
  const lines = withPositions.slice(0, 5).map((issue) => {
    const at = issue.line === undefined ? part.file : `${part.file}:${issue.line}:${issue.column}`
    return issue.path === '' ? `${at}: ${issue.message}` : `${at}: ${issue.path}: ${issue.message}`
  })
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''
  return new ObjectQLError('METADATA_INVALID', `${lines.join('; ')}${more}`, {
    details: { source: part.file, object: part.name, issues: withPositions },
    cause: error,
  })
}

/**
 * Merges a later definition of an object into an earlier one (see {@link loadObjectsFromDir}).
 * Indexes merge by name whether written as upstream maps or spec arrays; unnamed array entries
 * are appended.
 */
export function mergeDefinitions(
  base: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue
    const earlier = Object.hasOwn(base, key) ? base[key] : undefined
    let merged: unknown = value
    if (MERGED_MAPS.has(key) && isPlainObject(earlier) && isPlainObject(value)) {
      merged = { ...earlier, ...value }
    } else if (key === 'indexes' && earlier !== undefined) {
      merged = mergeIndexes(earlier, value)
    }
    // defineProperty, not assignment: a `__proto__` key must stay a key (and fail validation).
    Object.defineProperty(result, key, {
      value: merged,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return result
}

function mergeIndexes(earlier: unknown, later: unknown): unknown {
  if (isPlainObject(earlier) && isPlainObject(later)) return { ...earlier, ...later }
  const list = [...asIndexList(earlier), ...asIndexList(later)]
  const byName = new Map<string, number>()
  const result: unknown[] = []
  for (const index of list) {
    const name =
      isPlainObject(index) && typeof index['name'] === 'string' ? index['name'] : undefined
    const at = name === undefined ? undefined : byName.get(name)
    if (at !== undefined) result[at] = index
    else {
      if (name !== undefined) byName.set(name, result.length)
      result.push(index)
    }
  }
  return result
}

function asIndexList(indexes: unknown): unknown[] {
  if (Array.isArray(indexes)) return indexes
  if (isPlainObject(indexes)) {
    return Object.entries(indexes).map(([name, index]) =>
      isPlainObject(index) ? { name, ...index } : index,
    )
  }
  return [indexes]
}
