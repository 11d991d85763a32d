import { ObjectQLError } from '../../kernel/errors.js'

/** A seed plus, optionally, the fast-check path of one shrunk counterexample. */
export interface ReplayToken {
  readonly seed: number
  readonly path?: string
}

const SEED_LIMIT = 2 ** 31

/** A fresh 31-bit seed. Every run has one and prints it, so any run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * SEED_LIMIT)
}

/**
 * Checks a seed given in options: a 32-bit integer, as fast-check takes.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad value.
 */
export function validateSeed(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < -SEED_LIMIT || seed >= SEED_LIMIT) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `invalid seed ${String(seed)}: a seed is an integer between -2147483648 and 2147483647`,
    )
  }
  return seed
}

/**
 * Parses `--replay` input: `<seed>` repeats a whole run; `<seed>/<path>` (as reports print it)
 * repeats exactly one shrunk counterexample without searching again.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for anything else.
 */
export function parseReplayToken(text: string): ReplayToken {
  const match = /^(-?\d{1,10})(?:\/(\d+(?::\d+)*))?$/.exec(text.trim())
  if (match === null || match[1] === undefined) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `invalid seed '${text}': expected an integer seed, optionally followed by /<path> (e.g. 42 or 42/3:0:1)`,
    )
  }
  const seed = validateSeed(Number(match[1]))
  return match[2] === undefined ? { seed } : { seed, path: match[2] }
}

/** Formats a token the way {@link parseReplayToken} reads it. */
export function formatReplayToken(token: ReplayToken): string {
  return token.path === undefined ? String(token.seed) : `${token.seed}/${token.path}`
}
