/**
 * `objectql-toolkit`: the kernel's contracts, for code that only needs the types and the entry
 * point. Drivers, protocols, the harness, compliance and bench live behind their own subpaths
 * (`objectql-toolkit/drivers/memory`, `objectql-toolkit/compliance`, ...), so importing this
 * module never loads a database client.
 */
export {
  DriverBase,
  Kernel,
  ObjectQLError,
  createKernel,
  defineCapabilities,
  hasErrorCode,
  isObjectQLError,
} from './kernel/index.js'
export type {
  DataRecord,
  Driver,
  DriverCapabilities,
  ErrorCode,
  FieldConfig,
  FilterCondition,
  KernelOptions,
  KernelPlugin,
  ObjectConfig,
  QueryAST,
  RecordInput,
} from './kernel/index.js'
