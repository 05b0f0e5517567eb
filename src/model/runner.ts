/**
 * Feeds a test set to a Session: picks the input and output, fits batches to the model's batch
 * dimension (padding a fixed-size last batch), reshapes flat samples to the model's input, and
 * turns the chosen output into float64 class scores.
 */
import { InputError, ModelError } from '../errors.js'
import { float16 } from '../data/npy.js'
import { formatBytes, maxBufferBytes } from '../files.js'
import type { OutputKind } from '../inputs.js'
import type { ScoreKind } from '../metrics/classification.js'
import type { BoundInputs, Batch } from '../data/types.js'
import { convertValues, isModelDtype, MODEL_DTYPES, type FeedData, type ModelDtype } from '../data/feeds.js'
import type { InputTensor, OutputTensor, Session, TensorInfo } from './types.js'

export interface RunnerOptions {
  readonly inputName: string | undefined
  readonly outputName: string | undefined
  readonly outputKind: OutputKind
  readonly batchSize: number
  /** Regression: hand back the output's raw values, [size × columns], with no class-score reading. */
  readonly raw?: boolean
  /** The model's inputs fed by name (TestSet.bind): batches carry every input, converted. */
  readonly bound?: BoundInputs
}

// float32 features hold whole numbers exactly up to 2^24: beyond, an integer input would get a rounded id.
const FLOAT32_EXACT = 2 ** 24

export interface Scores {
  /** Row-major [size × numClasses], float64. */
  readonly scores: Float64Array
  readonly numClasses: number
  readonly kind: ScoreKind
}

const FLOAT_TYPES = new Set(['float32', 'float64', 'float16'])
// A row of probabilities sums to 1 within float32 rounding over a few thousand classes.
const SUM_TOLERANCE = 1e-3

function describe(t: TensorInfo): string {
  return `${t.name} (${t.type} [${t.shape.join(', ') || '?'}])`
}

export class ModelRunner {
  readonly input: TensorInfo
  /** The dtype the single input takes (features arrive as float32 and are converted once, checked to fit). */
  readonly inputType: ModelDtype
  /** Samples per session.run: the model's fixed batch, or batch-size. */
  readonly batchSize: number
  readonly fixedBatch: number | undefined
  private readonly sampleDims: readonly number[]
  private outputName: string | undefined
  private kind: ScoreKind | undefined
  private fetch: string[] | undefined

  constructor(
    private readonly session: Session,
    sampleShape: readonly number[],
    private readonly options: RunnerOptions
  ) {
    if (options.bound) {
      // Several inputs, fed by name: the reader checked shapes and converted values; the runner
      // fits the batch dimension (the first input that fixes one decides it).
      this.input = session.inputs[0]!
      this.inputType = isModelDtype(this.input.type) ? this.input.type : 'float32'
      const fixed = session.inputs.map((i) => i.shape[0]).find((d): d is number => typeof d === 'number' && d > 0)
      this.fixedBatch = fixed
      this.batchSize = fixed ?? options.batchSize
      this.sampleDims = []
    } else {
      this.input = pickInput(session.inputs, options.inputName)
      if (!isModelDtype(this.input.type)) {
        throw new ModelError(
          `model input ${describe(this.input)} takes ${this.input.type}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors (export the model with one of those input types)`,
          'input-name'
        )
      }
      this.inputType = this.input.type
      const batchDim = this.input.shape[0]
      this.fixedBatch = typeof batchDim === 'number' && batchDim > 0 ? batchDim : undefined
      this.batchSize = this.fixedBatch ?? options.batchSize
      this.sampleDims = fitSample(this.input, sampleShape)
      this.checkBatchBytes(options.batchSize)
    }
    if (options.outputName !== undefined && !session.outputs.some((o) => o.name === options.outputName)) {
      throw new ModelError(
        `output-name '${options.outputName}' is not an output of the model; its outputs are: ${session.outputs.map(describe).join(', ')}`,
        'output-name'
      )
    }
    this.outputName = options.outputName
    if (options.outputKind !== 'auto') this.kind = options.outputKind
  }

  /**
   * A batch is allocated whole (and a fixed one padded whole): refuse one bigger than a single
   * buffer may be on this machine, saying which input to lower, before anything is allocated.
   */
  private checkBatchBytes(requested: number): void {
    const per = this.sampleDims.reduce((a, b) => a * b, 1)
    const bytesPerValue = this.inputType === 'float64' ? 4 + 8 : 4
    const bytes = this.batchSize * per * bytesPerValue
    const limit = maxBufferBytes()
    if (bytes <= limit) return
    const most = Math.max(1, Math.floor(limit / Math.max(1, per * bytesPerValue)))
    const size = `${this.batchSize.toLocaleString('en-US')} samples × ${per.toLocaleString('en-US')} values take ${formatBytes(bytes)}, more than one batch may take on this machine (${formatBytes(limit)}: a quarter of its memory, at most one buffer)`
    if (this.fixedBatch !== undefined) {
      throw new ModelError(`model input ${describe(this.input)} has a fixed batch of ${this.fixedBatch}: ${size}; export the model with a dynamic or smaller batch dimension`, 'model')
    }
    throw new InputError(`input 'batch-size' is ${requested}: ${size}; lower batch-size to at most ${most.toLocaleString('en-US')}`, 'batch-size')
  }

