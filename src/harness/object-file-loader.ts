import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ObjectQLError } from '../kernel/errors.js'
import { parseObjectConfig } from '../kernel/spec/object-config-schema.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import { isObjectFile, parseObjectFile } from '../kernel/spec/object-file-parser.js'

/**
 * Reads every `*.object.yml`, `*.object.yaml` and `*.object.json` file in `dir` (not recursive,
 * sorted by file name so the order is stable) with the kernel's own parser and schema: a file
 * holds one object (named by `name` or the file stem) or a map of them. Every problem is
 * `METADATA_INVALID` naming the file (and line and column where the parser knows them).
 */
export async function loadObjectFiles(dir: string): Promise<ObjectConfig[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => isObjectFile(name)).sort()
  } catch (error) {
    throw new ObjectQLError('METADATA_INVALID', `cannot read object directory ${dir}`, {
      cause: error,
      details: { dir },
    })
  }
  const objects: ObjectConfig[] = []
  for (const name of names) {
    const file = join(dir, name)
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new ObjectQLError('METADATA_INVALID', `cannot read ${file}`, {
        cause: error,
        details: { file },
      })
    })
    for (const part of parseObjectFile(text, file)) {
      objects.push(parseObjectConfig(part.raw, part.file))
    }
  }
  return objects
}
