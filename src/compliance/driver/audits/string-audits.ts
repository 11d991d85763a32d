import { fail } from '../../common/audit-result.js'
import { firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { checkFilterCases } from '../filter-cases.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview } from '../record-compare.js'

const CASES = [
  { id: 'c1', s: 'Hello World' },
  { id: 'c2', s: 'hello world' },
  { id: 'c3', s: 'HELLO' },
  { id: 'c4', s: null },
]

// Every character that is special in LIKE, GLOB or a regular expression, each next to a record
// that a pattern (rather than literal) reading would wrongly match.
const SPECIALS = [
  { id: 'w01', s: '100% sure' },
  { id: 'w02', s: '100 percent' },
  { id: 'w03', s: 'a_b' },
  { id: 'w04', s: 'axb' },
  { id: 'w05', s: 'back\\slash' },
  { id: 'w06', s: 'backslash' },
  { id: 'w07', s: 'a.b*c' },
  { id: 'w08', s: 'aXbbc' },
  { id: 'w09', s: '[x]^$' },
  { id: 'w10', s: 'x' },
]
const SPECIAL_IDS = SPECIALS.map((record) => record.id)

const EXACT = [
  { id: 'e1', s: 'apple' },
  { id: 'e2', s: 'Apple' },
  { id: 'e3', s: 'apple ' },
  { id: 'e4', s: 'APPLE' },
  { id: 'e5', s: ' apple' },
  { id: 'e6', s: 'äpple' },
]

const UNICODE = [
  { id: 'u1', s: '😀 grin' },
  { id: 'u2', s: 'e\u0301' },
  { id: 'u3', s: '\u00e9' },
  { id: 'u4', s: '日本語テキスト' },
  { id: 'u5', s: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢' },
  { id: 'u6', s: 'Straße' },
  { id: 'u7', s: '👩‍👩‍👧 family' },
]

const EMPTY = [
  { id: 'z1', s: '' },
  { id: 'z2', s: null },
  { id: 'z3' },
  { id: 'z4', s: ' ' },
  { id: 'z5', s: 'x' },
]

/** The DRV-STR audits. */
export const STRING_AUDITS = defineAudits([
  {
    id: 'DRV-STR-001',
    level: 'MUST',
    group: 'filters',
    title: 'string operators are case-sensitive',
    run: (context) =>
      checkFilterCases(context, SCALARS, CASES, [
        { where: { s: { $contains: 'hello' } }, expect: ['c2'] },
        { where: { s: { $contains: 'World' } }, expect: ['c1'] },
        { where: { s: { $contains: 'ELL' } }, expect: ['c3'] },
        { where: { s: { $startsWith: 'H' } }, expect: ['c1', 'c3'] },
        { where: { s: { $startsWith: 'h' } }, expect: ['c2'] },
        { where: { s: { $endsWith: 'LO' } }, expect: ['c3'] },
        { where: { s: { $endsWith: 'world' } }, expect: ['c2'] },
        { where: { s: { $notContains: 'hello' } }, expect: ['c1', 'c3', 'c4'] },
      ]),
  },
  {
    id: 'DRV-STR-002',
    level: 'MUST',
    group: 'filters',
    title: '% _ \\ * . [ ] ^ $ in string operands match themselves',
    run: (context) =>
      checkFilterCases(context, SCALARS, SPECIALS, [
        { where: { s: { $contains: '%' } }, expect: ['w01'] },
        { where: { s: { $contains: '0% s' } }, expect: ['w01'] },
        { where: { s: { $contains: '%%' } }, expect: [] },
        { where: { s: { $startsWith: '%' } }, expect: [] },
        { where: { s: { $contains: 'a_b' } }, expect: ['w03'] },
        { where: { s: { $startsWith: 'a_' } }, expect: ['w03'] },
        { where: { s: { $endsWith: '_b' } }, expect: ['w03'] },
        { where: { s: { $endsWith: '_' } }, expect: [] },
        { where: { s: { $contains: '\\' } }, expect: ['w05'] },
        { where: { s: { $contains: 'k\\s' } }, expect: ['w05'] },
        { where: { s: { $contains: 'a.b*c' } }, expect: ['w07'] },
        { where: { s: { $contains: '.' } }, expect: ['w07'] },
        { where: { s: { $contains: '*' } }, expect: ['w07'] },
        { where: { s: { $contains: '[x]' } }, expect: ['w09'] },
        { where: { s: { $startsWith: '[' } }, expect: ['w09'] },
        { where: { s: { $contains: '^' } }, expect: ['w09'] },
        { where: { s: { $endsWith: '$' } }, expect: ['w09'] },
        { where: { s: { $notContains: '%' } }, expect: SPECIAL_IDS.filter((id) => id !== 'w01') },
      ]),
  },
  {
    id: 'DRV-STR-003',
    level: 'MUST',
    group: 'filters',
    title: '$eq on strings is exact (case, accents, trailing spaces)',
    run: (context) =>
      checkFilterCases(context, SCALARS, EXACT, [
        { where: { s: { $eq: 'apple' } }, expect: ['e1'] },
        { where: { s: { $eq: 'Apple' } }, expect: ['e2'] },
        { where: { s: { $eq: 'apple ' } }, expect: ['e3'] },
        { where: { s: { $eq: 'APPLE' } }, expect: ['e4'] },
        { where: { s: { $eq: 'äpple' } }, expect: ['e6'] },
        { where: { s: { $in: ['APPLE'] } }, expect: ['e4'] },
        { where: { s: { $ne: 'apple' } }, expect: ['e2', 'e3', 'e4', 'e5', 'e6'] },
      ]),
  },
  {
    id: 'DRV-STR-004',
    level: 'MUST',
    group: 'filters',
    title: 'unicode (astral, combining marks) is stored, matched and returned unchanged',
    async run(context) {
      const object = await seedObject(context, SCALARS, UNICODE)
      const stored = await firstFailure(
        UNICODE,
        (record) => `findOne ${record.id}`,
        async (record) => {
          const found = await context.driver.findOne(object, record.id)
          if (found?.['s'] === record.s) return undefined
          return fail(
            `findOne('${record.id}') returned s ${preview(found?.['s'])} for stored ${preview(record.s)}`,
            { minimalCase: { stored: record, returned: found } },
          )
        },
      )
      if (stored.status !== 'pass') return stored
      return checkFilterCases(context, SCALARS, UNICODE, [
        { where: { s: { $eq: 'e\u0301' } }, expect: ['u2'] },
        { where: { s: { $eq: '\u00e9' } }, expect: ['u3'] },
        { where: { s: { $contains: '😀' } }, expect: ['u1'] },
        { where: { s: { $contains: '\u0301' } }, expect: ['u2'] },
        { where: { s: { $startsWith: '日本' } }, expect: ['u4'] },
        { where: { s: { $endsWith: '𝔢' } }, expect: ['u5'] },
        { where: { s: { $contains: 'ß' } }, expect: ['u6'] },
        { where: { s: { $contains: '\u200d👧' } }, expect: ['u7'] },
      ])
    },
  },
  {
    id: 'DRV-STR-005',
    level: 'MUST',
    group: 'filters',
    title: "'' is a value distinct from null",
    async run(context) {
      const outcome = await checkFilterCases(context, SCALARS, EMPTY, [
        { where: { s: { $eq: '' } }, expect: ['z1'] },
        { where: { s: { $in: [''] } }, expect: ['z1'] },
        { where: { s: { $null: true } }, expect: ['z2', 'z3'] },
        { where: { s: { $null: false } }, expect: ['z1', 'z4', 'z5'] },
        { where: { s: { $ne: '' } }, expect: ['z2', 'z3', 'z4', 'z5'] },
      ])
      if (outcome.status !== 'pass') return outcome
      const object = await seedObject(context, SCALARS, [{ id: 'rt', s: '' }])
      const found = await context.driver.findOne(object, 'rt')
      if (found?.['s'] === '') return outcome
      return fail(`'' did not round-trip: findOne returned s ${preview(found?.['s'])}`, {
        minimalCase: { stored: { id: 'rt', s: '' }, returned: found },
      })
    },
  },
])