  get provider(): 'cpu' | 'cuda' {
    return this.session.provider
  }

  get output(): string | undefined {
    return this.outputName
  }

  get outputKind(): ScoreKind | undefined {
    return this.kind
  }

  /** Runs `size` samples (features row-major, or `inputs` by name) and returns their class scores. */
  async run(features: Float32Array, size: number, offset: number, inputs?: Batch['inputs']): Promise<Scores> {
    const rows = this.fixedBatch ?? size
    if (size > rows) throw new RangeError(`size must be at most the model's fixed batch ${rows}, got ${size}`)
    const tensors: InputTensor[] = inputs ? this.namedTensors(inputs, size, rows) : [this.featureTensor(features, size, rows, offset)]
    const fetch = this.outputName !== undefined ? (this.fetch ??= [this.outputName]) : this.session.outputs.map((o) => o.name)
    const result = await this.session.run(tensors.length === 1 ? tensors[0]! : tensors, fetch)
    const name = this.outputName ?? pickOutput(this.session.outputs, result, rows)
    this.outputName = name
    return this.toScores(result[name]!, rows, size, offset)
  }

  private featureTensor(features: Float32Array, size: number, rows: number, offset: number): InputTensor {
    const per = this.sampleDims.reduce((a, b) => a * b, 1)
    let data: Float32Array = features
    if (rows !== size) {
      // A fixed batch dimension: pad the last, short batch with zeros and drop those rows after.
      data = new Float32Array(rows * per)
      data.set(features.subarray(0, size * per))
    }
    const type = this.inputType
    let converted: FeedData = data
    if (type === 'float64') converted = Float64Array.from(data)
    else if (type !== 'float32') {
      const misfit = (i: number, value: string, why: string) =>
        new InputError(`test-data: model input '${this.input.name}' takes ${type}, and sample ${offset + Math.floor(i / Math.max(1, per))} has ${value}, which ${why}`, 'test-data')
      if (type === 'int64' || type === 'int32') {
        const i = data.findIndex((v) => Math.abs(v) > FLOAT32_EXACT)
        if (i >= 0) throw misfit(i, String(data[i]), `is beyond 2^24, where this test-data format (read as float32) cannot hold whole numbers exactly; save an .npz with an ${type} array`)
      }
      converted = convertValues(data, 'f4', type, misfit)
    }
    return { name: this.input.name, type, data: converted, dims: [rows, ...this.sampleDims] }
  }

  private namedTensors(inputs: NonNullable<Batch['inputs']>, size: number, rows: number): InputTensor[] {
    return Object.entries(inputs).map(([name, t]) => {
      const info = this.session.inputs.find((i) => i.name === name)!
      let data = t.data
      if (rows !== size) {
        const per = data.length / size
        const padded = new (data.constructor as new (n: number) => FeedData)(rows * per)
        ;(padded as Uint8Array).set(data as Uint8Array)
        data = padded
      }
      return { name: info.name, type: info.type as ModelDtype, data, dims: [rows, ...t.dims] }
    })
  }

  private toScores(t: OutputTensor, rows: number, size: number, offset: number): Scores {
    const dims = t.dims
    if (!FLOAT_TYPES.has(t.type) || !(dims.length === 2 || dims.length === 1) || dims[0] !== rows) {
      throw new ModelError(
        `output '${this.outputName}' is ${t.type} [${dims.join(', ')}]; model-gate needs float scores of shape [batch, classes] (choose another with output-name)`,
        'output-name'
      )
    }
    const cols = dims.length === 2 ? dims[1]! : 1
    if (cols === 0) {
      throw new ModelError(
        `output '${this.outputName}' is ${t.type} [${dims.join(', ')}]: it has no class columns to score; choose the output that holds the class scores with output-name`,
        'output-name'
      )
    }
    const src = floatValues(t)
    for (let i = 0; i < size * cols; i++) {
      const v = src[i]!
      if (v - v !== 0) {
        throw new ModelError(
          `model output '${this.outputName}' is ${Number.isNaN(v) ? 'NaN' : 'infinite'} for sample ${offset + Math.floor(i / cols)}; check that sample's features and the model's preprocessing`,
          'model'
        )
      }
    }
    if (this.options.raw) return { scores: Float64Array.from({ length: size * cols }, (_, i) => src[i]!), numClasses: cols, kind: 'logits' }
    this.checkKind(src, size, cols, offset)
    const kind = this.kind!
    if (cols === 1) {
      // One column is the positive class: a probability p becomes [1-p, p]; a logit z becomes
      // [0, z], whose softmax is [1-σ(z), σ(z)].
      const out = new Float64Array(size * 2)
      for (let i = 0; i < size; i++) {
        const v = src[i]!
        out[2 * i] = kind === 'probabilities' ? 1 - v : 0
        out[2 * i + 1] = v
      }
      return { scores: out, numClasses: 2, kind }
    }
    const out = new Float64Array(size * cols)
    for (let i = 0; i < size * cols; i++) out[i] = src[i]!
    return { scores: out, numClasses: cols, kind }
  }

