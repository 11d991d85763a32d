import { ObjectQLError } from '../errors.js'

/**
 * Hook event names. Canonical names are camelCase (`beforeCreate`), as objectql's plugins write
 * them. Upstream drifted: the spec engine fires `beforeInsert`, the docs write `before:create`.
 * {@link resolveHookEvent} maps every spelling onto one canonical name, so a plugin written
 * against any of them hooks the same point of the pipeline.
 */

/** The operations that fire hooks. `createMany` fires the `create` hooks once per record. */
export const HOOK_OPERATIONS = [
  'find',
  'findOne',
  'count',
  'aggregate',
  'distinct',
  'create',
  'update',
  'delete',
] as const

/** An operation that fires hooks. */
export type HookOperation = (typeof HOOK_OPERATIONS)[number]

/** When a hook runs relative to the driver call. */
export type HookTiming = 'before' | 'after'

/** The canonical hook event names: `before`/`after` + the capitalised operation. */
export const HOOK_EVENTS = [
  'beforeFind',
  'afterFind',
  'beforeFindOne',
  'afterFindOne',
  'beforeCount',
  'afterCount',
  'beforeAggregate',
  'afterAggregate',
  'beforeDistinct',
  'afterDistinct',
  'beforeCreate',
  'afterCreate',
  'beforeUpdate',
  'afterUpdate',
  'beforeDelete',
  'afterDelete',
] as const

/** A canonical hook event name. */
export type HookEvent = (typeof HOOK_EVENTS)[number]

/** A resolved event: its canonical name, timing and operation. */
export interface HookEventInfo {
  readonly event: HookEvent
  readonly timing: HookTiming
  readonly operation: HookOperation
}

// Upstream spellings of the operation part, lower-cased, per canonical operation.
const OPERATION_ALIASES: Readonly<Record<HookOperation, readonly string[]>> = {
  find: ['find'],
  findOne: ['findone'],
  count: ['count'],
  aggregate: ['aggregate'],
  distinct: ['distinct'],
  create: ['create', 'insert'],
  update: ['update'],
  delete: ['delete'],
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

// Built once: every accepted spelling -> its info. Lookups are then one Map.get.
const EVENT_INDEX: ReadonlyMap<string, HookEventInfo> = (() => {
  const index = new Map<string, HookEventInfo>()
  for (const operation of HOOK_OPERATIONS) {
    for (const timing of ['before', 'after'] as const) {
      const event = `${timing}${capitalise(operation)}` as HookEvent
      const info: HookEventInfo = Object.freeze({ event, timing, operation })
      for (const alias of OPERATION_ALIASES[operation]) {
        // `beforeInsert`, `before:insert`, `before:findOne`, `beforefindone` ... all accepted;
        // matching is case-insensitive because upstream's docs and code disagree on case.
        index.set(`${timing}${alias}`, info)
        index.set(`${timing}:${alias}`, info)
      }
    }
  }
  return index
})()

/**
 * Resolves any accepted spelling of a hook event (`beforeCreate`, `beforeInsert`,
 * `before:create`, `before:insert`, case-insensitive) to its canonical info.
 *
 * @throws ObjectQLError `HOOK_INVALID` for a name that is not a hook event.
 */
export function resolveHookEvent(name: string): HookEventInfo {
  const info = typeof name === 'string' ? EVENT_INDEX.get(name.toLowerCase()) : undefined
  if (info === undefined) {
    throw new ObjectQLError(
      'HOOK_INVALID',
      `unknown hook event ${JSON.stringify(name)}; expected one of ${HOOK_EVENTS.join(', ')} ` +
        `(aliases: beforeInsert/afterInsert, before:create style)`,
      { details: { event: name } },
    )
  }
  return info
}

// Every (timing, operation) pair's event, built once: the pipeline asks on every operation, and
// building the name each time costs a concatenation and a fresh string to hash in each lookup.
const EVENT_FOR: Readonly<Record<HookTiming, Readonly<Record<HookOperation, HookEvent>>>> = {
  before: eventsOf('before'),
  after: eventsOf('after'),
}

function eventsOf(timing: HookTiming): Readonly<Record<HookOperation, HookEvent>> {
  const events: Partial<Record<HookOperation, HookEvent>> = {}
  for (const operation of HOOK_OPERATIONS) {
    events[operation] = `${timing}${capitalise(operation)}` as HookEvent
  }
  return Object.freeze(events as Record<HookOperation, HookEvent>)
}

/** The canonical event for a timing and an operation, e.g. `('after', 'update')` -> `afterUpdate`. */
export function hookEventFor(timing: HookTiming, operation: HookOperation): HookEvent {
  return EVENT_FOR[timing][operation]
}
