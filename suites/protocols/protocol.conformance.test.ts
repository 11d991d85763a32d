import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, test } from 'vitest'
import { serveProject } from '../../src/cli/commands/serve-command.js'
import {
  protocolSuite,
  startInProcessProtocolServer,
  urlTransport,
  writeProtocolFixture,
} from '../../src/compliance/index.js'

// Our server through the same front door anyone's server uses. The seed is fixed for
// reproducible CI; set OBJECTQL_SEED to explore other generated cases.
const seed = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)

// A SHOULD our server does not meet yet; the skip, with its reason, shows in every report.
const skip = {
  'PRT-ODATA-016':
    'our OData $filter refuses tolower()/toupper() on properties (501 NOT_SUPPORTED)',
}

describe('in process (Fastify inject), memory driver', () => {
  protocolSuite({
    name: 'objectql-toolkit:memory',
    test,
    afterAll,
    seed,
    skip,
    serve: () => startInProcessProtocolServer(),
  })
})

describe('by URL: objectql serve on a folder written by --write-fixture', () => {
  protocolSuite({
    name: 'objectql serve',
    test,
    afterAll,
    seed,
    skip,
    // A real socket on a loopback port: proves the URL transport, not only inject.
    serve: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'oq-protocol-fixture-'))
      await writeProtocolFixture(dir)
      const handle = await serveProject(dir, { port: 0 })
      return {
        transport: urlTransport(handle.url),
        async close() {
          await handle.close()
          await rm(dir, { recursive: true, force: true })
        },
      }
    },
  })
})
