import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { dropCollectionsWithPrefix, dropPrefixedCollections } from './mongo-collection-cleanup.js'
import type { CollectionDropTarget } from './mongo-collection-cleanup.js'

/**
 * A stand-in database: a list of collection names; records what was listed and dropped.
 * `gone` names are listed but already dropped by someone else when the drop comes.
 */
function fakeDb(names: readonly string[], failOn?: string, gone: readonly string[] = []) {
  const existing = new Set(names)
  const calls: string[] = []
  const db = {
    listCollections: (filter: object, options: object) => {
      calls.push(`list ${JSON.stringify(filter)} ${JSON.stringify(options)}`)
      return { toArray: async () => [...existing].map((name) => ({ name })) }
    },
    dropCollection: async (name: string) => {
      calls.push(`drop ${name}`)
      if (name === failOn) throw new Error(`not authorized to drop ${name}`)
      if (gone.includes(name)) existing.delete(name)
      // Like the client: false when the collection is already gone.
      return existing.delete(name)
    },
  } as unknown as CollectionDropTarget
  return { db, calls, existing }
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('dropCollectionsWithPrefix', () => {
  it('drops exactly the collections under the prefix and returns their names', async () => {
    const { db, calls, existing } = fakeDb([
      'conform7_task',
      'conform7_a.b',
      'conform70_task', // another run whose prefix merely starts the same way
      'Conform7_task',
      'app_task',
    ])
    expect(await dropCollectionsWithPrefix(db, 'conform7_')).toEqual([
      'conform7_task',
      'conform7_a.b',
    ])
    expect([...existing]).toEqual(['conform70_task', 'Conform7_task', 'app_task'])
    expect(calls[0]).toBe('list {} {"nameOnly":true}')
  })

  it('compares the prefix literally (regex characters included)', async () => {
    const { db, existing } = fakeDb(['a.b_x', 'aXb_x', 'a.b_y'])
    expect(await dropCollectionsWithPrefix(db, 'a.b_')).toEqual(['a.b_x', 'a.b_y'])
    expect([...existing]).toEqual(['aXb_x'])
  })

  it('leaves out a collection that was already gone, and refuses an empty prefix', async () => {
    // p_one disappears between the listing and the drop (another cleanup got there first).
    const { db } = fakeDb(['p_one', 'p_two'], undefined, ['p_one'])
    expect(await dropCollectionsWithPrefix(db, 'p_')).toEqual(['p_two'])
    const empty = fakeDb(['x'])
    const error = await failure(() => dropCollectionsWithPrefix(empty.db, ''))
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
    expect(empty.calls).toEqual([])
  })

  it('passes a failed drop on instead of swallowing it', async () => {
    const { db } = fakeDb(['p_one', 'p_two'], 'p_one')
    await expect(dropCollectionsWithPrefix(db, 'p_')).rejects.toThrow('not authorized')
  })
})

describe('dropPrefixedCollections (no MongoDB server here: the paths before and at connect)', () => {
  it('refuses a missing or empty prefix with CONFIG_INVALID before connecting', async () => {
    for (const collectionPrefix of [undefined, '']) {
      const error = await failure(() =>
        dropPrefixedCollections({ url: 'mongodb://127.0.0.1:1', database: 'x', collectionPrefix }),
      )
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
    }
  })

  it('fails with DRIVER_UNAVAILABLE when no server answers', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (address === null || typeof address === 'string') throw new Error('no port')
    const error = await failure(() =>
      dropPrefixedCollections({
        url: `mongodb://127.0.0.1:${address.port}/?directConnection=true`,
        database: 'x',
        collectionPrefix: 'p_',
        serverSelectionTimeoutMS: 500,
      }),
    )
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
  }, 5_000)
})
