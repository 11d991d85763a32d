import semver from 'semver'
import { ObjectQLError } from '../errors.js'
import { normalizePlugin } from './plugin-adapter.js'
import { assertUniqueNames } from './plugin.js'
import type { KernelPlugin, PluginInput } from './plugin.js'

// Pre-releases satisfy a range like any other version: a plugin at 2.1.0-rc.1 is a fine match
// for '^2.0.0' when someone deliberately loads it (semver's default would reject it).
const SATISFY_OPTIONS = { includePrerelease: true } as const

function quoteVersion(version: string | undefined): string {
  return version === undefined ? 'no version' : `version ${version}`
}

/** Maps every capability to the plugin that provides it; two providers are `PLUGIN_CONFLICT`. */
function indexCapabilities(plugins: readonly KernelPlugin[]): Map<string, KernelPlugin> {
  const providers = new Map<string, KernelPlugin>()
  for (const plugin of plugins) {
    for (const capability of plugin.provides ?? []) {
      const other = providers.get(capability)
      if (other !== undefined) {
        throw new ObjectQLError(
          'PLUGIN_CONFLICT',
          `plugins '${other.name}' and '${plugin.name}' both provide '${capability}'`,
          { details: { plugins: [other.name, plugin.name], capability } },
        )
      }
      providers.set(capability, plugin)
    }
  }
  return providers
}

function checkConflicts(
  plugins: readonly KernelPlugin[],
  byName: ReadonlyMap<string, KernelPlugin>,
  providers: ReadonlyMap<string, KernelPlugin>,
): void {
  for (const plugin of plugins) {
    for (const conflict of plugin.conflicts ?? []) {
      const named = byName.get(conflict)
      const provider = providers.get(conflict)
      const other = named ?? (provider !== plugin ? provider : undefined)
      if (other === undefined) continue
      const via = named === undefined ? ` (it provides '${conflict}')` : ''
      throw new ObjectQLError(
        'PLUGIN_CONFLICT',
        `plugin '${plugin.name}' conflicts with '${conflict}', but plugin '${other.name}' is loaded${via}`,
        { details: { plugins: [plugin.name, other.name], conflict } },
      )
    }
  }
}

/**
 * Resolves each dependency to a loaded plugin (by name first, then by a capability it provides)
 * and checks its version. Returns, per plugin, the distinct plugins it depends on.
 */
function resolveDependencies(
  plugins: readonly KernelPlugin[],
  byName: ReadonlyMap<string, KernelPlugin>,
  providers: ReadonlyMap<string, KernelPlugin>,
): Map<KernelPlugin, KernelPlugin[]> {
  const edges = new Map<KernelPlugin, KernelPlugin[]>()
  for (const plugin of plugins) {
    const targets: KernelPlugin[] = []
    for (const [dependency, range] of Object.entries(plugin.dependencies ?? {})) {
      const target = byName.get(dependency) ?? providers.get(dependency)
      if (target === undefined) {
        throw new ObjectQLError(
          'PLUGIN_DEPENDENCY_MISSING',
          `plugin '${plugin.name}' depends on '${dependency}' (${range}), which is not loaded`,
          { details: { plugin: plugin.name, dependency, range } },
        )
      }
      const accepted =
        range.trim() === '*' ||
        range.trim() === '' ||
        (target.version !== undefined && semver.satisfies(target.version, range, SATISFY_OPTIONS))
      if (!accepted) {
        const via = target.name === dependency ? '' : ` (provided by plugin '${target.name}')`
        throw new ObjectQLError(
          'PLUGIN_VERSION_MISMATCH',
          `plugin '${plugin.name}' requires '${dependency}'${via} ${range}, but ${quoteVersion(target.version)} is loaded`,
          {
            details: {
              plugin: plugin.name,
              dependency,
              provider: target.name,
              range,
              actual: target.version ?? null,
            },
          },
        )
      }
      if (target === plugin) {
        throw new ObjectQLError(
          'PLUGIN_DEPENDENCY_CYCLE',
          `plugin dependency cycle: ${plugin.name} -> ${plugin.name} (it provides '${dependency}' itself)`,
          { details: { cycle: [plugin.name, plugin.name] } },
        )
      }
      if (!targets.includes(target)) targets.push(target)
    }
    edges.set(plugin, targets)
  }
  return edges
}

