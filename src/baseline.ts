/**
 * The baseline the gate compares with: another model run on the same test set (so paired
 * comparisons are possible), or the metrics.json of an earlier run.
 */
import path from 'node:path'
import type { TestSet } from './data/types.js'
import { evaluate, type EvaluateOptions, type Evaluation } from './engine.js'
import { InputError } from './errors.js'
import { readTextFile } from './files.js'
import type { MetricLookup } from './gate/decide.js'
import type { Logger } from './log.js'
import type { ClassificationMetrics } from './metrics/classification.js'
import { classificationLookup } from './metrics/lookup.js'
import type { ModelSource } from './model/source.js'
import type { Runtime } from './model/types.js'

export interface Baseline {
  /** What the baseline is: a path or registry URI (with version when known). */
  readonly source: string
  readonly version: string | undefined
  readonly metrics: ClassificationMetrics
  /** Present when the baseline model ran on this test set; absent for a metrics.json. */
  readonly evaluation: Evaluation | undefined
  readonly lookup: MetricLookup
}

export async function loadBaseline(
  ref: string | undefined,
  testSet: TestSet,
  options: EvaluateOptions,
  deps: { runtime: Runtime; log: Logger; models: ModelSource }
): Promise<Baseline | undefined> {
  if (ref === undefined) return undefined
  if (path.extname(ref).toLowerCase() === '.json') {
    const metrics = await readMetricsJson(ref)
    return { source: ref, version: undefined, metrics, evaluation: undefined, lookup: classificationLookup(metrics) }
  }
  const resolved = await deps.models.resolve(ref, 'baseline')
  if (resolved === undefined) {
    deps.log.info(`baseline ${ref}: ${deps.models.absence ?? 'no such model yet (first run)'}; baseline checks pass`)
    return undefined
  }
  const evaluation = await evaluate(resolved.path, resolved.uri, testSet, { ...options, modelInput: 'baseline' }, deps.runtime, deps.log)
  deps.log.info(
    `baseline ${resolved.uri}${resolved.version ? ` (version ${resolved.version})` : ''}: accuracy ${evaluation.metrics.accuracy.toFixed(4)}, macro F1 ${evaluation.metrics.macro_f1.toFixed(4)}, loss ${evaluation.metrics.loss.toFixed(4)}`
  )
  return { source: resolved.uri, version: resolved.version, metrics: evaluation.metrics, evaluation, lookup: classificationLookup(evaluation.metrics) }
}

async function readMetricsJson(file: string): Promise<ClassificationMetrics> {
  const text = await readTextFile(file, { label: "input 'baseline'", input: 'baseline' })
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new InputError(`input 'baseline': cannot read ${file} as metrics.json (${(e as Error).message.slice(0, 120)}); give a metrics.json written by model-gate`, 'baseline')
  }
  const m = doc as Partial<ClassificationMetrics> & { schema_version?: number }
  if (m.schema_version !== 1 || typeof m.accuracy !== 'number' || !Array.isArray(m.per_class) || !Array.isArray(m.classes)) {
    throw new InputError(`input 'baseline': ${file} is not a model-gate metrics.json (schema_version 1 with accuracy, classes, per_class)`, 'baseline')
  }
  return { ...(m as ClassificationMetrics), min_class_f1: m.min_class_f1 ?? Math.min(...m.per_class.map((c) => c.f1)) }
}

/** The baseline block of metrics.json: where it came from and its headline numbers. */
export function baselineSummary(b: Baseline | undefined): Record<string, unknown> | null {
  if (!b) return null
  const m = b.metrics
  return {
    source: b.source,
    version: b.version ?? null,
    sha256: b.evaluation?.model.sha256 ?? null,
    accuracy: m.accuracy,
    loss: m.loss,
    macro_f1: m.macro_f1,
    weighted_f1: m.weighted_f1,
    macro_precision: m.macro_precision,
    macro_recall: m.macro_recall,
    // per class, for the report's per-class changes (a baseline metrics.json has them too)
    per_class: m.per_class
  }
}
