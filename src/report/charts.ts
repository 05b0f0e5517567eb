/**
 * Charts as Mermaid `xychart-beta` blocks: GitHub renders Mermaid in comments, job summaries and
 * Markdown files, so the report has pictures without an image host. xychart-beta needs Mermaid
 * 10.3 or later; the tests render every block with mermaid 11.4.1 in headless Chromium. The
 * chart has no legend, so the title says which series is which.
 */
import type { MetricsDocument } from './metrics-json.js'

/** Bars beyond this are unreadable in a comment's width: the worst classes are shown. */
export const MAX_BARS = 20

/** Mermaid's xychart labels are quoted strings: keep them short and free of quotes and brackets. */
function label(s: string): string {
  const clean = s.replace(/["[\]\\`]/g, "'").replace(/[\r\n]+/g, ' ')
  return `"${clean.length > 14 ? clean.slice(0, 13) + '…' : clean}"`
}

const num = (v: number) => String(Math.round(v * 10000) / 10000)

type PerClass = { class: string; f1: number }

/** Per-class F1 as bars; the baseline's F1 of the same classes as a line, when there is one. */
export function perClassF1Chart(doc: MetricsDocument): string | undefined {
  const base = (doc.baseline as { per_class?: PerClass[] } | null | undefined)?.per_class
  const rows = doc.per_class.map((c, i) => ({ name: c.class, f1: c.f1, base: base?.[i]?.class === c.class ? base[i]!.f1 : undefined, i }))
  if (rows.length === 0) return undefined
  const shown = rows.length > MAX_BARS ? [...rows].sort((a, b) => a.f1 - b.f1 || a.i - b.i).slice(0, MAX_BARS).sort((a, b) => a.i - b.i) : rows
  const withBase = base !== undefined && shown.every((r) => r.base !== undefined)
  const what = rows.length > MAX_BARS ? `the ${MAX_BARS} classes with the lowest F1 of ${rows.length}` : 'per class'
  const title = `F1 ${what}${withBase ? ' (bars: this model, line: baseline)' : ''}`
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${shown.map((r) => label(r.name)).join(', ')}]`,
    '  y-axis "F1" 0 --> 1',
    `  bar [${shown.map((r) => num(r.f1)).join(', ')}]`
  ]
  if (withBase) lines.push(`  line [${shown.map((r) => num(r.base!)).join(', ')}]`)
  lines.push('```')
  return lines.join('\n')
}

type Bin = { lower: number; upper: number; count: number; confidence: number; accuracy: number }

/**
 * A reliability diagram from the 15 calibration bins: accuracy per confidence bin as bars, the
 * bin's mean confidence as a line (a calibrated model's bars reach the line). Empty bins show 0.
 */
export function reliabilityChart(doc: MetricsDocument): string | undefined {
  const bins = doc.calibration as Bin[] | undefined
  if (!bins || bins.length === 0 || !bins.some((b) => b.count > 0)) return undefined
  const used = bins.slice(bins.findIndex((b) => b.count > 0))
  const ece = typeof doc.ece === 'number' ? `, ECE ${doc.ece.toFixed(4)}` : ''
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Reliability${ece}: accuracy (bars) vs confidence (line)"`,
    `  x-axis "top-class probability" [${used.map((b) => `"${b.upper.toFixed(2)}"`).join(', ')}]`,
    '  y-axis "accuracy" 0 --> 1',
    `  bar [${used.map((b) => num(b.count > 0 ? b.accuracy : 0)).join(', ')}]`,
    `  line [${used.map((b) => num(b.count > 0 ? b.confidence : (b.lower + b.upper) / 2)).join(', ')}]`,
    '```'
  ].join('\n')
}
