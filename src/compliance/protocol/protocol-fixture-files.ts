import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { ObjectQLError } from '../../kernel/errors.js'
import { PROTOCOL_FIXTURE_OBJECTS } from './protocol-fixture.js'

/**
 * Writes {@link PROTOCOL_FIXTURE_OBJECTS} into `dir` as `<name>.object.yml`, one file per
 * object, so any server that loads object YAML (`objectql serve <dir>`) serves the objects the
 * protocol audits use. Resolves to the written paths.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the path when it cannot be written.
 */
export async function writeProtocolFixture(dir: string): Promise<string[]> {
  const written: string[] = []
  for (const object of PROTOCOL_FIXTURE_OBJECTS) {
    const path = join(dir, `${object.name}.object.yml`)
    const header = `# Written by \`objectql conform --write-fixture\`: an object the protocol audits use.\n`
    try {
      await mkdir(dir, { recursive: true })
      await writeFile(path, `${header}${stringify(object)}`, 'utf8')
    } catch (error) {
      const code = (error as { code?: unknown }).code
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `cannot write fixture ${path}: ${typeof code === 'string' ? code : String(error)}`,
        { cause: error },
      )
    }
    written.push(path)
  }
  return written
}
