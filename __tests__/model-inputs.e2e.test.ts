/**
 * Models with several inputs, and integer, bool and float16 inputs, through the built dist/: each
 * input fed by name from an .npz (or the inputs mapping), converted once to the model's dtype and
 * refused — one ::error:: naming the model input, what it takes and what the file holds — when an
 * input is missing or extra, or its shape or values do not fit. (The metrics of the fixture models
 * equal scikit-learn's in goldens.e2e.test.ts: digits-u8, wine-two, text-bag.)
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, expectOneError } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'inputs')
const WINE = path.join(FIX, 'wine-two.onnx')
const TEXT = path.join(FIX, 'text-bag.onnx')
const FLAGS = path.join(FIX, 'flags-half.onnx')
const U8 = path.join(FIX, 'digits-u8.onnx')
const dir = tempDir('model-inputs-')


const labels = (n: number) => npy(BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 3)), [n])

/** A wine-two test set of n rows, with arrays replaced or added as given. */
function wine(name: string, n: number, arrays: Record<string, Uint8Array> = {}): string {
  const f = path.join(dir, name)
  const features = Float64Array.from({ length: n * 12 }, (_, i) => Math.sin(i) * 2)
  const bucket = Int32Array.from({ length: n }, (_, i) => i % 4)
  writeNpz(f, { features: npy(features, [n, 12]), bucket: npy(bucket, [n]), y: labels(n), ...arrays })
  return f
}

