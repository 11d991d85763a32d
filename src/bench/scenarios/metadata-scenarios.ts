import { MetadataRegistry } from '../../kernel/metadata/metadata-registry.js'
import type { TimedScenario } from '../scenario.js'
import { cycle } from './scenario-fixtures.js'

/** Names looked up per registry: the same count in both, spread over the whole registry. */
const LOOKUPS = 1000

function registryOf(size: number): { registry: MetadataRegistry; names: string[] } {
  const registry = new MetadataRegistry()
  for (let i = 0; i < size; i++) {
    registry.register('object', `object_${i}`, { name: `object_${i}`, fields: {} }, `pkg_${i % 50}`)
  }
  const step = size / LOOKUPS
  const names = Array.from({ length: LOOKUPS }, (_, i) => `object_${Math.floor(i * step)}`)
  return { registry, names }
}

/** `metadata.get` must stay O(1): 100,000 items cost about what 1,000 do. */
const metadataGet: TimedScenario = {
  name: 'metadata/get-100k-vs-1k',
  group: 'metadata',
  kind: 'in-process',
  title: 'metadata.get at 100,000 items vs 1,000',
  description:
    'MetadataRegistry.get of 1,000 names spread over a registry of 100,000 items, against the ' +
    'same number of lookups in a registry of 1,000.',
  target: { max: 1.5, label: 'flat from 1,000 to 100,000 items (foundation issue)' },
  async setup() {
    const large = registryOf(100_000)
    const small = registryOf(1_000)
    const nextLarge = cycle(large.names)
    const nextSmall = cycle(small.names)
    return {
      task: () => large.registry.get('object', nextLarge()),
      reference: () => small.registry.get('object', nextSmall()),
    }
  },
}

/** Metadata lookup cost. */
export const METADATA_SCENARIOS: readonly TimedScenario[] = [metadataGet]
