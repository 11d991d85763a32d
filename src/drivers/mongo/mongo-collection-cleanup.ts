import { ObjectQLError } from '../../kernel/errors.js'
import { openClient } from './mongo-connection.js'
import { resolveMongoConfig } from './mongo-driver-config.js'
import { mapMongoError } from './mongo-error-map.js'
import type { MongoDriverConfig } from './mongo-driver-config.js'
import type { Db } from 'mongodb'

/** What dropping collections needs of a database (a `Db`, or a stand-in in tests). */
export type CollectionDropTarget = Pick<Db, 'listCollections' | 'dropCollection'>

/**
 * Drops every collection of `db` whose name starts with `prefix` (non-empty, so this can never
 * empty a whole database) and returns the names it dropped. A collection someone else dropped
 * in the meantime is not an error (MongoDB answers NamespaceNotFound, the client returns false)
 * and is left out of the result.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for an empty prefix, before anything is listed.
 */
export async function dropCollectionsWithPrefix(
  db: CollectionDropTarget,
  prefix: string,
): Promise<string[]> {
  if (typeof prefix !== 'string' || prefix === '') {
    throw new ObjectQLError('CONFIG_INVALID', 'dropping collections needs a non-empty prefix')
  }
  const listed = await db.listCollections({}, { nameOnly: true }).toArray()
  const dropped: string[] = []
  // Compared in JavaScript, not as a server-side regex: the prefix may hold regex characters.
  for (const { name } of listed) {
    if (name.startsWith(prefix) && (await db.dropCollection(name))) dropped.push(name)
  }
  return dropped
}

/**
 * Drops every collection under `config.collectionPrefix` in `config.database`: what a
 * conformance run or test on a shared server created, found by the prefix unique to that run.
 * Opens a client of its own (the driver that created them may be gone) and closes it again.
 *
 * @returns the names of the dropped collections.
 * @throws ObjectQLError `CONFIG_INVALID` for a bad config or an empty prefix (nothing connects),
 * `DRIVER_UNAVAILABLE` when no server answers, mapped codes for other server refusals.
 */
export async function dropPrefixedCollections(config: MongoDriverConfig): Promise<string[]> {
  const resolved = resolveMongoConfig(config)
  if (resolved.collectionPrefix === '') {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      'dropPrefixedCollections needs a non-empty collectionPrefix',
    )
  }
  const client = await openClient(resolved)
  try {
    return await dropCollectionsWithPrefix(client.db(resolved.database), resolved.collectionPrefix)
  } catch (error) {
    throw mapMongoError(error, 'dropPrefixedCollections')
  } finally {
    await client.close()
  }
}
