import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDeepFrozen } from './deep-freeze.js'
import { listObjectFiles, loadObjectsFromDir, mergeDefinitions } from './object-loader.js'
import { catchErrorAsync } from './spec.test-utils.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'objectql-loader-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function put(relative: string, text: string): Promise<string> {
  const path = join(dir, relative)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
  return path
}

const PROJECTS_YML = `# upstream-style project definition
label: Project
icon: folder
fields:
  name:
    type: text
    required: true
  status:
    type: select
    defaultValue: planned
    index: true
    options:
      - label: Planned
        value: planned
      - label: Active
        value: active
  owner:
    reference_to: users
indexes:
  status_idx:
    fields: [status]
actions:
  complete:
    type: record
    label: Complete Project
    params:
      comment:
        type: textarea
`

describe('loadObjectsFromDir', () => {
  it('loads a YAML object named by its file stem, with labels and inferred types', async () => {
    await put('projects.object.yml', PROJECTS_YML)
    const [projects, ...rest] = await loadObjectsFromDir(dir)
    expect(rest).toEqual([])
    expect(projects?.name).toBe('projects')
    expect(projects?.label).toBe('Project')
    expect(projects?.fields['status']).toMatchObject({
      name: 'status',
      label: 'Status',
      type: 'select',
    })
    expect(projects?.fields['owner']).toMatchObject({ type: 'lookup', reference: 'users' })
    expect(projects?.indexes).toEqual([{ name: 'status_idx', fields: ['status'] }])
    expect(projects?.actions?.['complete']?.params?.['comment']?.label).toBe('Comment')
    expect(isDeepFrozen(projects)).toBe(true)
  })

  it('reads .yaml and .json, recursively and in sorted order', async () => {
    await put('b/users.object.yaml', 'fields:\n  name: { type: text }\n')
    await put(
      'a/teams.object.json',
      JSON.stringify({ label: 'Squads', fields: { name: { type: 'text' } } }),
    )
    await put('tasks.object.yml', 'name: todo_items\nfields:\n  title: { type: text }\n')
    const objects = await loadObjectsFromDir(dir)
    expect(objects.map((object) => object.name)).toEqual(['teams', 'users', 'todo_items'])
    expect(objects[0]?.label).toBe('Squads')
    expect(objects[1]?.label).toBe('Users')
  })

  it('ignores node_modules, .git, dist, build, out and non-object files', async () => {
    for (const folder of ['node_modules/pkg', '.git', 'dist', 'build', 'out']) {
      await put(`${folder}/hidden.object.yml`, 'fields: {}\n')
    }
    await put('notes.yml', 'fields: {}\n')
    await put('tasks.view.yml', 'fields: {}\n')
    await put('src/kept.object.yml', 'fields: {}\n')
    expect((await loadObjectsFromDir(dir)).map((object) => object.name)).toEqual(['kept'])
  })

  it('follows symbolic links to files', async () => {
    const target = await put('elsewhere/real.yml', 'fields: { a: { type: text } }\n')
    await symlink(target, join(dir, 'linked.object.yml'))
    expect((await loadObjectsFromDir(dir)).map((object) => object.name)).toEqual(['linked'])
  })

  it('reads a file without fields as a map of objects', async () => {
    await put(
      'crm.object.yml',
      'accounts:\n  fields:\n    name: { type: text }\ncontacts:\n  label: People\n  fields:\n    email: { type: email }\n',
    )
    const objects = await loadObjectsFromDir(dir)
    expect(objects.map((object) => [object.name, object.label])).toEqual([
      ['accounts', 'Accounts'],
      ['contacts', 'People'],
    ])
  })

  it('merges definitions of one name: maps shallowly, scalars overridden', async () => {
    await put(
      'a/tasks.object.yml',
      `label: Tasks
icon: check
description: first
datasource: default
fields:
  title: { type: text }
  status: { type: text }
indexes:
  by_title: { fields: [title] }
actions:
  close: { label: Close }
`,
    )
    await put(
      'b/tasks.object.yml',
      `label: Todo
datasource: archive
fields:
  status: { type: select, options: [open, done] }
  due: { type: date }
indexes:
  by_status: { fields: [status] }
  by_title: { fields: [title], unique: true }
actions:
  reopen: { label: Reopen }
`,
    )
    const [tasks] = await loadObjectsFromDir(dir)
    expect(tasks?.label).toBe('Todo')
    expect(tasks?.icon).toBe('check')
    expect(tasks?.description).toBe('first')
    expect(tasks?.datasource).toBe('archive')
    expect(Object.keys(tasks?.fields ?? {})).toEqual(['title', 'status', 'due'])
    expect(tasks?.fields['status']?.type).toBe('select')
    expect(tasks?.indexes).toEqual([
      { name: 'by_title', fields: ['title'], unique: true },
      { name: 'by_status', fields: ['status'] },
    ])
    expect(Object.keys(tasks?.actions ?? {})).toEqual(['close', 'reopen'])
  })

  it('an index may name a field declared in another file of the same object', async () => {
    await put(
      'a/tasks.object.yml',
      'fields:\n  title: { type: text }\nindexes:\n  - { fields: [due] }\n',
    )
    await put('b/tasks.object.yml', 'fields:\n  due: { type: date }\n')
    const [tasks] = await loadObjectsFromDir(dir)
    expect(tasks?.indexes).toEqual([{ fields: ['due'] }])
  })

  it('an empty directory gives no objects; a missing one is CONFIG_INVALID', async () => {
    expect(await loadObjectsFromDir(dir)).toEqual([])
    await catchErrorAsync(() => loadObjectsFromDir(join(dir, 'missing')), 'CONFIG_INVALID')
    const file = await put('file.txt', 'x')
    await catchErrorAsync(() => loadObjectsFromDir(file), 'CONFIG_INVALID')
  })
})

