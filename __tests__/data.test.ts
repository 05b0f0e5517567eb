import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkFinite, scansFinite, sumIsFinite } from '../src/data/batch.js'
import { LabelMap, openTestSet, type TestSetOptions } from '../src/data/index.js'
import { DataError } from '../src/errors.js'
import { npy, writeNpz } from './helpers/npy.js'

const dir = mkdtempSync(path.join(tmpdir(), 'data-test-'))
const base: TestSetOptions = { testData: '', labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined }

async function collect(options: Partial<TestSetOptions>, batchSize = 2) {
  const set = await openTestSet({ ...base, ...options })
  // The readers hand labels over as stored; these are what classification makes of them.
  const classes = new LabelMap(options.classNames ?? set.classNames)
  const features: number[] = []
  const labels: number[] = []
  const sizes: number[] = []
  for await (const b of set.batches(batchSize)) {
    features.push(...b.features)
    labels.push(...classes.toIndices(b))
    sizes.push(b.size)
  }
  return { set, features, labels, sizes }
}

function file(name: string, content: string | Uint8Array): string {
  const f = path.join(dir, name)
  writeFileSync(f, content)
  return f
}

const x = Float32Array.from([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5])

describe('npz', () => {
  it('reads stored and deflated archives the same, in batches', async () => {
    const stored = path.join(dir, 'stored.npz')
    const deflated = path.join(dir, 'deflated.npz')
    writeNpz(stored, { x: npy(x, [5, 2]), y: npy(BigInt64Array.from([0n, 1n, 2n, 1n, 0n]), [5]), index: npy(Int32Array.from([9, 8, 7, 6, 5]), [5]) })
    writeNpz(deflated, { images: npy(x, [5, 2]), targets: npy(Int32Array.from([0, 1, 2, 1, 0]), [5]) }, true)
    const a = await collect({ testData: stored })
    const b = await collect({ testData: deflated, inputKey: 'images', labelKey: 'targets' })
    expect(a.features).toEqual([...x])
    expect(a.labels).toEqual([0, 1, 2, 1, 0])
    expect(a.sizes).toEqual([2, 2, 1])
    expect(a.set.sampleShape).toEqual([2])
    expect(b.features).toEqual(a.features)
    expect(b.labels).toEqual(a.labels)
    expect(await a.set.sha256()).toMatch(/^[0-9a-f]{64}$/)
  })

  it('names the arrays it holds when a key is missing', async () => {
    const f = path.join(dir, 'keys.npz')
    writeNpz(f, { data: npy(x, [5, 2]), y: npy(Int32Array.from([0, 1, 2, 1, 0]), [5]) })
    // kept for when no model input is fed by name (a model with several inputs may take 'data')
    const set = await openTestSet({ ...base, testData: f })
    expect(set.unfed?.message).toMatch(/no array 'x' \(input-key\); it holds data, y/)
  })

  it('refuses a label count that differs from the sample count', async () => {
    const f = path.join(dir, 'count.npz')
    writeNpz(f, { x: npy(x, [5, 2]), y: npy(Int32Array.from([0, 1, 2]), [3]) })
    await expect(openTestSet({ ...base, testData: f })).rejects.toThrow(/5 samples but 3 labels/)
  })

  it('refuses NaN and infinite features, naming the sample', async () => {
    const f = path.join(dir, 'nan.npz')
    writeNpz(f, { x: npy(Float32Array.from([0, 1, 2, 3, NaN, 5]), [3, 2]), y: npy(Int32Array.from([0, 1, 0]), [3]) })
    await expect(collect({ testData: f })).rejects.toThrow(/sample 2 has a NaN feature/)
    const g = path.join(dir, 'inf.npz')
    writeNpz(g, { x: npy(Float32Array.from([0, Infinity]), [1, 2]), y: npy(Int32Array.from([0]), [1]) })
    await expect(collect({ testData: g })).rejects.toThrow(/sample 0 has an infinite feature/)
  })

  it('is not fooled by a file that is not a zip', async () => {
    await expect(openTestSet({ ...base, testData: file('junk.npz', 'hello') })).rejects.toThrow(/not a readable .npz/)
  })
})

