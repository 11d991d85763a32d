import { randomUUID } from 'node:crypto'
import { parseJsonBody } from '../common/json-body-parser.js'
import { invalidRequest } from './odata-error-map.js'

/** One request of a batch, in either format. */
export interface BatchItem {
  /** The request id (JSON) or Content-ID (multipart; generated when absent). */
  readonly id: string
  readonly method: string
  readonly url: string
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  /** The atomicity group (JSON) or changeset (multipart) it belongs to. */
  readonly group?: string
  readonly dependsOn: readonly string[]
}

/** One response of a batch. */
export interface BatchResult {
  readonly id: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly text?: string
}

/** What one unit of a batch (a lone request or an atomic group) produced. */
export interface BatchUnit {
  readonly group?: string
  /** The responses, in request order. */
  readonly results: readonly BatchResult[]
  /** The unit failed (a failed group was rolled back as a whole). */
  readonly failed: boolean
  /** The response that made a group fail (multipart answers a failed changeset with it). */
  readonly failure?: BatchResult
}

/** The `boundary` parameter of a multipart media type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '')
  return match?.[1] ?? match?.[2]
}

interface Part {
  readonly headers: ReadonlyMap<string, string>
  readonly content: string
}

function headerBlock(lines: readonly string[]): [Map<string, string>, number] {
  const headers = new Map<string, string>()
  let i = 0
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] ?? ''
    const colon = line.indexOf(':')
    if (colon <= 0)
      throw invalidRequest(`malformed header line '${line.slice(0, 80)}' in $batch`, '$batch')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return [headers, i + 1]
}

function splitParts(text: string, boundary: string): Part[] {
  const lines = text.split(/\r?\n/)
  const open = `--${boundary}`
  const close = `--${boundary}--`
  const parts: Part[] = []
  let current: string[] | undefined
  let closed = false
  for (const line of lines) {
    const trimmed = line.trimEnd()
    if (trimmed === open || trimmed === close) {
      if (current !== undefined) {
        const [headers, start] = headerBlock(current)
        parts.push({ headers, content: current.slice(start).join('\r\n') })
      }
      current = trimmed === close ? undefined : []
      if (trimmed === close) {
        closed = true
        break
      }
    } else if (current !== undefined) {
      current.push(line)
    }
  }
  if (!closed)
    throw invalidRequest(`the multipart body does not end with --${boundary}--`, '$batch')
  return parts
}

function requestOf(part: Part, id: string, group: string | undefined, maxDepth: number): BatchItem {
  const type = part.headers.get('content-type') ?? ''
  if (!type.toLowerCase().startsWith('application/http')) {
    throw invalidRequest(`a $batch part must be application/http, got '${type}'`, '$batch')
  }
  const lines = part.content.split('\r\n')
  while (lines[0] === '') lines.shift()
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/1\.[01])?$/.exec(lines[0] ?? '')
  if (requestLine === null)
    throw invalidRequest(`malformed request line '${(lines[0] ?? '').slice(0, 80)}'`, '$batch')
  const [headers, start] = headerBlock(lines.slice(1))
  const bodyText = lines
    .slice(start + 1)
    .join('\r\n')
    .trim()
  return {
    id,
    method: requestLine[1] ?? 'GET',
    url: requestLine[2] ?? '',
    headers: Object.fromEntries(headers),
    body: bodyText === '' ? undefined : parseJsonBody(bodyText, maxDepth),
    ...(group === undefined ? {} : { group }),
    dependsOn: [],
  }
}

/**
 * Parses a `multipart/mixed` batch (OData 4.0, Part 1 "Batch Requests"): each part is an
 * `application/http` request, or a `multipart/mixed` changeset of such requests, which becomes
 * one atomicity group. Content-IDs name the requests (for `$<id>` references); parts without
 * one get `p<n>`. @throws 400 for anything malformed (nested changesets included).
 */
export function parseMultipartBatch(text: string, boundary: string, maxDepth: number): BatchItem[] {
  const items: BatchItem[] = []
  let changesets = 0
  for (const part of splitParts(text, boundary)) {
    const type = part.headers.get('content-type') ?? ''
    const inner = type.toLowerCase().startsWith('multipart/mixed') ? boundaryOf(type) : undefined
    if (type.toLowerCase().startsWith('multipart/mixed')) {
      if (inner === undefined) throw invalidRequest('a changeset needs a boundary', '$batch')
      const group = `changeset${++changesets}`
      for (const request of splitParts(part.content, inner)) {
        if ((request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/')) {
          throw invalidRequest('changesets cannot be nested', '$batch')
        }
        const id = request.headers.get('content-id') ?? `p${items.length + 1}`
        items.push(requestOf(request, id, group, maxDepth))
      }
    } else {
      items.push(
        requestOf(
          part,
          part.headers.get('content-id') ?? `p${items.length + 1}`,
          undefined,
          maxDepth,
        ),
      )
    }
  }
  return items
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  424: 'Failed Dependency',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
}

function httpPart(result: BatchResult, withId: boolean): string[] {
  const content = result.text ?? (result.body === undefined ? '' : JSON.stringify(result.body))
  const headers = Object.entries(result.headers).map(([name, value]) => `${name}: ${value}`)
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(withId ? [`Content-ID: ${result.id}`] : []),
    '',
    `HTTP/1.1 ${result.status} ${REASONS[result.status] ?? 'Status'}`,
    ...headers,
    '',
    content,
  ]
}

/**
 * Writes the multipart response of a batch: one `application/http` part per lone request; per
 * changeset a nested `multipart/mixed` part with one response per request, or, when the
 * changeset failed and was rolled back, the single failing response in its place.
 */
export function formatMultipartBatch(units: readonly BatchUnit[]): {
  boundary: string
  text: string
} {
  const boundary = `batchresponse_${randomUUID()}`
  const lines: string[] = []
  for (const unit of units) {
    lines.push(`--${boundary}`)
    if (unit.group === undefined || unit.failed) {
      const result = unit.failure ?? unit.results[0]
      if (result !== undefined) lines.push(...httpPart(result, unit.group !== undefined))
      continue
    }
    const inner = `changesetresponse_${randomUUID()}`
    lines.push(`Content-Type: multipart/mixed; boundary=${inner}`, '')
    for (const result of unit.results) lines.push(`--${inner}`, ...httpPart(result, true))
    lines.push(`--${inner}--`)
  }
  lines.push(`--${boundary}--`, '')
  return { boundary, text: lines.join('\r\n') }
}
