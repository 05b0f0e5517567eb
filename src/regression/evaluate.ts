/**
 * Evaluates a regression model: one continuous output, compared with float targets. The same
 * runner and test-set streaming as classification; the metrics are regression's.
 */
import type { TestSet } from '../data/types.js'
import { modelSha256, runtimeInfo, type EvaluateOptions, type RuntimeInfo } from '../engine.js'
import { DataError, ModelError } from '../errors.js'
import type { Logger } from '../log.js'
import type { RegressionSamples } from '../metrics/bootstrap.js'
import { finalizeRegression, initRegression, regressionSamples, updateRegression, type RegressionMetrics } from '../metrics/regression.js'
import { ModelRunner } from '../model/runner.js'
import type { Runtime } from '../model/types.js'
import type { TargetMap } from './targets.js'

export interface RegressionEvaluation {
  readonly model: { readonly uri: string; readonly sha256: string; readonly input: string; readonly output: string }
  readonly metrics: RegressionMetrics
  readonly runtime: RuntimeInfo
  readonly samples: RegressionSamples
}

export async function evaluateRegression(
  modelPath: string,
  modelUri: string,
  testSet: TestSet,
  targets: TargetMap,
  options: EvaluateOptions,
  runtime: Runtime,
  log: Logger
): Promise<RegressionEvaluation> {
  const sha256 = await modelSha256(modelPath, options.modelInput ?? 'model')
  const session = await runtime.load(modelPath, options.device, log, options.modelInput)
  try {
    const runner = new ModelRunner(session, testSet.sampleShape, { ...options, raw: true })
    const state = initRegression(testSet.size ?? 1024)
    const started = performance.now()
    const target = new Float64Array(runner.batchSize)
    for await (const batch of testSet.batches(runner.batchSize)) {
      const out = await runner.run(batch.features, batch.size, batch.offset)
      if (out.numClasses !== 1) {
        throw new ModelError(
          `task is regression${options.task === 'auto' ? ' (the labels are not whole numbers)' : ''}, but output '${runner.output}' has ${out.numClasses} columns; ` +
            `regression needs one continuous output: choose it with output-name, or set task: classification`,
          'task'
        )
      }
      for (let i = 0; i < batch.size; i++) target[i] = targets.target(batch.offset + i)
      updateRegression(state, out.scores, target, batch.size)
    }
    const seconds = (performance.now() - started) / 1000
    if (state.count === 0) throw new DataError(`test-data: ${testSet.path} holds no samples; point it at a non-empty test set`, 'test-data')
    const metrics = finalizeRegression(state)
    return {
      model: { uri: modelUri, sha256, input: runner.input.name, output: runner.output! },
      metrics,
      samples: regressionSamples(state),
      runtime: runtimeInfo(session, options.device, runner.batchSize, seconds, state.count)
    }
  } finally {
    await session.release()
  }
}
