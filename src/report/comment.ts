/**
 * The human report: the sticky pull-request comment, the job summary and report.md share this
 * Markdown. A pure function of metrics.json plus links, so every surface says the same thing.
 */
import type { Check } from '../gate/decide.js'
import type { MetricsDocument } from './metrics-json.js'

/** GitHub rejects issue comments above 65536 characters; stay clear of it. */
export const COMMENT_LIMIT = 65_000

/** Above this many classes the per-class table and the matrix fold into <details>. */
const FOLD_CLASSES = 10
const WORST_CONFUSIONS = 5

export interface ReportOptions {
  /** Hidden first line that lets the sticky comment be found again, see commentMarker(). */
  readonly marker?: string
  readonly runUrl?: string
  readonly artifactUrl?: string
  readonly artifactName?: string
  /** Outcome.promoted, used when metrics.json carries no promotion block. */
  readonly promoted?: boolean
  /** Why nothing was promoted, when the caller knows (e.g. a pull request). */
  readonly promotionNote?: string
  /** Which run this is, e.g. "push to main at `abc1234`": the merge run updates the pull request's comment. */
  readonly runDescription?: string
  /** Maximum length in characters; detail is dropped to fit, never the verdict. */
  readonly limit?: number
}

/** `<!-- model-gate:<model name> -->`: one sticky comment per model in a pull request. */
export function commentMarker(modelName: string): string {
  // "--" would end the HTML comment early
  return `<!-- model-gate:${modelName.replace(/-{2,}/g, '-').replace(/[<>\n\r]/g, '_')} -->`
}

/** The registered model's name for a registry URI, else the path as given. */
export function modelName(model: string): string {
  const m = /^models:\/([^/@]+)/.exec(model.trim())
  return m ? m[1]! : model.trim().replace(/\\/g, '/').replace(/^\.\//, '')
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4))

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function code(s: string): string {
  return `\`${escapeCell(s).replace(/`/g, "'")}\``
}

/** ▲/▼ with the signed change; `lowerIsBetter` adds whether the move is good. */
export function delta(value: number, base: number | undefined, lowerIsBetter = false): string {
  if (base === undefined || !Number.isFinite(base)) return ''
  const d = value - base
  if (Math.abs(d) < 5e-5) return '= (±0.0000)'
  const arrow = d > 0 ? '▲' : '▼'
  const better = lowerIsBetter ? d < 0 : d > 0
  return `${arrow} ${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(4)}${better ? '' : ' ⚠️'}`
}

function checkRow(c: Check): string {
  const condition =
    c.op === 'max_drop' || c.op === 'min_gain'
      ? `${c.op.replace('_', ' ')} ${fmt(c.threshold)} vs baseline ${c.baseline === null || c.baseline === undefined ? '—' : fmt(c.baseline)}`
      : `${c.op} ${fmt(c.threshold)}`
  return `| ${c.passed ? '✅' : '❌'} | ${code(c.metric)} | ${fmt(c.value)} | ${escapeCell(condition)}${c.note ? ` (${escapeCell(c.note)})` : ''} |`
}

interface BaselineBlock {
  readonly source?: string
  readonly version?: string | null
  readonly [metric: string]: unknown
}

function baselineOf(doc: MetricsDocument): BaselineBlock | undefined {
  const b = doc.baseline
  return b && typeof b === 'object' ? (b as BaselineBlock) : undefined
}

function keyMetrics(doc: MetricsDocument): string[] {
  const base = baselineOf(doc)
  const rows: [string, number, boolean][] = [
    ['accuracy', doc.accuracy, false],
    ['macro_f1', doc.macro_f1, false],
    ['weighted_f1', doc.weighted_f1, false],
    ['macro_precision', doc.macro_precision, false],
    ['macro_recall', doc.macro_recall, false],
    ['loss', doc.loss, true]
  ]
  const lines: string[] = []
  if (base) {
    lines.push(`| metric | value | baseline | change |`, '| --- | ---: | ---: | --- |')
    for (const [name, value, lower] of rows) {
      const b = typeof base[name] === 'number' ? (base[name] as number) : undefined
      lines.push(`| ${name}${lower ? ' (lower is better)' : ''} | ${fmt(value)} | ${b === undefined ? '—' : fmt(b)} | ${delta(value, b, lower)} |`)
    }
    lines.push('', `Baseline: ${code(String(base.source ?? 'baseline'))}${base.version ? ` (version ${escapeCell(String(base.version))})` : ''}.`)
  } else {
    lines.push('| metric | value |', '| --- | ---: |')
    for (const [name, value, lower] of rows) lines.push(`| ${name}${lower ? ' (lower is better)' : ''} | ${fmt(value)} |`)
  }
  return lines
}

