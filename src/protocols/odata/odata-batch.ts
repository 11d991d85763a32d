import { ObjectQLError } from '../../kernel/errors.js'
import type { ODataDataPort, ODataTransactionRunner } from './odata-data-port.js'
import { invalidRequest } from './odata-error-map.js'
import { preferences, statusError } from './odata-format.js'
import type { ODataResponse } from './odata-format.js'
import { formatJsonBatch, parseJsonBatch } from './odata-batch-json.js'
import { boundaryOf, formatMultipartBatch, parseMultipartBatch } from './odata-multipart.js'
import type { BatchItem, BatchResult, BatchUnit } from './odata-multipart.js'
import { errorResponse, handleODataRequest } from './odata-request-handler.js'
import type { ODataEnvironment, RawODataRequest } from './odata-request-handler.js'

/** What a batch runs with. */
export interface BatchEnvironment {
  /** The environment of each request (its `port` serves requests outside atomic groups). */
  readonly env: Omit<ODataEnvironment, 'batch'>
  /** The path the service root is mounted at (`/odata`), to resolve absolute request URLs. */
  readonly basePath: string
  /** Runs atomic groups; without it, an atomic group is refused with 501. */
  readonly transactions: ODataTransactionRunner | undefined
}

class GroupFailed extends Error {
  constructor(readonly result: BatchResult) {
    super('atomicity group failed')
  }
}

function resolveUrl(
  url: string,
  basePath: string,
  refs: ReadonlyMap<string, string>,
): { path: string; rawQuery: string } {
  let target = url.trim()
  const ref = /^\$([^/?]+)(.*)$/s.exec(target)
  if (ref !== null) {
    const entity = refs.get(ref[1] ?? '')
    if (entity === undefined)
      throw invalidRequest(`'$${ref[1] ?? ''}' names no entity created earlier in the batch`, 'url')
    target = entity + (ref[2] ?? '')
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target))
    target = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
  if (target.startsWith('/')) {
    if (
      target !== basePath &&
      !target.startsWith(`${basePath}/`) &&
      !target.startsWith(`${basePath}?`)
    ) {
      throw invalidRequest(`'${url}' is outside the service root ${basePath}`, 'url')
    }
    target = target.slice(basePath.length)
  }
  const q = target.indexOf('?')
  return q < 0
    ? { path: target, rawQuery: '' }
    : { path: target.slice(0, q), rawQuery: target.slice(q + 1) }
}

function resultOf(id: string, response: ODataResponse): BatchResult {
  return {
    id,
    status: response.status,
    headers: response.headers,
    ...(response.body === undefined ? {} : { body: response.body }),
    ...(response.text === undefined ? {} : { text: response.text }),
  }
}

function failedDependency(id: string, message: string, version: '4.0' | '4.01'): BatchResult {
  const error = new ObjectQLError('TRANSACTION_FAILED', message, { details: { target: id } })
  return { ...resultOf(id, errorResponse(error, version)), status: 424 }
}

/** Checks ids, groups and dependencies, and cuts the items into units (lone or grouped). */
function units(items: readonly BatchItem[], maxBatchSize: number): BatchItem[][] {
  if (items.length > maxBatchSize) {
    throw new ObjectQLError('LIMIT_EXCEEDED', `a batch holds at most ${maxBatchSize} requests`, {
      details: { limit: 'maxBatchSize', max: maxBatchSize, target: '$batch' },
    })
  }
  const seen = new Set<string>()
  const closed = new Set<string>()
  const out: BatchItem[][] = []
  for (const item of items) {
    if (seen.has(item.id)) throw invalidRequest(`request id '${item.id}' is used twice`, '$batch')
    const last = out[out.length - 1]
    const lastGroup = last?.[0]?.group
    const joins = item.group !== undefined && lastGroup === item.group
    if (!joins && lastGroup !== undefined) closed.add(lastGroup)
    for (const dep of item.dependsOn) {
      if (!seen.has(dep) && !closed.has(dep)) {
        throw invalidRequest(
          `request '${item.id}' depends on '${dep}', which does not come before it`,
          '$batch',
        )
      }
    }
    seen.add(item.id)
    if (joins && last !== undefined) {
      last.push(item)
    } else {
      if (item.group !== undefined && closed.has(item.group)) {
        throw invalidRequest(
          `the requests of atomicity group '${item.group}' must be adjacent`,
          '$batch',
        )
      }
      out.push([item])
    }
  }
  return out
}

/**
 * Runs the items of a batch in order. A lone request runs on its own; the requests of one
 * atomicity group (a changeset) run inside one kernel transaction: when any of them fails, the
 * transaction rolls back, so none of its writes remain, and the group answers with the failing
 * response (other members: 424). Without `Prefer: odata.continue-on-error` the batch stops after
 * the first failed unit. A request whose `dependsOn` failed is not run (424). `$<id>` at the
 * start of a URL refers to the entity an earlier request of the batch created.
 */
