/**
 * Pillow's bilinear resize (libImaging/Resample.c, as torchvision's Resize calls it on PIL images),
 * reproduced step for step: a triangle filter widened by the scale when shrinking (antialiasing),
 * coefficients normalised and turned into 22-bit fixed point, a horizontal pass into an 8-bit image,
 * then a vertical pass, each rounded and clipped to 0..255 as Pillow does. Same input bytes, same
 * output bytes.
 */
const PRECISION_BITS = 32 - 8 - 2

export interface Coefficients {
  readonly ksize: number
  readonly bounds: Int32Array
  readonly kk: Int32Array
}

// A test set's photos mostly share a few sizes: the coefficients are computed once a size pair.
const cache = new Map<number, Coefficients>()

export function coefficients(inSize: number, outSize: number): Coefficients {
  const key = inSize * 65536 + outSize
  let c = cache.get(key)
  if (c === undefined) {
    if (cache.size >= 64) cache.clear()
    c = precompute(inSize, outSize)
    cache.set(key, c)
  }
  return c
}

function precompute(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize
  const filterscale = Math.max(scale, 1)
  const support = 1 * filterscale
  const ksize = Math.ceil(support) * 2 + 1
  const bounds = new Int32Array(outSize * 2)
  const kk = new Int32Array(outSize * ksize)
  const k = new Float64Array(ksize)
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale
    const ss = 1 / filterscale
    // C's (int) cast truncates toward zero
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0)
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin
    let ww = 0
    for (let x = 0; x < xmax; x++) {
      const t = Math.abs((x + xmin - center + 0.5) * ss)
      const w = t < 1 ? 1 - t : 0
      k[x] = w
      ww += w
    }
    for (let x = 0; x < ksize; x++) {
      const v = x < xmax && ww !== 0 ? k[x]! / ww : 0
      kk[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS))
    }
    bounds[xx * 2] = xmin
    bounds[xx * 2 + 1] = xmax
  }
  return { ksize, bounds, kk }
}

const TOP = 1 << (PRECISION_BITS + 8)

function clip8(v: number): number {
  return v >= TOP ? 255 : v <= 0 ? 0 : v >> PRECISION_BITS
}

/**
 * Resizes interleaved 8-bit RGB from w×h to outW×outH, the whole image, as Pillow does. The Action
 * runs the windowed versions (pilBilinearWindow, and resizeWindow in WebAssembly); this one stays as
 * the reference pil-resize.test.ts holds them to (rollup leaves it out of dist/). Every product
 * (≤ 255 · 2^22) and every sum (the weights add up to 2^22) fits in 32 bits, so the loops run in
 * int32 arithmetic, as Pillow's do, and along rows, where memory is contiguous.
 */
export function pilBilinear(src: Uint8Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  const horiz = coefficients(w, outW)
  const vert = coefficients(h, outH)
  const half = 1 << (PRECISION_BITS - 1)
  const vb = Int32Array.from(vert.bounds)
  let img = src
  let iw = w
  if (outW !== w) {
    // only the rows the vertical pass will read
    const first = vb[0]!
    const last = vb[outH * 2 - 2]! + vb[outH * 2 - 1]!
    for (let i = 0; i < outH; i++) vb[i * 2] = vb[i * 2]! - first
    const rows = last - first
    const out = new Uint8Array(outW * rows * 3)
    horizontalPass(src, w, first, rows, horiz, 0, outW, out)
    img = out
    iw = outW
  }
  if (outH === h) return img === src ? src.slice() : img
  const stride = iw * 3
  const out = new Uint8Array(stride * outH)
  const { ksize, kk } = vert
  const acc = new Int32Array(stride)
  for (let yy = 0; yy < outH; yy++) {
    const ymax = vb[yy * 2 + 1]!
    const kb = yy * ksize
    acc.fill(half)
    for (let y = 0; y < ymax; y++) {
      const k = kk[kb + y]!
      const row = (y + vb[yy * 2]!) * stride
      for (let i = 0; i < stride; i++) acc[i] = (acc[i]! + Math.imul(img[row + i]!, k)) | 0
    }
    const rowOut = yy * stride
    for (let i = 0; i < stride; i++) out[rowOut + i] = clip8(acc[i]!)
  }
  return out
}

