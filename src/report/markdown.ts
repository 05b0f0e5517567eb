/**
 * The human report. One renderer serves report.md, the job summary and the pull-request comment, so
 * they never disagree: verdict first, then what decided it, then the detail. Detail is trimmed to stay
 * under a size limit (GitHub's comment limit); the verdict never is.
 */
import type { Check } from '../gate/decide.js'
import type { MetricsDocument } from './metrics-json.js'

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
}

/** Classes beyond which tables fold into <details>. */
const FOLD = 10

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4))

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function checkRow(c: Check): string {
  const condition =
    c.op === 'max_drop' || c.op === 'min_gain'
      ? `${c.op.replace('_', ' ')} ${fmt(c.threshold)} vs baseline ${c.baseline === null || c.baseline === undefined ? '—' : fmt(c.baseline)}`
      : `${c.op} ${fmt(c.threshold)}`
  return `| ${c.passed ? '✅' : '❌'} | \`${escapeCell(c.metric)}\` | ${fmt(c.value)} | ${escapeCell(condition)}${c.note ? ` (${escapeCell(c.note)})` : ''} |`
}

function change(value: number, base: number | undefined): string {
  if (base === undefined) return ''
  const d = value - base
  if (Math.abs(d) < 5e-5) return ' | ='
  return ` | ${d > 0 ? '▲' : '▼'} ${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(4)}`
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

function fold(summary: string, body: string[], folded: boolean): string[] {
  return folded ? [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''] : [`### ${summary}`, '', ...body, '']
}

export function renderMarkdown(doc: MetricsDocument, options: RenderOptions = {}): string {
  const head: string[] = []
  if (options.header) head.push(options.header)
  const verdict = doc.gate.passed ? '✅ passed' : '❌ failed'
  head.push(`## model-gate: ${verdict}`, '')
  const version = doc.model.version !== undefined ? ` (version ${doc.model.version})` : ''
  head.push(
    `Model \`${escapeCell(doc.model.uri)}\`${version} on \`${escapeCell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.classes.length} classes, ` +
      `${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s (${Math.round(doc.runtime.samples_per_second)} samples/s).`,
    ''
  )
  if (options.run) head.push(`Evaluated on ${options.run}.`, '')
  const skipped = doc.skipped_files as { count: number; files: { file: string }[] } | undefined
  if (skipped && skipped.count > 0) {
    head.push(`⚠️ ${skipped.count} image(s) could not be decoded and were left out (skip-bad-files): ${skipped.files.slice(0, 5).map((f) => `\`${escapeCell(f.file)}\``).join(', ')}${skipped.count > 5 ? ', …' : ''}`, '')
  }
  const failed = doc.gate.checks.filter((c) => !c.passed)
  if (failed.length) head.push(`**Failed:** ${failed.map((c) => `\`${escapeCell(c.metric)}\` = ${fmt(c.value)}`).join(', ')}`, '')

  const baseline = doc.baseline as (Record<string, number> & { source: string; version: string | null }) | null | undefined
  const metrics: string[] = []
  metrics.push(baseline ? `| metric | value | vs baseline \`${escapeCell(baseline.source)}\`${baseline.version ? ` v${baseline.version}` : ''} |` : '| metric | value |')
  metrics.push(baseline ? '| --- | ---: | ---: |' : '| --- | ---: |')
  for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss'] as const) {
    metrics.push(`| ${key} | ${fmt(doc[key])}${baseline ? change(doc[key], baseline[key]) : ''} |`)
  }
  metrics.push('')

  const gate = ['### Gate', '']
  if (doc.gate.checks.length === 0) gate.push('No thresholds were set: the gate passes on any result.', '')
  else gate.push('| | check | value | condition |', '| --- | --- | ---: | --- |', ...doc.gate.checks.map(checkRow), '')

  const p = doc.promotion as Promotion | null
  const promotion = p && p.name !== null ? ['### Promotion', '', promotionLine(p), ''] : []

  const links: string[] = []
  if (options.links?.run) links.push(`[workflow run](${options.links.run})`)
  if (options.links?.artifact) links.push(`[report artifact](${options.links.artifact}) (metrics.json, confusion matrix SVG, misclassified samples)`)
  const footer = links.length ? [links.join(' · '), ''] : []

  const worst = worstConfusions(doc)
  const confusions = worst.length
    ? ['### Worst confusions', '', '| true | taken for | count | share of true class |', '| --- | --- | ---: | ---: |',
        ...worst.map((w) => `| ${escapeCell(w.true)} | ${escapeCell(w.predicted)} | ${w.count} | ${(100 * w.share).toFixed(1)}% |`), '']
    : []

  const many = doc.classes.length > FOLD
  const perClass = fold(
    'Per class',
    ['| class | precision | recall | F1 | support |', '| --- | ---: | ---: | ---: | ---: |',
      ...doc.per_class.map((c) => `| ${escapeCell(c.class)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`)],
    many
  )
  const matrix = fold(
    'Confusion matrix',
    ['Rows are true classes, columns predicted.', '',
      `| true \\ predicted | ${doc.classes.map(escapeCell).join(' | ')} |`,
      `| --- | ${doc.classes.map(() => '---:').join(' | ')} |`,
      ...doc.confusion_matrix.map((row, i) => `| **${escapeCell(doc.classes[i]!)}** | ${row.map((v, j) => (i === j ? `**${v}**` : String(v))).join(' | ')} |`)],
    many
  )

  // Most important first; the optional parts go, last first, when over the limit.
  const fixed = [...head, ...metrics, ...gate, ...promotion]
  const optional = [confusions, perClass, matrix]
  const limit = options.limit ?? Infinity
  const size = (parts: string[][]) => [...fixed, ...parts.flat(), ...footer].join('\n').length + 200
  let kept = optional
  while (kept.length > 0 && size(kept) > limit) kept = kept.slice(0, -1)
  const dropped = optional.length - kept.length
  const note = dropped > 0 ? [`_${dropped === 3 ? 'Details' : 'Some detail'} left out to stay under ${limit.toLocaleString('en-US')} characters; the report artifact has all of it._`, ''] : []
  let text = [...fixed, ...kept.flat(), ...note, ...footer].join('\n')
  if (text.length > limit) text = text.slice(0, Math.max(0, limit - 80)) + '\n\n_(cut to fit; see the report artifact)_\n'
  return text
}
