/**
 * Runs one model over one test set, whatever the task: load, stream batches through the runner
 * (reading the next batch while the model runs on this one), hand every batch to the task's
 * accumulator as it is read (its labels) and once scored, report progress, release. Outside effects
 * come in through Runtime and TestSet, so tests can use fakes.
 */
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { sha256File } from './data/hash.js'
import type { Batch, BoundInputs, FedInput, TestSet } from './data/types.js'
import { DataError, ModelError } from './errors.js'
import { regularFile } from './files.js'
import type { Threshold } from './gate/thresholds.js'
import type { Device, OutputKind, Task } from './inputs.js'
import type { Logger } from './log.js'
import { hasExternalData } from './model/external-data.js'
import { ModelRunner, type Scores } from './model/runner.js'
import type { Runtime, Session } from './model/types.js'

export interface EvaluateOptions {
  readonly device: Device
  readonly inputName: string | undefined
  readonly outputName: string | undefined
  readonly outputKind: OutputKind
  readonly batchSize: number
  readonly classNames: readonly string[] | undefined
  readonly task?: Task
  /** Which input named the model, for errors about its file: the model, or the baseline model. */
  readonly modelInput?: 'model' | 'baseline'
  /** Checked against what the model says of itself as soon as it is loaded, before any inference. */
  readonly thresholds?: readonly Threshold[]
  /** Shard runs: keep every sample's scored row, for the partial state a merge replays (src/shard/). */
  readonly keepRows?: boolean
  /** The .npz array a single input is fed from (input-key). */
  readonly inputKey?: string
  /** Model input → the array (or JSONL key) it is fed from; inputs not named are fed from their own name. */
  readonly inputs?: ReadonlyMap<string, string>
}

export interface ModelInfo {
  readonly uri: string
  readonly sha256: string
  readonly input: string
  readonly output: string
  /** Which inputs were fed from what: input name → source, dtype, shape. */
  readonly inputs?: readonly FedInput[]
}

export interface RuntimeInfo {
  readonly device: string
  readonly provider: string
  readonly batch_size: number
  readonly seconds: number
  readonly samples_per_second: number
  /** onnxruntime-node's version, when the runtime says. */
  readonly onnxruntime?: string
}

/**
 * What a task keeps of the scored batches: each batch's labels read as the task means them, the
 * scores accumulated, finished once. `L` is what the task makes of a batch's label column.
 */
export interface Accumulator<R, L> {
  /** Each batch as it is read, before the model runs on it: its labels as the task reads them, refusing a label that means nothing to it. */
  read(batch: Batch): L
  /** Before any inference (after the first batch is read): refuse early what the model's shape already rules out. */
  start?(session: Session, runner: ModelRunner): void
  update(scored: Scores, batch: Batch, labels: L, runner: ModelRunner): void
  /** Called once after the last batch (never for an empty test set). */
  finish(runner: ModelRunner): R & { readonly n_samples: number }
}

export interface ModelRun<R> {
  readonly model: ModelInfo
  readonly runtime: RuntimeInfo
  readonly result: R & { readonly n_samples: number }
  readonly runner: ModelRunner
}

/**
 * @param raw the model's outputs as they are (regression), rather than read as class scores
 */
