import { MongoClient } from 'mongodb'
import { afterAll, describe, it, test } from 'vitest'
import { redactUrl } from '../../src/compliance/common/backend-info.js'
import { driverSuite } from '../../src/compliance/index.js'
import type { DriverConformanceResult } from '../../src/compliance/index.js'
import { MongoDriver } from '../../src/drivers/mongo/index.js'
import { provide } from '../../src/harness/services/provide.js'

// The mongo driver against a real MongoDB: from OBJECTQL_MONGO_URL (as given; add
// `replicaSet=...` for the transaction audits) or a container when a runtime answers. No
// MongoDB server can be installed on our machines, so without either the whole suite is
// reported as skipped with the reason. Collections of this run share a unique prefix and are
// dropped afterwards. The seed is fixed for reproducible CI; set OBJECTQL_SEED to explore.
const mongo = await provide('mongo')
const url = mongo.url
const database = 'objectql_conformance'
const prefix = `oq${process.pid}_`
let last: DriverConformanceResult | undefined

afterAll(async () => {
  if (url !== undefined) await dropCollections(url)
  await mongo.release()
  if (last === undefined) return
  const { grade, counts, backend } = last
  console.info(
    `mongo conformance: ${grade} on ${backend.kind} (${backend.detail ?? ''}); ` +
      `${counts.passed} passed, ${counts.failed + counts.errored} failed, ` +
      `${counts.skippedMust} MUST skipped, ${counts.notApplicable} not applicable`,
  )
})

if (url === undefined) {
  describe.skip(`mongo driver conformance (skipped: no MongoDB server: set OBJECTQL_MONGO_URL or provide a container runtime; ${mongo.reason ?? ''})`, () => {
    it('every DRV audit', () => undefined)
  })
} else {
  driverSuite({
    name: 'mongo',
    test,
    factory: () => new MongoDriver({ url, database, collectionPrefix: prefix }),
    seed: Number(process.env['OBJECTQL_SEED'] ?? 20_260_101),
    backend: { kind: backendKind(), detail: redactUrl(url) },
    report: (result) => (last = result),
  })
}

async function dropCollections(target: string): Promise<void> {
  const client = new MongoClient(target, { serverSelectionTimeoutMS: 2_000 })
  try {
    const db = client.db(database)
    const names = await db.listCollections({}, { nameOnly: true }).toArray()
    for (const { name } of names) if (name.startsWith(prefix)) await db.dropCollection(name)
  } finally {
    await client.close()
  }
}

/** How the server was obtained (a URL published by the global setup keeps its origin). */
function backendKind(): 'url' | 'container' | 'local-server' {
  const kind = mongo.origin ?? mongo.kind
  return kind === 'unavailable' ? 'url' : kind
}
