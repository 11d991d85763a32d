/** Where a command writes: injectable so tests capture output without a child process. */
export interface CliIO {
  /** Normal output (results, the matrix). */
  out(text: string): void
  /** Progress and diagnostics. */
  err(text: string): void
}

/** The process streams as {@link CliIO}. */
export const PROCESS_IO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/**
 * One `objectql <name>` subcommand. Commands live one per file under `commands/` and are listed
 * in `command-table.ts`; adding `bench` or `serve` is one new file and one table entry.
 */
export interface CliCommand {
  readonly name: string
  /** One line for `objectql --help`. */
  readonly summary: string
  /** Full usage text for `objectql <name> --help`. */
  readonly usage: string
  /** Runs the command; resolves the process exit code. Throws only coded errors. */
  run(args: readonly string[], io: CliIO): Promise<number>
}
