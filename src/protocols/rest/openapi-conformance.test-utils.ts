import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { OpenApiDocument } from './openapi-document.js'

type AddFormats = (ajv: Ajv2020) => Ajv2020
const addFormats = addFormatsModule as unknown as AddFormats

type Node = Record<string, unknown>

/**
 * Checks real responses against the generated OpenAPI document: the operation must document
 * the status, and the body must match its schema. Returns a problem description, or undefined.
 */
export class OpenApiResponseChecker {
  readonly #ajv: Ajv2020
  readonly #doc: OpenApiDocument
  readonly #cache = new Map<string, ValidateFunction>()

  constructor(doc: OpenApiDocument) {
    this.#doc = doc
    // strict off: the document holds OpenAPI keywords (paths, info) around the JSON Schemas.
    this.#ajv = new Ajv2020({ strict: false, allErrors: false })
    addFormats(this.#ajv)
    this.#ajv.addSchema(doc, 'openapi')
  }

  check(method: string, url: string, status: number, body: unknown): string | undefined {
    const path = (url.split('?')[0] ?? '')
      .replace(/^(\/api\/data\/[^/]+)\/[^/]+$/, '$1/{id}')
      .replace(/^\/api\/metadata\/objects\/[^/]+$/, '/api/metadata/objects/{name}')
    const item = (this.#doc['paths'] as Node)[path] as Node | undefined
    if (item === undefined) {
      // Unknown objects and actions have no path in the document: only a coded 4xx is right.
      if (status < 400 || status >= 500) return `undocumented path ${path} answered ${status}`
      return this.#validate('#/components/schemas/Error', body, `${method} ${path} ${status}`)
    }
    const operation = item[method.toLowerCase()] as Node | undefined
    if (operation === undefined) return `undocumented operation ${method} ${path}`
    let response = (operation['responses'] as Node)[String(status)] as Node | undefined
    if (response === undefined) return `undocumented status ${status} for ${method} ${path}`
    const ref = response['$ref']
    if (typeof ref === 'string') response = this.#resolve(ref)
    const schema = ((response['content'] as Node)['application/json'] as Node)['schema'] as Node
    const schemaRef = schema['$ref']
    if (typeof schemaRef !== 'string') {
      // Inline schemas here are plain objects (metadata routes); a type check is enough.
      return typeof body === 'object' && body !== null ? undefined : 'body is not an object'
    }
    return this.#validate(schemaRef, body, `${method} ${path} ${status}`)
  }

  #validate(schemaRef: string, body: unknown, what: string): string | undefined {
    let validate = this.#cache.get(schemaRef)
    if (validate === undefined) {
      validate = this.#ajv.getSchema(`openapi${schemaRef}`)
      if (validate === undefined) return `unresolvable schema ${schemaRef}`
      this.#cache.set(schemaRef, validate)
    }
    return validate(body) ? undefined : `${what}: ${this.#ajv.errorsText(validate.errors)}`
  }

  #resolve(ref: string): Node {
    let node: unknown = this.#doc
    for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Node)[part]
    return node as Node
  }
}
