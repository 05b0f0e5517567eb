/**
 * The human report. One renderer serves report.md, the job summary and the pull-request comment, so
 * they never disagree. In a reviewer's order: the verdict and the failed checks (each explaining
 * itself), the headline metrics with their change against the baseline, the charts, then the detail
 * folded in <details>, and the links last. Detail is trimmed to stay under a size limit (GitHub's
 * comment limit); the verdict never is.
 */
import type { Check } from '../gate/decide.js'
import { direction, explainCheck, explainCondition } from '../gate/explain.js'
import { perClassF1Chart, reliabilityChart } from './charts.js'
import { inputsLine, round4, signed4 } from './format.js'
import type { MetricsDocument } from './metrics-json.js'
import { statisticsMarkdown } from './statistics.js'

export interface ReportLinks {
  readonly run?: string
  readonly artifact?: string
}

export interface RenderOptions {
  readonly links?: ReportLinks
  /** Characters at most (GitHub comments take 65,536). */
  readonly limit?: number
  /** Lines to put first, e.g. the comment's hidden marker. */
  readonly header?: string
  /** Which run this is ("push to main at `abc1234`"): the merge run updates the pull request's comment. */
  readonly run?: string
  /** Files beside report.md (confusion-matrix.svg, misclassified.png, …): linked relatively in report.md. */
  readonly files?: readonly string[]
}

/** Classes beyond which the confusion matrix is left to the SVG and metrics.json. */
const MATRIX_MAX = 30
/** A class whose F1 fell by more than this against the baseline is flagged as a regression. */
export const REGRESSION = 0.01

const fmt = round4

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function checkRow(c: Check): string {
  const condition = explainCondition(c).replace(/^\S+ /, '')
  return `| ${c.passed ? '✅' : '❌'} | \`${escapeCell(c.metric)}\` | ${fmt(c.value)} | ${escapeCell(condition)}${c.note && !c.significance ? ` (${escapeCell(c.note)})` : ''} |`
}

/** `▲ +0.0123 better`: the arrow is the sign, the word is what it means for this metric. */
function change(metric: string, value: number, base: number | undefined): string {
  if (base === undefined || base === null) return '—'
  const d = value - base
  if (Math.abs(d) < 5e-5) return '= same'
  const dir = direction(metric, d)
  return `${d > 0 ? '▲' : '▼'} ${signed4(d)} ${dir === 'better' ? '🟢 better' : '🔴 worse'}`
}

export type Promotion = { status: string; reason: string; target: string; name: string | null; version: string | null; archived: string[] }

/** The promotion in one sentence, for every task's report. */
export function promotionLine(p: Promotion): string {
  const what = `version ${p.version} of \`${escapeCell(p.name ?? '')}\``
  const text: Record<string, string> = {
    promoted: `✅ Promoted ${what} to **${p.target}**${p.archived.length ? ` (archived version ${p.archived.join(', ')})` : ''}; verified by reading the registry back.`,
    'already-promoted': `✅ ${what} already holds **${p.target}**: nothing to change.`,
    'dry-run': `Dry run: would promote ${what} to **${p.target}**${p.archived.length ? `, archiving version ${p.archived.join(', ')}` : ''}. The registry was not changed.`,
    rejected: `❌ Not promoted: ${p.reason}. ${what} stays where it is.`,
    skipped: `Not promoted: ${escapeCell(p.reason)}.`,
    failed: `❌ Promotion failed: ${escapeCell(p.reason)}`
  }
  return text[p.status] ?? p.status
}

/** The most frequent off-diagonal cells: which class is taken for which. */
export function worstConfusions(doc: MetricsDocument, n = 5): { true: string; predicted: string; count: number; share: number }[] {
  const out: { true: string; predicted: string; count: number; share: number }[] = []
  doc.confusion_matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      if (i !== j && count > 0) out.push({ true: doc.classes[i]!, predicted: doc.classes[j]!, count, share: count / (doc.per_class[i]?.support || 1) })
    })
  )
  return out.sort((a, b) => b.count - a.count || b.share - a.share).slice(0, n)
}

function fold(summary: string, body: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', '']
}

type BaselineDoc = Record<string, number> & { source: string; version: string | null; per_class?: { class: string; precision: number; recall: number; f1: number }[] }

