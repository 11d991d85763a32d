/**
 * `objectql-toolkit/drivers/fs`: records as JSON Lines files in a directory, one file per
 * object, replaced atomically on every write and guarded by a lock file.
 */
export { FsDriver } from './fs-driver.js'
export { FS_CAPABILITIES } from './fs-driver-capabilities.js'
export { resolveFsConfig } from './fs-driver-config.js'
export type { FsDriverConfig, ResolvedFsDriverConfig } from './fs-driver-config.js'
export { fsErrorCode, mapFsError } from './fs-error-map.js'
export { LOCK_FILE_NAME } from './fs-lock.js'
export { RECORD_FILE_EXTENSION, objectFileName } from './fs-object-files.js'
export { parseRecordFile, serializeRecordFile } from './fs-record-file.js'
