/**
 * Bad input, run through the built dist/ as GitHub would: one ::error:: line that names the input
 * and what to do, exit code 1, no stack trace.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, expectOneError } from './helpers/run-dist.js'

// the fixture CNN on 8x8 digits (dynamic batch, logits): no data from outside the repository needed
const DIGITS = path.join(ROOT, 'fixtures', 'classify', 'digits-cnn.onnx')
const DIGITS_DATA = path.join(ROOT, 'fixtures', 'classify', 'digits-test.npz')
const EDGE = path.join(ROOT, 'fixtures', 'edge')
const dir = tempDir('errors-e2e-')

function npz(name: string, x: Float32Array, shape: number[], y: BigInt64Array | Int32Array): string {
  const f = path.join(dir, name)
  writeNpz(f, { x: npy(x, shape), y: npy(y, [y.length]) })
  return f
}


const digitsPixels = (n: number) => new Float32Array(n * 64).fill(0.5)

describe('bad input fails with one clear ::error:: line', () => {
  it('a missing model file', async () => {
    expectOneError(await runDist({ model: path.join(dir, 'nope.onnx'), 'test-data': DIGITS_DATA }), /model: cannot read .*nope\.onnx \(no such file\); check the path/)
  })

  it('a corrupt model', async () => {
    const bad = path.join(dir, 'corrupt.onnx')
    writeFileSync(bad, Buffer.from('this is not protobuf at all'.repeat(20)))
    expectOneError(await runDist({ model: bad, 'test-data': DIGITS_DATA, device: 'cpu' }), /model: .*corrupt\.onnx is not a valid ONNX model/)
  })

  it('a missing test set', async () => {
    expectOneError(await runDist({ model: DIGITS, 'test-data': path.join(dir, 'nope.npz') }), /test-data: .*nope\.npz does not exist/)
  })

  it('a feature count the model does not take', async () => {
    const f = npz('short.npz', new Float32Array(2 * 63), [2, 63], BigInt64Array.from([1n, 2n]))
    expectOneError(await runDist({ model: DIGITS, 'test-data': f }), /test-data has 63 values per sample .* takes 64/)
  })

  it('a fraction for an integer model input (never truncated)', async () => {
    const f = npz('three.npz', Float32Array.from([0, 1, 2, 0.5, 1, 2]), [2, 3], BigInt64Array.from([0n, 1n]))
    expectOneError(await runDist({ model: path.join(EDGE, 'int-input.onnx'), 'test-data': f }), /model input 'ids' takes int64; .*three\.npz:x holds float32, and sample 1 has 0\.5, which is not a whole number/)
  })

  it('a label count that differs from the sample count', async () => {
    const f = npz('count.npz', digitsPixels(3), [3, 1, 8, 8], BigInt64Array.from([1n, 2n]))
    expectOneError(await runDist({ model: DIGITS, 'test-data': f }), /3 samples but 2 labels/)
  })

  it('a label outside the classes', async () => {
    const f = npz('label.npz', digitsPixels(2), [2, 1, 8, 8], BigInt64Array.from([1n, 12n]))
    expectOneError(await runDist({ model: DIGITS, 'test-data': f }), /sample 1 has label 12, outside the model's 10 classes/)
  })

  it('NaN in the features', async () => {
    const x = digitsPixels(2)
    x[100] = NaN
    const f = npz('nan.npz', x, [2, 1, 8, 8], BigInt64Array.from([1n, 2n]))
    expectOneError(await runDist({ model: DIGITS, 'test-data': f }), /sample 1 has a NaN feature/)
  })

  it('NaN in the model output', async () => {
    const f = npz('neg.npz', Float32Array.from([1, 2, 3, 1, -2, 3]), [2, 3], BigInt64Array.from([0n, 1n]))
    expectOneError(await runDist({ model: path.join(EDGE, 'nan-output.onnx'), 'test-data': f }), /model output 'logits' is NaN for sample 1/)
  })

  it('an empty test set', async () => {
    const f = npz('empty.npz', new Float32Array(0), [0, 1, 8, 8], new BigInt64Array(0))
    expectOneError(await runDist({ model: DIGITS, 'test-data': f }), /holds no samples/)
  })

  it('a malformed threshold, and an unknown one', async () => {
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'accuracy: "=> 0.9"' }), /'accuracy' has the malformed condition "=> 0.9"/)
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'acc: 0.9' }), /unknown metric 'acc'; allowed metrics: accuracy/)
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: path.join(dir, 'nope.yml') }), /input 'thresholds': cannot read .*nope\.yml \(no such file\)/)
  })

  it('an input value out of range', async () => {
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'batch-size': '0' }), /input 'batch-size' is '0': use a whole number of at least 1/)
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, device: 'gpu' }), /input 'device' is 'gpu': use auto, cpu, cuda or cuda:<id>/)
  })

  it('explicit CUDA where there is no GPU (auto falls back to CPU); more in cuda.e2e.test.ts', async () => {
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, device: 'cuda:0' }), /device 'cuda:0' cannot use CUDA: no NVIDIA GPU/)
    // with a baseline two models load: the CPU line is said once, as information, not as a warning
    const auto = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, baseline: DIGITS })
    expect(auto.code).toBe(0)
    expect(auto.stdout.match(/device auto: running on CPU: no NVIDIA GPU here/g)).toHaveLength(1)
    expect(auto.stdout).not.toMatch(/::warning::.*(CUDA|CPU)/)
    expect(auto.metrics().runtime).toMatchObject({ device: 'cpu', provider: 'cpu' })
  })

  it('a platform whose onnxruntime binding dist/ does not ship', async () => {
    const bare = tempDir('no-binding-')
    const dist = path.join(ROOT, 'dist')
    // dist/ without this platform's bin/ folder: what a macOS or Windows runner would see
    const ours = path.join(dist, 'bin', 'napi-v6', process.platform, process.arch)
    cpSync(dist, path.join(bare, 'dist'), { recursive: true, filter: (f) => !f.startsWith(ours) })
    const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA }, { script: path.join(bare, 'dist', 'index.js'), cwd: bare })
    expectOneError(r, new RegExp(`device: this build of model-gate has no onnxruntime binding for ${process.platform}/${process.arch}.*run the job on a Linux runner`))
  })

  it('an output-dir that cannot be written: under a file, or where a report file is a folder', async () => {
    const file = path.join(dir, 'a-file')
    writeFileSync(file, 'x')
    expectOneError(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'output-dir': path.join(file, 'reports') }), /output-dir: cannot write reports to .*a-file\/reports .*; choose a writable folder/)
    // the report files are written side by side: one failing write is still the one error
    const out = tempDir('out-')
    mkdirSync(path.join(out, 'report.md'))
    const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'output-dir': out })
    expectOneError(r, /output-dir: cannot write reports to .*EISDIR.*; choose a writable folder/)
    expect(r.outputs.promoted ?? 'false').toBe('false')
  })
})


describe('the gate', () => {
  it('fails the step after writing outputs and reports', async () => {
    const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'accuracy: ">= 0.99"\nloss: 0.6' })
    expectOneError(r, /gate failed: accuracy = 0\.8511, needs >= 0\.99$/)
    expect(r.outputs.passed).toBe('false')
    expect(r.outputs.accuracy).toBe(String(r.metrics().accuracy))
    expect(r.metrics().gate.checks).toEqual([
      { metric: 'accuracy', op: '>=', threshold: 0.99, value: r.metrics().accuracy, passed: false },
      { metric: 'loss', op: '<=', threshold: 0.6, value: r.metrics().loss, passed: true }
    ])
    expect(r.summary).toMatch(/model-gate: ❌ failed/)
  })

  it('only warns with fail-on-gate: false', async () => {
    const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: '{"accuracy": 0.99}', 'fail-on-gate': 'false' })
    expect(r.code).toBe(0)
    expect(r.errors).toHaveLength(0)
    expect(r.stdout).toMatch(/::warning::model-gate: gate failed/)
    expect(r.outputs.passed).toBe('false')
  })
})
