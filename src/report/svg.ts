/**
 * The confusion matrix as a self-contained SVG for the report artifact (no third-party image host):
 * cells shaded by the share of their true class, counts written in.
 */
import type { MetricsDocument } from './metrics-json.js'

/** Classes above which empty cells are left to the background. */
const SPARSE = 50

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function confusionMatrixSvg(doc: MetricsDocument): string {
  const k = doc.classes.length
  // up to 40 classes every cell is big enough for its count; beyond, cells shrink so a 1000-class
  // matrix stays a picture of a few thousand pixels rather than 18,000
  const cell = Math.max(k <= 40 ? 18 : 4, Math.min(48, Math.floor(720 / Math.max(k, 1))))
  const counts = cell >= 16
  const labels = cell >= 10
  // above SPARSE classes only the cells that hold samples are drawn, over one background: the file
  // grows with the errors, not with k² (a dense 1000-class matrix would be a million elements)
  const sparse = k > SPARSE
  const label = Math.min(140, 12 + 7 * Math.max(...doc.classes.map((c) => Math.min(c.length, 18)), 1))
  const top = label + 28
  const left = label + 28
  const width = left + k * cell + 16
  const height = top + k * cell + 16
  const font = Math.max(8, Math.min(13, cell / 3))
  const clip = (s: string) => (s.length > 18 ? s.slice(0, 17) + '…' : s)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="${font}">`,
    `<title>Confusion matrix: ${esc(doc.model.uri)} on ${esc(doc.data.path)} (rows true, columns predicted)</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left + (k * cell) / 2}" y="14" text-anchor="middle" font-weight="bold">predicted</text>`,
    `<text transform="translate(14 ${top + (k * cell) / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">true</text>`
  ]
  if (sparse) out.push(`<rect x="${left}" y="${top}" width="${k * cell}" height="${k * cell}" fill="hsl(0 60% 98%)" stroke="#ddd"/>`)
  if (labels) doc.classes.forEach((c, i) => {
    out.push(`<text transform="translate(${left + i * cell + cell / 2} ${top - 6}) rotate(-60)" text-anchor="start">${esc(clip(c))}</text>`)
    out.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2}" text-anchor="end" dominant-baseline="middle">${esc(clip(c))}</text>`)
  })
  doc.confusion_matrix.forEach((row, i) => {
    const support = row.reduce((a, b) => a + b, 0) || 1
    row.forEach((count, j) => {
      if (sparse && count === 0) return
      const share = count / support
      // diagonal in green, errors in red; darker is a larger share of the true class
      const hue = i === j ? 140 : 0
      const light = count === 0 ? 98 : Math.round(92 - 55 * share)
      const x = left + j * cell
      const y = top + i * cell
      out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="hsl(${hue} 60% ${light}%)" stroke="#ddd"><title>true ${esc(doc.classes[i]!)}, predicted ${esc(doc.classes[j]!)}: ${count} (${(100 * share).toFixed(1)}%)</title></rect>`)
      if (counts && count > 0) out.push(`<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" dominant-baseline="middle" fill="${light < 55 ? '#fff' : '#222'}">${count}</text>`)
    })
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
