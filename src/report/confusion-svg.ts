/**
 * The confusion matrix as a self-contained SVG (no third-party image host, no fonts to fetch):
 * cells shaded by the share of their true class, counts written in when they fit.
 */
const CELL_MAX = 48
const CELL_MIN = 6
/** Counts stop being legible below this cell size. */
const TEXT_MIN = 22
/** Above this many classes empty cells are left to the background, so the file grows with the errors, not k². */
const SPARSE_ABOVE = 50

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…'
}

export function confusionMatrixSvg(classes: readonly string[], matrix: readonly (readonly number[])[]): string {
  const k = classes.length
  const cell = Math.max(CELL_MIN, Math.min(CELL_MAX, Math.floor(960 / Math.max(k, 1))))
  const showText = cell >= TEXT_MIN
  const showLabels = cell >= 10
  const labelChars = Math.min(14, Math.max(1, ...classes.map((c) => c.length)))
  const margin = showLabels ? 16 + labelChars * 7 : 24
  const top = 28
  const size = k * cell
  // the column labels lean right, past the last column
  const width = margin + size + 12 + (showLabels ? labelChars * 4 : 0)
  const height = top + margin + size + 12
  const out: string[] = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${Math.min(12, Math.max(8, cell / 3)).toFixed(0)}">`,
    `<title>Confusion matrix: rows true class, columns predicted class</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${margin + size / 2}" y="18" text-anchor="middle" font-size="13">predicted →</text>`,
    `<text x="12" y="${top + margin + size / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 12 ${top + margin + size / 2})">true ↓</text>`
  )
  const y0 = top + margin
  const x0 = margin
  if (showLabels) {
    classes.forEach((c, i) => {
      const label = escapeXml(shorten(c, labelChars))
      const mid = i * cell + cell / 2
      out.push(`<text x="${x0 - 4}" y="${y0 + mid + 4}" text-anchor="end">${label}</text>`)
      out.push(`<text x="${x0 + mid}" y="${y0 - 4}" text-anchor="start" transform="rotate(-60 ${x0 + mid} ${y0 - 4})">${label}</text>`)
    })
  }
  const sparse = k > SPARSE_ABOVE
  if (sparse) out.push(`<rect x="${x0}" y="${y0}" width="${size}" height="${size}" fill="#ffffff" stroke="#dddddd" stroke-width="0.5"/>`)
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0)
    row.forEach((v, j) => {
      if (sparse && v === 0) return
      const share = total > 0 ? v / total : 0
      // diagonal in blue, errors in red, both from white (none) to full colour (the whole row)
      const [r, g, b] = i === j ? [33, 102, 172] : [202, 0, 32]
      const mix = (c: number) => Math.round(255 - (255 - c) * share)
      const x = x0 + j * cell
      const y = y0 + i * cell
      out.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${mix(r)},${mix(g)},${mix(b)})" stroke="#dddddd" stroke-width="0.5"><title>true ${escapeXml(classes[i] ?? String(i))}, predicted ${escapeXml(classes[j] ?? String(j))}: ${v}</title></rect>`
      )
      if (showText && v > 0) {
        out.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.5 ? '#ffffff' : '#000000'}">${v}</text>`)
      }
    })
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
