import { deepFreeze } from './deep-freeze.js'
import type { ObjectConfig } from './object-config.js'
import { ObjectQLError } from '../errors.js'
import type { ErrorCode } from '../errors.js'

/** A task object with one field of every value kind the normalizer distinguishes. */
export const TASKS: ObjectConfig = deepFreeze({
  name: 'tasks',
  fields: {
    title: { type: 'text' },
    body: { type: 'markdown' },
    status: {
      type: 'select',
      options: [
        { label: 'Open', value: 'open' },
        { label: 'Done', value: 'done' },
      ],
    },
    priority: {
      type: 'select',
      options: [
        { label: 'Low', value: 1 },
        { label: 'High', value: 3 },
      ],
    },
    estimate: { type: 'number' },
    amount: { type: 'currency' },
    done: { type: 'boolean' },
    due: { type: 'date' },
    starts_at: { type: 'datetime' },
    start_time: { type: 'time' },
    tags: { type: 'tags' },
    labels: { type: 'multiselect', options: [{ label: 'A', value: 'a' }] },
    meta: { type: 'json' },
    owner: { type: 'lookup', reference: 'users' },
    watchers: { type: 'lookup', reference: 'users', multiple: true },
    project: { type: 'master_detail', reference_to: 'projects' },
    score: { type: 'formula', expression: 'estimate * 2', data_type: 'number' },
    guess: { type: 'formula', expression: 'title' },
  },
})

/** Users: the target of `tasks.owner`. */
export const USERS: ObjectConfig = deepFreeze({
  name: 'users',
  fields: {
    name: { type: 'text' },
    age: { type: 'number' },
    team: { type: 'lookup', reference: 'teams' },
  },
})

/** Teams: the target of `users.team`, which points back at users (for depth tests). */
export const TEAMS: ObjectConfig = deepFreeze({
  name: 'teams',
  fields: {
    name: { type: 'text' },
    lead: { type: 'lookup', reference: 'users' },
  },
})

/** Projects: the target of `tasks.project`. */
export const PROJECTS: ObjectConfig = deepFreeze({
  name: 'projects',
  fields: { name: { type: 'text' } },
})

/** Resolves the fixture objects by name. */
export function resolveFixture(name: string): ObjectConfig | undefined {
  return [TASKS, USERS, TEAMS, PROJECTS].find((object) => object.name === name)
}

/**
 * Runs `fn` and returns the ObjectQLError it throws, failing when it returns or throws anything
 * else, and checking the code when given.
 */
export function catchError(fn: () => unknown, code?: ErrorCode): ObjectQLError {
  try {
    fn()
  } catch (error) {
    return checked(error, code)
  }
  throw new Error('expected an ObjectQLError, got no error')
}

/** Same as {@link catchError} for async functions. */
export async function catchErrorAsync(
  fn: () => Promise<unknown>,
  code?: ErrorCode,
): Promise<ObjectQLError> {
  try {
    await fn()
  } catch (error) {
    return checked(error, code)
  }
  throw new Error('expected an ObjectQLError, got no error')
}

function checked(thrown: unknown, code: ErrorCode | undefined): ObjectQLError {
  if (!(thrown instanceof ObjectQLError)) {
    const text = thrown instanceof Error ? thrown.message : typeof thrown
    throw new Error(`expected an ObjectQLError, got ${text}`, { cause: thrown })
  }
  if (code !== undefined && thrown.code !== code) {
    throw new Error(`expected ${code}, got ${thrown.code}: ${thrown.message}`, { cause: thrown })
  }
  return thrown
}
