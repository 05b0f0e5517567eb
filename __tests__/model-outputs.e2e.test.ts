/**
 * Output dtypes and shapes through the built dist/: a float16 head (onnxruntime-node returns its
 * bit patterns) and a float64 one are scored as numbers, equal to scikit-learn on the outputs as
 * onnxruntime returns them (fixtures/classify/make_cast_models.py; goldens.e2e.test.ts runs every
 * golden), and an output with no class columns is refused naming output-name.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, expectRefused } from './helpers/run-dist.js'

const CLASSIFY = path.join(ROOT, 'fixtures', 'classify')
const golden = (name: string) => JSON.parse(readFileSync(path.join(CLASSIFY, 'goldens', `${name}.json`), 'utf8'))
const dir = tempDir('outputs-e2e-')


describe('float16 and float64 model outputs', () => {
  it('float16 logits are decoded: the numbers are the float32 model’s within float16 rounding, and scikit-learn’s on the float16 outputs', async () => {
    const f32 = golden('digits-cnn')
    const f16 = golden('digits-cnn-f16')
    const r = await runDist({ ...f16.inputs, device: 'cpu' })
    if (r.code !== 0) throw new Error(r.stdout + r.stderr)
    const m = r.metrics()
    expect(m.model.output).toBe('logits_cast')
    expect(Math.abs(m.accuracy - f16.accuracy)).toBeLessThanOrEqual(1e-9)
    expect(Math.abs(m.loss - f16.loss)).toBeLessThanOrEqual(1e-6 * f16.loss)
    expect(m.confusion_matrix).toEqual(f16.confusion_matrix)
    // read as raw bit patterns the scores would be ~15000-20000 and the loss absurd; decoded, the
    // float16 run sits within float16's relative rounding (2^-11) of the float32 model
    expect(m.accuracy).toBeCloseTo(f32.accuracy, 9)
    expect(Math.abs(m.loss - f32.loss)).toBeLessThanOrEqual(2 ** -11 * f32.loss)
    expect(m.loss).not.toBe(f32.loss) // the rounding is real: this is not the float32 model
  })

  it('float64 logits give the float32 model’s numbers', async () => {
    const f64 = golden('digits-cnn-f64')
    const m = (await runDist({ ...f64.inputs, device: 'cpu' })).metrics()
    expect(Math.abs(m.accuracy - f64.accuracy)).toBeLessThanOrEqual(1e-9)
    expect(Math.abs(m.loss - golden('digits-cnn').loss)).toBeLessThanOrEqual(1e-6 * f64.loss)
  })

  it('a float16 output that overflows to infinity is refused, not scored as the bit pattern 31744', async () => {
    const f = path.join(dir, 'huge.npz')
    writeNpz(f, { x: npy(new Float32Array(2 * 64).fill(1e6), [2, 1, 8, 8]), y: npy(BigInt64Array.from([1n, 2n]), [2]) })
    expectRefused(await runDist({ model: path.join(CLASSIFY, 'digits-cnn-f16.onnx'), 'test-data': f, device: 'cpu' }), /model output 'logits_cast' is infinite for sample 0/)
  })
})

describe('an output with no class columns', () => {
  it('[N, 0] is refused naming output-name, not a metrics internal', async () => {
    const f = path.join(dir, 'three.csv')
    writeFileSync(f, 'a,b,c,label\n1,2,3,0\n4,5,6,1\n')
    const r = await runDist({ model: path.join(ROOT, 'fixtures', 'edge', 'empty-output.onnx'), 'test-data': f, device: 'cpu' })
    expectRefused(r, /^::error::output 'logits' is float32 \[2, 0\]: it has no class columns to score; choose the output that holds the class scores with output-name/)
    expect(r.stdout).not.toMatch(/numClasses/)
  })
})
