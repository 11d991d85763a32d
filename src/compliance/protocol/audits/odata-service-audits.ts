import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check, describeResponse, expectStatus, hasContentType } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import {
  createEntity,
  entityPath,
  jsonObject,
  odataRemover,
  odataRequest,
  resourcePath,
  rowsOf,
  stringLiteral,
  withOptions,
} from './odata-client.js'
import { csdlEntitySets, csdlEntityType, fetchMetadata } from './odata-metadata.js'

const NEEDS = ['odata'] as const
const VERSIONS = ['4.0', '4.01']
const NUMERIC = new Set([
  'Edm.Double',
  'Edm.Decimal',
  'Edm.Single',
  'Edm.Int16',
  'Edm.Int32',
  'Edm.Int64',
])

/** The fixture's properties and the EDM types they may have. */
const EXPECTED_TYPES: Readonly<Record<string, (type: string) => boolean>> = {
  name: (type) => type === 'Edm.String',
  run: (type) => type === 'Edm.String',
  qty: (type) => NUMERIC.has(type),
  price: (type) => NUMERIC.has(type),
  active: (type) => type === 'Edm.Boolean',
  due: (type) => type === 'Edm.Date',
  notes: (type) => type === 'Edm.String',
}

/** Service document, `$metadata`, versioning and the JSON format of payloads. */
export const ODATA_SERVICE_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-001',
    level: 'MUST',
    group: 'odata',
    title: 'The service document lists the fixture entity sets with name, kind and url',
    cites: 'OData v4.01 Part 1 §11.1.1; JSON Format v4.01 §5',
    needs: NEEDS,
    async run(ctx) {
      const response = await odataRequest(ctx, 'GET', `${ctx.paths.odata}/`)
      expectStatus(response, 200, 'GET the service root')
      const body = jsonObject(response, 'the service document')
      check(
        typeof body['@odata.context'] === 'string' && body['@odata.context'].endsWith('$metadata'),
        "the service document's context URL is the metadata document URL",
        { context: body['@odata.context'] },
      )
      const sets = rowsOf(body, 'the service document')
      for (const name of [PRT_ITEMS, PRT_OWNERS]) {
        const entry = sets.find((set) => set['name'] === name)
        check(
          entry !== undefined &&
            typeof entry['url'] === 'string' &&
            (entry['kind'] === undefined || entry['kind'] === 'EntitySet'),
          `the service document must list the entity set '${name}'`,
          { value: sets },
        )
      }
      return pass()
    },
  },
  {
    id: 'PRT-ODATA-002',
    level: 'SHOULD',
    group: 'odata',
    title: '$metadata is a CSDL XML document describing the prt_items entity type and set',
    cites: 'OData v4.01 Part 1 §11.1.2, §13.1.1 (13); CSDL XML v4.01',
    needs: NEEDS,
    async run(ctx) {
      const xml = await fetchMetadata(ctx)
      const root = /<([\w-]+:)?Edmx\b([^>]*)>/.exec(xml)
      check(
        root !== null &&
          /Version="4\.01?"/.test(root[2] ?? '') &&
          (root[2] ?? '').includes('http://docs.oasis-open.org/odata/ns/edmx'),
        'the root element must be edmx:Edmx of version 4.0 or 4.01',
        { start: xml.slice(0, 300) },
      )
      const type = csdlEntityType(xml, PRT_ITEMS)
      check(type !== undefined, `no EntityType named ${PRT_ITEMS}`, { start: xml.slice(0, 300) })
      check(type.keys.length === 1, `${PRT_ITEMS} must have a single-property key`, {
        keys: type.keys,
      })
      for (const [name, accepts] of Object.entries(EXPECTED_TYPES)) {
        const property = type.properties.get(name)
        check(
          property !== undefined && accepts(property.type),
          `property '${name}' is missing or has an unexpected type`,
          { property: name, declared: property?.type },
        )
      }
      const sets = csdlEntitySets(xml)
      check(
        (sets.get(PRT_ITEMS) ?? '').endsWith(`.${PRT_ITEMS}`),
        `no EntitySet ${PRT_ITEMS} of the ${PRT_ITEMS} entity type`,
        { sets: Object.fromEntries(sets) },
      )
      return pass()
    },
  },
  {
    id: 'PRT-ODATA-003',
    level: 'MUST',
    group: 'odata',
    title: 'Every response carries OData-Version 4.0 or 4.01, errors included',
    cites: 'OData v4.01 Part 1 §8.1.5',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const entity = await createEntity(ctx, tracker, PRT_ITEMS, { name: 'v', run: ctx.runId })
        const id = entity['id'] as string
        const filter = { $filter: `run eq ${stringLiteral(ctx.runId)}` }
        const paths = [
          `${ctx.paths.odata}/`,
          resourcePath(ctx, '$metadata'),
          withOptions(resourcePath(ctx, PRT_ITEMS), filter),
          withOptions(resourcePath(ctx, `${PRT_ITEMS}/$count`), filter),
          entityPath(ctx, PRT_ITEMS, id),
          entityPath(ctx, PRT_ITEMS, `${ctx.runId}-missing`),
        ]
        for (const path of paths) {
          const response = await odataRequest(ctx, 'GET', path, undefined, { accept: '*/*' })
          const version = response.headers['odata-version']
          check(
            version !== undefined && VERSIONS.includes(version.trim()),
            `GET ${path}: OData-Version must be 4.0 or 4.01, got ${String(version)}`,
            describeResponse(response),
          )
        }
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-004',
    level: 'MUST',
    group: 'odata',
    title: 'OData-MaxVersion: 4.0 gets a response in OData-Version 4.0',
    cites: 'OData v4.01 Part 1 §8.2.7, §5.1',
    needs: NEEDS,
    async run(ctx) {
      const path = withOptions(resourcePath(ctx, PRT_ITEMS), {
        $filter: `run eq ${stringLiteral(ctx.runId)}`,
      })
      const response = await odataRequest(ctx, 'GET', path, undefined, {
        'odata-maxversion': '4.0',
      })
      expectStatus(response, 200, 'GET with OData-MaxVersion: 4.0')
      check(
        response.headers['odata-version']?.trim() === '4.0',
        'the response must be OData-Version 4.0',
        describeResponse(response),
      )
      return pass()
    },
  },
  {
    id: 'PRT-ODATA-005',
    level: 'MUST',
    group: 'odata',
    title: 'A collection is JSON with a value array and an @odata.context naming the set',
    cites: 'OData v4.01 Part 1 §10.2; JSON Format v4.01 §4.5.1, §13',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const entity = await createEntity(ctx, tracker, PRT_ITEMS, { name: 'c', run: ctx.runId })
        const path = withOptions(resourcePath(ctx, PRT_ITEMS), {
          $filter: `run eq ${stringLiteral(ctx.runId)}`,
        })
        const response = await odataRequest(ctx, 'GET', path, undefined, {
          accept: 'application/json;odata.metadata=minimal',
        })
        expectStatus(response, 200, `GET ${path}`)
        check(hasContentType(response, 'application/json'), 'expected application/json', {
          contentType: response.headers['content-type'],
        })
        const body = jsonObject(response, `GET ${path}`)
        const context = body['@odata.context']
        check(
          typeof context === 'string' && context.includes(`$metadata#${PRT_ITEMS}`),
          `@odata.context must be the metadata URL with #${PRT_ITEMS}`,
          { context },
        )
        const rows = rowsOf(body, `GET ${path}`)
        check(
          rows.length === 1 && rows[0]?.['id'] === entity['id'],
          'value must hold the one entity of the run',
          { rows },
        )
        return pass()
      })
    },
  },
  {
    id: 'PRT-ODATA-006',
    level: 'MUST',
    group: 'odata',
    title: 'Primitive values use JSON types: numbers, booleans, Edm.Date as YYYY-MM-DD, null',
    cites: 'JSON Format v4.01 §7.1; OData v4.01 ABNF (dateValue)',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(odataRemover(ctx), async (tracker) => {
        const written = {
          name: 'typed',
          run: ctx.runId,
          qty: 12.5,
          price: 3,
          active: false,
          due: '2024-02-29',
          notes: null,
        }
        const created = await createEntity(ctx, tracker, PRT_ITEMS, written)
        const response = await odataRequest(
          ctx,
          'GET',
          entityPath(ctx, PRT_ITEMS, created['id'] as string),
        )
        expectStatus(response, 200, 'GET the entity')
        const entity = jsonObject(response, 'GET the entity')
        for (const [name, value] of Object.entries(written)) {
          check(
            Object.is(entity[name], value),
            `'${name}' must read back as ${JSON.stringify(value)}, got ${JSON.stringify(entity[name])}`,
            { entity },
          )
        }
        return pass()
      })
    },
  },
]
