import type { StorageLike } from './local-storage-driver-config.js'

/**
 * The key layout under a namespace:
 * - `<ns>:r:<json [object, id]>`: one record, as JSON;
 * - `<ns>:i:<json object>`: the object's index, a JSON array of its ids in insertion order.
 *
 * One key per record keeps a write proportional to the record (one key per object would
 * rewrite the whole object, and hit the quota sooner through the browser's copy-on-write), and
 * the index lets an object load without scanning every key of the origin. JSON-encoding the
 * names makes keys unambiguous for any object name or id (`:`, quotes, emoji) and, since
 * `JSON.stringify` escapes lone surrogates, valid UTF-16 too.
 */
export function recordKey(namespace: string, object: string, id: string): string {
  return `${namespace}:r:${JSON.stringify([object, id])}`
}

/** The key of an object's id index (see {@link recordKey}). */
export function indexKey(namespace: string, object: string): string {
  return `${namespace}:i:${JSON.stringify(object)}`
}

/**
 * Removes every key of a namespace (all objects and records of every driver using it) and
 * returns how many were removed. Keys of other namespaces and of the rest of the origin stay.
 */
export function removeNamespace(storage: StorageLike, namespace: string): number {
  const prefix = `${namespace}:`
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key !== null && key.startsWith(prefix)) keys.push(key)
  }
  for (const key of keys) storage.removeItem(key)
  return keys.length
}
