import { buildSchema, printSchema } from 'graphql'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { camelName, objectGraphQLNames, pascalName } from './graphql-naming.js'
import { generateGraphQLSchema, generateGraphQLSdl } from './graphql-schema-generator.js'

const PROJECT_TASK: ObjectConfig = {
  name: 'project_task',
  fields: {
    title: { type: 'text', required: true },
    owner: { type: 'lookup', reference: 'user_account' },
    reviewers: { type: 'lookup', reference: 'user_account', multiple: true },
    hours: { type: 'number' },
    done: { type: 'boolean' },
    labels: { type: 'tags' },
    due_on: { type: 'date' },
    extra: { type: 'json' },
    level: {
      type: 'select',
      options: [
        { label: 'One', value: 1 },
        { label: 'Two', value: 2 },
      ],
    },
  },
}
const USER: ObjectConfig = { name: 'user_account', fields: { name: { type: 'text' } } }

function thrownCode(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return hasErrorCode(error, 'CONFIG_INVALID') ? 'CONFIG_INVALID' : 'other'
  }
  return undefined
}

describe('GraphQL naming (upstream 6.1)', () => {
  it('derives camel and Pascal names from snake_case', () => {
    expect(camelName('project_task')).toBe('projectTask')
    expect(pascalName('project_task')).toBe('ProjectTask')
    expect(camelName('tasks')).toBe('tasks')
    expect(camelName('a__b_')).toBe('aB')
    expect(objectGraphQLNames('project_task')).toMatchObject({
      one: 'projectTask',
      list: 'projectTaskList',
      connection: 'projectTaskConnection',
      count: 'projectTaskCount',
      create: 'createProjectTask',
      update: 'updateProjectTask',
      delete: 'deleteProjectTask',
      filter: 'ProjectTaskFilter',
      input: 'ProjectTaskInput',
      updateInput: 'ProjectTaskUpdateInput',
      connectionType: 'ProjectTaskConnection',
    })
  })

  it('refuses names that clash instead of shadowing one object with another', () => {
    const twin: ObjectConfig = { name: 'projectTask', fields: {} }
    expect(thrownCode(() => generateGraphQLSchema([PROJECT_TASK, twin]))).toBe('CONFIG_INVALID')
    const pageInfo: ObjectConfig = { name: 'page_info', fields: {} }
    expect(thrownCode(() => generateGraphQLSchema([pageInfo]))).toBe('CONFIG_INVALID')
    const shadow: ObjectConfig = {
      name: 'thing',
      fields: { owner: { type: 'lookup', reference: 'thing' }, owner_ref: { type: 'text' } },
    }
    expect(thrownCode(() => generateGraphQLSchema([shadow]))).toBe('CONFIG_INVALID')
  })
})

describe('GraphQL schema generation', () => {
  const sdl = generateGraphQLSdl([PROJECT_TASK, USER])

  it('produces SDL that graphql-js builds again, with every upstream root field', () => {
    const rebuilt = buildSchema(sdl)
    const query = rebuilt.getQueryType()?.getFields() ?? {}
    const mutation = rebuilt.getMutationType()?.getFields() ?? {}
    for (const name of [
      'projectTask',
      'projectTaskList',
      'projectTaskConnection',
      'projectTaskCount',
      'userAccount',
      'listObjects',
      'getObjectMetadata',
    ]) {
      expect(query[name], name).toBeDefined()
    }
    for (const name of ['createProjectTask', 'updateProjectTask', 'deleteProjectTask']) {
      expect(mutation[name], name).toBeDefined()
    }
    expect(printSchema(rebuilt)).toBe(sdl)
  })

  it('types fields by metadata, with lookups as _ref fields and typed filters', () => {
    const schema = buildSchema(sdl)
    const type = schema.getType('ProjectTask')
    const fields = type !== undefined && 'getFields' in type ? type.getFields() : {}
    const typeOf = (name: string) => String(fields[name]?.type)
    expect(typeOf('id')).toBe('ID!')
    expect(typeOf('title')).toBe('String!')
    expect(typeOf('hours')).toBe('Float')
    expect(typeOf('done')).toBe('Boolean')
    expect(typeOf('labels')).toBe('[String]')
    expect(typeOf('extra')).toBe('JSON')
    expect(typeOf('level')).toBe('Float')
    expect(typeOf('owner_ref')).toBe('UserAccount')
    expect(typeOf('reviewers_ref')).toBe('[UserAccount!]')
    expect(typeOf('created_at')).toBe('String')
    const filter = schema.getType('ProjectTaskFilter')
    const filterFields = filter !== undefined && 'getFields' in filter ? filter.getFields() : {}
    expect(String(filterFields['hours']?.type)).toBe('FloatFilter')
    expect(String(filterFields['labels']?.type)).toBe('StringListFilter')
    expect(String(filterFields['due_on']?.type)).toBe('DateTimeFilter')
    expect(String(filterFields['extra']?.type)).toBe('JSONFilter')
    expect(String(filterFields['AND']?.type)).toBe('[ProjectTaskFilter!]')
    const input = schema.getType('ProjectTaskInput')
    const inputFields = input !== undefined && 'getFields' in input ? input.getFields() : {}
    expect(String(inputFields['title']?.type)).toBe('String!')
    expect(inputFields['id']).toBeUndefined()
    expect(inputFields['created_at']).toBeUndefined()
    expect(String(inputFields['reviewers']?.type)).toBe('[String]')
  })

  it('has no Mutation type when there are no objects', () => {
    const schema = generateGraphQLSchema([])
    expect(schema.getMutationType()).toBeUndefined()
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual([
      'listObjects',
      'getObjectMetadata',
    ])
  })
})
