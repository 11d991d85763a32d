import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RemoteDriver } from './remote-driver.js'
import { startRemoteTestServer } from './remote-test-server.test-utils.js'
import type { RemoteTestServer } from './remote-test-server.test-utils.js'

// "Works in browsers", checked twice: the driver bundles for the browser platform with no Node
// built-in, and that bundle, loaded by a real headless Chromium from the REST server's own
// origin, runs CRUD, a filtered query and a coded error against the server.
const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url))
const CHROMIUM = [
  process.env['OBJECTQL_CHROMIUM'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((path): path is string => path !== undefined && path !== '' && existsSync(path))

async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

describe('RemoteDriver in the browser', () => {
  it('bundles for the browser platform without any Node built-in', async () => {
    const code = await browserBundle()
    expect(code).toMatch(/export\s*\{[^}]*\bRemoteDriver\b/)
    expect(code).not.toMatch(/from\s*["']node:/)
  })

  describe.skipIf(CHROMIUM === undefined)(
    `in headless Chromium${CHROMIUM === undefined ? ' (skipped: no Chromium found; set OBJECTQL_CHROMIUM)' : ''}`,
    () => {
      let server: RemoteTestServer
      beforeAll(async () => {
        const code = await browserBundle()
        server = await startRemoteTestServer({
          backend: 'memory',
          routes: (fastify) => {
            fastify.get('/remote-driver.js', (_request, reply) =>
              reply.type('text/javascript').send(code),
            )
            // The page imports the bundle itself: code handed to page.evaluate is rewritten by
            // vitest's transform, which would turn a dynamic import into a Node-only helper.
            fastify.get('/page.html', (_request, reply) =>
              reply
                .type('text/html')
                .send(
                  '<!doctype html><title>remote</title><script type="module">' +
                    "import { RemoteDriver } from '/remote-driver.js'; globalThis.RemoteDriver = RemoteDriver" +
                    '</script>',
                ),
            )
          },
        })
      })
      afterAll(async () => {
        await server.close()
      })

      it('DRV-WRITE-001 DRV-FLT-004 DRV-ID-004 runs CRUD, a filter and a coded error in a page', async () => {
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu'],
        })
        try {
          const page = await browser.newPage()
          await page.goto(`${server.url}/page.html`)
          await page.waitForFunction(() => 'RemoteDriver' in globalThis)
          const outcome = await page.evaluate(async () => {
            // Runs in the page: `location` is the browser's (Node's types do not declare it).
            const win = globalThis as unknown as {
              location: { origin: string }
              RemoteDriver: typeof RemoteDriver
            }
            const driver = new win.RemoteDriver({
              baseUrl: win.location.origin,
              schema: 'register',
            })
            await driver.connect()
            const fields = { title: { type: 'text' as const }, stars: { type: 'number' as const } }
            await driver.syncSchema([{ name: 'browser_notes', fields }])
            const generated = await driver.create('browser_notes', {
              title: 'from a page',
              stars: 4,
            })
            await driver.create('browser_notes', { id: '..', title: 'dots', stars: 1 })
            const found = await driver.find('browser_notes', {
              object: 'browser_notes',
              where: { stars: { $gt: 2 } },
            })
            const updated = await driver.update('browser_notes', '..', { stars: 5 })
            let duplicate = 'no error'
            try {
              await driver.create('browser_notes', { id: '..' })
            } catch (error) {
              duplicate = String((error as { code?: unknown }).code)
            }
            const deleted = await driver.delete('browser_notes', generated.id)
            const left = await driver.count('browser_notes', undefined)
            return { generated, found, updated, duplicate, deleted, left }
          })
          expect(outcome.generated.id).toMatch(/^[0-9a-f-]{36}$/)
          expect(outcome.found.map((row) => row.title)).toEqual(['from a page'])
          expect(outcome.updated).toMatchObject({ id: '..', stars: 5 })
          expect(outcome).toMatchObject({ duplicate: 'DUPLICATE_RECORD', deleted: true, left: 1 })
          expect(await server.kernel.findOne('browser_notes', '..')).toMatchObject({ stars: 5 })
        } finally {
          await browser.close()
        }
      }, 90_000)
    },
  )
})
