import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  printSchema,
} from 'graphql'
import type {
  GraphQLFieldConfigMap,
  GraphQLInputFieldConfigMap,
  GraphQLInputObjectType as InputType,
} from 'graphql'
import type { FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'
import { createConnectionType, createPageInfoType } from './graphql-connection.js'
import {
  GraphQLJSON,
  RELATION_TYPES,
  fieldShape,
  inputFieldType,
  outputFieldType,
} from './graphql-field-types.js'
import {
  createObjectFilterType,
  createOrderByType,
  createSharedFilterTypes,
  filterTypeFor,
} from './graphql-filter-input.js'
import type { SharedFilterTypes } from './graphql-filter-input.js'
import {
  NameRegistry,
  isGraphQLFieldName,
  objectGraphQLNames,
  referenceFieldName,
} from './graphql-naming.js'
import type { ObjectGraphQLNames } from './graphql-naming.js'
import {
  connectionResolver,
  countResolver,
  createResolver,
  deleteResolver,
  listResolver,
  oneResolver,
  referenceResolver,
  updateResolver,
} from './graphql-resolvers.js'
import type { GraphQLRequestContext } from './graphql-resolvers.js'

type Fields = GraphQLFieldConfigMap<unknown, GraphQLRequestContext>

const SYSTEM = new Set(['id', 'created_at', 'updated_at'])
const RESERVED_TYPES = ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation']
const GLOBAL_QUERIES = ['listObjects', 'getObjectMetadata']

interface ObjectPlan {
  readonly config: ObjectConfig
  readonly names: ObjectGraphQLNames
  /** Declared fields GraphQL can name (a field starting with `__` cannot be exposed). */
  readonly fields: readonly [string, FieldConfig][]
}

function planObjects(objects: readonly ObjectConfig[], shared: SharedFilterTypes): ObjectPlan[] {
  const types = new NameRegistry('type')
  for (const name of [...RESERVED_TYPES, 'JSON', 'PageInfo']) types.claim(name, 'the schema')
  for (const type of Object.values(shared)) types.claim(type.name, 'the schema')
  const roots = new NameRegistry('root field')
  for (const name of GLOBAL_QUERIES) roots.claim(name, 'the schema')
  return objects.map((config) => {
    const names = objectGraphQLNames(config.name)
    const owner = `object '${config.name}'`
    for (const key of ['type', 'filter', 'orderBy', 'input', 'updateInput'] as const) {
      types.claim(names[key], owner)
    }
    types.claim(names.connectionType, owner)
    types.claim(names.edgeType, owner)
    for (const key of ['one', 'list', 'connection', 'count'] as const)
      roots.claim(names[key], owner)
    for (const key of ['create', 'update', 'delete'] as const) roots.claim(names[key], owner)
    const fields = Object.entries(config.fields).filter(
      ([name]) => name !== 'id' && isGraphQLFieldName(name),
    )
    return { config, names, fields }
  })
}

function objectType(
  plan: ObjectPlan,
  byObject: ReadonlyMap<string, GraphQLObjectType>,
): GraphQLObjectType {
  return new GraphQLObjectType<unknown, GraphQLRequestContext>({
    name: plan.names.type,
    ...(plan.config.description === undefined ? {} : { description: plan.config.description }),
    fields: () => {
      const taken = new NameRegistry(`field of ${plan.names.type}`)
      const fields: Fields = { id: { type: new GraphQLNonNull(GraphQLID) } }
      taken.claim('id', 'the id')
      for (const [name, config] of plan.fields) {
        taken.claim(name, `field '${name}'`)
        fields[name] = { type: outputFieldType(config) }
      }
      for (const name of ['created_at', 'updated_at']) {
        if (fields[name] === undefined) fields[name] = { type: GraphQLString }
      }
      for (const [name, config] of plan.fields) {
        const target = config.reference ?? config.reference_to
        const targetType = typeof target === 'string' ? byObject.get(target) : undefined
        if (!RELATION_TYPES.has(config.type) || targetType === undefined || target === undefined) {
          continue
        }
        const multiple = fieldShape(config).multiple
        const ref = referenceFieldName(name)
        taken.claim(ref, `the lookup of '${name}'`)
        fields[ref] = {
          type: multiple ? new GraphQLList(new GraphQLNonNull(targetType)) : targetType,
          description: `The ${target} record '${name}' points to (batched per request).`,
          resolve: referenceResolver(name, target, multiple),
        }
      }
      return fields
    },
  })
}

function filterType(plan: ObjectPlan, shared: SharedFilterTypes): InputType {
  const fields = new Map<string, InputType>([['id', shared.string]])
  for (const [name, config] of plan.fields)
    fields.set(name, filterTypeFor(fieldShape(config), shared))
  for (const name of ['created_at', 'updated_at']) {
    if (!fields.has(name)) fields.set(name, shared.temporal)
  }
  return createObjectFilterType(plan.names.filter, fields)
}

function inputType(plan: ObjectPlan, mode: 'create' | 'update'): InputType | undefined {
  const fields: GraphQLInputFieldConfigMap = {}
  for (const [name, config] of plan.fields) {
    if (!SYSTEM.has(name)) fields[name] = { type: inputFieldType(config, mode) }
  }
  if (Object.keys(fields).length === 0) return undefined
  const name = mode === 'create' ? plan.names.input : plan.names.updateInput
  return new GraphQLInputObjectType({ name, fields })
}

/**
 * Generates the GraphQL schema for a set of objects, with upstream's names (see
 * graphql-naming.ts): per object a type, `camel(id)`, `camelList`, `camelConnection` (Relay),
 * `camelCount`, and the mutations `createPascal(input)`, `updatePascal(id, input)`,
 * `deletePascal(id)`; lookups get `<field>_ref`, resolved through the per-request batch loader.
 * Also `listObjects` and `getObjectMetadata(name)` (a JSON string), as upstream.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when two objects (or an object and a shared type)
 *   would get the same GraphQL name.
 */
export function generateGraphQLSchema(objects: readonly ObjectConfig[]): GraphQLSchema {
  const shared = createSharedFilterTypes()
  const plans = planObjects(objects, shared)
  const pageInfo = createPageInfoType()
  const byObject = new Map<string, GraphQLObjectType>()
  for (const plan of plans) byObject.set(plan.config.name, objectType(plan, byObject))

  const query: Fields = {
    listObjects: {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))),
      description: 'Names of the registered objects.',
      resolve: (_source, _args, ctx) => [...ctx.bridge.getMetaTypes()],
    },
    getObjectMetadata: {
      type: GraphQLString,
      description: "An object's metadata as a JSON string, or null when there is none.",
      args: { name: { type: new GraphQLNonNull(GraphQLString) } },
      resolve: (_source, args: { name: string }, ctx) =>
        ctx.bridge.hasObject(args.name) ? JSON.stringify(ctx.bridge.getMetaItem(args.name)) : null,
    },
  }
  const mutation: Fields = {}
  for (const plan of plans) {
    const { names } = plan
    const object = plan.config.name
    const node = byObject.get(object) as GraphQLObjectType
    const where = { type: filterType(plan, shared) }
    const orderBy = {
      type: new GraphQLList(new GraphQLNonNull(createOrderByType(names.orderBy, shared))),
    }
    query[names.one] = {
      type: node,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: oneResolver(object),
    }
    query[names.list] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(node))),
      args: { where, orderBy, limit: { type: GraphQLInt }, offset: { type: GraphQLInt } },
      resolve: listResolver(object),
    }
    query[names.connection] = {
      type: new GraphQLNonNull(createConnectionType(names, node, pageInfo)),
      args: {
        where,
        orderBy,
        first: { type: GraphQLInt },
        after: { type: GraphQLString },
        last: { type: GraphQLInt },
        before: { type: GraphQLString },
      },
      resolve: connectionResolver(object),
    }
    query[names.count] = {
      type: new GraphQLNonNull(GraphQLInt),
      args: { where },
      resolve: countResolver(object),
    }
    const createInput = inputType(plan, 'create')
    const updateInput = inputType(plan, 'update')
    mutation[names.create] = {
      type: new GraphQLNonNull(node),
      args: createInput === undefined ? {} : { input: { type: new GraphQLNonNull(createInput) } },
      resolve: createResolver(object),
    }
    if (updateInput !== undefined) {
      mutation[names.update] = {
        type: new GraphQLNonNull(node),
        args: {
          id: { type: new GraphQLNonNull(GraphQLID) },
          input: { type: new GraphQLNonNull(updateInput) },
        },
        resolve: updateResolver(object),
      }
    }
    mutation[names.delete] = {
      type: new GraphQLNonNull(GraphQLBoolean),
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: deleteResolver(object),
    }
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: query }),
    ...(Object.keys(mutation).length === 0
      ? {}
      : { mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutation }) }),
    types: [GraphQLJSON],
  })
}

/** The SDL of the schema generated for `objects`. */
export function generateGraphQLSdl(objects: readonly ObjectConfig[]): string {
  return printSchema(generateGraphQLSchema(objects))
}
