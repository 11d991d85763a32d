import { randomBytes, randomUUID } from 'node:crypto'
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'
import { syncDirectory } from './fs-atomic-write.js'
import { errnoCode, mapFsError } from './fs-error-map.js'

/** Name of the lock file inside the data directory. */
export const LOCK_FILE_NAME = '.objectql.lock'

/**
 * A lock file without a parseable owner this old is a writer that died between creating and
 * filling it; a younger one may still be being written.
 */
const UNREADABLE_LOCK_GRACE_MS = 10_000

/** What the lock file holds. */
export interface LockOwner {
  readonly pid: number
  readonly host: string
  readonly token: string
  readonly since: string
}

/** A held directory lock. */
export interface DirectoryLock {
  readonly file: string
  readonly owner: LockOwner
  /** Removes the lock file if it is still ours (idempotent). */
  release(): Promise<void>
}

/**
 * Takes the exclusive lock of `dir`: a lock file created with `O_CREAT|O_EXCL` (`'wx'`), holding
 * the pid, host and a random token. When the file exists, its holder is checked: a process on
 * this host that no longer runs left a stale lock, which is taken over; a live holder (or one
 * on another host, which cannot be checked) makes this call fail.
 *
 * Take-over renames the stale file aside first and checks that what it moved is the stale
 * owner, so two processes racing to take over cannot both win: the loser finds a fresh owner
 * in what it moved, puts it back and fails.
 *
 * @throws ObjectQLError `DRIVER_UNAVAILABLE` naming the directory, the lock file and the holder
 *   pid when another holder is alive; other codes (mapped errno) when the file system fails.
 */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  const file = join(dir, LOCK_FILE_NAME)
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: randomUUID(),
    since: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(file, owner)) {
      await syncDirectory(dir).catch((error: unknown) => {
        throw mapFsError(error, 'lock', dir)
      })
      return heldLock(file, owner)
    }
    const holder = await readHolder(file)
    if (holder === 'gone') continue
    if (holder === 'unreadable') {
      if (!(await olderThan(file, UNREADABLE_LOCK_GRACE_MS))) throw lockedError(dir, file)
      await takeOver(dir, file, undefined)
      continue
    }
    if (isAlive(holder)) throw lockedError(dir, file, holder)
    await takeOver(dir, file, holder)
  }
  throw lockedError(dir, file)
}

function heldLock(file: string, owner: LockOwner): DirectoryLock {
  let released = false
  return {
    file,
    owner,
    async release() {
      if (released) return
      released = true
      const holder = await readHolder(file)
      // Never delete a lock someone else holds (ours was taken over after we looked dead).
      if (typeof holder !== 'object' || holder.token !== owner.token) return
      try {
        await unlink(file)
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw mapFsError(error, 'unlock', file)
      }
    },
  }
}

/** Creates the lock file exclusively; false when it already exists. */
async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  let handle
  try {
    handle = await open(file, 'wx', 0o644)
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false
    throw mapFsError(error, 'lock', file)
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`)
    await handle.sync()
    await handle.close()
    return true
  } catch (error) {
    // A lock we could not fill must not stay behind looking held; the write error is reported.
    await handle.close().catch(() => undefined)
    await unlink(file).catch(() => undefined)
    throw mapFsError(error, 'lock', file)
  }
}

async function readHolder(file: string): Promise<LockOwner | 'gone' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'gone'
    throw mapFsError(error, 'read lock', file)
  }
  return parseOwner(text) ?? 'unreadable'
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null
    if (
      typeof value === 'object' &&
      value !== null &&
      Number.isSafeInteger(value.pid) &&
      typeof value.host === 'string' &&
      typeof value.token === 'string'
    ) {
      return value as LockOwner
    }
  } catch {
    // An unparseable owner is reported as 'unreadable' by the caller, not as an error.
  }
  return undefined
}

/** True unless the holder is a process on this host that no longer exists. */
function isAlive(holder: LockOwner): boolean {
  if (holder.host !== hostname()) return true
  if (holder.pid === process.pid) return true
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(error) !== 'ESRCH'
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return true
    throw mapFsError(error, 'read lock', file)
  }
}

/** Removes a stale lock whose owner is `stale` (undefined: unreadable), or fails if it changed. */
async function takeOver(dir: string, file: string, stale: LockOwner | undefined): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.stale`
  try {
    await rename(file, aside)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return
    throw mapFsError(error, 'take over lock', file)
  }
  const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''))
  if (moved?.token !== stale?.token) {
    // We moved a fresh lock another process just took: put it back (link never overwrites).
    await link(aside, file).catch(() => undefined)
    await unlink(aside).catch(() => undefined)
    throw lockedError(dir, file, moved)
  }
  await unlink(aside).catch((error: unknown) => {
    throw mapFsError(error, 'take over lock', aside)
  })
}

function lockedError(dir: string, file: string, holder?: LockOwner): ObjectQLError {
  const who =
    holder === undefined
      ? 'another process'
      : `process ${holder.pid} on ${holder.host}${holder.since === undefined ? '' : ` since ${holder.since}`}`
  return new ObjectQLError(
    'DRIVER_UNAVAILABLE',
    `fs driver: directory ${dir} is locked by ${who} (lock file ${file}); stop that process, ` +
      'or delete the lock file if it is not running',
    {
      details: {
        dir,
        lockFile: file,
        ...(holder === undefined ? {} : { holderPid: holder.pid, holderHost: holder.host }),
      },
    },
  )
}
