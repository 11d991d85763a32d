import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { actionParamsSchema } from './openapi-action-schema.js'
import type { RestActionInfo } from './openapi-action-schema.js'
import { objectSchema } from './openapi-field-schema.js'
import type { JsonSchema, SchemaMode } from './openapi-field-schema.js'

// ajv-formats is CommonJS (`module.exports = plugin`, plus `exports.default`). Node hands ESM the
// function itself, while TypeScript under NodeNext types the default import as the module.
type AddFormats = (ajv: Ajv2020) => Ajv2020
const addFormats = addFormatsModule as unknown as AddFormats

/** One field problem, in the kernel's `VALIDATION_FAILED` detail shape. */
export interface BodyIssue {
  readonly field: string
  readonly rule: string
  readonly message: string
}

const RULES: Readonly<Record<string, string>> = {
  required: 'required',
  type: 'type',
  format: 'type',
  pattern: 'pattern',
  enum: 'options',
  const: 'options',
  minimum: 'min',
  maximum: 'max',
  minLength: 'minLength',
  maxLength: 'maxLength',
  minItems: 'minLength',
  maxItems: 'maxLength',
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String(error.params['missingProperty'] ?? '')
  const segment = error.instancePath.split('/')[1] ?? ''
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

// The nullable wrapper `anyOf: [schema, {type: 'null'}]` reports its null branch and the anyOf
// itself next to the real problem; only the real problem is worth telling the client.
function isWrapperNoise(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || (error.keyword === 'type' && error.params['type'] === 'null')
}

function ruleOf(error: ErrorObject, value: unknown): string {
  const emptied = value === '' || (Array.isArray(value) && value.length === 0)
  if ((error.keyword === 'minLength' || error.keyword === 'minItems') && emptied) return 'required'
  return RULES[error.keyword] ?? error.keyword
}

/**
 * Validates REST request bodies against the very schemas the OpenAPI document publishes, so the
 * document is what the server enforces. Undeclared fields are `INVALID_FIELD` naming all of
 * them; every other problem is `VALIDATION_FAILED` with `details.errors: [{ field, rule,
 * message }]`, one entry per failing field (the kernel's shape).
 */
export class RestBodyValidator {
  readonly #ajv: Ajv2020
  // Keyed by the metadata object itself, so re-registered metadata gets fresh validators.
  readonly #objects = new WeakMap<ObjectConfig, Map<SchemaMode, ValidateFunction>>()
  readonly #actions = new Map<string, { info: RestActionInfo; validate: ValidateFunction }>()

  constructor() {
    this.#ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      coerceTypes: false,
    })
    addFormats(this.#ajv)
  }

  /** Throws a coded error unless `body` is a valid `mode` body for `object`. */
  assertRecordBody(object: ObjectConfig, mode: Exclude<SchemaMode, 'record'>, body: unknown): void {
    let byMode = this.#objects.get(object)
    if (byMode === undefined) {
      byMode = new Map()
      this.#objects.set(object, byMode)
    }
    let validate = byMode.get(mode)
    if (validate === undefined) {
      validate = this.#compile(objectSchema(object, mode))
      byMode.set(mode, validate)
    }
    this.#check(validate, body, object.name)
  }

  /** Throws a coded error unless `body` is valid input for the action. */
  assertActionInput(action: RestActionInfo, body: unknown): void {
    const key = `${action.object}:${action.name}`
    let cached = this.#actions.get(key)
    if (cached === undefined || cached.info !== action) {
      cached = { info: action, validate: this.#compile(actionParamsSchema(action)) }
      this.#actions.set(key, cached)
    }
    this.#check(cached.validate, body, `action '${key}'`)
  }

  #compile(schema: JsonSchema): ValidateFunction {
    return this.#ajv.compile(schema)
  }

  #check(validate: ValidateFunction, body: unknown, target: string): void {
    if (validate(body)) return
    const errors = validate.errors ?? []
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ObjectQLError('VALIDATION_FAILED', `${target}: data must be an object`, {
        details: { errors: [{ field: '', rule: 'type', message: 'data must be an object' }] },
      })
    }
    const unknown = errors
      .filter((e) => e.keyword === 'additionalProperties' && e.instancePath === '')
      .map((e) => String(e.params['additionalProperty']))
    if (unknown.length > 0) {
      throw new ObjectQLError(
        'INVALID_FIELD',
        `${target}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `'${f}'`).join(', ')}`,
        { details: { fields: unknown, field: unknown[0] } },
      )
    }
    const record = body as Record<string, unknown>
    const issues = new Map<string, BodyIssue>()
    for (const error of errors) {
      if (isWrapperNoise(error)) continue
      const field = fieldOf(error)
      if (issues.has(field)) continue
      const rule = ruleOf(error, record[field])
      const message =
        rule === 'required'
          ? `'${field}' is required`
          : `'${field}' ${error.message ?? 'is invalid'}`
      issues.set(field, { field, rule, message })
    }
    const list = [...issues.values()]
    throw new ObjectQLError(
      'VALIDATION_FAILED',
      `${target}: ${list.map((issue) => issue.message).join('; ')}`,
      { details: { errors: list } },
    )
  }
}
