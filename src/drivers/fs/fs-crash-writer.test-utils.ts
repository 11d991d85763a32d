/**
 * Child process of the fs crash and lock tests (bundled by the test with esbuild, run as `node
 * <bundle> <dir> <mode>`). It drives the real FsDriver; the parent reads its stdout lines.
 *
 * - `write <ackFile>`: prints `ready <k>` (k = records already stored), then writes records
 *   with increasing sequence numbers forever (every fifth step a bulkCreate of three),
 *   appending `<n>` to ackFile once record n is durably stored. The ack goes to a file with a
 *   synchronous write, not to stdout: a pipe write may be queued in the process and lost with
 *   it, which would make the parent believe fewer writes were acknowledged than really were.
 *   The parent SIGKILLs it at a random moment.
 * - `hold`: takes the lock, prints `ready 0` and waits to be killed.
 * - `try`: tries to connect and prints `error <json>` (code, message, details) or `connected`.
 */
import { appendFileSync } from 'node:fs'
import { isObjectQLError } from '../../kernel/errors.js'
import { FsDriver } from './fs-driver.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

// Not exported: the parent test must not import this file (importing would run main()).
const EVENT: ObjectConfig = { name: 'event', fields: { seq: { type: 'number' } } }

/** The id of sequence number `seq`, zero-padded so ids sort like numbers. */
function eventId(seq: number): string {
  return `e${String(seq).padStart(7, '0')}`
}

async function main(dir: string, mode: string, ackFile: string | undefined): Promise<void> {
  const driver = new FsDriver({ dir })
  if (mode === 'try') {
    try {
      await driver.connect()
      process.stdout.write('connected\n')
      await driver.disconnect()
    } catch (error) {
      const coded = isObjectQLError(error) ? error.toJSON() : { message: String(error) }
      process.stdout.write(`error ${JSON.stringify(coded)}\n`)
    }
    return
  }
  await driver.connect()
  await driver.syncSchema([EVENT])
  let seq = await driver.count('event', undefined)
  process.stdout.write(`ready ${seq}\n`)
  if (mode === 'hold') {
    setInterval(() => undefined, 60_000)
    return
  }
  for (;;) {
    if ((seq + 1) % 5 === 0) {
      const batch = [seq + 1, seq + 2, seq + 3].map((n) => ({ id: eventId(n), seq: n }))
      await driver.bulkCreate('event', batch)
      seq += 3
    } else {
      seq += 1
      await driver.create('event', { id: eventId(seq), seq })
    }
    if (ackFile !== undefined) appendFileSync(ackFile, `${seq}\n`)
  }
}

const [dir, mode = 'write', ackFile] = process.argv.slice(2)
if (dir === undefined) {
  process.stderr.write('usage: fs-crash-writer <dir> <write <ackFile>|hold|try>\n')
  process.exit(2)
}
main(dir, mode, ackFile).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
