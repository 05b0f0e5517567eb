/**
 * The fixed costs overlapped (issue 14), through the built dist/: the model file read once (hashed,
 * then loaded from the same bytes) except where it keeps tensors in files beside it, and the first
 * image batch decoded in a worker while the session is created — with the errors as before: a bad
 * model is the model's error even when the first image is bad too.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

const CLASSIFY = path.join(ROOT, 'fixtures', 'classify')
const external = JSON.parse(readFileSync(path.join(CLASSIFY, 'goldens', 'digits-cnn-external.json'), 'utf8'))
const inline = JSON.parse(readFileSync(path.join(CLASSIFY, 'goldens', 'digits-cnn.json'), 'utf8'))
const IMAGES = path.join(ROOT, 'fixtures', 'images')
const shapes = JSON.parse(readFileSync(path.join(IMAGES, 'goldens', 'shapes.json'), 'utf8'))
const abs = (inputs: Record<string, string>) => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.resolve(ROOT, v) : v]))

describe('overlapped start-up through dist/', () => {
  it('a model with external data loads from its path: the weights beside it, not a same-named file in the working directory', async () => {
    // onnxruntime resolves external data against the working directory for a model given as bytes
    // (1.30 refuses it outright: "model_path must not be empty"); a decoy of the same name there
    // (the real weights reversed) must not be what runs
    const cwd = tempDir('external-cwd-')
    const weights = readFileSync(path.join(CLASSIFY, 'external', 'digits-cnn-external.weights'))
    writeFileSync(path.join(cwd, 'digits-cnn-external.weights'), Buffer.from(weights).reverse())
    const r = await runDist({ ...abs(external.inputs), device: 'cpu' }, { cwd })
    if (r.code !== 0) throw new Error(r.stdout + r.stderr)
    const m = r.metrics()
    expect(m.accuracy).toBe(external.accuracy)
    expect(m.confusion_matrix).toEqual(external.confusion_matrix)
    expect(Math.abs(m.loss - external.loss)).toBeLessThanOrEqual(1e-6 * external.loss)
    // the same network as digits-cnn.onnx, its tensors moved out of the file
    expect(m.confusion_matrix).toEqual(inline.confusion_matrix)
    // the hash is still the .onnx file's own bytes
    expect(m.model.sha256).toBe(createHash('sha256').update(readFileSync(path.join(CLASSIFY, 'external', 'digits-cnn-external.onnx'))).digest('hex'))
  })

  it("the model's sha256 is its file's, read once", async () => {
    const r = await runDist({ ...abs(inline.inputs), device: 'cpu' })
    expect(r.metrics().model.sha256).toBe(createHash('sha256').update(readFileSync(path.join(ROOT, inline.inputs.model))).digest('hex'))
  })

  it('a bad model and a bad first image: the model is reported (it is loaded before the first batch is taken up), every time', async () => {
    const dir = tempDir('both-bad-')
    cpSync(path.join(IMAGES, 'shapes'), path.join(dir, 'shapes'), { recursive: true })
    writeFileSync(path.join(dir, 'shapes', 'circle', 'circle-00.png'), Buffer.from('not a png'))
    const model = path.join(dir, 'garbage.onnx')
    writeFileSync(model, 'not a model'.repeat(10))
    const inputs = { ...abs(shapes.inputs), model, 'test-data': path.join(dir, 'shapes'), device: 'cpu' }
    const runs = await Promise.all([runDist(inputs), runDist(inputs), runDist(inputs, { env: { MODEL_GATE_TEST_DECODE_POOL: '2' } })])
    for (const r of runs) {
      expect(r.code).toBe(1)
      expect(r.errors).toEqual([expect.stringMatching(/^::error::model: .*garbage\.onnx is not a valid ONNX model onnxruntime can load/)])
    }
    // the model fixed, the image is what is wrong
    const data = await runDist({ ...inputs, model: path.resolve(ROOT, shapes.inputs.model) })
    expect(data.errors).toEqual([expect.stringMatching(/^::error::test-data: cannot decode .*circle-00\.png/)])
  })

  it('a model loaded from bytes reports a broken file as before, naming it', async () => {
    const dir = tempDir('truncated-')
    const bytes = readFileSync(path.join(ROOT, inline.inputs.model))
    const model = path.join(dir, 'truncated.onnx')
    writeFileSync(model, bytes.subarray(0, bytes.length - 100))
    const r = await runDist({ ...abs(inline.inputs), model, device: 'cpu' })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([expect.stringMatching(/^::error::model: .*truncated\.onnx is not a valid ONNX model onnxruntime can load \(.+\); export it again/)])
  })
})
