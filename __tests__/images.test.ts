/**
 * Image preprocessing against torchvision: the tensors model-gate builds from fixtures/images/shapes
 * (sharp decode, Resize(32) → CenterCrop(28) → ToTensor → Normalize(ImageNet)) next to the ones
 * torchvision's ImageFolder built from the same files (make_images.py).
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LabelMap, openTestSet } from '../src/data/index.js'
import { normalised, resizedSize } from '../src/data/images.js'
import { decodeFloat32, decodeLabels, elementCount, parseNpyHeader } from '../src/data/npy.js'
import { ROOT } from './helpers/run-dist.js'

const DIR = path.join(ROOT, 'fixtures', 'images')
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }

async function tensors(layout: 'NCHW' | 'NHWC' = 'NCHW', channels: 'rgb' | 'grayscale' = 'rgb') {
  const set = await openTestSet({
    testData: path.join(DIR, 'shapes'), labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined,
    imageSize: 32, crop: 28, ...(channels === 'rgb' ? IMAGENET : {}), layout, channels, skipBadFiles: false
  })
  const xs: number[] = []
  const ys: number[] = []
  for await (const b of set.batches(8)) {
    xs.push(...b.features)
    ys.push(...new LabelMap(set.classNames).toIndices(b))
  }
  return { set, x: Float32Array.from(xs), y: ys }
}

describe('image folders', () => {
  it('sizes like torchvision Resize(int): shorter side to size, longer truncated', () => {
    expect(resizedSize(48, 36, 32)).toEqual([42, 32])
    expect(resizedSize(36, 52, 32)).toEqual([32, 46])
    expect(resizedSize(50, 38, 32)).toEqual([42, 32])
  })

  it('orders classes and files as ImageFolder does, and equals its tensors exactly', async () => {
    const { set, x, y } = await tensors()
    const golden = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'shapes.json'), 'utf8'))
    expect(set.classNames).toEqual(['circle', 'square', 'triangle'])
    const xb = new Uint8Array(readFileSync(path.join(DIR, 'torchvision-x.npy')))
    const xh = parseNpyHeader(xb, 'x')
    const want = decodeFloat32(xb.subarray(xh.dataOffset), xh.dtype, elementCount(xh.shape))
    const yb = new Uint8Array(readFileSync(path.join(DIR, 'torchvision-y.npy')))
    const yh = parseNpyHeader(yb, 'y')
    expect(y).toEqual(decodeLabels(yb.subarray(yh.dataOffset), yh.dtype, yh.shape[0]!))
    expect(set.sampleShape).toEqual([3, 28, 28])
    expect(x.length).toBe(want.length)
    expect(golden.n_samples).toBe(36)
    // sharp decodes to the same 8-bit RGB as PIL here, and the resize is Pillow's own algorithm
    // (pil-resize.ts): every value equals torchvision's, PNG and JPEG alike.
    let differing = 0
    for (let i = 0; i < x.length; i++) if (x[i] !== want[i]) differing++
    expect(differing).toBe(0)
  })

  it('NHWC is the same tensor transposed; grayscale is PIL luma of the RGB values', async () => {
    const nchw = (await tensors('NCHW')).x
    const { set, x: nhwc } = await tensors('NHWC')
    expect(set.sampleShape).toEqual([28, 28, 3])
    const per = 3 * 28 * 28
    for (const [n, c, p] of [[0, 0, 0], [5, 2, 400], [35, 1, 783]] as const) {
      expect(nhwc[n * per + p * 3 + c]).toBe(nchw[n * per + c * 784 + p])
    }
    const raw = (await tensors('NCHW', 'grayscale')).x
    expect(raw.length).toBe(36 * 784)
    // ToTensor scale only (no mean/std given): values are k/255
    for (const v of raw.subarray(0, 784)) expect(Math.round(v * 255) / 255).toBeCloseTo(v, 6)
  })
})

describe('image folders: labels.csv, extensions, float32 normalisation', () => {
  const shape = (cls: string, i: number) => path.join(DIR, 'shapes', cls, `${cls}-${String(i).padStart(2, '0')}.png`)
  const open = (dir: string) =>
    openTestSet({
      testData: dir, labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined,
      imageSize: 32, crop: 28, ...IMAGENET, layout: 'NCHW', channels: 'rgb', skipBadFiles: false
    })
  const labelsOf = async (dir: string) => {
    const set = await open(dir)
    const ys: number[] = []
    for await (const b of set.batches(4)) ys.push(...new LabelMap(set.classNames).toIndices(b))
    return { set, ys }
  }

  it('labels.csv with whole-number labels keeps them as class indices (a class absent, 10 after 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'labels-csv-'))
    const rows = [['a.png', '0'], ['b.png', '2'], ['c.png', '10'], ['d.png', '2']]
    rows.forEach(([f], i) => cpSync(shape('circle', i * 2), path.join(dir, f!)))
    writeFileSync(path.join(dir, 'labels.csv'), ['file,label', ...rows.map((r) => r.join(','))].join('\n') + '\n')
    const { set, ys } = await labelsOf(dir)
    expect(ys).toEqual([0, 2, 10, 2])
    expect(set.classNames).toBeUndefined()
  })

  it('picks up the files ImageFolder does: .bmp and .ppm count (a bad one is an error naming it), .gif does not', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'exts-')), 'shapes')
    cpSync(path.join(DIR, 'shapes'), dir, { recursive: true })
    const before = (await open(dir)).size
    mkdirSync(path.join(dir, 'circle', 'more'))
    for (const f of ['x.gif', 'y.bmp', 'z.PPM']) writeFileSync(path.join(dir, 'circle', 'more', f), 'not an image at all')
    const after = await open(dir)
    expect(after.size).toBe(before! + 2)
    const drain = async () => {
      for await (const b of after.batches(64)) void b
    }
    await expect(drain()).rejects.toThrow(/test-data: cannot decode .*circle\/more\/(y\.bmp|z\.PPM) \(.*\); replace or remove it, or set skip-bad-files: true/)
  })

  it('normalises in float32 step by step, bit-equal to ToTensor + Normalize in torch', () => {
    // torch 1.13: F.normalize(torch.arange(256, dtype=uint8).float().div(255).view(1, 256, 1), [0.485], [0.229])
    // at 0, 1, 17, 128, 200, 255 (all 256 were checked equal; one rounding of the float64 result
    // matches torch for only 123 of them)
    const torch = [-2.1179039478302, -2.1007792949676514, -1.8267831802368164, 0.07406462728977203, 1.3070467710494995, 2.248908281326294]
    expect([0, 1, 17, 128, 200, 255].map((v) => normalised(v, 0.485, 0.229))).toEqual(torch)
  })
})
