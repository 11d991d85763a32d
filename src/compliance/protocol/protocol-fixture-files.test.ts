import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { loadObjectsFromDir } from '../../kernel/spec/object-loader.js'
import { PROTOCOL_FIXTURE_OBJECTS } from './protocol-fixture.js'
import { writeProtocolFixture } from './protocol-fixture-files.js'

describe('writeProtocolFixture', () => {
  it('writes one *.object.yml per fixture object that the object loader reads back equal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-fixture-'))
    try {
      const written = await writeProtocolFixture(join(dir, 'nested'))
      expect(written.map((path) => path.slice(dir.length))).toEqual([
        '/nested/prt_owners.object.yml',
        '/nested/prt_items.object.yml',
      ])
      expect((await readdir(join(dir, 'nested'))).sort()).toEqual([
        'prt_items.object.yml',
        'prt_owners.object.yml',
      ])
      const loaded = await loadObjectsFromDir(join(dir, 'nested'))
      expect(loaded.map((object) => object.name).sort()).toEqual(['prt_items', 'prt_owners'])
      for (const object of PROTOCOL_FIXTURE_OBJECTS) {
        const read = loaded.find((candidate) => candidate.name === object.name)
        for (const [name, field] of Object.entries(object.fields)) {
          expect(read?.fields[name], `${object.name}.${name}`).toMatchObject(field)
        }
        expect(Object.keys(read?.fields ?? {}).sort()).toEqual(Object.keys(object.fields).sort())
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('turns an unwritable directory into CONFIG_INVALID naming the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-fixture-'))
    try {
      await writeFile(join(dir, 'a-file'), 'x')
      const error = await writeProtocolFixture(join(dir, 'a-file', 'fixture')).catch(
        (e: unknown) => e,
      )
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
      expect((error as Error).message).toMatch(
        /^cannot write fixture .*a-file\/fixture\/prt_owners.object.yml: ENOTDIR$/,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