interface ClassChange {
  class: string
  f1: number
  base: { precision: number; recall: number; f1: number }
  precision: number
  recall: number
  support: number
}

/** Per-class changes against the baseline, when the baseline has the same classes. */
export function classChanges(doc: MetricsDocument): ClassChange[] | undefined {
  const base = (doc.baseline as BaselineDoc | null | undefined)?.per_class
  if (!base || base.length !== doc.per_class.length || base.some((b, i) => b.class !== doc.per_class[i]!.class)) return undefined
  return doc.per_class.map((c, i) => ({ class: c.class, f1: c.f1, precision: c.precision, recall: c.recall, support: c.support, base: base[i]! }))
}

export function renderMarkdown(doc: MetricsDocument, options: RenderOptions = {}): string {
  const head: string[] = []
  if (options.header) head.push(options.header)
  const verdict = doc.gate.passed ? '✅ passed' : '❌ failed'
  head.push(`## model-gate: ${verdict}`, '')
  const failed = doc.gate.checks.filter((c) => !c.passed)
  if (failed.length) head.push(`**Failed ${failed.length === 1 ? 'check' : `checks (${failed.length})`}:**`, '', ...failed.map((c) => `- ❌ ${escapeCell(explainCheck(c))}`), '')
  const version = doc.model.version !== undefined ? ` (version ${doc.model.version})` : ''
  head.push(
    `Model \`${escapeCell(doc.model.uri)}\`${version} on \`${escapeCell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.classes.length} classes, ` +
      `${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s (${Math.round(doc.runtime.samples_per_second)} samples/s).`,
    ''
  )
  const fed = inputsLine(doc.model.inputs)
  if (fed) head.push(fed, '')
  if (options.run) head.push(`Evaluated on ${options.run}.`, '')
  const skipped = doc.skipped_files as { count: number; files: { file: string }[] } | undefined
  if (skipped && skipped.count > 0) {
    head.push(`⚠️ ${skipped.count} image(s) could not be decoded and were left out (skip-bad-files): ${skipped.files.slice(0, 5).map((f) => `\`${escapeCell(f.file)}\``).join(', ')}${skipped.count > 5 ? ', …' : ''}`, '')
  }
  const p = doc.promotion as Promotion | null
  if (p && p.name !== null) head.push(promotionLine(p), '')

  const baseline = doc.baseline as BaselineDoc | null | undefined
  const ci = (doc.confidence_intervals as { metrics?: Record<string, { low: number; high: number }> } | undefined)?.metrics ?? {}
  const metrics: string[] = ['### Metrics', '']
  const baseName = baseline ? `baseline \`${escapeCell(baseline.source)}\`${baseline.version ? ` v${baseline.version}` : ''}` : ''
  metrics.push(baseline ? `| metric | value | 95% interval | ${baseName} | change |` : '| metric | value | 95% interval |')
  metrics.push(baseline ? '| --- | ---: | --- | ---: | --- |' : '| --- | ---: | --- |')
  for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss'] as const) {
    const interval = ci[key] ? `[${fmt(ci[key].low)}, ${fmt(ci[key].high)}]` : ''
    metrics.push(`| ${key} | ${fmt(doc[key])} | ${interval} |${baseline ? ` ${fmt(baseline[key])} | ${change(key, doc[key], baseline[key])} |` : ''}`)
  }
  metrics.push('')

  const gate = ['### Gate', '']
  if (doc.gate.checks.length === 0) gate.push('No thresholds were set: the gate passes on any result.', '')
  else gate.push('| | check | value | condition |', '| --- | --- | ---: | --- |', ...doc.gate.checks.map(checkRow), '')

  const changes = classChanges(doc)
  const regressed = changes?.filter((c) => c.base.f1 - c.f1 > REGRESSION).sort((a, b) => (a.f1 - a.base.f1) - (b.f1 - b.base.f1)) ?? []
  if (changes) {
    gate.push(
      regressed.length
        ? `⚠️ **${regressed.length} class${regressed.length === 1 ? '' : 'es'} regressed** against the baseline (F1 down by more than ${REGRESSION}): ` +
            regressed.slice(0, 8).map((c) => `\`${escapeCell(c.class)}\` ${fmt(c.base.f1)} → ${fmt(c.f1)}`).join(', ') + (regressed.length > 8 ? ', …' : '')
        : `No class regressed against the baseline (F1 down by more than ${REGRESSION}).`,
      ''
    )
  }

  const charts: string[] = []
  const f1Chart = perClassF1Chart(doc)
  const reliability = reliabilityChart(doc)
  if (f1Chart || reliability) charts.push('### Charts', '')
  if (f1Chart) charts.push(f1Chart, '')
  if (reliability) charts.push(reliability, '')

  const worst = worstConfusions(doc)
  const confusions = worst.length
    ? fold('Worst confusions', ['| true | taken for | count | share of true class |', '| --- | --- | ---: | ---: |',
        ...worst.map((w) => `| ${escapeCell(w.true)} | ${escapeCell(w.predicted)} | ${w.count} | ${(100 * w.share).toFixed(1)}% |`)])
    : []

  const perClass = changes
    ? fold(`Per class, against the baseline${regressed.length ? ` (${regressed.length} regressed)` : ''}`, [
        '| class | F1 | baseline F1 | F1 change | precision (change) | recall (change) | support |', '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
        ...changes.map((c) => {
          const flag = c.base.f1 - c.f1 > REGRESSION ? ' ⚠️ regressed' : ''
          return `| ${escapeCell(c.class)}${flag} | ${fmt(c.f1)} | ${fmt(c.base.f1)} | ${change('f1', c.f1, c.base.f1)} | ${fmt(c.precision)} (${signed4(c.precision - c.base.precision)}) | ${fmt(c.recall)} (${signed4(c.recall - c.base.recall)}) | ${c.support} |`
        })])
    : fold('Per class', ['| class | precision | recall | F1 | support |', '| --- | ---: | ---: | ---: | ---: |',
        ...doc.per_class.map((c) => `| ${escapeCell(c.class)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`)])
  const matrix = doc.classes.length <= MATRIX_MAX
    ? fold('Confusion matrix', ['Rows are true classes, columns predicted.', '',
        `| true \\ predicted | ${doc.classes.map(escapeCell).join(' | ')} |`,
        `| --- | ${doc.classes.map(() => '---:').join(' | ')} |`,
        ...doc.confusion_matrix.map((row, i) => `| **${escapeCell(doc.classes[i]!)}** | ${row.map((v, j) => (i === j ? `**${v}**` : String(v))).join(' | ')} |`)])
    : [`_The ${doc.classes.length}-class confusion matrix is in metrics.json and, drawn for its most confused classes, in confusion-matrix.svg._`, '']
  const stats = statisticsMarkdown(doc)
  const statistics = stats ? fold('Probabilities, confidence intervals and the paired comparison', [stats]) : []

  const links: string[] = []
  const files = options.files ?? []
  if (options.links?.run) links.push(`[workflow run](${options.links.run})`)
  if (options.links?.artifact) links.push(`[report artifact](${options.links.artifact}) (${['metrics.json', 'report.md', ...files].join(', ')})`)
  else if (!options.links?.run && files.length) links.push(...files.map((f) => `[${f}](${encodeURI(f)})`))
  const footer = links.length ? ['---', '', links.join(' · '), ''] : []

  // Most important first; the optional parts go, last first, when over the limit.
  const fixed = [...head, ...metrics, ...gate, ...charts]
  const optional = [perClass, confusions, statistics, matrix]
  const limit = options.limit ?? Infinity
  const size = (parts: string[][]) => [...fixed, ...parts.flat(), ...footer].join('\n').length + 200
  let kept = optional
  while (kept.length > 0 && size(kept) > limit) kept = kept.slice(0, -1)
  const dropped = optional.length - kept.length
  const note = dropped > 0 ? [`_${dropped === optional.length ? 'Details' : 'Some detail'} left out to stay under ${limit.toLocaleString('en-US')} characters; the report artifact has all of it._`, ''] : []
  let text = [...fixed, ...kept.flat(), ...note, ...footer].join('\n')
  if (text.length > limit) text = text.slice(0, Math.max(0, limit - 80)) + '\n\n_(cut to fit; see the report artifact)_\n'
  return text
}
