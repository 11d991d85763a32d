import { existsSync } from 'node:fs'
import { extname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ObjectQLError, isObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import type { PluginInput } from '../../kernel/plugin/plugin.js'

/** What `objectql serve` hands a `--plugin` module whose default export is a function. */
export interface ServePluginContext {
  /** The folder being served, absolute. */
  readonly dir: string
  /** Prints one line on serve's output. */
  readonly log: (line: string) => void
}

/**
 * The default export of a `--plugin` module: a plugin (any shape the kernel loads), an array
 * of plugins, or a function of the {@link ServePluginContext} returning either (or a promise).
 */
export type ServePluginExport =
  | PluginInput
  | readonly PluginInput[]
  | ((
      context: ServePluginContext,
    ) => PluginInput | readonly PluginInput[] | Promise<PluginInput | readonly PluginInput[]>)

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx'])

/**
 * Where a `--plugin` value points: a file path (absolute, starting with `.`, or naming an
 * existing file; relative paths resolve against the current directory) becomes a file URL;
 * anything else is a package name, imported as is.
 */
export function pluginSpecifier(value: string, cwd = process.cwd()): string {
  if (value.startsWith('file:')) return value
  const path = resolve(cwd, value)
  const isPath = value.startsWith('.') || isAbsolute(value) || existsSync(path)
  return isPath ? pathToFileURL(path).href : value
}

/**
 * Imports a TypeScript module with tsx, for a CLI running as compiled JavaScript (Node 20 has
 * no TypeScript loader of its own). tsx is a development tool, so it is loaded only here.
 * @throws ObjectQLError `CONFIG_INVALID` when tsx is not installed.
 */
export async function importTypeScript(url: string): Promise<Record<string, unknown>> {
  let api: { tsImport: (specifier: string, parent: string) => Promise<unknown> }
  try {
    api = await import('tsx/esm/api')
  } catch (error) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `${url} is TypeScript: install tsx (npm i -D tsx) or pass the compiled .js file`,
      { cause: error, details: { option: 'plugin' } },
    )
  }
  return (await api.tsImport(url, import.meta.url)) as Record<string, unknown>
}

function isUnknownExtension(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_UNKNOWN_FILE_EXTENSION'
}

async function importPluginModule(specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(specifier)) as Record<string, unknown>
  } catch (error) {
    // Under tsx or vitest a .ts file imports directly (sharing their module instances); only
    // plain Node refuses it, and only then is tsx loaded on purpose.
    const typescript = specifier.startsWith('file:') && TYPESCRIPT.has(extname(specifier))
    if (typescript && isUnknownExtension(error)) return importTypeScript(specifier)
    throw error
  }
}

function asPlugins(value: unknown, from: string): PluginInput[] {
  const list: unknown[] = Array.isArray(value) ? value : [value]
  for (const item of list) {
    if (typeof item !== 'object' || item === null) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `--plugin ${from}: the default export must give plugin objects, got ${item === null ? 'null' : typeof item}`,
        { details: { option: 'plugin', module: from } },
      )
    }
  }
  // The kernel checks each plugin's shape when it loads them (PLUGIN_INVALID naming the field).
  return list as PluginInput[]
}

/**
 * Loads the plugins of `objectql serve --plugin <module>`, in order. Each module's `default`
 * export is a plugin, an array of plugins, or a function of the {@link ServePluginContext}
 * returning either. `.js`/`.mjs` modules load with plain Node; `.ts` modules need tsx (present
 * when running from source, or installed by the project).
 *
 * @example
 * // my-plugin.js, served with `objectql serve ./project --plugin ./my-plugin.js`
 * export default ({ log }) => ({ name: 'mine', install(ctx) { log('installed') } })
 * @throws ObjectQLError `CONFIG_INVALID` when a module cannot be loaded or exports no plugin.
 */
export async function loadServePlugins(
  modules: readonly string[],
  context: ServePluginContext,
): Promise<PluginInput[]> {
  const plugins: PluginInput[] = []
  for (const value of modules) {
    let exported: unknown
    try {
      const namespace = await importPluginModule(pluginSpecifier(value))
      if (!('default' in namespace) || namespace['default'] === undefined) {
        throw new ObjectQLError(
          'CONFIG_INVALID',
          `--plugin ${value} has no default export: export default a plugin, an array of plugins, or (serve) => plugin`,
          { details: { option: 'plugin', module: value } },
        )
      }
      exported = namespace['default']
      if (typeof exported === 'function') exported = await exported(context)
    } catch (error) {
      if (isObjectQLError(error)) throw error
      const reason = toObjectQLError(error, 'CONFIG_INVALID').message
      throw new ObjectQLError('CONFIG_INVALID', `cannot load --plugin ${value}: ${reason}`, {
        cause: error,
        details: { option: 'plugin', module: value },
      })
    }
    plugins.push(...asPlugins(exported, value))
  }
  return plugins
}
