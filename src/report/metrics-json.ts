/** metrics.json, in the shape DESIGN.md fixes (schema_version 1). */
import type { ModelInfo, RuntimeInfo } from '../engine.js'
import type { Verdict } from '../gate/decide.js'
import type { ClassificationMetrics, ScoreKind } from '../metrics/classification.js'

/** A classifier's metrics.json. */
export interface MetricsDocument {
  readonly schema_version: 1
  /** With `name` and `version` when the model came from the registry. */
  readonly model: ModelInfo & { readonly output_kind: ScoreKind; readonly name?: string; readonly version?: string }
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
  readonly per_class: ClassificationMetrics['per_class']
  readonly confusion_matrix: ClassificationMetrics['confusion_matrix']
  readonly gate: Verdict
  readonly runtime: RuntimeInfo
  readonly promotion: unknown
  readonly [extra: string]: unknown
}

/**
 * metrics.json text: indented for people, but arrays of plain numbers (confusion-matrix rows,
 * calibration bins) on one line each, so a 1000-class matrix is 1000 lines, not a million.
 */
export function metricsJsonText(doc: unknown): string {
  return JSON.stringify(doc, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, '')}]`) + '\n'
}
