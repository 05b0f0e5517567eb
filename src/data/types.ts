import type { FeedData } from './feeds.js'

/** A model input as a test set needs to know it to feed it (the model's TensorInfo). */
export interface InputInfo {
  readonly name: string
  readonly type: string
  readonly shape: readonly (number | string)[]
}

/**
 * A batch of test samples: features row-major [size × prod(sampleShape)], and the label (or target)
 * column as the file holds it. What a label means (a class index, a regression target) is the
 * task's to decide, not the reader's.
 */
export interface Batch {
  /**
   * A reader may reuse this memory for a later batch: it holds these samples until the consumer,
   * having received the next batch, asks for the one after (image folders take turns in two
   * buffers). A consumer that keeps samples longer (the shard slice, re-cutting batches) copies them.
   */
  readonly features: Float32Array
  readonly labels: readonly RawLabel[]
  readonly size: number
  /** Index of the first sample of this batch in the whole test set. */
  readonly offset: number
  /** Text readers: the line each sample starts on, so an error can point at it. */
  readonly lines?: Int32Array
  /** Where sample i of the batch is, for an error about its label (`data.csv line 7`, `test.npz:y row 3`); `sample N` when absent. */
  readonly where?: (i: number) => string
  /** The label of sample i as written, where parsing lost it (JSON's 1e400 became Infinity). */
  readonly written?: readonly (string | undefined)[]
  /** Test sets bound to a model's inputs by name: each input's values, converted to its dtype, [size × ...dims]. */
  readonly inputs?: Readonly<Record<string, { readonly data: FeedData; readonly dims: readonly number[] }>>
}

/** One model input as it was fed, for the reports: input name → source, dtype, shape. */
export interface FedInput {
  readonly name: string
  /** Where its values came from: `test.npz:ids`. */
  readonly source: string
  /** The dtype the model takes (values were converted to it once). */
  readonly dtype: string
  /** The dtype the file holds (absent where a reader made float32 features of text or pixels). */
  readonly data_dtype?: string
  /** The source's shape, the whole test set: [samples, ...]. */
  readonly shape: readonly (number | string)[]
}

/** A test set bound to a model's inputs by name (TestSet.bind). */
export interface BoundInputs {
  readonly fed: readonly FedInput[]
  batches(batchSize: number): AsyncIterable<Batch>
}

/** A test set that streams its samples; open one with openTestSet(). */
export interface TestSet {
  /** What the user pointed at, for reports. */
  readonly path: string
  /** sha256 of the bytes read (several files: of their names and hashes). */
  sha256(): Promise<string>
  /** Per-sample feature shape, e.g. [1, 28, 28] or [30]. */
  readonly sampleShape: readonly number[]
  /** Number of samples when known before reading (arrays), else undefined (streamed text). */
  readonly size: number | undefined
  /** Class names the data defines itself (image folders), else undefined. */
  readonly classNames: readonly string[] | undefined
  batches(batchSize: number): AsyncIterable<Batch>
  /**
   * Batches of labels alone (features empty), for choosing the task: a CSV whose columns feed named
   * inputs may hold columns that feed nothing and are not numbers, which batches() would refuse.
   */
  labelBatches?(batchSize: number): AsyncIterable<Batch>
  /**
   * Test sets with named arrays (.npz): feed each model input from the array of its name, or the one
   * `mapping` names for it (model input → array). Throws one error for the first input that is
   * missing, extra, or of a shape or dtype the model cannot take.
   */
  bind?(inputs: readonly InputInfo[], mapping: ReadonlyMap<string, string> | undefined): Promise<BoundInputs>
  /** bind() reads a single input's values as the file holds them (an .npz array, a JSONL array key named by input-key). */
  readonly exactSingle?: boolean
  /** Named arrays exist but not the input-key one: why the test set cannot feed a single input without bind(). */
  readonly unfed?: Error
  /** Image sets: take what the data leaves open (channels) from the model's input shape. */
  adapt?(inputShape: readonly (number | string)[]): void
  /**
   * Image sets: start decoding the first `count` samples off the main thread, while the model loads;
   * batches() takes them up (errors included, in their place). Resolves once the work is handed out.
   */
  prefetch?(count: number): Promise<void>
  /** Image sets: decode on `workers` threads, batches in flight (the model runs on a GPU); false where there are no workers to use. */
  parallel?(workers: number): boolean
  /** Image sets: the file sample `index` was read from (after skipped files), once batches ran. */
  sampleFile?(index: number): string | undefined
  /** Files left out with skip-bad-files, for the report. */
  skipped?(): { readonly count: number; readonly files: readonly { file: string; reason: string }[] }
  /** What reading noticed that the log should say (image folders: links skipped, files saturated). */
  warnings?(): readonly string[]
}

/** A label as stored: a number, a 64-bit integer exactly as written, or text (a class name, or a number written out). */
export type RawLabel = number | bigint | string
