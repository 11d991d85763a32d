import { ObjectQLError } from '../../kernel/errors.js'
import { fieldSetOf } from '../../kernel/spec/field-set.js'
import type { FieldSpec } from '../../kernel/spec/field-set.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * How a field's values behave in MongoDB, which decides how a filter or sort on it translates:
 * - `scalar`: one scalar type per field (text, number, boolean, dates, time, a select's
 *   strings/numbers). MongoDB's order within and between those types is the spec order, and
 *   a value is never an array, so MongoDB's implicit "any array element" matching never applies;
 * - `multi`: always an array (or null): `$contains` is element equality;
 * - `loose`: anything (json, objects, formulas, fields of undeclared objects). Filters carry
 *   array guards and sorts on it run in JavaScript, because MongoDB orders booleans after
 *   strings and arrays by their smallest element, while the spec orders
 *   null < boolean < number < string < array < object with arrays element by element.
 */
export type MongoFieldKind = 'scalar' | 'multi' | 'loose'

/** What the compilers need to know about one name a query uses. */
export interface MongoFieldInfo {
  /** The document path in MongoDB (`id` is stored as `_id`). */
  readonly path: string
  readonly kind: MongoFieldKind
  /** The field holds ISO date strings (`date`, `datetime`, the kernel's timestamps). */
  readonly isDate: boolean
}

/** The names a query may use on one collection (or on the rows of an aggregation). */
export interface MongoFieldMap {
  /** Every valid name, or undefined for a schemaless object (any name is valid). */
  readonly names: ReadonlySet<string> | undefined
  /**
   * The info of a name.
   *
   * @throws ObjectQLError `INVALID_FIELD` for a name outside `names`, `NOT_SUPPORTED` for a
   * name MongoDB would read as a path or an operator (`a.b`, `$a`).
   */
  info(name: string): MongoFieldInfo
}

const SCALAR_KINDS: ReadonlySet<FieldSpec['kind']> = new Set([
  'string',
  'number',
  'boolean',
  'datetime',
  'date',
  'time',
  'select',
])

/** The field map of a synced object, or a schemaless one when `object` is undefined. */
export function mongoFieldMap(object: ObjectConfig | undefined): MongoFieldMap {
  if (object === undefined) {
    return {
      names: undefined,
      info: (name) =>
        name === 'id'
          ? ID_INFO
          : { path: checkPath(name), kind: 'loose', isDate: TIMESTAMPS.has(name) },
    }
  }
  const set = fieldSetOf(object)
  const infos = new Map<string, MongoFieldInfo>()
  for (const name of set.names) {
    const spec = set.get(name)
    if (spec !== undefined) infos.set(name, name === 'id' ? ID_INFO : infoOf(spec))
  }
  return tableMap(infos)
}

/** A field map over explicit infos (the rows of an aggregation). */
export function tableMap(infos: ReadonlyMap<string, MongoFieldInfo>): MongoFieldMap {
  return {
    names: new Set(infos.keys()),
    info(name) {
      const info = infos.get(name)
      if (info === undefined) {
        throw new ObjectQLError('INVALID_FIELD', `unknown field '${name}'`, {
          details: { field: name },
        })
      }
      return info
    },
  }
}

const ID_INFO: MongoFieldInfo = Object.freeze({ path: '_id', kind: 'scalar', isDate: false })
const TIMESTAMPS: ReadonlySet<string> = new Set(['created_at', 'updated_at'])

function infoOf(spec: FieldSpec): MongoFieldInfo {
  const kind: MongoFieldKind = spec.multiple
    ? 'multi'
    : SCALAR_KINDS.has(spec.kind)
      ? 'scalar'
      : 'loose'
  return {
    path: checkPath(spec.name),
    kind,
    isDate: spec.kind === 'date' || spec.kind === 'datetime',
  }
}

/**
 * A top-level field name MongoDB reads literally. A dot would address a nested path and a
 * leading `$` an operator, so such names are refused rather than silently misread.
 *
 * @throws ObjectQLError `NOT_SUPPORTED`.
 */
export function checkPath(name: string): string {
  if (name === '' || name.includes('.') || name.startsWith('$') || name.includes('\0')) {
    throw new ObjectQLError(
      'NOT_SUPPORTED',
      `the mongo driver cannot address field '${name}' (empty, '.', leading '$' or NUL)`,
      { details: { field: name } },
    )
  }
  return name === 'id' ? '_id' : name
}
