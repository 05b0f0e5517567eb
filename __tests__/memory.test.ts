/**
 * Per-sample state (issue 14: peak RSS flat in the sample count): what the accumulators keep for
 * every sample is typed and sized as documented, and the compact forms give back the same numbers,
 * bit for bit, as keeping every float64 probability did. Memory itself is measured by
 * `npm run bench -- rss`, never asserted here.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { ScoreKind } from '../src/metrics/classification.js'
import { binaryRocAuc, averagePrecision, finalizeProbability, initProbability, toProbabilities, updateProbability } from '../src/metrics/probability.js'
import { finalizeSamples, initSamples, updateSamples } from '../src/metrics/samples.js'
import { decodeLabelColumn, labelsAt } from '../src/data/npy.js'

/** ROC-AUC and AP the plain way: every float64 probability row kept, one column copied per class. */
function reference(rows: Float64Array, labels: Int32Array, k: number, kind: ScoreKind): { roc: number | null; ap: number | null } {
  const n = labels.length
  const probs = new Float64Array(n * k)
  const row = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    toProbabilities(rows, i * k, k, kind, row)
    probs.set(row, i * k)
  }
  const col = (c: number) => Float64Array.from({ length: n }, (_, i) => probs[i * k + c]!)
  if (k === 2) {
    const truth = Uint8Array.from(labels, (y) => (y === 1 ? 1 : 0))
    return { roc: binaryRocAuc(truth, col(1)), ap: averagePrecision(truth, col(1)) }
  }
  let sum = 0
  for (let c = 0; c < k && sum === sum; c++) {
    const auc = binaryRocAuc(Uint8Array.from(labels, (y) => (y === c ? 1 : 0)), col(c))
    sum = auc === null ? NaN : sum + auc
  }
  return { roc: Number.isNaN(sum) ? null : sum / k, ap: null }
}

/** Scores in steps coarse enough for ties, float32 unless `wide` puts one float64 value in a later batch. */
const cases = fc.record({
  k: fc.integer({ min: 2, max: 6 }),
  n: fc.integer({ min: 2, max: 60 }),
  kind: fc.constantFrom<ScoreKind>('logits', 'probabilities'),
  batch: fc.integer({ min: 1, max: 17 }),
  capacity: fc.integer({ min: 1, max: 8 }),
  wide: fc.boolean(),
  seed: fc.integer()
})

function make(c: { k: number; n: number; kind: ScoreKind; wide: boolean; seed: number }): { scores: Float64Array; labels: Int32Array } {
  let x = c.seed | 1
  const next = () => ((x = (x * 1103515245 + 12345) | 0) >>> 8) / (1 << 24)
  const scores = new Float64Array(c.n * c.k)
  for (let i = 0; i < c.n; i++) {
    let s = 0
    for (let j = 0; j < c.k; j++) s += scores[i * c.k + j] = c.kind === 'logits' ? Math.fround(Math.round(next() * 8) / 4 - 1) : Math.fround(Math.round(next() * 4) + 0.5)
    if (c.kind === 'probabilities') for (let j = 0; j < c.k; j++) scores[i * c.k + j] = Math.fround(scores[i * c.k + j]! / s)
  }
  if (c.wide) scores[c.n * c.k - 1] = scores[c.n * c.k - 1]! + 1e-10 // not a float32 value
  const labels = Int32Array.from({ length: c.n }, (_, i) => (i < c.k ? i : Math.floor(next() * c.k)))
  return { scores, labels }
}