/** Walks unresolved dependency edges from the first stuck plugin until one repeats. */
function findCycle(
  stuck: readonly KernelPlugin[],
  edges: ReadonlyMap<KernelPlugin, readonly KernelPlugin[]>,
): string[] {
  const remaining = new Set(stuck)
  const path: KernelPlugin[] = []
  const seenAt = new Map<KernelPlugin, number>()
  let current = stuck[0]
  while (current !== undefined && !seenAt.has(current)) {
    seenAt.set(current, path.length)
    path.push(current)
    // Every stuck plugin has at least one stuck dependency, or it would have been placed.
    current = (edges.get(current) ?? []).find((dep) => remaining.has(dep))
  }
  if (current === undefined) return path.map((p) => p.name)
  const start = seenAt.get(current) ?? 0
  return [...path.slice(start), current].map((p) => p.name)
}

/** Inserts `index` into the sorted array `ready`, keeping it ascending. */
function insertSorted(ready: number[], index: number): void {
  let low = 0
  let high = ready.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((ready[mid] ?? 0) < index) low = mid + 1
    else high = mid
  }
  ready.splice(low, 0, index)
}

/**
 * Orders plugins so each comes after everything it depends on. The order is stable: among
 * plugins free to go, the one registered first goes first, so independent plugins keep their
 * registration order (the lexicographically smallest topological order).
 *
 * Checks, in this order, each a coded error whose message and `details` name the plugins:
 * shape and duplicate names (`PLUGIN_INVALID`), two providers of one capability or a declared
 * conflict (`PLUGIN_CONFLICT`), a missing dependency (`PLUGIN_DEPENDENCY_MISSING`), a version
 * outside the range (`PLUGIN_VERSION_MISMATCH`), a cycle (`PLUGIN_DEPENDENCY_CYCLE`, with the
 * path `a -> b -> a` in the message and `details.cycle`).
 *
 * A dependency names a plugin, or else a capability in some plugin's `provides` (the range is
 * then checked against the provider's version). Upstream plugin shapes are normalized first.
 */
export function orderPlugins(plugins: readonly PluginInput[]): KernelPlugin[] {
  const list = plugins.map((plugin) => normalizePlugin(plugin))
  assertUniqueNames(list)
  const byName = new Map(list.map((plugin) => [plugin.name, plugin]))
  const providers = indexCapabilities(list)
  checkConflicts(list, byName, providers)
  const edges = resolveDependencies(list, byName, providers)

  const position = new Map(list.map((plugin, index) => [plugin, index]))
  const waitingOn = list.map((plugin) => (edges.get(plugin) ?? []).length)
  const dependents = list.map((): number[] => [])
  list.forEach((plugin, index) => {
    for (const dep of edges.get(plugin) ?? []) dependents[position.get(dep) ?? 0]?.push(index)
  })

  const ready: number[] = []
  waitingOn.forEach((count, index) => {
    if (count === 0) ready.push(index)
  })
  const ordered: KernelPlugin[] = []
  while (ready.length > 0) {
    const index = ready.shift() ?? 0
    const plugin = list[index]
    if (plugin === undefined) continue
    ordered.push(plugin)
    for (const dependent of dependents[index] ?? []) {
      const left = (waitingOn[dependent] ?? 0) - 1
      waitingOn[dependent] = left
      if (left === 0) insertSorted(ready, dependent)
    }
  }

  if (ordered.length < list.length) {
    const placed = new Set(ordered)
    const cycle = findCycle(
      list.filter((plugin) => !placed.has(plugin)),
      edges,
    )
    throw new ObjectQLError(
      'PLUGIN_DEPENDENCY_CYCLE',
      `plugin dependency cycle: ${cycle.join(' -> ')}`,
      {
        details: { cycle, plugins: [...new Set(cycle)] },
      },
    )
  }
  return ordered
}
