import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runServeCommand } from './serve-command.js'
import { importTypeScript, loadServePlugins, pluginSpecifier } from './serve-command-plugins.js'

const EXAMPLE_PLUGIN = 'examples/project-tracker/project-tracker-plugin.ts'

let dir: string
const context = () => ({ dir: '/srv/project', log: (line: string) => logged.push(line) })
const logged: string[] = []

async function module(name: string, source: string): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, source)
  return file
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'objectql-serve-plugins-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true })
})

describe('objectql serve --plugin modules', () => {
  it('tells file paths from package names', () => {
    const cwd = resolve('.')
    expect(pluginSpecifier('./local.js', cwd)).toBe(pathToFileURL(resolve('local.js')).href)
    expect(pluginSpecifier(EXAMPLE_PLUGIN, cwd)).toBe(pathToFileURL(resolve(EXAMPLE_PLUGIN)).href)
    expect(pluginSpecifier('/abs/plugin.mjs', cwd)).toBe(pathToFileURL('/abs/plugin.mjs').href)
    expect(pluginSpecifier('some-package', cwd)).toBe('some-package')
    expect(pluginSpecifier('@scope/pkg/plugin', cwd)).toBe('@scope/pkg/plugin')
    expect(pluginSpecifier('file:///x/y.js', cwd)).toBe('file:///x/y.js')
  })

  it('takes the default export: a plugin, an array, or a function of { dir, log }', async () => {
    const single = await module('single.mjs', `export default { name: 'single', install() {} }\n`)
    const many = await module(
      'many.mjs',
      `export default [{ name: 'one', install() {} }, { name: 'two', install() {} }]\n`,
    )
    const factory = await module(
      'factory.mjs',
      `export default async ({ dir, log }) => {\n` +
        `  log('loaded for ' + dir)\n` +
        `  return { name: 'made', install() {} }\n` +
        `}\n`,
    )
    const plugins = await loadServePlugins([single, many, factory], context())
    expect(plugins.map((plugin) => plugin.name)).toEqual(['single', 'one', 'two', 'made'])
    expect(logged).toEqual(['loaded for /srv/project'])
  })

  it('refuses modules that cannot load or export no plugin, with CONFIG_INVALID', async () => {
    const named = await module('named.mjs', `export const plugin = { name: 'named' }\n`)
    expect(await errorOf(loadServePlugins([named], context()))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('has no default export') as unknown,
    })
    const scalar = await module('scalar.mjs', `export default 42\n`)
    expect(await errorOf(loadServePlugins([scalar], context()))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('got number') as unknown,
    })
    const broken = await module('broken.mjs', `export default () => { throw new Error('boom') }\n`)
    expect(await errorOf(loadServePlugins([broken], context()))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/cannot load --plugin .*broken\.mjs: boom/) as unknown,
    })
    const missing = join(dir, 'missing.mjs')
    expect(await errorOf(loadServePlugins(['./nope/missing.mjs'], context()))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('cannot load --plugin ./nope/missing.mjs') as unknown,
    })
    expect(await errorOf(loadServePlugins(['objectql-no-such-package'], context()))).toMatchObject({
      code: 'CONFIG_INVALID',
    })
    const err: string[] = []
    const code = await runServeCommand(
      ['examples/project-tracker', '--port', '0', '--plugin', missing],
      { stdout: () => undefined, stderr: (line) => err.push(line) },
      Promise.resolve(),
    )
    expect(code).toBe(1)
    expect(err).toEqual([expect.stringContaining(`cannot load --plugin ${missing}`)])
  })

  it('imports TypeScript through tsx when Node alone cannot (the compiled CLI)', async () => {
    const namespace = await importTypeScript(pathToFileURL(resolve(EXAMPLE_PLUGIN)).href)
    const make = namespace['default'] as (serve: { log: (line: string) => void }) => {
      name: string
    }
    expect(typeof make).toBe('function')
    expect(make({ log: () => undefined }).name).toBe('project-tracker')
  })
})
