import { ObjectQLError } from '../../kernel/errors.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import type { ParamSpec, ParamType } from './json-rpc-params.js'

/** One callable method: its declared params (for binding and `system.describe`) and handler. */
export interface JsonRpcMethod {
  readonly name: string
  readonly description: string
  readonly params: readonly ParamSpec[]
  /** Receives the bound params in declared order. */
  readonly handler: (args: readonly unknown[]) => Promise<unknown>
}

/** The method table a JSON-RPC server dispatches on. */
export type JsonRpcMethodTable = ReadonlyMap<string, JsonRpcMethod>

function param(name: string, type: ParamType, required: boolean, description: string): ParamSpec {
  return { name, type, required, description }
}

const OBJECT = param('objectName', 'string', true, 'the object name')
const ID = param('id', 'string', true, 'the record id')

/** `tasks:complete` (upstream's key) or `tasks.complete` into object and action. */
function splitActionName(name: string): { object: string; action: string } {
  const at = name.includes(':') ? name.indexOf(':') : name.indexOf('.')
  if (at <= 0 || at === name.length - 1) {
    throw new ObjectQLError(
      'INVALID_REQUEST',
      `action name '${name}' must be '<object>:<action>'`,
      { details: { reason: 'invalid_params', param: 'actionName' } },
    )
  }
  return { object: name.slice(0, at), action: name.slice(at + 1) }
}

function str(value: unknown): string {
  return value as string
}

function rec(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>
}

/**
 * The method table over a bridge, with upstream's method names and param orders:
 * `object.find/get/create/update/delete/count`, `metadata.list/get`, `action.execute/list`,
 * `system.listMethods/describe`. Params are already bound and type-checked when a handler runs.
 */
export function createJsonRpcMethods(bridge: ProtocolBridge): JsonRpcMethodTable {
  const methods: JsonRpcMethod[] = [
    {
      name: 'object.find',
      description: 'Records matching a query (any accepted query shape); returns an array',
      params: [OBJECT, param('query', 'query', false, 'QueryAST or legacy query')],
      handler: async ([object, query]) => (await bridge.findData(str(object), query ?? {})).value,
    },
    {
      name: 'object.get',
      description: 'One record by id (error -32001 when it does not exist)',
      params: [OBJECT, ID],
      handler: async ([object, id]) => bridge.getData(str(object), str(id)),
    },
    {
      name: 'object.create',
      description: 'Creates a record and returns it',
      params: [OBJECT, param('data', 'object', true, 'the record')],
      handler: async ([object, data]) => bridge.createData(str(object), rec(data)),
    },
    {
      name: 'object.update',
      description: 'Merges fields into a record and returns the whole record',
      params: [OBJECT, ID, param('data', 'object', true, 'the fields to change')],
      handler: async ([object, id, data]) => bridge.updateData(str(object), str(id), rec(data)),
    },
    {
      name: 'object.delete',
      description: 'Deletes a record; true when it existed',
      params: [OBJECT, ID],
      handler: async ([object, id]) => bridge.deleteData(str(object), str(id)),
    },
    {
      name: 'object.count',
      description: 'How many records match a filter',
      params: [OBJECT, param('filters', 'query', false, 'FilterCondition or legacy filter array')],
      handler: async ([object, filters]) => bridge.countData(str(object), filters),
    },
    {
      name: 'metadata.list',
      description: 'Names of the registered objects',
      params: [],
      handler: async () => [...bridge.getMetaTypes()],
    },
    {
      name: 'metadata.get',
      description: 'The metadata of one object (error -32002 when it does not exist)',
      params: [OBJECT],
      handler: async ([name]) => {
        const item = bridge.hasObject(str(name)) ? bridge.getMetaItem(str(name)) : undefined
        if (item === undefined) {
          throw new ObjectQLError('OBJECT_NOT_FOUND', `no object '${str(name)}'`, {
            details: { object: name },
          })
        }
        return item
      },
    },
    {
      name: 'action.execute',
      description: "Runs an action named '<object>:<action>' with its params",
      params: [
        param('actionName', 'string', true, "'<object>:<action>'"),
        param('params', 'object', false, 'the action input'),
      ],
      handler: async ([name, input]) => {
        const { object, action } = splitActionName(str(name))
        return bridge.executeAction(object, action, input ?? {})
      },
    },
    {
      name: 'action.list',
      description: 'The registered actions',
      params: [],
      handler: async () => [...bridge.getActions()],
    },
  ]
  const table = new Map<string, JsonRpcMethod>(methods.map((m) => [m.name, m]))
  const describe = (method: JsonRpcMethod): Record<string, unknown> => ({
    name: method.name,
    description: method.description,
    params: method.params.map((p) => ({ ...p })),
  })
  table.set('system.listMethods', {
    name: 'system.listMethods',
    description: 'Names of every method',
    params: [],
    handler: async () => [...table.keys()],
  })
  table.set('system.describe', {
    name: 'system.describe',
    description: 'The description and params of one method',
    params: [param('methodName', 'string', true, 'a method name')],
    handler: async ([name]) => {
      const method = table.get(str(name))
      if (method === undefined) {
        throw new ObjectQLError('INVALID_REQUEST', `no method '${str(name)}'`, {
          details: { reason: 'invalid_params', param: 'methodName' },
        })
      }
      return describe(method)
    },
  })
  return table
}
