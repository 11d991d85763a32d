import { ObjectQLError } from '../../kernel/errors.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { Query } from 'mingo'
import type { ScenarioSkip, TimedScenario } from '../scenario.js'
import { BENCH_OBJECT, benchRecords } from './scenario-fixtures.js'

const RECORDS = 10_000
const SCHEMA = querySchemaFor(BENCH_OBJECT)

/** A canonical filter of three leaves: a range, a set and a substring (about 13% match). */
const WHERE: FilterCondition = {
  $and: [
    { priority: { $gte: 2 } },
    { status: { $in: ['open', 'blocked'] } },
    { title: { $contains: '7' } },
  ],
}

/** The same filter written by hand, with the spec's null rules (a missing value never matches). */
function handWritten(record: DataRecord): boolean {
  const { priority, status, title } = record
  return (
    typeof priority === 'number' &&
    priority >= 2 &&
    (status === 'open' || status === 'blocked') &&
    typeof title === 'string' &&
    title.includes('7')
  )
}

/** The same filter in MongoDB syntax for mingo (`$contains` of a literal is an unanchored regex). */
const MINGO_CRITERIA = {
  priority: { $gte: 2 },
  status: { $in: ['open', 'blocked'] },
  title: { $regex: /7/ },
}

/** Compile (a cached shape binds new values) and evaluate, as the memory driver does per query. */
function compiledFind(records: readonly DataRecord[]): DataRecord[] {
  return records.filter(compileFilter(WHERE, SCHEMA.fields, SCHEMA))
}

/** Fails loudly when two implementations disagree: a fast wrong answer is not a benchmark. */
function assertSameCount(what: string, expected: number, actual: number): void {
  if (expected !== actual || expected === 0) {
    throw new ObjectQLError(
      'INTERNAL_ERROR',
      `filter scenario: ${what} matched ${actual} records, the compiled filter ${expected}`,
    )
  }
}

const compiledVsHandWritten: TimedScenario = {
  name: 'filter/compiled-vs-handwritten',
  group: 'filter',
  kind: 'in-process',
  title: 'compiled filter vs hand-written predicate (10k records)',
  description:
    'compileFilter (cached shape, new values) plus Array.filter over 10,000 records with ' +
    '$gte, $in and $contains, against a hand-written JavaScript predicate.',
  target: { max: 3, label: 'within 3x of a hand-written predicate (foundation issue)' },
  async setup() {
    const records = benchRecords(RECORDS)
    assertSameCount(
      'the hand-written predicate',
      compiledFind(records).length,
      records.filter(handWritten).length,
    )
    return {
      task: () => compiledFind(records),
      reference: () => records.filter(handWritten),
    }
  },
}

/** mingo is a dev dependency: loaded on demand, and the scenario skips when it is absent. */
async function loadMingo(): Promise<typeof Query | ScenarioSkip> {
  try {
    return (await import('mingo')).Query
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { skip: `mingo is not installed (npm install --save-dev mingo): ${reason}` }
  }
}

const compiledVsMingo: TimedScenario = {
  name: 'filter/compiled-vs-mingo',
  group: 'filter',
  kind: 'in-process',
  title: 'compiled filter vs mingo (10k records)',
  description:
    'The same compiled filter against mingo Query.find().all() with the equivalent MongoDB ' +
    'criteria over the same 10,000 records (mingo compiles its query per call too).',
  target: { max: 0.1, label: 'at least 10x faster than mingo (foundation issue)' },
  async setup() {
    const Query = await loadMingo()
    if (!(typeof Query === 'function')) return Query
    const records = benchRecords(RECORDS)
    const mingoFind = (): unknown[] => new Query(MINGO_CRITERIA).find(records).all()
    assertSameCount('mingo', compiledFind(records).length, mingoFind().length)
    return { task: () => compiledFind(records), reference: mingoFind }
  },
}

/** The in-process filter engine against a hand-written predicate and against mingo. */
export const FILTER_SCENARIOS: readonly TimedScenario[] = [compiledVsHandWritten, compiledVsMingo]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const FILTER_SCENARIO_MODULE: string = import.meta.url
