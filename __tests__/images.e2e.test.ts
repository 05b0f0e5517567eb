/**
 * Image folders through the built dist/: torchvision-equal preprocessing, the labels.csv layout, bad
 * files (an error naming the file, or skipped and counted), sharp loading from a bare copy of dist/,
 * and the ONNX Model Zoo's MNIST PNGs giving exactly the numbers of the same images as arrays.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, SHARED, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const DIR = path.join(ROOT, 'fixtures', 'images')
const golden = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'shapes.json'), 'utf8'))
const abs = (inputs: Record<string, string>) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.resolve(ROOT, v) : v]))

function expectClose(r: DistRun, lossTolerance: number) {
  if (r.code !== 0) throw new Error(r.stdout + r.stderr)
  const m = r.metrics()
  expect(m.classes).toEqual(golden.classes)
  expect(m.n_samples).toBe(golden.n_samples)
  expect(m.confusion_matrix).toEqual(golden.confusion_matrix)
  for (const k of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall']) expect(Math.abs(m[k] - golden[k])).toBeLessThanOrEqual(1e-9)
  expect(Math.abs(m.loss - golden.loss)).toBeLessThanOrEqual(lossTolerance * golden.loss)
}

describe('image folders through dist/', () => {
  it("torchvision's own tensors give the golden exactly", async () => {
    const r = await runDist({ model: path.join(DIR, 'shapes-cnn.onnx'), 'test-data': path.join(DIR, 'torchvision-x.npy'), labels: path.join(DIR, 'torchvision-y.npy'), 'class-names': golden.classes.join(','), device: 'cpu' })
    expectClose(r, 1e-6)
  })

  it('the image folder, preprocessed by model-gate, gives the golden exactly', async () => {
    // the tensors equal torchvision's (images.test.ts), so every number matches the golden
    expectClose(await runDist({ ...golden.inputs, device: 'cpu' }), 1e-6)
  })

  it('runs from a bare copy of dist/ (sharp and libvips ship in dist/bin)', async () => {
    const bare = tempDir('bare-images-')
    cpSync(path.join(ROOT, 'dist'), path.join(bare, 'dist'), { recursive: true })
    expectClose(await runDist({ ...abs(golden.inputs), device: 'cpu' }, { script: path.join(bare, 'dist', 'index.js'), cwd: bare }), 1e-6)
  })

  it('a flat folder with labels.csv (file,label)', async () => {
    const flat = tempDir('flat-')
    const rows = ['file,label']
    for (const f of golden.files as string[]) {
      const name = f.replace('/', '_')
      cpSync(path.join(DIR, 'shapes', f), path.join(flat, name))
      rows.push(`${name},${f.split('/')[0]}`)
    }
    writeFileSync(path.join(flat, 'labels.csv'), rows.join('\n') + '\n')
    expectClose(await runDist({ ...abs(golden.inputs), 'test-data': flat, device: 'cpu' }), 1e-6)
  })

  it('a corrupt image fails the step naming the file; skip-bad-files skips and counts it', async () => {
    const copy = tempDir('bad-images-')
    cpSync(path.join(DIR, 'shapes'), copy, { recursive: true })
    writeFileSync(path.join(copy, 'square', 'square-99.jpg'), Buffer.from('this is not a jpeg'))
    const failed = await runDist({ ...abs(golden.inputs), 'test-data': copy })
    expect(failed.code).toBe(1)
    expect(failed.errors).toEqual([expect.stringMatching(/test-data: cannot decode .*square-99\.jpg \(.*\); replace or remove it, or set skip-bad-files: true/)])
    const skipped = await runDist({ ...abs(golden.inputs), 'test-data': copy, 'skip-bad-files': 'true', device: 'cpu' })
    expect(skipped.stdout).toMatch(/::warning::skip-bad-files: left out 1 image\(s\)/)
    expect(skipped.metrics().skipped_files).toMatchObject({ count: 1, files: [{ file: path.join('square', 'square-99.jpg') }] })
    expect(skipped.summary).toContain('⚠️ 1 image(s) could not be decoded and were left out (skip-bad-files): `square/square-99.jpg`')
    expectClose(skipped, 1e-6)
  })

  const zoo = path.join(SHARED, 'datasets', 'mnist-zoo')
  const png = path.join(SHARED, 'datasets', 'mnist-png')
  ;(existsSync(png) ? it : it.skip)('MNIST PNGs equal the same images as arrays, exactly (needs ../shared/datasets)', async () => {
    const files = unzipSync(readFileSync(path.join(zoo, 'test.npz')))
    const read = (name: string) => {
      const b = files[name]!
      const hl = b[8]! | (b[9]! << 8)
      return b.slice(10 + hl)
    }
    const x = new Float32Array(read('x.npy').buffer)
    const y = new BigInt64Array(read('y.npy').buffer)
    const index = new BigInt64Array(read('index.npy').buffer)
    // the PNG folder holds a subset of the 1,000 images, named by their index
    const wanted = readdirSync(png).flatMap((c) => readdirSync(path.join(png, c)).map((f) => Number(f.replace(/\D/g, ''))))
    const rows = wanted.map((i) => Array.from(index).findIndex((v) => Number(v) === i))
    const sx = new Float32Array(rows.length * 784)
    rows.forEach((r, k) => sx.set(x.subarray(r * 784, (r + 1) * 784), k * 784))
    const subset = path.join(tempDir('mnist-subset-'), 'subset.npz')
    mkdirSync(path.dirname(subset), { recursive: true })
    writeNpz(subset, { x: npy(sx, [rows.length, 1, 28, 28]), y: npy(BigInt64Array.from(rows, (r) => y[r]!), [rows.length]) })
    const model = path.join(zoo, 'model.onnx')
    const a = (await runDist({ model, 'test-data': subset, device: 'cpu' })).metrics()
    const b = (await runDist({ model, 'test-data': png, device: 'cpu' })).metrics()
    expect(b.n_samples).toBe(a.n_samples)
    expect(b.confusion_matrix).toEqual(a.confusion_matrix)
    expect(b.accuracy).toBe(a.accuracy)
    expect(Math.abs(b.loss - a.loss)).toBeLessThanOrEqual(1e-12)
  })
})
