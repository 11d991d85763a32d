import { describe, expect, it } from 'vitest'
import { isObjectFile, objectFileStem, parseObjectFile } from './object-file-parser.js'
import { catchError } from './spec.test-utils.js'

describe('object file names', () => {
  it.each([
    ['tasks.object.yml', true, 'tasks'],
    ['tasks.object.yaml', true, 'tasks'],
    ['tasks.object.json', true, 'tasks'],
    ['Tasks.Object.YML', true, 'Tasks'],
    ['dir/sub/project_task.object.yml', true, 'project_task'],
    ['tasks.yml', false, 'tasks.yml'],
    ['tasks.view.yml', false, 'tasks.view.yml'],
    ['tasks.object.yml.bak', false, 'tasks.object.yml.bak'],
  ])('%s', (file, isObject, stem) => {
    expect(isObjectFile(file)).toBe(isObject)
    expect(objectFileStem(file)).toBe(stem)
  })
})

describe('parseObjectFile', () => {
  it('one object: named by `name`, else by the file stem', () => {
    const [part] = parseObjectFile('fields:\n  a: { type: text }\n', 'x/tasks.object.yml')
    expect(part?.name).toBe('tasks')
    expect(part?.raw).toEqual({ name: 'tasks', fields: { a: { type: 'text' } } })
    const [named] = parseObjectFile('name: todo\nfields: {}\n', 'tasks.object.yml')
    expect(named?.name).toBe('todo')
  })

  it('a map of objects, each named by its key unless it says otherwise', () => {
    const parts = parseObjectFile(
      'a:\n  fields: {}\nb:\n  name: bee\n  fields: {}\n',
      'm.object.yml',
    )
    expect(parts.map((part) => part.name)).toEqual(['a', 'bee'])
  })

  it('locates paths, falling back to the nearest existing parent', () => {
    const text = 'fields:\n  status:\n    type: select\n    options: [open, done]\n'
    const [part] = parseObjectFile(text, 't.object.yml')
    expect(part?.locate(['fields', 'status', 'type'])).toEqual({ line: 3, column: 11 })
    expect(part?.locate(['fields', 'status', 'options', 1])).toEqual({ line: 4, column: 21 })
    expect(part?.locate(['fields', 'status', 'options', 1, 'value'])).toEqual({
      line: 4,
      column: 21,
    })
    expect(part?.locate(['fields', 'status', 'missing'])).toEqual({ line: 3, column: 5 })
  })

  it('locates inside map entries', () => {
    const [, second] = parseObjectFile(
      'a:\n  fields: {}\nb:\n  fields:\n    x: { type: nope }\n',
      'm.object.yml',
    )
    expect(second?.locate(['fields', 'x', 'type'])).toEqual({ line: 5, column: 16 })
  })

  it('reads JSON with the same positions', () => {
    const [part] = parseObjectFile(
      '{\n  "fields": {\n    "a": { "type": 1 }\n  }\n}\n',
      't.object.json',
    )
    expect(part?.locate(['fields', 'a', 'type'])).toEqual({ line: 3, column: 20 })
  })

  it.each([
    ['an unclosed flow sequence', 'fields:\n  a: [\n', 3],
    ['duplicate keys', 'fields: {}\nfields: {}\n', 2],
    ['two documents', 'fields: {}\n---\nfields: {}\n', 2],
    ['a tab as indentation', 'fields:\n\ta: 1\n', 2],
  ])('%s is METADATA_INVALID with a line', (_name, text, line) => {
    const error = catchError(() => parseObjectFile(text, 'f.object.yml'), 'METADATA_INVALID')
    expect(error.details).toMatchObject({ source: 'f.object.yml', line })
    expect(error.message).toMatch(new RegExp(`^f\\.object\\.yml:${line}:\\d+: invalid YAML/JSON: `))
  })

  it('an alias bomb is refused', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'fields: { x: *d }',
    ].join('\n')
    catchError(() => parseObjectFile(bomb, 'bomb.object.yml'), 'METADATA_INVALID')
  })

  it('empty and non-mapping documents are METADATA_INVALID', () => {
    catchError(() => parseObjectFile('', 'e.object.yml'), 'METADATA_INVALID')
    catchError(() => parseObjectFile('- a\n- b\n', 'l.object.yml'), 'METADATA_INVALID')
    catchError(() => parseObjectFile('a: 1\n', 'm.object.yml'), 'METADATA_INVALID')
  })
})
