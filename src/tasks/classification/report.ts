/**
 * A classifier's report: metrics.json in DESIGN.md's shape, the Markdown (report/markdown.ts), the
 * confusion-matrix SVG, misclassified.csv naming each sample as a person finds it, and for image
 * folders the misclassified.png contact sheet.
 */
import path from 'node:path'
import type { ClassificationMetrics } from '../../metrics/classification.js'
import { renderMarkdown } from '../../report/markdown.js'
import type { MetricsDocument } from '../../report/metrics-json.js'
import { contactSheet, misclassifiedCsv, type SampleSource } from '../../report/misclassified.js'
import { readNpzIndex } from '../../report/npz-index.js'
import { statisticsSection } from '../../report/statistics.js'
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
  const { testSet, log } = input
  const testData = input.data.path
  const imageFile = testSet.sampleFile?.bind(testSet)
  // text formats have rows a person can find (1-based, after the header); arrays have the index
  const rows = /\.(csv|jsonl|ndjson)$/i.test(testData)
  let source: SampleSource | undefined = imageFile
    ? { column: 'file', name: (i) => { const f = imageFile(i); return f === undefined ? undefined : path.relative(testSet.path, f) } }
    : rows ? { column: 'row', name: (i) => String(i + 1) } : undefined
  if (/\.npz$/i.test(testData)) {
    const index = await readNpzIndex(testData, document.n_samples)
    if (index.problem) log.warning(`misclassified.csv: ${testData} ${index.problem}; the csv names samples by position only`)
    if (index.ids) source = { column: 'source_index', name: (i) => index.ids![i] }
  }
  const samples = evaluation.samples
  // The contact sheet is a nicety: a picture that cannot be drawn is a warning, not a failed step.
  const sheet = imageFile
    ? await contactSheet(samples, document.classes, imageFile, (i) => source?.name(i) ?? '').catch((e: unknown) => {
        log.warning(`misclassified.png could not be drawn (${(e as Error).message.split('\n')[0]}); misclassified.csv lists the same images`)
        return undefined
      })
    : undefined
  return {
    document,
    files: [
      { name: 'confusion-matrix.svg', content: confusionMatrixSvg(document) },
      { name: 'misclassified.csv', content: misclassifiedCsv(samples, document.classes, source) },
      ...(sheet ? [{ name: 'misclassified.png', content: sheet }] : [])
    ],
    markdown: (options = {}) => renderMarkdown(document, options),
    tracked
  }
}
