import { ObjectQLError } from '../../kernel/errors.js'
import type { RemoteRetryPolicy, ResolvedRemoteConfig } from './remote-driver-config.js'
import {
  TRANSIENT_STATUSES,
  errorFromNetwork,
  errorFromResponse,
  malformedResponse,
  readEnvelope,
  wasRefused,
} from './remote-error-map.js'
import type { RemoteCall } from './remote-error-map.js'

/** The methods the REST protocol uses. */
export type RemoteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Methods whose repetition has the effect of one call (RFC 9110 section 9.2.2), the only ones
 * retried. POST creates and PATCH runs the server's update pipeline (hooks, `updated_at`), so a
 * second attempt after a lost answer could do the work twice: they are sent once.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<RemoteMethod> = new Set(['GET', 'PUT', 'DELETE'])

/** One request: `path` is already percent-encoded and starts with `/`; `query` likewise. */
export interface RemoteRequest {
  readonly method: RemoteMethod
  readonly path: string
  readonly query?: string
  readonly body?: unknown
  /** Overrides the configured attempts (health checks try once). */
  readonly attempts?: number
}

/** The final answer to a request that got one. */
export interface RemoteReply {
  readonly status: number
  /** The parsed JSON body (undefined when empty). */
  readonly body: unknown
  /** The coded error of a non-2xx answer, undefined on success. */
  readonly error: ObjectQLError | undefined
  /**
   * True when an earlier attempt failed after the request may have reached the server (a
   * timeout, a dropped connection, a gateway error), so this answer may describe a state that
   * attempt created: a retried DELETE that finds nothing may have deleted the record itself.
   */
  readonly uncertain: boolean
  /** How many attempts were made. */
  readonly attempts: number
}

/** The back-off before retry number `retry` (1-based): full jitter under an exponential cap. */
export function backoffDelay(
  retry: number,
  policy: RemoteRetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(random() * ceiling)
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))
}

/** An answer before the retry loop has judged it; `retry` says whether another try may help. */
interface Decoded {
  readonly status: number
  readonly body: unknown
  readonly error: ObjectQLError | undefined
  readonly retry: boolean
}

type Attempt =
  | { readonly kind: 'reply'; readonly reply: Decoded }
  | { readonly kind: 'failed'; readonly error: ObjectQLError; readonly reached: boolean }

/**
 * The remote driver's HTTP layer: JSON requests with `fetch`, a timeout per attempt
 * (`AbortSignal.timeout`, which also covers reading the body), and retries with exponential
 * back-off and jitter for idempotent methods only. Uses nothing but web platform APIs, so it
 * runs in Node and in browsers alike.
 */
export class RemoteHttpClient {
  readonly #config: ResolvedRemoteConfig
  readonly #random: () => number

  constructor(config: ResolvedRemoteConfig, random: () => number = Math.random) {
    this.#config = config
    this.#random = random
  }

  /**
   * Sends the request, retrying as the policy allows, and returns the final answer (a non-2xx
   * answer too, with its coded `error`).
   *
   * @throws ObjectQLError `DRIVER_UNAVAILABLE` when no attempt got an answer, `DRIVER_ERROR`
   *   when a success carried a body that is not JSON.
   */
  async send(request: RemoteRequest): Promise<RemoteReply> {
    const call: RemoteCall = {
      method: request.method,
      path: request.query === undefined ? request.path : `${request.path}?${request.query}`,
    }
    const policy = this.#config.retries
    const attempts = IDEMPOTENT_METHODS.has(request.method)
      ? (request.attempts ?? policy.attempts)
      : 1
    const payload = request.body === undefined ? undefined : encodeBody(request.body, call)
    let uncertain = false
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(request.method, payload, call)
      const last = attempt >= attempts
      if (outcome.kind === 'failed') {
        if (last) throw outcome.error
        uncertain ||= outcome.reached
      } else {
        const { retry, ...reply } = outcome.reply
        if (last || !retry) return { ...reply, uncertain, attempts: attempt }
        // A 429 or 503 answer says the server did not do the work; a gateway error may hide
        // that the backend did.
        uncertain ||= reply.status !== 429 && reply.status !== 503
      }
      await sleep(backoffDelay(attempt, policy, this.#random))
    }
  }

  /** {@link send}, returning the body of a 2xx answer and throwing the coded error otherwise. */
  async request(request: RemoteRequest): Promise<unknown> {
    const reply = await this.send(request)
    if (reply.error !== undefined) throw reply.error
    return reply.body
  }

  async #attempt(
    method: RemoteMethod,
    payload: string | undefined,
    call: RemoteCall,
  ): Promise<Attempt> {
    const { baseUrl, headers, timeoutMs } = this.#config
    const fetchFn = this.#config.fetch ?? globalThis.fetch
    const init: RequestInit = {
      method,
      headers: {
        accept: 'application/json',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      signal: AbortSignal.timeout(timeoutMs),
      ...(payload === undefined ? {} : { body: payload }),
    }
    let status: number
    let text: string
    try {
      const response = await fetchFn(`${baseUrl}${call.path}`, init)
      status = response.status
      text = await response.text()
    } catch (error) {
      return {
        kind: 'failed',
        error: errorFromNetwork(error, call, timeoutMs),
        reached: !wasRefused(error),
      }
    }
    return { kind: 'reply', reply: decode(status, text, call) }
  }
}

/** The JSON text of a request body; `INVALID_REQUEST` for data JSON cannot carry (a BigInt, a cycle). */
function encodeBody(body: unknown, call: RemoteCall): string {
  try {
    return JSON.stringify(body)
  } catch (cause) {
    throw new ObjectQLError(
      'INVALID_REQUEST',
      `${call.method} ${call.path}: the data is not JSON`,
      {
        cause,
        details: { ...call },
      },
    )
  }
}

function decode(status: number, text: string, call: RemoteCall): Decoded {
  let body: unknown
  let parseError: unknown
  if (text !== '') {
    try {
      body = JSON.parse(text)
    } catch (error) {
      parseError = error
    }
  }
  if (status >= 200 && status < 300) {
    if (parseError !== undefined) {
      throw malformedResponse(call, 'the answer is not valid JSON', status, text, parseError)
    }
    return { status, body, error: undefined, retry: false }
  }
  // An error answer that is not JSON (an HTML page from a proxy) is judged by its status alone.
  const answer = parseError === undefined ? body : text
  const error = errorFromResponse(status, answer, call)
  // A transient status, or a transient code the server itself chose (`DRIVER_UNAVAILABLE`):
  // 401/403 also map to `DRIVER_UNAVAILABLE` but are never cured by asking again.
  const retry =
    TRANSIENT_STATUSES.has(status) || (readEnvelope(answer) !== undefined && error.transient)
  return { status, body: answer, error, retry }
}
