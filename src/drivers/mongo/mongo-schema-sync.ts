import { checkPath } from './mongo-field-map.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { Db, IndexDescription } from 'mongodb'

/** MongoDB's NamespaceExists: another process created the collection first. */
const NAMESPACE_EXISTS = 48

/**
 * Creates the collection of an object when it is missing (explicitly, without a default
 * collation: string order must stay binary, which is code point order) and the indexes the
 * object declares: `index: true` fields, `unique: true` fields and `indexes` entries. Unique
 * indexes are partial over records that hold every indexed field, because a missing field is
 * stored for a null (mongo-document-codec.ts) and must not collide with other missing ones.
 * Creating an index that already exists with the same options does nothing.
 */
export async function ensureCollection(db: Db, name: string, object: ObjectConfig): Promise<void> {
  const existing = await db.listCollections({ name }, { nameOnly: true }).toArray()
  if (existing.length === 0) {
    try {
      await db.createCollection(name)
    } catch (error) {
      if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error
    }
  }
  const indexes = indexesOf(object)
  if (indexes.length > 0) await db.collection(name).createIndexes(indexes)
}

/** The index descriptions an object declares. */
export function indexesOf(object: ObjectConfig): IndexDescription[] {
  const indexes: IndexDescription[] = []
  const add = (fields: readonly string[], unique: boolean): void => {
    const paths = fields.map(checkPath)
    if (paths.length === 0 || (paths.length === 1 && paths[0] === '_id')) return
    const key = Object.fromEntries(paths.map((path) => [path, 1 as const]))
    indexes.push(
      unique
        ? {
            key,
            unique: true,
            partialFilterExpression: Object.fromEntries(
              paths.map((path) => [path, { $exists: true }]),
            ),
          }
        : { key },
    )
  }
  for (const [name, field] of Object.entries(object.fields)) {
    if (field.unique === true) add([name], true)
    else if (field.index === true) add([name], false)
  }
  for (const index of object.indexes ?? []) add(index.fields, index.unique === true)
  return indexes
}
