/**
 * A JPEG's colour space is read from its frame header (src/data/jpeg-header.ts) so that sharp decodes
 * it in one call: the space must be the one libvips' metadata call reports for the same file, and the
 * pixels the ones the two-call decode gives — for JPEGs of every kind sharp and Pillow write, and for
 * damaged ones, where the header reader may decline (undefined) but never disagree.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { jpegSpace } from '../src/data/jpeg-header.js'
import { decodeWithSharp } from '../src/data/pil-decode.js'
import { ROOT } from './helpers/run-dist.js'

const sharp = (await import('sharp')).default

/** Both decodes of one file: each its pixels, or the error it refuses the file with. */
async function bothWays(bytes: Uint8Array) {
  const settle = (p: Promise<{ data: Uint8Array; width: number; height: number }>) =>
    p.then((r) => ({ ok: true as const, data: Buffer.from(r.data).toString('base64'), width: r.width, height: r.height }), (e: Error) => ({ ok: false as const, error: e.message }))
  return { header: await settle(decodeWithSharp(bytes)), metadata: await settle(decodeWithSharp(bytes, false)) }
}

async function agrees(bytes: Uint8Array): Promise<void> {
  const space = jpegSpace(bytes)
  const meta = await sharp(bytes).metadata().then((m) => m.space, () => undefined)
  if (space !== undefined && meta !== undefined) expect(space).toBe(meta)
  const { header, metadata } = await bothWays(bytes)
  expect(header).toEqual(metadata)
}

const fixtureJpegs = (): string[] => {
  const out: string[] = []
  for (const set of ['formats', 'shapes']) {
    const root = path.join(ROOT, 'fixtures', 'images', set)
    for (const c of readdirSync(root)) for (const f of readdirSync(path.join(root, c))) if (/\.jpe?g$/i.test(f)) out.push(path.join(root, c, f))
  }
  return out
}

describe('the JPEG frame header', () => {
  it('gives libvips\' space for JPEGs sharp writes: grey, RGB, CMYK, subsampled, progressive, with EXIF and ICC', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          w: fc.integer({ min: 1, max: 90 }), h: fc.integer({ min: 1, max: 90 }), space: fc.constantFrom('b-w', 'srgb', 'cmyk'),
          quality: fc.integer({ min: 1, max: 100 }), subsampling: fc.constantFrom('4:4:4', '4:2:0'), progressive: fc.boolean(), meta: fc.boolean(), seed: fc.nat()
        }),
        async (s) => {
          const px = Buffer.alloc(s.w * s.h * 3)
          for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761 + s.seed) >>> 24
          let img = sharp(px, { raw: { width: s.w, height: s.h, channels: 3 } }).toColourspace(s.space)
          if (s.meta) img = img.withMetadata({ orientation: 6 })
          const bytes = await img.jpeg({ quality: s.quality, chromaSubsampling: s.subsampling, progressive: s.progressive }).toBuffer()
          expect(jpegSpace(bytes)).toBe((await sharp(bytes).metadata()).space)
          await agrees(bytes)
        }
      ),
      { seed: 20261202, numRuns: 120 }
    )
  })

  it('gives libvips\' space for the fixture JPEGs Pillow wrote (CMYK, Display P3, grey, photos)', async () => {
    const files = fixtureJpegs()
    expect(files.length).toBeGreaterThanOrEqual(20)
    for (const f of files) {
      const bytes = readFileSync(f)
      expect([f, jpegSpace(bytes)]).toEqual([f, (await sharp(bytes).metadata()).space])
      await agrees(bytes)
    }
  })

  it('on damaged JPEGs declines or agrees, and the one-call decode refuses or reads what the two-call decode does', async () => {
    const seeds = fixtureJpegs().map((f) => readFileSync(f))
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { freq: 4 }),
        async (which, flips, cut) => {
          const src = seeds[which]!
          // damage the headers mostly: the first 700 bytes hold the markers this reads
          const bytes = Buffer.from(src.subarray(0, cut === null ? src.length : 2 + (cut % src.length)))
          for (const f of flips) bytes[f.at % Math.min(bytes.length, 700)] = f.value
          expect(() => jpegSpace(bytes)).not.toThrow()
          await agrees(bytes)
        }
      ),
      { seed: 20261203, numRuns: 200 }
    )
  })

  it('declines what is not a plain JPEG', () => {
    expect(jpegSpace(new Uint8Array())).toBeUndefined()
    expect(jpegSpace(Uint8Array.from([0xff, 0xd8]))).toBeUndefined()
    expect(jpegSpace(Buffer.from('GIF89a'))).toBeUndefined()
    // SOI, then a scan before any frame header
    expect(jpegSpace(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0]))).toBeUndefined()
    // a 12-bit frame, and a 2-component one
    const frame = (precision: number, nf: number) => Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 8 + 3 * nf, precision, 0, 1, 0, 1, nf, ...Array.from({ length: 3 * nf }, () => 1)])
    expect(jpegSpace(frame(8, 3))).toBe('srgb')
    expect(jpegSpace(frame(12, 3))).toBeUndefined()
    expect(jpegSpace(frame(8, 2))).toBeUndefined()
    // a frame header whose length does not match its component count
    const short = frame(8, 3)
    short[5] = 9
    expect(jpegSpace(short)).toBeUndefined()
  })
})
