import { describe, expect, it } from 'vitest'
import { ObjectQLError } from '../../kernel/errors.js'
import { dispatchJsonRpc } from './json-rpc-dispatcher.js'
import { classifyRequest } from './json-rpc-envelope.js'
import type { JsonRpcMethod, JsonRpcMethodTable } from './json-rpc-methods.js'

// An injected method table: the dispatcher is independent of the bridge.
function table(): { methods: JsonRpcMethodTable; calls: string[] } {
  const calls: string[] = []
  const list: JsonRpcMethod[] = [
    {
      name: 'math.subtract',
      description: 'a - b',
      params: [
        { name: 'minuend', type: 'any', required: true, description: '' },
        { name: 'subtrahend', type: 'any', required: true, description: '' },
      ],
      handler: async ([a, b]) => {
        calls.push('subtract')
        return (a as number) - (b as number)
      },
    },
    {
      name: 'fail.coded',
      description: '',
      params: [],
      handler: async () => {
        calls.push('coded')
        throw new ObjectQLError('NOT_FOUND', 'gone')
      },
    },
    {
      name: 'fail.native',
      description: '',
      params: [],
      handler: async () => {
        calls.push('native')
        throw new Error('secret internals')
      },
    },
  ]
  return { methods: new Map(list.map((m) => [m.name, m])), calls }
}

const opts = { maxBatchSize: 5 }

describe('JSON-RPC envelope', () => {
  it('PRT-RPC classifies requests, notifications (no id key) and id: null requests', () => {
    expect(classifyRequest({ jsonrpc: '2.0', method: 'm', id: 1 })).toMatchObject({
      kind: 'call',
      notification: false,
    })
    expect(classifyRequest({ jsonrpc: '2.0', method: 'm' })).toMatchObject({
      kind: 'call',
      notification: true,
    })
    expect(classifyRequest({ jsonrpc: '2.0', method: 'm', id: null })).toMatchObject({
      kind: 'call',
      notification: false,
      id: null,
    })
  })

  it('rejects every malformed member, and echoes a readable id', () => {
    const bad = [
      1,
      'x',
      null,
      [],
      { jsonrpc: '1.0', method: 'm', id: 1 },
      { method: 'm', id: 1 },
      { jsonrpc: '2.0', method: 1, id: 1 },
      { jsonrpc: '2.0', method: 'm', params: 'bar', id: 1 },
      { jsonrpc: '2.0', method: 'm', params: null, id: 1 },
      { jsonrpc: '2.0', method: 'm', id: { a: 1 } },
      { jsonrpc: '2.0', method: 'm', id: 1, extra: true },
    ]
    for (const value of bad)
      expect(classifyRequest(value).kind, JSON.stringify(value)).toBe('invalid')
    expect(classifyRequest({ jsonrpc: '2.0', method: 1, id: 'abc' })).toMatchObject({ id: 'abc' })
    expect(classifyRequest({ jsonrpc: '2.0', method: 'm', id: [1] })).toMatchObject({ id: null })
  })
})

describe('JSON-RPC dispatcher', () => {
  it('binds positional and named params to the same call', async () => {
    const { methods } = table()
    const positional = await dispatchJsonRpc(
      { jsonrpc: '2.0', method: 'math.subtract', params: [42, 23], id: 1 },
      methods,
      opts,
    )
    const named = await dispatchJsonRpc(
      { jsonrpc: '2.0', method: 'math.subtract', params: { subtrahend: 23, minuend: 42 }, id: 2 },
      methods,
      opts,
    )
    expect(positional).toEqual({ jsonrpc: '2.0', result: 19, id: 1 })
    expect(named).toEqual({ jsonrpc: '2.0', result: 19, id: 2 })
  })

  it('-32602 for too many, missing or unknown params; the handler never runs', async () => {
    const { methods, calls } = table()
    for (const params of [[1, 2, 3], [1], { minuend: 1 }, { minuend: 1, subtrahend: 2, x: 3 }]) {
      const response = await dispatchJsonRpc(
        { jsonrpc: '2.0', method: 'math.subtract', params, id: 7 },
        methods,
        opts,
      )
      expect(response).toMatchObject({ error: { code: -32602 }, id: 7 })
    }
    expect(calls).toEqual([])
  })

  it('maps coded errors to application codes and hides uncoded messages', async () => {
    const { methods } = table()
    const coded = await dispatchJsonRpc(
      { jsonrpc: '2.0', method: 'fail.coded', id: 'a' },
      methods,
      opts,
    )
    expect(coded).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'gone', data: { code: 'NOT_FOUND' } },
      id: 'a',
    })
    const logged: string[] = []
    const native = await dispatchJsonRpc(
      { jsonrpc: '2.0', method: 'fail.native', id: 'b' },
      methods,
      {
        ...opts,
        onInternalError: (_e, method) => logged.push(method),
      },
    )
    expect(native).toMatchObject({ error: { code: -32603, message: 'Internal error' }, id: 'b' })
    expect(JSON.stringify(native)).not.toContain('secret')
    expect(logged).toEqual(['fail.native'])
  })

  it('runs notifications, even failing ones, without answering them', async () => {
    const { methods, calls } = table()
    expect(
      await dispatchJsonRpc({ jsonrpc: '2.0', method: 'fail.coded' }, methods, opts),
    ).toBeUndefined()
    expect(await dispatchJsonRpc({ jsonrpc: '2.0', method: 'nope' }, methods, opts)).toBeUndefined()
    expect(calls).toEqual(['coded'])
  })

  it('answers a batch in order, skips notifications, rejects empty and oversized batches', async () => {
    const { methods } = table()
    const batch = await dispatchJsonRpc(
      [
        { jsonrpc: '2.0', method: 'math.subtract', params: [3, 1], id: 1 },
        { jsonrpc: '2.0', method: 'math.subtract', params: [3, 1] },
        1,
        { jsonrpc: '2.0', method: 'nope', id: 2 },
      ],
      methods,
      opts,
    )
    expect(batch).toEqual([
      { jsonrpc: '2.0', result: 2, id: 1 },
      expect.objectContaining({ error: expect.objectContaining({ code: -32600 }), id: null }),
      { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found: nope' }, id: 2 },
    ])
    expect(await dispatchJsonRpc([], methods, opts)).toMatchObject({
      error: { code: -32600 },
      id: null,
    })
    const big = Array.from({ length: 6 }, (_, i) => ({
      jsonrpc: '2.0',
      method: 'math.subtract',
      params: [1, 1],
      id: i,
    }))
    expect(await dispatchJsonRpc(big, methods, opts)).toMatchObject({
      error: { code: -32600, data: { code: 'LIMIT_EXCEEDED' } },
    })
    const allNotifications = [{ jsonrpc: '2.0', method: 'math.subtract', params: [1, 1] }]
    expect(await dispatchJsonRpc(allNotifications, methods, opts)).toBeUndefined()
  })
})
