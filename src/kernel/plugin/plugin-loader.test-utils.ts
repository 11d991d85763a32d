import { isObjectQLError } from '../errors.js'
import { createPluginContextFactory } from './plugin-context.js'
import type { ObjectQLError } from '../errors.js'
import type { Kernel } from '../kernel.js'
import type { PluginContextFactory } from './plugin-context.js'
import type { KernelPlugin, PluginLogger } from './plugin.js'

/** The loader never touches the kernel; an opaque stand-in keeps these tests off kernel.ts. */
export const standInKernel = { standIn: true } as unknown as Kernel

/** A loader test fixture: the hook call log, logged errors and warnings, a context factory. */
export interface LoaderSetup {
  readonly calls: string[]
  readonly errors: string[]
  readonly warnings: string[]
  readonly ctx: PluginContextFactory
}

/** A fresh fixture whose logger records error and warn lines. */
export function setup(): LoaderSetup {
  const errors: string[] = []
  const warnings: string[] = []
  const logger: PluginLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => {
      warnings.push(message)
    },
    error: (message) => {
      errors.push(message)
    },
  }
  return {
    calls: [],
    errors,
    warnings,
    ctx: createPluginContextFactory({ kernel: standInKernel, logger }),
  }
}

/** A plugin that records each hook; `fail` makes the named hook throw `new Error('boom in <name>')`. */
export function tracked(
  calls: string[],
  name: string,
  extra: Partial<KernelPlugin> & { fail?: 'install' | 'onStart' | 'onStop' } = {},
): KernelPlugin {
  const hook = (kind: 'install' | 'onStart' | 'onStop') => async () => {
    await Promise.resolve()
    calls.push(`${kind}:${name}`)
    if (extra.fail === kind) throw new Error(`boom in ${name}`)
  }
  const { fail: _fail, ...rest } = extra
  return {
    name,
    install: hook('install'),
    onStart: hook('onStart'),
    onStop: hook('onStop'),
    ...rest,
  }
}

/** The coded error `promise` rejects with (fails the test when it resolves or throws uncoded). */
export async function rejection(promise: Promise<unknown>): Promise<ObjectQLError> {
  try {
    await promise
  } catch (error) {
    if (isObjectQLError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}
