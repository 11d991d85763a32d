import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import {
  check,
  describeResponse,
  expectStatus,
  hasContentType,
  jsonBody,
} from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import { expectUnchanged } from './rest-checks.js'
import { withRest } from './rest-session.js'
import { ITEM_FIELDS } from './cross-protocol-records.js'
import { asRecord } from './sample-items.js'

const REST = ['rest'] as const

function item(context: ProtocolAuditContext) {
  return { run: context.runId, name: 'http', qty: 1 }
}

/** The methods of an `Allow` header (RFC 9110 §10.2.1), or undefined when there is none. */
function allowedMethods(response: ProtocolResponse): string[] | undefined {
  const header = response.headers['allow']
  if (header === undefined) return undefined
  return header
    .split(',')
    .map((method) => method.trim())
    .filter((method) => method !== '')
}

/** The OpenAPI document (200, JSON object expected). */
async function openApiDocument(context: ProtocolAuditContext): Promise<Record<string, unknown>> {
  const path = context.paths.openapi
  const response = await context.transport.request({ method: 'GET', path })
  expectStatus(response, 200, `GET ${path}`)
  const document = asRecord(jsonBody(response, `GET ${path}`))
  check(
    document !== undefined,
    `GET ${path}: the document is not a JSON object`,
    describeResponse(response),
  )
  return document
}

/**
 * The Path Item of the audited REST route in the document. Paths are relative to the first
 * server URL (OpenAPI 3.1 §4.8.10), so `/api/data/x` may be listed as `/data/x` under a server
 * `/api`; the item route may name its parameter anything.
 */
function pathItem(
  document: Record<string, unknown>,
  restPath: string,
  item: boolean,
): Record<string, unknown> | undefined {
  const paths = asRecord(document['paths']) ?? {}
  const servers = Array.isArray(document['servers']) ? document['servers'] : []
  const url = asRecord(servers[0])?.['url']
  const serverUrl = typeof url === 'string' ? url : ''
  const serverPath = new URL(serverUrl, 'http://audit.invalid').pathname.replace(/\/+$/, '')
  const bases = [restPath]
  if (serverPath !== '' && restPath.startsWith(serverPath))
    bases.push(restPath.slice(serverPath.length))
  for (const base of bases) {
    const collection = `${base}/${PRT_ITEMS}`
    for (const [key, value] of Object.entries(paths)) {
      const hit = item
        ? key.startsWith(`${collection}/{`) && /^\{[^}/]+\}$/.test(key.slice(collection.length + 1))
        : key === collection
      if (hit) return asRecord(value)
    }
  }
  return undefined
}

