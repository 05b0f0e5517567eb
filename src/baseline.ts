/**
 * The baseline the gate compares with, whatever the task: another model run on the same test set
 * (so paired comparisons are possible), or the metrics.json of an earlier run.
 */
import path from 'node:path'
import type { TestSet } from './data/types.js'
import type { EvaluateOptions } from './engine.js'
import type { Logger } from './log.js'
import type { ModelSource } from './model/source.js'
import type { Runtime } from './model/types.js'
import type { Baseline, GateInputs, Task, TaskEvaluation } from './tasks/task.js'

export async function loadBaseline<E extends TaskEvaluation, M, S extends GateInputs>(
  task: Task<E, M, S>,
  ref: string | undefined,
  testSet: TestSet,
  options: EvaluateOptions,
  deps: { runtime: Runtime; log: Logger; models: ModelSource }
): Promise<Baseline<E, M> | undefined> {
  if (ref === undefined) return undefined
  if (path.extname(ref).toLowerCase() === '.json') {
    return { source: ref, version: undefined, metrics: await task.readMetricsJson(ref), evaluation: undefined }
  }
  const resolved = await deps.models.resolve(ref, 'baseline')
  if (resolved === undefined) {
    deps.log.info(`baseline ${ref}: ${deps.models.absence ?? 'no such model yet (first run)'}; baseline checks pass`)
    return undefined
  }
  const evaluation = await task.evaluate({ path: path.resolve(resolved.path), uri: resolved.uri }, testSet, { ...options, modelInput: 'baseline' }, deps.runtime, deps.log)
  deps.log.info(`baseline ${resolved.uri}${resolved.version ? ` (version ${resolved.version})` : ''}: ${task.describe(evaluation)}`)
  return { source: resolved.uri, version: resolved.version, metrics: task.metricsOf(evaluation), evaluation }
}
