/**
 * A classifier's report: metrics.json in DESIGN.md's shape, the Markdown (verdict, metrics, gate,
 * confusions, per class, matrix, then probabilities, intervals and the paired comparison), the
 * confusion-matrix SVG and misclassified.csv.
 */
import type { ClassificationMetrics } from '../../metrics/classification.js'
import { renderMarkdown } from '../../report/markdown.js'
import type { MetricsDocument } from '../../report/metrics-json.js'
import { misclassifiedCsv } from '../../report/misclassified.js'
import { statisticsMarkdown, statisticsSection } from '../../report/statistics.js'
import { confusionMatrixSvg } from '../../report/svg.js'
import type { Report, ReportInput } from '../task.js'
import { baselineSummary } from './baseline.js'
import type { Evaluation } from './evaluate.js'
import type { Statistics } from './statistics.js'

/** MLflow metric keys: letters, digits, _ - . space : / only. */
function key(s: string): string {
  return s.replace(/[^A-Za-z0-9_\-. :/]/g, '_')
}

export async function classificationReport(input: ReportInput<Evaluation, ClassificationMetrics, Statistics>): Promise<Report> {
  const { evaluation, verdict, registry } = input
  const m = evaluation.metrics
  const document: MetricsDocument = {
    schema_version: 1,
    model: { ...evaluation.model, ...(registry.version !== undefined ? { name: registry.name, version: registry.version } : {}) },
    data: input.data,
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
    baseline: baselineSummary(input.baseline),
    ...statisticsSection(input.statistics),
    ...input.extra,
    gate: verdict,
    runtime: evaluation.runtime,
    promotion: input.promotion
  }
  const tracked: Record<string, number> = {}
  for (const k of ['accuracy', 'loss', 'macro_f1', 'weighted_f1', 'micro_f1', 'macro_precision', 'macro_recall', 'weighted_precision', 'weighted_recall'] as const) tracked[k] = m[k]
  for (const c of m.per_class) {
    tracked[key(`f1.${c.class}`)] = c.f1
    tracked[key(`precision.${c.class}`)] = c.precision
    tracked[key(`recall.${c.class}`)] = c.recall
  }
  const stats = statisticsMarkdown(document)
  return {
    document,
    files: [
      { name: 'confusion-matrix.svg', content: confusionMatrixSvg(document) },
      { name: 'misclassified.csv', content: misclassifiedCsv(evaluation.samples, document.classes) }
    ],
    // The statistics follow the main report; its size limit leaves room for them.
    markdown: (options = {}) => renderMarkdown(document, options.limit === undefined ? options : { ...options, limit: options.limit - stats.length }) + stats,
    tracked
  }
}