export async function runModel<R, L>(
  modelPath: string,
  modelUri: string,
  testSet: TestSet,
  options: EvaluateOptions & { readonly raw?: boolean },
  runtime: Runtime,
  log: Logger,
  accumulator: Accumulator<R, L>
): Promise<ModelRun<R>> {
  // The first batch is decoded while the model loads (image folders, off the main thread, which
  // onnxruntime blocks while it creates the session); consumed only after the model's own checks, so
  // a bad model is still reported before a bad first file.
  const early = testSet.prefetch?.(options.batchSize)
  const { session, sha256 } = await loadModel(modelPath, options, runtime, log, early)
  try {
    const bound = await bindInputs(session, testSet, options)
    const input = options.inputName !== undefined ? session.inputs.find((i) => i.name === options.inputName) : session.inputs.length === 1 ? session.inputs[0] : undefined
    if (input && !bound) testSet.adapt?.(input.shape)
    // the CPU is free while a GPU runs: decode on every core (MODEL_GATE_TEST_DECODE_POOL forces it, for tests)
    const workers = decodeWorkers(session.provider)
    if (workers > 0 && testSet.parallel?.(workers)) log.info(`decoding images on ${workers} worker threads (the model runs on ${session.provider === 'cuda' ? 'CUDA' : `CPU: ${DECODE_POOL_ENV} is set`})`)
    const runner = new ModelRunner(session, testSet.sampleShape, { ...options, bound })
    if (bound) log.info(`inputs: ${bound.fed.map((f) => `${f.name} (${f.dtype}) ← ${f.source} (${f.data_dtype ?? '?'} [${f.shape.join(', ')}])`).join('; ')}`)
    if (runner.fixedBatch !== undefined && runner.fixedBatch !== options.batchSize) {
      log.info(`model input '${runner.input.name}' has a fixed batch of ${runner.fixedBatch}: feeding ${runner.fixedBatch} sample(s) per run instead of batch-size ${options.batchSize}`)
    }
    const started = performance.now()
    let count = 0
    const batches = (bound ?? testSet).batches(runner.batchSize)[Symbol.asyncIterator]()
    const progress = progressLog(testSet.size, log)
    // Read the next batch while the model runs on this one.
    let pending = batches.next()
    let first = true
    try {
      for (;;) {
        const { done, value: batch } = await pending
        // The labels are read as the file is: a bad one is refused before the model runs on it.
        const labels = done ? undefined : accumulator.read(batch)
        if (first) accumulator.start?.(session, runner)
        first = false
        if (done) break
        pending = batches.next()
        pending.catch(() => {}) // surfaced when awaited; avoids an unhandled rejection if the model fails first
        const scored = await runner.run(batch.features, batch.size, batch.offset, batch.inputs)
        accumulator.update(scored, batch, labels!, runner)
        count += batch.size
        progress(batch.offset + batch.size)
      }
    } finally {
      await batches.return?.(undefined)
    }
    const seconds = (performance.now() - started) / 1000
    if (count === 0) throw new DataError(`test-data: ${testSet.path} holds no samples; point it at a non-empty test set`, 'test-data')
    const result = accumulator.finish(runner)
    return {
      model: {
        uri: modelUri,
        sha256,
        input: bound ? bound.fed.map((f) => f.name).join(', ') : runner.input.name,
        output: runner.output!,
        inputs: bound?.fed ?? [{ name: runner.input.name, source: testSet.path, dtype: runner.inputType, shape: [result.n_samples, ...testSet.sampleShape] }]
      },
      runtime: runtimeInfo(session, options.device, runner.batchSize, seconds, result.n_samples),
      result,
      runner
    }
  } finally {
    await session.release()
  }
}

const FLOAT_INPUTS = new Set(['float32', 'float64'])

/**
 * Whether the model's inputs are fed by name, and from what: several inputs (with no input-name
 * picking one), an `inputs` mapping, a single int/bool/float16 input of an .npz (its values read as
 * they are, not through float32), or an .npz with named arrays but no input-key one.
 */
async function bindInputs(session: Session, testSet: TestSet, options: EvaluateOptions): Promise<BoundInputs | undefined> {
  const inputs = session.inputs
  const single = inputs.length === 1 ? inputs[0]! : undefined
  const mapping = options.inputs
  const several = inputs.length > 1 && options.inputName === undefined
  const exact = single !== undefined && !FLOAT_INPUTS.has(single.type) && testSet.exactSingle === true
  if (!mapping && !several && !exact && !testSet.unfed) return undefined
  if (!testSet.bind) {
    const what = several ? `the model has ${inputs.length} inputs (${inputs.map((i) => `${i.name}: ${i.type} [${i.shape.join(', ')}]`).join(', ')})` : "input 'inputs' is set"
    throw new DataError(`test-data: ${what}; inputs are fed by name from an .npz's arrays, a JSONL's keys or a CSV's columns (one per input, plus the labels), and ${testSet.path} is none of them; save it with numpy.savez, or set input-name to feed a single input`, several ? 'test-data' : 'inputs')
  }
  if (testSet.unfed && !mapping && !several && single && options.inputName === undefined) return testSet.bind(inputs, mapping)
  // A single input is fed from the array input-key names, as before there were several.
  const picked = !several && !mapping ? new Map([[(single ?? inputs.find((i) => i.name === options.inputName))!.name, options.inputKey ?? 'x']]) : mapping
  const fed = several || mapping ? inputs : inputs.filter((i) => i.name === (options.inputName ?? single!.name))
  return testSet.bind(fed, picked)
}

