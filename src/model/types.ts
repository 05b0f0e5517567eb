import type { Device } from '../inputs.js'
import type { Logger } from '../log.js'
import type { FeedData, ModelDtype } from '../data/feeds.js'

export interface TensorInfo {
  readonly name: string
  /** onnxruntime type name: float32, float64, int64, … ('unknown' for non-tensors). */
  readonly type: string
  /** Dimensions; a string is a symbolic (dynamic) dimension; empty when the model does not say. */
  readonly shape: readonly (number | string)[]
}

export interface InputTensor {
  readonly name: string
  readonly type: ModelDtype
  readonly data: FeedData
  readonly dims: readonly number[]
}

export interface OutputTensor {
  readonly type: string
  readonly dims: readonly number[]
  readonly data: ArrayLike<number> | BigInt64Array | BigUint64Array
}

/** One loaded model. Release it in `finally`. */
export interface Session {
  readonly provider: 'cpu' | 'cuda'
  /** The runtime's version (onnxruntime-node's), for metrics.json's provenance. */
  readonly version?: string
  readonly inputs: readonly TensorInfo[]
  readonly outputs: readonly TensorInfo[]
  /** One tensor per model input fed (a model with several inputs takes them all at once). */
  run(input: InputTensor | readonly InputTensor[], outputNames: readonly string[]): Promise<Record<string, OutputTensor>>
  release(): Promise<void>
}

/** Loads models; the real one is onnxruntime-node, tests use a fake. */
export interface Runtime {
  /**
   * @param input the input that named the model, for errors (`model` when absent)
   * @param bytes the file's bytes when already read: loaded from them instead of reading the file again
   */
  load(modelPath: string, device: Device, log: Logger, input?: 'model' | 'baseline', bytes?: Uint8Array): Promise<Session>
}
