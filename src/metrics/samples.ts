/**
 * Per-sample outcomes (true class, predicted class, its probability, the sample's loss), kept for
 * what needs the samples themselves: paired comparison with a baseline, bootstrap intervals,
 * misclassified examples. 24 bytes a sample; a pure accumulator like the others.
 */
import { argmax, logProbability, type RowStats, type ScoreKind } from './classification.js'

export interface SampleState {
  labels: Int32Array
  predicted: Int32Array
  confidence: Float64Array
  nll: Float64Array
  count: number
}

export interface Samples {
  readonly labels: Int32Array
  readonly predicted: Int32Array
  /** Probability the model gave its predicted class. */
  readonly confidence: Float64Array
  /** Per-sample negative log-likelihood of the true class (the terms of `loss`). */
  readonly nll: Float64Array
}

export function initSamples(capacity = 1024): SampleState {
  return {
    labels: new Int32Array(capacity),
    predicted: new Int32Array(capacity),
    confidence: new Float64Array(capacity),
    nll: new Float64Array(capacity),
    count: 0
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2))
  next.set(a)
  return next
}

export function updateSamples(
  state: SampleState,
  scores: Float64Array,
  labels: Int32Array,
  size: number,
  numClasses: number,
  kind: ScoreKind,
  rows?: RowStats
): SampleState {
  const need = state.count + size
  state.labels = grow(state.labels, need)
  state.predicted = grow(state.predicted, need)
  state.confidence = grow(state.confidence, need)
  state.nll = grow(state.nll, need)
  if (rows) {
    for (let i = 0; i < size; i++) {
      const j = state.count + i
      state.labels[j] = labels[i]!
      state.predicted[j] = rows.predicted[i]!
      state.confidence[j] = Math.exp(rows.logPredicted[i]!)
      state.nll[j] = -rows.logTrue[i]!
    }
    state.count = need
    return state
  }
  for (let i = 0; i < size; i++) {
    const start = i * numClasses
    const y = labels[i]!
    const p = argmax(scores, start, numClasses)
    const j = state.count + i
    state.labels[j] = y
    state.predicted[j] = p
    const logY = logProbability(scores, start, numClasses, y, kind)
    // a right prediction's confidence is the same log-probability: one log-softmax a row, not two
    state.confidence[j] = Math.exp(p === y ? logY : logProbability(scores, start, numClasses, p, kind))
    state.nll[j] = -logY
  }
  state.count = need
  return state
}

/** Views, not copies: the state is done with once finalized, and a copy would double its 24 B a sample at the peak. */
export function finalizeSamples(state: SampleState): Samples {
  return {
    labels: state.labels.subarray(0, state.count),
    predicted: state.predicted.subarray(0, state.count),
    confidence: state.confidence.subarray(0, state.count),
    nll: state.nll.subarray(0, state.count)
  }
}
