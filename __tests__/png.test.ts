/**
 * Small PNGs are decoded in-process (src/data/png.ts) instead of by sharp: the pixels must be the ones
 * the sharp path gives for the same file (which the image e2e tests hold to torchvision's), for every
 * colour type, 8 and 16 bits, palettes and every row filter; and a damaged file is taken only if sharp
 * reads the same pixels from it, else it goes to sharp, which decides.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { crc32, deflateSync, inflateSync } from 'node:zlib'
import { decodeLikePillow, decodeWithSharp } from '../src/data/pil-decode.js'
import { smallPng } from '../src/data/png.js'

const sharp = (await import('sharp')).default

interface Spec {
  readonly w: number
  readonly h: number
  readonly channels: 1 | 2 | 3 | 4
  readonly wide: boolean
  readonly palette: boolean
  readonly seed: number
}

/** The row filters a PNG's image data uses (its IDATs inflated; one filter byte a row). */
function filters(file: Buffer): Set<number> {
  const idat: Buffer[] = []
  let width = 0
  let height = 0
  let bpp = 0
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at)
    const type = file.toString('latin1', at + 4, at + 8)
    if (type === 'IHDR') {
      width = file.readUInt32BE(at + 8)
      height = file.readUInt32BE(at + 12)
      bpp = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[file[at + 17]!]! * (file[at + 16]! / 8)
    }
    if (type === 'IDAT') idat.push(file.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = Math.ceil(width * bpp)
  return new Set(Array.from({ length: height }, (_, y) => raw[y * (stride + 1)]!))
}

/** A PNG written by libvips: random pixels (smooth or noisy, so every filter gets chosen), any colour type. */
async function png(s: Spec): Promise<Buffer> {
  let r = s.seed >>> 0
  const next = () => (r = (Math.imul(r, 1664525) + 1013904223) >>> 0)
  const bytes = s.wide ? 2 : 1
  const raw = Buffer.alloc(s.w * s.h * s.channels * bytes)
  for (let i = 0; i < s.w * s.h * s.channels; i++) {
    const v = next() % 4 === 0 ? next() >>> 16 : ((i * 37) & 0xffff)
    if (s.wide) raw.writeUInt16LE(v, i * 2)
    else raw[i] = v >>> 8
  }
  let img = sharp(raw, { raw: { width: s.w, height: s.h, channels: s.channels, ...(s.wide ? { depth: 'ushort' as const } : {}) } })
  if (s.wide) img = img.toColourspace(s.channels <= 2 ? 'grey16' : 'rgb16')
  return img.png(s.palette && !s.wide ? { palette: true, colours: 2 + ((s.seed >>> 0) & 127), dither: 0 } : { adaptiveFiltering: true, compressionLevel: (s.seed >>> 0) % 10 }).toBuffer()
}

const specs = fc.record({
  w: fc.integer({ min: 1, max: 40 }),
  h: fc.integer({ min: 1, max: 40 }),
  channels: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
  wide: fc.boolean(),
  palette: fc.boolean(),
  seed: fc.integer()
})

