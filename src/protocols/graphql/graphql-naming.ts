import { ObjectQLError } from '../../kernel/errors.js'

/** A valid GraphQL name that does not start with the reserved `__`. */
const GRAPHQL_NAME = /^(?!__)[A-Za-z_][A-Za-z0-9_]*$/

/**
 * upstream's `camel`: snake_case to camelCase (`project_task` -> `projectTask`). Empty segments
 * (leading, trailing or doubled `_`) are dropped, as upstream's split-and-join does.
 */
export function camelName(name: string): string {
  const parts = name.split('_').filter((part) => part !== '')
  return parts
    .map((part, index) =>
      index === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : capitalize(part),
    )
    .join('')
}

/** upstream's `Pascal`: the capitalised camel name (`project_task` -> `ProjectTask`). */
export function pascalName(name: string): string {
  return capitalize(camelName(name))
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Every GraphQL name generated for one object, derived as upstream derives them. */
export interface ObjectGraphQLNames {
  /** The object's metadata name (`project_task`). */
  readonly object: string
  /** The output type (`ProjectTask`). */
  readonly type: string
  /** Root query fields. */
  readonly one: string
  readonly list: string
  readonly connection: string
  readonly count: string
  /** Root mutation fields. */
  readonly create: string
  readonly update: string
  readonly delete: string
  /** Input and helper types. */
  readonly filter: string
  readonly orderBy: string
  readonly input: string
  readonly updateInput: string
  readonly connectionType: string
  readonly edgeType: string
}

/**
 * The names of an object's types and root fields.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the name yields no valid GraphQL name.
 */
export function objectGraphQLNames(object: string): ObjectGraphQLNames {
  const camel = camelName(object)
  const type = pascalName(object)
  if (!GRAPHQL_NAME.test(camel) || !GRAPHQL_NAME.test(type)) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `object '${object}' has no valid GraphQL name (camel case '${camel}')`,
      { details: { object } },
    )
  }
  return {
    object,
    type,
    one: camel,
    list: `${camel}List`,
    connection: `${camel}Connection`,
    count: `${camel}Count`,
    create: `create${type}`,
    update: `update${type}`,
    delete: `delete${type}`,
    filter: `${type}Filter`,
    orderBy: `${type}OrderBy`,
    input: `${type}Input`,
    updateInput: `${type}UpdateInput`,
    connectionType: `${type}Connection`,
    edgeType: `${type}Edge`,
  }
}

/** True when `name` can be a GraphQL field name (fields starting with `__` cannot). */
export function isGraphQLFieldName(name: string): boolean {
  return GRAPHQL_NAME.test(name)
}

/** The field that resolves a lookup to its record (upstream's `<field>_ref`). */
export function referenceFieldName(field: string): string {
  return `${field}_ref`
}

/**
 * Registers generated names and fails on the first clash, so two objects (`project_task` and
 * `projectTask`) or an object and a shared type can never silently shadow each other.
 */
export class NameRegistry {
  readonly #owners = new Map<string, string>()

  constructor(private readonly kind: string) {}

  /** Claims `name` for `owner`. @throws ObjectQLError `CONFIG_INVALID` on a clash. */
  claim(name: string, owner: string): void {
    const existing = this.#owners.get(name)
    if (existing !== undefined) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `GraphQL ${this.kind} name '${name}' is generated for both ${existing} and ${owner}`,
        { details: { name, owners: [existing, owner] } },
      )
    }
    this.#owners.set(name, owner)
  }
}