function fold(summary: string, body: string[], folded: boolean): string[] {
  return folded ? [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>'] : body
}

function perClass(doc: MetricsDocument): string[] {
  const rows = ['| class | precision | recall | F1 | support |', '| --- | ---: | ---: | ---: | ---: |']
  for (const c of doc.per_class) rows.push(`| ${escapeCell(c.class)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`)
  const worst = doc.per_class.reduce((a, c) => (c.f1 < a.f1 ? c : a), doc.per_class[0]!)
  return [
    '### Per class',
    '',
    ...fold(`${doc.per_class.length} classes (lowest F1: ${escapeCell(worst.class)} ${fmt(worst.f1)})`, rows, doc.per_class.length > FOLD_CLASSES)
  ]
}

function confusionMatrix(doc: MetricsDocument): string[] {
  const rows = [
    'Rows are true classes, columns predicted; the diagonal is bold.',
    '',
    `| true \\ predicted | ${doc.classes.map(escapeCell).join(' | ')} |`,
    `| --- | ${doc.classes.map(() => '---:').join(' | ')} |`,
    ...doc.confusion_matrix.map((row, i) => `| **${escapeCell(doc.classes[i] ?? String(i))}** | ${row.map((v, j) => (i === j ? `**${v}**` : String(v))).join(' | ')} |`)
  ]
  return ['### Confusion matrix', '', ...fold(`${doc.classes.length} × ${doc.classes.length} matrix`, rows, doc.classes.length > FOLD_CLASSES)]
}

/** The off-diagonal cells with the most samples. */
export function worstConfusions(doc: MetricsDocument, n = WORST_CONFUSIONS): { true: string; predicted: string; count: number; share: number }[] {
  const cells: { true: string; predicted: string; count: number; share: number }[] = []
  doc.confusion_matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0)
    row.forEach((v, j) => {
      if (i !== j && v > 0) cells.push({ true: doc.classes[i] ?? String(i), predicted: doc.classes[j] ?? String(j), count: v, share: total > 0 ? v / total : 0 })
    })
  })
  // ties: the larger share of its true class first, then matrix order (stable sort)
  return cells.sort((a, b) => b.count - a.count || b.share - a.share).slice(0, n)
}

function confusions(doc: MetricsDocument): string[] {
  const worst = worstConfusions(doc)
  if (worst.length === 0) return ['### Worst confusions', '', 'None: every sample was classified correctly.']
  return [
    '### Worst confusions',
    '',
    '| true | predicted as | samples | share of the true class |',
    '| --- | --- | ---: | ---: |',
    ...worst.map((c) => `| ${escapeCell(c.true)} | ${escapeCell(c.predicted)} | ${c.count} | ${(100 * c.share).toFixed(1)}% |`)
  ]
}

const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** metrics.json's `promotion` block (written by the registry step), else Outcome.promoted. */
function promotion(doc: MetricsDocument, options: ReportOptions): string[] {
  const p = doc.promotion
  const lines = ['### Promotion', '']
  if (p && typeof p === 'object') {
    const block = p as Record<string, unknown>
    const promoted = block.promoted === true || block.status === 'promoted' || (block.promoted === undefined && options.promoted === true)
    const dry = block.dry_run === true
    const target = [block.target, block.to, block.stage, block.alias].find((v) => typeof v === 'string' && v !== '') as string | undefined
    const version = scalar(block.version) ? String(block.version) : undefined
    const name = typeof block.name === 'string' ? block.name : undefined
    const what = `${name ? code(name) + ' ' : ''}${version ? `version ${escapeCell(version)}` : 'the model'}`
    const reason = [block.reason, block.message].find((v) => typeof v === 'string' && v !== '') as string | undefined
    const to = target ? ` to ${code(target)}` : ''
    const archived = Array.isArray(block.archived) && block.archived.length > 0 ? ` (archived version ${block.archived.map(String).map(escapeCell).join(', ')})` : ''
    // the statuses of the registry step's PromotionRecord; anything else falls back to the flags
    const byStatus: Record<string, string> = {
      promoted: `🚀 Promoted ${what}${to}${archived}${block.verified === true ? '; verified by reading the registry back' : ''}.`,
      'already-promoted': `✅ ${what} already holds ${target ? code(target) : 'the target'}: nothing to change.`,
      'dry-run': `🧪 Dry run: would promote ${what}${to}${archived}. The registry was not changed.`,
      rejected: `⛔ Not promoted${to}.`,
      skipped: `⏸️ Not promoted${to}.`,
      failed: `❌ Promotion${to} failed.`
    }
    const status = typeof block.status === 'string' ? block.status : undefined
    lines.push(
      status && status in byStatus
        ? byStatus[status]!
        : dry
          ? `🧪 Dry run: would ${promoted || block.would_promote === true ? '' : 'not '}promote ${what}${to}.`
          : promoted
            ? `🚀 Promoted ${what}${to}.`
            : `⏸️ Not promoted${to}.`
    )
    if (reason) lines.push('', escapeCell(reason))
    const fields = Object.entries(block).filter(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar)))
    if (fields.length > 0) {
      lines.push('', ...fold('details', ['| field | value |', '| --- | --- |', ...fields.map(([k, v]) => `| ${escapeCell(k)} | ${escapeCell(Array.isArray(v) ? v.join(', ') : String(v))} |`)], true))
    }
  } else if (options.promoted) {
    lines.push('🚀 Promoted.')
  } else {
    lines.push(`⏸️ Not promoted${options.promotionNote ? `: ${escapeCell(options.promotionNote)}` : '.'}`)
  }
  return lines
}