/**
 * Pillow's horizontal pass over RGB rows first..first+rows of a w-wide image, for output columns
 * from..from+count only (a crop window needs no others), written packed into `out`.
 */
function horizontalPass(src: Uint8Array, w: number, first: number, rows: number, c: Coefficients, from: number, count: number, out: Uint8Array): void {
  const { ksize, bounds, kk } = c
  const half = 1 << (PRECISION_BITS - 1)
  for (let y = 0; y < rows; y++) {
    const rowIn = (y + first) * w * 3
    let o = y * count * 3
    for (let xx = from; xx < from + count; xx++, o += 3) {
      const xmax = bounds[xx * 2 + 1]!
      const kb = xx * ksize
      let q = rowIn + bounds[xx * 2]! * 3
      let s0 = half
      let s1 = half
      let s2 = half
      for (let x = 0; x < xmax; x++, q += 3) {
        const k = kk[kb + x]!
        s0 = (s0 + Math.imul(src[q]!, k)) | 0
        s1 = (s1 + Math.imul(src[q + 1]!, k)) | 0
        s2 = (s2 + Math.imul(src[q + 2]!, k)) | 0
      }
      out[o] = clip8(s0)
      out[o + 1] = clip8(s1)
      out[o + 2] = clip8(s2)
    }
  }
}

/**
 * pilBilinear(src, w, h, outW, outH) cropped to the cw×ch window at (left, top), computed only over
 * that window: the same coefficients and the same int32 sums for every pixel kept, so the same
 * bytes, but a 256→224 centre crop skips the ~24% of the work a full resize spends on pixels the
 * crop throws away (and the horizontal pass skips the rows the window's vertical pass never reads).
 */
export function pilBilinearWindow(src: Uint8Array, w: number, h: number, outW: number, outH: number, left: number, top: number, cw: number, ch: number): Uint8Array {
  const half = 1 << (PRECISION_BITS - 1)
  const vert = outH !== h ? coefficients(h, outH) : undefined
  // the source rows the window needs: what its vertical pass reads, or its own rows
  const first = vert ? vert.bounds[top * 2]! : top
  const last = vert ? vert.bounds[(top + ch - 1) * 2]! + vert.bounds[(top + ch - 1) * 2 + 1]! : top + ch
  const rows = last - first
  // tmp: cw columns × `rows` rows, horizontally resized (or copied) window columns
  const tmp = new Uint8Array(cw * rows * 3)
  if (outW !== w) {
    horizontalPass(src, w, first, rows, coefficients(w, outW), left, cw, tmp)
  } else {
    for (let y = 0; y < rows; y++) tmp.set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3), y * cw * 3)
  }
  if (!vert) return tmp
  const stride = cw * 3
  const out = new Uint8Array(stride * ch)
  const { ksize, bounds, kk } = vert
  for (let yy = top; yy < top + ch; yy++) {
    const ymax = bounds[yy * 2 + 1]!
    const kb = yy * ksize
    const base = (bounds[yy * 2]! - first) * stride
    const o = (yy - top) * stride
    // one pixel's three sums in registers over the rows it reads (the same int32 sums, tap by tap)
    for (let i = 0; i < stride; i += 3) {
      let s0 = half
      let s1 = half
      let s2 = half
      for (let y = 0, q = base + i; y < ymax; y++, q += stride) {
        const k = kk[kb + y]!
        s0 = (s0 + Math.imul(tmp[q]!, k)) | 0
        s1 = (s1 + Math.imul(tmp[q + 1]!, k)) | 0
        s2 = (s2 + Math.imul(tmp[q + 2]!, k)) | 0
      }
      out[o + i] = clip8(s0)
      out[o + i + 1] = clip8(s1)
      out[o + i + 2] = clip8(s2)
    }
  }
  return out
}