describe('loadObjectsFromDir: errors name the file, line and column', () => {
  it('malformed YAML', async () => {
    const file = await put(
      'bad.object.yml',
      'fields:\n  title:\n    type: text\n   bad indent: [\n',
    )
    const error = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(error.message).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+: invalid YAML`))
    expect(error.details).toMatchObject({ source: file })
    expect(error.details?.['line']).toBeGreaterThanOrEqual(3)
  })

  it('duplicate keys', async () => {
    const file = await put(
      'dup.object.yml',
      'fields:\n  a: { type: text }\n  a: { type: number }\n',
    )
    const error = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(error.message).toContain(`${file}:3:3`)
  })

  it('malformed JSON', async () => {
    const file = await put(
      'bad.object.json',
      '{\n  "fields": {\n    "a": { "type": "text" },\n  }\n',
    )
    const error = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(error.message).toContain(file)
    expect(error.details?.['line']).toBeTypeOf('number')
  })

  it('schema errors carry file:line:column, the path and the reason', async () => {
    const file = await put(
      'tasks.object.yml',
      'fields:\n  status:\n    type: select\n    options:\n      - { label: A, value: a }\n      - { label: B, value: b }\n      - { label: C, value: [c] }\n',
    )
    const error = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(error.message).toContain(`${file}:7:`)
    expect(error.message).toContain('fields.status.options[2].value')
    expect(error.message).toContain('expected a string or a number')
    expect(error.details).toMatchObject({ source: file, object: 'tasks' })
  })

  it('blames the file whose definition is invalid when an object is merged', async () => {
    await put('a/tasks.object.yml', 'fields:\n  title: { type: text }\n')
    const bad = await put('b/tasks.object.yml', 'fields:\n  due: { type: dat }\n')
    const error = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(error.message).toContain(`${bad}:2:`)
    expect(error.message).toContain('fields.due.type')
  })

  it('a map entry that is not an object, an empty file, a scalar document', async () => {
    await put('map.object.yml', 'accounts: 5\n')
    const entry = await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    expect(entry.message).toContain("'accounts' must be an object definition")
    await rm(join(dir, 'map.object.yml'))
    await put('empty.object.yml', '# nothing\n')
    await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
    await rm(join(dir, 'empty.object.yml'))
    await put('scalar.object.yml', 'just text\n')
    await catchErrorAsync(() => loadObjectsFromDir(dir), 'METADATA_INVALID')
  })
})

describe('helpers', () => {
  it('listObjectFiles is sorted', async () => {
    await put('z.object.yml', 'fields: {}\n')
    await put('a.object.yml', 'fields: {}\n')
    const files = await listObjectFiles(dir)
    expect(files).toEqual([join(dir, 'a.object.yml'), join(dir, 'z.object.yml')])
  })

  it('mergeDefinitions keeps a __proto__ key a key', () => {
    const merged = mergeDefinitions({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(Object.hasOwn(merged, '__proto__')).toBe(true)
  })

  it('mergeDefinitions merges map and array indexes by name', () => {
    expect(
      mergeDefinitions(
        { indexes: [{ name: 'a', fields: ['x'] }, { fields: ['y'] }] },
        { indexes: { a: { fields: ['z'] }, b: { fields: ['w'] } } },
      ),
    ).toEqual({
      indexes: [{ name: 'a', fields: ['z'] }, { fields: ['y'] }, { name: 'b', fields: ['w'] }],
    })
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
