import { GraphQLError, Kind, getNamedType, isCompositeType, isObjectType } from 'graphql'
import type {
  ASTVisitor,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
} from 'graphql'

/** Limits on the shape of a GraphQL operation, checked before anything runs. */
export interface GraphQLLimits {
  /** Deepest allowed field nesting (`{ a { b } }` is 2). Upstream's default is 10. */
  readonly maxDepth: number
  /** Most estimated work per operation (see {@link complexityLimitRule}). */
  readonly maxComplexity: number
  /** Page size assumed for a list or connection field that names none. */
  readonly defaultPageSize: number
}

/** Default limits: upstream's depth 10, and room for a full page of a wide record with lookups. */
export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = Object.freeze({
  maxDepth: 10,
  maxComplexity: 50_000,
  defaultPageSize: 100,
})

const PAGE_ARGS = ['first', 'last', 'limit'] as const

function limitError(message: string, node: OperationDefinitionNode, details: object): GraphQLError {
  return new GraphQLError(message, {
    nodes: [node],
    extensions: { code: 'LIMIT_EXCEEDED', ...details },
  })
}

type Fragments = (name: string) => FragmentDefinitionNode | null | undefined

/**
 * Walks a selection set, expanding fragments (each at most once per path, so a cycle, which
 * validation rejects anyway, cannot loop). Introspection fields (`__schema`, `__type`) are not
 * descended into: their depth is fixed by the schema, not by the client's data.
 */
function depthOf(set: SelectionSetNode | undefined, fragments: Fragments, seen: Set<string>) {
  if (set === undefined) return 0
  let max = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue
      max = Math.max(max, 1 + depthOf(selection.selectionSet, fragments, seen))
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(selection.selectionSet, fragments, seen))
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments(selection.name.value)
      if (fragment === null || fragment === undefined) continue
      seen.add(selection.name.value)
      max = Math.max(max, depthOf(fragment.selectionSet, fragments, seen))
      seen.delete(selection.name.value)
    }
  }
  return max
}

/** A validation rule: operations nested deeper than `maxDepth` fail with `LIMIT_EXCEEDED`. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const depth = depthOf(node.selectionSet, (name) => context.getFragment(name), new Set())
      if (depth > maxDepth) {
        context.reportError(
          limitError(`operation depth ${depth} exceeds the maximum ${maxDepth}`, node, {
            limit: 'maxDepth',
            max: maxDepth,
            actual: depth,
          }),
        )
      }
    },
  })
}

function pageArgument(
  field: FieldNode,
  def: GraphQLField<unknown, unknown>,
  variables: Readonly<Record<string, unknown>>,
  fallback: number,
): number | undefined {
  const declared = PAGE_ARGS.filter((name) => def.args.some((arg) => arg.name === name))
  if (declared.length === 0) return undefined
  let size: number | undefined
  for (const name of declared) {
    const node: ValueNode | undefined = field.arguments?.find((a) => a.name.value === name)?.value
    let value: unknown
    if (node?.kind === Kind.INT) value = Number(node.value)
    else if (node?.kind === Kind.VARIABLE) value = variables[node.name.value]
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      size = Math.max(size ?? 0, value)
    }
  }
  return size ?? fallback
}

interface CostContext {
  readonly schema: GraphQLSchema
  readonly fragments: Fragments
  readonly variables: Readonly<Record<string, unknown>>
  readonly fallback: number
}

/**
 * The estimated cost of a selection set: every field costs 1, and the selections below a paged
 * field (one with `first`, `last` or `limit`) cost once per record of the page it asks for
 * (the default page when it names none). Fragments on other types are costed against their
 * own type condition.
 */
function costOf(
  set: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  ctx: CostContext,
  seen: Set<string>,
): number {
  if (set === undefined) return 0
  let total = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value
      if (name.startsWith('__')) {
        total += 1
        continue
      }
      const def = isObjectType(type) ? type.getFields()[name] : undefined
      if (def === undefined) continue
      const child = getNamedType(def.type)
      const perItem = isCompositeType(child) ? costOf(selection.selectionSet, child, ctx, seen) : 0
      const page = pageArgument(selection, def, ctx.variables, ctx.fallback) ?? 1
      total += 1 + page * perItem
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : seen.has(selection.name.value)
            ? undefined
            : ctx.fragments(selection.name.value)
      if (fragment === undefined || fragment === null) continue
      const condition = fragment.typeCondition
        ? ctx.schema.getType(fragment.typeCondition.name.value)
        : type
      if (condition === undefined || !isCompositeType(condition)) continue
      const key = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined
      if (key !== undefined) seen.add(key)
      total += costOf(fragment.selectionSet, condition, ctx, seen)
      if (key !== undefined) seen.delete(key)
    }
  }
  return total
}

function costError(
  schema: GraphQLSchema,
  node: OperationDefinitionNode,
  fragments: Fragments,
  limits: GraphQLLimits,
  variables: Readonly<Record<string, unknown>>,
): GraphQLError | undefined {
  const root = schema.getRootType(node.operation)
  if (root === null || root === undefined) return undefined
  const ctx: CostContext = { schema, fragments, variables, fallback: limits.defaultPageSize }
  const cost = costOf(node.selectionSet, root, ctx, new Set())
  if (cost <= limits.maxComplexity) return undefined
  return limitError(
    `operation complexity ${cost} exceeds the maximum ${limits.maxComplexity}`,
    node,
    { limit: 'maxComplexity', max: limits.maxComplexity, actual: cost },
  )
}

/**
 * A validation rule: operations whose estimated cost passes `maxComplexity` fail with
 * `LIMIT_EXCEEDED`. The cost depends on page sizes given as variables, so the rule is made per
 * request with the request's variables.
 */
export function complexityLimitRule(
  limits: GraphQLLimits,
  variables: Readonly<Record<string, unknown>> = {},
): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments: Fragments = (name) => context.getFragment(name)
      const error = costError(context.getSchema(), node, fragments, limits, variables)
      if (error !== undefined) context.reportError(error)
    },
  })
}

/**
 * The errors {@link complexityLimitRule} reports for a document that already passed validation,
 * without a validation pass: the rule only needs each operation's own walk, and running
 * `validate` per request would walk the whole document again with type tracking.
 */
export function complexityErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: GraphQLLimits,
  variables: Readonly<Record<string, unknown>> = {},
): GraphQLError[] {
  const byName = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition)
  }
  const fragments: Fragments = (name) => byName.get(name)
  const errors: GraphQLError[] = []
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    const error = costError(schema, definition, fragments, limits, variables)
    if (error !== undefined) errors.push(error)
  }
  return errors
}
