import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { check, describeResponse, expectStatus, hasContentType } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import {
  GQL_NAMES,
  checkRequestError,
  gqlGet,
  gqlListItems,
  gqlPost,
  gqlRemover,
} from './graphql-client.js'

const GRAPHQL_RESPONSE = 'application/graphql-response+json'
const JSON_TYPE = 'application/json'
const NEEDS = ['graphql'] as const

/** How GraphQL is served over HTTP: methods, media types, status codes (GraphQL over HTTP). */
export const GRAPHQL_HTTP_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-GQL-001',
    level: 'MUST',
    group: 'graphql',
    title: 'A POST with an application/json body runs the query and answers 200 with data',
    cites: 'GraphQL over HTTP §4.4, §5.1, §5.4.1',
    needs: NEEDS,
    async run(ctx) {
      const reply = await gqlPost(ctx, '{ __typename }', undefined, JSON_TYPE)
      expectStatus(reply.response, 200, 'POST { __typename }')
      check(
        hasContentType(reply.response, JSON_TYPE),
        'the response must say its media type (application/json was accepted)',
        describeResponse(reply.response),
      )
      const data = reply.body?.data as Record<string, unknown> | undefined
      check(
        data?.['__typename'] === 'Query' && reply.body?.errors === undefined,
        "expected { data: { __typename: 'Query' } } without errors",
        describeResponse(reply.response),
      )
      return pass()
    },
  },
  {
    id: 'PRT-GQL-002',
    level: 'MUST',
    group: 'graphql',
    title: 'The response media type follows Accept (graphql-response+json or json)',
    cites: 'GraphQL over HTTP §5.1',
    needs: NEEDS,
    async run(ctx) {
      for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
        const reply = await gqlPost(ctx, '{ __typename }', undefined, accept)
        expectStatus(reply.response, 200, `POST with Accept: ${accept}`)
        check(
          hasContentType(reply.response, accept),
          `Accept: ${accept} must be answered as ${accept}`,
          describeResponse(reply.response),
        )
      }
      return pass()
    },
  },
  {
    id: 'PRT-GQL-003',
    level: 'MAY',
    group: 'graphql',
    title: 'A GET with the query in the URL runs a query operation',
    cites: 'GraphQL over HTTP §4, §4.3',
    needs: NEEDS,
    async run(ctx) {
      const reply = await gqlGet(ctx, 'query ($n: Boolean!) { __typename @include(if: $n) }', {
        n: true,
      })
      expectStatus(reply.response, 200, 'GET ?query={ __typename }')
      const data = reply.body?.data as Record<string, unknown> | undefined
      check(data?.['__typename'] === 'Query', "expected { data: { __typename: 'Query' } }", {
        response: describeResponse(reply.response),
      })
      return pass()
    },
  },
  {
    id: 'PRT-GQL-004',
    level: 'MUST',
    group: 'graphql',
    title: 'A mutation sent with GET is refused with 405 and not executed',
    cites: 'GraphQL over HTTP §4.3',
    needs: NEEDS,
    async run(ctx) {
      return withCleanup(gqlRemover(ctx), async (tracker) => {
        const mutation = `mutation { ${GQL_NAMES.create}(input: { name: "via GET", run: ${JSON.stringify(ctx.runId)} }) { id } }`
        const reply = await gqlGet(ctx, mutation)
        const leaked = await gqlListItems(ctx, {}, 'id')
        for (const item of leaked) tracker.add(PRT_ITEMS, String(item['id']))
        expectStatus(reply.response, 405, 'GET with a mutation')
        check(leaked.length === 0, 'the mutation sent with GET was executed', {
          created: leaked,
        })
        return pass()
      })
    },
  },
  {
    id: 'PRT-GQL-005',
    level: 'SHOULD',
    group: 'graphql',
    title: 'An Accept header naming no supported media type is answered 406',
    cites: 'GraphQL over HTTP §5.1',
    needs: NEEDS,
    async run(ctx) {
      const reply = await gqlPost(ctx, '{ __typename }', undefined, 'text/html')
      expectStatus(reply.response, 406, 'POST with Accept: text/html')
      return pass()
    },
  },
  {
    id: 'PRT-GQL-006',
    level: 'MUST',
    group: 'graphql',
    title: 'A document that does not parse gets errors, no data, and a 4xx status',
    cites: 'GraphQL §7.1, §7.1.1; GraphQL over HTTP §5.4.2',
    needs: NEEDS,
    async run(ctx) {
      const reply = await gqlPost(ctx, `{ ${GQL_NAMES.list} { id `, undefined, GRAPHQL_RESPONSE)
      checkRequestError(reply, 'a syntax error')
      return pass()
    },
  },
  {
    id: 'PRT-GQL-007',
    level: 'MUST',
    group: 'graphql',
    title: 'Selecting an unknown field is a validation error with locations, no data, and 4xx',
    cites: 'GraphQL §5.3.1, §7.1.2; GraphQL over HTTP §5.4.2',
    needs: NEEDS,
    async run(ctx) {
      const query = `{ ${GQL_NAMES.list}(limit: 1) { id noSuchField } }`
      const reply = await gqlPost(ctx, query, undefined, GRAPHQL_RESPONSE)
      const errors = checkRequestError(reply, 'an unknown field')
      check(
        errors.some((error) => Array.isArray(error['locations'])),
        'a validation error names where in the document it is (locations)',
        describeResponse(reply.response),
      )
      return pass()
    },
  },
  {
    id: 'PRT-GQL-008',
    level: 'SHOULD',
    group: 'graphql',
    title: 'Under application/json, a document that fails validation is answered 200',
    cites: 'GraphQL over HTTP §5.4.1',
    needs: NEEDS,
    async run(ctx) {
      const reply = await gqlPost(ctx, '{ noSuchRootField }', undefined, JSON_TYPE)
      expectStatus(reply.response, 200, 'a validation error as application/json')
      check(
        hasContentType(reply.response, JSON_TYPE) && Array.isArray(reply.body?.errors),
        'expected an application/json body with errors',
        describeResponse(reply.response),
      )
      return pass()
    },
  },
  {
    id: 'PRT-GQL-009',
    level: 'SHOULD',
    group: 'graphql',
    title: 'A request that is not well-formed (bad JSON, no query, variables not a map) is 400',
    cites: 'GraphQL over HTTP §4.1, §5.4.1, §5.4.2',
    needs: NEEDS,
    async run(ctx) {
      const bodies = [
        '{"query": ',
        '{"qeury": "{ __typename }"}',
        '{"query": "{ __typename }", "variables": [7]}',
      ]
      for (const body of bodies) {
        const response = await ctx.transport.request({
          method: 'POST',
          path: ctx.paths.graphql,
          headers: { 'content-type': JSON_TYPE, accept: GRAPHQL_RESPONSE },
          body,
        })
        check(response.status === 400, `the body ${body} must be answered 400`, {
          body,
          response: describeResponse(response),
        })
      }
      return pass()
    },
  },
]