export async function runBatch(
  items: readonly BatchItem[],
  benv: BatchEnvironment,
  version: '4.0' | '4.01',
  continueOnError: boolean,
): Promise<BatchUnit[]> {
  const refs = new Map<string, string>()
  const failed = new Set<string>()
  const outcome: BatchUnit[] = []
  const run = async (item: BatchItem, port: ODataDataPort): Promise<BatchResult> => {
    const broken = item.dependsOn.find((dep) => failed.has(dep))
    if (broken !== undefined) return failedDependency(item.id, `'${broken}' failed`, version)
    let raw: RawODataRequest
    try {
      raw = {
        ...resolveUrl(item.url, benv.basePath, refs),
        method: item.method,
        headers: item.headers,
        body: item.body,
      }
    } catch (error) {
      return resultOf(item.id, errorResponse(error, version))
    }
    const result = resultOf(item.id, await handleODataRequest(raw, { ...benv.env, port }))
    const location = result.headers['location']
    if (location?.startsWith(`${benv.env.root}/`) === true) {
      refs.set(item.id, location.slice(benv.env.root.length + 1))
    }
    return result
  }
  for (const unit of units(items, benv.env.limits.maxBatchSize)) {
    const group = unit[0]?.group
    let done: BatchUnit
    if (group === undefined) {
      const result = await run(unit[0] as BatchItem, benv.env.port)
      done = { results: [result], failed: result.status >= 400 }
    } else {
      done = await runGroup(unit, group, benv, version, run)
    }
    if (done.failed) {
      for (const item of unit) failed.add(item.id)
      if (group !== undefined) failed.add(group)
    }
    outcome.push(done)
    if (done.failed && !continueOnError) break
  }
  return outcome
}

async function runGroup(
  unit: readonly BatchItem[],
  group: string,
  benv: BatchEnvironment,
  version: '4.0' | '4.01',
  run: (item: BatchItem, port: ODataDataPort) => Promise<BatchResult>,
): Promise<BatchUnit> {
  const results: BatchResult[] = []
  try {
    if (benv.transactions === undefined) {
      throw new ObjectQLError(
        'NOT_SUPPORTED',
        'atomic changesets need a kernel with transactions (createODataProtocol({ kernel }))',
        { details: { target: group } },
      )
    }
    await benv.transactions(async (port) => {
      for (const item of unit) {
        const result = await run(item, port)
        if (result.status >= 400) throw new GroupFailed(result)
        results.push(result)
      }
    })
    return { group, results, failed: false }
  } catch (error) {
    const failure =
      error instanceof GroupFailed
        ? error.result
        : resultOf(unit[0]?.id ?? group, errorResponse(error, version))
    // Every request of the group answers, in order: the failing one with its error, the
    // others with 424 (their writes were rolled back, or they never ran).
    const answered = unit.map((item) =>
      item.id === failure.id
        ? failure
        : failedDependency(
            item.id,
            `atomicity group '${group}' was rolled back: request '${failure.id}' failed`,
            version,
          ),
    )
    const ordered = answered.some((result) => result === failure)
      ? answered
      : [failure, ...answered]
    return { group, results: ordered, failed: true, failure }
  }
}

/**
 * `POST <root>/$batch`, in the JSON format (OData 4.01, `application/json`, `{ requests }` ->
 * `{ responses }`) or the multipart format (`multipart/mixed` with changesets). See
 * {@link runBatch} for the execution rules.
 */
export async function handleBatch(
  raw: RawODataRequest,
  benv: BatchEnvironment,
  version: '4.0' | '4.01',
): Promise<ODataResponse> {
  const type = (raw.headers['content-type'] ?? '').toLowerCase()
  const prefs = preferences(raw.headers['prefer'])
  const continueOnError = ['odata.continue-on-error', 'continue-on-error'].some(
    (name) => prefs.has(name) && prefs.get(name) !== 'false',
  )
  const applied: Record<string, string> = continueOnError
    ? { 'preference-applied': 'odata.continue-on-error' }
    : {}
  if (type.startsWith('application/json')) {
    const units = await runBatch(parseJsonBatch(raw.body), benv, version, continueOnError)
    const responses = formatJsonBatch(units)
    return {
      status: 200,
      headers: {
        'odata-version': version,
        'content-type': 'application/json;charset=utf-8',
        ...applied,
      },
      body: { responses },
    }
  }
  if (type.startsWith('multipart/mixed')) {
    const boundary = boundaryOf(raw.headers['content-type'])
    if (boundary === undefined || typeof raw.body !== 'string')
      throw invalidRequest('a multipart $batch needs a boundary and a body', '$batch')
    const items = parseMultipartBatch(raw.body, boundary, benv.env.limits.maxDepth)
    const { boundary: out, text } = formatMultipartBatch(
      await runBatch(items, benv, version, continueOnError),
    )
    return {
      status: 200,
      headers: {
        'odata-version': version,
        'content-type': `multipart/mixed; boundary=${out}`,
        ...applied,
      },
      text,
    }
  }
  throw statusError(415, '$batch takes application/json or multipart/mixed', 'Content-Type')
}
