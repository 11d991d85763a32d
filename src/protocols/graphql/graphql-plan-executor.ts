import { getArgumentValues, getVariableValues } from 'graphql'
import type { GraphQLObjectType, GraphQLResolveInfo, ResponsePath } from 'graphql'
import { isNativeValue } from './graphql-query-plan.js'
import type { Completion, FieldPlan, ObjectCompletion, QueryPlan } from './graphql-query-plan.js'

/**
 * Returned by {@link runQueryPlan} when the request must run through graphql-js instead: the
 * variables do not coerce, or completing the result met anything graphql-js answers with an
 * error (a resolver that threw or returned an Error, null in a non-null field, a value its
 * scalar cannot serialize, a list that is not an array).
 */
export const RUN_WITH_GRAPHQL_JS: unique symbol = Symbol('run with graphql-js')

/** What {@link runQueryPlan} resolves: the `data` of a response without errors, or the signal. */
export type PlanOutcome = Record<string, unknown> | typeof RUN_WITH_GRAPHQL_JS

/** Raised inside a run where graphql-js would record an error; the whole run is abandoned. */
class ErrorPath extends Error {}

interface Run {
  readonly plan: QueryPlan
  readonly context: unknown
  readonly variables: Record<string, unknown>
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  // Only objects and functions can have a `then` method (a primitive's would be on its prototype).
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Marks the promises a run started before it failed synchronously as observed. Their outcome no
 * longer matters (graphql-js runs the request again and reports what fails), but a rejection
 * nobody listens to would be an unhandled rejection, which ends a Node process by default.
 */
function abandon(started: readonly unknown[] | undefined): void {
  for (const value of started ?? []) {
    if (isPromiseLike(value)) Promise.resolve(value).catch(() => undefined)
  }
}

function argumentsOf(run: Run, field: FieldPlan): Record<string, unknown> {
  const def = field.def
  if (def === undefined || def.args.length === 0) {
    // graphql-js hands every resolver a fresh prototype-less map; so does the plan.
    return Object.create(null) as Record<string, unknown>
  }
  return getArgumentValues(def, field.nodes[0] as FieldPlan['nodes'][number], run.variables)
}

function infoOf(
  run: Run,
  field: FieldPlan,
  parentType: GraphQLObjectType,
  path: ResponsePath,
): GraphQLResolveInfo {
  const { plan } = run
  return {
    fieldName: field.name,
    fieldNodes: field.nodes,
    returnType: (field.def as NonNullable<FieldPlan['def']>).type,
    parentType,
    path,
    schema: plan.schema,
    fragments: plan.fragments,
    rootValue: undefined,
    operation: plan.operation,
    variableValues: run.variables,
  }
}

function complete(
  run: Run,
  completion: Completion,
  value: unknown,
  path: ResponsePath | undefined,
): unknown {
  if (value instanceof Error) throw new ErrorPath('a resolver returned an Error')
  if (value === null || value === undefined) {
    if (completion.nonNull) throw new ErrorPath('null in a non-null position')
    return null
  }
  if (completion.kind === 'leaf') {
    if (completion.native !== undefined && isNativeValue(completion.native, value)) return value
    const serialized: unknown = completion.type.serialize(value)
    if (serialized === null || serialized === undefined) throw new ErrorPath('unserializable')
    return serialized
  }
  if (completion.kind === 'object') {
    if (typeof value !== 'object') throw new ErrorPath('not an object')
    return completeObject(run, completion, value, path)
  }
  if (!Array.isArray(value)) throw new ErrorPath('not a list')
  const items: unknown[] = new Array<unknown>(value.length)
  let pending = false
  try {
    for (let index = 0; index < value.length; index++) {
      const itemPath: ResponsePath | undefined = completion.needsPath
        ? { prev: path, key: index, typename: undefined }
        : undefined
      const item: unknown = value[index]
      const done = isPromiseLike(item)
        ? Promise.resolve(item).then((resolved) =>
            complete(run, completion.item, resolved, itemPath),
          )
        : complete(run, completion.item, item, itemPath)
      if (isPromiseLike(done)) pending = true
      items[index] = done
    }
  } catch (error) {
    if (pending) abandon(items)
    throw error
  }
  return pending ? Promise.all(items) : items
}

function completeObject(
  run: Run,
  plan: ObjectCompletion,
  source: object | undefined,
  path: ResponsePath | undefined,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  let pending: Promise<void>[] | undefined
  const record = source as Record<string, unknown>
  try {
    for (const field of plan.fields) {
      const key = field.key
      if (field.native !== undefined && source !== undefined) {
        // The common case, a stored scalar: copied without the general path's checks.
        const value = record[field.name]
        if (isNativeValue(field.native, value)) {
          out[key] = value
          continue
        }
      }
      if (field.typename !== undefined) {
        out[key] = field.typename
        continue
      }
      const fieldPath: ResponsePath | undefined = field.needsPath
        ? { prev: path, key, typename: plan.type.name }
        : undefined
      let raw: unknown
      if (field.resolve === undefined) {
        // graphql-js's default resolver: a property read (a method would be called; not planned).
        raw = source === undefined ? undefined : record[field.name]
        if (typeof raw === 'function') throw new ErrorPath('a method as a field')
      } else {
        const info = infoOf(run, field, plan.type, fieldPath as ResponsePath)
        raw = field.resolve(source, argumentsOf(run, field), run.context, info)
      }
      const completion = field.completion as Completion
      const done = isPromiseLike(raw)
        ? Promise.resolve(raw).then((resolved) => complete(run, completion, resolved, fieldPath))
        : complete(run, completion, raw, fieldPath)
      if (isPromiseLike(done)) {
        out[key] = null // holds the key's place: the response keeps the selection's order
        ;(pending ??= []).push(
          Promise.resolve(done).then((value) => {
            out[key] = value
          }),
        )
      } else {
        out[key] = done
      }
    }
  } catch (error) {
    abandon(pending)
    throw error
  }
  return pending === undefined ? out : Promise.all(pending).then(() => out)
}

/**
 * Runs a planned query: coerces the variables as graphql-js does, calls the same resolvers with
 * the same arguments, context and `info`, and completes the values by the plan. A response
 * without errors is identical to graphql-js's; on the first sign of an error the run is
 * abandoned and {@link RUN_WITH_GRAPHQL_JS} says to run the request through graphql-js, which
 * then produces the errors, their paths and the partial data exactly. A query only reads, so
 * running it again is safe; in-flight work of the abandoned run settles unobserved.
 */
export async function runQueryPlan(
  plan: QueryPlan,
  context: unknown,
  inputs: Readonly<Record<string, unknown>>,
): Promise<PlanOutcome> {
  const coerced = getVariableValues(plan.schema, plan.operation.variableDefinitions ?? [], inputs, {
    maxErrors: 50,
  })
  if (coerced.errors !== undefined) return RUN_WITH_GRAPHQL_JS
  const run: Run = { plan, context, variables: coerced.coerced }
  try {
    const data = completeObject(run, plan.root, undefined, undefined)
    return isPromiseLike(data) ? await data : data
  } catch {
    // Any failure (a resolver's included) is graphql-js's to report, with its path and code.
    return RUN_WITH_GRAPHQL_JS
  }
}
