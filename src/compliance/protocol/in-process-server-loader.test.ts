import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PRT_ITEMS } from './protocol-fixture.js'
import { startInProcessProtocolServer } from './in-process-server-loader.js'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const STATIC_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g

/** Every source file `entry` loads through static, non-type imports, transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(STATIC_IMPORT)) {
      visit(resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')))
    }
  }
  visit(entry)
  return seen
}

describe('the in-process protocol server', () => {
  it('is not loaded by importing the compliance entry point (driver users pay nothing)', () => {
    const closure = [...staticClosure(resolve(SRC, 'compliance/index.ts'))]
    expect(closure.length).toBeGreaterThan(50)
    const protocols = closure.filter((file) => file.startsWith(resolve(SRC, 'protocols')))
    expect(protocols).toEqual([])
    // The walk does see protocols where they are imported statically.
    const heavy = [
      ...staticClosure(resolve(SRC, 'compliance/protocol/in-process-protocol-server.ts')),
    ]
    expect(heavy.some((file) => file.includes(`${resolve(SRC, 'protocols/graphql')}`))).toBe(true)
  })

  it('boots on first call and serves every protocol of the fixture in process', async () => {
    const server = await startInProcessProtocolServer()
    try {
      const paths = ['/api/data/prt_items', '/openapi.json', '/odata/$metadata']
      for (const path of paths) {
        const response = await server.transport.request({ method: 'GET', path })
        expect(response.status, path).toBe(200)
      }
      const rpc = await server.transport.request({
        method: 'POST',
        path: '/rpc',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","method":"metadata.list","id":1}',
      })
      expect(JSON.parse(rpc.text)).toMatchObject({ result: expect.arrayContaining([PRT_ITEMS]) })
      const graphql = await server.transport.request({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      })
      expect(graphql.status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
