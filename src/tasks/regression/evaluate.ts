/**
 * Regression's accumulator over one model run: one continuous output, compared with the label
 * column read as float targets.
 */
import type { RawLabel, TestSet } from '../../data/types.js'
import { runModel, type EvaluateOptions, type ModelInfo, type RuntimeInfo } from '../../engine.js'
import { DataError, ModelError } from '../../errors.js'
import type { Logger } from '../../log.js'
import type { RegressionSamples } from '../../metrics/bootstrap.js'
import { finalizeRegression, initRegression, regressionSamples, updateRegression, type RegressionMetrics } from '../../metrics/regression.js'
import type { Runtime } from '../../model/types.js'

export interface RegressionEvaluation {
  readonly model: ModelInfo
  readonly metrics: RegressionMetrics
  readonly runtime: RuntimeInfo
  readonly n_samples: number
  readonly samples: RegressionSamples
  /** Shard runs (keepRows): the per-sample predictions and targets are the whole partial state. */
  readonly rows?: RegressionSamples
}

/** A stored label as a number: JSON and .npy numbers as they are, text parsed; '' is no number. */
export function targetValue(raw: RawLabel): number {
  return typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : raw.trim() === '' ? NaN : Number(raw)
}

export async function evaluateRegression(
  modelPath: string,
  modelUri: string,
  testSet: TestSet,
  options: EvaluateOptions,
  runtime: Runtime,
  log: Logger
): Promise<RegressionEvaluation> {
  const state = initRegression(testSet.size ?? 1024)
  const run = await runModel(modelPath, modelUri, testSet, { ...options, raw: true }, runtime, log, {
    read(batch) {
      const target = new Float64Array(batch.size)
      for (let i = 0; i < batch.size; i++) {
        const v = targetValue(batch.labels[i]!)
        if (!Number.isFinite(v)) {
          const where = batch.where?.(i) ?? `sample ${batch.offset + i}`
          throw new DataError(`test-data: ${where} has the target '${batch.written?.[i] ?? String(batch.labels[i])}', not a finite number; regression needs numeric labels`, 'test-data')
        }
        target[i] = v
      }
      return target
    },
    update(out, batch, target, runner) {
      if (out.numClasses !== 1) {
        throw new ModelError(
          `task is regression${options.task === 'auto' ? ' (the labels are not whole numbers)' : ''}, but output '${runner.output}' has ${out.numClasses} columns; ` +
            `regression needs one continuous output: choose it with output-name, or set task: classification`,
          'task'
        )
      }
      updateRegression(state, out.scores, target, batch.size)
    },
    finish: () => finalizeRegression(state)
  })
  const samples = regressionSamples(state)
  return { model: run.model, metrics: run.result, runtime: run.runtime, n_samples: run.result.n_samples, samples, ...(options.keepRows ? { rows: samples } : {}) }
}

/** A single run's evaluation from the shards' rows in test-set order (the same accumulator, the same order). */
export function replayRegression(rows: RegressionSamples, model: ModelInfo, runtime: RuntimeInfo, batchSize: number): RegressionEvaluation {
  const n = rows.target.length
  const state = initRegression(n)
  for (let offset = 0; offset < n; offset += batchSize) {
    const size = Math.min(batchSize, n - offset)
    updateRegression(state, rows.predicted.subarray(offset, offset + size), rows.target.subarray(offset, offset + size), size)
  }
  const metrics = finalizeRegression(state)
  return { model, metrics, runtime, n_samples: metrics.n_samples, samples: regressionSamples(state) }
}
