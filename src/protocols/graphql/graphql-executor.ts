import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql'
import type { DocumentNode, ExecutionResult, GraphQLSchema, ValidationRule } from 'graphql'
import { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import { formatGraphQLError } from './graphql-error-map.js'
import type { CodedGraphQLError } from './graphql-error-map.js'
import { complexityErrors, depthLimitRule } from './graphql-limits.js'
import type { GraphQLLimits } from './graphql-limits.js'
import { RUN_WITH_GRAPHQL_JS, runQueryPlan } from './graphql-plan-executor.js'
import { planQuery } from './graphql-query-plan.js'
import type { QueryPlan } from './graphql-query-plan.js'
import type { GraphQLRequestParams } from './graphql-request-params.js'
import { createGraphQLContext } from './graphql-resolvers.js'
import type { GraphQLRequestContext } from './graphql-resolvers.js'
import { generateGraphQLSchema } from './graphql-schema-generator.js'

/** Options of a {@link GraphQLExecutor}. */
export interface GraphQLExecutorOptions {
  readonly limits: ProtocolLimits
  readonly graphql: GraphQLLimits
  /** Allow `__schema` / `__type` queries (default true, as upstream). */
  readonly introspection: boolean
  /** How many distinct query texts keep their parsed and validated document (default 500). */
  readonly documentCacheSize?: number
  /** Receives every uncoded resolver failure (for logging). */
  readonly onInternalError?: (error: unknown) => void
}

/** How one GraphQL request ended: its body and whether it was a request error. */
export interface GraphQLOutcome {
  readonly body: { data?: unknown; errors?: CodedGraphQLError[] }
  /**
   * `request`: the document did not parse or validate, or variables did not coerce (no `data`:
   * 400 under `application/graphql-response+json`, 200 under `application/json`);
   * `executed`: the operation ran (200).
   */
  readonly kind: 'request' | 'executed'
}

interface PreparedDocument {
  readonly document?: DocumentNode
  readonly errors?: readonly CodedGraphQLError[]
  /** Plans by operation name (`null`: none given); `undefined` marks an unplannable one. */
  readonly plans?: Map<string | null, QueryPlan | undefined>
}

// Brackets a query may nest before parsing is refused: graphql-js parses recursively, and a
// pathological `{{{{...` must not reach it. Far above any depth the depth limit allows.
const MAX_BRACKET_NESTING = 128

function bracketNesting(text: string): number {
  let depth = 0
  let max = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // skip a string (block strings are three of these and skip the same way)
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) i++
      }
    } else if (c === 0x23) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++
    } else if (c === 0x7b || c === 0x28 || c === 0x5b) {
      depth++
      if (depth > max) max = depth
    } else if (c === 0x7d || c === 0x29 || c === 0x5d) {
      depth--
    }
  }
  return max
}

/**
 * Runs GraphQL requests against the schema generated from the bridge's current metadata. The
 * schema is rebuilt when the set of objects changes; parsed and validated documents are kept per
 * query text in a bounded LRU cache (dropped with the schema), so a repeated query skips parsing
 * and the standard validation. The complexity limit is checked per request (it depends on the
 * variables) by a walk of the operations alone.
 *
 * A query is executed by its plan (graphql-query-plan.ts, made once per document and operation):
 * the same resolvers, context and arguments as graphql-js, without re-deriving the document's
 * shape for every record. Whatever the plan cannot answer exactly (mutations, introspection,
 * directives, and any request that ends with an error) runs through graphql-js's `execute`.
 */
export class GraphQLExecutor {
  #objects: readonly ObjectConfig[] = []
  #schema: GraphQLSchema | undefined
  readonly #documents = new Map<string, PreparedDocument>()
  readonly #rules: readonly ValidationRule[]

