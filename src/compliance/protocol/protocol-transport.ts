import { ObjectQLError } from '../../kernel/errors.js'
import { redactUrl } from '../common/backend-info.js'

/** An HTTP method the protocol audits send. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** One request as an audit writes it; `path` is relative to the server's base URL. */
export interface ProtocolRequest {
  readonly method: HttpMethod
  /** Starts with `/` and carries the query string, e.g. `/odata/prt_items?$top=2`. */
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as is; objects are not accepted on purpose, so audits control the exact bytes. */
  readonly body?: string | Uint8Array
}

/** One response as an audit reads it. */
export interface ProtocolResponse {
  readonly status: number
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>
  /** The body decoded as UTF-8 (empty for 204/304 and HEAD). */
  readonly text: string
}

/**
 * How audits reach a server: over a socket to any base URL ({@link urlTransport}), or in
 * process through Fastify's `inject` ({@link injectTransport}). Audits see only this interface,
 * so the same audit judges our servers in tests and anyone's server by URL.
 */
export interface ProtocolTransport {
  /**
   * What is being audited, for reports: the base URL (never with its password), or `inject` for
   * in-process runs.
   */
  readonly target: string
  request(request: ProtocolRequest): Promise<ProtocolResponse>
}

/** Options of {@link urlTransport}. */
export interface UrlTransportOptions {
  /** Per-request time limit; a slower answer fails with `DRIVER_UNAVAILABLE`. Default 10 s. */
  readonly timeoutMs?: number
}

function normalizeHeaders(entries: Iterable<[string, string]>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of entries) {
    const key = name.toLowerCase()
    const previous = headers[key]
    headers[key] = previous === undefined ? value : `${previous}, ${value}`
  }
  return headers
}

// Masks `user:password@` in text that is not a parseable URL, so even an error message about a
// malformed URL never repeats a password.
function maskUserinfo(text: string): string {
  return text.replace(/\/\/[^/?#@]*@/, '//***@')
}

/** `Basic <base64>` of a URL's user name and password, as a browser would send them. */
function basicAuthorization(url: URL): string {
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name)
}

/**
 * A transport to a live server: `baseUrl` plus the request's path, sent with `fetch`. A user
 * name and password in `baseUrl` are sent as HTTP Basic credentials (`Authorization`, unless a
 * request sets its own) and never repeated: `target` and every error message show the URL with
 * the password replaced by `***`, since both end up in reports that are committed and shared.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when `baseUrl` is not an http(s) URL.
 */
export function urlTransport(
  baseUrl: string,
  options: UrlTransportOptions = {},
): ProtocolTransport {
  let parsed: URL
  try {
    parsed = new URL(baseUrl)
  } catch (error) {
    throw new ObjectQLError('CONFIG_INVALID', `not a URL: ${maskUserinfo(baseUrl)}`, {
      cause: error,
    })
  }
  // Paths are appended, so a base of `http://host/prefix/` and `/odata` give `/prefix/odata`.
  const trim = (url: string) => url.replace(/\/+$/, '')
  const target = trim(redactUrl(baseUrl))
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ObjectQLError('CONFIG_INVALID', `not an http(s) URL: ${target}`)
  }
  // fetch refuses a URL with credentials: they travel in a header instead.
  const authorization =
    parsed.username === '' && parsed.password === '' ? undefined : basicAuthorization(parsed)
  parsed.username = ''
  parsed.password = ''
  const base = trim(parsed.toString())
  const timeoutMs = options.timeoutMs ?? 10_000
  return {
    target,
    async request(request) {
      const given = request.headers ?? {}
      const headers =
        authorization === undefined || hasHeader(given, 'authorization')
          ? given
          : { ...given, authorization }
      let response: Response
      try {
        response = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        })
      } catch (error) {
        throw new ObjectQLError(
          'DRIVER_UNAVAILABLE',
          `${request.method} ${target}${request.path} failed: ${(error as Error).message}`,
          { cause: error },
        )
      }
      return {
        status: response.status,
        headers: normalizeHeaders(response.headers.entries()),
        text: await response.text(),
      }
    },
  }
}

/** The part of Fastify's `inject` that {@link injectTransport} uses (structural, no import). */
export interface InjectTarget {
  inject(options: {
    method: HttpMethod
    url: string
    headers?: Record<string, string>
    payload?: string | Buffer
  }): PromiseLike<{
    statusCode: number
    headers: Record<string, string | string[] | number | undefined>
    body: string
  }>
}

/** A transport that calls a Fastify instance in process, without a socket. */
export function injectTransport(target: InjectTarget): ProtocolTransport {
  return {
    target: 'inject',
    async request(request) {
      const response = await target.inject({
        method: request.method,
        url: request.path,
        ...(request.headers === undefined ? {} : { headers: { ...request.headers } }),
        ...(request.body === undefined
          ? {}
          : {
              payload: typeof request.body === 'string' ? request.body : Buffer.from(request.body),
            }),
      })
      const entries: [string, string][] = []
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined) continue
        entries.push([name, Array.isArray(value) ? value.join(', ') : String(value)])
      }
      return {
        status: response.statusCode,
        headers: normalizeHeaders(entries),
        text: response.body,
      }
    },
  }
}
