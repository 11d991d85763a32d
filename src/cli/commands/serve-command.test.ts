import { Validator } from '@seriousme/openapi-schema-validator'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { SERVE_COMMAND, parseServeArgs, runServeCommand, serveProject } from './serve-command.js'

const EXAMPLE = 'examples/project-tracker'
const EXAMPLE_PLUGIN = 'examples/project-tracker/project-tracker-plugin.ts'

async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/**
 * Runs `objectql serve` in-process until it prints its endpoints (or fails); `stop()` ends it
 * and `run` resolves its exit code.
 */
async function runUntilListening(argv: readonly string[]) {
  const out: string[] = []
  const err: string[] = []
  let stop = (): void => undefined
  const stopped = new Promise<void>((resolve) => {
    stop = resolve
  })
  const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }
  const run = runServeCommand(argv, io, stopped)
  for (let i = 0; i < 500 && err.length === 0; i++) {
    if (out.some((line) => line.includes('json-rpc'))) break
    await new Promise((r) => setTimeout(r, 20))
  }
  return { out, err, stop, stopped, run }
}

describe('objectql serve', () => {
  it('serves examples/project-tracker: REST, OpenAPI 3.1, Swagger UI and JSON-RPC on one port', async () => {
    const server = await serveProject(EXAMPLE, { port: 0 })
    try {
      expect(server.objects).toEqual(['projects', 'tasks', 'users'])
      const project = await json(
        `${server.url}/api/data/projects`,
        post({ name: 'Apollo', code: 'APL' }),
      )
      expect(project.status).toBe(201)
      expect(project.body).toMatchObject({ status: 'planned' })
      const task = await json(
        `${server.url}/api/data/tasks`,
        post({ title: 'Launch', project: project.body['id'] }),
      )
      expect(task.status).toBe(201)
      const bad = await json(
        `${server.url}/api/data/projects`,
        post({ name: 'Bad', code: 'lower', budget: -1 }),
      )
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
      const listed = await json(`${server.url}/api/data/tasks?count=true&sort=-title`)
      expect(listed.body).toMatchObject({ meta: { total: 1 }, items: [{ title: 'Launch' }] })
      const rpc = await json(
        `${server.url}/rpc`,
        post({ jsonrpc: '2.0', method: 'object.count', params: ['projects'], id: 1 }),
      )
      expect(rpc.body).toEqual({ jsonrpc: '2.0', result: 1, id: 1 })
      const doc = await json(`${server.url}/openapi.json`)
      expect(await new Validator().validate(doc.body)).toEqual({ valid: true })
      expect((await fetch(`${server.url}/docs/static/index.html`)).status).toBe(200)
    } finally {
      await server.close()
    }
    expect(server.kernel.state).toBe('stopped')
  })

  it('uses a driver from the factory and rejects an unknown driver or an empty folder', async () => {
    const seeded = new MemoryDriver({
      initialData: { users: [{ id: 'u1', name: 'Ada', email: 'ada@example.com' }] },
    })
    const server = await serveProject(EXAMPLE, {
      port: 0,
      driver: 'custom:seeded',
      driverFactory: (spec) => (spec === 'custom:seeded' ? seeded : undefined),
    })
    try {
      expect((await json(`${server.url}/api/data/users/u1`)).body).toMatchObject({ name: 'Ada' })
    } finally {
      await server.close()
    }
    await expect(serveProject(EXAMPLE, { port: 0, driver: 'oracle://x' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    })
    const empty = await mkdtemp(join(tmpdir(), 'objectql-serve-'))
    try {
      await writeFile(join(empty, 'README.md'), 'no objects here')
      await expect(serveProject(empty, { port: 0 })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      })
    } finally {
      await rm(empty, { recursive: true })
    }
  })

  it('--driver sqlite:<file> keeps data across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'objectql-serve-sqlite-'))
    const driver = `sqlite:${join(dir, 'tracker.db')}`
    try {
      const first = await serveProject(EXAMPLE, { port: 0, driver })
      let id: unknown
      try {
        const created = await json(
          `${first.url}/api/data/users`,
          post({ name: 'Ada', email: 'ada@example.com' }),
        )
        expect(created.status).toBe(201)
        id = created.body['id']
      } finally {
        await first.close()
      }
      const second = await serveProject(EXAMPLE, { port: 0, driver })
      try {
        const read = await json(`${second.url}/api/data/users/${String(id)}`)
        expect(read).toMatchObject({
          status: 200,
          body: { name: 'Ada', email: 'ada@example.com', active: true },
        })
      } finally {
        await second.close()
      }
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('parses arguments and runs until stopped, printing every endpoint', async () => {
    expect(parseServeArgs([EXAMPLE, '--port', '0', '--driver', 'memory'])).toEqual({
      dir: EXAMPLE,
      driver: 'memory',
      port: 0,
      host: '127.0.0.1',
      plugins: [],
    })
    expect(parseServeArgs([EXAMPLE, '--plugin', 'a.js', '--plugin', 'b']).plugins).toEqual([
      'a.js',
      'b',
    ])
    for (const bad of [
      [],
      [EXAMPLE, 'extra'],
      [EXAMPLE, '--port', 'x'],
      [EXAMPLE, '--port', '70000'],
      [EXAMPLE, '--nope'],
    ]) {
      expect(() => parseServeArgs(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
    }
    const { out, err, stop, stopped, run } = await runUntilListening([EXAMPLE, '--port', '0'])
    const rpcLine = out.find((line) => line.includes('json-rpc')) ?? ''
    const url = /http:\/\/\S+\/rpc/.exec(rpcLine)?.[0] ?? ''
    expect(
      (await json(url, post({ jsonrpc: '2.0', method: 'metadata.list', id: 1 }))).body,
    ).toMatchObject({ result: ['projects', 'tasks', 'users'] })
    stop()
    expect(await run).toBe(0)
    expect(out.join('\n')).toMatch(/openapi\.json/)
    expect(err).toEqual([])
    expect(
      await runServeCommand(
        ['/nonexistent/dir'],
        { stdout: () => undefined, stderr: (l) => err.push(l) },
        stopped,
      ),
    ).toBe(1)
    expect(err).toHaveLength(1)
  })

  it('--plugin serves the example plugin: hooks, and tasks:complete over REST and JSON-RPC', async () => {
    const { out, err, stop, run } = await runUntilListening([
      EXAMPLE,
      '--port',
      '0',
      '--plugin',
      EXAMPLE_PLUGIN,
    ])
    expect(err).toEqual([])
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join('\n'))?.[0] ?? 'no URL'
    try {
      expect(out).toContain('  plugins   project-tracker')
      const project = await json(`${base}/api/data/projects`, post({ name: 'Apollo', code: 'APL' }))
      const task = await json(
        `${base}/api/data/tasks`,
        post({ title: 'Launch', project: project.body['id'], tags: ['Ops', ' ops '] }),
      )
      // The plugin's beforeCreate hook runs under serve: tags come back normalised.
      expect(task.body).toMatchObject({ tags: ['ops'] })
      const done = await json(
        `${base}/api/actions/tasks/complete`,
        post({ id: task.body['id'], note: 'shipped' }),
      )
      expect(done).toMatchObject({
        status: 200,
        body: { result: { id: task.body['id'], done: true } },
      })
      const second = await json(
        `${base}/api/data/tasks`,
        post({ title: 'Review', project: project.body['id'] }),
      )
      const rpc = await json(
        `${base}/rpc`,
        post({
          jsonrpc: '2.0',
          id: 7,
          method: 'action.execute',
          params: { actionName: 'tasks:complete', params: { id: second.body['id'], note: 'rpc' } },
        }),
      )
      expect(rpc.body).toMatchObject({ id: 7, result: { id: second.body['id'], done: true } })
      const invalid = await json(
        `${base}/api/actions/tasks/complete`,
        post({ id: task.body['id'], note: 'x'.repeat(501) }),
      )
      expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
      // The plugin's log lines reach serve's output.
      expect(out).toContain("action tasks:complete on 'Launch' (note: shipped)")
      expect(out).toContain("action tasks:complete on 'Review' (note: rpc)")
    } finally {
      stop()
    }
    expect(await run).toBe(0)

    // Without --plugin the objects are served but the action has no handler.
    const plain = await serveProject(EXAMPLE, { port: 0 })
    try {
      const missing = await json(`${plain.url}/api/actions/tasks/complete`, post({ id: 'x' }))
      expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ACTION_NOT_FOUND' } } })
    } finally {
      await plain.close()
    }
  })

  it('SERVE_COMMAND runs in a real process and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'objectql-serve-cli-'))
    const script = join(dir, 'serve.mts')
    const module = pathToFileURL(resolve('src/cli/commands/serve-command.ts')).href
    await writeFile(
      script,
      `import { SERVE_COMMAND } from '${module}'\n` +
        `process.exitCode = await SERVE_COMMAND.run(process.argv.slice(2), ` +
        `{ out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) })\n`,
    )
    const args = [script, EXAMPLE, '--port', '0', '--plugin', EXAMPLE_PLUGIN]
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      for (let i = 0; i < 300 && !/\/rpc/.test(output); i++)
        await new Promise((r) => setTimeout(r, 50))
      const url = /http:\/\/\S+\/rpc/.exec(output)?.[0] ?? `no URL in: ${output}`
      const answer = await json(url, post({ jsonrpc: '2.0', method: 'metadata.list', id: 1 }))
      expect(answer.body).toMatchObject({ result: ['projects', 'tasks', 'users'] })
      const actions = await json(url, post({ jsonrpc: '2.0', method: 'action.list', id: 2 }))
      expect(actions.body).toMatchObject({ result: [{ object: 'tasks', name: 'complete' }] })
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(output).toContain('objectql serve: stopped')
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      await rm(dir, { recursive: true })
    }
    expect(SERVE_COMMAND.name).toBe('serve')
  })
})
