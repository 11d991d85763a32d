import { isAbsolute, resolve } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'

/** Options of {@link FsDriver}. */
export interface FsDriverConfig {
  /**
   * The directory holding one `<object>.jsonl` file per object (JSON Lines: one record per
   * line). Created on `connect()` when missing. Relative paths resolve against the working
   * directory at construction time.
   */
  readonly dir: string
  /**
   * Take the directory's lock file (`.objectql.lock`) on `connect()` and release it on
   * `disconnect()`, so a second process (or a second driver in this process) opening the same
   * directory fails with `DRIVER_UNAVAILABLE` naming the holder instead of overwriting its
   * writes. Default `true`; turn it off only when something else guarantees one writer.
   */
  readonly lock?: boolean
}

/** A config with defaults applied and the directory made absolute. */
export interface ResolvedFsDriverConfig {
  readonly dir: string
  readonly lock: boolean
}

/**
 * Validates a config and fills in defaults.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveFsConfig(config: FsDriverConfig): ResolvedFsDriverConfig {
  if (typeof config !== 'object' || (config as unknown) === null) {
    throw new ObjectQLError('CONFIG_INVALID', 'fs driver: config must be an object with a `dir`')
  }
  const { dir, lock } = config as { dir?: unknown; lock?: unknown }
  if (typeof dir !== 'string' || dir.trim() === '' || dir.includes('\0')) {
    throw new ObjectQLError('CONFIG_INVALID', 'fs driver: `dir` must be a non-empty path', {
      details: { option: 'dir' },
    })
  }
  if (lock !== undefined && typeof lock !== 'boolean') {
    throw new ObjectQLError('CONFIG_INVALID', 'fs driver: `lock` must be a boolean', {
      details: { option: 'lock' },
    })
  }
  return { dir: isAbsolute(dir) ? resolve(dir) : resolve(process.cwd(), dir), lock: lock ?? true }
}
