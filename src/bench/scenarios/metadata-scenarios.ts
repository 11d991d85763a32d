import { MetadataRegistry } from '../../kernel/metadata/metadata-registry.js'
import type { TimedScenario } from '../scenario.js'
import { cycle } from './scenario-fixtures.js'

function registryOf(size: number): MetadataRegistry {
  const registry = new MetadataRegistry()
  for (let i = 0; i < size; i++) {
    registry.register('object', `object_${i}`, { name: `object_${i}`, fields: {} }, `pkg_${i % 50}`)
  }
  return registry
}

/** `count` names spread evenly over a registry of `size` items. */
function spreadNames(size: number, count: number): string[] {
  const step = size / count
  return Array.from({ length: count }, (_, i) => `object_${Math.floor(i * step)}`)
}

/**
 * The working set a kernel really reads: the objects it serves, looked up again and again. The
 * same 100 names exist in both registries, so the ratio shows how `get` scales with the number
 * of OTHER items: 1.0 for a hash lookup, about 100 for a scan.
 */
const HOT_NAMES = Array.from({ length: 100 }, (_, i) => `object_${i * 10}`)

const metadataGet: TimedScenario = {
  name: 'metadata/get-100k-vs-1k',
  group: 'metadata',
  kind: 'in-process',
  title: 'metadata.get at 100,000 items vs 1,000',
  description:
    'MetadataRegistry.get of the same 100 names in a registry of 100,000 items, against a ' +
    'registry of 1,000 items (how lookup cost scales with the other items).',
  target: { max: 1.5, label: 'flat from 1,000 to 100,000 items (foundation issue)' },
  async setup() {
    const large = registryOf(100_000)
    const small = registryOf(1_000)
    const nextLarge = cycle(HOT_NAMES)
    const nextSmall = cycle(HOT_NAMES)
    return {
      task: () => large.get('object', nextLarge()),
      reference: () => small.get('object', nextSmall()),
    }
  },
}

/**
 * Information only: 1,000 different names spread over each registry. Every lookup then touches
 * memory no other lookup did, so at 100,000 items the CPU caches miss (a property of the
 * hardware and V8's hash table, not of the registry's algorithm).
 */
const metadataGetSpread: TimedScenario = {
  name: 'metadata/get-spread-100k-vs-1k',
  group: 'metadata',
  kind: 'in-process',
  title: 'metadata.get, 1,000 spread names, 100k vs 1k (cache-cold)',
  description:
    'MetadataRegistry.get cycling through 1,000 names spread over a registry of 100,000 items, ' +
    'against all 1,000 names of a registry of 1,000 (includes CPU cache misses; no target).',
  async setup() {
    const large = registryOf(100_000)
    const small = registryOf(1_000)
    const nextLarge = cycle(spreadNames(100_000, 1000))
    const nextSmall = cycle(spreadNames(1_000, 1000))
    return {
      task: () => large.get('object', nextLarge()),
      reference: () => small.get('object', nextSmall()),
    }
  },
}

/** Metadata lookup cost. */
export const METADATA_SCENARIOS: readonly TimedScenario[] = [metadataGet, metadataGetSpread]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const METADATA_SCENARIO_MODULE: string = import.meta.url
