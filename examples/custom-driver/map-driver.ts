// A third-party driver as an author outside this repository would write it: records in a Map,
// every query delegated to the kernel's in-process engine. A published driver imports these
// names from 'objectql-toolkit/kernel'; inside this repository the relative path stands in for
// the package, so the example runs without a build.
import {
  DriverBase,
  ObjectQLError,
  aggregateRecords,
  countRecords,
  defineCapabilities,
  distinctValues,
  executeQuery,
  querySchemaFor,
} from '../../src/kernel/index.js'
import type {
  DataRecord,
  FilterCondition,
  ObjectConfig,
  QueryAST,
  QuerySchema,
  RecordInput,
} from '../../src/kernel/index.js'

/**
 * A Map-backed driver: no transactions, no atomic bulk writes (the DriverBase loops), and the
 * whole read side from the kernel's query engine.
 */
export class MapDriver extends DriverBase {
  readonly name = 'map-driver'
  readonly capabilities = defineCapabilities({
    queryAggregations: true,
    distinct: true,
    jsonFields: true,
    arrayFields: true,
  })

  readonly #tables = new Map<string, Map<string, DataRecord>>()
  readonly #schemas = new Map<string, QuerySchema>()
  #connected = false

  override async connect(): Promise<void> {
    this.#connected = true
  }

  override async disconnect(): Promise<void> {
    this.#connected = false
  }

  override async checkHealth(): Promise<boolean> {
    return this.#connected
  }

  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
  }

  async find(object: string, query: QueryAST): Promise<DataRecord[]> {
    return executeQuery(this.#table(object).values(), query, this.#schemas.get(object))
  }

  async findOne(object: string, id: string, query?: QueryAST): Promise<DataRecord | null> {
    const record = this.#table(object).get(id)
    if (record === undefined) return null
    const where: FilterCondition = { id: { $eq: id } }
    const found = executeQuery([record], { object, ...query, where }, this.#schemas.get(object))
    return found[0] ?? null
  }

  async count(object: string, where: FilterCondition | undefined): Promise<number> {
    return countRecords(this.#table(object).values(), where, this.#schemas.get(object))
  }

  async create(object: string, data: RecordInput): Promise<DataRecord> {
    const table = this.#table(object)
    const id = data.id ?? this.generateId()
    if (table.has(id)) throw new ObjectQLError('DUPLICATE_RECORD', `${object}/${id} already exists`)
    const record = structuredClone({ ...data, id })
    table.set(id, record)
    return structuredClone(record)
  }

  async update(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord> {
    const table = this.#table(object)
    const existing = table.get(id)
    if (existing === undefined)
      throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`)
    const record = { ...existing, ...structuredClone(data), id }
    table.set(id, record)
    return structuredClone(record)
  }

  async delete(object: string, id: string): Promise<boolean> {
    return this.#table(object).delete(id)
  }

  override async aggregate(object: string, query: QueryAST): Promise<Record<string, unknown>[]> {
    return aggregateRecords(this.#table(object).values(), query, this.#schemas.get(object))
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
  ): Promise<unknown[]> {
    return distinctValues(this.#table(object).values(), field, where, this.#schemas.get(object))
  }

  /** The object's records; every data call passes here, so it also guards the lifecycle. */
  #table(object: string): Map<string, DataRecord> {
    if (!this.#connected) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'map-driver is not connected')
    }
    let table = this.#tables.get(object)
    if (table === undefined) {
      table = new Map()
      this.#tables.set(object, table)
    }
    return table
  }
}

/** What `objectql conform --driver ./examples/custom-driver/map-driver.ts` calls per audit. */
export function createDriver(): MapDriver {
  return new MapDriver()
}
