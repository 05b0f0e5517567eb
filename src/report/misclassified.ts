/** misclassified.csv: the samples the model got wrong, most confident first — what people look at. */
import type { Samples } from '../metrics/samples.js'

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function misclassifiedCsv(samples: Samples, classes: readonly string[]): string {
  const rows: number[] = []
  for (let i = 0; i < samples.labels.length; i++) if (samples.labels[i] !== samples.predicted[i]) rows.push(i)
  rows.sort((a, b) => samples.confidence[b]! - samples.confidence[a]! || a - b)
  const name = (k: number) => csvCell(classes[k] ?? String(k))
  const lines = ['index,true,predicted,confidence']
  for (const i of rows) lines.push(`${i},${name(samples.labels[i]!)},${name(samples.predicted[i]!)},${samples.confidence[i]!.toPrecision(6)}`)
  return lines.join('\n') + '\n'
}
