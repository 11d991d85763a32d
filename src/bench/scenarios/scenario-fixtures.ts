import { ObjectQLError } from '../../kernel/errors.js'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { PluginLogger } from '../../kernel/plugin/plugin.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'

/** The object every scenario works on: 9 declared fields plus `id`, 10 keys per record. */
export const BENCH_OBJECT: ObjectConfig = {
  name: 'bench_item',
  fields: {
    title: { type: 'text' },
    status: { type: 'text' },
    priority: { type: 'number' },
    score: { type: 'number' },
    active: { type: 'boolean' },
    owner: { type: 'text' },
    due_at: { type: 'datetime' },
    category: { type: 'text' },
    notes: { type: 'textarea' },
  },
}

/** Field names of {@link BENCH_OBJECT}, `id` first (the column order of raw SQL references). */
export const BENCH_COLUMNS: readonly string[] = ['id', ...Object.keys(BENCH_OBJECT.fields)]

const STATUSES = ['open', 'blocked', 'done', 'archived'] as const
const CATEGORIES = ['bug', 'feature', 'chore', 'docs', 'test', 'ops'] as const
const DAY_MS = 86_400_000
const EPOCH = Date.UTC(2024, 0, 1)

/**
 * Record number `i`, deterministic so every process (and every reference) sees the same data.
 * Strings are built per record, as real data would be, so no two records share them.
 */
export function benchRecord(i: number): DataRecord {
  return {
    id: `r${String(i).padStart(6, '0')}`,
    title: `Task ${i} of the benchmark`,
    status: STATUSES[i % STATUSES.length] ?? 'open',
    priority: i % 5,
    score: ((i * 7919) % 1000) / 10,
    active: i % 3 !== 0,
    owner: `user-${i % 97}`,
    due_at: new Date(EPOCH + (i % 365) * DAY_MS).toISOString(),
    category: CATEGORIES[i % CATEGORIES.length] ?? 'bug',
    notes: `note ${i}: generated for objectql bench`,
  }
}

/** Records `0 .. count-1`. */
export function benchRecords(count: number): DataRecord[] {
  return Array.from({ length: count }, (_, i) => benchRecord(i))
}

/** Cycles through a list: each call returns the next element (ids, names) without allocating. */
export function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new ObjectQLError('INTERNAL_ERROR', 'cycle needs at least one item')
  let index = 0
  return () => {
    const item = items[index] as T
    index = index + 1 === items.length ? 0 : index + 1
    return item
  }
}

/** A logger that drops everything: benchmark output must stay machine-readable. */
export const SILENT_LOGGER: PluginLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

/** Extra objects for "hooks on other objects" scenarios: `bench_other_0 ..`. */
export function otherObjects(count: number): ObjectConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `bench_other_${i}`,
    fields: { title: { type: 'text' } },
  }))
}

/** A started kernel on a memory driver holding `records` bench items. */
export interface MemoryKernel {
  readonly kernel: Kernel
  readonly driver: MemoryDriver
  readonly ids: readonly string[]
}

/** Starts a kernel over a fresh memory driver with {@link BENCH_OBJECT} (and `extra` objects). */
export async function startMemoryKernel(
  records = 1000,
  extra: readonly ObjectConfig[] = [],
): Promise<MemoryKernel> {
  const driver = new MemoryDriver()
  const kernel = createKernel({
    objects: [BENCH_OBJECT, ...extra],
    drivers: { default: driver },
    logger: SILENT_LOGGER,
  })
  await kernel.start()
  const data = benchRecords(records)
  await driver.bulkCreate(BENCH_OBJECT.name, data)
  return { kernel, driver, ids: data.map((record) => record.id) }
}

/** The value of an environment variable, or undefined when unset or empty. */
export function envUrl(name: string): string | undefined {
  const value = process.env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/** A short unique suffix for table and key prefixes, so parallel runs never collide. */
export function uniqueSuffix(): string {
  return `${process.pid}_${Date.now().toString(36)}`
}
