/**
 * The crop-window resize against the full resize it replaces: pilBilinearWindow must give exactly
 * the bytes of pilBilinear followed by a crop, for any sizes (shrinking, enlarging, one side kept)
 * and any window inside the resized image. pilBilinear itself is held to torchvision's tensors by
 * the image e2e tests.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { pilBilinear, pilBilinearWindow } from '../src/data/pil-resize.js'

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

  it('writes into a float sink exactly the lookup of the bytes, planar and interleaved', () => {
    const lut = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - 0.4 - c / 10) / 0.25))
    fc.assert(
      fc.property(cases, fc.boolean(), ({ p, cw, ch }, nchw) => {
        const { w, h, outW, outH, seed } = p.c
        let s = seed >>> 0
        const src = Uint8Array.from({ length: w * h * 3 }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24))
        const bytes = pilBilinearWindow(src, w, h, outW, outH, p.left, p.top, cw, ch)
        const at = 5
        const out = new Float32Array(at + cw * ch * 3).fill(NaN)
        const got = pilBilinearWindow(src, w, h, outW, outH, p.left, p.top, cw, ch, { out, at, nchw, lut })
        const plane = cw * ch
        const want = new Float32Array(at + plane * 3).fill(NaN)
        for (let q = 0; q < plane; q++) for (let c = 0; c < 3; c++) want[at + (nchw ? c * plane + q : q * 3 + c)] = lut[c]![bytes[q * 3 + c]!]!
        // without a vertical pass the window comes back as bytes and the caller fills the tensor
        if (got !== null) expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true)
        else expect(Buffer.from(out.buffer).equals(Buffer.from(want.buffer))).toBe(true)
      }),
      { seed: 20261202, numRuns: 300 }
    )
  })
})
