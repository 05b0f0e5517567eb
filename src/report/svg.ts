/**
 * The confusion matrix as a self-contained SVG for the report artifact (no third-party image host):
 * cells shaded by the share of their true class, counts written in, with a title and a legend.
 * A matrix of more than SHOWN classes cannot be read as a picture (1000 classes are 1000 pixel-wide
 * rows of near-empty cells), so it draws the SHOWN classes most involved in errors, says so, and
 * leaves the whole matrix to metrics.json.
 */
import type { MetricsDocument } from './metrics-json.js'

/** Classes drawn at most; beyond, the most confused ones. */
export const SHOWN = 40

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The classes to draw: all of them, or the SHOWN with the most errors (as true or as predicted class). */
export function shownClasses(matrix: readonly (readonly number[])[]): number[] {
  const k = matrix.length
  if (k <= SHOWN) return Array.from({ length: k }, (_, i) => i)
  const errors = new Float64Array(k)
  matrix.forEach((row, i) => row.forEach((v, j) => {
    if (i !== j && v > 0) {
      errors[i]! += v
      errors[j]! += v
    }
  }))
  return Array.from({ length: k }, (_, i) => i).sort((a, b) => errors[b]! - errors[a]! || a - b).slice(0, SHOWN).sort((a, b) => a - b)
}

export function confusionMatrixSvg(doc: MetricsDocument): string {
  const k = doc.classes.length
  const shown = shownClasses(doc.confusion_matrix)
  const n = shown.length
  const partial = n < k
  const cell = Math.max(18, Math.min(48, Math.floor(720 / Math.max(n, 1))))
  const font = Math.max(9, Math.min(13, cell / 3))
  const label = Math.min(140, 12 + 7 * Math.max(...shown.map((i) => Math.min(doc.classes[i]!.length, 18)), 1))
  const header = partial ? 78 : 58
  const top = header + label + 22
  const left = label + 30
  const legendWidth = 190
  const width = Math.max(left + n * cell + 16, 520)
  const height = top + n * cell + 56
  const clip = (s: string) => (s.length > 18 ? s.slice(0, 17) + '…' : s)
  const title = `Confusion matrix: ${doc.model.uri} on ${doc.data.path}`
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, DejaVu Sans, sans-serif" font-size="${font}">`,
    `<title>${esc(title)} (rows true, columns predicted)</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${esc(title.length > 90 ? title.slice(0, 89) + '…' : title)}</text>`,
    `<text x="12" y="40" font-size="12" fill="#444">${doc.n_samples} samples, ${k} classes; rows are true classes, columns predicted; shade is the share of the true class.</text>`
  ]
  if (partial) {
    out.push(`<text x="12" y="58" font-size="12" fill="#b00020">Showing the ${n} classes of ${k} most involved in errors (as true or predicted class); the full matrix is in metrics.json.</text>`)
  }
  // legend: a green and a red ramp, 0% to 100% of the true class
  const ly = header - 8
  const lx = width - legendWidth - 12
  out.push(`<text x="${lx}" y="${ly - 4}" font-size="11" fill="#444">share of the true class: 0% → 100%</text>`)
  for (let s = 0; s <= 10; s++) {
    const light = Math.round(92 - 55 * (s / 10))
    out.push(`<rect x="${lx + s * 8}" y="${ly}" width="8" height="10" fill="hsl(140 60% ${light}%)"/>`, `<rect x="${lx + 100 + s * 8}" y="${ly}" width="8" height="10" fill="hsl(0 60% ${light}%)"/>`)
  }
  out.push(`<text x="${lx}" y="${ly + 22}" font-size="10" fill="#444">correct</text>`, `<text x="${lx + 100}" y="${ly + 22}" font-size="10" fill="#444">errors</text>`)
  out.push(
    `<text x="${left + (n * cell) / 2}" y="${header + 8}" text-anchor="middle" font-weight="bold">predicted</text>`,
    `<text transform="translate(14 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">true</text>`
  )
  shown.forEach((c, i) => {
    out.push(`<text transform="translate(${left + i * cell + cell / 2} ${top - 6}) rotate(-60)" text-anchor="start">${esc(clip(doc.classes[c]!))}</text>`)
    out.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2}" text-anchor="end" dominant-baseline="middle">${esc(clip(doc.classes[c]!))}</text>`)
  })
  shown.forEach((ci, i) => {
    const row = doc.confusion_matrix[ci]!
    const support = row.reduce((a, b) => a + b, 0) || 1
    shown.forEach((cj, j) => {
      const count = row[cj]!
      const share = count / support
      // diagonal in green, errors in red; darker is a larger share of the true class
      const hue = ci === cj ? 140 : 0
      const light = count === 0 ? 98 : Math.round(92 - 55 * share)
      const x = left + j * cell
      const y = top + i * cell
      out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="hsl(${hue} 60% ${light}%)" stroke="#ddd"><title>true ${esc(doc.classes[ci]!)}, predicted ${esc(doc.classes[cj]!)}: ${count} (${(100 * share).toFixed(1)}%)</title></rect>`)
      if (count > 0) out.push(`<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" dominant-baseline="middle" fill="${light < 55 ? '#fff' : '#222'}">${count}</text>`)
    })
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
