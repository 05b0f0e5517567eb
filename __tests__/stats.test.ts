/**
 * The pure statistics against scikit-learn / scipy (goldens written by fixtures/stats/make_stats.py
 * from random scores full of ties), and the bootstrap's determinism and coverage.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  Random,
  bootstrapClassification,
  bootstrapRegression,
  fusedRange,
  pairedBootstrapClassification,
  percentileInterval,
  quantile
} from '../src/metrics/bootstrap.js'
import fc from 'fast-check'
import { WASM_MAX_SAMPLES, wasmResamples } from '../src/metrics/bootstrap-wasm.js'
import { metricsFromCounts } from '../src/metrics/classification.js'
import { binomTestHalf, mcnemarExact } from '../src/metrics/paired.js'
import { significanceLookup } from '../src/tasks/significance.js'
import { eceBin, finalizeProbability, initProbability, updateProbability } from '../src/metrics/probability.js'
import { finalizeRegression, initRegression, updateRegression } from '../src/metrics/regression.js'
import type { Samples } from '../src/metrics/samples.js'

const goldens = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'stats', 'goldens.json'), 'utf8'))

function close(actual: number | null, expected: number, tol = 1e-9): void {
  if (actual === null || !(Math.abs(actual - expected) <= tol)) throw new Error(`got ${actual}, scikit-learn/scipy says ${expected}`)
}

describe('probability metrics equal scikit-learn (random scores with ties)', () => {
  for (const g of goldens.synthetic.classification as { k: number; y: number[]; probs: number[][]; [m: string]: unknown }[]) {
    it(`${g.k} classes, ${g.y.length} samples, fed in uneven batches`, () => {
      const s = initProbability(g.k, 'probabilities', 4)
      for (let start = 0; start < g.y.length; start += 7) {
        const rows = g.probs.slice(start, start + 7)
        updateProbability(s, { scores: Float64Array.from(rows.flat()), labels: Int32Array.from(g.y.slice(start, start + 7)), size: rows.length, offset: start })
      }
      const accuracy = g.y.filter((y, i) => g.probs[i]!.indexOf(Math.max(...g.probs[i]!)) === y).length / g.y.length
      const m = finalizeProbability(s, accuracy)
      close(m.ece, g.ece as number)
      close(m.brier, g.brier as number)
      close(m.roc_auc, g.roc_auc as number)
      if (g.average_precision === null) expect(m.average_precision).toBeNull()
      else close(m.average_precision, g.average_precision as number)
      ;(g.top_k_accuracy as number[]).forEach((v, i) => close(m.top_k_accuracy[i]!, v))
    })
  }

  it('puts a top probability on a bin edge in the lower bin, as (lo, hi] bins do', () => {
    expect(eceBin(1)).toBe(14)
    expect(eceBin(2 * (1 / 15))).toBe(1)
    expect(eceBin(2 * (1 / 15) + 1e-16)).toBe(2)
    expect(eceBin(0.5)).toBe(7)
  })
})

describe("McNemar's exact test equals scipy.stats.binomtest", () => {
  for (const g of goldens.synthetic.binomtest as { k: number; n: number; p_value: number }[]) {
    it(`k=${g.k} n=${g.n}`, () => {
      const p = binomTestHalf(g.k, g.n)
      // relative: tiny p-values must keep their digits
      expect(Math.abs(p - g.p_value)).toBeLessThanOrEqual(1e-9 * Math.max(g.p_value, 1e-300) + (g.p_value === 0 ? 1e-300 : 0))
    })
  }

  it('counts the discordant pairs', () => {
    const y = Int32Array.from([0, 1, 2, 0, 1])
    const r = mcnemarExact(y, Int32Array.from([0, 1, 0, 1, 1]), Int32Array.from([0, 0, 2, 2, 1]))
    expect([r.model_only, r.baseline_only]).toEqual([1, 1])
    expect(r.p_value).toBe(binomTestHalf(1, 2))
  })
})

describe('regression metrics equal scikit-learn', () => {
  it('r2, mse, rmse, mae', () => {
    const g = goldens.synthetic.regression
    const s = initRegression(3)
    for (let i = 0; i < g.target.length; i += 8) updateRegression(s, g.predicted.slice(i, i + 8), g.target.slice(i, i + 8), Math.min(8, g.target.length - i))
    const m = finalizeRegression(s)
    for (const k of ['r2', 'mse', 'rmse', 'mae'] as const) close(m[k], g[k])
  })
})

function bernoulliSamples(n: number, p: number, rng: Random): Samples {
  const labels = new Int32Array(n)
  const predicted = new Int32Array(n)
  for (let i = 0; i < n; i++) predicted[i] = rng.nextUint32() / 4294967296 < p ? 0 : 1
  return { labels, predicted, confidence: new Float64Array(n).fill(1), nll: Float64Array.from(predicted, (v) => v) }
}

describe('bootstrap', () => {
  it('is deterministic under a seed and changes with it', () => {
    const s = bernoulliSamples(300, 0.8, new Random(1))
    const a = bootstrapClassification(s, 2, ['0', '1'], ['accuracy', 'macro_f1', 'loss'], { resamples: 1000, seed: 42 })
    const b = bootstrapClassification(s, 2, ['0', '1'], ['accuracy', 'macro_f1', 'loss'], { resamples: 1000, seed: 42 })
    const c = bootstrapClassification(s, 2, ['0', '1'], ['accuracy', 'macro_f1', 'loss'], { resamples: 1000, seed: 43 })
    expect(Array.from(a.accuracy!)).toEqual(Array.from(b.accuracy!))
    expect(Array.from(a.macro_f1!)).toEqual(Array.from(b.macro_f1!))
    expect(Array.from(a.accuracy!)).not.toEqual(Array.from(c.accuracy!))
    expect(a.accuracy!.length).toBe(1000)
  })

  it('covers a known accuracy about 95% of the time with 95% intervals', () => {
    // 300 test sets of 200 samples, each correct with probability 0.8: the true accuracy is 0.8,
    // so a good 95% interval contains it in about 285 of them (binomial sd ≈ 3.8).
    const rng = new Random(7)
    let covered = 0
    const trials = 300
    for (let t = 0; t < trials; t++) {
      const s = bernoulliSamples(200, 0.8, rng)
      const reps = bootstrapClassification(s, 2, ['0', '1'], ['accuracy'], { resamples: 1000, seed: t })
      const [lo, hi] = percentileInterval(reps.accuracy!, 0.95)
      if (lo <= 0.8 && 0.8 <= hi) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.9)
    expect(covered / trials).toBeLessThan(0.99)
  })

  it('covers a known mean error for regression', () => {
    // errors of ±1 with equal chance: the true MSE is exactly 1 and the MAE exactly 1; use a
    // skewed error instead for MSE: e = 2 with probability 1/4, else 0 → MSE = 1.
    const rng = new Random(11)
    let covered = 0
    const trials = 200
    for (let t = 0; t < trials; t++) {
      const n = 200
      const target = new Float64Array(n)
      const predicted = Float64Array.from({ length: n }, () => (rng.nextUint32() / 4294967296 < 0.25 ? 2 : 0))
      const [lo, hi] = percentileInterval(bootstrapRegression({ predicted, target }, ['mse'], { resamples: 1000, seed: t }).mse!, 0.95)
      if (lo <= 1 && 1 <= hi) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.9)
    expect(covered / trials).toBeLessThan(0.99)
  })

  it('quantile interpolates linearly, as numpy.percentile', () => {
    const v = Float64Array.from([1, 2, 3, 4])
    expect(quantile(v, 0.5)).toBe(2.5)
    expect(quantile(v, 0)).toBe(1)
    expect(quantile(v, 1)).toBe(4)
  })

  it('paired differences vanish for identical models, and a clear gain is significant', () => {
    const rng = new Random(3)
    const s = bernoulliSamples(400, 0.7, rng)
    const same = pairedBootstrapClassification(s, s, 2, ['0', '1'], ['accuracy', 'macro_f1'], { resamples: 500, seed: 1 })
    expect(Array.from(same.accuracy!).every((v) => v === 0)).toBe(true)
    const better: Samples = { ...s, predicted: Int32Array.from(s.predicted, (p, i) => (i % 3 === 0 ? 0 : p)) }
    const diff = pairedBootstrapClassification(better, s, 2, ['0', '1'], ['accuracy', 'macro_f1'], { resamples: 1000, seed: 1 })
    const sig = significanceLookup(diff, mcnemarExact(s.labels, better.predicted, s.predicted))
    expect(sig('accuracy', 0.05)!.test).toBe('mcnemar')
    expect(sig('accuracy', 0.05)!.significant).toBe(true)
    expect(sig('macro_f1', 0.05)!.test).toBe('paired_bootstrap')
    expect(sig('macro_f1', 0.05)!.interval[0]).toBeGreaterThan(0)
  })
})

describe('Random.fillBelow', () => {
  it('draws exactly what below() draws, in order', async () => {
    const { Random } = await import('../src/metrics/bootstrap.js')
    for (const n of [1, 7, 450, 90_000, 2_000_001]) {
      const a = new Random(11)
      const b = new Random(11)
      const out = new Int32Array(5000)
      a.fillBelow(n, out)
      expect(Array.from(out)).toEqual(Array.from({ length: 5000 }, () => b.below(n)))
      expect(a.nextUint32()).toBe(b.nextUint32())
    }
  })
})

describe('the fused draw-and-count bootstrap', () => {
  // The reference: draws through fillBelow into an index array, then the metric counted from it
  // by hand — what the bootstrap did before the draws and the counts were fused (issue 14).
  function reference(model: Samples, baseline: Samples | null, k: number, resamples: number, seed: number): Record<string, number[]> {
    const n = model.labels.length
    const rng = new Random(seed)
    const idx = new Int32Array(n)
    const out: Record<string, number[]> = { accuracy: [], loss: [], macro_recall: [] }
    const measure = (s: Samples): Record<string, number> => {
      const tp = new Float64Array(k)
      const act = new Float64Array(k)
      let loss = 0
      let correct = 0
      for (let j = 0; j < n; j++) {
        const i = idx[j]!
        act[s.labels[i]!]! += 1
        if (s.labels[i] === s.predicted[i]) {
          tp[s.labels[i]!]! += 1
          correct += 1
        }
        loss += s.nll[i]!
      }
      let mr = 0
      for (let c = 0; c < k; c++) mr += act[c]! > 0 ? tp[c]! / act[c]! : 0
      return { accuracy: correct / n, loss: loss / n, macro_recall: mr / k }
    }
    for (let r = 0; r < resamples; r++) {
      rng.fillBelow(n, idx)
      const a = measure(model)
      const b = baseline ? measure(baseline) : null
      for (const m of Object.keys(out)) out[m]!.push(b ? a[m]! - b[m]! : a[m]!)
    }
    for (const m of Object.keys(out)) out[m]!.sort((x, y) => x - y)
    return out
  }
  function samples(n: number, k: number, seed: number): Samples {
    const r = new Random(seed)
    const labels = Int32Array.from({ length: n }, () => r.below(k))
    const predicted = labels.map((y) => (r.below(3) === 0 ? r.below(k) : y))
    const nll = Float64Array.from({ length: n }, () => r.nextUint32() / 2 ** 32 * 3)
    return { labels, predicted, confidence: new Float64Array(n), nll }
  }
  const metrics = ['accuracy', 'loss', 'macro_recall']
  // 4 classes: the fused confusion-matrix loop; 70: the per-class counters over drawn indices
  it.each([4, 70])('gives bit-equal replicates to drawing indices first (one model and paired), %i classes', (k) => {
    const classes = Array.from({ length: k }, (_, c) => `c${c}`)
    for (const [n, seed] of [[1, 0], [37, 5], [2000, 123]] as const) {
      const m = samples(n, k, seed + 1)
      const b = samples(n, k, seed + 2)
      const one = bootstrapClassification(m, k, classes, metrics, { resamples: 60, seed })
      const paired = pairedBootstrapClassification(m, { ...b, labels: m.labels }, k, classes, metrics, { resamples: 60, seed })
      const r1 = reference(m, null, k, 60, seed)
      const r2 = reference(m, { ...b, labels: m.labels }, k, 60, seed)
      for (const k of metrics) {
        expect(Array.from(one[k]!)).toEqual(r1[k])
        expect(Array.from(paired[k]!)).toEqual(r2[k])
      }
    }
  })
})

describe('the bootstrap split into parts (worker threads) draws the single stream', () => {
  it('Random.jump(m) is m draws, for small and large m', () => {
    for (const [seed, m] of [[0, 0], [0, 1], [7, 31], [7, 32], [3, 127], [3, 128], [11, 1000], [5, 45_000 * 3 + 17]] as const) {
      const stepped = new Random(seed)
      for (let i = 0; i < m; i++) stepped.nextUint32()
      const jumped = new Random(seed)
      jumped.jump(m)
      expect([jumped.x, jumped.y, jumped.z, jumped.w]).toEqual([stepped.x, stepped.y, stepped.z, stepped.w])
    }
    expect(() => new Random(0).jump(-1)).toThrow(/steps must be a whole number ≥ 0, got -1/)
  })

  it('parts started at their jump give every replicate bit-equal to one pass (single and paired)', () => {
    const n = 257
    const k = 3
    const rng = new Random(99)
    const cell = Int32Array.from({ length: n }, () => rng.below(k * k))
    const nll = Float64Array.from({ length: n }, () => rng.below(1000) / 37)
    const baseline = { cell: Int32Array.from(cell, (c) => (c + rng.below(2)) % (k * k)), nll: Float64Array.from(nll, (v) => v * 1.1) }
    for (const job of [
      { k, classes: ['a', 'b', 'c'], metrics: ['accuracy', 'macro_f1', 'loss', 'f1[b]'], cell, nll },
      { k, classes: ['a', 'b', 'c'], metrics: ['accuracy', 'loss'], cell, nll, baseline }
    ]) {
      const R = 41
      const whole = new Float64Array(R * job.metrics.length)
      fusedRange(job, new Random(5), 0, R, whole, R)
      const split = new Float64Array(R * job.metrics.length)
      for (const [from, to] of [[0, 13], [13, 14], [14, 41]]) {
        const start = new Random(5)
        start.jump(from * n)
        fusedRange(job, start, from, to, split, R)
      }
      expect(split.every((v, i) => Object.is(v, whole[i]))).toBe(true)
    }
  })
})

describe('the bootstrap resamples in WebAssembly', () => {
  // the numbers of a metrics record, read off a real one so that a field added later is tested too
  const RECORD_NUMBERS = Object.entries(metricsFromCounts([1, 0], [1, 1], [2, 0], 2, 0.5, ['a', 'b'])).filter(([, v]) => typeof v === 'number').map(([key]) => key)

  it('knows every number of the metrics record', () => {
    expect(RECORD_NUMBERS).toEqual(expect.arrayContaining(['n_samples', 'accuracy', 'loss', 'macro_f1', 'weighted_recall', 'micro_f1', 'min_class_f1']))
    expect(RECORD_NUMBERS).toHaveLength(13)
  })

  it('give every replicate, every metric, bit-equal to the JavaScript loop, single and paired, any classes, sizes and seeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 600 }), fc.integer(), fc.integer({ min: 1, max: 30 }), fc.boolean(),
        (k, n, seed, R, paired) => {
          const rng = new Random(seed)
          const cell = Int32Array.from({ length: n }, () => rng.below(k * k))
          // loss terms over many magnitudes, so a changed order of additions would show
          const nll = Float64Array.from({ length: n }, () => rng.below(1 << 30) / 2 ** rng.below(40))
          const baseline = paired ? { cell: Int32Array.from(cell, (c) => (c + rng.below(3)) % (k * k)), nll: Float64Array.from(nll, (v) => v * 1.3 + 1e-9) } : undefined
          const classes = Array.from({ length: k }, (_, i) => `c${i}`)
          // every name a threshold can give: each number of the metrics record, each class's
          // precision/recall/F1 by name and by index, and names the metrics do not have (NaN)
          const perClass = classes.flatMap((c, i) => [`precision[${c}]`, `recall[${i}]`, `f1[${c}]`])
          const job = { k, classes, metrics: [...RECORD_NUMBERS, ...perClass, 'f1[nope]', `recall[${k}]`, 'auc', 'support', 'classes'], cell, nll, ...(baseline ? { baseline } : {}) }
          const js = new Float64Array(R * job.metrics.length)
          const jsRng = new Random(seed ^ 0x5bd1e995)
          fusedRange(job, jsRng, 0, R, js, R, 'js')
          const wasm = new Float64Array(R * job.metrics.length)
          const wasmRng = new Random(seed ^ 0x5bd1e995)
          fusedRange(job, wasmRng, 0, R, wasm, R, 'wasm')
          expect(wasm.every((v, i) => Object.is(v, js[i]))).toBe(true)
          // and the generator is left where the JavaScript loop leaves it
          expect([wasmRng.x, wasmRng.y, wasmRng.z, wasmRng.w]).toEqual([jsRng.x, jsRng.y, jsRng.z, jsRng.w])
        }
      ),
      { seed: 20261204, numRuns: 300 }
    )
  })

  it('run here, and leave a bootstrap too big for them to JavaScript', () => {
    expect(wasmResamples(3, new Int32Array(10), new Float64Array(10))).toBeDefined()
    expect(wasmResamples(3, new Int32Array(WASM_MAX_SAMPLES + 1), new Float64Array(WASM_MAX_SAMPLES + 1))).toBeUndefined()
  })
})
