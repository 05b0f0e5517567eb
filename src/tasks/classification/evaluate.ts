/**
 * Classification's accumulators over one model run: the labels mapped to class indices, the core
 * metrics, the probability metrics and the per-sample outcomes, batch by batch.
 */
import { LabelMap } from '../../data/labels.js'
import type { Batch, TestSet } from '../../data/types.js'
import { runModel, type EvaluateOptions, type ModelInfo, type RuntimeInfo } from '../../engine.js'
import { DataError } from '../../errors.js'
import { checkThresholdClasses } from '../../gate/thresholds.js'
import type { Logger } from '../../log.js'
import {
  finalizeClassification,
  initClassification,
  rowStats,
  updateClassification,
  type ClassificationMetrics,
  type ClassificationState,
  type ScoreKind
} from '../../metrics/classification.js'
import { finalizeProbability, initProbability, updateProbability, type ProbabilityMetrics, type ProbabilityState } from '../../metrics/probability.js'
import { finalizeSamples, initSamples, updateSamples, type SampleState, type Samples } from '../../metrics/samples.js'
import type { Runtime, Session } from '../../model/types.js'

export interface Evaluation {
  readonly model: ModelInfo & { readonly output_kind: ScoreKind }
  readonly metrics: ClassificationMetrics
  readonly runtime: RuntimeInfo
  readonly n_samples: number
  /** Per-sample outcomes, in test-set order. */
  readonly samples: Samples
  /** Top-k, calibration, Brier, ROC-AUC, AP. */
  readonly probability?: ProbabilityMetrics
  /** Shard runs (keepRows): every sample's label and scores, as the accumulators saw them. */
  readonly rows?: ClassificationRows
}

/** What a merge replays through the same accumulators, in test-set order. */
export interface ClassificationRows {
  readonly labels: Int32Array
  /** Row-major [n × numClasses], the model's scores as read (float64). */
  readonly scores: Float64Array
  readonly numClasses: number
  readonly kind: ScoreKind
  /** The class names the run finalized with (class-names, or the image folders), null for indices. */
  readonly classNames: readonly string[] | null
}

export async function evaluate(
  modelPath: string,
  modelUri: string,
  testSet: TestSet,
  options: EvaluateOptions,
  runtime: Runtime,
  log: Logger
): Promise<Evaluation> {
  const classNames = options.classNames ?? testSet.classNames
  const labelMap = new LabelMap(classNames)
  let state: ClassificationState | undefined
  let probability: ProbabilityState | undefined
  let samples: SampleState | undefined
  const kept = options.keepRows ? { labels: [] as Int32Array[], scores: [] as Float64Array[] } : undefined
  const run = await runModel(modelPath, modelUri, testSet, options, runtime, log, {
    start: (session) => checkBeforeInference(session, options, testSet),
    read: (batch) => labelMap.toIndices(batch),
    update(scored, batch, labels) {
      state ??= initClassification(scored.numClasses, scored.kind)
      checkLabels(batch, labels, scored.numClasses, testSet.path)
      const rows = rowStats(scored.scores, labels, batch.size, scored.numClasses, scored.kind)
      const scoredBatch = { scores: scored.scores, labels, size: batch.size, offset: batch.offset, rows }
      updateClassification(state, scoredBatch)
      updateProbability((probability ??= initProbability(scored.numClasses, scored.kind, testSet.size)), scoredBatch)
      updateSamples((samples ??= initSamples(testSet.size ?? 1024, scored.numClasses)), scored.scores, labels, batch.size, scored.numClasses, scored.kind, rows)
      if (kept) {
        kept.labels.push(labels.slice(0, batch.size))
        kept.scores.push(Float64Array.from(scored.scores.subarray(0, batch.size * scored.numClasses)))
      }
    },
    finish(runner) {
      if (classNames && classNames.length !== state!.numClasses) throw classCountMismatch(classNames, options.classNames !== undefined, runner.output!, state!.numClasses, testSet.path)
      const metrics = finalizeClassification(state!, classNames)
      return { metrics, n_samples: metrics.n_samples, output_kind: runner.outputKind! }
    }
  })
  const { metrics, output_kind } = run.result
  return {
    model: { ...run.model, output_kind },
    metrics,
    n_samples: metrics.n_samples,
    samples: finalizeSamples(samples!),
    probability: finalizeProbability(probability!, metrics.accuracy),
    runtime: run.runtime,
    ...(kept ? { rows: { labels: concat(Int32Array, kept.labels), scores: concat(Float64Array, kept.scores), numClasses: state!.numClasses, kind: state!.kind, classNames: classNames ?? null } } : {})
  }
}

function concat<T extends Int32Array | Float64Array>(Type: new (n: number) => T, parts: readonly T[]): T {
  const out = new Type(parts.reduce((s, p) => s + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * The evaluation a single run over the whole test set would have made, from the shards' rows in
 * test-set order: the same accumulators fed the same rows in the same order, in batches of the
 * run's batch size, so every count and every float is the single run's, bit for bit.
 */
export function replayClassification(rows: ClassificationRows, model: Evaluation['model'], runtime: RuntimeInfo, batchSize: number): Evaluation {
  const { numClasses: k, kind } = rows
  const n = rows.labels.length
  const state = initClassification(k, kind)
  const probability = initProbability(k, kind, n)
  const samples = initSamples(n, k)
  for (let offset = 0; offset < n; offset += batchSize) {
    const size = Math.min(batchSize, n - offset)
    const scores = rows.scores.subarray(offset * k, (offset + size) * k)
    const labels = rows.labels.subarray(offset, offset + size)
    const rowsOf = rowStats(scores, labels, size, k, kind)
    const scoredBatch = { scores, labels, size, offset, rows: rowsOf }
    updateClassification(state, scoredBatch)
    updateProbability(probability, scoredBatch)
    updateSamples(samples, scores, labels, size, k, kind, rowsOf)
  }
  const metrics = finalizeClassification(state, rows.classNames ?? undefined)
  return {
    model,
    metrics,
    n_samples: metrics.n_samples,
    samples: finalizeSamples(samples),
    probability: finalizeProbability(probability, metrics.accuracy),
    runtime
  }
}

const FLOAT_TYPES = new Set(['float32', 'float64', 'float16'])

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
  if (classNames && count !== undefined && classNames.length !== count) {
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

/** Every label must name one of the model's classes; the error points at the sample's line when the reader knows it. */
function checkLabels(batch: Batch, labels: Int32Array, k: number, file: string): void {
  for (let i = 0; i < batch.size; i++) {
    const y = labels[i]!
    if (y >= 0 && y < k) continue
    const line = batch.lines ? ` (line ${batch.lines[i]})` : ''
    throw new DataError(
      `test-data: ${file}: sample ${batch.offset + i}${line} has label ${y}, outside the model's ${k} classes (0–${k - 1}); check the labels, or class-names when labels are names`,
      'test-data'
    )
  }
}
