/**
 * TEMPORARY stand-in for `Kernel` from ../kernel.js, which the pipeline engineer is writing.
 * Once kernel.ts exists this file becomes `export type { Kernel } from '../kernel.js'`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Kernel {}
