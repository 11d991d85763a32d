import type { HookContext, HookHandler, HookOptions } from '../../kernel/hooks/hook-context.js'
import { HOOK_EVENTS, resolveHookEvent } from '../../kernel/hooks/hook-events.js'
import type { HookEvent, HookOperation, HookTiming } from '../../kernel/hooks/hook-events.js'
import type { KernelUser } from '../../kernel/pipeline/execution-context.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { assertionFailed, matchesPartial, show, times } from './harness-assertion.js'

/** One hook event the pipeline fired, as the harness saw it. */
export interface HookCall {
  /** 1-based order among all recorded hook events. */
  readonly seq: number
  readonly event: HookEvent
  readonly object: string
  readonly operation: HookOperation
  readonly timing: HookTiming
  readonly id: string | undefined
  /** create/update data as the event fired, before any plugin hook changed it (a copy). */
  readonly data: Record<string, unknown> | undefined
  /** The query (reads) as the event fired (a copy). */
  readonly query: unknown
  readonly previous: DataRecord | undefined
  readonly user: KernelUser | undefined
  /** After hooks: the operation's result as the event fired (a copy). */
  readonly result: unknown
  /**
   * True once every hook of the chain has run; false when a hook threw or short-circuited.
   * `finalData` is then the data as the last hook left it.
   */
  completed: boolean
  finalData: Record<string, unknown> | undefined
}

/** What a recorder needs from the kernel: `kernel.on(event, object, handler, options)`. */
export type HookRegistrar = (
  event: string,
  object: string,
  handler: HookHandler,
  options?: HookOptions,
) => unknown

/** The package name the recorder's own hooks are registered under. */
export const RECORDER_PACKAGE = 'objectql-toolkit:harness'

/**
 * Records every hook event on every object: a hook that runs first (lowest priority) notes the
 * event and copies its inputs, and a hook that runs last notes that the chain completed and what
 * the data became. Neither changes anything.
 */
export class HookRecorder {
  private readonly log: HookCall[] = []
  private readonly open = new WeakMap<HookContext, Map<HookEvent, HookCall>>()

  /** Registers the recording hooks through `register` (the kernel's `on`). */
  attach(register: HookRegistrar): void {
    for (const event of HOOK_EVENTS) {
      register(event, '*', (ctx) => this.first(ctx), {
        priority: Number.MIN_SAFE_INTEGER,
        package: RECORDER_PACKAGE,
        name: `harness:record:${event}`,
      })
      register(event, '*', (ctx) => this.last(ctx), {
        priority: Number.MAX_SAFE_INTEGER,
        package: RECORDER_PACKAGE,
        name: `harness:complete:${event}`,
      })
    }
  }

  /** Recorded calls, optionally of one event (any alias) and/or one object. */
  calls(event?: string, object?: string): HookCall[] {
    const canonical = event === undefined ? undefined : resolveHookEvent(event).event
    return this.log.filter(
      (call) =>
        (canonical === undefined || call.event === canonical) &&
        (object === undefined || call.object === object),
    )
  }

  /** Forgets everything recorded so far. */
  clear(): void {
    this.log.length = 0
  }

  /** An assertion builder over the calls of `event` (any alias), optionally on `object`. */
  expect(event: string, object?: string): HookExpectation {
    const canonical = resolveHookEvent(event).event
    return new HookExpectation(() => this.calls(canonical, object), canonical, object, false)
  }

  private first(ctx: HookContext): void {
    const call: HookCall = {
      seq: this.log.length + 1,
      event: ctx.event,
      object: ctx.objectName,
      operation: ctx.operation,
      timing: ctx.timing,
      id: ctx.id,
      data: copy(ctx.data),
      query: copy(ctx.query),
      previous: copy(ctx.previous),
      user: ctx.user,
      result: ctx.timing === 'after' ? copy(ctx.result) : undefined,
      completed: false,
      finalData: undefined,
    }
    this.log.push(call)
    let byEvent = this.open.get(ctx)
    if (byEvent === undefined) this.open.set(ctx, (byEvent = new Map()))
    byEvent.set(ctx.event, call)
  }

  private last(ctx: HookContext): void {
    const call = this.open.get(ctx)?.get(ctx.event)
    if (call === undefined) return
    call.completed = true
    call.finalData = copy(ctx.data)
  }
}

/**
 * Assertions over recorded hook calls, in the style of `expect(...)`:
 * `harness.expectHook('beforeCreate', 'users').toHaveRun(1)`. Failures throw Node's
 * `AssertionError` with `actual` and `expected`.
 */
export class HookExpectation {
  constructor(
    private readonly source: () => HookCall[],
    private readonly event: HookEvent,
    private readonly object: string | undefined,
    private readonly negated: boolean,
  ) {}

  /** The negated expectation: `.not.toHaveRun()`. */
  get not(): HookExpectation {
    return new HookExpectation(this.source, this.event, this.object, !this.negated)
  }

  /** The matching calls. */
  get calls(): HookCall[] {
    return this.source()
  }

  /** Ran exactly `count` times, or at least once when `count` is omitted. */
  toHaveRun(count?: number): this {
    const actual = this.calls.length
    const pass = count === undefined ? actual > 0 : actual === count
    const wanted = count === undefined ? 'at least once' : times(count)
    if (pass === this.negated) {
      throw assertionFailed(
        `expected hook ${this.label()} ${this.negated ? 'not ' : ''}to have run ${wanted}, but it ran ${times(actual)}${this.recent()}`,
        actual,
        count ?? '>= 1',
        this.negated ? 'notToHaveRun' : 'toHaveRun',
      )
    }
    return this
  }

  /**
   * Some call matches `expected` (partially and deeply: `{ data: { name: 'Alice' } }` matches a
   * call whose data has that name, whatever else it holds).
   */
  toHaveRunWith(expected: Partial<Omit<HookCall, 'seq' | 'event' | 'object'>>): this {
    const calls = this.calls
    const pass = calls.some((call) => matchesPartial(call, expected))
    if (pass === this.negated) {
      throw assertionFailed(
        `expected hook ${this.label()} ${this.negated ? 'not ' : ''}to have run with ${show(expected)}; calls: ${show(calls.map(summary))}`,
        calls.map(summary),
        expected,
        this.negated ? 'notToHaveRunWith' : 'toHaveRunWith',
      )
    }
    return this
  }

  private label(): string {
    return `'${this.event}' on ${this.object === undefined ? 'any object' : `'${this.object}'`}`
  }

  private recent(): string {
    const calls = this.calls.slice(-3)
    return calls.length === 0 ? '' : `; last calls: ${show(calls.map(summary))}`
  }
}

function summary(call: HookCall): Record<string, unknown> {
  const { seq, object, id, data, completed } = call
  return { seq, object, ...(id === undefined ? {} : { id }), ...(data ? { data } : {}), completed }
}

// Recorded values are copies, so later mutation by hooks or callers never rewrites history.
function copy<T>(value: T): T {
  if (value === undefined || value === null || typeof value !== 'object') return value
  try {
    return structuredClone(value)
  } catch {
    // Not cloneable (a function inside a JSON field, say): a shallow copy still freezes the keys.
    return (Array.isArray(value) ? [...value] : { ...value }) as T
  }
}
