import { defineAudits } from '../driver-audit.js'
import { checkFilterCases } from '../filter-cases.js'
import { MULTI } from '../fixtures.js'

// Element equality, not substring or case folding: 'a' is not in ['ab'] nor in ['A'].
const RECORDS = [
  { id: 'a1', tags: ['a', 'b'], choices: ['red'] },
  { id: 'a2', tags: ['b', 'c d'], choices: ['green', 'blue'] },
  { id: 'a3', tags: [] },
  { id: 'a4', tags: null },
  { id: 'a5' },
  { id: 'a6', tags: ['A'] },
  { id: 'a7', tags: ['ab'] },
  { id: 'a8', tags: ['', '😀'] },
]
const ALL = RECORDS.map((record) => record.id)
const without = (...ids: string[]) => ALL.filter((id) => !ids.includes(id))

/** The DRV-ARR audits. */
export const ARRAY_AUDITS = defineAudits([
  {
    id: 'DRV-ARR-001',
    level: 'MUST',
    group: 'filters',
    title: '$contains on a multi-value field matches an element; $notContains is its negation',
    requires: 'arrayFields',
    run: (context) =>
      checkFilterCases(context, MULTI, RECORDS, [
        { where: { tags: { $contains: 'a' } }, expect: ['a1'] },
        { where: { tags: { $contains: 'b' } }, expect: ['a1', 'a2'] },
        { where: { tags: { $contains: 'c d' } }, expect: ['a2'] },
        { where: { tags: { $contains: '' } }, expect: ['a8'] },
        { where: { tags: { $contains: '😀' } }, expect: ['a8'] },
        { where: { choices: { $contains: 'blue' } }, expect: ['a2'] },
        { where: { tags: { $notContains: 'b' } }, expect: without('a1', 'a2') },
        { where: { tags: { $notContains: 'a' } }, expect: without('a1') },
        { where: { $not: { tags: { $contains: 'b' } } }, expect: without('a1', 'a2') },
        { where: { tags: { $null: true } }, expect: ['a4', 'a5'] },
      ]),
  },
])
