/** misclassified.csv: the samples the model got wrong, in test-set order, as seed users' evaluate.py drew them. */
import type { Samples } from '../metrics/samples.js'

/** RFC 4180 quoting, only where needed. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

/** index is the 0-based position in the test set; confidence is the probability of the predicted class. */
export function misclassifiedCsv(samples: Samples, classes: readonly string[]): string {
  const name = (i: number) => csvField(classes[i] ?? String(i))
  const lines = ['index,true,predicted,confidence']
  for (let i = 0; i < samples.labels.length; i++) {
    const t = samples.labels[i]!
    const p = samples.predicted[i]!
    if (t !== p) lines.push(`${i},${name(t)},${name(p)},${samples.confidence[i]!}`)
  }
  return lines.join('\n') + '\n'
}
