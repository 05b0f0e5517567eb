/** decide() with `significance:` on baseline thresholds: the rules of docs/notes-7.md, as a pure function. */
import { describe, expect, it } from '@jest/globals'
import { decide } from '../src/gate/decide.js'
import { parseThresholds } from '../src/gate/thresholds.js'
import type { Significance, SignificanceLookup } from '../src/gate/decide.js'
import { ThresholdError } from '../src/errors.js'

const current = (v: Record<string, number>) => (m: string) => v[m]
const sig = (significant: boolean, test: Significance['test'] = 'mcnemar'): SignificanceLookup => () => ({
  test,
  p_value: test === 'mcnemar' ? (significant ? 0.01 : 0.3) : null,
  interval: significant ? [-0.05, -0.01] : [-0.03, 0.01],
  significant
})

describe('significance-aware baseline thresholds', () => {
  const maxDrop = parseThresholds('accuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }')
  const minGain = parseThresholds('accuracy_vs_baseline: { min_gain: 0.0, significance: 0.05 }')
  const model = current({ accuracy: 0.90 })
  const base = current({ accuracy: 0.92 })

  it('max_drop fails only when the drop beyond it is significant', () => {
    expect(decide(maxDrop, model, base, sig(false)).passed).toBe(true)
    expect(decide(maxDrop, model, base, sig(true)).passed).toBe(false)
    // within max_drop, significance does not matter
    expect(decide(maxDrop, current({ accuracy: 0.918 }), base, sig(true)).passed).toBe(true)
    expect(decide(maxDrop, model, base, sig(false)).checks[0]!.note).toContain('not significant at 0.05')
  })

  it('min_gain passes only a significant gain', () => {
    const better = current({ accuracy: 0.95 })
    expect(decide(minGain, better, base, sig(true)).passed).toBe(true)
    expect(decide(minGain, better, base, sig(false)).passed).toBe(false)
    // a significant difference the wrong way is no gain
    expect(decide(minGain, model, base, sig(true)).passed).toBe(false)
  })

  it('lower-is-better metrics: a rise in loss is the drop', () => {
    const t = parseThresholds('loss_vs_baseline: { max_drop: 0.01, significance: 0.05 }')
    expect(decide(t, current({ loss: 0.5 }), current({ loss: 0.3 }), sig(true, 'paired_bootstrap')).passed).toBe(false)
    expect(decide(t, current({ loss: 0.2 }), current({ loss: 0.3 }), sig(true, 'paired_bootstrap')).passed).toBe(true)
  })

  it('a first run without a baseline passes, and significance without outcomes is an error', () => {
    expect(decide(maxDrop, model, () => undefined, undefined).passed).toBe(true)
    expect(() => decide(maxDrop, model, base, undefined)).toThrow(ThresholdError)
  })

  it('parses every new metric name, and significance must lie in (0, 1)', () => {
    const names = ['ece', 'brier', 'roc_auc', 'average_precision', 'r2', 'mse', 'rmse', 'mae', '"top_k_accuracy[5]"']
    expect(parseThresholds(names.map((n) => `${n}: 0.5`).join('\n')).map((t) => t.kind === 'bound' && t.op)).toEqual(
      ['<=', '<=', '>=', '>=', '>=', '<=', '<=', '<=', '>=']
    )
    expect(() => parseThresholds('accuracy_vs_baseline: { max_drop: 0.01, significance: 1.5 }')).toThrow(/significance/)
    expect(() => parseThresholds('"top_k_accuracy[0]": 0.5')).toThrow(/whole k/)
  })
})

describe('analyse()', () => {
  it('refuses significance on a metric the paired tests do not cover, naming it', async () => {
    const { analyse } = await import('../src/tasks/classification/statistics.js')
    const { finalizeClassification, initClassification, updateClassification } = await import('../src/metrics/classification.js')
    const { finalizeSamples, initSamples, updateSamples } = await import('../src/metrics/samples.js')
    const scores = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4])
    const labels = Int32Array.from([0, 1, 1])
    const state = updateClassification(initClassification(2, 'probabilities'), { scores, labels, size: 3, offset: 0 })
    const samples = finalizeSamples(updateSamples(initSamples(3), scores, labels, 3, 2, 'probabilities'))
    const evaluation = { metrics: finalizeClassification(state), samples, probability: undefined } as never
    const t = parseThresholds('roc_auc_vs_baseline: { max_drop: 0.01, significance: 0.05 }')
    expect(() => analyse(evaluation, undefined, t)).toThrow(/roc_auc_vs_baseline.*drop significance/)
  })
})

describe('task auto: labels that are not whole numbers mean regression', () => {
  it('regression claims a test set whose first labels hold a fraction or a negative number, as stored', async () => {
    const { regression } = await import('../src/tasks/regression/index.js')
    const set = {} as never
    expect(regression.claims!([3, 0, 1], set)).toBe(false)
    expect(regression.claims!([3, '2.5'], set)).toBe(true)
    expect(regression.claims!(['-1'], set)).toBe(true)
    expect(regression.claims!(['cat', 'dog', ''], set)).toBe(false)
  })

  it('picks the task from the labels the reader hands over, or the task input', async () => {
    const { chooseTask } = await import('../src/tasks/index.js')
    const batches = (labels: (number | string)[]) =>
      ({ classNames: undefined, async *batches() { yield { features: new Float32Array(labels.length), labels, size: labels.length, offset: 0 } } }) as never
    expect((await chooseTask('auto', batches([0, 1, 2]))).name).toBe('classification')
    expect((await chooseTask('auto', batches(['151.0', '75.5']))).name).toBe('regression')
    expect((await chooseTask('regression', batches([0, 1, 2]))).name).toBe('regression')
    // labels named through class-names are classes: a fraction among them is a bad label, not a target
    expect((await chooseTask('auto', batches(['0', '2.5']), ['a', 'b', 'c'])).name).toBe('classification')
    // an image folder names its classes: classification, without reading a batch
    expect((await chooseTask('auto', { classNames: ['a', 'b'], batches: () => { throw new Error('read') } } as never)).name).toBe('classification')
    await expect(chooseTask('ranking', batches([0]))).rejects.toThrow(/input 'task' is 'ranking': use auto, classification, regression/)
  })
})