describe('npy with labels', () => {
  it('streams features by offset and maps label names through class-names', async () => {
    const xs = file('x.npy', npy(Float64Array.from(x), [5, 2]))
    const ys = file('y.npy', npy(['cat', 'dog', 'cat', 'bird', 'dog'], [5]))
    const r = await collect({ testData: xs, labels: ys, classNames: ['bird', 'cat', 'dog'] }, 3)
    expect(r.features).toEqual([...x])
    expect(r.labels).toEqual([1, 2, 1, 0, 2])
    expect(r.sizes).toEqual([3, 2])
  })

  it('asks for labels, and for class-names when labels are names', async () => {
    const xs = file('x2.npy', npy(x, [5, 2]))
    await expect(openTestSet({ ...base, testData: xs })).rejects.toThrow(/'labels' input/)
    const ys = file('y2.npy', npy(['a', 'b', 'a', 'b', 'a'], [5]))
    await expect(collect({ testData: xs, labels: ys })).rejects.toThrow(/label name 'a'; give class-names/)
    await expect(collect({ testData: xs, labels: ys, classNames: ['b', 'c'] })).rejects.toThrow(/'a', which is not in class-names \(b, c\)/)
  })

  it('refuses fractional labels and a truncated file', async () => {
    const xs = file('x3.npy', npy(x, [5, 2]))
    const ys = file('y3.npy', npy(Float32Array.from([0, 1, 1.5, 0, 1]), [5]))
    await expect(collect({ testData: xs, labels: ys })).rejects.toThrow(/y3\.npy row 2 has the label 1\.5, which is not a class index/)
    const cut = file('cut.npy', npy(x, [5, 2]).slice(0, 100))
    await expect(openTestSet({ ...base, testData: cut, labels: file('y4.npy', npy(Int32Array.from([0, 1, 1, 0, 1]), [5])) })).rejects.toThrow(/truncated/)
  })
})

describe('csv', () => {
  const csv = ['id,species,sepal length (cm),petal width (cm)', '7,setosa,5.1,0.2', '8,virginica,6.3,2.5', '9,"versicolor",5.5,1.3', ''].join('\n')

  it('reads named feature columns with spaces and label names', async () => {
    const f = file('iris.csv', csv)
    const r = await collect({ testData: f, labelColumn: 'species', featureColumns: ['sepal length (cm)', 'petal width (cm)'], classNames: ['setosa', 'versicolor', 'virginica'] })
    expect(r.set.sampleShape).toEqual([2])
    expect(r.features).toEqual([5.1, 0.2, 6.3, 2.5, 5.5, 1.3].map(Math.fround))
    expect(r.labels).toEqual([0, 2, 1])
    expect(r.sizes).toEqual([2, 1])
  })

  it('takes every other column as a feature by default', async () => {
    const f = file('plain.csv', 'a,label,b\n1,0,2\n3,1,4\n')
    const r = await collect({ testData: f })
    expect(r.features).toEqual([1, 2, 3, 4])
    expect(r.labels).toEqual([0, 1])
  })

  it('names a missing column and lists the columns', async () => {
    const f = file('iris2.csv', csv)
    await expect(openTestSet({ ...base, testData: f })).rejects.toThrow(/no column 'label' \(label-column\); its columns are: id, species/)
    await expect(openTestSet({ ...base, testData: f, labelColumn: 'species', featureColumns: ['petal length'] })).rejects.toThrow(/no column 'petal length' \(feature-columns\)/)
  })

  it('names the line and column of a value that is not a number', async () => {
    const f = file('bad.csv', 'a,label\n1,0\nx1,1\n')
    await expect(collect({ testData: f })).rejects.toThrow(/line 3, column 'a' holds 'x1'/)
    const g = file('ragged.csv', 'a,label\n1,0\n1,2,3\n')
    await expect(collect({ testData: g })).rejects.toThrow(DataError)
  })

  it('refuses an empty file and a missing one', async () => {
    await expect(openTestSet({ ...base, testData: file('empty.csv', '') })).rejects.toThrow(/is empty/)
    await expect(openTestSet({ ...base, testData: path.join(dir, 'nope.csv') })).rejects.toThrow(/does not exist/)
  })
})

describe('checkFinite', () => {
  it('its two ways (native scans for a run\'s first values, a float64 sum after) accept exactly the all-finite chunks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }), fc.boolean(), fc.array(fc.record({ at: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity) }), { maxLength: 3 }),
        (size, big, bad) => {
          // finite values up to float32's largest too: their float64 sum must still not overflow
          const f = Float32Array.from({ length: size }, (_, i) => (big ? (i % 3 ? -3.4e38 : 3.4e38) : (i % 97) / 7 - 5))
          for (const b of bad) if (size > 0) f[b.at % size] = b.value
          const finite = f.every((v) => Number.isFinite(v))
          expect(scansFinite(f)).toBe(finite)
          expect(sumIsFinite(f)).toBe(finite)
        }
      ),
      { seed: 20261202, numRuns: 300 }
    )
  })

  it('names the first bad sample and position, before and after the switch to the sum', () => {
    // 40 chunks of 2^14 values cross the 2^18 values checked natively
    for (let c = 0; c < 40; c++) {
      const f = new Float32Array(1 << 14).fill(0.5)
      checkFinite(f, 64, c * 256, 'x.npy')
      f[64 * 3 + 5] = c % 2 ? NaN : -Infinity
      f[64 * 7] = NaN
      expect(() => checkFinite(f, 64, c * 256, 'x.npy')).toThrow(`test-data: x.npy: sample ${c * 256 + 3} has ${c % 2 ? 'a NaN' : 'an infinite'} feature (position 5); clean or drop that sample`)
    }
  })
})
