import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The architecture is the folder tree, and this test keeps it true by reading imports:
 * `kernel <- drivers, protocols <- harness <- compliance <- bench <- cli`. The kernel imports
 * nothing else from src/; drivers never import protocols (or other drivers) and the other way
 * round. Tests (`*.test.ts`, `*.test-utils.ts`) may reach further, e.g. a kernel test may boot the
 * memory driver; the shipped code may not.
 */

const SRC = dirname(fileURLToPath(import.meta.url))

const RANK: Readonly<Record<string, number>> = {
  kernel: 0,
  drivers: 1,
  protocols: 1,
  harness: 2,
  compliance: 3,
  bench: 4,
  cli: 5,
}

interface ImportEdge {
  readonly from: string
  readonly to: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
    const isTest = entry.name.endsWith('.test.ts') || entry.name.endsWith('.test-utils.ts')
    return isSource && !isTest ? [path] : []
  })
}

const IMPORT_PATTERN = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g

function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(IMPORT_PATTERN)].map((match) => ({
      from: relative(SRC, file),
      to: relative(SRC, resolve(dirname(file), match[1] ?? '')),
    }))
  })
}

/** `drivers/sql/x.ts` -> `{ layer: 'drivers', unit: 'drivers/sql' }`; root files have no layer. */
function locate(path: string): { layer: string | undefined; unit: string | undefined } {
  const parts = path.split(sep)
  if (parts.length < 2) return { layer: undefined, unit: undefined }
  const layer = parts[0]
  const unit = layer === 'drivers' || layer === 'protocols' ? `${layer}/${parts[1]}` : layer
  return { layer, unit }
}

/** Why an edge breaks the direction, or undefined when it is allowed. */
function violation(edge: ImportEdge): string | undefined {
  const from = locate(edge.from)
  const to = locate(edge.to)
  if (from.layer === undefined || to.layer === undefined) {
    return to.layer === undefined && from.layer !== undefined
      ? 'imports a root file of src/'
      : undefined
  }
  const fromRank = RANK[from.layer]
  const toRank = RANK[to.layer]
  if (fromRank === undefined || toRank === undefined) return `unknown layer in ${edge.to}`
  if (toRank > fromRank) return `${from.layer} may not depend on ${to.layer}`
  if (toRank === fromRank && from.layer !== to.layer)
    return `${from.layer} and ${to.layer} are siblings`
  if (from.layer === to.layer && (from.layer === 'drivers' || from.layer === 'protocols')) {
    const shared = `${from.layer}/common`
    if (from.unit !== to.unit && to.unit !== shared) return `${from.unit} may not import ${to.unit}`
  }
  return undefined
}

describe('dependency direction', () => {
  it('every import in shipped code points down the layer order', () => {
    const broken = importEdges()
      .map((edge) => ({ edge, why: violation(edge) }))
      .filter((entry) => entry.why !== undefined)
      .map(({ edge, why }) => `${edge.from} -> ${edge.to}: ${why}`)
    expect(broken).toEqual([])
  })

  it('the rule itself rejects the edges it names', () => {
    const cases: ImportEdge[] = [
      { from: `kernel${sep}kernel.ts`, to: `drivers${sep}memory${sep}memory-driver.ts` },
      {
        from: `drivers${sep}sql${sep}sql-driver.ts`,
        to: `protocols${sep}rest${sep}rest-server.ts`,
      },
      { from: `protocols${sep}rest${sep}rest-server.ts`, to: `drivers${sep}memory${sep}index.ts` },
      { from: `drivers${sep}redis${sep}redis-driver.ts`, to: `drivers${sep}memory${sep}index.ts` },
      { from: `harness${sep}plugin-test-harness.ts`, to: `compliance${sep}index.ts` },
    ]
    expect(cases.map(violation).every((why) => why !== undefined)).toBe(true)
    const allowed: ImportEdge = {
      from: `drivers${sep}redis${sep}redis-driver.ts`,
      to: `kernel${sep}query${sep}filter-compiler.ts`,
    }
    expect(violation(allowed)).toBeUndefined()
  })
})
