#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { isObjectQLError } from '../kernel/errors.js'
import { PROCESS_IO } from './cli-command.js'
import type { CliIO } from './cli-command.js'
import { COMMANDS } from './command-table.js'

function help(): string {
  const lines = [...COMMANDS.values()].map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
  return `Usage: objectql <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'objectql <command> --help' for a command's options.\n`
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves the exit code. Coded
 * errors print as one line (`objectql: CONFIG_INVALID: ...`), never as a stack trace; anything
 * uncoded is a bug and prints as INTERNAL_ERROR with its first line.
 */
export async function runCli(argv: readonly string[], io: CliIO = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help())
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS.get(name)
  if (command === undefined) {
    io.err(
      `objectql: CONFIG_INVALID: unknown command '${name}' (commands: ${[...COMMANDS.keys()].join(', ')})\n`,
    )
    return 2
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (isObjectQLError(error)) io.err(`objectql: ${error.code}: ${error.message}\n`)
    else {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
      io.err(`objectql: INTERNAL_ERROR: ${message}\n`)
    }
    return 2
  }
}

/** True when this file is the entry point (also through npm's bin symlink), not an import. */
function isMain(): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href
  } catch {
    return false
  }
}

if (isMain()) {
  process.exitCode = await runCli(process.argv.slice(2))
}
