import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FakeRuntime, linearModel, type FakeModel } from '../__fixtures__/fake-runtime.js'
import { openTestSet } from '../src/data/index.js'
import type { EvaluateOptions } from '../src/engine.js'
import { evaluate } from '../src/tasks/classification/evaluate.js'
import { silentLogger } from '../src/log.js'
import { finalizeClassification, initClassification, updateClassification } from '../src/metrics/classification.js'
import { npy, writeNpz } from './helpers/npy.js'

const dir = mkdtempSync(path.join(tmpdir(), 'engine-test-'))
const modelFile = path.join(dir, 'model.onnx')
writeFileSync(modelFile, 'not read by the fake runtime, only hashed')

const options: EvaluateOptions = { device: { kind: 'auto' }, inputName: undefined, outputName: undefined, outputKind: 'auto', batchSize: 4, classNames: undefined }

/** 10 samples of 2 features; labels 0/1/2 by a rule the linear model mostly gets right. */
function dataset(name: string, n = 10, classes = 3): string {
  const x = new Float32Array(n * 2)
  const y = new BigInt64Array(n)
  for (let i = 0; i < n; i++) {
    x[2 * i] = Math.cos(i)
    x[2 * i + 1] = Math.sin(i)
    y[i] = BigInt(i % classes)
  }
  const file = path.join(dir, name)
  writeNpz(file, { x: npy(x, [n, 2]), y: npy(y, [n]) })
  return file
}

const W = [[1, 0], [0, 1], [-1, -1]]

async function run(model: FakeModel, opts: Partial<EvaluateOptions> = {}, n = 10, classes = 3) {
  const runtime = new FakeRuntime(model)
  const testSet = await openTestSet({ testData: dataset(`d${n}-${classes}.npz`, n, classes), labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined })
  const result = await evaluate(modelFile, 'model.onnx', testSet, { ...options, ...opts }, runtime, silentLogger)
  return { result, runtime }
}

/** The metrics the accumulator gives on the rows the model scores, computed directly. */
function direct(n: number, score: (x: number[]) => number[]) {
  const state = initClassification(3, 'logits')
  const rows: number[] = []
  const labels: number[] = []
  for (let i = 0; i < n; i++) {
    rows.push(...score([Math.fround(Math.cos(i)), Math.fround(Math.sin(i))]).map(Math.fround))
    labels.push(i % 3)
  }
  updateClassification(state, { scores: Float64Array.from(rows), labels: Int32Array.from(labels), size: n, offset: 0 })
  return finalizeClassification(state)
}

describe('evaluate with a fake runtime', () => {
  it('batches a dynamic batch axis by batch-size and releases the session', async () => {
    const { result, runtime } = await run(linearModel(W, ['N', 2]))
    expect(runtime.sessions[0]!.calls.map((c) => c.dims)).toEqual([[4, 2], [4, 2], [2, 2]])
    expect(runtime.sessions[0]!.released).toBe(true)
    expect(result.metrics).toEqual(direct(10, (x) => W.map((w) => w[0]! * x[0]! + w[1]! * x[1]!)))
    expect(result.model).toMatchObject({ input: 'x', output: 'logits', output_kind: 'logits' })
    expect(result.runtime.batch_size).toBe(4)
    // class indices kept in a byte each when the classes fit (issue 14); the values as before
    expect(result.samples.labels).toEqual(Uint8Array.from({ length: 10 }, (_, i) => i % 3))
  })

  it('feeds a fixed batch of 1 one sample at a time and a fixed batch of 4 padded', async () => {
    const one = await run(linearModel(W, [1, 2]), { batchSize: 64 })
    expect(one.runtime.sessions[0]!.calls).toHaveLength(10)
    expect(one.result.runtime.batch_size).toBe(1)
    const four = await run(linearModel(W, [4, 2]), { batchSize: 64 })
    expect(four.runtime.sessions[0]!.calls.map((c) => c.dims[0])).toEqual([4, 4, 4])
    expect(four.result.metrics).toEqual(one.result.metrics)
    expect(four.result.metrics.n_samples).toBe(10)
  })

  it('reshapes flat samples to the model input when the counts agree, and refuses when not', async () => {
    const { runtime } = await run(linearModel(W, ['N', 1, 2]))
    expect(runtime.sessions[0]!.calls[0]!.dims).toEqual([4, 1, 2])
    await expect(run(linearModel(W, ['N', 3]))).rejects.toThrow(/2 values per sample .* takes 3/)
  })

  it('picks the first floating rank-2 output, skipping an int64 label output', async () => {
    const model: FakeModel = {
      inputs: [{ name: 'x', type: 'float32', shape: ['N', 2] }],
      outputs: [{ name: 'label', type: 'int64', shape: ['N'] }, { name: 'scores', type: 'float32', shape: ['N', 3] }],
      score: (x) => ({ label: { type: 'int64', values: [0] }, scores: { type: 'float32', values: W.map((w) => w[0]! * x[0]! + w[1]! * x[1]!) } })
    }
    const { result, runtime } = await run(model)
    expect(result.model.output).toBe('scores')
    expect(runtime.sessions[0]!.calls[1]!.outputs).toEqual(['scores'])
  })

  it('detects probabilities and turns one sigmoid column into two classes', async () => {
    const sigmoid: FakeModel = {
      inputs: [{ name: 'x', type: 'float32', shape: ['N', 2] }],
      outputs: [{ name: 'p', type: 'float32', shape: ['N', 1] }],
      score: (x) => ({ p: { type: 'float32', values: [1 / (1 + Math.exp(-3 * x[0]!))] } })
    }
    const { result } = await run(sigmoid, {}, 10, 2)
    expect(result.model.output_kind).toBe('probabilities')
    expect(result.metrics.classes).toEqual(['0', '1'])
  })

  it('refuses NaN model output, naming the sample', async () => {
    const nan: FakeModel = { ...linearModel(W, ['N', 2]), score: (x) => ({ logits: { type: 'float32', values: [x[0]! > 0.9 ? NaN : 0, 0, 0] } }) }
    await expect(run(nan)).rejects.toThrow(/NaN for sample 0/)
  })

  it('refuses probabilities that stop summing to 1 after the first batch', async () => {
    const drifting: FakeModel = {
      ...linearModel(W, ['N', 2]),
      score: (x) => ({ logits: { type: 'float32', values: Math.abs(x[1]!) > 0.95 ? [2, 0, 0] : [0.2, 0.3, 0.5] } })
    }
    // |sin(i)| first exceeds 0.95 at i = 5, in the second batch of 4
    await expect(run(drifting)).rejects.toThrow(/sample 5 .* set output-kind: logits/)
  })

  it('refuses a model input that is not floating point', async () => {
    const ints: FakeModel = { ...linearModel(W, ['N', 2]), inputs: [{ name: 'ids', type: 'int64', shape: ['N', 2] }] }
    await expect(run(ints)).rejects.toThrow(/takes int64/)
  })

  it('names the array a model input lacks when the model has several inputs', async () => {
    const two: FakeModel = { ...linearModel(W, ['N', 2]), inputs: [{ name: 'a', type: 'float32', shape: ['N', 2] }, { name: 'b', type: 'float32', shape: ['N', 2] }] }
    await expect(run(two)).rejects.toThrow(/model input 'a' takes float32 \[N, 2\], but no array in .* is named 'a' \(it holds x, y\); add the array or map it with inputs: a=<array>/)
    await expect(run(two, { inputName: 'c' })).rejects.toThrow(/input-name 'c' is not an input/)
  })
})
