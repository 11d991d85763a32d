import type { BrokenDriver } from './broken-driver.js'
import { FILTER_BUGS } from './broken/filter-bugs.js'
import { QUERY_BUGS } from './broken/query-bugs.js'
import { VALUE_BUGS } from './broken/value-bugs.js'
import { WRITE_BUGS } from './broken/write-bugs.js'

/** Every deliberately broken driver of the self-test. */
export const BROKEN_DRIVERS: readonly BrokenDriver[] = [
  ...FILTER_BUGS,
  ...QUERY_BUGS,
  ...WRITE_BUGS,
  ...VALUE_BUGS,
]