  /** Auto: the first batch decides logits vs probabilities; every batch called probabilities must be one. */
  private checkKind(src: ArrayLike<number>, size: number, cols: number, offset: number): void {
    if (this.kind === 'logits') return
    const bad = firstNonProbabilityRow(src, size, cols)
    if (this.kind === undefined) {
      this.kind = bad === undefined ? 'probabilities' : 'logits'
      return
    }
    if (bad !== undefined) {
      const how = this.options.outputKind === 'auto' ? 'was detected as probabilities from the first batch' : 'is set to probabilities'
      throw new ModelError(
        `output-kind ${how}, but sample ${offset + bad} of '${this.outputName}' is not a probability row (values in [0,1]${cols > 1 ? ' summing to 1' : ''}); set output-kind: logits`,
        'output-kind'
      )
    }
  }
}

/**
 * The output's values as numbers. onnxruntime-node hands float16 back as a Uint16Array of bit
 * patterns (Node 20 has no Float16Array): read as numbers, 1.0 would be scored as 15360.
 */
export function floatValues(t: OutputTensor): ArrayLike<number> {
  if (t.type === 'float16' && Object.prototype.toString.call(t.data) === '[object Uint16Array]') return float16(t.data as Uint16Array)
  return t.data as ArrayLike<number>
}

function firstNonProbabilityRow(src: ArrayLike<number>, size: number, cols: number): number | undefined {
  for (let i = 0; i < size; i++) {
    let sum = 0
    for (let j = 0; j < cols; j++) {
      const v = src[i * cols + j]!
      if (v < -1e-6 || v > 1 + 1e-6) return i
      sum += v
    }
    if (cols > 1 && Math.abs(sum - 1) > SUM_TOLERANCE) return i
  }
  return undefined
}

function pickInput(inputs: readonly TensorInfo[], name: string | undefined): TensorInfo {
  if (name !== undefined) {
    const found = inputs.find((i) => i.name === name)
    if (!found) throw new ModelError(`input-name '${name}' is not an input of the model; its inputs are: ${inputs.map(describe).join(', ')}`, 'input-name')
    return found
  }
  if (inputs.length !== 1) {
    throw new ModelError(`the model has ${inputs.length} inputs (${inputs.map(describe).join(', ')}); say which one takes the test data with input-name`, 'input-name')
  }
  return inputs[0]!
}

/** The first floating-point output of rank 2 (models often put an int64 label output first). */
function pickOutput(outputs: readonly TensorInfo[], result: Record<string, OutputTensor>, rows: number): string {
  const candidates = outputs.map((o) => [o.name, result[o.name]] as const).filter(([, t]) => t && FLOAT_TYPES.has(t.type))
  const rank2 = candidates.find(([, t]) => t!.dims.length === 2 && t!.dims[0] === rows)
  const rank1 = candidates.find(([, t]) => t!.dims.length === 1 && t!.dims[0] === rows)
  const chosen = rank2 ?? rank1
  if (!chosen) {
    throw new ModelError(
      `the model has no floating-point output of shape [batch, classes]; its outputs are: ${outputs.map(describe).join(', ')}; name one with output-name`,
      'output-name'
    )
  }
  return chosen[0]
}

/** Per-sample dims to feed: the model's, when the data has the same number of values per sample. */
function fitSample(input: TensorInfo, sampleShape: readonly number[]): number[] {
  const modelDims = input.shape.slice(1)
  const have = sampleShape.reduce((a, b) => a * b, 1)
  const want = describe(input)
  if (input.shape.length === 0) return [...sampleShape]
  if (modelDims.every((d) => typeof d === 'number' && d > 0)) {
    const need = (modelDims as number[]).reduce((a, b) => a * b, 1)
    if (need !== have) {
      throw new ModelError(
        `test-data has ${have} values per sample (shape [${sampleShape.join(', ')}]) but model input ${want} takes ${need}; check test-data, input-key, feature-columns or the image preprocessing`,
        'test-data'
      )
    }
    return modelDims as number[]
  }
  if (modelDims.length !== sampleShape.length || modelDims.some((d, i) => typeof d === 'number' && d > 0 && d !== sampleShape[i])) {
    throw new ModelError(`test-data samples have shape [${sampleShape.join(', ')}] but model input ${want} does not fit it; check test-data and layout`, 'test-data')
  }
  return [...sampleShape]
}
