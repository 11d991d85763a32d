import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Plugin } from 'esbuild'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { writeDriverReport } from '../../src/compliance/index.js'
import type { DriverConformanceResult } from '../../src/compliance/index.js'
import type { QuotaProbe } from './local-storage-entry.js'

// The local-storage driver proven in a real browser: the driver and the conformance suite are
// bundled with esbuild, served on loopback, and run in headless Chromium from Debian's
// `chromium` package (driven by playwright-core; no browser download) against the page's real
// window.localStorage. The result is collected, graded and written to
// reports/conformance/drivers/local-storage-chromium.{json,md}.

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const CHROMIUM = process.env['OBJECTQL_CHROMIUM'] ?? '/usr/bin/chromium'
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
const hasChromium = existsSync(CHROMIUM)

/**
 * The compliance engine still imports `node:crypto` (audit-context.ts: `randomBytes(3)` for a
 * name tag) and reads `process.version` (build-result.ts). Until it uses Web Crypto and guards
 * `process`, the bundle maps both to browser equivalents.
 */
const nodeShims: Plugin = {
  name: 'objectql-browser-shims',
  setup(bundle) {
    bundle.onResolve({ filter: /^node:crypto$/ }, () => ({ path: 'crypto', namespace: 'shim' }))
    bundle.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({
      loader: 'js',
      contents: `
        const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
        export function randomBytes(size) {
          const bytes = globalThis.crypto.getRandomValues(new Uint8Array(size))
          return { toString: () => hex(bytes) }
        }
        export function randomUUID() { return globalThis.crypto.randomUUID() }
      `,
    }))
  },
}

async function bundleEntry(): Promise<string> {
  const result = await build({
    entryPoints: [join(HERE, 'local-storage-entry.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.version': JSON.stringify('browser') },
    plugins: [nodeShims],
  })
  const [output] = result.outputFiles
  if (output === undefined) throw new Error('esbuild produced no output')
  return output.text
}

async function serve(script: string): Promise<{ server: Server; url: string }> {
  const page =
    '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>'
  const server = createServer((request, response) => {
    const isScript = request.url === '/entry.js'
    response.writeHead(200, {
      'content-type': isScript ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
    })
    response.end(isScript ? script : page)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no loopback port')
  return { server, url: `http://127.0.0.1:${address.port}/?seed=${SEED}` }
}

const title = hasChromium
  ? `local-storage driver in headless Chromium (${CHROMIUM})`
  : `local-storage driver in headless Chromium (skipped: ${CHROMIUM} not found; install Debian chromium: apt-get install chromium)`

describe.skipIf(!hasChromium)(title, () => {
  it(`DRV-* conformance against window.localStorage is conformant with no MUST skipped (seed ${SEED})`, async () => {
    const script = await bundleEntry()
    const { server, url } = await serve(script)
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    try {
      const page = await browser.newPage()
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(url)
      const handle = await page.waitForFunction(
        () => (globalThis as { __objectqlConformance?: string }).__objectqlConformance,
        undefined,
        { timeout: 240_000, polling: 250 },
      )
      const published = JSON.parse(String(await handle.jsonValue())) as
        | { ok: true; result: DriverConformanceResult; quota: QuotaProbe }
        | { ok: false; error: string }
      expect(pageErrors).toEqual([])
      if (!published.ok) throw new Error(`the suite failed in the browser: ${published.error}`)
      const { result, quota } = published
      const version = browser.version()
      const report: DriverConformanceResult = {
        ...result,
        backend: { ...result.backend, detail: `window.localStorage in Chromium ${version}` },
        node: `chromium ${version}`,
      }
      await writeDriverReport(join(ROOT, 'reports', 'conformance'), report)
      const failed = result.audits.filter((a) => a.status === 'fail' || a.status === 'error')
      console.info(
        `local-storage in Chromium ${version}: ${result.grade}; ${result.counts.passed} passed, ` +
          `${failed.length} failed, ${result.counts.skippedMust} MUST skipped, ` +
          `${result.counts.notApplicable} not applicable`,
      )
      expect(failed.map((a) => a.id)).toEqual([])
      expect(result.counts.skippedMust).toBe(0)
      expect(result.grade).toBe('conformant')
      // The real quota: a coded DRIVER_ERROR (reason quota) from the real DOMException, and the
      // failed write left the namespace exactly as it was.
      console.info(`quota probe in Chromium ${version}: ${JSON.stringify(quota)}`)
      expect(quota).toMatchObject({
        code: 'DRIVER_ERROR',
        reason: 'quota',
        causeName: 'QuotaExceededError',
        unchanged: true,
        bulkCode: 'DRIVER_ERROR',
        bulkReason: 'quota',
        bulkUnchanged: true,
      })
      expect(quota.recordsStored).toBeGreaterThan(2)
      expect(quota.bulkKeysWritten).toBeGreaterThan(0) // it had started writing, then undid it
      expect(quota.countAfter).toBe(quota.recordsStored - 2)
    } finally {
      await browser.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }, 300_000)
})
