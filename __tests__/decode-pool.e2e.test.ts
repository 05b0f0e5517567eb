/**
 * The image decode worker pool (src/data/decode-pool.ts), through the built dist/. It runs when the
 * model runs on CUDA; there is no GPU here, so MODEL_GATE_TEST_DECODE_POOL forces it on CPU runs.
 * With and without it: the same tensors (read back exactly through an identity model run as a
 * shard, whose shard file holds every sample's scores), the same metrics.json, the same skipped
 * files in the same order, the same single error. What a GPU run gains cannot be measured here.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const DIR = path.join(ROOT, 'fixtures', 'images')
const golden = JSON.parse(readFileSync(path.join(DIR, 'goldens', 'shapes.json'), 'utf8'))
const PREP = { 'image-size': '32', crop: '28', mean: 'imagenet', std: 'imagenet', device: 'cpu' }
const POOL = { MODEL_GATE_TEST_DECODE_POOL: '2' }
const IDENTITY = path.join(DIR, 'identity-28.onnx')

function ok(r: DistRun): DistRun {
  if (r.code !== 0) throw new Error(`dist exited ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r
}

/** metrics.json without what differs between any two runs (timings, timestamps, versions). */
function stable(r: DistRun): unknown {
  const { runtime, provenance, ...rest } = r.metrics()
  return { ...rest, runtime: { ...runtime, seconds: 0, samples_per_second: 0 }, provenance: { ...provenance, timestamp: 0 } }
}

/** Every sample's tensor, as the identity model passed it through: the shard file's scores. */
function tensors(r: DistRun): Float32Array {
  const shard = JSON.parse(readFileSync(path.join(r.outDir, 'model-gate-shard-1-of-1.json'), 'utf8'))
  const s = shard.current.rows.scores
  const b = Buffer.from(s.base64, 'base64')
  const values = s.dtype === 'float32' ? new Float32Array(b.buffer, b.byteOffset, s.length) : Float32Array.from(new Float64Array(b.buffer, b.byteOffset, s.length))
  return Float32Array.from(values)
}

/** An ImageFolder as a flat folder with labels.csv of class indices (the identity model has 2352 "classes"), in ImageFolder order. */
function flat(src: string): string {
  const dir = tempDir('pool-flat-')
  const rows = ['file,label']
  readdirSync(src).sort().forEach((c, i) => {
    for (const f of readdirSync(path.join(src, c)).sort()) {
      cpSync(path.join(src, c, f), path.join(dir, `${c}_${f}`))
      rows.push(`${c}_${f},${i}`)
    }
  })
  writeFileSync(path.join(dir, 'labels.csv'), rows.join('\n') + '\n')
  return dir
}

function readNpy(file: string): Float32Array {
  const b = readFileSync(file)
  const start = 10 + b.readUInt16LE(8)
  return new Float32Array(b.buffer.slice(b.byteOffset + start, b.byteOffset + b.length))
}

const warnings = (r: DistRun) => r.stdout.split('\n').filter((l) => l.startsWith('::warning::'))

