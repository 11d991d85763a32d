import { spawn } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openDriver, tempWorkbook } from './excel-driver.test-utils.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const CHILD = join(HERE, 'excel-crash-writer.test-utils.ts')
const REPO = resolve(HERE, '../../..')
const KILLS = 8
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)

/** Runs the child writer until `ready`, lets it write for `ms`, kills it; returns the counts. */
async function killDuringWrites(file: string, ms: number): Promise<{ k: number; ack: number }> {
  const ackFile = `${file}.acks`
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, ackFile], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // 'close', not 'exit': every line printed before the kill has been read by then.
  const closed = new Promise<void>((done) => child.once('close', () => done()))
  const ready = new Promise<number>((done, failed) => {
    createInterface({ input: child.stdout }).once('line', (line) =>
      done(Number(line.replace('ready ', ''))),
    )
    child.once('exit', (code) => failed(new Error(`child exited (${String(code)}): ${stderr}`)))
  })
  let k: number
  try {
    k = await ready
    await new Promise((done) => setTimeout(done, ms))
  } finally {
    child.kill('SIGKILL')
    await closed
  }
  const acks = await readFile(ackFile, 'utf8').catch(() => '')
  return { k, ack: Number(acks.trim().split('\n').at(-1) ?? 0) }
}

describe('excel driver: atomic saves under SIGKILL', () => {
  it(`the workbook opens and holds a prefix of the writes after ${KILLS} kills mid-save`, async () => {
    const file = await tempWorkbook()
    let random = SEED
    let acknowledged = 0
    // What a child is known to have started from or acknowledged: the next child may find at
    // most one more record, saved but not yet acknowledged when the kill came.
    let known = 0
    const recovered: number[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      random = (random * 1_103_515_245 + 12_345) % 2 ** 31
      const { k, ack } = await killDuringWrites(file, 150 + (random % 500))
      recovered.push(k)
      expect(k).toBeGreaterThanOrEqual(acknowledged)
      expect(k).toBeLessThanOrEqual(known + 1)
      acknowledged = Math.max(acknowledged, ack)
      known = Math.max(k, acknowledged)
    }
    const driver = await openDriver(file, [{ name: 'event', fields: { seq: { type: 'number' } } }])
    const records = await driver.find('event', {
      object: 'event',
      orderBy: [{ field: 'id', order: 'asc' }],
    })
    expect(records.map((record) => record['seq'])).toEqual(
      Array.from({ length: records.length }, (_, i) => i + 1),
    )
    expect(records.length).toBeGreaterThanOrEqual(acknowledged)
    expect((await readdir(dirname(file))).filter((name) => name.endsWith('.oqtmp'))).toEqual([])
    await driver.disconnect()
    console.info(
      `excel crash test (seed ${SEED}): ${KILLS} SIGKILLs, recovered prefix lengths ` +
        `[${recovered.join(', ')}], final ${records.length} records (last acknowledged ${acknowledged})`,
    )
  }, 120_000)
})