describe('small PNGs decoded in-process', () => {
  it('give the pixels the sharp path gives, for every colour type, depth, palette and filter', async () => {
    let fast = 0
    let runs = 0
    const seen = new Set<number>()
    await fc.assert(
      fc.asyncProperty(specs, async (s) => {
        const file = await png(s)
        // eligible: 8 or 16 bits (IHDR's bit depth, byte 24; libvips writes a palette of few colours in 1/2/4 bits)
        if (file[24]! >= 8) runs++
        if (smallPng(file)) {
          fast++
          for (const f of filters(file)) seen.add(f)
        }
        expect(await decodeLikePillow(file)).toEqual(await decodeWithSharp(file))
      }),
      { seed: 20261205, numRuns: 300 }
    )
    // the fast path really ran, on every file it is for
    expect(fast).toBe(runs)
    expect(runs).toBeGreaterThan(250)
    // and met every one of PNG's five row filters
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('take a damaged file only where sharp reads the same pixels from it', async () => {
    await fc.assert(
      fc.asyncProperty(specs, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), async (s, flips, cut) => {
        const clean = await png(s)
        const bad = Buffer.from(clean)
        for (const [at, x] of flips) bad[at % bad.length] ^= x
        const files = [bad, clean.subarray(0, cut % clean.length)]
        for (const f of files) {
          const fast = smallPng(f)
          if (!fast) continue
          // accepted: sharp must read it too, to the same pixels
          expect(await decodeLikePillow(f)).toEqual(await decodeWithSharp(f))
        }
      }),
      { seed: 20261206, numRuns: 300 }
    )
  })

  it('inflate no more than the rows need (a zlib bomb in a small file)', async () => {
    const file = await png({ w: 4, h: 4, channels: 1, wide: false, palette: false, seed: 1 })
    // the same file with its image data replaced by 64 MiB of zeros, CRC fixed
    const bomb = deflateSync(Buffer.alloc(64 << 20))
    const at = file.indexOf('IDAT', 0, 'latin1') - 4
    const length = file.readUInt32BE(at)
    const chunk = Buffer.alloc(12 + bomb.length)
    chunk.writeUInt32BE(bomb.length, 0)
    chunk.write('IDAT', 4, 'latin1')
    bomb.copy(chunk, 8)
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + bomb.length)), 8 + bomb.length)
    const bombed = Buffer.concat([file.subarray(0, at), chunk, file.subarray(at + 12 + length)])
    const before = process.memoryUsage().arrayBuffers
    expect(smallPng(bombed)).toBeUndefined()
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 << 20)
  })

  it('leave files with a chunk a reader must not skip or accept to sharp', async () => {
    const file = await png({ w: 20, h: 20, channels: 3, wide: false, palette: true, seed: 100 })
    const chunk = (type: string, data: Buffer) => {
      const c = Buffer.alloc(12 + data.length)
      c.writeUInt32BE(data.length, 0)
      c.write(type, 4, 'latin1')
      data.copy(c, 8)
      c.writeUInt32BE(crc32(c.subarray(4, 8 + data.length)), 8 + data.length)
      return c
    }
    const find = (type: string) => file.indexOf(type, 8, 'latin1') - 4
    const plte = file.subarray(find('PLTE'), find('PLTE') + 12 + file.readUInt32BE(find('PLTE')))
    const idat = find('IDAT')
    const iend = find('IEND')
    expect(smallPng(file)).toBeDefined()
    const variants = [
      Buffer.concat([file.subarray(0, idat), plte, file.subarray(idat)]), // a second palette
      Buffer.concat([file.subarray(0, iend), plte, file.subarray(iend)]), // a palette after the data
      Buffer.concat([file.subarray(0, idat), chunk('ZZZZ', Buffer.from('x')), file.subarray(idat)]), // unknown critical chunk
      Buffer.concat([file.subarray(0, iend), chunk('IEND', Buffer.alloc(0)), file.subarray(iend)]) // data after IEND
    ]
    for (const v of variants) expect(smallPng(v)).toBeUndefined()
    // an unknown ancillary chunk (lower-case first letter) is skipped, as readers do
    expect(smallPng(Buffer.concat([file.subarray(0, idat), chunk('zzZz', Buffer.from('x')), file.subarray(idat)]))).toEqual(smallPng(file))
  })

  it('leave interlaced, 1-bit, large and non-PNG files to sharp', async () => {
    const raw = Buffer.alloc(8 * 8 * 3, 7)
    const interlaced = await sharp(raw, { raw: { width: 8, height: 8, channels: 3 } }).png({ progressive: true }).toBuffer()
    const oneBit = await sharp(raw, { raw: { width: 8, height: 8, channels: 3 } }).png({ palette: true, colours: 2 }).toBuffer()
    const large = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#808080' } }).png().toBuffer()
    const jpeg = await sharp(raw, { raw: { width: 8, height: 8, channels: 3 } }).jpeg().toBuffer()
    for (const f of [interlaced, oneBit, large, jpeg]) {
      expect(smallPng(f)).toBeUndefined()
      expect(await decodeLikePillow(f)).toEqual(await decodeWithSharp(f))
    }
  })
})
