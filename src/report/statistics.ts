/** metrics.json and Markdown sections for the probability metrics, intervals and the paired comparison. */
import type { ProbabilityMetrics } from '../metrics/probability.js'
import { round4, signed4 } from './format.js'
import type { MetricsDocument } from './metrics-json.js'

/** What the sections read of a classifier's statistics (src/tasks/classification/statistics.ts). */
interface Statistics {
  readonly probability: ProbabilityMetrics | undefined
  readonly confidence_intervals: unknown
  readonly comparison: unknown
}

/** top_k_accuracy is listed for k up to this (any k is usable in thresholds). */
const TOP_K_LISTED = 10

export function statisticsSection(stats: Statistics): Record<string, unknown> {
  const p = stats.probability
  const out: Record<string, unknown> = {}
  if (p) {
    out.top_k_accuracy = Object.fromEntries(p.top_k_accuracy.slice(0, TOP_K_LISTED).map((v, i) => [String(i + 1), v]))
    out.ece = p.ece
    out.brier = p.brier
    out.roc_auc = p.roc_auc
    out.average_precision = p.average_precision
    out.calibration = p.calibration
  }
  out.confidence_intervals = stats.confidence_intervals
  out.comparison = stats.comparison
  return out
}

const f = round4
const signed = signed4

interface IntervalDoc {
  value: number
  low: number
  high: number
}

export function statisticsMarkdown(doc: MetricsDocument): string {
  const lines: string[] = []
  const ci = doc.confidence_intervals as { level: number; resamples: number; seed: number; metrics: Record<string, IntervalDoc> } | undefined
  if (typeof doc.ece === 'number') {
    lines.push('### Probabilities', '', '| metric | value |', '| --- | ---: |')
    const topK = doc.top_k_accuracy as Record<string, number>
    for (const k of ['1', '3', '5']) if (topK[k] !== undefined) lines.push(`| top_k_accuracy[${k}] | ${f(topK[k])} |`)
    lines.push(`| ece (15 bins) | ${f(doc.ece)} |`, `| brier | ${f(doc.brier as number)} |`)
    if (typeof doc.roc_auc === 'number') lines.push(`| roc_auc${doc.classes.length > 2 ? ' (macro OvR)' : ''} | ${f(doc.roc_auc)} |`)
    if (typeof doc.average_precision === 'number') lines.push(`| average_precision | ${f(doc.average_precision)} |`)
    lines.push('')
  }
  if (ci) {
    lines.push(`### ${Math.round(ci.level * 100)}% confidence intervals`, '', `Percentile bootstrap, ${ci.resamples} resamples of the test set, seed ${ci.seed}.`, '')
    lines.push('| metric | value | low | high |', '| --- | ---: | ---: | ---: |')
    for (const [m, v] of Object.entries(ci.metrics)) lines.push(`| ${m} | ${f(v.value)} | ${f(v.low)} | ${f(v.high)} |`)
    lines.push('')
  }
  const cmp = doc.comparison as
    | { baseline: string; mcnemar: { model_only: number; baseline_only: number; p_value: number }; paired_bootstrap: { level: number; differences: Record<string, IntervalDoc> } }
    | null
    | undefined
  if (cmp) {
    const mc = cmp.mcnemar
    lines.push('### Compared with the baseline', '', `Baseline \`${cmp.baseline.replace(/`/g, "'")}\`, same test set.`, '')
    lines.push(
      `McNemar's exact test: the model alone is right on ${mc.model_only} samples, the baseline alone on ${mc.baseline_only}; ` +
        `two-sided p = ${mc.p_value < 1e-4 ? mc.p_value.toExponential(2) : f(mc.p_value)}.`,
      ''
    )
    lines.push(`| metric | model − baseline | ${Math.round(cmp.paired_bootstrap.level * 100)}% paired-bootstrap interval |`, '| --- | ---: | --- |')
    for (const [m, v] of Object.entries(cmp.paired_bootstrap.differences)) lines.push(`| ${m} | ${signed(v.value)} | [${signed(v.low)}, ${signed(v.high)}] |`)
    lines.push('')
  }
  return lines.join('\n')
}
