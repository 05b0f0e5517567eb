/**
 * Image files → 8-bit RGB exactly as torchvision's loader makes them: `Image.open(f).convert('RGB')`
 * in Pillow. The model was trained on those pixels, so where libvips would "improve" them the
 * decoder must not:
 * - an embedded ICC profile (phones write Display P3) is ignored, as Pillow ignores it: sharp would
 *   convert to sRGB through it;
 * - CMYK (JPEG, TIFF) goes through Pillow's own cmyk2rgb formula, not a colour profile;
 * - 16-bit grayscale (Pillow's "I"/"I;16") is clipped to 255, as convert('RGB') does, where libvips
 *   would scale it: the file comes out almost white and is flagged `saturated`; 16-bit RGB and
 *   grayscale+alpha keep the high byte, as Pillow's "RGB;16B"/"LA;16B" raw modes do;
 * - BMP and binary PPM/PGM, which ImageFolder lists and libvips cannot read, are decoded here, with
 *   Pillow 9.4's rules (BmpImagePlugin, PpmImagePlugin); a variant this decoder does not know is an
 *   error naming the file, never a silently shorter test set.
 * Checked value for value against Pillow on fixtures/images/formats (make_formats.py). Small plain
 * PNGs are decoded in-process (png.ts), the rest by sharp.
 */
import { jpegSpace } from './jpeg-header.js'
import { smallPng, type PngPixels } from './png.js'

export interface Rgb8 {
  /** Interleaved RGB, row-major. */
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
  /** 16-bit grayscale clipped to 255 (Pillow's convert('RGB') of an "I" image). */
  readonly saturated: boolean
}

/** A file this decoder recognises but cannot read as Pillow would; the message says why. */
export class UnsupportedImage extends Error {}

type Kind = 'bmp' | 'pnm' | 'other'

function kindOf(b: Uint8Array): Kind {
  if (b[0] === 0x42 && b[1] === 0x4d) return 'bmp' // 'BM'
  if (b[0] === 0x50 && b[1]! >= 0x31 && b[1]! <= 0x36) return 'pnm' // 'P1'..'P6'
  return 'other'
}

/** Width and height without decoding the pixels (for the size every image must come out at). */
export async function imageDimensions(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const kind = kindOf(bytes)
  if (kind === 'bmp') return bmpHeader(bytes)
  if (kind === 'pnm') return pnmHeader(bytes)
  const sharp = (await import('sharp')).default
  const m = await sharp(bytes).metadata()
  return { width: m.width!, height: m.height! }
}

export async function decodeLikePillow(bytes: Uint8Array): Promise<Rgb8> {
  const kind = kindOf(bytes)
  if (kind === 'bmp') return decodeBmp(bytes)
  if (kind === 'pnm') return decodePnm(bytes)
  const png = smallPng(bytes)
  if (png) return pngToRgb(png)
  return decodeWithSharp(bytes)
}

/** A small PNG's pixels as the sharp path below makes them of the same file (image-decode.test.ts holds the two equal). */
function pngToRgb(png: PngPixels): Rgb8 {
  const { width, height, channels, data } = png
  const px = width * height
  if (png.depth === 8) return { data: toRgb(data as Uint8Array, px, channels, channels <= 2), width, height, saturated: false }
  const u16 = data as Uint16Array
  return channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, channels === 2)
}

/** The colour spaces whose raw pixels are read as they are stored, and converted here. */
const NATIVE = new Set(['srgb', 'b-w', 'cmyk', 'grey16', 'rgb16'])

/**
 * libvips through sharp (exported for the tests that hold the in-process PNG path to it, and the
 * JPEG header's space to the metadata call's: `readHeader` false always asks libvips).
 */
export async function decodeWithSharp(bytes: Uint8Array, readHeader = true): Promise<Rgb8> {
  const sharp = (await import('sharp')).default
  // ignoreIcc: no profile transform; pipelineColourspace cmyk: no CMYK → sRGB through a profile
  const img = sharp(bytes, { failOn: 'error', ignoreIcc: true })
  // a JPEG's space from its frame header: one call into libvips instead of two (jpeg-header.ts)
  const space = (readHeader ? jpegSpace(bytes) : undefined) ?? (await img.metadata()).space ?? 'srgb'
  if (!NATIVE.has(space)) {
    // e.g. a float or Lab TIFF: no Pillow rule to follow here, so libvips' sRGB it is
    const r = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
    return { data: r.data, width: r.info.width, height: r.info.height, saturated: false }
  }
  if (space === 'cmyk') img.pipelineColourspace('cmyk')
  const wide = space === 'grey16' || space === 'rgb16'
  const r = await img.toColourspace(space).raw({ depth: wide ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true })
  const { width, height, channels } = r.info
  const px = width * height
  if (wide) {
    const src = r.data.byteOffset % 2 === 0 ? r.data : Buffer.from(r.data)
    const u16 = new Uint16Array(src.buffer, src.byteOffset, px * channels)
    return space === 'grey16' && channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, space === 'grey16')
  }
  if (space === 'cmyk') return { data: cmykToRgb(r.data, px, channels), width, height, saturated: false }
  return { data: toRgb(r.data, px, channels, space === 'b-w'), width, height, saturated: false }
}

