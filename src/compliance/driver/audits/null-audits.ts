import { defineAudits } from '../driver-audit.js'
import { checkFilterCases } from '../filter-cases.js'
import { SCALARS } from '../fixtures.js'

/**
 * DRV-NULL: n3 stores explicit nulls and n4 leaves every field missing; the spec treats both the
 * same, so every expected set lists them together.
 */
const RECORDS = [
  { id: 'n1', s: 'open', n: 5 },
  { id: 'n2', s: 'closed', n: 0 },
  { id: 'n3', s: null, n: null, b: null },
  { id: 'n4' },
  { id: 'n5', s: '', n: -1 },
]

/** The DRV-NULL audits. */
export const NULL_AUDITS = defineAudits([
  {
    id: 'DRV-NULL-001',
    level: 'MUST',
    group: 'filters',
    title: '$eq never matches null or missing',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { s: { $eq: 'open' } }, expect: ['n1'] },
        { where: { n: { $eq: 0 } }, expect: ['n2'] },
        { where: { s: { $eq: '' } }, expect: ['n5'] },
        { where: { b: { $eq: false } }, expect: [] },
      ]),
  },
  {
    id: 'DRV-NULL-002',
    level: 'MUST',
    group: 'filters',
    title: '$ne matches null and missing',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { s: { $ne: 'open' } }, expect: ['n2', 'n3', 'n4', 'n5'] },
        { where: { n: { $ne: 5 } }, expect: ['n2', 'n3', 'n4', 'n5'] },
        { where: { b: { $ne: true } }, expect: ['n1', 'n2', 'n3', 'n4', 'n5'] },
      ]),
  },
  {
    id: 'DRV-NULL-003',
    level: 'MUST',
    group: 'filters',
    title: '$nin matches null and missing',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { s: { $nin: ['open'] } }, expect: ['n2', 'n3', 'n4', 'n5'] },
        { where: { n: { $nin: [0, 5] } }, expect: ['n3', 'n4', 'n5'] },
        { where: { s: { $nin: ['open', 'closed', ''] } }, expect: ['n3', 'n4'] },
      ]),
  },
  {
    id: 'DRV-NULL-004',
    level: 'MUST',
    group: 'filters',
    title: '$gt $gte $lt $lte never match null or missing',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { n: { $gt: -100 } }, expect: ['n1', 'n2', 'n5'] },
        { where: { n: { $lt: 100 } }, expect: ['n1', 'n2', 'n5'] },
        { where: { n: { $gte: -1 } }, expect: ['n1', 'n2', 'n5'] },
        { where: { n: { $lte: 0 } }, expect: ['n2', 'n5'] },
        { where: { s: { $gte: '' } }, expect: ['n1', 'n2', 'n5'] },
        { where: { s: { $lt: 'zzz' } }, expect: ['n1', 'n2', 'n5'] },
      ]),
  },
  {
    id: 'DRV-NULL-005',
    level: 'MUST',
    group: 'filters',
    title: '$null: true matches null and missing; $null: false every other value',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { s: { $null: true } }, expect: ['n3', 'n4'] },
        { where: { s: { $null: false } }, expect: ['n1', 'n2', 'n5'] },
        { where: { n: { $null: true } }, expect: ['n3', 'n4'] },
        { where: { n: { $null: false } }, expect: ['n1', 'n2', 'n5'] },
      ]),
  },
  {
    id: 'DRV-NULL-006',
    level: 'MUST',
    group: 'filters',
    title: 'string operators never match null; $notContains does',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { s: { $contains: 'e' } }, expect: ['n1', 'n2'] },
        { where: { s: { $contains: '' } }, expect: ['n1', 'n2', 'n5'] },
        { where: { s: { $startsWith: '' } }, expect: ['n1', 'n2', 'n5'] },
        { where: { s: { $endsWith: 'd' } }, expect: ['n2'] },
        { where: { s: { $notContains: 'e' } }, expect: ['n3', 'n4', 'n5'] },
        { where: { s: { $notContains: '' } }, expect: ['n3', 'n4'] },
      ]),
  },
])
