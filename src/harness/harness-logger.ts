import type { PluginLogger } from '../kernel/plugin/plugin.js'

/** One logged line. */
export interface HarnessLogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly message: string
  readonly data?: Readonly<Record<string, unknown>>
}

const LEVELS: readonly HarnessLogEntry['level'][] = ['debug', 'info', 'warn', 'error']

/**
 * The kernel logger inside the harness: keeps every line (plugins' `ctx.logger` adds the plugin
 * name to `data`) so tests can assert on logging, and echoes lines at or above `echoLevel` to
 * the console so failures in event listeners are never silent.
 */
export class HarnessLogger implements PluginLogger {
  readonly entries: HarnessLogEntry[] = []

  constructor(private readonly echoLevel: HarnessLogEntry['level'] | 'none') {}

  debug(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.add('debug', message, data)
  }

  info(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.add('info', message, data)
  }

  warn(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.add('warn', message, data)
  }

  error(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.add('error', message, data)
  }

  private add(
    level: HarnessLogEntry['level'],
    message: string,
    data: Readonly<Record<string, unknown>> | undefined,
  ): void {
    this.entries.push(data === undefined ? { level, message } : { level, message, data })
    if (this.echoLevel === 'none' || LEVELS.indexOf(level) < LEVELS.indexOf(this.echoLevel)) return
    const line = `[objectql harness] ${level}: ${message}`
    if (data === undefined) console.error(line)
    else console.error(line, data)
  }
}
