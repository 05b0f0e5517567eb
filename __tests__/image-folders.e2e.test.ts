/**
 * Image folders as torchvision's ImageFolder reads them, through the built dist/: files decoded as
 * Pillow does (fixtures/images/formats), links followed with loops skipped, classes in Python's
 * code-point order, skip-bad-files with a dangling link, and the preprocessing inputs bounded.
 * Links are made here in a temp folder: git and symlinks do not mix well.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, tempDir, type DistRun, expectRefused } from './helpers/run-dist.js'

const DIR = path.join(ROOT, 'fixtures', 'images')
const SHAPES = path.join(DIR, 'shapes')
const shapes = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'shapes.json'), 'utf8'))
const formats = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'formats.json'), 'utf8'))
const MODEL = path.join(DIR, 'shapes-cnn.onnx')
const PREP = { 'image-size': '32', crop: '28', mean: 'imagenet', std: 'imagenet', device: 'cpu' }

function expectGolden(r: DistRun, g: any): any {
  if (r.code !== 0) throw new Error(r.stdout + r.stderr)
  const m = r.metrics()
  expect(m.n_samples).toBe(g.n_samples)
  expect(m.confusion_matrix).toEqual(g.confusion_matrix)
  for (const k of ['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall']) expect(Math.abs(m[k] - g[k])).toBeLessThanOrEqual(1e-9)
  expect(Math.abs(m.loss - g.loss)).toBeLessThanOrEqual(1e-6 * g.loss)
  return m
}

const warnings = (r: DistRun) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'))


describe('decoded as Pillow decodes', () => {
  it('P3 profiles, CMYK, 16-bit, BMP, PPM/PGM: scikit-learn’s numbers on torchvision’s tensors, with one warning for the saturated files', async () => {
    const r = await runDist({ model: MODEL, 'test-data': path.join(DIR, 'formats'), ...PREP })
    const m = expectGolden(r, formats)
    expect(m.classes).toEqual(formats.classes)
    expect(warnings(r).filter((w) => /16-bit grayscale/.test(w))).toEqual([expect.stringMatching(/6 16-bit grayscale image\(s\) come out almost white, e\.g\. circle\/gray16\.png/)])
  })
})

describe('links, as os.walk(followlinks=True) follows them', () => {
  it('a linked class folder, linked files and a link back up: every image once, the loop skipped with a warning', async () => {
    const root = path.join(tempDir('links-'), 'data')
    mkdirSync(path.join(root, 'square'), { recursive: true })
    symlinkSync(path.join(SHAPES, 'circle'), path.join(root, 'circle'), 'dir')
    for (const f of readdirSync(path.join(SHAPES, 'square'))) symlinkSync(path.join(SHAPES, 'square', f), path.join(root, 'square', f))
    cpSync(path.join(SHAPES, 'triangle'), path.join(root, 'triangle'), { recursive: true })
    symlinkSync('.', path.join(root, 'triangle', 'again'), 'dir') // triangle/again → triangle
    symlinkSync('../..', path.join(root, 'triangle', 'again-up'), 'dir') // → the folder holding the test set
    const r = await runDist({ model: MODEL, 'test-data': root, ...PREP })
    expectGolden(r, shapes)
    const loop = warnings(r).filter((w) => /links back/.test(w))
    expect(loop).toEqual([
      expect.stringMatching(/test-data: .*triangle\/again links back to .*triangle, a folder that holds it; skipped it so that its images are not counted again/),
      expect.stringMatching(/test-data: .*triangle\/again-up links back to .*links-\w+, a folder that holds it/)
    ])
  })

  it('a dangling link and a FIFO: an error naming the file; with skip-bad-files skipped, counted, and the run completes (the hash leaves them out)', async () => {
    const root = path.join(tempDir('dangling-'), 'data')
    cpSync(SHAPES, root, { recursive: true })
    symlinkSync(path.join(root, 'nowhere.png'), path.join(root, 'square', 'square-99.png'))
    expectRefused(await runDist({ model: MODEL, 'test-data': root, ...PREP }), /test-data: cannot decode .*square-99\.png \(.*\); replace or remove it, or set skip-bad-files: true/)
    // a FIFO named like an image: reading it would wait for a writer forever
    execFileSync('mkfifo', [path.join(root, 'triangle', 'triangle-99.png')])
    const r = await runDist({ model: MODEL, 'test-data': root, ...PREP, 'skip-bad-files': 'true' })
    const m = expectGolden(r, shapes)
    expect(m.skipped_files.count).toBe(2)
    expect(m.skipped_files.files.map((f: { file: string }) => f.file).sort()).toEqual([path.join('square', 'square-99.png'), path.join('triangle', 'triangle-99.png')])
    expect(m.skipped_files.files.find((f: { file: string }) => f.file.startsWith('triangle')).reason).toMatch(/not a regular file/)
    expect(m.data.sha256).toMatch(/^[0-9a-f]{64}$/)
    // the hash is of the files evaluated: the same as the folder without the dangling link
    const clean = (await runDist({ model: MODEL, 'test-data': SHAPES, ...PREP })).metrics()
    expect(m.data.sha256).toBe(clean.data.sha256)
  })
})

describe('classes sort by code point, as Python’s sorted()', () => {
  it('full-width digits before a character beyond U+FFFF: the indices torchvision gives', async () => {
    // Python: sorted(['\uff10', '\uff11', '\U0001f53a']) keeps this order; UTF-16 order puts 🔺 first
    const root = path.join(tempDir('unicode-'), 'data')
    const names = { circle: '\uff10', square: '\uff11', triangle: '\u{1f53a}' }
    for (const [cls, name] of Object.entries(names)) cpSync(path.join(SHAPES, cls), path.join(root, name), { recursive: true })
    const r = await runDist({ model: MODEL, 'test-data': root, ...PREP })
    const m = expectGolden(r, shapes)
    expect(m.classes).toEqual(['\uff10', '\uff11', '\u{1f53a}'])
  })
})

describe('preprocessing inputs that cannot work', () => {
  it('mean with 3 values on a 1-channel model (channels taken from the model)', async () => {
    const r = await runDist({ model: path.join(ROOT, 'fixtures', 'classify', 'digits-cnn.onnx'), 'test-data': SHAPES, 'image-size': '8', crop: '8', mean: '0.5,0.5,0.5', std: '0.2', device: 'cpu' })
    expectRefused(r, /^::error::mean has 3 values but the images have 1 channel\(s\), as the model input \[N, 1, 8, 8\] takes \(channels left empty\); give one value, or one per channel/)
  })

  it('image-size 1000000000 is refused before any image is read, naming the bound', async () => {
    expectRefused(await runDist({ model: MODEL, 'test-data': SHAPES, ...PREP, 'image-size': '1000000000', crop: '28' }), /^::error::image-size 1000000000 would make every image at least 1000000000×1000000000 pixels \(1\.50e\+10 GB as RGB and float32\), more than fits here \([\d.]+ GB of memory, and 3·side² values in one array\); lower image-size \(at most \d+ here\)/)
    expectRefused(await runDist({ model: MODEL, 'test-data': SHAPES, ...PREP, crop: '99999999' }), /^::error::crop 99999999 would make every image .*; lower crop/)
  })
})
