import type { CliCommand } from './cli-command.js'
import { BENCH_COMMAND } from './commands/bench-command.js'
import { CONFORM_COMMAND } from './commands/conform-command.js'
import { SERVE_COMMAND } from './commands/serve-command.js'

/** Every subcommand of `objectql`, by name. Add new commands here. */
export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map(
  [CONFORM_COMMAND, SERVE_COMMAND, BENCH_COMMAND].map((command) => [command.name, command]),
)
