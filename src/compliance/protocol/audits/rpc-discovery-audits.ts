import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check } from '../protocol-checks.js'
import { rpcItem, expectValues } from './rpc-records.js'
import { DECLARED_ITEM_FIELDS } from './cross-protocol-records.js'
import { asRecord } from './sample-items.js'
import { withRpc } from './rpc-session.js'

const RPC = ['json-rpc'] as const

/** JSON-RPC audits of discovery (metadata, method list) and of parameters by name. */
export const RPC_DISCOVERY_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-RPC-022',
    level: 'MUST',
    group: 'json-rpc',
    title: 'metadata.list names the objects; metadata.get describes their fields',
    cites: 'ObjectQL JSON-RPC',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const names = await rpc.result('metadata.list')
        check(
          Array.isArray(names) && names.includes('prt_items') && names.includes('prt_owners'),
          'metadata.list must include prt_items and prt_owners',
          names,
        )
        const meta = asRecord(await rpc.result('metadata.get', ['prt_items']))
        const fields = asRecord(meta?.['fields']) ?? {}
        const absent = DECLARED_ITEM_FIELDS.filter((field) => fields[field] === undefined)
        check(
          meta?.['name'] === 'prt_items' && absent.length === 0,
          `metadata.get prt_items lacks ${absent.join(', ') || 'its name'}`,
          meta,
        )
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-023',
    level: 'MUST',
    group: 'json-rpc',
    title: 'system.listMethods lists the object, metadata and system methods',
    cites: 'ObjectQL JSON-RPC',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const methods = await rpc.result('system.listMethods')
        const wanted = [
          'object.find',
          'object.get',
          'object.create',
          'object.update',
          'object.delete',
          'object.count',
          'metadata.list',
          'metadata.get',
          'system.listMethods',
        ]
        const absent = wanted.filter((name) => !Array.isArray(methods) || !methods.includes(name))
        check(absent.length === 0, `system.listMethods lacks ${absent.join(', ')}`, methods)
        return pass()
      }),
  },
  {
    id: 'PRT-RPC-024',
    level: 'SHOULD',
    group: 'json-rpc',
    title: 'params by name work as params by position',
    cites: 'JSON-RPC 2.0 §4.2',
    needs: RPC,
    run: (context) =>
      withRpc(context, async (rpc) => {
        const values = rpcItem(context)
        const created = asRecord(
          await rpc.result('object.create', { objectName: 'prt_items', data: values }),
        )
        check(
          typeof created?.['id'] === 'string',
          'object.create by name must return the record',
          created,
        )
        expectValues(values, created, 'object.create by name')
        const read = await rpc.result('object.get', { objectName: 'prt_items', id: created['id'] })
        expectValues(created, read, 'object.get by name')
        return pass()
      }),
  },
]
