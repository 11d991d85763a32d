import type { PluginPhase } from './plugin-adapter.js'

/** How one plugin phase (or one hook inside it) ended. */
export type BootStatus = 'ok' | 'failed' | 'timeout'

/**
 * One plugin phase in the boot tree. `children` appear when the phase ran several hooks (an
 * upstream `RuntimePlugin` with `init` and `install`); each child names its `hook`.
 */
export interface BootTreeNode {
  readonly plugin: string
  readonly version: string | undefined
  readonly phase: PluginPhase
  /** The plugin method that ran (`install`, `onStart`, `init`, `destroy`, ...); absent for no-op phases. */
  readonly hook?: string
  readonly durationMs: number
  readonly status: BootStatus
  /** The error message when `status` is not `ok`. */
  readonly error?: string
  readonly children?: readonly BootTreeNode[]
}

/** Every plugin phase the loader ran, in the order it ran them (install, start, stop, rollback). */
export type BootTree = readonly BootTreeNode[]

function formatDuration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`
}

function formatNode(node: BootTreeNode, label: string): string {
  const status = node.status === 'ok' ? '' : ` ${node.status.toUpperCase()}`
  const error = node.error === undefined ? '' : `: ${node.error}`
  return `${label} ${formatDuration(node.durationMs)}${status}${error}`
}

function pluginLabel(node: BootTreeNode): string {
  const version = node.version === undefined ? '' : `@${node.version}`
  const hook = node.hook === undefined ? ' (no hook)' : ` ${node.hook}()`
  return `${node.plugin}${version}${node.children === undefined ? hook : ''}`
}

function formatChildren(nodes: readonly BootTreeNode[], indent: string, lines: string[]): void {
  nodes.forEach((node, index) => {
    const last = index === nodes.length - 1
    lines.push(`${indent}${last ? '└─ ' : '├─ '}${formatNode(node, pluginLabel(node))}`)
    if (node.children !== undefined) {
      const childIndent = `${indent}${last ? '   ' : '│  '}`
      node.children.forEach((child, childIndex) => {
        const lastChild = childIndex === (node.children?.length ?? 0) - 1
        const label = `${child.hook ?? child.phase}()`
        lines.push(`${childIndent}${lastChild ? '└─ ' : '├─ '}${formatNode(child, label)}`)
      })
    }
  })
}

/**
 * Prints the boot tree for humans: consecutive nodes of one phase are grouped under a phase line
 * with its total time, each plugin shows its version, hook, duration and (when not ok) status
 * and error.
 *
 * @example
 * install 0.42 ms
 * ├─ metadata@1.0.0 install() 0.30 ms
 * └─ rest@2.1.0 0.12 ms
 *    ├─ init() 0.05 ms
 *    └─ install() 0.07 ms
 * start 10000 ms TIMEOUT
 * └─ rest@2.1.0 onStart() 10000 ms TIMEOUT: plugin 'rest' did not finish start within 10000 ms
 */
export function formatBootTree(tree: BootTree): string {
  const lines: string[] = []
  let index = 0
  while (index < tree.length) {
    const phase = tree[index]?.phase
    const group: BootTreeNode[] = []
    while (index < tree.length && tree[index]?.phase === phase) {
      const node = tree[index]
      if (node !== undefined) group.push(node)
      index += 1
    }
    const total = group.reduce((sum, node) => sum + node.durationMs, 0)
    const worst = group.find((node) => node.status !== 'ok')?.status
    lines.push(
      `${phase ?? ''} ${formatDuration(total)}${worst === undefined ? '' : ` ${worst.toUpperCase()}`}`,
    )
    formatChildren(group, '', lines)
  }
  return lines.join('\n')
}
