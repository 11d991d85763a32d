import { GraphQLError } from 'graphql'
import type { GraphQLFormattedError } from 'graphql'
import { isObjectQLError } from '../../kernel/errors.js'
import type { ObjectQLError } from '../../kernel/errors.js'

/** Where in a request an error arose; it decides the code of errors graphql-js raises itself. */
export type GraphQLErrorPhase = 'parse' | 'validate' | 'variables' | 'execute'

/** A GraphQL error as sent: `extensions.code` is always set. */
export interface CodedGraphQLError extends GraphQLFormattedError {
  readonly extensions: { readonly code: string; readonly [key: string]: unknown }
}

/** What graphql-js's own errors mean in each phase, as a catalog code and a GraphQL reason. */
const PHASE_REASON: Readonly<Record<Exclude<GraphQLErrorPhase, 'execute'>, string>> = {
  parse: 'GRAPHQL_PARSE_FAILED',
  validate: 'GRAPHQL_VALIDATION_FAILED',
  variables: 'BAD_USER_INPUT',
}

function located(error: GraphQLError): Pick<GraphQLFormattedError, 'locations' | 'path'> {
  return {
    ...(error.locations === undefined ? {} : { locations: error.locations }),
    ...(error.path === undefined ? {} : { path: error.path }),
  }
}

/** The extensions of a coded kernel error: its code, HTTP status and details. */
function codedExtensions(error: ObjectQLError): CodedGraphQLError['extensions'] {
  return error.details === undefined
    ? { code: error.code, status: error.status }
    : { code: error.code, status: error.status, details: error.details }
}

/**
 * The GraphQL protocol's one error map. Kernel errors keep their catalog code in
 * `extensions.code` (with `status` and `details`), so a client handles `NOT_FOUND`,
 * `VALIDATION_FAILED`, `INVALID_FILTER` or `LIMIT_EXCEEDED` the same way over every protocol.
 * graphql-js's own errors become `INVALID_REQUEST` with `extensions.reason` naming the phase
 * (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_USER_INPUT`). Anything uncoded
 * thrown by a resolver is `INTERNAL_ERROR` without its message, which may hold internals.
 *
 * @param onInternal - called with every uncoded failure, so it can be logged.
 */
export function formatGraphQLError(
  error: GraphQLError,
  phase: GraphQLErrorPhase,
  onInternal?: (error: unknown) => void,
): CodedGraphQLError {
  const where = located(error)
  const original = error.originalError
  if (isObjectQLError(original)) {
    return { message: original.message, ...where, extensions: codedExtensions(original) }
  }
  const own = error.extensions['code']
  if (typeof own === 'string') {
    return { message: error.message, ...where, extensions: { ...error.extensions, code: own } }
  }
  if (phase !== 'execute') {
    return {
      message: error.message,
      ...where,
      extensions: { code: 'INVALID_REQUEST', reason: PHASE_REASON[phase] },
    }
  }
  if (original instanceof GraphQLError) return formatGraphQLError(original, phase, onInternal)
  if (original === undefined) {
    // graphql-js itself failed to complete a value, e.g. a required field stored as null.
    return { message: error.message, ...where, extensions: { code: 'INTERNAL_ERROR' } }
  }
  onInternal?.(original)
  return { message: 'internal error', ...where, extensions: { code: 'INTERNAL_ERROR' } }
}

/** A request-level error (bad body, bad parameters, limits) in GraphQL's error shape. */
export function requestErrorBody(error: ObjectQLError): { errors: CodedGraphQLError[] } {
  return { errors: [{ message: error.message, extensions: codedExtensions(error) }] }
}
