import type { FieldConfig } from '../../kernel/spec/object-config.js'
import { fieldSchema } from './openapi-field-schema.js'
import type { JsonSchema } from './openapi-field-schema.js'

/** A registered action as the REST protocol documents it (the bridge's action descriptor). */
export interface RestActionInfo {
  readonly object: string
  readonly name: string
  readonly params?: Readonly<Record<string, FieldConfig>>
  readonly label?: string
  readonly description?: string
}

/**
 * Reads the bridge's action list defensively: entries without a string `object` and `name`
 * cannot be routed, so they are left out of the document (they stay callable by name).
 */
export function toActionInfos(actions: readonly unknown[]): RestActionInfo[] {
  const infos: RestActionInfo[] = []
  for (const entry of actions) {
    if (typeof entry !== 'object' || entry === null) continue
    const candidate = entry as Partial<RestActionInfo>
    if (typeof candidate.object !== 'string' || typeof candidate.name !== 'string') continue
    infos.push(candidate as RestActionInfo)
  }
  return infos
}

/**
 * The JSON Schema of an action's input. Params are declared like fields and validated like a
 * create; `id` (the record a record action runs on) is always allowed unless the params
 * declare their own. An action without declared params takes any object.
 */
export function actionParamsSchema(action: RestActionInfo): JsonSchema {
  if (action.params === undefined) return { type: 'object' }
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const [name, field] of Object.entries(action.params)) {
    const isRequired =
      field.required === true && (field.defaultValue === undefined || field.defaultValue === null)
    properties[name] = fieldSchema(field, isRequired)
    if (isRequired) required.push(name)
  }
  if (properties['id'] === undefined) {
    properties['id'] = { type: 'string', minLength: 1, description: 'the record to run on' }
  }
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false }
  if (required.length > 0) schema['required'] = required
  return schema
}