describe('decode worker pool through dist/', () => {
  it("every kind of file (BMP, PNM, CMYK, 16-bit, P3, WebP, TIFF): the pool's tensors are the main thread's and torchvision's, bit for bit", async () => {
    const data = flat(path.join(DIR, 'formats'))
    const inputs = { ...PREP, model: IDENTITY, 'test-data': data, shard: '1/1', 'output-kind': 'logits', 'batch-size': '8' }
    const [main, pool] = await Promise.all([runDist(inputs), runDist(inputs, { env: POOL })])
    ok(main)
    ok(pool)
    expect(pool.stdout).toMatch(/^decoding images on 2 worker threads/m)
    expect(main.stdout).not.toMatch(/worker threads/)
    const torchvision = readNpy(path.join(DIR, 'formats-x.npy'))
    expect(tensors(main).length).toBe(torchvision.length)
    expect(Buffer.from(tensors(main).buffer).equals(Buffer.from(torchvision.buffer))).toBe(true)
    expect(Buffer.from(tensors(pool).buffer).equals(Buffer.from(torchvision.buffer))).toBe(true)
    // the 16-bit grayscale files are found saturated in the workers too
    expect(warnings(pool)).toEqual(warnings(main))
    expect(warnings(main).some((w) => /16-bit grayscale/.test(w))).toBe(true)
    expect(stable(pool)).toEqual(stable(main))
  })

  it('the shapes golden: the same metrics.json with and without the pool', async () => {
    const [main, pool] = await Promise.all([runDist({ ...golden.inputs, device: 'cpu' }), runDist({ ...golden.inputs, device: 'cpu' }, { env: POOL })])
    expect(ok(pool).metrics().accuracy).toBe(golden.accuracy)
    expect(stable(pool)).toEqual(stable(ok(main)))
  })

  it('bad files with skip-bad-files: the same files left out, listed in file order, and the same numbers', async () => {
    const copy = tempDir('pool-bad-')
    cpSync(path.join(DIR, 'shapes'), copy, { recursive: true })
    // three bad files in one batch, the first one slowest to fail (a real JPEG header, then garbage)
    const jpeg = readFileSync(path.join(DIR, 'shapes', 'circle', 'circle-01.jpg'))
    writeFileSync(path.join(copy, 'circle', 'circle-03.jpg'), Buffer.concat([jpeg.subarray(0, jpeg.length >> 1), Buffer.alloc(4096, 0x55)]))
    writeFileSync(path.join(copy, 'circle', 'circle-05.jpg'), Buffer.from('not a jpeg'))
    writeFileSync(path.join(copy, 'square', 'square-00.png'), Buffer.from('not a png'))
    const inputs = { ...golden.inputs, 'test-data': copy, device: 'cpu', 'skip-bad-files': 'true', 'batch-size': '16' }
    const [main, pool] = await Promise.all([runDist(inputs), runDist(inputs, { env: POOL })])
    const files = ok(main).metrics().skipped_files.files.map((f: { file: string }) => f.file)
    expect(files).toEqual([path.join('circle', 'circle-03.jpg'), path.join('circle', 'circle-05.jpg'), path.join('square', 'square-00.png')])
    // sharp's own words only: libvips' detail comes from a process-wide buffer that files failing on
    // other threads read and clear, so it came and went between runs, and at times named another file's fault
    expect(ok(main).metrics().skipped_files.files.map((f: { reason: string }) => f.reason)).toEqual(['Input buffer has corrupt header', 'Input buffer contains unsupported image format', 'Input buffer contains unsupported image format'])
    expect(stable(ok(pool))).toEqual(stable(main))
    expect(warnings(pool)).toEqual(warnings(main))
  })

  it('a bad file without skip-bad-files: the same one error, naming the first bad file of the batch', async () => {
    const copy = tempDir('pool-fail-')
    cpSync(path.join(DIR, 'shapes'), copy, { recursive: true })
    writeFileSync(path.join(copy, 'circle', 'circle-02.png'), Buffer.from('not a png'))
    writeFileSync(path.join(copy, 'circle', 'circle-00.png'), Buffer.from('not a png either'))
    const inputs = { ...golden.inputs, 'test-data': copy, device: 'cpu' }
    const [main, pool] = await Promise.all([runDist(inputs), runDist(inputs, { env: POOL })])
    for (const r of [main, pool]) {
      expect(r.code).toBe(1)
      expect(r.errors).toEqual([expect.stringMatching(/^::error::test-data: cannot decode .*circle-00\.png \(.*\); replace or remove it, or set skip-bad-files: true$/)])
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /)
    }
    expect(pool.errors).toEqual(main.errors)
  })

  it('the worker runs from a bare copy of dist/ (no node_modules)', async () => {
    const bare = tempDir('bare-pool-')
    cpSync(path.join(ROOT, 'dist'), path.join(bare, 'dist'), { recursive: true })
    const inputs = Object.fromEntries(Object.entries(golden.inputs as Record<string, string>).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.resolve(ROOT, v) : v]))
    const r = ok(await runDist({ ...inputs, device: 'cpu' }, { script: path.join(bare, 'dist', 'index.js'), cwd: bare, env: { ...POOL, NODE_PATH: '' } }))
    expect(r.stdout).toMatch(/^decoding images on 2 worker threads/m)
    expect(r.metrics().confusion_matrix).toEqual(golden.confusion_matrix)
  })
})