/** Pillow's convert('RGB') of an "I" image: each value clipped to [0, 255]. */
function saturate16(v: Uint16Array, width: number, height: number): Rgb8 {
  const out = new Uint8Array(v.length * 3)
  let saturated = false
  for (let p = 0; p < v.length; p++) {
    const x = v[p]!
    if (x > 255) saturated = true
    const y = x > 255 ? 255 : x
    out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y
  }
  return { data: out, width, height, saturated }
}

/** 16-bit RGB(A) or grayscale+alpha: Pillow's ";16B" raw modes keep the most significant byte. */
function highByte(v: Uint16Array, width: number, height: number, channels: number, grey: boolean): Rgb8 {
  const px = width * height
  const out = new Uint8Array(px * 3)
  for (let p = 0; p < px; p++) {
    const q = p * channels
    if (grey) out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = v[q]! >> 8
    else {
      out[3 * p] = v[q]! >> 8
      out[3 * p + 1] = v[q + 1]! >> 8
      out[3 * p + 2] = v[q + 2]! >> 8
    }
  }
  return { data: out, width, height, saturated: false }
}

/** 8-bit gray, gray+alpha, RGB or RGBA → RGB: gray repeated, alpha dropped (convert('RGB')). */
function toRgb(src: Uint8Array, px: number, channels: number, grey: boolean): Uint8Array {
  if (channels === 3 && !grey) return src
  const out = new Uint8Array(px * 3)
  for (let p = 0; p < px; p++) {
    const q = p * channels
    if (grey) out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = src[q]!
    else {
      out[3 * p] = src[q]!
      out[3 * p + 1] = src[q + 1]!
      out[3 * p + 2] = src[q + 2]!
    }
  }
  return out
}

/**
 * Pillow's cmyk2rgb (libImaging/Convert.c): nk = 255 - k, each channel nk - MULDIV255(c, nk),
 * MULDIV255(a, b) = ((a*b + 128) >> 8 + a*b + 128) >> 8. libjpeg's Adobe-inverted CMYK is already
 * inverted back by libvips, as Pillow's "CMYK;I" raw mode does.
 */
export function cmykToRgb(src: Uint8Array, px: number, channels: number): Uint8Array {
  const out = new Uint8Array(px * 3)
  for (let p = 0; p < px; p++) {
    const q = p * channels
    const nk = 255 - src[q + 3]!
    for (let c = 0; c < 3; c++) {
      const t = src[q + c]! * nk + 128
      const v = nk - (((t >> 8) + t) >> 8)
      out[3 * p + c] = v < 0 ? 0 : v
    }
  }
  return out
}

// --- BMP ------------------------------------------------------------------------------------

interface BmpInfo {
  width: number
  height: number
  topDown: boolean
  bits: number
  compression: number
  dataOffset: number
  headerSize: number
  colours: number
}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8)
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
}

function bmpInfo(b: Uint8Array): BmpInfo {
  if (b.length < 54) throw new UnsupportedImage('truncated BMP header')
  const headerSize = u32(b, 14)
  if (headerSize < 40) throw new UnsupportedImage(`BMP with a ${headerSize}-byte (OS/2) header is not supported; save it as PNG`)
  const width = u32(b, 18) | 0
  const rawHeight = u32(b, 22) | 0
  const bits = u16(b, 28)
  const compression = u32(b, 30)
  if (width <= 0 || rawHeight === 0 || rawHeight === -2147483648) throw new UnsupportedImage(`BMP with an impossible size ${width}×${rawHeight}`)
  return { width, height: Math.abs(rawHeight), topDown: rawHeight < 0, bits, compression, dataOffset: u32(b, 10), headerSize, colours: u32(b, 46) }
}

function bmpHeader(b: Uint8Array): { width: number; height: number } {
  const i = bmpInfo(b)
  return { width: i.width, height: i.height }
}

