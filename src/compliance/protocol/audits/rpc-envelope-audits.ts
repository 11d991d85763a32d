import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check, describeResponse } from '../protocol-checks.js'
import { sampleReplies } from './rpc-samples.js'
import { withRpc } from './rpc-session.js'

const RPC = ['json-rpc'] as const

/** JSON-RPC audits of the request and response objects: members, ids, notifications. */
export const RPC_ENVELOPE_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-RPC-001',
    level: 'MUST',
    group: 'json-rpc',
    title: 'every response object has jsonrpc: "2.0"',
    cites: 'JSON-RPC 2.0 §5',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const [what, reply] of await sampleReplies(rpc)) {
          check(
            reply['jsonrpc'] === '2.0',
            `${what}: jsonrpc is ${JSON.stringify(reply['jsonrpc'])}`,
            reply,
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-002',
    level: 'MUST',
    group: 'json-rpc',
    title: 'every response object has an id and exactly one of result and error',
    cites: 'JSON-RPC 2.0 §5',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const [what, reply] of await sampleReplies(rpc)) {
          check(Object.hasOwn(reply, 'id'), `${what}: the response has no id member`, reply)
          const members = ['result', 'error'].filter((key) => Object.hasOwn(reply, key))
          check(
            members.length === 1,
            `${what}: a response has result or error, never ${members.length === 0 ? 'neither' : 'both'}`,
            reply,
          )
        }
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-003',
    level: 'MUST',
    group: 'json-rpc',
    title: 'the response id is the request id, with its type (string stays string, number number)',
    cites: 'JSON-RPC 2.0 §4, §5',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        for (const id of [7, '7', 'ü-id ✓', 0, -3, '']) {
          const ok = await rpc.call('metadata.list', undefined, id)
          check(
            Object.is(ok['id'], id),
            `id ${JSON.stringify(id)} came back as ${JSON.stringify(ok['id'])}`,
            ok,
          )
          const failed = await rpc.call('prt.no_such_method', undefined, id)
          check(
            Object.is(failed['id'], id),
            `id ${JSON.stringify(id)} of an error came back as ${JSON.stringify(failed['id'])}`,
            failed,
          )
        }
        return pass('6 ids')
      }),
  },
  {
    id: 'PRT-RPC-004',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a request with id null is a request, not a notification: it is answered with id null',
    cites: 'JSON-RPC 2.0 §4, §4.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const reply = await rpc.single(
          { jsonrpc: '2.0', method: 'metadata.list', id: null },
          'id null',
        )
        check(
          reply['id'] === null && Object.hasOwn(reply, 'result'),
          'id null must get a result with id null',
          reply,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-005',
    level: 'MUST',
    group: 'json-rpc',
    title: 'a notification is never answered, not even with an error, and still runs',
    cites: 'JSON-RPC 2.0 §4.1',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const notifications = [
          { jsonrpc: '2.0', method: 'metadata.list' },
          { jsonrpc: '2.0', method: 'prt.no_such_method' },
          { jsonrpc: '2.0', method: 'object.get', params: [] },
          {
            jsonrpc: '2.0',
            method: 'object.create',
            params: ['prt_items', { run: context.runId, name: 'notified' }],
          },
        ]
        for (const notification of notifications) {
          const response = await rpc.post(notification)
          check(
            response.status >= 200 && response.status < 300 && response.text.trim() === '',
            `notification ${notification.method} was answered`,
            describeResponse(response),
          )
        }
        // A server may run a notification after answering; give it up to a second.
        let stored = await rpc.find()
        for (let wait = 0; wait < 20 && stored.length === 0; wait++) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          stored = await rpc.find()
        }
        check(
          stored.length === 1 && stored[0]?.['name'] === 'notified',
          `the notified object.create stored ${stored.length} records`,
          stored,
        )
        return pass()
      }),
  },
]
