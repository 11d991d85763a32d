import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { RemoteDriver } from './remote-driver.js'
import type { RemoteDriverConfig } from './remote-driver-config.js'

/** The object most tests store: one field of each comparable type plus a list and json. */
export const NOTES: ObjectConfig = {
  name: 'notes',
  fields: {
    title: { type: 'text' },
    stars: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    tags: { type: 'tags' },
    meta: { type: 'json' },
  },
}

/** One request a driver sent: method and URL (path and query, decoded as the server reads it). */
export interface SentRequest {
  readonly method: string
  readonly url: URL
  readonly body: unknown
}

/** A fetch that records every request before passing it to the real `fetch`. */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = []
  const recording: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const url = input instanceof Request ? input.url : input.toString()
    sent.push({ method: init?.method ?? 'GET', url: new URL(url), body })
    return fetch(input, init)
  }
  return { fetch: recording, sent }
}

/** A connected driver on `baseUrl` that registers `objects` (fresh names, so tests never clash). */
export async function connectedDriver(
  baseUrl: string,
  objects: readonly ObjectConfig[] = [],
  config: Partial<RemoteDriverConfig> = {},
): Promise<RemoteDriver> {
  const driver = new RemoteDriver({ baseUrl, schema: 'register', retries: FAST_RETRIES, ...config })
  await driver.connect()
  if (objects.length > 0) await driver.syncSchema(objects)
  return driver
}

/** Retries without real waiting, for tests. */
export const FAST_RETRIES = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }

let counter = 0

/** `object` under a name no other test of this process uses. */
export function uniqueObject(object: ObjectConfig): ObjectConfig {
  counter++
  return { ...object, name: `${object.name}_${process.pid}_${counter}` }
}

/** Awaits `promise` and returns what it rejected with (failing when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection, but the promise resolved')
}
