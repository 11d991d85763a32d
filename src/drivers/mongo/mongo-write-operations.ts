import { ObjectQLError } from '../../kernel/errors.js'
import {
  checkWriteData,
  decodeDocument,
  encodeDocument,
  updatePipeline,
  validation,
} from './mongo-document-codec.js'
import { mapMongoError } from './mongo-error-map.js'
import type { BulkUpdate } from '../../kernel/driver/driver.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { StoredDocument } from './mongo-document-codec.js'
import type { ClientSession, Collection } from 'mongodb'

/** What a write needs besides its input. */
export interface WriteTarget {
  readonly object: string
  readonly collection: Collection<StoredDocument>
  /** The transaction's session, when the write takes part in one. */
  readonly session: ClientSession | undefined
  /** Names the object declares, or undefined when schemaless. */
  readonly fields: ReadonlySet<string> | undefined
  readonly generateId: () => string
}

/** Inserts one record (DRV-ID-*, DRV-WRITE-001); an existing id fails with `DUPLICATE_RECORD`. */
export async function insertRecord(target: WriteTarget, input: RecordInput): Promise<DataRecord> {
  const data = checkWriteData(input, target.fields)
  const id = typeof data['id'] === 'string' ? data['id'] : target.generateId()
  try {
    await target.collection.insertOne(encodeDocument(id, data), sessionOption(target))
  } catch (error) {
    throw mapMongoError(error, `create ${target.object}`, { object: target.object, id })
  }
  return { ...data, id }
}

/**
 * Merges `input` into the record (DRV-WRITE-002) and returns the whole new record; a missing
 * record fails with `NOT_FOUND` (DRV-WRITE-003). One `findOneAndUpdate`, so the merge is atomic.
 */
export async function updateRecord(
  target: WriteTarget,
  id: string,
  input: Record<string, unknown>,
): Promise<DataRecord> {
  const data = checkWriteData(input, target.fields)
  const givenId = data['id']
  if (givenId !== undefined && givenId !== null && givenId !== id) {
    throw validation('id', 'an update cannot change the id')
  }
  const stages = updatePipeline(data)
  const options = sessionOption(target)
  const document =
    stages.length === 0
      ? await target.collection.findOne({ _id: { $eq: id } }, options)
      : await target.collection.findOneAndUpdate({ _id: { $eq: id } }, stages, {
          ...options,
          returnDocument: 'after',
        })
  if (document === null) {
    throw new ObjectQLError('NOT_FOUND', `${target.object}/${id} does not exist`, {
      details: { object: target.object, id },
    })
  }
  return decodeDocument(document)
}

/** Deletes one record; true when it existed (DRV-WRITE-004). */
export async function deleteRecord(target: WriteTarget, id: string): Promise<boolean> {
  const result = await target.collection.deleteOne({ _id: { $eq: id } }, sessionOption(target))
  return result.deletedCount === 1
}

/**
 * Creates every record or none (DRV-BULK-001/002). Every input is checked and ids clashing with
 * each other or with stored records fail with `DUPLICATE_RECORD` before anything is written;
 * an ordered insert that still fails (a concurrent writer took an id) deletes the records it
 * inserted before failing. Outside a transaction other readers may see the batch for that
 * moment; on a replica set pass a transaction to avoid even that.
 */
export async function insertRecords(
  target: WriteTarget,
  inputs: readonly RecordInput[],
): Promise<DataRecord[]> {
  const records = requireArray(inputs, 'bulkCreate').map((input) => {
    const data = checkWriteData(input, target.fields)
    return { ...data, id: typeof data['id'] === 'string' ? data['id'] : target.generateId() }
  })
  const ids = records.map((record) => record.id)
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i)
  const existing = await target.collection
    .find({ _id: { $in: ids } }, { ...sessionOption(target), projection: { _id: 1 }, limit: 1 })
    .toArray()
  const clash = repeated ?? (existing[0] === undefined ? undefined : String(existing[0]['_id']))
  if (clash !== undefined) {
    throw new ObjectQLError('DUPLICATE_RECORD', `${target.object}/${clash} already exists`, {
      details: { object: target.object, id: clash },
    })
  }
  if (records.length === 0) return []
  try {
    await target.collection.insertMany(
      records.map((record) => encodeDocument(record.id, record)),
      { ...sessionOption(target), ordered: true },
    )
  } catch (error) {
    // Ordered: the documents before the first failing one were inserted; take them back.
    const failed = (error as { writeErrors?: { index?: unknown }[] }).writeErrors?.[0]?.index
    const inserted = typeof failed === 'number' ? ids.slice(0, failed) : []
    let cleanup: Record<string, unknown> = {}
    if (inserted.length > 0 && target.session === undefined) {
      try {
        await target.collection.deleteMany({ _id: { $in: inserted } })
      } catch (cleanupError) {
        // Reported with the original failure: these records may remain.
        cleanup = { cleanupFailed: String(cleanupError), remaining: inserted }
      }
    }
    throw mapMongoError(error, `bulkCreate ${target.object}`, { object: target.object, ...cleanup })
  }
  return records
}

/**
 * Updates every record or none (DRV-BULK-003): a missing id fails with `NOT_FOUND` before any
 * update; the updates then run in order, each returning its record.
 */
export async function updateRecords(
  target: WriteTarget,
  updates: readonly BulkUpdate[],
): Promise<DataRecord[]> {
  const list = requireArray(updates, 'bulkUpdate')
  for (const { data } of list) checkWriteData(data, target.fields)
  const ids = [...new Set(list.map((update) => update.id))]
  const found = await target.collection
    .find({ _id: { $in: ids } }, { ...sessionOption(target), projection: { _id: 1 } })
    .toArray()
  const present = new Set(found.map((document) => String(document['_id'])))
  const missing = ids.find((id) => !present.has(id))
  if (missing !== undefined) {
    throw new ObjectQLError('NOT_FOUND', `${target.object}/${missing} does not exist`, {
      details: { object: target.object, id: missing },
    })
  }
  const records: DataRecord[] = []
  for (const { id, data } of list) records.push(await updateRecord(target, id, data))
  return records
}

/** Deletes the records that exist and counts them (DRV-BULK-004). */
export async function deleteRecords(target: WriteTarget, ids: readonly string[]): Promise<number> {
  const list = requireArray(ids, 'bulkDelete')
  const result = await target.collection.deleteMany(
    { _id: { $in: [...list] } },
    sessionOption(target),
  )
  return result.deletedCount
}

function sessionOption(target: WriteTarget): { session?: ClientSession } {
  return target.session === undefined ? {} : { session: target.session }
}

function requireArray<T>(value: readonly T[], operation: string): readonly T[] {
  if (!Array.isArray(value)) throw validation('', `${operation} takes an array`)
  return value
}
