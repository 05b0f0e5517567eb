/**
 * A regression run's report: metrics.json (r2, mse, rmse, mae, intervals, the paired comparison),
 * the Markdown with two Mermaid pictures — predicted against true, and the residuals — and the
 * worst residuals, listed in the report and in full in residuals.csv.
 */
import type { RegressionSamples } from '../../metrics/bootstrap.js'
import { promotionLine, type Promotion } from '../../report/markdown.js'
import { inputsLine } from '../../report/format.js'
import type { GateDocument, Report, ReportInput } from '../task.js'
import type { RegressionEvaluation } from './evaluate.js'
import type { Interval, RegressionStatistics, RegressionSummary } from './statistics.js'

/** Groups of the predicted-vs-true chart and bins of the residual histogram: readable in a comment's width. */
const GROUPS = 20
const BINS = 15
/** Worst residuals listed in the Markdown; residuals.csv has every sample. */
const WORST = 10

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4))
const signed = (v: number): string => (v >= 0 ? '+' : '') + v.toFixed(4)
const escapeCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const num = (v: number): string => String(Math.round(v * 10000) / 10000)

/** A value for a chart label: 3 significant digits, quoted. */
const tick = (v: number): string => `"${Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3))}"`

/**
 * Predicted against true: the samples sorted by their true value in up to 20 groups of equal size;
 * per group the mean true value (bars) and the mean prediction (line). A good model's line follows
 * the bars; a line flatter than the bars is a model that shrinks towards the mean.
 */
export function predictedVsTrueChart(s: RegressionSamples): string {
  const n = s.target.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.target[a]! - s.target[b]! || a - b)
  const groups = Math.min(GROUPS, n)
  const truth: number[] = []
  const predicted: number[] = []
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups)
    const to = Math.floor(((g + 1) * n) / groups)
    let t = 0
    let p = 0
    for (let j = from; j < to; j++) {
      t += s.target[order[j]!]!
      p += s.predicted[order[j]!]!
    }
    truth.push(t / (to - from))
    predicted.push(p / (to - from))
  }
  const [low, high] = range([...truth, ...predicted])
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Predicted vs true: mean true value (bars) and mean prediction (line), ${groups} groups by true value"`,
    `  x-axis "true value (group mean)" [${truth.map(tick).join(', ')}]`,
    `  y-axis "value" ${num(low)} --> ${num(high)}`,
    `  bar [${truth.map(num).join(', ')}]`,
    `  line [${predicted.map(num).join(', ')}]`,
    '```'
  ].join('\n')
}

/** The residuals (prediction − true) as a histogram of up to 15 equal-width bins. */
export function residualChart(s: RegressionSamples): string {
  const n = s.target.length
  const residuals = Array.from({ length: n }, (_, i) => s.predicted[i]! - s.target[i]!)
  const [lo, hi] = [Math.min(...residuals), Math.max(...residuals)]
  const bins = hi > lo ? BINS : 1
  const width = hi > lo ? (hi - lo) / bins : 1
  const counts = new Array<number>(bins).fill(0)
  for (const r of residuals) counts[Math.min(bins - 1, Math.floor((r - lo) / width))]!++
  const centres = hi > lo ? counts.map((_, b) => lo + (b + 0.5) * width) : [lo]
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Residuals (prediction − true): samples per bin"`,
    `  x-axis "residual (bin centre)" [${centres.map(tick).join(', ')}]`,
    `  y-axis "samples" 0 --> ${Math.max(...counts)}`,
    `  bar [${counts.join(', ')}]`,
    '```'
  ].join('\n')
}

function range(values: number[]): [number, number] {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1
  return [lo - pad, hi + pad]
}

/** Sample indices by absolute residual, largest first (ties: the earlier sample). */
function byResidual(s: RegressionSamples): number[] {
  const abs = (i: number) => Math.abs(s.predicted[i]! - s.target[i]!)
  return Array.from({ length: s.target.length }, (_, i) => i).sort((a, b) => abs(b) - abs(a) || a - b)
}

/** residuals.csv: every sample, worst absolute residual first — what people look at, as misclassified.csv. */
export function residualsCsv(s: RegressionSamples): string {
  const lines = ['index,true,predicted,residual']
  for (const i of byResidual(s)) lines.push(`${i},${s.target[i]},${s.predicted[i]},${s.predicted[i]! - s.target[i]!}`)
  return lines.join('\n') + '\n'
}

export interface RegressionDocument extends GateDocument, RegressionSummary {
  readonly task: 'regression'
  readonly confidence_intervals: RegressionStatistics['confidence_intervals']
  readonly comparison: RegressionStatistics['comparison']
  readonly baseline: (RegressionSummary & { source: string; version: string | null; sha256: string | null }) | null
}

