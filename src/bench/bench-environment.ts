import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

/** Versions and provenance stamped on a run and used to key baselines. */
export interface BenchEnvironment {
  /** `process.version`, e.g. `v20.20.2`. */
  readonly node: string
  /** objectql-toolkit's version from package.json. */
  readonly toolkit: string
  /** Short git commit, `-dirty` when the tree has changes, `unknown` outside a repository. */
  readonly commit: string
  /** CPU model and count, e.g. `2 x AMD EPYC 7B13`. */
  readonly cpu: string
}

/** The toolkit's version: package.json two folders up from this file (src/bench, dist/bench). */
export function toolkitVersion(): string {
  const path = fileURLToPath(new URL('../../package.json', import.meta.url))
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }
    return typeof parsed.version === 'string' ? parsed.version : 'unknown'
  } catch {
    // A bundled or relocated copy has no package.json next to it; baselines then key on
    // 'unknown', which mismatches every stored baseline and so warns instead of gating.
    return 'unknown'
  }
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', [...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    }).trim()
  } catch {
    return undefined
  }
}

/** The commit of the working tree at `cwd` (short hash, `-dirty` when modified). */
export function gitCommit(cwd: string = process.cwd()): string {
  const head = git(['rev-parse', '--short=12', 'HEAD'], cwd)
  if (head === undefined || head === '') return 'unknown'
  const status = git(['status', '--porcelain', '--untracked-files=no'], cwd)
  return status === undefined || status === '' ? head : `${head}-dirty`
}

/** The environment of this process. */
export function benchEnvironment(cwd?: string): BenchEnvironment {
  const list = cpus()
  const model = list[0]?.model.trim() ?? 'unknown CPU'
  return {
    node: process.version,
    toolkit: toolkitVersion(),
    commit: gitCommit(cwd),
    cpu: `${list.length} x ${model}`,
  }
}