/** The session and the file's sha256; the bytes live only in here, not for the whole run. */
async function loadModel(modelPath: string, options: EvaluateOptions, runtime: Runtime, log: Logger, early: Promise<void> | undefined): Promise<{ session: Session; sha256: string }> {
  const read = await readModel(modelPath, options.modelInput ?? 'model')
  await early
  const session = await runtime.load(modelPath, options.device, log, options.modelInput, read.bytes)
  return { session, sha256: await read.sha256 }
}

/**
 * Models up to this size are read once, into memory: hashed, then loaded from the same bytes. The
 * bytes raise the peak RSS by about the model's size while the session is created (ResNet18's 43 MB:
 * 597 → 643 MiB); above this, the file is read twice instead.
 */
const MODEL_BYTES_LIMIT = 256 * 1024 * 1024

/**
 * The model file, read once: its sha256 (computed on libuv's thread pool while onnxruntime creates
 * the session) and its bytes for the session. A model above MODEL_BYTES_LIMIT, or one with external
 * data (onnxruntime would look for those files in the working directory, not beside the model), is
 * hashed as a stream and loaded from its path.
 */
export async function readModel(modelPath: string, input: 'model' | 'baseline'): Promise<{ sha256: Promise<string>; bytes: Uint8Array | undefined }> {
  const info = await regularFile(modelPath, { label: input, input, error: ModelError })
  if (info.size > MODEL_BYTES_LIMIT) return { sha256: modelSha256(modelPath, input), bytes: undefined }
  const bytes = await readFile(modelPath).catch((e: NodeJS.ErrnoException) => {
    throw new ModelError(`${input}: cannot read ${modelPath} (${e.code ?? e.message}); check the path, relative to the workspace`, input)
  })
  const sha256 = crypto.subtle.digest('SHA-256', bytes).then((d) => Buffer.from(d).toString('hex'))
  sha256.catch(() => {}) // awaited after the session is created; a failed load must not leave it unhandled
  return { sha256, bytes: hasExternalData(bytes) === false ? bytes : undefined }
}

/** The model file's sha256, streamed (a model can be bigger than one buffer); refuses anything but a regular file. */
export async function modelSha256(modelPath: string, input: 'model' | 'baseline'): Promise<string> {
  await regularFile(modelPath, { label: input, input, error: ModelError })
  return sha256File(modelPath).catch((e: NodeJS.ErrnoException) => {
    throw new ModelError(`${input}: cannot read ${modelPath} (${e.code ?? e.message}); check the path, relative to the workspace`, input)
  })
}

export const DECODE_POOL_ENV = 'MODEL_GATE_TEST_DECODE_POOL'

/**
 * Decode workers for this run: as many as the machine has cores when the model runs on CUDA (the
 * main thread only feeds the GPU), none on CPU (measured on 2 cores: onnxruntime slows down by what
 * the main thread saves). MODEL_GATE_TEST_DECODE_POOL=<n> is a hook for model-gate's own tests and
 * benchmarks, which have no GPU: n workers on a CPU run.
 */
export function decodeWorkers(provider: 'cpu' | 'cuda', env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env[DECODE_POOL_ENV] ?? '')
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, 64)
  return provider === 'cuda' ? availableParallelism() : 0
}

/** The runtime block of metrics.json: where and how fast the model ran. */
export function runtimeInfo(session: Session, device: Device, batchSize: number, seconds: number, samples: number): RuntimeInfo {
  return {
    device: session.provider === 'cuda' ? `cuda:${device.kind === 'cuda' ? device.deviceId : 0}` : 'cpu',
    provider: session.provider,
    batch_size: batchSize,
    seconds,
    samples_per_second: seconds > 0 ? samples / seconds : 0,
    ...(session.version ? { onnxruntime: session.version } : {})
  }
}

/**
 * A progress line every few seconds on long runs (samples, samples/s, ETA when the size is known),
 * so a big evaluation does not look stuck. MODEL_GATE_PROGRESS_SECONDS sets the interval.
 */
function progressLog(total: number | undefined, log: Logger): (done: number) => void {
  const every = Number(process.env.MODEL_GATE_PROGRESS_SECONDS ?? 5) * 1000
  const started = performance.now()
  let last = started
  return (done) => {
    const now = performance.now()
    if (now - last < every) return
    last = now
    const rate = done / ((now - started) / 1000)
    const eta = total !== undefined && rate > 0 ? `, ETA ${Math.ceil((total - done) / rate)} s` : ''
    log.info(`progress: ${done.toLocaleString('en-US')}${total !== undefined ? ` / ${total.toLocaleString('en-US')}` : ''} samples (${Math.round(rate).toLocaleString('en-US')}/s${eta})`)
  }
}
