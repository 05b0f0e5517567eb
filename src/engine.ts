/**
 * Evaluates one model on one test set: load, stream batches through the runner, accumulate
 * metrics. Outside effects come in through Runtime and TestSet, so tests can use fakes.
 */
import { sha256File } from './data/hash.js'
import type { Batch, TestSet } from './data/types.js'
import { DataError, ModelError } from './errors.js'
import { regularFile } from './files.js'
import type { Device, OutputKind, Task } from './inputs.js'
import type { Logger } from './log.js'
import {
  finalizeClassification,
  initClassification,
  updateClassification,
  type ClassificationMetrics,
  type ClassificationState,
  type ScoreKind
} from './metrics/classification.js'
import { finalizeProbability, initProbability, updateProbability, type ProbabilityMetrics, type ProbabilityState } from './metrics/probability.js'
import { finalizeSamples, initSamples, updateSamples, type Samples } from './metrics/samples.js'
import { checkThresholdClasses, type Threshold } from './gate/thresholds.js'
import { ModelRunner } from './model/runner.js'
import type { Runtime, Session } from './model/types.js'

export interface EvaluateOptions {
  readonly device: Device
  readonly inputName: string | undefined
  readonly outputName: string | undefined
  readonly outputKind: OutputKind
  readonly batchSize: number
  readonly classNames: readonly string[] | undefined
  readonly task?: Task
  /** Checked against the classes as soon as the model is loaded, before any inference. */
  readonly thresholds?: readonly Threshold[]
  /** Which input named the model, for errors about its file: the model, or the baseline model. */
  readonly modelInput?: 'model' | 'baseline'
}

