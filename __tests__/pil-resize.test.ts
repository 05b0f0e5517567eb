/**
 * The crop-window resize against the full resize it replaces: pilBilinearWindow must give exactly
 * the bytes of pilBilinear followed by a crop, for any sizes (shrinking, enlarging, one side kept)
 * and any window inside the resized image; and resizeWindow, the WebAssembly SIMD version the Action
 * runs, must give exactly the bytes of pilBilinearWindow. What the Action makes is held to
 * torchvision's tensors by the image e2e tests.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { pilBilinear, pilBilinearWindow } from '../src/data/pil-resize.js'
import { normaliseRgb, resizeWindow, wasmResize } from '../src/data/pil-resize-wasm.js'

function crop(img: Uint8Array, width: number, left: number, top: number, cw: number, ch: number): Uint8Array {
  const out = new Uint8Array(cw * ch * 3)
  for (let y = 0; y < ch; y++) out.set(img.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + cw) * 3), y * cw * 3)
  return out
}

const cases = fc
  .record({ w: fc.integer({ min: 1, max: 48 }), h: fc.integer({ min: 1, max: 48 }), outW: fc.integer({ min: 1, max: 64 }), outH: fc.integer({ min: 1, max: 64 }), seed: fc.integer() })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      left: fc.integer({ min: 0, max: c.outW - 1 }),
      top: fc.integer({ min: 0, max: c.outH - 1 })
    }).chain((p) => fc.record({ p: fc.constant(p), cw: fc.integer({ min: 1, max: p.c.outW - p.left }), ch: fc.integer({ min: 1, max: p.c.outH - p.top }) }))
  )

describe('pilBilinearWindow', () => {
  it('equals the full Pillow resize cropped to the window, byte for byte', () => {
    fc.assert(
      fc.property(cases, ({ p, cw, ch }) => {
        const { w, h, outW, outH, seed } = p.c
        let s = seed >>> 0
        const src = Uint8Array.from({ length: w * h * 3 }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24))
        const want = crop(pilBilinear(src, w, h, outW, outH), outW, p.left, p.top, cw, ch)
        expect(Buffer.from(pilBilinearWindow(src, w, h, outW, outH, p.left, p.top, cw, ch)).equals(Buffer.from(want))).toBe(true)
      }),
      { seed: 20261201, numRuns: 400 }
    )
  })

  it('equals it on a photo-sized 400×300 → 341×256 → 224 centre crop', () => {
    const src = Uint8Array.from({ length: 400 * 300 * 3 }, (_, i) => (i * 2654435761) >>> 24)
    const full = pilBilinear(src, 400, 300, 341, 256)
    expect(Buffer.from(pilBilinearWindow(src, 400, 300, 341, 256, 58, 16, 224, 224)).equals(Buffer.from(crop(full, 341, 58, 16, 224, 224)))).toBe(true)
  })
})

describe('resizeWindow (WebAssembly SIMD)', () => {
  const image = (w: number, h: number, seed: number) => {
    let s = seed >>> 0
    const out = new Uint8Array(w * h * 3)
    for (let i = 0; i < out.length; i++) out[i] = (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24
    return out
  }

  it('runs in WebAssembly on this Node', () => {
    expect(wasmResize()).toBe(true)
  })

  it('gives the bytes of the JavaScript resize, for any sizes and window', () => {
    fc.assert(
      fc.property(cases, ({ p, cw, ch }) => {
        const { w, h, outW, outH, seed } = p.c
        const src = image(w, h, seed)
        const want = pilBilinearWindow(src, w, h, outW, outH, p.left, p.top, cw, ch)
        expect(Buffer.from(resizeWindow(src, w, h, outW, outH, p.left, p.top, cw, ch)).equals(Buffer.from(want))).toBe(true)
      }),
      { seed: 20261202, numRuns: 600 }
    )
  })

  it('gives them on photo sizes, extreme pixels, and one image after a larger one (memory reused)', () => {
    const sizes: [number, number, number, number, number, number, number, number][] = [
      [400, 300, 341, 256, 58, 16, 224, 224], [300, 400, 256, 341, 16, 58, 224, 224], [1600, 1200, 341, 256, 58, 16, 224, 224],
      [640, 480, 640, 256, 0, 0, 640, 256], [224, 224, 448, 448, 112, 112, 224, 224], [1, 1, 17, 3, 0, 0, 17, 3], [512, 3, 256, 1, 3, 0, 250, 1]
    ]
    for (const [w, h, outW, outH, left, top, cw, ch] of sizes) {
      // random pixels, and the extremes (all 255, all 0) where clipping decides every byte
      const sources = w * h > 1_000_000 ? [image(w, h, w * h)] : [image(w, h, w * h), new Uint8Array(w * h * 3).fill(255), new Uint8Array(w * h * 3)]
      for (const src of sources) {
        const want = pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch)
        expect(Buffer.from(resizeWindow(src, w, h, outW, outH, left, top, cw, ch)).equals(Buffer.from(want))).toBe(true)
      }
    }
  })
})

describe('normaliseRgb (WebAssembly)', () => {
  const lut = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - 0.4 - c / 10) / 0.25))
  const lookedUp = (bytes: Uint8Array, pixels: number, nchw: boolean, at: number) => {
    const want = new Float32Array(at + pixels * 3 + 2).fill(NaN)
    for (let q = 0; q < pixels; q++) for (let c = 0; c < 3; c++) want[at + (nchw ? c * pixels + q : q * 3 + c)] = lut[c]![bytes[q * 3 + c]!]!
    return want
  }

  it("writes each byte's table float, planar and interleaved, from bytes anywhere or from the resized window", () => {
    fc.assert(
      fc.property(cases, fc.boolean(), fc.boolean(), fc.nat({ max: 9 }), ({ p, cw, ch }, nchw, resized, at) => {
        const { w, h, outW, outH, seed } = p.c
        let s = seed >>> 0
        const src = Uint8Array.from({ length: w * h * 3 }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24))
        // the window in the module's memory (as the Action hands it over), or bytes of a JS array
        const bytes = resized ? resizeWindow(src, w, h, outW, outH, p.left, p.top, cw, ch) : src.slice(0, cw * ch * 3)
        const pixels = resized ? cw * ch : Math.min(cw * ch, w * h)
        const want = lookedUp(bytes.slice(), pixels, nchw, at)
        const got = new Float32Array(at + pixels * 3 + 2).fill(NaN)
        expect(normaliseRgb(got, at, bytes, pixels, nchw, lut)).toBe(true)
        expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true)
      }),
      { seed: 20261203, numRuns: 400 }
    )
  })
})
