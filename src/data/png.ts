/**
 * Small PNGs decoded in-process instead of by sharp: for a 28×28 image sharp's two calls (metadata,
 * then pixels) cost ~0.7 ms, most of it crossing into libvips and back; an MNIST- or CIFAR-sized
 * folder was 3–10× slower than Pillow's loader. fast-png was tried first and measured slower than
 * this for such files (its streaming JavaScript inflate grows and copies buffers: ~60% of its time),
 * so the image data is inflated by node:zlib and the rows unfiltered here (PNG's five filters).
 *
 * Only what can be read exactly is taken: signature, every chunk's CRC-32, one IHDR first, IDAT
 * contiguous, IEND last with nothing after it, no unknown critical chunk, one palette before the
 * data, the data inflating to exactly the bytes its rows need, a known filter on every row, palette
 * indices inside the palette. Anything else (interlaced, 1/2/4-bit, APNG, large, malformed) returns
 * undefined and goes to sharp as before, which decodes it or names what is wrong.
 */
import { crc32, inflateSync } from 'node:zlib'

/** Pixels up to which this is taken instead of sharp (past that, sharp's per-call cost no longer matters). */
const SMALL_PNG_PIXELS = 512 * 512

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Channels of PNG colour types 0 (grey), 2 (RGB), 3 (palette), 4 (grey + alpha), 6 (RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v)
}

export interface PngPixels {
  readonly width: number
  readonly height: number
  readonly depth: 8 | 16
  readonly channels: number
  /** One value a channel (Uint16Array at depth 16), palette indices already looked up to RGB. */
  readonly data: Uint8Array | Uint16Array
}

/** The PNG's pixels, or undefined where it is not a small, plain, well-formed PNG (sharp then reads it). */
export function smallPng(b: Uint8Array): PngPixels | undefined {
  if (!isPng(b)) return undefined
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let at = 8
  let ihdr: { width: number; height: number; depth: number; type: number; interlace: number } | undefined
  let palette: Uint8Array | undefined
  const idat: Uint8Array[] = []
  let idatDone = false
  let ended = false
  while (at < b.length) {
    if (ended || at + 12 > b.length) return undefined
    const length = view.getUint32(at)
    if (length > b.length - at - 12) return undefined
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!)
    const data = b.subarray(at + 8, at + 8 + length)
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return undefined
    if (ihdr === undefined && type !== 'IHDR') return undefined
    if (type === 'IHDR') {
      if (ihdr !== undefined || length !== 13) return undefined
      const d = new DataView(data.buffer, data.byteOffset, 13)
      ihdr = { width: d.getUint32(0), height: d.getUint32(4), depth: data[8]!, type: data[9]!, interlace: data[12]! }
      if (data[10] !== 0 || data[11] !== 0) return undefined // compression and filter method 0, the only ones defined
    } else if (type === 'IDAT') {
      if (idatDone) return undefined
      idat.push(data)
    } else {
      if (idat.length > 0) idatDone = true
      if (type === 'PLTE') {
        // one, before the image data, of 1 to 256 entries (libpng refuses anything else)
        if (palette !== undefined || idat.length > 0 || length % 3 !== 0 || length === 0 || length > 768) return undefined
        palette = data
      } else if (type === 'IEND') {
        ended = true
      } else if (type === 'acTL' || type === 'fcTL' || type === 'fdAT') {
        return undefined // APNG: sharp's business
      } else if ((b[at + 4]! & 0x20) === 0) {
        return undefined // an unknown critical chunk (upper-case first letter): a reader must not skip it
      }
    }
    at += 12 + length
  }
  if (!ended || !ihdr || idat.length === 0) return undefined
  const { width, height, depth, type, interlace } = ihdr
  const channels = CHANNELS[type]
  if (channels === undefined || interlace !== 0 || width === 0 || height === 0 || width * height > SMALL_PNG_PIXELS) return undefined
  if (!(depth === 8 || (depth === 16 && type !== 3))) return undefined
  if (type === 3 && palette === undefined) return undefined
  // the rows' exact bytes: a filter byte and width · channels · depth/8 bytes each, no more, no less
  // (and never more inflated than that: a small file can hold a stream of gigabytes)
  const bpp = (channels * depth) / 8
  const stride = width * bpp
  let raw: Buffer
  try {
    raw = inflateSync(idat.length === 1 ? idat[0]! : Buffer.concat(idat), { maxOutputLength: height * (1 + stride) + 1 })
  } catch {
    return undefined
  }
  if (raw.length !== height * (1 + stride)) return undefined
  const rows = unfilter(raw, height, stride, bpp)
  if (!rows) return undefined
  if (depth === 16) {
    const v = new Uint16Array(width * height * channels)
    for (let i = 0; i < v.length; i++) v[i] = (rows[2 * i]! << 8) | rows[2 * i + 1]!
    return { width, height, depth: 16, channels, data: v }
  }
  if (type !== 3) return { width, height, depth: 8, channels, data: rows }
  // palette: each index's RGB (Pillow's convert('RGB') of a "P" image; transparency plays no part)
  const entries = palette!.length / 3
  const rgb = new Uint8Array(width * height * 3)
  for (let p = 0; p < rows.length; p++) {
    const e = rows[p]!
    if (e >= entries) return undefined // an index past the palette: libpng refuses it
    rgb[3 * p] = palette![3 * e]!
    rgb[3 * p + 1] = palette![3 * e + 1]!
    rgb[3 * p + 2] = palette![3 * e + 2]!
  }
  return { width, height, depth: 8, channels: 3, data: rgb }
}

/**
 * PNG's row filters undone (ISO 15948 §9): each row's first byte names its filter, and bytes are
 * predicted from the one `bpp` to the left, the one above, and the one above-left (0 outside the
 * image), modulo 256. Undefined on a filter byte other than 0–4.
 */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | undefined {
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const src = y * (stride + 1) + 1
    const o = y * stride
    const up = o - stride
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + stride), o)
        break
      case 1:
        for (let i = 0; i < stride; i++) out[o + i] = raw[src + i]! + (i >= bpp ? out[o + i - bpp]! : 0)
        break
      case 2:
        for (let i = 0; i < stride; i++) out[o + i] = raw[src + i]! + (y > 0 ? out[up + i]! : 0)
        break
      case 3:
        for (let i = 0; i < stride; i++) {
          const left = i >= bpp ? out[o + i - bpp]! : 0
          const above = y > 0 ? out[up + i]! : 0
          out[o + i] = raw[src + i]! + ((left + above) >> 1)
        }
        break
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[o + i - bpp]! : 0
          const b = y > 0 ? out[up + i]! : 0
          const c = i >= bpp && y > 0 ? out[up + i - bpp]! : 0
          const p = a + b - c
          const pa = Math.abs(p - a)
          const pb = Math.abs(p - b)
          const pc = Math.abs(p - c)
          out[o + i] = raw[src + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
        }
        break
      default:
        return undefined
    }
  }
  return out
}
