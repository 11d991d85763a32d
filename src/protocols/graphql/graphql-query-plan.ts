import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  Kind,
  OperationTypeNode,
  getOperationAST,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql'
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLLeafType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql'

/**
 * A query document compiled against one schema, for the fast path of graphql-plan-executor.ts.
 *
 * graphql-js re-derives everything per request and per record: it collects the fields of each
 * selection set again for every object it completes, looks up each field definition, checks the
 * return type's kind with `instanceof` chains and computes argument values even for fields that
 * take none. For a page of 100 records of 10 fields that is most of the request's CPU time. A
 * plan does that work once per document: which response keys an object gets, in which order,
 * from which field, with which resolver, completed how. Running it is then a loop of property
 * reads.
 *
 * Only what the plan can run exactly like graphql-js is planned: a `query` operation over object
 * types (the generated schema has no interfaces or unions), without directives, introspection
 * fields other than `__typename`, or `isTypeOf` checks. Anything else is not planned and runs
 * through graphql-js as before.
 */

/** How a value of a field's type is completed into the response. */
export type Completion = LeafCompletion | ObjectCompletion | ListCompletion

/**
 * The JavaScript values a built-in scalar's `serialize` returns unchanged: strings for String
 * and ID, booleans for Boolean, finite numbers for Float, 32-bit integers for Int.
 */
export type NativeScalar = 'string' | 'boolean' | 'float' | 'int'

/** A scalar or enum, serialized by its type (`native` says which values need no call). */
export interface LeafCompletion {
  readonly kind: 'leaf'
  readonly nonNull: boolean
  readonly type: GraphQLLeafType
  /** Set for the built-in scalars; undefined for every other leaf type (always serialized). */
  readonly native: NativeScalar | undefined
}

/** An object: its fields, collected once for every object of this selection. */
export interface ObjectCompletion {
  readonly kind: 'object'
  readonly nonNull: boolean
  readonly type: GraphQLObjectType
  readonly fields: readonly FieldPlan[]
  /** Some field at or below this object has a resolver (which receives a `path` in `info`). */
  readonly needsPath: boolean
}

/** A list of items completed alike. */
export interface ListCompletion {
  readonly kind: 'list'
  readonly nonNull: boolean
  readonly item: Completion
  readonly needsPath: boolean
}

/** One response key of an object. */
export interface FieldPlan {
  /** The response key (the alias, or the field name). */
  readonly key: string
  readonly name: string
  /** Set for `__typename`: the constant it answers. */
  readonly typename: string | undefined
  readonly def: GraphQLField<unknown, unknown> | undefined
  /** Every node merged under this key (what graphql-js passes as `info.fieldNodes`). */
  readonly nodes: readonly FieldNode[]
  /** The field's own resolver; undefined means graphql-js's default (a property read). */
  readonly resolve: GraphQLFieldResolver<unknown, unknown> | undefined
  readonly completion: Completion | undefined
  /** The field has a resolver at or below it, so its completion tracks the response path. */
  readonly needsPath: boolean
  /**
   * Set when the field is a plain property (no resolver) of a built-in scalar type: a value of
   * this kind is copied as it is, with no promise, error or serialization to consider.
   */
  readonly native: NativeScalar | undefined
}

/** A planned operation. */
export interface QueryPlan {
  readonly schema: GraphQLSchema
  readonly operation: OperationDefinitionNode
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>
  readonly root: ObjectCompletion
}

const NATIVE: ReadonlyMap<GraphQLLeafType, NativeScalar> = new Map<GraphQLLeafType, NativeScalar>([
  [GraphQLString, 'string'],
  [GraphQLID, 'string'],
  [GraphQLBoolean, 'boolean'],
  [GraphQLFloat, 'float'],
  [GraphQLInt, 'int'],
])

/** True when `serialize` of a `native` scalar returns `value` unchanged. */
export function isNativeValue(native: NativeScalar, value: unknown): boolean {
  switch (native) {
    case 'string':
      return typeof value === 'string'
    case 'boolean':
      return typeof value === 'boolean'
    case 'float':
      return typeof value === 'number' && Number.isFinite(value)
    case 'int':
      return (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value <= 2_147_483_647 &&
        value >= -2_147_483_648
      )
  }
}

/** Thrown while planning when the document needs something only graphql-js does. */
class Unplannable extends Error {}

class Planner {
  constructor(
    private readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>,
    private readonly schema: GraphQLSchema,
  ) {}

