import { isObjectQLError } from './errors.js'
import type { ErrorCode, ObjectQLError } from './errors.js'

// Runner-free error assertions shared by the kernel and driver tests: they throw plain Errors, so
// any runner reports them, and they never accept a rejection that is not an ObjectQLError.

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<ObjectQLError> {
  try {
    await promise
  } catch (error) {
    if (isObjectQLError(error)) return error
    throw new Error(`expected an ObjectQLError, got ${String(error)}`, { cause: error })
  }
  throw new Error('expected a rejection, but the promise resolved')
}

/** Asserts the code of the error a promise rejects with and returns the error. */
export async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<ObjectQLError> {
  const error = await rejection(promise)
  if (error.code !== code) {
    throw new Error(`expected ${code}, got ${error.code}: ${error.message}`, { cause: error })
  }
  return error
}
