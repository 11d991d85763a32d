import { randomBytes } from 'node:crypto'
import type { Driver } from '../../kernel/driver/driver.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { createCheckedDriver } from './driver-factory.js'
import type { DriverFactory } from './driver-factory.js'

/** An object declaration without its final name; the context makes the name unique. */
export interface ObjectFixture {
  readonly name: string
  readonly fields: ObjectConfig['fields']
}

/** What a driver audit receives. One context per audit, with its own connected driver. */
export interface DriverAuditContext {
  /** A connected driver made by the factory for this audit only. */
  readonly driver: Driver
  readonly capabilities: DriverCapabilities
  /** Seed of the run; property audits give it to fast-check. */
  readonly seed: number
  /** Generated cases per property. */
  readonly runs: number
  /** When set, property audits replay only this shrunk counterexample. */
  readonly replayPath: string | undefined
  /**
   * Declares an object under a unique name (so audits and parallel runs on a shared server never
   * collide), calls `syncSchema` with every object of this context, and returns the name.
   */
  defineObject(fixture: ObjectFixture): Promise<string>
  /** A name no other object of this run uses (for objects synced on fresh drivers). */
  uniqueName(base: string): string
  /** The object configs declared so far, by final name (for model adapters). */
  objectConfig(name: string): ObjectConfig | undefined
  /** A new driver from the factory, NOT connected; the audit must disconnect it itself. */
  freshDriver(): Promise<Driver>
}

/** Options to build a context. */
export interface AuditContextOptions {
  readonly factory: DriverFactory
  readonly seed: number
  readonly runs: number
  readonly replayPath?: string
}

/** The context plus the cleanup the engine runs after the audit. */
export interface OpenAuditContext {
  readonly context: DriverAuditContext
  close(): Promise<void>
}

/** Makes a driver, connects it and wraps it in a {@link DriverAuditContext}. */
export async function openAuditContext(options: AuditContextOptions): Promise<OpenAuditContext> {
  const driver = await createCheckedDriver(options.factory)
  await driver.connect()
  const tag = randomBytes(3).toString('hex')
  const objects = new Map<string, ObjectConfig>()
  let counter = 0
  const context: DriverAuditContext = {
    driver,
    capabilities: driver.capabilities,
    seed: options.seed,
    runs: options.runs,
    replayPath: options.replayPath,
    uniqueName(base) {
      counter++
      return `oq${tag}_${base}${counter === 1 ? '' : String(counter)}`
    },
    async defineObject(fixture) {
      const name = context.uniqueName(fixture.name)
      objects.set(name, { name, fields: fixture.fields })
      try {
        await driver.syncSchema([...objects.values()])
      } catch (error) {
        // A rejected object must not poison the objects declared after it.
        objects.delete(name)
        throw error
      }
      return name
    },
    objectConfig: (name) => objects.get(name),
    freshDriver: () => createCheckedDriver(options.factory),
  }
  return { context, close: () => driver.disconnect() }
}
