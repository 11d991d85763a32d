import type { FastifyInstance } from 'fastify'
import { MemoryDriver } from '../memory/index.js'
import { sqlDriverFromUrl } from '../sql/index.js'
import type { Driver } from '../../kernel/driver/driver.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { createProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolBridge } from '../../protocols/common/protocol-bridge.js'
import type { ProtocolLimits } from '../../protocols/common/protocol-limits.js'
import { createRestProtocol } from '../../protocols/rest/rest-server.js'

/** The storage behind a test server's kernel. */
export type RemoteTestBackend = 'memory' | 'sqlite'

/** A real REST server on loopback, over a started kernel. */
export interface RemoteTestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  readonly kernel: Kernel
  readonly backend: RemoteTestBackend
  /** What ran, for conformance reports. */
  readonly detail: string
  close(): Promise<void>
}

/** Options of {@link startRemoteTestServer}. */
export interface RemoteTestServerOptions {
  readonly backend: RemoteTestBackend
  /**
   * Leave the kernel's `created_at`/`updated_at` out of every record the REST routes return
   * (see {@link withoutStamps}). Default false: the server answers exactly as in production.
   */
  readonly hideStamps?: boolean
  /** Request limits of the REST server (e.g. a small `maxPageSize`). */
  readonly limits?: Partial<ProtocolLimits>
  /** Adds routes before the server listens (a page and a script for a browser test). */
  readonly routes?: (fastify: FastifyInstance) => void
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const STAMPS = ['created_at', 'updated_at'] as const

function backendDriver(backend: RemoteTestBackend): Driver {
  return backend === 'memory' ? new MemoryDriver() : sqlDriverFromUrl('sqlite::memory:')
}

/**
 * A bridge that answers like `bridge` without the kernel's audit stamps in records (unless the
 * object declares such a field). The driver conformance suite compares records with what it
 * wrote, key for key; the stamps are the server kernel's own addition (KRN-STAMP-001), not
 * something the remote driver stored or could have avoided. Everything else (normalizer,
 * validation, ids, errors, ordering) is the kernel's unchanged behaviour.
 */
export function withoutStamps(bridge: ProtocolBridge): ProtocolBridge {
  const strip = (object: string, record: DataRecord): DataRecord => {
    const declared = bridge.getMetaItem(object)?.fields ?? {}
    const copy: DataRecord = { ...record }
    for (const stamp of STAMPS) if (!Object.hasOwn(declared, stamp)) delete copy[stamp]
    return copy
  }
  return {
    getMetaTypes: () => bridge.getMetaTypes(),
    getMetaItem: (name) => bridge.getMetaItem(name),
    hasObject: (name) => bridge.hasObject(name),
    async findData(object, query) {
      const found = await bridge.findData(object, query)
      return { value: found.value.map((record) => strip(object, record)), count: found.count }
    },
    getData: async (object, id) => strip(object, await bridge.getData(object, id)),
    countData: (object, where) => bridge.countData(object, where),
    createData: async (object, data) => strip(object, await bridge.createData(object, data)),
    updateData: async (object, id, data) =>
      strip(object, await bridge.updateData(object, id, data)),
    deleteData: (object, id) => bridge.deleteData(object, id),
    executeAction: (object, action, params) => bridge.executeAction(object, action, params),
    getActions: () => bridge.getActions(),
  }
}

/**
 * Starts a kernel with no objects on `backend` (the memory driver, or the SQL driver on SQLite
 * `:memory:`), and the REST protocol on 127.0.0.1 with a free port. Object registration
 * (`PUT /api/metadata/objects/:name`) is enabled, so a remote driver in `register` mode can
 * declare the objects it needs, as the conformance suite's `syncSchema` calls do.
 */
export async function startRemoteTestServer(
  options: RemoteTestServerOptions,
): Promise<RemoteTestServer> {
  const kernel = createKernel({
    drivers: { default: backendDriver(options.backend) },
    logger: quiet,
  })
  await kernel.start()
  const bridge = options.hideStamps === true ? withoutStamps(kernel.bridge) : kernel.bridge
  const host = await createProtocolHost({
    bridge,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    protocols: [
      createRestProtocol({
        docs: false,
        registerObject: (config) => kernel.registerObject(config),
      }),
    ],
  })
  options.routes?.(host.fastify)
  const url = await host.listen({ port: 0 })
  const storage = options.backend === 'memory' ? 'MemoryDriver' : 'SqlDriver on SQLite :memory:'
  return {
    url,
    kernel,
    backend: options.backend,
    detail: `REST protocol at ${url} over a kernel with ${storage}`,
    async close() {
      try {
        await host.close()
      } finally {
        await kernel.stop()
      }
    },
  }
}
