import { describe, expect, it } from '@jest/globals'
import {
  argmax,
  finalizeClassification,
  initClassification,
  logProbability,
  updateClassification
} from '../src/metrics/classification.js'
import { DataError } from '../src/errors.js'

function batch(rows: number[][], labels: number[], offset = 0) {
  return { scores: Float64Array.from(rows.flat()), labels: Int32Array.from(labels), size: labels.length, offset }
}

describe('classification accumulator', () => {
  it('counts a confusion matrix with rows true and columns predicted', () => {
    const s = initClassification(3, 'probabilities')
    updateClassification(s, batch([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], [0, 1, 1, 2]))
    const m = finalizeClassification(s)
    expect(m.confusion_matrix).toEqual([[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    expect(m.accuracy).toBe(3 / 4)
    // class 0: tp 1, predicted 2, actual 1 → P 0.5, R 1, F1 2/3
    expect(m.per_class[0]).toEqual({ class: '0', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 })
    expect(m.macro_precision).toBeCloseTo((0.5 + 1 + 1) / 3, 15)
    expect(m.weighted_recall).toBeCloseTo((1 * 1 + 0.5 * 2 + 1 * 1) / 4, 15)
    expect(m.micro_f1).toBe(m.accuracy)
  })

  it('gives 0 for a class never predicted and never present (zero_division = 0)', () => {
    const s = initClassification(3, 'logits')
    updateClassification(s, batch([[5, 0, 0], [0, 5, 0]], [0, 1]))
    const m = finalizeClassification(s, ['a', 'b', 'c'])
    expect(m.per_class[2]).toEqual({ class: 'c', precision: 0, recall: 0, f1: 0, support: 0 })
    expect(m.macro_f1).toBeCloseTo(2 / 3, 15)
    expect(m.min_class_f1).toBe(0)
  })

  it('breaks argmax ties toward the lowest index, as numpy does', () => {
    expect(argmax(Float64Array.from([1, 3, 3, 2]), 0, 4)).toBe(1)
    expect(argmax(Float64Array.from([9, 2, 2]), 1, 2)).toBe(0)
  })

  it('computes a stable log-softmax for huge logits', () => {
    const row = Float64Array.from([1000, 0])
    expect(logProbability(row, 0, 2, 0, 'logits')).toBeCloseTo(-Math.exp(-1000), 12)
    // a certain mistake is clipped at log(eps) like scikit-learn's log_loss
    expect(logProbability(row, 0, 2, 1, 'logits')).toBeCloseTo(Math.log(2.220446049250313e-16), 12)
    expect(logProbability(Float64Array.from([0, 0, 0, 0]), 0, 4, 2, 'logits')).toBeCloseTo(-Math.log(4), 15)
  })

  it('is the same whatever the batching', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [Math.sin(i), Math.cos(i), Math.sin(2 * i)])
    const labels = rows.map((_, i) => (i * 7) % 3)
    const whole = initClassification(3, 'logits')
    updateClassification(whole, batch(rows, labels))
    const parts = initClassification(3, 'logits')
    for (let i = 0; i < 50; i += 7) updateClassification(parts, batch(rows.slice(i, i + 7), labels.slice(i, i + 7), i))
    expect(finalizeClassification(parts)).toEqual(finalizeClassification(whole))
  })

  it('refuses a label outside the classes, naming the sample', () => {
    const s = initClassification(2, 'logits')
    expect(() => updateClassification(s, batch([[1, 0], [0, 1]], [1, 2], 10))).toThrow(DataError)
    expect(() => updateClassification(initClassification(2, 'logits'), batch([[1, 0], [0, 1]], [1, 2], 10))).toThrow(/sample 11 has label 2/)
  })

  it('refuses an empty test set', () => {
    expect(() => finalizeClassification(initClassification(2, 'logits'))).toThrow(/no samples/)
  })
})
