/**
 * Node module-loader hooks that compile the toolkit's TypeScript sources with the TypeScript
 * compiler itself (`transpileModule`), i.e. into the very JavaScript `tsc` ships in dist/.
 *
 * Why not just tsx: tsx compiles with esbuild's `keepNames`, which wraps every function and
 * closure in a `__name(fn, "name")` call. Closures created per operation (the kernel pipeline
 * makes several per call) then pay an extra `Object.defineProperty` each; profiling
 * `kernel.findOne` from source showed the kernel/driver ratio about 25% higher than with
 * TypeScript's output. A benchmark of the source must measure the code users run, so bench
 * workers load sources through these hooks (tsx stays underneath for resolution).
 *
 * Compiled modules are cached by content hash under node_modules/.cache, so a worker process
 * only loads the (large) compiler when a source changed.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as TypeScriptModule from 'typescript'

interface LoadContext {
  readonly format?: string | null
}

type NextLoad = (url: string, context: LoadContext) => Promise<unknown>

type TypeScript = typeof TypeScriptModule

const require = createRequire(import.meta.url)
const TS_PACKAGE = require.resolve('typescript/package.json')
const TS_VERSION = (require(TS_PACKAGE) as { version: string }).version
// node_modules/.cache, next to the compiler (the usual home of tool caches).
const CACHE_DIR = join(dirname(TS_PACKAGE), '..', '.cache', 'objectql-bench-ts')
// Bump when the compiler options below change.
const OPTIONS_VERSION = '1'

let compiler: TypeScript | undefined

function transpile(source: string, fileName: string): string {
  // Loaded on the first cache miss only: the compiler is large.
  compiler ??= require('typescript') as TypeScript
  const ts = compiler
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  }).outputText
}

/** True for a TypeScript source of ours (not a dependency, not a declaration file). */
function isOwnTypeScript(url: string): boolean {
  return (
    url.startsWith('file:') &&
    /\.m?ts$/.test(url) &&
    !url.endsWith('.d.ts') &&
    !url.includes('/node_modules/')
  )
}

async function cachedTranspile(source: string, path: string): Promise<string> {
  const key = createHash('sha256')
    .update(`${TS_VERSION}\0${OPTIONS_VERSION}\0${path}\0${source}`)
    .digest('hex')
  const cached = join(CACHE_DIR, `${key}.js`)
  try {
    return await readFile(cached, 'utf8')
  } catch {
    // A miss: compile, then store atomically (parallel workers may write the same entry).
  }
  const output = transpile(source, path)
  try {
    await mkdir(CACHE_DIR, { recursive: true })
    const temporary = `${cached}.${process.pid}.tmp`
    await writeFile(temporary, output)
    await rename(temporary, cached)
  } catch {
    // An unwritable cache only costs speed; the compiled output is still correct.
  }
  return output
}

/** The `load` hook: TypeScript sources compiled by `typescript`, everything else passed on. */
export async function load(
  url: string,
  context: LoadContext,
  nextLoad: NextLoad,
): Promise<unknown> {
  if (!isOwnTypeScript(url)) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const source = await readFile(path, 'utf8')
  return { format: 'module', source: await cachedTranspile(source, path), shortCircuit: true }
}
