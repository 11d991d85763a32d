import { normalizeQuery } from '../../kernel/spec/query-normalizer.js'
import type { TimedScenario } from '../scenario.js'
import { BENCH_OBJECT } from './scenario-fixtures.js'

/** A typical list query in the current QueryAST shape. */
const CANONICAL_INPUT = {
  where: {
    $and: [
      { status: { $in: ['open', 'blocked'] } },
      { priority: { $gte: 2 } },
      { owner: 'user-7' },
    ],
  },
  orderBy: [{ field: 'score', order: 'desc' }],
  fields: ['title', 'score', 'status'],
  limit: 20,
  offset: 40,
}

/** The same query in the legacy shapes upstream still accepts (filter array, sort string, top/skip). */
const LEGACY_INPUT = {
  filters: [
    ['status', 'in', ['open', 'blocked']],
    'and',
    ['priority', '>=', 2],
    'and',
    ['owner', '=', 'user-7'],
  ],
  sort: '-score',
  select: ['title', 'score', 'status'],
  top: 20,
  skip: 40,
}

function normalizerScenario(name: string, title: string, input: object): TimedScenario {
  return {
    name: `normalizer/${name}`,
    group: 'normalizer',
    kind: 'in-process',
    title: `normalize ${title} vs JSON deep copy`,
    description:
      `normalizeQuery of a ${title} (filter of three leaves, sort, projection, paging) into the ` +
      'frozen canonical AST, against a JSON round-trip copy of the same input.',
    async setup() {
      // Fails here, loudly, if the input stopped being accepted.
      normalizeQuery(input, BENCH_OBJECT, 'find')
      return {
        task: () => normalizeQuery(input, BENCH_OBJECT, 'find'),
        reference: () => JSON.parse(JSON.stringify(input)) as unknown,
      }
    },
  }
}

/** The cost of the kernel's door: normalizing each query once. */
export const NORMALIZER_SCENARIOS: readonly TimedScenario[] = [
  normalizerScenario('canonical-query', 'canonical query', CANONICAL_INPUT),
  normalizerScenario('legacy-query', 'legacy query', LEGACY_INPUT),
]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const NORMALIZER_SCENARIO_MODULE: string = import.meta.url
