/**
 * Named errors. Every failure a user can fix is one of these: the message names the input
 * and says what to do, and main.ts prints it as a single `::error::` line without a stack.
 */
export class ModelGateError extends Error {
  /** The action input the problem is about, e.g. `test-data`. */
  readonly input: string | undefined

  constructor(message: string, input?: string) {
    super(message)
    this.name = new.target.name
    this.input = input
  }
}

/** An input value is malformed or out of range. */
export class InputError extends ModelGateError {}

/** The test set cannot be read or does not fit the model. */
export class DataError extends ModelGateError {}

/** The model cannot be loaded or run. */
export class ModelError extends ModelGateError {}

/** The thresholds are malformed or name something that does not exist. */
export class ThresholdError extends ModelGateError {}

/** The model registry refused or could not be reached. */
export class RegistryError extends ModelGateError {}

/** Turns anything thrown into one line fit for `::error::`. Unknown errors keep only their message. */
export function describeError(error: unknown): string {
  if (error instanceof ModelGateError) return error.message
  if (error instanceof Error) return `${error.name === 'Error' ? 'unexpected error' : error.name}: ${error.message}`
  return `unexpected error: ${String(error)}`
}

/** CUDA cannot be used here (no GPU, old driver, missing libraries, provider not installable): the reason. */
export class CudaUnavailable extends ModelError {}

/** Shards cannot be merged: one is missing, duplicated, unreadable, or of another model, test set or settings. */
export class ShardError extends ModelGateError {}
