import { pass } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { AuditFailure, describeResponse } from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { ItemSeed } from './cross-protocol-records.js'
import { checkErrorResponse, odataRequest, resourcePath, withOptions } from './odata-client.js'
import {
  greaterThan,
  isProperRefusal,
  lessThan,
  runCase,
  withFilterSeeds,
} from './odata-filter-cases.js'
import type { FilterCase } from './odata-filter-cases.js'

const NEEDS = ['odata'] as const

const notes = (seed: ItemSeed): string | null => seed.notes ?? null

/**
 * Expressions well-formed by the OData ABNF that a service may or may not implement: operators,
 * canonical functions, comparisons of two properties, three-valued logic. Each must be answered
 * exactly or refused, never answered wrongly.
 */
const BATTERY: readonly FilterCase[] = [
  { filter: "tolower(name) eq 'beta'", expect: (s) => s.name.toLowerCase() === 'beta' },
  { filter: "toupper(notes) eq 'BLUE'", expect: (s) => notes(s)?.toUpperCase() === 'BLUE' },
  { filter: 'length(name) eq 5', expect: (s) => s.name.length === 5 },
  { filter: "indexof(name,'a') eq 1", expect: (s) => s.name.indexOf('a') === 1 },
  { filter: "substring(name,1) eq 'eta'", expect: (s) => s.name.slice(1) === 'eta' },
  { filter: "concat(name,'!') eq 'alpha!'", expect: (s) => `${s.name}!` === 'alpha!' },
  { filter: 'trim(name) eq name', expect: (s) => s.name.trim() === s.name },
  { filter: 'qty eq price', expect: (s) => s.qty != null && s.qty === s.price },
  { filter: 'qty add 1 gt 4', expect: (s) => s.qty != null && s.qty + 1 > 4 },
  { filter: 'qty mul 2 eq 6', expect: (s) => s.qty != null && s.qty * 2 === 6 },
  { filter: 'qty div 2 eq 4', expect: (s) => s.qty != null && s.qty / 2 === 4 },
  { filter: 'qty mod 2 eq 1', expect: (s) => s.qty != null && s.qty % 2 === 1 },
  { filter: '-qty lt -4', expect: (s) => greaterThan(s.qty, 4) },
  { filter: 'round(price) eq 3', expect: (s) => s.price != null && Math.round(s.price) === 3 },
  { filter: 'year(due) eq 2024', expect: (s) => s.due?.startsWith('2024-') === true },
  { filter: 'month(due) eq 2', expect: (s) => s.due?.slice(5, 7) === '02' },
  {
    filter: "not contains(notes,'pp')",
    expect: (s) => notes(s) !== null && !(notes(s) as string).includes('pp'),
  },
  { filter: 'notes eq null or qty eq null', expect: (s) => notes(s) === null || s.qty == null },
  {
    filter: "status eq 'open' and (qty lt 2 or qty gt 7)",
    expect: (s) => s.status === 'open' && (lessThan(s.qty, 2) || greaterThan(s.qty, 7)),
  },
  {
    filter: "endswith(name,'a') and not startswith(name,'g')",
    expect: (s) => s.name.endsWith('a') && !s.name.startsWith('g'),
  },
]

/** Requests no OData service can answer with data: each must be a 4xx/501 OData error. */
const INVALID: readonly { readonly option: string; readonly value: string }[] = [
  { option: '$filter', value: "nosuchfunction(name) eq 'x'" },
  { option: '$filter', value: 'nosuchproperty eq 1' },
  { option: '$filter', value: 'name eq' },
  { option: '$filter', value: "name eq 'unterminated" },
  { option: '$orderby', value: 'nosuchproperty desc' },
  { option: '$select', value: 'nosuchproperty' },
]

/** Whatever a service does not implement, it refuses; it never answers wrongly. */
export const ODATA_FILTER_STRICT_AUDITS: readonly ProtocolAudit[] = [
  {
    id: 'PRT-ODATA-017',
    level: 'MUST',
    group: 'odata',
    title: 'Every filter expression is answered exactly or refused with 4xx/501, never wrongly',
    cites: 'OData v4.01 Part 1 §9.3.1, §13.1.1 (7), §13.1.2 (7.3, 7.4)',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        const refused: string[] = []
        for (const testCase of BATTERY) {
          const result = await runCase(ctx, seeded, testCase)
          if (result.kind === 'wrong') {
            throw new AuditFailure(
              `$filter=${testCase.filter} answered 200 with the wrong records`,
              {
                filter: testCase.filter,
                expected: result.expected,
                got: result.got,
              },
            )
          }
          if (result.kind === 'refused') {
            if (!isProperRefusal(result.response)) {
              throw new AuditFailure(
                `$filter=${testCase.filter}: a refusal must be 4xx or 501 with an OData error body`,
                { filter: testCase.filter, response: describeResponse(result.response) },
              )
            }
            refused.push(testCase.filter)
          }
        }
        return pass(
          `${BATTERY.length - refused.length} of ${BATTERY.length} answered` +
            (refused.length === 0 ? '' : `; refused: ${refused.join(' | ')}`),
        )
      })
    },
  },
  {
    id: 'PRT-ODATA-018',
    level: 'MUST',
    group: 'odata',
    title: 'Unknown functions, unknown properties and malformed options are 4xx/501 OData errors',
    cites: 'OData v4.01 Part 1 §9.3.1, §13.1.1 (7); JSON Format v4.01 §21.1',
    needs: NEEDS,
    async run(ctx) {
      for (const { option, value } of INVALID) {
        const path = withOptions(resourcePath(ctx, PRT_ITEMS), { [option]: value })
        const response = await odataRequest(ctx, 'GET', path)
        checkErrorResponse(response, `${option}=${value}`)
        if (!isProperRefusal(response)) {
          throw new AuditFailure(
            `${option}=${value}: expected 4xx or 501, got ${response.status}`,
            {
              response: describeResponse(response),
            },
          )
        }
      }
      return pass()
    },
  },
]
