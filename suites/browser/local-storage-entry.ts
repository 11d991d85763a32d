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
  readonly recordsStored: number
  readonly code: string | undefined
  readonly reason: unknown
  readonly causeName: string | undefined
  /** The namespace's keys and values were the same before and after the failed write. */
  readonly unchanged: boolean
  readonly countAfter: number
}

/**
 * Creates 512 KiB records until the origin's quota (about 5 MiB in Chromium) refuses one, and
 * reports the error and whether the failed write left storage exactly as it was.
 */
async function probeQuota(storage: StorageLike, namespace: string): Promise<QuotaProbe> {
  const driver = new LocalStorageDriver({ storage, namespace })
  await driver.connect()
  const chunk = 'q'.repeat(256 * 1024)
  try {
    for (let stored = 0; stored < 200; stored++) {
      const before = namespaceSnapshot(storage, namespace)
      try {
        await driver.create('filler', { id: `r${stored}`, text: chunk })
      } catch (error) {
        const coded = error as { code?: string; details?: { reason?: unknown }; cause?: unknown }
        const cause = coded.cause as { name?: string } | undefined
        return {
          recordsStored: stored,
          code: coded.code,
          reason: coded.details?.reason,
          causeName: cause?.name,
          unchanged: namespaceSnapshot(storage, namespace) === before,
          countAfter: await driver.count('filler', undefined),
        }
      }
    }
    throw new Error('the quota was never reached')
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
