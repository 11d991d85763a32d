/**
 * Node module-loader hooks that compile the toolkit's TypeScript sources with the TypeScript
 * compiler itself (`transpileModule`), i.e. into the very JavaScript `tsc` ships in dist/.
 *
 * Why not just tsx: tsx compiles with esbuild's `keepNames`, which wraps every function and
 * closure in a `__name(fn, "name")` call. Closures created per operation (the kernel pipeline
 * makes several per call) then pay an extra `Object.defineProperty` each; profiling
 * `kernel.findOne` from source showed about 10% of its time there. A benchmark of the source
 * must measure the code users run, so bench workers load sources through these hooks (tsx
 * stays underneath for resolution).
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

interface LoadContext {
  readonly format?: string | null
}

interface LoadResult {
  readonly format: string
  readonly source: string
  readonly shortCircuit: boolean
}

type NextLoad = (url: string, context: LoadContext) => Promise<unknown>

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: true,
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

/** The `load` hook: TypeScript sources compiled by `typescript`, everything else passed on. */
export async function load(
  url: string,
  context: LoadContext,
  nextLoad: NextLoad,
): Promise<unknown> {
  if (!isOwnTypeScript(url)) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const source = await readFile(path, 'utf8')
  const output = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: path })
  const result: LoadResult = { format: 'module', source: output.outputText, shortCircuit: true }
  return result
}
