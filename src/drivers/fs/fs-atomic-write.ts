import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileHandle } from 'node:fs/promises'

/**
 * Crash-safe file replacement: the new content goes to a temp file in the SAME directory (so
 * the rename cannot cross file systems), is flushed to disk (`fsync`), renamed over the target
 * (atomic on POSIX and NTFS), and the directory is flushed so the rename itself survives a
 * power cut. A reader, or a process restarted after a crash, sees the old file or the new one,
 * never a mix; a crash leaves at most a stray temp file, which {@link removeTempFiles} deletes.
 */

/** Temp files are hidden and carry the writer's pid: `.<target>.<pid>.<random>.oqtmp`. */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{12}\.oqtmp$/

/** The stage an atomic write failed in; after `sync-directory` the new file is in place. */
export type AtomicWriteStage = 'write-temp' | 'rename' | 'sync-directory'

/** A failed atomic write: the native error plus the stage it happened in. */
export class AtomicWriteError extends Error {
  readonly stage: AtomicWriteStage

  constructor(stage: AtomicWriteStage, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'AtomicWriteError'
    this.stage = stage
  }
}

/**
 * Replaces `file` with `data` atomically and durably (see the module comment).
 *
 * @throws AtomicWriteError with the native error as `cause`; before the `sync-directory` stage
 *   the target file is untouched.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomHex()}.oqtmp`)
  let handle: FileHandle | undefined
  let stage: AtomicWriteStage = 'write-temp'
  try {
    handle = await open(temp, 'wx', 0o666)
    await handle.writeFile(data)
    await handle.sync()
    await handle.close()
    handle = undefined
    stage = 'rename'
    await rename(temp, file)
  } catch (error) {
    // Cleanup after a failure that is already being reported: a second failure here (the temp
    // file cannot be removed) must not hide the first, and the leftover is removed on connect.
    await handle?.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw new AtomicWriteError(stage, error)
  }
  try {
    await syncDirectory(dirname(file))
  } catch (error) {
    throw new AtomicWriteError('sync-directory', error)
  }
}

/**
 * Flushes a directory's entries (new, renamed, removed files) to disk. Windows cannot open a
 * directory for syncing and NTFS journals renames itself, so it is a no-op there.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Deletes temp files that crashed writers left in `dir`. Call it only while holding the
 * directory's lock: without it, a temp file may belong to a live writer.
 *
 * @returns how many files were removed.
 */
export async function removeTempFiles(dir: string): Promise<number> {
  let removed = 0
  for (const name of await readdir(dir)) {
    if (!TEMP_FILE.test(name)) continue
    try {
      await unlink(join(dir, name))
      removed++
    } catch (error) {
      // Gone already (another cleanup) is fine; anything else is a real problem.
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error
    }
  }
  return removed
}

/** True for a name {@link writeFileAtomic} uses for its temp files. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name)
}

function randomHex(): string {
  return randomBytes(6).toString('hex')
}