/** Uncompressed BMP: 24/32-bit BGR(X) and 1/4/8-bit palettes (what Pillow and most tools write). */
export function decodeBmp(b: Uint8Array): Rgb8 {
  const i = bmpInfo(b)
  const { width, height, bits } = i
  // BI_RGB, or BI_BITFIELDS with the standard 32-bit masks (B, G, R bytes in that order)
  const standardMasks = i.compression === 3 && bits === 32 && b.length >= 66 && u32(b, 54) === 0xff0000 && u32(b, 58) === 0xff00 && u32(b, 62) === 0xff
  if (!(i.compression === 0 || standardMasks)) throw new UnsupportedImage(`BMP compression ${i.compression} (${bits}-bit) is not supported; save it uncompressed or as PNG`)
  if (![1, 4, 8, 24, 32].includes(bits)) throw new UnsupportedImage(`${bits}-bit BMP is not supported; save it as 24-bit or as PNG`)
  const stride = Math.floor((bits * width + 31) / 32) * 4
  if (i.dataOffset + stride * height > b.length) throw new UnsupportedImage(`truncated BMP: ${width}×${height} at ${bits} bits needs ${i.dataOffset + stride * height} bytes, the file has ${b.length}`)
  let palette: Uint8Array | undefined
  if (bits <= 8) {
    const n = i.colours || 1 << bits
    const at = 14 + i.headerSize
    if (n > 1 << bits || at + 4 * n > i.dataOffset) throw new UnsupportedImage(`BMP palette of ${n} colours does not fit its header`)
    palette = b.subarray(at, at + 4 * n)
  }
  const out = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const row = i.dataOffset + (i.topDown ? y : height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      if (palette) {
        const per = 8 / bits
        const byte = b[row + Math.floor(x / per)]!
        const k = (byte >> (8 - bits * ((x % per) + 1))) & ((1 << bits) - 1)
        if (4 * k >= palette.length) throw new UnsupportedImage(`BMP pixel (${x}, ${y}) uses colour ${k}, beyond its ${palette.length / 4}-colour palette`)
        out[o] = palette[4 * k + 2]!
        out[o + 1] = palette[4 * k + 1]!
        out[o + 2] = palette[4 * k]!
      } else {
        const q = row + x * (bits / 8)
        out[o] = b[q + 2]!
        out[o + 1] = b[q + 1]!
        out[o + 2] = b[q]!
      }
    }
  }
  return { data: out, width, height, saturated: false }
}

// --- PPM / PGM ------------------------------------------------------------------------------

interface PnmInfo {
  magic: string
  width: number
  height: number
  maxval: number
  dataOffset: number
}

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d)

/** Pillow's header reading: tokens split by whitespace, '#' comments to the end of the line, one whitespace byte after maxval. */
function pnmInfo(b: Uint8Array): PnmInfo {
  const magic = String.fromCharCode(b[0]!, b[1]!)
  const tokens: number[] = []
  let i = 2
  while (tokens.length < 3) {
    while (i < b.length && (isSpace(b[i]!) || b[i] === 0x23)) {
      if (b[i] === 0x23) while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d) i++
      else i++
    }
    let s = ''
    while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39 && s.length < 10) s += String.fromCharCode(b[i++]!)
    if (s === '' || i >= b.length || !isSpace(b[i]!)) throw new UnsupportedImage(`malformed ${magic} header`)
    tokens.push(Number(s))
  }
  const [width, height, maxval] = tokens as [number, number, number]
  if (width === 0 || height === 0 || maxval === 0 || maxval > 65535) throw new UnsupportedImage(`${magic} header with size ${width}×${height} and maxval ${maxval}`)
  return { magic, width, height, maxval, dataOffset: i + 1 }
}

function pnmHeader(b: Uint8Array): { width: number; height: number } {
  const i = pnmInfo(b)
  return { width: i.width, height: i.height }
}

/** Python's round() of a double: halves to even, as Pillow 9.4 rescales a maxval other than 255. */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/**
 * Binary PGM (P5) and PPM (P6), 8 or 16 bits. Pillow 9.4: a maxval other than 255 is rescaled to
 * round(v * 255 / maxval); 16-bit PGM opens as "I" (round(v * 65535 / maxval)) and convert('RGB')
 * clips it to 255 — saturated, as a 16-bit PNG is.
 */
export function decodePnm(b: Uint8Array): Rgb8 {
  const info = pnmInfo(b)
  const { magic, width, height, maxval } = info
  if (magic !== 'P5' && magic !== 'P6') throw new UnsupportedImage(`${magic} (plain-text or bitmap PNM) is not supported; save it as binary P5/P6 or PNG`)
  const bands = magic === 'P6' ? 3 : 1
  const wide = maxval > 255
  const px = width * height
  const need = px * bands * (wide ? 2 : 1)
  if (info.dataOffset + need > b.length) throw new UnsupportedImage(`truncated ${magic}: ${width}×${height} needs ${need} bytes of pixels, the file has ${b.length - info.dataOffset}`)
  const out = new Uint8Array(px * 3)
  let saturated = false
  const scale = new Map<number, number>()
  const toByte = (v: number) => {
    if (maxval === 255) return v
    let s = scale.get(v)
    if (s === undefined) scale.set(v, (s = roundHalfEven((v * 255) / maxval)))
    return s
  }
  for (let p = 0; p < px * bands; p++) {
    const at = info.dataOffset + (wide ? 2 * p : p)
    const v = wide ? (b[at]! << 8) | b[at + 1]! : b[at]!
    if (v > maxval) throw new UnsupportedImage(`${magic} value ${v} at sample ${p} exceeds its maxval ${maxval}`)
    if (bands === 3) {
      out[p] = toByte(v)
      continue
    }
    let y: number
    if (wide) {
      const i32 = maxval === 65535 ? v : roundHalfEven((v * 65535) / maxval)
      if (i32 > 255) saturated = true
      y = i32 > 255 ? 255 : i32
    } else y = toByte(v)
    out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y
  }
  return { data: out, width, height, saturated }
}