describe('compact per-sample state', () => {
  it('ROC-AUC and AP from the stored float32 scores equal keeping every float64 probability (fast-check)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { scores, labels } = make(c)
        const s = initProbability(c.k, c.kind, c.capacity)
        for (let at = 0; at < c.n; at += c.batch) {
          const size = Math.min(c.batch, c.n - at)
          updateProbability(s, { scores: scores.subarray(at * c.k, (at + size) * c.k), labels: labels.subarray(at, at + size), size, offset: at })
        }
        const m = finalizeProbability(s)
        const r = reference(scores, labels, c.k, c.kind)
        expect(Object.is(m.roc_auc, r.roc)).toBe(true)
        expect(Object.is(m.average_precision, r.ap)).toBe(true)
        // what was kept: float64 for binary's positive column, else the scores (float32 unless a value is not one)
        const stored = s.stored!
        if (c.k === 2) expect(stored.values).toBeInstanceOf(Float64Array)
        else expect(stored.values).toBeInstanceOf(c.wide ? Float64Array : Float32Array)
        expect(stored.sums === undefined).toBe(c.k === 2 || c.kind === 'probabilities')
        expect(stored.labels).toBeInstanceOf(Uint8Array)
      }),
      { seed: 14, numRuns: 300 }
    )
  })

  it('sizes: 4·k + 8 B a sample for float32 logits, 8 for binary, exact when the test set size is known', () => {
    const n = 1000
    const logits = initProbability(10, 'logits', n)
    expect(logits.stored!.values).toBeInstanceOf(Float32Array)
    expect(logits.stored!.values.byteLength + logits.stored!.sums!.byteLength + logits.stored!.labels.byteLength).toBe(n * (4 * 10 + 8 + 1))
    const binary = initProbability(2, 'logits', n)
    expect(binary.stored!.values.byteLength + binary.stored!.labels.byteLength).toBe(n * (8 + 1))
    expect(binary.stored!.sums).toBeUndefined()
  })

  it('class indices take a byte up to 256 classes, two up to 65,536, four beyond', () => {
    for (const [k, Type] of [[10, Uint8Array], [256, Uint8Array], [257, Uint16Array], [70000, Int32Array]] as const) {
      const s = initSamples(4, k)
      expect(s.labels).toBeInstanceOf(Type)
      expect(s.predicted).toBeInstanceOf(Type)
      expect(initProbability(k, 'logits', 4).stored?.labels ?? new Type(0)).toBeInstanceOf(Type)
    }
    // a 300-class sample keeps its label exactly (no wrap at 256)
    const scores = new Float64Array(300)
    scores[299] = 1
    const f = finalizeSamples(updateSamples(initSamples(1, 300), scores, Int32Array.of(299), 1, 300, 'logits'))
    expect([f.labels[0], f.predicted[0]]).toEqual([299, 299])
  })

  it('a labels .npy stays its typed array; batches get the same values (int64 within ±2^53 as numbers, beyond as bigints)', () => {
    const y = BigInt64Array.of(3n, 2n ** 63n - 1n, -5n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, -(2n ** 53n) - 1n, 2n ** 32n + 7n)
    const column = decodeLabelColumn(new Uint8Array(y.buffer), 'i8', y.length)
    // one value beyond int32: the column stays as written
    expect(column).toBeInstanceOf(BigInt64Array)
    // within ±2^53 the same values as numbers (exact), beyond as the bigints written
    expect(labelsAt(column, 1, y.length)).toEqual([2n ** 63n - 1n, -5, 2n ** 53n, -(2 ** 53), 2 ** 53 - 1, -(2n ** 53n) - 1n, 2 ** 32 + 7])
    const u = BigUint64Array.of(2n ** 64n - 1n, 2n ** 63n, 9n)
    expect(labelsAt(decodeLabelColumn(new Uint8Array(u.buffer), 'u8', 3), 0, 3)).toEqual([2n ** 64n - 1n, 2n ** 63n, 9])
    // class indices as numpy saves them (int64) take a byte each, or four within int32; the values are the same
    const small = decodeLabelColumn(new Uint8Array(BigInt64Array.of(0n, 9n, 255n).buffer), 'i8', 3)
    expect(small).toBeInstanceOf(Uint8Array)
    expect(labelsAt(small, 0, 3)).toEqual([0, 9, 255])
    const int32 = decodeLabelColumn(new Uint8Array(BigInt64Array.of(0n, 256n, -1n, 2n ** 31n - 1n, -(2n ** 31n)).buffer), 'i8', 5)
    expect(int32).toBeInstanceOf(Int32Array)
    expect(labelsAt(int32, 0, 5)).toEqual([0, 256, -1, 2 ** 31 - 1, -(2 ** 31)])
    expect(decodeLabelColumn(new Uint8Array(BigInt64Array.of(1n, 2n ** 31n).buffer), 'i8', 2)).toBeInstanceOf(BigInt64Array)
    expect(decodeLabelColumn(new Uint8Array(BigUint64Array.of(1n, 2n ** 32n - 1n).buffer), 'u8', 2)).toBeInstanceOf(BigUint64Array)
    expect(labelsAt(decodeLabelColumn(new Uint8Array(BigUint64Array.of(7n, 200n).buffer), 'u8', 2), 0, 2)).toEqual([7, 200])
    const f = Float32Array.of(1, 0.5)
    expect(labelsAt(decodeLabelColumn(new Uint8Array(f.buffer), 'f4', 2), 0, 2)).toEqual([1, 0.5])
    const text = new Uint8Array(8)
    new DataView(text.buffer).setUint32(0, 0x61, true)
    new DataView(text.buffer).setUint32(4, 0x62, true)
    expect(labelsAt(decodeLabelColumn(text, 'U1', 2), 0, 2)).toEqual(['a', 'b'])
  })
})
