/**
 * Which backend really ran a conformance run: in-process (`embedded`), a throwaway server this
 * machine started (`local-server`), a testcontainer (`container`) or a server reached by URL
 * (`url`). Reports record it because "passes on PostgreSQL" means little without it.
 */
export interface BackendInfo {
  readonly kind: 'embedded' | 'local-server' | 'container' | 'url'
  /** Free text: a redacted URL, an image name, a file path. Never a password. */
  readonly detail?: string
}

/** The default: the driver runs in this process. */
export const EMBEDDED_BACKEND: BackendInfo = Object.freeze({ kind: 'embedded' })

/** Removes credentials from a connection URL before it goes into a report. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable url)'
  }
}
