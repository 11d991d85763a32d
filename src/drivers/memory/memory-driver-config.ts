import type { RecordInput } from '../../kernel/spec/object-config.js'

/** Options of {@link MemoryDriver}. */
export interface MemoryDriverConfig {
  /**
   * Records to start with, by object name. They are loaded in the constructor with the same
   * rules as `bulkCreate` (ids generated where missing, a duplicate id fails with
   * `DUPLICATE_RECORD`), and are not checked against a schema, which arrives later.
   *
   * @example
   * new MemoryDriver({ initialData: { task: [{ id: 't1', title: 'Write the spec' }] } })
   */
  readonly initialData?: Readonly<Record<string, readonly RecordInput[]>>
}
