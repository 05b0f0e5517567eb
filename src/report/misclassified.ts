/**
 * The samples the model got wrong, most confident first — what people look at: misclassified.csv
 * (with the image file, or the data row, of each) and, for image folders, misclassified.png, a
 * labelled contact sheet of the most confident mistakes, as an evaluate.py would draw them.
 */
import type { Samples } from '../metrics/samples.js'

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Where each sample came from, for the CSV: an image file, a 1-based data row, or an .npz's `index` entry. */
export interface SampleSource {
  readonly column: 'file' | 'row' | 'source_index'
  name(index: number): string | undefined
}

/** Indices of the misclassified samples, most confident first (then in test-set order). */
export function misclassifiedIndices(samples: Samples): number[] {
  const rows: number[] = []
  for (let i = 0; i < samples.labels.length; i++) if (samples.labels[i] !== samples.predicted[i]) rows.push(i)
  return rows.sort((a, b) => samples.confidence[b]! - samples.confidence[a]! || a - b)
}

export function misclassifiedCsv(samples: Samples, classes: readonly string[], source?: SampleSource): string {
  const name = (k: number) => csvCell(classes[k] ?? String(k))
  const lines = [`index,${source ? `${source.column},` : ''}true,predicted,confidence`]
  for (const i of misclassifiedIndices(samples)) {
    const where = source ? `${csvCell(source.name(i) ?? '')},` : ''
    lines.push(`${i},${where}${name(samples.labels[i]!)},${name(samples.predicted[i]!)},${samples.confidence[i]!.toPrecision(6)}`)
  }
  return lines.join('\n') + '\n'
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Tiles at most (6 × 4), each a square image with its caption below. */
export const SHEET_MAX = 24
const TILE = 160
const CAPTION = 40
const COLUMNS = 6

/**
 * misclassified.png: the most confident mistakes as a grid, each captioned "true → predicted
 * (confidence)" and its file name. sharp composes it; the captions are an SVG overlay (librsvg).
 * Returns undefined when there is no mistake to show.
 */
export async function contactSheet(samples: Samples, classes: readonly string[], file: (index: number) => string | undefined, label: (index: number) => string): Promise<Buffer | undefined> {
  const chosen = misclassifiedIndices(samples).filter((i) => file(i) !== undefined).slice(0, SHEET_MAX)
  if (chosen.length === 0) return undefined
  const sharp = (await import('sharp')).default
  const cols = Math.min(COLUMNS, chosen.length)
  const rows = Math.ceil(chosen.length / cols)
  const width = cols * TILE
  const title = 28
  const height = title + rows * (TILE + CAPTION)
  const [{ readImage }, { decodeLikePillow }] = await Promise.all([import('../data/images.js'), import('../data/pil-decode.js')])
  // Each tile from the pixels the model was given (Pillow's convert('RGB'), as the evaluation
  // decoded them): every format the test set may hold, BMP and PPM too, which sharp cannot open,
  // and CMYK or 16-bit grey as the model saw them. Handed to composite as raw pixels: a PNG a
  // tile, encoded here and decoded again, was a quarter of the sheet's time.
  const tiles = await Promise.all(
    chosen.map(async (i, n) => {
      const rgb = await decodeLikePillow(await readImage(file(i)!))
      const { data, info } = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
        .resize(TILE - 8, TILE - 8, { fit: 'contain', background: '#ffffff' })
        .raw()
        .toBuffer({ resolveWithObject: true })
      return { input: data, raw: { width: info.width, height: info.height, channels: info.channels }, left: (n % cols) * TILE + 4, top: title + Math.floor(n / cols) * (TILE + CAPTION) + 4 }
    })
  )
  const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s)
  const captions = chosen.map((i, n) => {
    const x = (n % cols) * TILE + TILE / 2
    const y = title + Math.floor(n / cols) * (TILE + CAPTION) + TILE
    const text = `${classes[samples.labels[i]!] ?? samples.labels[i]} → ${classes[samples.predicted[i]!] ?? samples.predicted[i]} (${samples.confidence[i]!.toFixed(2)})`
    return `<text x="${x}" y="${y + 14}" text-anchor="middle" font-size="13" fill="#b00020">${esc(clip(text, 26))}</text>` +
      `<text x="${x}" y="${y + 30}" text-anchor="middle" font-size="11" fill="#555">${esc(clip(label(i), 28))}</text>`
  })
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">` +
      `<text x="8" y="19" font-size="15" font-weight="bold" fill="#222">${esc(`Most confident mistakes: ${chosen.length} of ${misclassifiedIndices(samples).length} (true → predicted, confidence)`)}</text>` +
      captions.join('') + '</svg>'
  )
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([...tiles, { input: overlay, left: 0, top: 0 }])
    .png()
    .toBuffer()
}