  /** Response keys in first-seen order, with every node merged under each (graphql-js's rule). */
  collect(
    type: GraphQLObjectType,
    set: SelectionSetNode,
    into: Map<string, FieldNode[]>,
    visited: Set<string>,
  ): void {
    for (const selection of set.selections) {
      if ((selection.directives?.length ?? 0) > 0) throw new Unplannable('directive')
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value
        // graphql-js answers with prototype-less objects, where this key is an ordinary one.
        if (key === '__proto__') throw new Unplannable('__proto__ as a response key')
        const nodes = into.get(key)
        if (nodes === undefined) into.set(key, [selection])
        else nodes.push(selection)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, type)) {
          this.collect(type, selection.selectionSet, into, visited)
        }
      } else {
        const name = selection.name.value
        if (visited.has(name)) continue
        visited.add(name)
        const fragment = this.fragments[name]
        if (fragment === undefined) throw new Unplannable('unknown fragment')
        if ((fragment.directives?.length ?? 0) > 0) throw new Unplannable('directive')
        if (this.applies(fragment.typeCondition.name.value, type)) {
          this.collect(type, fragment.selectionSet, into, visited)
        }
      }
    }
  }

  /** Whether a fragment with this type condition applies to an object of `type`. */
  applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (condition === undefined || condition === type.name) return true
    const named = this.schema.getType(condition)
    // Another object type never applies; an interface or union would need subtype checks.
    if (named !== undefined && isObjectType(named)) return false
    throw new Unplannable('abstract type condition')
  }

  object(type: GraphQLObjectType, sets: readonly SelectionSetNode[], nonNull: boolean) {
    if (type.isTypeOf !== undefined && type.isTypeOf !== null) throw new Unplannable('isTypeOf')
    const collected = new Map<string, FieldNode[]>()
    const visited = new Set<string>()
    for (const set of sets) this.collect(type, set, collected, visited)
    const defs = type.getFields()
    const fields: FieldPlan[] = []
    let needsPath = false
    for (const [key, nodes] of collected) {
      const first = nodes[0] as FieldNode
      const name = first.name.value
      if (name === '__typename') {
        const typename = type.name
        fields.push({
          key,
          name,
          typename,
          def: undefined,
          nodes,
          resolve: undefined,
          completion: undefined,
          needsPath: false,
          native: undefined,
        })
        continue
      }
      const def = defs[name] as GraphQLField<unknown, unknown> | undefined
      if (def === undefined) throw new Unplannable('unknown field')
      const subsets = nodes.flatMap((node) =>
        node.selectionSet === undefined ? [] : [node.selectionSet],
      )
      const completion = this.completion(def.type, subsets)
      const resolve = def.resolve ?? undefined
      const fieldNeedsPath = resolve !== undefined || pathBelow(completion)
      needsPath ||= fieldNeedsPath
      fields.push({
        key,
        name,
        typename: undefined,
        def,
        nodes,
        resolve,
        completion,
        needsPath: fieldNeedsPath,
        native: resolve === undefined && completion.kind === 'leaf' ? completion.native : undefined,
      })
    }
    const plan: ObjectCompletion = { kind: 'object', nonNull, type, fields, needsPath }
    return plan
  }

  completion(type: GraphQLOutputType, sets: readonly SelectionSetNode[]): Completion {
    const nonNull = isNonNullType(type)
    const inner = nonNull ? type.ofType : type
    if (isListType(inner)) {
      const item = this.completion(inner.ofType as GraphQLOutputType, sets)
      return { kind: 'list', nonNull, item, needsPath: pathBelow(item) }
    }
    if (isLeafType(inner)) return { kind: 'leaf', nonNull, type: inner, native: NATIVE.get(inner) }
    if (isObjectType(inner)) return this.object(inner, sets, nonNull)
    throw new Unplannable('abstract type')
  }
}

function pathBelow(completion: Completion): boolean {
  return completion.kind !== 'leaf' && completion.needsPath
}

/**
 * Plans the operation of `document` named `operationName` (a document that already passed
 * validation against `schema`), or undefined when it must run through graphql-js: a mutation or
 * subscription, an ambiguous or unknown operation name, directives, introspection, abstract
 * types.
 */
export function planQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): QueryPlan | undefined {
  const operation = getOperationAST(document, operationName)
  if (
    operation === null ||
    operation === undefined ||
    operation.operation !== OperationTypeNode.QUERY
  ) {
    return undefined
  }
  if ((operation.directives?.length ?? 0) > 0) return undefined
  const queryType = schema.getQueryType()
  if (queryType === null || queryType === undefined) return undefined
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<
    string,
    FragmentDefinitionNode
  >
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition
  }
  try {
    // `__schema` and `__type` are no fields of the query type: planning them fails, as it should.
    const root = new Planner(fragments, schema).object(queryType, [operation.selectionSet], true)
    return { schema, operation, fragments, root }
  } catch (error) {
    if (error instanceof Unplannable) return undefined
    throw error
  }
}
