import { classifyRequest, failure, JSON_RPC_CODES, success } from './json-rpc-envelope.js'
import type { JsonRpcResponse } from './json-rpc-envelope.js'
import { toJsonRpcError } from './json-rpc-error-map.js'
import type { JsonRpcMethodTable } from './json-rpc-methods.js'
import { bindParams } from './json-rpc-params.js'

/** Options of {@link dispatchJsonRpc}. */
export interface DispatchOptions {
  /** Most elements in one batch; a larger batch is one -32600 error. */
  readonly maxBatchSize: number
  /** Called with every error a handler threw that was not a coded error (for logging). */
  readonly onInternalError?: (error: unknown, method: string) => void
}

function isInternal(error: unknown): boolean {
  return toJsonRpcError(error).code === JSON_RPC_CODES.INTERNAL_ERROR
}

async function dispatchOne(
  element: unknown,
  methods: JsonRpcMethodTable,
  options: DispatchOptions,
): Promise<JsonRpcResponse | undefined> {
  const request = classifyRequest(element)
  if (request.kind === 'invalid') {
    return failure(request.id, {
      code: JSON_RPC_CODES.INVALID_REQUEST,
      message: 'Invalid Request',
      data: { validationErrors: request.problems },
    })
  }
  let response: JsonRpcResponse
  const method = methods.get(request.method)
  if (method === undefined) {
    response = failure(request.id, {
      code: JSON_RPC_CODES.METHOD_NOT_FOUND,
      message: `Method not found: ${request.method}`,
    })
  } else {
    try {
      const args = bindParams(method.name, method.params, request.params)
      response = success(request.id, await method.handler(args))
    } catch (error) {
      if (isInternal(error)) options.onInternalError?.(error, method.name)
      response = failure(request.id, toJsonRpcError(error))
    }
  }
  // A notification is never answered, not even with an error (specification, section 4.1).
  return request.notification ? undefined : response
}

/**
 * Answers a parsed JSON-RPC payload: a single request gives one response (or none for a
 * notification); a batch gives an array of the responses that are due, or nothing when every
 * element was a notification. An empty batch is a single -32600 error, as the specification's
 * examples show; each invalid element of a non-empty batch gets its own -32600. Batch
 * elements run one after another, in order, so a batch that creates then reads is predictable.
 */
export async function dispatchJsonRpc(
  payload: unknown,
  methods: JsonRpcMethodTable,
  options: DispatchOptions,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  if (!Array.isArray(payload)) return dispatchOne(payload, methods, options)
  if (payload.length === 0) {
    return failure(null, {
      code: JSON_RPC_CODES.INVALID_REQUEST,
      message: 'Invalid Request',
      data: { validationErrors: [{ path: '', message: 'a batch must not be empty' }] },
    })
  }
  if (payload.length > options.maxBatchSize) {
    return failure(null, {
      code: JSON_RPC_CODES.INVALID_REQUEST,
      message: `Invalid Request: a batch may hold at most ${options.maxBatchSize} calls`,
      data: {
        code: 'LIMIT_EXCEEDED',
        details: { limit: 'maxBatchSize', max: options.maxBatchSize },
      },
    })
  }
  const responses: JsonRpcResponse[] = []
  for (const element of payload as unknown[]) {
    const response = await dispatchOne(element, methods, options)
    if (response !== undefined) responses.push(response)
  }
  return responses.length > 0 ? responses : undefined
}
