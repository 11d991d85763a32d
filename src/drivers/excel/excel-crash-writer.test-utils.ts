/**
 * Child process of the excel crash test, run as `node --import tsx <this file> <workbook>`:
 * opens the real ExcelDriver, prints `ready <k>` (records already stored), then creates records
 * with increasing sequence numbers forever, printing `ack <n>` once record n is saved. The
 * parent SIGKILLs it at a random moment. Not exported: importing this file would run it.
 */
import { ExcelDriver } from './excel-driver.js'

async function main(file: string): Promise<void> {
  const driver = new ExcelDriver({ file })
  await driver.connect()
  await driver.syncSchema([{ name: 'event', fields: { seq: { type: 'number' } } }])
  let seq = await driver.count('event', undefined)
  process.stdout.write(`ready ${seq}\n`)
  for (;;) {
    seq += 1
    await driver.create('event', { id: `e${String(seq).padStart(7, '0')}`, seq })
    process.stdout.write(`ack ${seq}\n`)
  }
}

const [file] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: excel-crash-writer <workbook.xlsx>\n')
  process.exit(2)
}
main(file).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
