/**
 * Child process of the excel crash test, run as `node --import tsx <this file> <workbook>
 * <ackFile>`: opens the real ExcelDriver, prints `ready <k>` (records already stored), then
 * creates records with increasing sequence numbers forever, appending `<n>` to ackFile once
 * record n is saved (a synchronous file write: a queued stdout write would die with the
 * process). The parent SIGKILLs it at a random moment. Importing this file would run it.
 */
import { appendFileSync } from 'node:fs'
import { ExcelDriver } from './excel-driver.js'

async function main(file: string, ackFile: string): Promise<void> {
  const driver = new ExcelDriver({ file })
  await driver.connect()
  await driver.syncSchema([{ name: 'event', fields: { seq: { type: 'number' } } }])
  let seq = await driver.count('event', undefined)
  process.stdout.write(`ready ${seq}\n`)
  for (;;) {
    seq += 1
    await driver.create('event', { id: `e${String(seq).padStart(7, '0')}`, seq })
    appendFileSync(ackFile, `${seq}\n`)
  }
}

const [file, ackFile] = process.argv.slice(2)
if (file === undefined || ackFile === undefined) {
  process.stderr.write('usage: excel-crash-writer <workbook.xlsx> <ackFile>\n')
  process.exit(2)
}
main(file, ackFile).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