  constructor(
    private readonly bridge: ProtocolBridge,
    private readonly options: GraphQLExecutorOptions,
  ) {
    this.#rules = [
      ...specifiedRules,
      depthLimitRule(options.graphql.maxDepth),
      ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ]
  }

  /** The schema for the objects registered now (rebuilt only when they changed). */
  schema(): GraphQLSchema {
    const objects = this.bridge
      .getMetaTypes()
      .map((name) => this.bridge.getMetaItem(name))
      .filter((object): object is ObjectConfig => object !== undefined)
    const same =
      this.#schema !== undefined &&
      objects.length === this.#objects.length &&
      objects.every((object, index) => object === this.#objects[index])
    if (!same || this.#schema === undefined) {
      this.#schema = generateGraphQLSchema(objects)
      this.#objects = objects
      this.#documents.clear()
    }
    return this.#schema
  }

  /** The operation type a document runs for `operationName` (undefined when ambiguous). */
  operationType(params: GraphQLRequestParams): 'query' | 'mutation' | 'subscription' | undefined {
    const prepared = this.#prepare(this.schema(), params.query)
    if (prepared.document === undefined) return undefined
    return getOperationAST(prepared.document, params.operationName)?.operation
  }

  /** Parses (cached), validates and executes one request. */
  async run(params: GraphQLRequestParams): Promise<GraphQLOutcome> {
    const schema = this.schema()
    const prepared = this.#prepare(schema, params.query)
    if (prepared.document === undefined) {
      return { kind: 'request', body: { errors: [...(prepared.errors ?? [])] } }
    }
    const variables = params.variables ?? {}
    const costErrors = complexityErrors(schema, prepared.document, this.options.graphql, variables)
    if (costErrors.length > 0) {
      return {
        kind: 'request',
        body: { errors: costErrors.map((e) => formatGraphQLError(e, 'validate')) },
      }
    }
    const plan = this.#plan(schema, prepared, params.operationName)
    if (plan !== undefined) {
      const data = await runQueryPlan(plan, this.#context(), variables)
      if (data !== RUN_WITH_GRAPHQL_JS) return { kind: 'executed', body: { data } }
    }
    const result: ExecutionResult = await execute({
      schema,
      document: prepared.document,
      // A fresh context: nothing an abandoned plan run loaded is reused.
      contextValue: this.#context(),
      variableValues: variables,
      operationName: params.operationName,
    })
    const ran = 'data' in result
    const phase = ran ? 'execute' : 'variables'
    const errors = result.errors?.map((e) =>
      formatGraphQLError(e, phase, this.options.onInternalError),
    )
    return {
      kind: ran ? 'executed' : 'request',
      body: {
        ...(errors === undefined ? {} : { errors }),
        ...(ran ? { data: result.data } : {}),
      },
    }
  }

  /** A request's context: the bridge, the limits and a batch loader of its own. */
  #context(): GraphQLRequestContext {
    return createGraphQLContext(this.bridge, this.options.limits)
  }

  /** The plan of the operation (made on first use), or undefined when graphql-js runs it. */
  #plan(
    schema: GraphQLSchema,
    prepared: PreparedDocument,
    operationName: string | undefined,
  ): QueryPlan | undefined {
    const { document, plans } = prepared
    if (document === undefined || plans === undefined) return undefined
    const key = operationName ?? null
    if (plans.has(key)) return plans.get(key)
    const plan = planQuery(schema, document, operationName)
    // Only names of operations the document has are kept: the map stays as small as the document.
    if (plan !== undefined || getOperationAST(document, operationName) !== null) {
      plans.set(key, plan)
    }
    return plan
  }

  #prepare(schema: GraphQLSchema, query: string): PreparedDocument {
    const documents = this.#documents
    const cached = documents.get(query)
    if (cached !== undefined) {
      // Least recently used first: a hit moves the entry to the end of the insertion order.
      documents.delete(query)
      documents.set(query, cached)
      return cached
    }
    const prepared = this.#parseAndValidate(schema, query)
    const size = this.options.documentCacheSize ?? 500
    if (size > 0) {
      if (documents.size >= size) {
        const oldest = documents.keys().next()
        if (oldest.done !== true) documents.delete(oldest.value)
      }
      documents.set(query, prepared)
    }
    return prepared
  }

  #parseAndValidate(schema: GraphQLSchema, query: string): PreparedDocument {
    if (bracketNesting(query) > MAX_BRACKET_NESTING) {
      const error = new GraphQLError(
        `the query nests deeper than ${MAX_BRACKET_NESTING} brackets`,
        {
          extensions: { code: 'LIMIT_EXCEEDED', limit: 'nesting', max: MAX_BRACKET_NESTING },
        },
      )
      return { errors: [formatGraphQLError(error, 'parse')] }
    }
    let document: DocumentNode
    try {
      document = parse(query, { maxTokens: 20_000 })
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [formatGraphQLError(error, 'parse')] }
      throw new ObjectQLError('INVALID_REQUEST', 'the query could not be parsed', { cause: error })
    }
    const errors = validate(schema, document, this.#rules, { maxErrors: 50 })
    if (errors.length > 0) return { errors: errors.map((e) => formatGraphQLError(e, 'validate')) }
    return { document, plans: new Map() }
  }
}
