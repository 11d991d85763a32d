import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { createKernel } from '../../kernel/kernel.js'
import { jsonRpcProtocol } from '../json-rpc/json-rpc-server.js'
import { restProtocol } from '../rest/rest-server.js'
import { TRACKER_OBJECTS } from './protocol-fixtures.test-utils.js'
import { createProtocolServerPlugin } from './protocol-kernel-plugin.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

describe('protocols as a kernel plugin', () => {
  it('listens while the kernel runs and closes when it stops', async () => {
    const plugin = createProtocolServerPlugin([restProtocol, jsonRpcProtocol], { port: 0 })
    const kernel = createKernel({
      objects: TRACKER_OBJECTS,
      drivers: { default: new MemoryDriver() },
      plugins: [plugin],
      logger: quiet,
    })
    expect(plugin.url).toBeUndefined()
    await kernel.start()
    const url = plugin.url ?? ''
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const created = await fetch(`${url}/api/data/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }),
    })
    expect(created.status).toBe(201)
    expect(await kernel.count('users')).toBe(1)
    await kernel.stop()
    expect(plugin.url).toBeUndefined()
    await expect(fetch(`${url}/api/data/users`)).rejects.toThrow()
  })

  it('names itself after its protocols and defaults to the upstream port of a lone protocol', () => {
    expect(createProtocolServerPlugin([jsonRpcProtocol]).name).toBe('protocols:json-rpc')
    expect(jsonRpcProtocol.defaultPort).toBe(9000)
    expect(jsonRpcProtocol.defaultPath).toBe('/rpc')
  })
})