export interface ModelInfo {
  readonly uri: string
  readonly sha256: string
  readonly input: string
  readonly output: string
  readonly output_kind: ScoreKind
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

export interface Evaluation {
  readonly model: ModelInfo
  readonly metrics: ClassificationMetrics
  readonly runtime: RuntimeInfo
  /** Per-sample outcomes, in test-set order. */
  readonly samples: Samples
  /** Top-k, calibration, Brier, ROC-AUC, AP. */
  readonly probability?: ProbabilityMetrics
}

/** Called with every scored batch, for consumers beyond the core metrics (reports, statistics). */
export type BatchObserver = (scores: Float64Array, labels: Int32Array, size: number, offset: number, numClasses: number, kind: ScoreKind) => void

export async function evaluate(
  modelPath: string,
  modelUri: string,
  testSet: TestSet,
  options: EvaluateOptions,
  runtime: Runtime,
  log: Logger,
  observe?: BatchObserver
): Promise<Evaluation> {
  const sha256 = await modelSha256(modelPath, options.modelInput ?? 'model')
  const session = await runtime.load(modelPath, options.device, log, options.modelInput)
  try {
    const input = options.inputName !== undefined ? session.inputs.find((i) => i.name === options.inputName) : session.inputs.length === 1 ? session.inputs[0] : undefined
    if (input) testSet.adapt?.(input.shape)
    const runner = new ModelRunner(session, testSet.sampleShape, options)
    checkBeforeInference(session, options, testSet)
    if (runner.fixedBatch !== undefined && runner.fixedBatch !== options.batchSize) {
      log.info(`model input '${runner.input.name}' has a fixed batch of ${runner.fixedBatch}: feeding ${runner.fixedBatch} sample(s) per run instead of batch-size ${options.batchSize}`)
    }
    const started = performance.now()
    let state: ClassificationState | undefined
    let probability: ProbabilityState | undefined
    const samples = initSamples(testSet.size ?? 1024)
    const batches = testSet.batches(runner.batchSize)[Symbol.asyncIterator]()
    const progress = progressLog(testSet.size, log)
    // Read the next batch while the model runs on this one.
    let pending = batches.next()
    try {
      for (;;) {
        const { done, value: batch } = await pending
        if (done) break
        pending = batches.next()
        pending.catch(() => {}) // surfaced when awaited; avoids an unhandled rejection if the model fails first
        const scored = await runner.run(batch.features, batch.size, batch.offset)
        state ??= initClassification(scored.numClasses, scored.kind)
        checkLabels(batch, scored.numClasses, testSet.path)
        const scoredBatch = { scores: scored.scores, labels: batch.labels, size: batch.size, offset: batch.offset }
        updateClassification(state, scoredBatch)
        updateProbability((probability ??= initProbability(scored.numClasses, scored.kind, testSet.size)), scoredBatch)
        updateSamples(samples, scored.scores, batch.labels, batch.size, scored.numClasses, scored.kind)
        observe?.(scored.scores, batch.labels, batch.size, batch.offset, scored.numClasses, scored.kind)
        progress(batch.offset + batch.size)
      }
    } finally {
      await batches.return?.(undefined)
    }
    const seconds = (performance.now() - started) / 1000
    if (!state) throw new DataError(`test-data: ${testSet.path} holds no samples; point it at a non-empty test set`, 'test-data')
    const classNames = options.classNames ?? testSet.classNames
    if (classNames && classNames.length !== state.numClasses) throw classCountMismatch(classNames, options.classNames !== undefined, runner.output!, state.numClasses, testSet.path)
    const metrics = finalizeClassification(state, classNames)
    return {
      model: { uri: modelUri, sha256, input: runner.input.name, output: runner.output!, output_kind: runner.outputKind! },
      metrics,
      samples: finalizeSamples(samples),
      probability: finalizeProbability(probability!, metrics.accuracy),
      runtime: runtimeInfo(session, options.device, runner.batchSize, seconds, metrics.n_samples)
    }
  } finally {
    await session.release()
  }
}

/**
 * What can be known before the first batch: the class count from the output's static shape, the
 * class names from class-names or the image folders. A typo then costs seconds, not an evaluation.
 */
function checkBeforeInference(session: Session, options: EvaluateOptions, testSet: TestSet): void {
  const output = options.outputName !== undefined
    ? session.outputs.find((o) => o.name === options.outputName)
    : session.outputs.find((o) => FLOAT_TYPES.has(o.type) && o.shape.length === 2) ?? session.outputs.find((o) => FLOAT_TYPES.has(o.type) && o.shape.length === 1)
  const cols = output === undefined ? undefined : output.shape.length === 1 ? 1 : output.shape[1]
  // One column is the positive class of a binary model.
  const count = typeof cols === 'number' && cols > 0 ? (cols === 1 ? 2 : cols) : undefined
  const classNames = options.classNames ?? testSet.classNames
  if (classNames && count !== undefined && classNames.length !== count && options.task !== 'regression') {
    throw classCountMismatch(classNames, options.classNames !== undefined, output!.name, count, testSet.path)
  }
  if (options.thresholds) checkThresholdClasses(options.thresholds, classNames, count)
}

/** The class list (from class-names, or an image folder's class folders) does not match the model's output. */
function classCountMismatch(classNames: readonly string[], fromInput: boolean, output: string, count: number, file: string): DataError {
  if (fromInput) {
    return new DataError(`class-names lists ${classNames.length} classes but the model's output '${output}' has ${count}; list one name per model output, in order`, 'class-names')
  }
  const shown = classNames.length > 12 ? `${classNames.slice(0, 12).join(', ')}, …` : classNames.join(', ')
  return new DataError(
    `test-data: ${file} has ${classNames.length} class folders (${shown}) but the model's output '${output}' has ${count} classes; ` +
      `remove the folders that are not classes of the model (an empty folder counts too)`,
    'test-data'
  )
}

const FLOAT_TYPES = new Set(['float32', 'float64', 'float16'])

/** Every label must name one of the model's classes; the error points at the sample's line when the reader knows it. */
function checkLabels(batch: Batch, k: number, file: string): void {
  for (let i = 0; i < batch.size; i++) {
    const y = batch.labels[i]!
    if (y >= 0 && y < k) continue
    const line = batch.lines ? ` (line ${batch.lines[i]})` : ''
    throw new DataError(
      `test-data: ${file}: sample ${batch.offset + i}${line} has label ${y}, outside the model's ${k} classes (0–${k - 1}); check the labels, or class-names when labels are names`,
      'test-data'
    )
  }
}

/** The model file's sha256, streamed (a model can be bigger than one buffer); refuses anything but a regular file. */
export async function modelSha256(modelPath: string, input: 'model' | 'baseline'): Promise<string> {
  await regularFile(modelPath, { label: input, input, error: ModelError })
  return sha256File(modelPath).catch((e: NodeJS.ErrnoException) => {
    throw new ModelError(`${input}: cannot read ${modelPath} (${e.code ?? e.message}); check the path, relative to the workspace`, input)
  })
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
