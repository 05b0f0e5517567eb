/** The Markdown report of a regression run (job summary, report.md). */
import type { Check } from '../gate/decide.js'

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4))
const signed = (v: number): string => (v >= 0 ? '+' : '') + v.toFixed(4)
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

interface Interval {
  value: number
  low: number
  high: number
}

export function renderRegressionMarkdown(doc: {
  model: { uri: string }
  data: { path: string }
  n_samples: number
  runtime: { device: string; seconds: number }
  gate: { passed: boolean; checks: readonly Check[] }
  confidence_intervals: { level: number; resamples: number; seed: number; metrics: Record<string, Interval> }
  comparison: { baseline: string; paired_bootstrap: { level: number; differences: Record<string, Interval> } } | null
}): string {
  const lines: string[] = []
  lines.push(`## model-gate: ${doc.gate.passed ? '✅ passed' : '❌ failed'}`, '')
  lines.push(`Regression model \`${cell(doc.model.uri)}\` on \`${cell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s.`, '')
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
      lines.push(`| ${c.passed ? '✅' : '❌'} | \`${cell(c.metric)}\` | ${fmt(c.value)} | ${cell(cond)}${c.note ? ` (${cell(c.note)})` : ''} |`)
    }
    lines.push('')
  }
  if (doc.comparison) {
    const p = doc.comparison.paired_bootstrap
    lines.push('### Compared with the baseline', '', `Baseline \`${cell(doc.comparison.baseline)}\`, same test set.`, '')
    lines.push(`| metric | model − baseline | ${Math.round(p.level * 100)}% paired-bootstrap interval |`, '| --- | ---: | --- |')
    for (const [m, v] of Object.entries(p.differences)) lines.push(`| ${m} | ${signed(v.value)} | [${signed(v.low)}, ${signed(v.high)}] |`)
    lines.push('')
  }
  return lines.join('\n')
}
