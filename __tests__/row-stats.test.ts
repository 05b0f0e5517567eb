/**
 * The shared row pass (rowStats) gives every row exactly the values of the per-row definitions the
 * accumulators used on their own before it (argmax, logProbability, toProbabilities, the softmax
 * sum), and accumulators handed its rows hold what they hold without them: every count and every
 * float, bit for bit, on random rows full of ties, huge and tiny logits and probabilities at the
 * clip edges.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { argmax, initClassification, logProbability, rowStats, updateClassification, type ScoreKind } from '../src/metrics/classification.js'
import { finalizeProbability, initProbability, toProbabilities, updateProbability } from '../src/metrics/probability.js'
import { initSamples, updateSamples } from '../src/metrics/samples.js'

const logit = fc.oneof(
  fc.constantFrom(0, 1, -1, 1e-300, -745, 709, 1e300, -1e300, 36.7, 36.8),
  fc.double({ min: -50, max: 50, noNaN: true }),
  fc.integer({ min: -3, max: 3 })
)
const prob = fc.oneof(fc.constantFrom(0, 1, 0.5, 2.220446049250313e-16, 1 - 2.220446049250313e-16, 1e-320), fc.double({ min: 0, max: 1, noNaN: true }))

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

/** The per-row definitions each accumulator used on its own before the shared pass. */
function reference(scores: Float64Array, y: number, start: number, k: number, kind: ScoreKind) {
  const p = argmax(scores, start, k)
  const probs = new Float64Array(k)
  toProbabilities(scores, start, k, kind, probs)
  let max = -Infinity
  for (let j = 0; j < k; j++) max = Math.max(max, scores[start + j]!)
  let sum = 0
  for (let j = 0; j < k; j++) sum += Math.exp(scores[start + j]! - max)
  return { p, logTrue: logProbability(scores, start, k, y, kind), logPredicted: logProbability(scores, start, k, p, kind), probs, sum }
}

function run(k: number, kind: ScoreKind, rows: number[][], labels: number[], batch: number) {
  const c = initClassification(k, kind)
  const p = initProbability(k, kind, 4)
  const s = initSamples(4)
  for (let start = 0; start < rows.length; start += batch) {
    const part = rows.slice(start, start + batch)
    const scores = Float64Array.from(part.flat())
    const y = Int32Array.from(labels.slice(start, start + batch))
    const stats = rowStats(scores, y, part.length, k, kind)
    // every row's shared values are the per-row definitions', bit for bit
    for (let i = 0; i < part.length; i++) {
      const ref = reference(scores, y[i]!, i * k, k, kind)
      expect(stats.predicted[i]).toBe(ref.p)
      expect(Object.is(stats.logTrue[i], ref.logTrue)).toBe(true)
      expect(Object.is(stats.logPredicted[i], ref.logPredicted)).toBe(true)
      expect(same(stats.probs.subarray(i * k, (i + 1) * k), ref.probs)).toBe(true)
      if (kind === 'logits') expect(Object.is(stats.sums![i], ref.sum)).toBe(true)
      else expect(stats.sums).toBeUndefined()
    }
    const b = { scores, labels: y, size: part.length, offset: start, rows: stats }
    updateClassification(c, b)
    updateProbability(p, b)
    updateSamples(s, scores, y, part.length, k, kind, stats)
  }
  return { c, p, s }
}

describe('one shared row pass', () => {
  for (const kind of ['logits', 'probabilities'] as const) {
    it(`gives each row the values of the per-row definitions, and the accumulators what they compute without it (${kind})`, () => {
      const data = fc.integer({ min: 2, max: 7 }).chain((k) =>
        fc.tuple(
          fc.constant(k),
          fc.array(fc.tuple(fc.array(kind === 'logits' ? logit : prob, { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })), { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 1, max: 9 })
        )
      )
      fc.assert(
        fc.property(data, ([k, samples, batch]) => {
          const rows = samples.map((r) => r[0])
          const labels = samples.map((r) => r[1])
          const shared = run(k, kind, rows, labels, batch)
          // an accumulator handed no rows works them out itself: the same state
          const own = { c: initClassification(k, kind), p: initProbability(k, kind, 4), s: initSamples(4) }
          for (let start = 0; start < rows.length; start += batch) {
            const part = rows.slice(start, start + batch)
            const scores = Float64Array.from(part.flat())
            const y = Int32Array.from(labels.slice(start, start + batch))
            const b = { scores, labels: y, size: part.length, offset: start }
            updateClassification(own.c, b)
            updateProbability(own.p, b)
            updateSamples(own.s, scores, y, part.length, k, kind)
          }
          expect(Object.is(shared.c.lossSum, own.c.lossSum)).toBe(true)
          expect(same(shared.c.confusion, own.c.confusion)).toBe(true)
          expect(Object.is(shared.p.brierSum, own.p.brierSum)).toBe(true)
          for (const key of ['rankCount', 'binCount', 'binConfidence', 'binCorrect'] as const) expect(same(shared.p[key], own.p[key])).toBe(true)
          // what ROC-AUC/AP keep (issue 14's compact store: scores, softmax sums, classes) and what they give
          const a = shared.p.stored!
          const b = own.p.stored!
          const kept = rows.length * (k === 2 ? 1 : k)
          expect(same(a.values.subarray(0, kept), b.values.subarray(0, kept))).toBe(true)
          expect(same(a.labels.subarray(0, rows.length), b.labels.subarray(0, rows.length))).toBe(true)
          expect(a.sums === undefined ? b.sums === undefined : same(a.sums.subarray(0, rows.length), b.sums!.subarray(0, rows.length))).toBe(true)
          expect(finalizeProbability(shared.p)).toEqual(finalizeProbability(own.p))
          for (const key of ['labels', 'predicted', 'confidence', 'nll'] as const) expect(same(shared.s[key].subarray(0, rows.length), own.s[key].subarray(0, rows.length))).toBe(true)
        }),
        { numRuns: 300, seed: 20261201 }
      )
    })
  }
})
