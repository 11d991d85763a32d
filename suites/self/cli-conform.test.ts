import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { CliIO } from '../../src/cli/cli-command.js'
import { runCli } from '../../src/cli/objectql-cli.js'

const BROKEN = fileURLToPath(new URL('./fixtures/count-ignores-where-driver.ts', import.meta.url))

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = { out: (text) => void (out += text), err: (text) => void (err += text) }
  return { code: await runCli(argv, io), out, err }
}

describe('self-test through the CLI', () => {
  it('exits non-zero on a failed MUST and prints the minimal case', async () => {
    const { code, out } = await cli(
      'conform',
      '--driver',
      BROKEN,
      '--only',
      'DRV-AGG-001',
      '--no-report',
    )
    expect(code).toBe(1)
    expect(out).toContain('count where {"category":{"$eq":"a"}} is 6 but find returns 2 records')
    expect(out).toMatch(/broken:count-ignores-where\s+failing/)
  })

  it('--diff finds the disagreement, prints a replay command, and the replay repeats it', async () => {
    const { code, out } = await cli('conform', '--diff', `memory,${BROKEN}`, '--seed', '31')
    expect(code).toBe(1)
    expect(out).toMatch(/^DISAGREEMENT between count-ignores-where-driver and memory: /)
    const replay = /replay: objectql conform --diff \S+ --replay (\S+)/.exec(out)?.[1]
    expect(replay).toMatch(/^31\/[\d:]+$/)
    const again = await cli('conform', '--diff', `memory,${BROKEN}`, '--replay', replay ?? '')
    expect(again.code).toBe(1)
    const steps = (text: string) =>
      text.slice(text.indexOf('minimal sequence:'), text.indexOf('replay:'))
    expect(steps(again.out)).toBe(steps(out))
  })
})
