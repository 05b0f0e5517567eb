/** A classifier's baseline: read from an earlier run's metrics.json, and summed up for this one's. */
import { InputError } from '../../errors.js'
import { readTextFile } from '../../files.js'
import type { ClassificationMetrics } from '../../metrics/classification.js'
import type { Baseline } from '../task.js'

export async function readMetricsJson(file: string): Promise<ClassificationMetrics> {
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
export function baselineSummary(b: Baseline<{ readonly model: { readonly sha256: string } }, ClassificationMetrics> | undefined): Record<string, unknown> | null {
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
