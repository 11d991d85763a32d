import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileHandle } from 'node:fs/promises'

/**
 * Crash-safe workbook replacement (the same protocol as the fs driver, which a driver may not
 * import): the bytes go to a temp file in the workbook's directory, are flushed (`fsync`),
 * renamed over the workbook (atomic on POSIX and NTFS), and the directory is flushed so the
 * rename survives a power cut. Excel, LibreOffice or a restarted driver see the old workbook
 * or the new one, never a truncated zip.
 */

const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{12}\.oqtmp$/

/** A failed save, with the stage it failed in; before `sync-directory` the workbook is untouched. */
export class AtomicSaveError extends Error {
  readonly stage: 'write-temp' | 'rename' | 'sync-directory'

  constructor(stage: AtomicSaveError['stage'], cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'AtomicSaveError'
    this.stage = stage
  }
}

/**
 * Replaces `file` with `data` atomically and durably.
 *
 * @throws AtomicSaveError with the native error as `cause`.
 */
export async function saveFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.oqtmp`,
  )
  let handle: FileHandle | undefined
  let stage: AtomicSaveError['stage'] = 'write-temp'
  try {
    handle = await open(temp, 'wx', 0o666)
    await handle.writeFile(data)
    await handle.sync()
    await handle.close()
    handle = undefined
    stage = 'rename'
    await rename(temp, file)
  } catch (error) {
    // Cleanup after a failure already being reported; a leftover is removed on the next connect.
    await handle?.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw new AtomicSaveError(stage, error)
  }
  if (process.platform === 'win32') return
  try {
    const dir = await open(dirname(file), 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  } catch (error) {
    throw new AtomicSaveError('sync-directory', error)
  }
}

/**
 * Removes temp files a crashed save of `file` left behind (only this workbook's: other files in
 * the directory are not ours). Missing directory: nothing to do.
 */
export async function removeStaleSaves(file: string): Promise<void> {
  const prefix = `.${basename(file)}.`
  let names: string[]
  try {
    names = await readdir(dirname(file))
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return
    throw error
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !TEMP_FILE.test(name)) continue
    const pid = Number(name.slice(prefix.length).split('.')[0])
    // A save in flight belongs to a live process: leave it alone.
    if (isRunning(pid)) continue
    await unlink(join(dirname(file), name)).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error
    })
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM'
  }
}