export function renderRegressionMarkdown(doc: RegressionDocument, samples: RegressionSamples, options: { header?: string; run?: string; links?: { run?: string; artifact?: string }; limit?: number } = {}): string {
  const lines: string[] = []
  if (options.header) lines.push(options.header)
  lines.push(`## model-gate: ${doc.gate.passed ? '✅ passed' : '❌ failed'}`, '')
  const version = doc.model.version !== undefined ? ` (version ${doc.model.version})` : ''
  lines.push(`Regression model \`${escapeCell(doc.model.uri)}\`${version} on \`${escapeCell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s.`, '')
  const fed = inputsLine(doc.model.inputs)
  if (fed) lines.push(fed, '')
  if (options.run) lines.push(`Evaluated on ${options.run}.`, '')
  const ci = doc.confidence_intervals
  lines.push(`| metric | value | ${Math.round(ci.level * 100)}% interval |`, '| --- | ---: | --- |')
  for (const [m, v] of Object.entries(ci.metrics)) lines.push(`| ${m} | ${fmt(v.value)} | [${fmt(v.low)}, ${fmt(v.high)}] |`)
  lines.push('', `Intervals: percentile bootstrap, ${ci.resamples} resamples, seed ${ci.seed}.`, '')
  lines.push('### Gate', '')
  if (doc.gate.checks.length === 0) lines.push('No thresholds were set: the gate passes on any result.', '')
  else {
    lines.push('| | check | value | condition |', '| --- | --- | ---: | --- |')
    for (const c of doc.gate.checks) {
      const cond = c.op === 'max_drop' || c.op === 'min_gain' ? `${c.op.replace('_', ' ')} ${fmt(c.threshold)} vs baseline ${c.baseline == null ? '—' : fmt(c.baseline)}` : `${c.op} ${fmt(c.threshold)}`
      lines.push(`| ${c.passed ? '✅' : '❌'} | \`${escapeCell(c.metric)}\` | ${fmt(c.value)} | ${escapeCell(cond)}${c.note ? ` (${escapeCell(c.note)})` : ''} |`)
    }
    lines.push('')
  }
  const p = doc.promotion as Promotion | null
  if (p && p.name !== null) lines.push('### Promotion', '', promotionLine(p), '')
  if (doc.comparison) {
    const c = doc.comparison.paired_bootstrap
    lines.push('### Compared with the baseline', '', `Baseline \`${escapeCell(doc.comparison.baseline)}\`, same test set.`, '')
    lines.push(`| metric | model − baseline | ${Math.round(c.level * 100)}% paired-bootstrap interval |`, '| --- | ---: | --- |')
    for (const [m, v] of Object.entries(c.differences) as [string, Interval][]) lines.push(`| ${m} | ${signed(v.value)} | [${signed(v.low)}, ${signed(v.high)}] |`)
    lines.push('')
  }
  const head = lines.join('\n')
  const worst = byResidual(samples).slice(0, WORST)
  const details = [
    '### Predicted vs true', '', predictedVsTrueChart(samples), '',
    '### Residuals', '', residualChart(samples), '',
    '### Worst residuals', '', `The ${worst.length} samples the model is furthest off on (residuals.csv lists every sample).`, '',
    '| sample | true | predicted | residual |', '| ---: | ---: | ---: | ---: |',
    ...worst.map((i) => `| ${i} | ${fmt(samples.target[i]!)} | ${fmt(samples.predicted[i]!)} | ${signed(samples.predicted[i]! - samples.target[i]!)} |`),
    ''
  ].join('\n')
  const links: string[] = []
  if (options.links?.run) links.push(`[workflow run](${options.links.run})`)
  if (options.links?.artifact) links.push(`[report artifact](${options.links.artifact}) (metrics.json, residuals.csv)`)
  const footer = links.length ? `${links.join(' · ')}\n` : ''
  const limit = options.limit ?? Infinity
  // The pictures and the worst residuals go first when over the limit; the verdict never does.
  const text = head.length + details.length + footer.length + 1 <= limit ? `${head}\n${details}\n${footer}` : `${head}\n_Pictures and residuals left out to stay under ${limit.toLocaleString('en-US')} characters; the report artifact has them._\n\n${footer}`
  return text.length > limit ? text.slice(0, Math.max(0, limit - 80)) + '\n\n_(cut to fit; see the report artifact)_\n' : text
}

export async function regressionReport(input: ReportInput<RegressionEvaluation, RegressionSummary, RegressionStatistics>): Promise<Report> {
  const { evaluation: e, baseline, statistics, registry } = input
  const m = e.metrics
  const document: RegressionDocument = {
    schema_version: 1,
    task: 'regression',
    model: { ...e.model, ...(registry.version !== undefined ? { name: registry.name, version: registry.version } : {}) },
    data: input.data,
    n_samples: m.n_samples,
    r2: m.r2,
    mse: m.mse,
    rmse: m.rmse,
    mae: m.mae,
    confidence_intervals: statistics.confidence_intervals,
    baseline: baseline
      ? { source: baseline.source, version: baseline.version ?? null, sha256: baseline.evaluation?.model.sha256 ?? null, r2: baseline.metrics.r2, mse: baseline.metrics.mse, rmse: baseline.metrics.rmse, mae: baseline.metrics.mae }
      : null,
    comparison: statistics.comparison,
    ...input.extra,
    gate: input.verdict,
    runtime: e.runtime,
    promotion: input.promotion
  }
  return {
    document,
    files: [{ name: 'residuals.csv', content: residualsCsv(e.samples) }],
    markdown: (options = {}) => renderRegressionMarkdown(document, e.samples, options),
    tracked: { r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae }
  }
}
