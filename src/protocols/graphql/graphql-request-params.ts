import { ObjectQLError } from '../../kernel/errors.js'
import { parseJsonBody } from '../common/json-body-parser.js'

/** The GraphQL-over-HTTP request parameters, checked. */
export interface GraphQLRequestParams {
  readonly query: string
  readonly operationName: string | undefined
  readonly variables: Readonly<Record<string, unknown>> | undefined
  readonly extensions: Readonly<Record<string, unknown>> | undefined
}

/** The media types a GraphQL response can be sent as. */
export type GraphQLMediaType = 'application/graphql-response+json' | 'application/json'

const GRAPHQL_RESPONSE = 'application/graphql-response+json'

function invalid(message: string, param: string): ObjectQLError {
  return new ObjectQLError('INVALID_REQUEST', message, { details: { param } })
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function optionalMap(value: unknown, param: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined
  if (!isMap(value)) throw invalid(`'${param}' must be a map (JSON object) or null`, param)
  return value
}

function checked(raw: Record<string, unknown>): GraphQLRequestParams {
  const query = raw['query']
  if (query === undefined || query === null) {
    throw invalid("the request has no 'query' parameter", 'query')
  }
  if (typeof query !== 'string') throw invalid("'query' must be a string", 'query')
  const operationName = raw['operationName']
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw invalid("'operationName' must be a string or null", 'operationName')
  }
  return {
    query,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: optionalMap(raw['variables'], 'variables'),
    extensions: optionalMap(raw['extensions'], 'extensions'),
  }
}

/**
 * The parameters of a POST: the body must be one JSON object (batched arrays are not part of
 * GraphQL-over-HTTP and are refused). @throws ObjectQLError `INVALID_REQUEST` (400).
 */
export function postParams(body: unknown): GraphQLRequestParams {
  if (body === undefined) throw invalid('the request body is empty', 'body')
  if (!isMap(body)) throw invalid('the request body must be a JSON object', 'body')
  return checked(body)
}

/**
 * The parameters of a GET, from the query string: `variables` and `extensions` are JSON text
 * (parsed strictly, nesting at most `maxDepth`); a parameter given twice is refused.
 */
export function getParams(query: unknown, maxDepth: number): GraphQLRequestParams {
  const raw: Record<string, unknown> = {}
  const source = isMap(query) ? query : {}
  for (const param of ['query', 'operationName', 'variables', 'extensions']) {
    const value = source[param]
    if (value === undefined) continue
    if (typeof value !== 'string') throw invalid(`'${param}' is given more than once`, param)
    if (param !== 'variables' && param !== 'extensions') raw[param] = value
    else if (value !== '') raw[param] = parseJsonBody(value, maxDepth)
  }
  return checked(raw)
}

function qualityOf(params: string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=').map((part) => part.trim())
    if (key?.toLowerCase() === 'q') {
      const q = Number(value)
      return Number.isFinite(q) ? q : 0
    }
  }
  return 1
}

/**
 * Picks the response media type from `Accept`: `application/graphql-response+json` when the
 * client lists it (and prefers it at least as much as JSON), `application/json` for
 * `application/json`, `application/*`, `*\/*` or no header; `undefined` when neither is
 * acceptable (the server answers 406).
 */
export function negotiateMediaType(accept: string | undefined): GraphQLMediaType | undefined {
  if (accept === undefined || accept.trim() === '') return 'application/json'
  let graphql = 0
  let json = 0
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';')
    const media = type.trim().toLowerCase()
    const q = qualityOf(params)
    if (media === GRAPHQL_RESPONSE) graphql = Math.max(graphql, q)
    else if (media === 'application/json' || media === 'application/*' || media === '*/*') {
      json = Math.max(json, q)
    }
  }
  if (graphql > 0 && graphql >= json) return GRAPHQL_RESPONSE
  return json > 0 ? 'application/json' : undefined
}
