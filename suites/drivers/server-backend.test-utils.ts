import type { BackendInfo } from '../../src/compliance/index.js'
import { readServiceReport } from '../../src/harness/index.js'
import type { ServiceName } from '../../src/harness/index.js'

/**
 * The backend a server-backed suite ran on, as the matrix reports it: the kind of server the
 * global setup really provided (environment URL, container, throwaway local server) and the URL
 * with any credentials masked.
 */
export function serverBackend(service: ServiceName, url: string): BackendInfo {
  const kind = readServiceReport().find((entry) => entry.service === service)?.kind
  return {
    kind: kind === undefined || kind === 'unavailable' ? 'url' : kind,
    detail: url.replace(/\/\/[^@/]*@/, '//***@'),
  }
}
