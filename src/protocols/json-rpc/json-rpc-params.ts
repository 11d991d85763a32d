import { ObjectQLError } from '../../kernel/errors.js'

/** What a parameter accepts. `query` is an object or a legacy filter array. */
export type ParamType = 'string' | 'object' | 'query' | 'any'

/** One declared parameter of a method, in positional order. */
export interface ParamSpec {
  readonly name: string
  readonly type: ParamType
  readonly required: boolean
  readonly description: string
}

function invalidParams(message: string, details: Record<string, unknown>): ObjectQLError {
  // INVALID_REQUEST maps to -32602 in json-rpc-error-map.ts.
  return new ObjectQLError('INVALID_REQUEST', message, {
    details: { reason: 'invalid_params', ...details },
  })
}

function matches(type: ParamType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value !== ''
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'query':
      return typeof value === 'object' && value !== null
    case 'any':
      return true
  }
}

/**
 * Binds positional (`[a, b]`) or named (`{ objectName, id }`) params to the declared order and
 * checks them: too many, unknown names, missing required values and wrong types are -32602
 * Invalid params. An absent optional param (or `null` for an optional one) is `undefined`.
 */
export function bindParams(
  method: string,
  specs: readonly ParamSpec[],
  params: readonly unknown[] | Readonly<Record<string, unknown>> | undefined,
): unknown[] {
  let values: unknown[]
  if (params === undefined) {
    values = []
  } else if (Array.isArray(params)) {
    if (params.length > specs.length) {
      throw invalidParams(`${method} takes at most ${specs.length} params, got ${params.length}`, {
        expected: specs.map((s) => s.name),
      })
    }
    values = [...(params as readonly unknown[])]
  } else {
    const named = params as Readonly<Record<string, unknown>>
    const unknown = Object.keys(named).filter((key) => !specs.some((s) => s.name === key))
    if (unknown.length > 0) {
      throw invalidParams(`${method} has no param ${unknown.map((k) => `'${k}'`).join(', ')}`, {
        unknown,
        expected: specs.map((s) => s.name),
      })
    }
    values = specs.map((spec) => named[spec.name])
  }
  return specs.map((spec, index) => {
    const value = values[index]
    if (value === undefined || (value === null && !spec.required)) {
      if (spec.required) {
        throw invalidParams(`${method}: param '${spec.name}' is required`, { param: spec.name })
      }
      return undefined
    }
    if (!matches(spec.type, value)) {
      const what = spec.type === 'query' ? 'an object or an array' : `a non-empty ${spec.type}`
      throw invalidParams(`${method}: param '${spec.name}' must be ${what}`, { param: spec.name })
    }
    return value
  })
}
