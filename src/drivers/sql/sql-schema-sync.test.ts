import { afterAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  removeTempFiles,
  uniquePrefix,
} from './sql-dialects.test-utils.js'
import { fieldTypeOf, introspectedToObjects } from './sql-introspector.js'

const V1: ObjectConfig = {
  name: 'project',
  fields: { title: { type: 'text', required: true }, budget: { type: 'number' } },
}

const V2: ObjectConfig = {
  name: 'project',
  fields: {
    title: { type: 'text', required: true },
    budget: { type: 'number' },
    active: { type: 'boolean', index: true },
    started: { type: 'datetime' },
    labels: { type: 'tags' },
  },
  indexes: [{ fields: ['title', 'budget'], unique: true }],
}

const TASK: ObjectConfig = {
  name: 'task',
  fields: { name: { type: 'text' }, project: { type: 'lookup', reference: 'project' } },
}

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: syncSchema and introspectSchema`, () => {
    afterAll(() => removeTempFiles())

    const connected = async (): Promise<SqlDriver> => {
      const driver = new SqlDriver(dialect.config(uniquePrefix('sch')))
      await driver.connect()
      return driver
    }

    it('creates tables, then alters them by adding fields and indexes; data survives', async () => {
      const driver = await connected()
      try {
        await driver.syncSchema([V1])
        await driver.create('project', { id: 'p1', title: 'Alpha', budget: 10 })
        await driver.syncSchema([V2])
        await driver.syncSchema([V2]) // idempotent
        expect(await driver.findOne('project', 'p1')).toEqual({
          id: 'p1',
          title: 'Alpha',
          budget: 10,
        })
        const updated = await driver.update('project', 'p1', {
          active: true,
          started: '2024-03-01T00:00:00.000Z',
          labels: ['x'],
        })
        expect(updated).toMatchObject({ active: true, labels: ['x'] })
        expect(await driver.count('project', { active: { $eq: true } })).toBe(1)
        // The new unique index holds.
        await driver.create('project', { id: 'p2', title: 'Beta', budget: 10 })
        await expect(
          driver.create('project', { id: 'p3', title: 'Alpha', budget: 10 }),
        ).rejects.toSatisfy((e) => hasErrorCode(e, 'DUPLICATE_RECORD'))
      } finally {
        await driver.dropTable('project')
        await driver.disconnect()
      }
    })

    it('introspectSchema reads the tables back as IntrospectedSchema', async () => {
      const driver = await connected()
      try {
        await driver.syncSchema([V2, TASK, ITEM_OBJECT])
        const schema = await driver.introspectSchema()
        expect(Object.keys(schema.tables).sort()).toEqual(['item', 'project', 'task'])
        const project = schema.tables['project']
        expect(project?.primaryKeys).toEqual(['id'])
        const columns = new Map(project?.columns.map((c) => [c.name, c]))
        expect([...columns.keys()]).toEqual([
          'id',
          'title',
          'budget',
          'active',
          'started',
          'labels',
          'created_at',
          'updated_at',
        ])
        expect(columns.get('id')).toMatchObject({ isPrimary: true, nullable: false })
        expect(columns.get('budget')?.nullable).toBe(true)
        const item = new Map(schema.tables['item']?.columns.map((c) => [c.name, c]))
        expect(item.get('code')?.isUnique).toBe(true)
        expect(item.get('title')?.isUnique).toBe(false)
        const objects = introspectedToObjects(schema, { includeTables: ['project', 'item'] })
        const fields = objects.find((o) => o.name === 'project')?.fields
        expect(fields?.['budget']?.type).toBe('number')
        expect(fields?.['title']?.type).toBe('text')
        expect(fields?.['created_at']).toBeUndefined()
        if (dialect.key !== 'sqlite-memory' && dialect.key !== 'sqlite-file') {
          // SQLite keeps booleans and datetimes in INTEGER and TEXT columns.
          expect(fields?.['active']?.type).toBe('boolean')
          expect(fields?.['started']?.type).toBe('datetime')
        }
        const itemFields = objects.find((o) => o.name === 'item')?.fields
        expect(itemFields?.['code']?.unique).toBe(true)
      } finally {
        for (const name of ['project', 'task', 'item']) await driver.dropTable(name)
        await driver.disconnect()
      }
    })

    it('a column whose type cannot hold the field is METADATA_INVALID, not reused', async () => {
      const driver = await connected()
      try {
        await driver.syncSchema([V1])
        const changed: ObjectConfig = {
          name: 'project',
          fields: { budget: { type: 'json' }, title: { type: 'number' } },
        }
        await expect(driver.syncSchema([changed])).rejects.toSatisfy((e) =>
          hasErrorCode(e, 'METADATA_INVALID'),
        )
      } finally {
        await driver.dropTable('project')
        await driver.disconnect()
      }
    })

    it('names no dialect can hold are METADATA_INVALID before any DDL', async () => {
      const driver = await connected()
      try {
        const long: ObjectConfig = { name: 'x'.repeat(80), fields: {} }
        const nul: ObjectConfig = { name: 'nul', fields: { 'a\u0000b': { type: 'text' } } }
        for (const object of [long, nul]) {
          await expect(driver.syncSchema([object])).rejects.toSatisfy((e) =>
            hasErrorCode(e, 'METADATA_INVALID'),
          )
        }
        expect(Object.keys((await driver.introspectSchema()).tables)).toEqual([])
      } finally {
        await driver.disconnect()
      }
    })
  })
}

describe('fieldTypeOf', () => {
  it('maps native column types back to field types', () => {
    expect(fieldTypeOf('double precision')).toBe('number')
    expect(fieldTypeOf('tinyint(1)')).toBe('boolean')
    expect(fieldTypeOf('timestamp with time zone')).toBe('datetime')
    expect(fieldTypeOf('datetime(3)')).toBe('datetime')
    expect(fieldTypeOf('date')).toBe('date')
    expect(fieldTypeOf('json')).toBe('json')
    expect(fieldTypeOf('longtext')).toBe('text')
    expect(fieldTypeOf('varchar(768)')).toBe('text')
  })
})