function links(options: ReportOptions): string[] {
  const parts: string[] = []
  if (options.runUrl) parts.push(`[workflow run](${options.runUrl})`)
  if (options.artifactUrl) parts.push(`[report artifact \`${escapeCell(options.artifactName ?? 'model-gate-report')}\`](${options.artifactUrl})`)
  else if (options.artifactName) parts.push(`report artifact \`${escapeCell(options.artifactName)}\` (metrics.json, report.md, confusion-matrix.svg, misclassified.csv)`)
  return parts.length > 0 ? ['', `—<br>${parts.join(' · ')}`] : []
}

/**
 * The report, at most `limit` characters. Sections are dropped from the least to the most important
 * (confusion matrix, per-class table, worst confusions, gate table) until it fits; the verdict line,
 * the headline numbers, the promotion result and the links always stay.
 */
export function renderReport(doc: MetricsDocument, options: ReportOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT
  const failed = doc.gate.checks.filter((c) => !c.passed)
  const head: string[] = []
  if (options.marker) head.push(options.marker)
  head.push(
    doc.gate.passed
      ? `## model-gate: ✅ passed: ${code(doc.model.uri)}`
      : `## model-gate: ❌ failed: ${code(doc.model.uri)} (${failed.length} of ${doc.gate.checks.length} checks failed)`,
    ''
  )
  if (failed.length > 0) {
    const shown = failed.slice(0, 5).map((c) => `${code(c.metric)} = ${fmt(c.value)}`)
    head.push(`Failed: ${shown.join(', ')}${failed.length > shown.length ? ` and ${failed.length - shown.length} more` : ''}.`, '')
  }
  if (options.runDescription) head.push(`Evaluated on ${options.runDescription}.`, '')
  head.push(
    `${doc.n_samples} samples of ${code(doc.data.path)}, ${doc.classes.length} classes, ${doc.runtime.device}, ` +
      `${doc.runtime.seconds.toFixed(2)} s (${Math.round(doc.runtime.samples_per_second)} samples/s).`,
    ''
  )
  const metrics = keyMetrics(doc)
  const gate =
    doc.gate.checks.length === 0
      ? ['### Gate', '', 'No thresholds were set: the gate passes on any result.']
      : ['### Gate', '', '| | check | value | condition |', '| --- | --- | ---: | --- |', ...doc.gate.checks.map(checkRow)]
  // in reading order; `drop` ranks what goes first when the report is too long (0 = never)
  const sections: { lines: string[]; drop: number }[] = [
    { lines: metrics, drop: 0 },
    { lines: gate, drop: 4 },
    { lines: perClass(doc), drop: 2 },
    { lines: confusionMatrix(doc), drop: 1 },
    { lines: confusions(doc), drop: 3 },
    { lines: promotion(doc, options), drop: 0 }
  ]
  const tail = links(options)
  const assemble = (): string => [...head, ...sections.flatMap((s) => [...s.lines, ''])].join('\n').trimEnd() + '\n' + (tail.length ? tail.join('\n') + '\n' : '')
  let text = assemble()
  for (const rank of [1, 2, 3, 4]) {
    if (text.length <= limit) break
    const s = sections.find((x) => x.drop === rank)!
    s.lines = [s.lines[0]!, '', '_Left out to fit GitHub\'s comment size limit: see report.md in the report artifact._']
    text = assemble()
  }
  if (text.length > limit) {
    // Only pathological inputs (huge names) get here: cut the body, keep the verdict that leads it.
    const note = '\n\n_…cut to fit GitHub\'s comment size limit: see report.md in the report artifact._\n'
    const tailText = tail.length ? tail.join('\n') + '\n' : ''
    text = text.slice(0, Math.max(0, limit - note.length - tailText.length)).replace(/\n[^\n]*$/, '') + note + tailText
  }
  return text
}
