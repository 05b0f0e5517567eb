/** The human report: job summary and report.md share this Markdown. */
import type { Check } from '../gate/decide.js'
import type { MetricsDocument } from './metrics-json.js'

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

export function renderMarkdown(doc: MetricsDocument): string {
  const lines: string[] = []
  const verdict = doc.gate.passed ? '✅ passed' : '❌ failed'
  lines.push(`## model-gate: ${verdict}`, '')
  lines.push(
    `Model \`${escapeCell(doc.model.uri)}\` on \`${escapeCell(doc.data.path)}\`: ${doc.n_samples} samples, ${doc.classes.length} classes, ` +
      `${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s (${Math.round(doc.runtime.samples_per_second)} samples/s).`,
    ''
  )
  lines.push('| metric | value |', '| --- | ---: |')
  for (const key of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss'] as const) {
    lines.push(`| ${key} | ${fmt(doc[key])} |`)
  }
  lines.push('')
  lines.push('### Gate', '')
  if (doc.gate.checks.length === 0) {
    lines.push('No thresholds were set: the gate passes on any result.', '')
  } else {
    lines.push('| | check | value | condition |', '| --- | --- | ---: | --- |', ...doc.gate.checks.map(checkRow), '')
  }
  const p = doc.promotion as { status: string; reason: string; target: string; name: string | null; version: string | null; archived: string[]; previous: string[] } | null
  if (p && p.name !== null) {
    const what = `version ${p.version} of \`${escapeCell(p.name)}\``
    const text: Record<string, string> = {
      promoted: `✅ Promoted ${what} to **${p.target}**${p.archived.length ? ` (archived version ${p.archived.join(', ')})` : ''}; verified by reading the registry back.`,
      'already-promoted': `✅ ${what} already holds **${p.target}**: nothing to change.`,
      'dry-run': `Dry run: would promote ${what} to **${p.target}**${p.archived.length ? `, archiving version ${p.archived.join(', ')}` : ''}. The registry was not changed.`,
      rejected: `❌ Not promoted: ${p.reason}. ${what} stays where it is.`,
      skipped: `Not promoted: ${escapeCell(p.reason)}.`,
      failed: `❌ Promotion failed: ${escapeCell(p.reason)}`
    }
    lines.push('### Promotion', '', text[p.status] ?? p.status, '')
  }
  lines.push('### Per class', '')
  lines.push('| class | precision | recall | F1 | support |', '| --- | ---: | ---: | ---: | ---: |')
  for (const c of doc.per_class) {
    lines.push(`| ${escapeCell(c.class)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`)
  }
  lines.push('')
  lines.push('### Confusion matrix', '', 'Rows are true classes, columns predicted.', '')
  lines.push(`| true \\ predicted | ${doc.classes.map(escapeCell).join(' | ')} |`)
  lines.push(`| --- | ${doc.classes.map(() => '---:').join(' | ')} |`)
  doc.confusion_matrix.forEach((row, i) => {
    lines.push(`| **${escapeCell(doc.classes[i]!)}** | ${row.map((v, j) => (i === j ? `**${v}**` : String(v))).join(' | ')} |`)
  })
  lines.push('')
  return lines.join('\n')
}
