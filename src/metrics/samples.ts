/**
 * Per-sample outcomes (true class, predicted class, its probability, the sample's loss), kept for
 * what needs the samples themselves: paired comparison with a baseline, bootstrap intervals,
 * misclassified examples. 18 bytes a sample when the classes fit a byte (class indices in the
 * narrowest typed array the class count allows); a pure accumulator like the others.
 */
import { rowStats, type RowStats, type ScoreKind } from './classification.js'
import { classIndices, type ClassIndices } from './probability.js'

export interface SampleState {
  labels: ClassIndices
  predicted: ClassIndices
  confidence: Float64Array
  nll: Float64Array
  count: number
}

export interface Samples {
  readonly labels: ClassIndices
  readonly predicted: ClassIndices
  /** Probability the model gave its predicted class. */
  readonly confidence: Float64Array
  /** Per-sample negative log-likelihood of the true class (the terms of `loss`). */
  readonly nll: Float64Array
}

/** @param numClasses sizes the class-index arrays (unknown: 32-bit) */
export function initSamples(capacity = 1024, numClasses = 2 ** 31): SampleState {
  return {
    labels: classIndices(numClasses, capacity),
    predicted: classIndices(numClasses, capacity),
    confidence: new Float64Array(capacity),
    nll: new Float64Array(capacity),
    count: 0
  }
}

function grow<T extends ClassIndices | Float64Array>(a: T, need: number): T {
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
  const r = rows ?? rowStats(scores, labels, size, numClasses, kind)
  for (let i = 0; i < size; i++) {
    const j = state.count + i
    state.labels[j] = labels[i]!
    state.predicted[j] = r.predicted[i]!
    state.confidence[j] = Math.exp(r.logPredicted[i]!)
    state.nll[j] = -r.logTrue[i]!
  }
  state.count = need
  return state
}

/** Views, not copies: the state is done with once finalized, and a copy would double its 18 B a sample at the peak. */
export function finalizeSamples(state: SampleState): Samples {
  return {
    labels: state.labels.subarray(0, state.count),
    predicted: state.predicted.subarray(0, state.count),
    confidence: state.confidence.subarray(0, state.count),
    nll: state.nll.subarray(0, state.count)
  }
}
