/** metrics.json, in the shape DESIGN.md fixes (schema_version 1). */
import type { Evaluation } from '../engine.js'
import type { Verdict } from '../gate/decide.js'

export interface MetricsDocument {
  readonly schema_version: 1
  /** With `name` and `version` when the model came from the registry. */
  readonly model: Evaluation['model'] & { readonly name?: string; readonly version?: string }
  readonly data: { readonly path: string; readonly sha256: string }
  readonly n_samples: number
  readonly classes: readonly string[]
  readonly accuracy: number
  readonly loss: number
  readonly macro_precision: number
  readonly macro_recall: number
  readonly macro_f1: number
  readonly weighted_precision: number
  readonly weighted_recall: number
  readonly weighted_f1: number
  readonly micro_precision: number
  readonly micro_recall: number
  readonly micro_f1: number
  readonly per_class: Evaluation['metrics']['per_class']
  readonly confusion_matrix: Evaluation['metrics']['confusion_matrix']
  readonly gate: Verdict
  readonly runtime: Evaluation['runtime']
  readonly promotion: unknown
  readonly [extra: string]: unknown
}

export function metricsDocument(
  evaluation: Evaluation,
  data: { path: string; sha256: string },
  verdict: Verdict,
  extra: Readonly<Record<string, unknown>> = {},
  registry: { name?: string; version?: string } = {},
  promotion: unknown = null
): MetricsDocument {
  const m = evaluation.metrics
  return {
    schema_version: 1,
    model: { ...evaluation.model, ...(registry.version !== undefined ? { name: registry.name, version: registry.version } : {}) },
    data,
    n_samples: m.n_samples,
    classes: m.classes,
    accuracy: m.accuracy,
    loss: m.loss,
    macro_precision: m.macro_precision,
    macro_recall: m.macro_recall,
    macro_f1: m.macro_f1,
    weighted_precision: m.weighted_precision,
    weighted_recall: m.weighted_recall,
    weighted_f1: m.weighted_f1,
    micro_precision: m.micro_precision,
    micro_recall: m.micro_recall,
    micro_f1: m.micro_f1,
    per_class: m.per_class,
    confusion_matrix: m.confusion_matrix,
    ...extra,
    gate: verdict,
    runtime: evaluation.runtime,
    promotion
  }
}

/**
 * metrics.json text: indented for people, but arrays of plain numbers (confusion-matrix rows,
 * calibration bins) on one line each, so a 1000-class matrix is 1000 lines, not a million.
 */
export function metricsJsonText(doc: unknown): string {
  return JSON.stringify(doc, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, '')}]`) + '\n'
}
