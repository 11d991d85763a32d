import { MongoClient } from 'mongodb'
import { mapMongoError } from './mongo-error-map.js'
import type { ResolvedMongoDriverConfig } from './mongo-driver-config.js'
import type { StoredDocument } from './mongo-document-codec.js'
import type { MongoReadPort } from './mongo-read-operations.js'
import type { ClientSession, Collection } from 'mongodb'

/** One operation's view of the backend: the collection and the transaction's session. */
export interface Scope {
  readonly collection: Collection<StoredDocument>
  readonly session: ClientSession | undefined
}

/**
 * Opens a client and proves the server answers (a `ping` on the database), within
 * `serverSelectionTimeoutMS`; a client that cannot is closed again.
 *
 * @throws ObjectQLError `DRIVER_UNAVAILABLE` (the native error as `cause`) when no server
 * answers in time, other mapped codes for refusals such as failed authentication.
 */
export async function openClient(config: ResolvedMongoDriverConfig): Promise<MongoClient> {
  const timeout = config.serverSelectionTimeoutMS
  const client = new MongoClient(config.url, {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
  })
  try {
    await client.connect()
    await client.db(config.database).command({ ping: 1 })
    return client
  } catch (error) {
    const closing = await client.close().then(
      () => ({}),
      (closeError: unknown) => ({ closeFailed: String(closeError) }),
    )
    throw mapMongoError(error, 'connect', closing)
  }
}

/** The read port over a real collection (and the transaction's session). */
export function readPort({ collection, session }: Scope): MongoReadPort {
  const base = session === undefined ? {} : { session }
  return {
    find: (filter, options) =>
      collection
        .find(filter, {
          ...base,
          ...(options.sort === undefined ? {} : { sort: options.sort }),
          ...(options.skip === undefined ? {} : { skip: options.skip }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          ...(options.projection === undefined ? {} : { projection: options.projection }),
        })
        .toArray(),
    count: (filter) => collection.countDocuments(filter, base),
    aggregate: (pipeline) => collection.aggregate(pipeline, base).toArray(),
  }
}