/** Follows a local `$ref` (`#/components/...`) once, or returns the value itself. */
function resolveRef(
  document: Record<string, unknown>,
  value: unknown,
): Record<string, unknown> | undefined {
  const record = asRecord(value)
  const ref = record?.['$ref']
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return record
  let node: unknown = document
  for (const part of ref.slice(2).split('/')) {
    node = asRecord(node)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return asRecord(node)
}

/** REST audits of HTTP semantics and the OpenAPI document. */
export const REST_HTTP_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-REST-025',
    level: 'MUST',
    group: 'rest',
    title: 'JSON answers, success and error alike, say Content-Type: application/json',
    cites: 'RFC 9110 §8.3; RFC 8259 §11',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const answers: [string, ProtocolResponse][] = []
        const created = await rest.send('POST', rest.collection(), item(context))
        answers.push(['POST (201)', created])
        const id = rest.recordOf(created, 'POST').id
        answers.push(['GET record (200)', await rest.send('GET', rest.record(id))])
        answers.push(['GET list (200)', await rest.send('GET', rest.listPath())])
        answers.push([
          'GET unknown id (404)',
          await rest.send('GET', rest.record(`${context.runId}-missing`)),
        ])
        answers.push([
          'POST invalid (400)',
          await rest.send('POST', rest.collection(), { run: context.runId }),
        ])
        answers.push([
          'GET OpenAPI document',
          await context.transport.request({ method: 'GET', path: context.paths.openapi }),
        ])
        for (const [what, response] of answers) {
          check(
            hasContentType(response, 'application/json'),
            `${what}: Content-Type is ${response.headers['content-type'] ?? 'missing'}`,
            describeResponse(response),
          )
        }
        return pass(`${answers.length} answers`)
      }),
  },
  {
    id: 'PRT-REST-026',
    level: 'MUST',
    group: 'rest',
    title: 'HEAD answers as GET would, without content',
    cites: 'RFC 9110 §9.1, §9.3.2',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const created = await rest.create(item(context))
        const cases: [string, number][] = [
          [rest.record(created.id), 200],
          [rest.listPath(), 200],
          [rest.record(`${context.runId}-missing`), 404],
        ]
        for (const [path, status] of cases) {
          const response = await rest.send('HEAD', path)
          expectStatus(response, status, `HEAD ${path}`)
          check(response.text === '', `HEAD ${path} sent content`, describeResponse(response))
        }
        return pass()
      }),
  },
  {
    id: 'PRT-REST-027',
    level: 'MUST',
    group: 'rest',
    title: 'the OpenAPI document is OpenAPI 3.1 JSON describing every data route of the objects',
    cites: 'OpenAPI 3.1.0 §4.8.1, §4.8.8, §4.8.9',
    needs: REST,
    run: async (context) => {
      const document = await openApiDocument(context)
      const version = document['openapi']
      check(
        typeof version === 'string' && /^3\.1\.\d+$/.test(version),
        `openapi is ${JSON.stringify(version)}, expected 3.1.x`,
      )
      const info = asRecord(document['info'])
      check(
        typeof info?.['title'] === 'string' && typeof info['version'] === 'string',
        'info needs a title and a version',
        info,
      )
      const collection = pathItem(document, context.paths.rest, false)
      const record = pathItem(document, context.paths.rest, true)
      check(
        collection !== undefined,
        `paths has no ${context.paths.rest}/${PRT_ITEMS}`,
        Object.keys(asRecord(document['paths']) ?? {}),
      )
      check(
        record !== undefined,
        `paths has no ${context.paths.rest}/${PRT_ITEMS}/{id}`,
        Object.keys(asRecord(document['paths']) ?? {}),
      )
      const missing = [
        ...['get', 'post']
          .filter((method) => asRecord(collection[method]) === undefined)
          .map((m) => `${m} collection`),
        ...['get', 'patch', 'put', 'delete']
          .filter((method) => asRecord(record[method]) === undefined)
          .map((m) => `${m} record`),
      ]
      check(missing.length === 0, `the document lacks operations: ${missing.join(', ')}`)
      return pass()
    },
  },
  {
    id: 'PRT-REST-028',
    level: 'SHOULD',
    group: 'rest',
    title: 'the document declares every field of the object and the statuses the routes answer',
    cites: 'OpenAPI 3.1.0 §4.8.14, §4.8.16, §4.8.24',
    needs: REST,
    run: async (context) => {
      const document = await openApiDocument(context)
      const collection = pathItem(document, context.paths.rest, false) ?? {}
      const record = pathItem(document, context.paths.rest, true) ?? {}
      const responses = (operation: unknown) => asRecord(asRecord(operation)?.['responses']) ?? {}
      const create = responses(collection['post'])
      const read = responses(record['get'])
      const statuses = [
        ['201', create, 'POST'],
        ['400', create, 'POST'],
        ['404', read, 'GET record'],
      ] as const
      for (const [status, declared, what] of statuses) {
        check(
          declared[status] !== undefined,
          `${what} does not declare ${status}`,
          Object.keys(declared),
        )
      }
      const ok = resolveRef(document, read['200'])
      const media = asRecord(asRecord(ok?.['content'])?.['application/json'])
      const schema = resolveRef(document, media?.['schema'])
      const properties = asRecord(schema?.['properties']) ?? {}
      const undeclared = ITEM_FIELDS.filter((field) => properties[field] === undefined)
      check(
        undeclared.length === 0,
        `the record schema lacks ${undeclared.join(', ')}`,
        Object.keys(properties),
      )
      return pass()
    },
  },
  {
    id: 'PRT-REST-029',
    level: 'MUST',
    group: 'rest',
    title: 'a method a record path does not support is 405 with an Allow header; nothing changes',
    cites: 'RFC 9110 §15.5.6, §10.2.1',
    needs: REST,
    run: (context) =>
      withRest(context, async (rest) => {
        const created = await rest.create(item(context))
        const path = rest.record(created.id)
        // POST creates in the collection; on a record it is no operation of the protocol.
        const response = await rest.send('POST', path, { ...item(context), name: 'posted' })
        expectStatus(response, 405, `POST ${path}`)
        const allow = allowedMethods(response)
        check(
          allow !== undefined,
          'a 405 answer must say which methods the resource supports (Allow)',
          describeResponse(response),
        )
        check(
          allow.includes('GET') && !allow.includes('POST'),
          `Allow of a record must list GET and not the refused POST, got '${response.headers['allow'] ?? ''}'`,
          describeResponse(response),
        )
        await expectUnchanged(rest, created.id, item(context), 'POST on the record')
        const stored = await rest.readBack()
        check(stored.length === 1, `the refused POST stored ${stored.length - 1} more record(s)`, {
          stored,
        })
        return pass()
      }),
  },
]
