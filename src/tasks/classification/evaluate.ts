/**
 * Classification's accumulators over one model run: the labels mapped to class indices, the core
 * metrics, the probability metrics and the per-sample outcomes, batch by batch.
 */
import { LabelMap } from '../../data/labels.js'
import type { TestSet } from '../../data/types.js'
import { runModel, type EvaluateOptions, type ModelInfo, type RuntimeInfo } from '../../engine.js'
import { DataError } from '../../errors.js'
import { checkThresholdClasses } from '../../gate/thresholds.js'
import type { Logger } from '../../log.js'
import {
  finalizeClassification,
  initClassification,
  updateClassification,
  type ClassificationMetrics,
  type ClassificationState,
  type ScoreKind
} from '../../metrics/classification.js'
import { finalizeProbability, initProbability, updateProbability, type ProbabilityMetrics, type ProbabilityState } from '../../metrics/probability.js'
import { finalizeSamples, initSamples, updateSamples, type Samples } from '../../metrics/samples.js'
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
  const samples = initSamples(testSet.size ?? 1024)
  const run = await runModel(modelPath, modelUri, testSet, options, runtime, log, {
    start: (session) => checkBeforeInference(session, options, testSet),
    update(scored, batch) {
      const labels = labelMap.toIndices(batch)
      state ??= initClassification(scored.numClasses, scored.kind)
      const scoredBatch = { scores: scored.scores, labels, size: batch.size, offset: batch.offset }
      updateClassification(state, scoredBatch)
      updateProbability((probability ??= initProbability(scored.numClasses, scored.kind, testSet.size)), scoredBatch)
      updateSamples(samples, scored.scores, labels, batch.size, scored.numClasses, scored.kind)
    },
    finish(runner) {
      if (classNames && classNames.length !== state!.numClasses) {
        throw new DataError(
          `class-names lists ${classNames.length} classes but the model's output '${runner.output}' has ${state!.numClasses}; list one name per model output, in order`,
          options.classNames ? 'class-names' : 'test-data'
        )
      }
      const metrics = finalizeClassification(state!, classNames)
      return { metrics, n_samples: metrics.n_samples, output_kind: runner.outputKind! }
    }
  })
  const { metrics, output_kind } = run.result
  return {
    model: { ...run.model, output_kind },
    metrics,
    n_samples: metrics.n_samples,
    samples: finalizeSamples(samples),
    probability: finalizeProbability(probability!, metrics.accuracy),
    runtime: run.runtime
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
    throw new DataError(
      `class-names lists ${classNames.length} classes but the model's output '${output!.name}' has ${count}; list one name per model output, in order`,
      options.classNames ? 'class-names' : 'test-data'
    )
  }
  if (options.thresholds) checkThresholdClasses(options.thresholds, classNames, count)
}
