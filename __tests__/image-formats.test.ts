/**
 * Decoding as Pillow does (pil-decode.ts): every kind of file in fixtures/images/formats (Display P3
 * profiles, CMYK, 16-bit grayscale and RGB, BMP, PPM/PGM; made by make_formats.py with Pillow) gives
 * exactly torchvision's tensors, value for value. Without the Pillow rules the P3, CMYK and 16-bit
 * files are 10 to 253 levels apart (see the last test).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LabelMap, openTestSet } from '../src/data/index.js'
import { decodeBmp, decodeLikePillow, decodePnm } from '../src/data/pil-decode.js'
import { decodeFloat32, decodeLabels, elementCount, parseNpyHeader } from '../src/data/npy.js'
import { ROOT } from './helpers/run-dist.js'

const DIR = path.join(ROOT, 'fixtures', 'images')
const golden = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'formats.json'), 'utf8'))
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }

function readNpy(name: string) {
  const b = new Uint8Array(readFileSync(path.join(DIR, name)))
  const h = parseNpyHeader(b, name)
  return { h, body: b.subarray(h.dataOffset) }
}

describe('image files decoded as Pillow decodes them', () => {
  it('every tensor value equals torchvision’s ImageFolder, for every kind of file', async () => {
    const set = await openTestSet({
      testData: path.join(DIR, 'formats'), labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined,
      imageSize: 32, crop: 28, ...IMAGENET, layout: 'NCHW', channels: 'rgb', skipBadFiles: false
    })
    const xs: Float32Array[] = []
    const ys: number[] = []
    for await (const b of set.batches(16)) {
      xs.push(b.features.slice()) // kept past the next batch: copied (a reader may reuse the memory)
      ys.push(...new LabelMap(set.classNames).toIndices(b))
    }
    const x = new Float32Array(xs.reduce((n, a) => n + a.length, 0))
    xs.reduce((at, a) => (x.set(a, at), at + a.length), 0)
    const wx = readNpy('formats-x.npy')
    const want = decodeFloat32(wx.body, wx.h.dtype, elementCount(wx.h.shape))
    const wy = readNpy('formats-y.npy')
    expect(set.size).toBe(golden.n_samples)
    expect(ys).toEqual(Array.from(decodeLabels(wy.body, wy.h.dtype, wy.h.shape[0]!)))
    expect(x.length).toBe(want.length)
    const per = 3 * 28 * 28
    const differing = new Map<string, number>()
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== want[i]) {
        const f = golden.files[Math.floor(i / per)] as string
        differing.set(f, (differing.get(f) ?? 0) + 1)
      }
    }
    expect(Object.fromEntries(differing)).toEqual({})
    // the saturated 16-bit grayscale files are named for the log
    expect(set.warnings!()).toEqual([expect.stringMatching(/^test-data: 6 16-bit grayscale image\(s\) come out almost white, e\.g\. circle\/gray16\.png: Pillow's convert\('RGB'\)/)])
  })

  it('without the Pillow rules (libvips’ colour management) the same files are far apart', async () => {
    const sharp = (await import('sharp')).default
    const far: Record<string, number> = {}
    for (const name of ['p3.png', 'cmyk.jpg', 'gray16.png']) {
      const file = path.join(DIR, 'formats', 'circle', name)
      const pil = await decodeLikePillow(readFileSync(file))
      const vips = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer()
      far[name] = pil.data.reduce((m, v, i) => Math.max(m, Math.abs(v - vips[i]!)), 0)
    }
    // 12, 24 and 253 levels with sharp 0.35's libvips: the fixtures really exercise the Pillow rules
    for (const v of Object.values(far)) expect(v).toBeGreaterThanOrEqual(10)
  })
})

describe('BMP and PPM/PGM edge cases are errors, never guesses', () => {
  const bmp = () => new Uint8Array(readFileSync(path.join(DIR, 'formats', 'square', 'bmp24.bmp')))
  const ppm = () => new Uint8Array(readFileSync(path.join(DIR, 'formats', 'square', 'p6.ppm')))

  it('a truncated file says how many bytes it needs', () => {
    expect(() => decodeBmp(bmp().subarray(0, 200))).toThrow(/truncated BMP: .* needs \d+ bytes, the file has 200/)
    expect(() => decodePnm(ppm().subarray(0, 100))).toThrow(/truncated P6/)
  })

  it('a compression or bit depth it does not know is named', () => {
    const b = bmp()
    b[30] = 1 // BI_RLE8
    expect(() => decodeBmp(b)).toThrow(/BMP compression 1 \(24-bit\) is not supported/)
    const c = bmp()
    c[28] = 16
    expect(() => decodeBmp(c)).toThrow(/16-bit BMP is not supported/)
  })

  it('plain-text PNM, a value above maxval, a malformed header', () => {
    expect(() => decodePnm(new TextEncoder().encode('P3\n1 1\n255\n1 2 3\n'))).toThrow(/P3 \(plain-text or bitmap PNM\) is not supported/)
    expect(() => decodePnm(Uint8Array.from([...new TextEncoder().encode('P5\n1 1\n100\n'), 101]))).toThrow(/value 101 at sample 0 exceeds its maxval 100/)
    expect(() => decodePnm(new TextEncoder().encode('P6\nx 1\n255\n'))).toThrow(/malformed P6 header/)
  })

  it('PPM header comments and a maxval other than 255 follow Pillow 9.4 (round half to even)', () => {
    // 1 * 255 / 2 = 127.5 → 128 (even); 1 * 255 / 6 = 42.5 → 42; checked against Pillow by make_formats' p6-1000.ppm too
    const p = decodePnm(Uint8Array.from([...new TextEncoder().encode('P5 # c\n#x\n 2 1 6\n'), 1, 6]))
    expect(Array.from(p.data)).toEqual([42, 42, 42, 255, 255, 255])
    expect(Array.from(decodePnm(Uint8Array.from([...new TextEncoder().encode('P5\n1 1\n2\n'), 1])).data)).toEqual([128, 128, 128])
  })
})

describe('listed as ImageFolder lists (checked against torchvision 0.14 on the same tree)', () => {
  it('classes by code point, files in sorted(os.walk()) order (sub-x/ before sub/deep/), extensions in any case, no .gif', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const sharp = (await import('sharp')).default
    const root = mkdtempSync(path.join(tmpdir(), 'order-'))
    const inC = ['x.png', 'sub/y.png', 'sub-x/z.png', 'sub/deep/w.png', 'B.PNG', '.png', 'a.gif', 'sub/\uff11.png', 'sub/\u{1f600}.png']
    const classes = ['Z', 'a', 'circle', 'é', '\uff10', '\u{1f53a}']
    const png = (v: number) => sharp({ create: { width: 2, height: 2, channels: 3, background: { r: v, g: v, b: v } } }).png().toBuffer()
    for (const c of classes) {
      mkdirSync(path.join(root, c))
      writeFileSync(path.join(root, c, 'i.png'), await png(0))
    }
    for (const [k, f] of inC.entries()) {
      mkdirSync(path.dirname(path.join(root, 'c', f)), { recursive: true })
      writeFileSync(path.join(root, 'c', f), await png(10 + k))
    }
    const set = await openTestSet({
      testData: root, labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined,
      imageSize: undefined, crop: undefined, mean: undefined, std: undefined, layout: 'NCHW', channels: 'rgb', skipBadFiles: false
    })
    // torchvision: ImageFolder(root).classes and the samples of class 'c'
    expect(set.classNames).toEqual(['Z', 'a', 'c', 'circle', 'é', '\uff10', '\u{1f53a}'])
    const order: string[] = []
    for await (const b of set.batches(64)) {
      for (let i = 0; i < b.size; i++) {
        if (b.labels[i] !== 'c') continue // the label as the folder holds it: its class folder's name
        order.push(inC[Math.round(b.features[i * 12]! * 255) - 10]!)
      }
    }
    expect(order).toEqual(['.png', 'B.PNG', 'x.png', 'sub/y.png', 'sub/\uff11.png', 'sub/\u{1f600}.png', 'sub-x/z.png', 'sub/deep/w.png'])
  })
})
