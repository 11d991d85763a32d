import { ObjectQLError, isObjectQLError } from '../errors.js'
import type { DataApi } from '../pipeline/data-api.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { KernelUser } from '../pipeline/execution-context.js'
import { assertValid, validateRecord } from '../validation/record-validator.js'
import type { ActionContext, ActionEntry } from './action-registry.js'

/**
 * Runs a registered action: checks the input against the action's `params` with the record
 * validator (unknown params `INVALID_FIELD`, broken rules `VALIDATION_FAILED` listing every
 * param), then calls the handler. A record action's id travels as `input.id` unless the params
 * declare an `id` themselves. A handler that throws a non-coded error fails with
 * `INTERNAL_ERROR` naming the action, the original kept as `cause`.
 */
export async function runAction(
  entry: ActionEntry,
  input: unknown,
  api: DataApi,
  user: KernelUser | undefined,
): Promise<unknown> {
  const target = `action '${entry.object}:${entry.name}'`
  if (input !== undefined && !isPlainObject(input)) {
    throw new ObjectQLError('VALIDATION_FAILED', `${target}: input must be an object`, {
      details: { errors: [{ field: '', rule: 'type', message: 'input must be an object' }] },
    })
  }
  const raw: Record<string, unknown> = { ...(input ?? {}) }
  let id: string | undefined
  if (entry.params?.['id'] === undefined && raw['id'] !== undefined) {
    const given = raw['id']
    if (typeof given !== 'string' || given === '') {
      throw new ObjectQLError('VALIDATION_FAILED', `${target}: 'id' must be a non-empty string`, {
        details: {
          errors: [{ field: 'id', rule: 'type', message: `'id' must be a non-empty string` }],
        },
      })
    }
    id = given
    delete raw['id']
  }
  let validated: Record<string, unknown>
  if (entry.params === undefined) {
    validated = structuredClone(raw)
  } else {
    const result = validateRecord(entry.params, raw, {
      mode: 'create',
      target,
      systemFields: false,
    })
    assertValid(target, result.issues)
    validated = result.data
  }
  const ctx: ActionContext = {
    objectName: entry.object,
    actionName: entry.name,
    input: validated,
    api,
    ...(id === undefined ? {} : { id }),
    ...(user === undefined ? {} : { user }),
  }
  try {
    return await entry.handler(ctx)
  } catch (error) {
    if (isObjectQLError(error)) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new ObjectQLError('INTERNAL_ERROR', `${target} failed: ${message}`, {
      cause: error,
      details: { object: entry.object, action: entry.name },
    })
  }
}