describe('models with several inputs, fed by name', () => {
  it('feeds each input from the array of its name and says so in metrics.json and report.md', async () => {
    const r = await runDist({ model: WINE, 'test-data': wine('ok.npz', 10), device: 'cpu' })
    expect(r.code).toBe(0)
    const m = r.metrics()
    expect(m.n_samples).toBe(10)
    expect(m.model.inputs).toEqual([
      { name: 'features', source: `${path.join(dir, 'ok.npz')}:features`, dtype: 'float32', data_dtype: 'float64', shape: [10, 12] },
      { name: 'bucket', source: `${path.join(dir, 'ok.npz')}:bucket`, dtype: 'int64', data_dtype: 'int32', shape: [10] }
    ])
    const report = readFileSync(path.join(r.outDir, 'report.md'), 'utf8')
    expect(report).toContain('`bucket` (int64) ← `' + path.join(dir, 'ok.npz') + ':bucket` (int32 [10])')
  })

  it('a model input with no array of its name', async () => {
    const f = path.join(dir, 'nobucket.npz')
    writeNpz(f, { features: npy(new Float32Array(24), [2, 12]), y: labels(2) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'bucket' takes int64 \[N\], but no array in .*nobucket\.npz is named 'bucket' \(it holds features, y\); add the array or map it with inputs: bucket=<array>/)
  })

  it('an inputs mapping naming an array the file does not hold', async () => {
    const f = path.join(FIX, 'text-bag.npz')
    expectOneError(await runDist({ model: TEXT, 'test-data': f, inputs: 'input_ids=tokens, attention_mask=mask' }), /model input 'input_ids' takes int64 \[N, S\], but inputs maps it to 'tokens', which is not in .*text-bag\.npz \(it holds ids, mask, y\)/)
  })

  it('an extra input: the mapping names an input the model does not have', async () => {
    const f = path.join(FIX, 'text-bag.npz')
    expectOneError(await runDist({ model: TEXT, 'test-data': f, inputs: 'input_ids=ids, attention_mask=mask, token_type_ids=mask' }), /inputs: 'token_type_ids' is not an input of the model; its inputs are 'input_ids', 'attention_mask'/)
  })

  it('an axis the model fixes at another size', async () => {
    const f = wine('eleven.npz', 4, { features: npy(new Float32Array(44), [4, 11]) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'features' takes float32 \[N, 12\]; .*eleven\.npz:features holds float32 \[4, 11\]: its axis 1 is 11 where the model fixes 12/)
  })

  it('an array with more axes than the input', async () => {
    const f = wine('rank.npz', 4, { bucket: npy(new Int32Array(8), [4, 2]) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'bucket' takes int64 \[N\]: 1 axes; .*rank\.npz:bucket holds int32 \[4, 2\]: 2 axes/)
  })

  it('an input with another number of rows than the labels', async () => {
    const f = wine('rows.npz', 4, { bucket: npy(new Int32Array(3), [3]) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'bucket' takes int64 \[N\]; .*rows\.npz:bucket holds int32 \[3\]: 3 samples, but .*rows\.npz:y has 4 labels/)
  })

  it('a fraction for an integer input is refused, not truncated', async () => {
    const f = wine('frac.npz', 4, { bucket: npy(Float32Array.from([0, 1, 2.5, 3]), [4]) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'bucket' takes int64; .*frac\.npz:bucket holds float32, and sample 2 has 2\.5, which is not a whole number/)
  })

  it('text for a numeric input', async () => {
    const f = wine('text.npz', 2, { bucket: npy(['a', 'b'], [2]) })
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'bucket' takes int64 \[N\]; .*text\.npz:bucket holds str \(U8\) \[2\]: text, not numbers/)
  })

  it('several inputs need named arrays: a features .npy is refused, saying how', async () => {
    const f = path.join(dir, 'wine-x.npy')
    const y = path.join(dir, 'wine-y.npy')
    writeFileSync(f, npy(new Float32Array(24), [2, 12]))
    writeFileSync(y, labels(2))
    expectOneError(await runDist({ model: WINE, 'test-data': f, labels: y }), /the model has 2 inputs \(features: float32 \[N, 12\], bucket: int64 \[N\]\); inputs are fed by name from an \.npz's arrays, a JSONL's keys or a CSV's columns/)
  })

  it('several inputs from a CSV: columns named like them, else one error saying how to name or map them', async () => {
    const f = path.join(dir, 'wine.csv')
    writeFileSync(f, 'a,b,label\n1,2,0\n')
    expectOneError(await runDist({ model: WINE, 'test-data': f }), /model input 'features' takes float32 \[N, 12\], but .*wine\.csv has no column 'features' and no columns features_0, features_1, …/)
  })

  it('a malformed inputs mapping', async () => {
    expectOneError(await runDist({ model: WINE, 'test-data': wine('m.npz', 2), inputs: 'features' }), /input 'inputs' has 'features': write model-input=array pairs/)
  })
})

describe('input dtypes', () => {
  const n = 4
  const flags = (name: string, f: Uint8Array, half: Uint16Array | Float64Array, halfAs?: string) => {
    const file = path.join(dir, name)
    writeNpz(file, { flags: npy(f, [n, 3], 8, '|b1'), half: npy(half, [n, 3], 8, halfAs), y: labels(n) })
    return file
  }
  const bools = Uint8Array.from({ length: n * 3 }, (_, i) => i % 2)

  it('bool and float16 inputs are fed (float16 bits as saved, float64 rounded to float16)', async () => {
    // 0x3c00 is 1.0 in float16: every row scores flags + 1
    const r1 = await runDist({ model: FLAGS, 'test-data': flags('f16.npz', bools, new Uint16Array(n * 3).fill(0x3c00), '<f2'), device: 'cpu', thresholds: '' })
    expect(r1.code).toBe(0)
    const r2 = await runDist({ model: FLAGS, 'test-data': flags('f64.npz', bools, new Float64Array(n * 3).fill(1), undefined), device: 'cpu' })
    expect(r2.code).toBe(0)
    // the same values by both routes: the same predictions
    expect(r2.metrics().confusion_matrix).toEqual(r1.metrics().confusion_matrix)
    expect(r2.metrics().model.inputs.map((i: { data_dtype: string }) => i.data_dtype)).toEqual(['bool', 'float64'])
  })

  it('a bool input refuses a value that is not 0 or 1', async () => {
    const bad = Uint8Array.from(bools)
    bad[7] = 2
    const f = path.join(dir, 'two.npz')
    writeNpz(f, { flags: npy(bad, [n, 3]), half: npy(new Float32Array(n * 3), [n, 3]), y: labels(n) })
    expectOneError(await runDist({ model: FLAGS, 'test-data': f }), /model input 'flags' takes bool; .*two\.npz:flags holds uint8, and sample 2 has 2, which is not 0 or 1/)
  })

  it('a float16 input refuses a value beyond float16 rather than making it infinite', async () => {
    const half = new Float64Array(n * 3)
    half[4] = 1e5
    expectOneError(await runDist({ model: FLAGS, 'test-data': flags('big.npz', bools, half) }), /model input 'half' takes float16; .*big\.npz:half holds float64, and sample 1 has 100000, which is beyond float16's largest value 65504/)
  })

  it('a uint8 input refuses 300 rather than wrapping it', async () => {
    const px = new Int16Array(2 * 64)
    px[70] = 300
    const f = path.join(dir, 'px.npz')
    writeNpz(f, { pixels: npy(px, [2, 1, 8, 8]), y: labels(2) })
    expectOneError(await runDist({ model: U8, 'test-data': f }), /model input 'pixels' takes uint8; .*px\.npz:pixels holds int16, and sample 1 has 300, which is outside uint8's range 0\.\.255/)
  })

  it('a uint8 input fed from a float .npy has its whole values converted, fractions refused', async () => {
    const good = Float32Array.from({ length: 2 * 64 }, (_, i) => i % 17)
    const x = path.join(dir, 'px.npy')
    const y = path.join(dir, 'py.npy')
    writeFileSync(x, npy(good, [2, 1, 8, 8]))
    writeFileSync(y, labels(2))
    const ok = await runDist({ model: U8, 'test-data': x, labels: y, device: 'cpu' })
    expect(ok.code).toBe(0)
    expect(ok.metrics().model.inputs).toEqual([{ name: 'pixels', source: x, dtype: 'uint8', shape: [2, 1, 8, 8] }])
    good[3] = 0.5
    writeFileSync(x, npy(good, [2, 1, 8, 8]))
    expectOneError(await runDist({ model: U8, 'test-data': x, labels: y }), /model input 'pixels' takes uint8, and sample 0 has 0\.5, which is not a whole number/)
  })
})

describe('several inputs from JSONL keys', () => {
  const n = 6
  const records = (edit: (r: Record<string, unknown>, i: number) => void = () => {}) => {
    const f = path.join(dir, `wine-${Math.random().toString(36).slice(2)}.jsonl`)
    const lines = Array.from({ length: n }, (_, i) => {
      const r: Record<string, unknown> = { features: Array.from({ length: 12 }, (_, j) => Math.sin(i * 12 + j) * 2), bucket: i % 4, label: i % 3 }
      edit(r, i)
      return JSON.stringify(r)
    })
    writeFileSync(f, lines.join('\n') + '\n')
    return f
  }

  it('feeds each input from the key of its name, with the same numbers as the .npz', async () => {
    const j = records()
    const features = Float64Array.from({ length: n * 12 }, (_, i) => Math.sin(i) * 2)
    const npzFile = path.join(dir, 'same.npz')
    writeNpz(npzFile, { features: npy(features, [n, 12]), bucket: npy(Int32Array.from({ length: n }, (_, i) => i % 4), [n]), y: labels(n) })
    const [a, b] = [await runDist({ model: WINE, 'test-data': j, device: 'cpu' }), await runDist({ model: WINE, 'test-data': npzFile, device: 'cpu' })]
    expect([a.code, b.code]).toEqual([0, 0])
    expect(a.metrics().loss).toBe(b.metrics().loss)
    expect(a.metrics().model.inputs.map((i: { source: string }) => i.source)).toEqual([`${j}:features`, `${j}:bucket`])
  })

  it('a record whose key has another shape', async () => {
    const j = records((r, i) => {
      if (i === 4) r.features = [1, 2]
    })
    // the key named features is also the single-input layout's array, whose reader says it first
    expectOneError(await runDist({ model: WINE, 'test-data': j }), /line 5 has 2 values under 'features', the first record 12 \(shape \[12\]\); every record needs the same shape/)
    const k = records((r, i) => {
      r.num = r.features
      delete r.features
      if (i === 4) r.num = [1, 2]
    })
    expectOneError(await runDist({ model: WINE, 'test-data': k, inputs: 'features=num' }), /model input 'features': .* line 5, 'num' is not 12 number\(s\) in the first record's shape/)
  })

  it('a fraction under an integer input key', async () => {
    const j = records((r, i) => {
      if (i === 2) r.bucket = 1.5
    })
    expectOneError(await runDist({ model: WINE, 'test-data': j }), /model input 'bucket' takes int64; .* line 3, 'bucket' has 1\.5, which is not a whole number/)
  })

  it('a model input with no key of its name', async () => {
    const j = records((r) => {
      delete r.bucket
    })
    expectOneError(await runDist({ model: WINE, 'test-data': j }), /model input 'bucket' takes int64 \[N\], but the records of .* have no key 'bucket' \(the first has features, label\)/)
  })
})
