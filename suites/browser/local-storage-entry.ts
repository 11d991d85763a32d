import { runDriverConformance } from '../../src/compliance/driver/run-driver-conformance.js'
import { LocalStorageDriver, removeNamespace } from '../../src/drivers/local-storage/index.js'
import type { StorageLike } from '../../src/drivers/local-storage/index.js'

/**
 * Browser entry of the local-storage proof (bundled by local-storage.browser.test.ts): runs the
 * driver conformance suite in the page against the real `window.localStorage`, then fills the
 * real quota through the driver, and publishes both as JSON on `window.__objectqlConformance`
 * (`{ ok, result, quota } | { ok: false, error }`) for the Node side to collect. The seed comes
 * from the page URL (`?seed=`).
 */
interface BrowserHost {
  readonly localStorage: StorageLike
  readonly location: { readonly search: string }
  readonly navigator: { readonly userAgent: string }
  __objectqlConformance?: string
}

const host = globalThis as unknown as BrowserHost

async function main(): Promise<void> {
  const seed = Number(new URLSearchParams(host.location.search).get('seed') ?? 20_260_101)
  const namespace = `oq-browser-${seed}`
  const storage = host.localStorage
  removeNamespace(storage, namespace)
  try {
    const result = await runDriverConformance({
      name: 'local-storage-chromium',
      factory: () => new LocalStorageDriver({ storage, namespace }),
      seed,
      backend: { kind: 'embedded', detail: `window.localStorage in ${host.navigator.userAgent}` },
    })
    const quota = await probeQuota(storage, `${namespace}-quota`)
    host.__objectqlConformance = JSON.stringify({ ok: true, result, quota })
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    host.__objectqlConformance = JSON.stringify({ ok: false, error: text })
  } finally {
    removeNamespace(storage, namespace)
  }
}

/** What filling the browser's real quota through the driver gave. */
export interface QuotaProbe {
  /** Records of 256 Ki characters stored before `create` hit the quota. */
  readonly recordsStored: number
  readonly code: string | undefined
  readonly reason: unknown
  readonly causeName: string | undefined
  /** The namespace's keys and values were the same before and after the failed `create`. */
  readonly unchanged: boolean
  /** Then, with room for two more records, a `bulkCreate` of four: */
  readonly bulkCode: string | undefined
  readonly bulkReason: unknown
  /** Keys the failed `bulkCreate` had written (and taken back) before the quota stopped it. */
  readonly bulkKeysWritten: number
  readonly bulkUnchanged: boolean
  readonly countAfter: number
}

/**
 * Fills the origin's real quota (10 MiB in Chromium: 5 Mi UTF-16 units) through the driver
 * and reports the coded errors and whether each failed write left storage exactly as it was:
 * first a `create` that does not fit, then a `bulkCreate` whose first records fit and whose
 * later ones do not (so the driver must take back what it wrote).
 */
async function probeQuota(storage: StorageLike, namespace: string): Promise<QuotaProbe> {
  let writes = 0
  const counting: StorageLike = {
    get length() {
      return storage.length
    },
    key: (index) => storage.key(index),
    getItem: (key) => storage.getItem(key),
    removeItem: (key) => storage.removeItem(key),
    setItem: (key, value) => {
      storage.setItem(key, value)
      writes++
    },
  }
  const driver = new LocalStorageDriver({ storage: counting, namespace })
  await driver.connect()
  const chunk = 'q'.repeat(256 * 1024)
  try {
    let stored = 0
    let failure: unknown
    let before = ''
    while (failure === undefined && stored < 200) {
      before = namespaceSnapshot(storage, namespace)
      try {
        await driver.create('filler', { id: `r${stored}`, text: chunk })
        stored++
      } catch (error) {
        failure = error
      }
    }
    const unchanged = namespaceSnapshot(storage, namespace) === before
    await driver.bulkDelete('filler', ['r0', 'r1'])
    const bulkBefore = namespaceSnapshot(storage, namespace)
    writes = 0
    let bulkFailure: unknown
    try {
      const batch = ['b0', 'b1', 'b2', 'b3'].map((id) => ({ id, text: chunk }))
      await driver.bulkCreate('filler', batch)
    } catch (error) {
      bulkFailure = error
    }
    const coded = failure as { code?: string; details?: { reason?: unknown }; cause?: unknown }
    const bulk = bulkFailure as { code?: string; details?: { reason?: unknown } } | undefined
    return {
      recordsStored: stored,
      code: coded.code,
      reason: coded.details?.reason,
      causeName: (coded.cause as { name?: string } | undefined)?.name,
      unchanged,
      bulkCode: bulk?.code,
      bulkReason: bulk?.details?.reason,
      bulkKeysWritten: writes,
      bulkUnchanged: namespaceSnapshot(storage, namespace) === bulkBefore,
      countAfter: await driver.count('filler', undefined),
    }
  } finally {
    removeNamespace(storage, namespace)
  }
}

function namespaceSnapshot(storage: StorageLike, namespace: string): string {
  const entries: [string, string | null][] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key !== null && key.startsWith(`${namespace}:`)) entries.push([key, storage.getItem(key)])
  }
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
}

void main()
