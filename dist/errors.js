/**
 * Named errors. Every failure a user can fix is one of these: the message names the input
 * and says what to do, and main.ts prints it as a single `::error::` line without a stack.
 */
class ModelGateError extends Error {
    /** The action input the problem is about, e.g. `test-data`. */
    input;
    constructor(message, input) {
        super(message);
        this.name = new.target.name;
        this.input = input;
    }
}
/** An input value is malformed or out of range. */
class InputError extends ModelGateError {
}
/** The test set cannot be read or does not fit the model. */
class DataError extends ModelGateError {
}
/** The model cannot be loaded or run. */
class ModelError extends ModelGateError {
}
/** The thresholds are malformed or name something that does not exist. */
class ThresholdError extends ModelGateError {
}
/** The model registry refused or could not be reached. */
class RegistryError extends ModelGateError {
}
/** Turns anything thrown into one line fit for `::error::`. Unknown errors keep only their message. */
function describeError(error) {
    if (error instanceof ModelGateError)
        return error.message;
    if (error instanceof Error)
        return `${error.name === 'Error' ? 'unexpected error' : error.name}: ${error.message}`;
    return `unexpected error: ${String(error)}`;
}
/** CUDA cannot be used here (no GPU, old driver, missing libraries, provider not installable): the reason. */
class CudaUnavailable extends ModelError {
}
/** Shards cannot be merged: one is missing, duplicated, unreadable, or of another model, test set or settings. */
class ShardError extends ModelGateError {
}

export { CudaUnavailable as C, DataError as D, InputError as I, ModelError as M, RegistryError as R, ShardError as S, ThresholdError as T, ModelGateError as a, describeError as d };
