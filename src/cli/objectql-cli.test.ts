import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIO } from './cli-command.js'
import { runCli } from './objectql-cli.js'
import { createInProcessProtocolServer } from '../compliance/protocol/in-process-protocol-server.js'

/** Runs the CLI in-process and captures both streams. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIO = { out: (text) => void (out += text), err: (text) => void (err += text) }
  const code = await runCli(argv, io)
  return { code, out, err }
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oq-cli-'))
  await writeFile(
    join(dir, 'throws.mjs'),
    "export function createDriver() { throw new Error('cannot reach db\\n  at x') }\n",
  )
  await writeFile(
    join(dir, 'half.mjs'),
    "export function createDriver() { return { name: 'half', capabilities: {}, find() {} } }\n",
  )
  await writeFile(join(dir, 'nothing.mjs'), 'export const answer = 42\n')
  await writeFile(join(dir, 'broken-syntax.mjs'), 'export const = \n')
  await writeFile(join(dir, 'a-file'), 'x')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('objectql CLI: bad input gives one coded line, never a stack trace', () => {
  const oneLine = (text: string) => expect(text.trim().split('\n')).toHaveLength(1)

  it.each([
    [['nope'], /^objectql: CONFIG_INVALID: unknown command 'nope'/],
    [['conform', '--bogus'], /^objectql: CONFIG_INVALID: Unknown option '--bogus'/],
    [
      ['conform', '--only', 'DRV-NOPE-001', '--no-report', '--driver', 'memory'],
      /^objectql: CONFIG_INVALID: unknown audit id in only: DRV-NOPE-001/,
    ],
    [
      ['conform', '--replay', 'not-a-seed', '--no-report', '--driver', 'memory'],
      /^objectql: CONFIG_INVALID: invalid seed 'not-a-seed'/,
    ],
    [
      ['conform', '--seed', '1.5', '--no-report'],
      /^objectql: CONFIG_INVALID: --seed takes an integer/,
    ],
    [
      ['conform', '--diff', 'memory'],
      /^objectql: CONFIG_INVALID: --diff takes at least two drivers/,
    ],
    [
      ['conform', '--driver', './does/not/exist.js', '--no-report'],
      /^objectql: CONFIG_INVALID: driver module not found: .\/does\/not\/exist.js/,
    ],
    [
      ['conform', '--protocol', 'soap'],
      /^objectql: CONFIG_INVALID: unknown protocol 'soap': use rest, json-rpc, graphql, odata or all/,
    ],
    [
      ['conform', '--url', 'http://127.0.0.1:1'],
      /^objectql: CONFIG_INVALID: --url need --protocol/,
    ],
    [
      ['conform', '--protocol', 'rest', '--path', 'rest'],
      /^objectql: CONFIG_INVALID: --path takes name=\/path/,
    ],
    [
      ['conform', '--protocol', 'rest', '--path', 'soap=/soap'],
      /^objectql: CONFIG_INVALID: unknown path key 'soap'/,
    ],
    [
      ['conform', '--protocol', 'rest', '--diff', 'memory,memory'],
      /^objectql: CONFIG_INVALID: --protocol does not go with --diff/,
    ],
    [
      ['conform', '--protocol', 'rest', '--url', 'ftp://x', '--no-report'],
      /^objectql: CONFIG_INVALID: not an http\(s\) URL: ftp:\/\/x/,
    ],
    [
      ['conform', '--protocol', 'rest', '--only', 'PRT-NOPE-001', '--no-report'],
      /^objectql: CONFIG_INVALID: unknown audit id in only: PRT-NOPE-001/,
    ],
  ])('%j', async (argv, expected) => {
    const { code, err } = await cli(...argv)
    expect(code).toBe(2)
    expect(err).toMatch(expected)
    oneLine(err)
  })

  it('reports a factory that throws, a driver missing methods, a module without a driver', async () => {
    const cases: [string, RegExp][] = [
      ['throws.mjs', /^objectql: CONFIG_INVALID: driver factory threw: cannot reach db$/],
      [
        'half.mjs',
        /^objectql: CONFIG_INVALID: driver factory returned a driver missing connect, disconnect, checkHealth, .* \(extend DriverBase for defaults\)$/,
      ],
      ['nothing.mjs', /^objectql: CONFIG_INVALID: driver module .*nothing.mjs exports no driver/],
      [
        'broken-syntax.mjs',
        /^objectql: CONFIG_INVALID: driver module .*broken-syntax.mjs failed to load/,
      ],
    ]
    for (const [file, expected] of cases) {
      const { code, err } = await cli('conform', '--driver', join(dir, file), '--no-report')
      expect(code, file).toBe(2)
      expect(err.trim(), file).toMatch(expected)
      oneLine(err)
    }
  })

  it('refuses an unwritable report directory before running anything', async () => {
    const { code, err } = await cli(
      'conform',
      '--driver',
      'memory',
      '--report',
      join(dir, 'a-file', 'reports'),
    )
    expect(code).toBe(2)
    expect(err).toMatch(
      /^objectql: CONFIG_INVALID: report directory .*a-file\/reports is not writable \(ENOTDIR\)/,
    )
    oneLine(err)
  })

  it('prints help', async () => {
    expect((await cli('conform', '--help')).out).toContain('--diff <a,b,...>')
    expect((await cli('--help')).out).toContain('conform')
  })
})

describe('objectql conform', () => {
  it('checks a shipped driver, shows progress, prints the matrix and writes every report', async () => {
    const reports = join(dir, 'reports')
    const junit = join(dir, 'junit.xml')
    const { code, out, err } = await cli(
      'conform',
      '--driver',
      'memory',
      '--only',
      'DRV-NULL-002,DRV-PROP-002',
      '--seed',
      '9',
      '--runs',
      '20',
      '--report',
      reports,
      '--junit',
      junit,
    )
    expect(code).toBe(0)
    expect(err).toMatch(/memory: 2 audits, seed 9, 20 runs per property/)
    expect(err).toMatch(/Filters, nulls, strings\s+pass\s+1\/1 passed/)
    expect(out).toMatch(/memory\s+conformant\s+\./)
    expect(out).toContain('memory: CONFORMANT (2 passed, 0 failed, 0 skipped')
    expect(
      JSON.parse(await readFile(join(reports, 'drivers', 'memory.json'), 'utf8')),
    ).toMatchObject({ driver: 'memory', seed: 9, grade: 'conformant' })
    expect(await readFile(join(reports, 'index.md'), 'utf8')).toContain(
      '| memory | conformant | embedded |',
    )
    expect(await readFile(join(reports, 'index.html'), 'utf8')).toContain('<table>')
    expect(await readFile(junit, 'utf8')).toContain('tests="2" failures="0"')
  })
})

describe('objectql conform --protocol', () => {
  it('audits our server in process, shows progress, writes its report and the matrix section', async () => {
    const reports = join(dir, 'protocol-reports')
    const junit = join(dir, 'protocol-junit.xml')
    const { code, out, err } = await cli(
      'conform',
      '--protocol',
      'rest,json-rpc',
      '--only',
      'PRT-REST-015,PRT-RPC-004,PRT-GQL-001',
      '--seed',
      '3',
      '--report',
      reports,
      '--junit',
      junit,
    )
    expect(code).toBe(0)
    expect(err).toMatch(
      /objectql-toolkit:memory: 3 protocol audits \(rest, json-rpc\), seed 3, 25 runs per property, target inject/,
    )
    expect(err).toMatch(/REST \+ OpenAPI\s+pass\s+1\/1 passed/)
    expect(err).toMatch(/GraphQL over HTTP\s+n\/a\s+0\/1 passed, 1 n\/a/)
    expect(out).toMatch(/objectql-toolkit:memory\s+conformant\s+ok 1\/1\s+ok 1\/1\s+n\/a/)
    expect(out).toContain(
      'objectql-toolkit:memory: CONFORMANT (2 passed, 0 failed, 0 skipped, 1 n/a',
    )
    const json = JSON.parse(
      await readFile(join(reports, 'protocols', 'objectql-toolkit-memory.json'), 'utf8'),
    )
    expect(json).toMatchObject({ kind: 'protocol', seed: 3, protocols: ['rest', 'json-rpc'] })
    expect(await readFile(join(reports, 'index.md'), 'utf8')).toContain(
      '| objectql-toolkit:memory | conformant | embedded (inject, memory driver) | pass 1/1 | pass 1/1 | n/a |',
    )
    expect(await readFile(junit, 'utf8')).toContain('tests="3" failures="0"')
  })

  it('--with-protocols runs the drivers, then our server, and splits --only between them', async () => {
    const { code, out } = await cli(
      'conform',
      '--driver',
      'memory',
      '--with-protocols',
      '--only',
      'DRV-NULL-002,PRT-RPC-004',
      '--no-report',
    )
    expect(code).toBe(0)
    expect(out).toContain('memory: CONFORMANT (1 passed')
    expect(out).toContain('objectql-toolkit:memory: CONFORMANT (1 passed')
  })

  it('writes the fixture as object YAML with the next steps', async () => {
    const fixture = join(dir, 'fixture')
    const { code, out } = await cli('conform', '--write-fixture', fixture)
    expect(code).toBe(0)
    expect(out).toContain(`objectql serve ${fixture}`)
    expect(await readFile(join(fixture, 'prt_items.object.yml'), 'utf8')).toContain(
      'name: prt_items',
    )
  })

  it('audits a server by URL and exits 1 when a MUST fails (protocol not where --path says)', async () => {
    const server = await createInProcessProtocolServer()
    const url = await server.host.listen({ port: 0 })
    try {
      const good = await cli(
        'conform',
        '--protocol',
        'json-rpc',
        '--url',
        url,
        '--only',
        'PRT-RPC-004',
        '--no-report',
      )
      expect(good.code).toBe(0)
      expect(good.out).toMatch(/: CONFORMANT \(1 passed/)
      const moved = await cli(
        'conform',
        '--protocol',
        'json-rpc',
        '--url',
        url,
        '--path',
        'json-rpc=/elsewhere',
        '--only',
        'PRT-RPC-004',
        '--name',
        'moved',
        '--no-report',
      )
      expect(moved.code).toBe(1)
      expect(moved.out).toContain('PRT-RPC-004 MUST')
      expect(moved.out).toMatch(/moved\s+failing\s+\.\s+FAIL 0\/1/)
      expect(moved.out).toContain('hint: nothing passed.')
    } finally {
      await server.close()
    }
  })
})
