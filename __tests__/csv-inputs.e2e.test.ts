/**
 * A CSV feeding a model with several inputs, through the built dist/: column groups in the inputs
 * mapping (names, ranges, prefixes) or the default (a column named like the input, else
 * <input>_0, <input>_1, …), each input converted once to its dtype; one ::error:: per mismatch.
 * (wine-two-csv and wine-two-numbered against scikit-learn are in goldens.e2e.test.ts.)
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, tempDir, type DistRun, expectRefused } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'inputs')
const WINE = path.join(FIX, 'wine-two.onnx')
const NAMED = path.join(FIX, 'wine-two.csv')
const NUMBERED = path.join(FIX, 'wine-two-numbered.csv')
const NPZ = path.join(FIX, 'wine-two.npz')
const dir = tempDir('csv-inputs-')


/** metrics.json without what names the files or times the run. */
function numbers(r: DistRun): Record<string, unknown> {
  const { data, model, runtime, provenance, ...rest } = r.metrics()
  void [data, model, runtime, provenance]
  return rest
}

/** wine-two.csv with its text edited. */
function edited(name: string, edit: (text: string) => string): string {
  const f = path.join(dir, name)
  writeFileSync(f, edit(readFileSync(NAMED, 'utf8')))
  return f
}

describe('a CSV feeds several inputs', () => {
  it('by a column range, and by <input>_<i> columns, with the numbers of the .npz run exactly', async () => {
    const [csv, numbered, npz] = await Promise.all([
      runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..od280', device: 'cpu' }),
      runDist({ model: WINE, 'test-data': NUMBERED, device: 'cpu' }),
      runDist({ model: WINE, 'test-data': NPZ, device: 'cpu' })
    ])
    expect([csv.code, numbered.code, npz.code]).toEqual([0, 0, 0])
    expect(numbers(csv)).toEqual(numbers(npz))
    expect(numbers(numbered)).toEqual(numbers(npz))
    expect(csv.metrics().model.inputs).toEqual([
      { name: 'features', source: `${NAMED}:alcohol..od280`, dtype: 'float32', data_dtype: 'CSV numbers', shape: ['N', 12] },
      { name: 'bucket', source: `${NAMED}:bucket`, dtype: 'int64', data_dtype: 'CSV numbers', shape: ['N'] }
    ])
    expect(numbered.metrics().model.inputs[0].source).toBe(`${NUMBERED}:features_0..features_11`)
    expect(csv.metrics().provenance.preprocessing.inputs).toEqual({ features: 'alcohol..od280' })
  })

  it('by a list of names and a prefix, the same numbers as the range', async () => {
    const cols = 'alcohol malic_acid ash alcalinity magnesium phenols flavanoids nonflavanoid proanthocyanins color hue od280'
    const prefixed = edited('prefixed.csv', (t) => t.replace(/^[^\n]+/, (h) => h.split(',').map((c, i) => (i < 12 ? `f_${c}` : c)).join(',')))
    const [list, prefix, range] = await Promise.all([
      runDist({ model: WINE, 'test-data': NAMED, inputs: `features=${cols}`, device: 'cpu' }),
      runDist({ model: WINE, 'test-data': prefixed, inputs: 'features=f_*', device: 'cpu' }),
      runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..od280, bucket=bucket', device: 'cpu' })
    ])
    expect([list.code, prefix.code, range.code]).toEqual([0, 0, 0])
    expect(numbers(list)).toEqual(numbers(range))
    expect(numbers(prefix)).toEqual(numbers(range))
  })

  it('a column the mapping names is missing', async () => {
    expectRefused(
      await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..proline' }),
      /model input 'features' takes float32 \[N, 12\], but inputs maps it to 'alcohol\.\.proline', and .*wine-two\.csv has no column 'proline' \(its columns are: alcohol, malic_acid/
    )
  })

  it('no mapping and no column named like the input', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED }), /model input 'features' takes float32 \[N, 12\], but .*wine-two\.csv has no column 'features' and no columns features_0, features_1, … .*map it with inputs: features=<columns>/)
  })

  it('a column fed to two inputs', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=malic_acid..od280 bucket' }), /column 'bucket' of .*wine-two\.csv would feed both model input 'features' and 'bucket'/)
  })

  it('a model input the model does not have', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..od280, colour=color' }), /inputs: 'colour' is not an input of the model; its inputs are 'features', 'bucket'/)
  })

  it('the label column as a feature', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=malic_acid..od280 label' }), /model input 'features' takes float32 \[N, 12\], but inputs maps it to 'malic_acid\.\.od280 label', which takes the label column 'label' \(label-column\)/)
  })

  it("as many columns as the model's fixed dims hold, no more or fewer", async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..hue' }), /model input 'features' takes float32 \[N, 12\]: 12 values a sample; .*wine-two\.csv gives it 11 columns \(alcohol, .*\); map it to 12 columns/)
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..od280, bucket=hue od280' }), /column 'hue' of .* would feed both/)
  })

  it('a gap in the <input>_<i> columns', async () => {
    const f = path.join(dir, 'gap.csv')
    writeFileSync(f, readFileSync(NUMBERED, 'utf8').replace('features_7', 'features_x'))
    expectRefused(await runDist({ model: WINE, 'test-data': f }), /model input 'features' takes float32 \[N, 12\], but .*gap\.csv has columns up to features_11 but no 'features_7'; number them from 0 without gaps/)
  })

  it('a fraction in an integer input column, named by column and line', async () => {
    const f = edited('frac.csv', (t) => t.split('\n').map((l, i) => (i === 3 ? l.replace(/,(\d),(\d)$/, ',$1.5,$2') : l)).join('\n'))
    expectRefused(await runDist({ model: WINE, 'test-data': f, inputs: 'features=alcohol..od280' }), /model input 'bucket' takes int64; .*frac\.csv line 4, column 'bucket' has \d\.5, which is not a whole number/)
  })

  it('text in a feature column, and a NaN, named by column and line', async () => {
    const text = edited('text.csv', (t) => t.split('\n').map((l, i) => (i === 2 ? l.replace(/^[^,]+/, 'high') : l)).join('\n'))
    expectRefused(await runDist({ model: WINE, 'test-data': text, inputs: 'features=alcohol..od280' }), /test-data: .*text\.csv line 3, column 'alcohol' holds 'high', not a number; model input 'features' is fed from it/)
    const nan = edited('nan.csv', (t) => t.split('\n').map((l, i) => (i === 5 ? l.replace(/^([^,]+),[^,]+/, '$1,nan') : l)).join('\n'))
    expectRefused(await runDist({ model: WINE, 'test-data': nan, inputs: 'features=alcohol..od280' }), /model input 'features' takes float32; .*nan\.csv line 6, column 'malic_acid' has NaN, which is NaN; clean or drop that sample/)
  })

  it('an int64 column reads whole numbers as written: one beyond int64 is refused, not rounded into range', async () => {
    const f = edited('big.csv', (t) => t.split('\n').map((l, i) => (i === 1 ? l.replace(/,(\d),(\d)$/, ',9223372036854775808,$2') : l)).join('\n'))
    expectRefused(await runDist({ model: WINE, 'test-data': f, inputs: 'features=alcohol..od280' }), /model input 'bucket' takes int64; .*big\.csv line 2, column 'bucket' has 9223372036854775808, which is outside int64's range/)
  })

  it('a column group is refused for an .npz, saying it is for CSVs', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NPZ, inputs: 'features=a..b' }), /inputs: 'features=a\.\.b' is a group of columns, which only a CSV test set has; .*wine-two\.npz feeds each model input from one array/)
  })

  it('feature-columns with a model fed by name: refused, pointing at inputs', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, 'feature-columns': 'alcohol,ash' }), /input 'feature-columns' is set, but the model's inputs \(features, bucket\) are fed from .*wine-two\.csv by name; give each input its columns with inputs/)
  })

  it('a malformed group', async () => {
    expectRefused(await runDist({ model: WINE, 'test-data': NAMED, inputs: 'features=alcohol..' }), /input 'inputs' has 'alcohol\.\.': a range '\.\.' needs a column name on each side/)
  })
})
