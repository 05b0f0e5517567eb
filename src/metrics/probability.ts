/**
 * Metrics on the class probabilities, as a pure accumulator: top-k accuracy, expected calibration
 * error, Brier score, ROC-AUC and average precision. Definitions follow scikit-learn where it has
 * them (top_k_accuracy_score, brier_score_loss, roc_auc_score, average_precision_score).
 * Probabilities are the model's own when it outputs them, else a float64 softmax of the logits.
 */
import type { ScoredBatch, ScoreKind } from './classification.js'
import { argmax, rowStats } from './classification.js'

/** Calibration bins: 15 equal-width bins on the top probability, (i/15, (i+1)/15]. */
export const ECE_BINS = 15

/**
 * Ranking metrics need every sample's probability row. Above this many stored values (n × classes)
 * ROC-AUC and average precision are left out rather than exhausting memory.
 */
export const MAX_STORED_VALUES = 1 << 24

/** Class indices in the narrowest typed array the class count allows. */
export type ClassIndices = Uint8Array | Uint16Array | Int32Array

export function classIndices(numClasses: number, length: number): ClassIndices {
  return numClasses <= 1 << 8 ? new Uint8Array(length) : numClasses <= 1 << 16 ? new Uint16Array(length) : new Int32Array(length)
}

/**
 * What ROC-AUC / AP read later, kept per sample in the least memory that gives back the same
 * float64 probabilities bit for bit (issue 14: this was 8·k + 4 B a sample):
 * - binary: the positive class's probability, float64 (8 B);
 * - multiclass: the model's scores as they came — float32 while every value is one (what a float32
 *   or float16 output holds), float64 from the first value that is not — and, for logits, each row's
 *   softmax denominator, so a probability is recomputed as toProbabilities computes it: the same
 *   operations on the same values (4·k + 8 B a sample for float32 logits).
 */
export interface ProbabilityStore {
  /** Binary: p(class 1) a sample; multiclass: row-major scores. */
  values: Float32Array | Float64Array
  /** Multiclass logits: Σ exp(score − row max) a sample, as toProbabilities sums it. */
  sums: Float64Array | undefined
  labels: ClassIndices
}

export interface ProbabilityState {
  readonly numClasses: number
  readonly kind: ScoreKind
  count: number
  brierSum: number
  /** rankCount[r]: samples whose true class ranks r-th (0 = top), ties ranked as scikit-learn. */
  readonly rankCount: Float64Array
  /** Per bin: samples, summed top probability, correct predictions. */
  readonly binCount: Float64Array
  readonly binConfidence: Float64Array
  readonly binCorrect: Float64Array
  /** Kept for ROC-AUC / AP; undefined once over the cap. */
  stored: ProbabilityStore | undefined
}

export interface ProbabilityMetrics {
  readonly ece: number
  /** Multiclass: mean of the summed squared error against one-hot; binary: brier_score_loss of the positive class. */
  readonly brier: number
  /** Binary: on the positive class; multiclass: macro one-vs-rest. Null when a class is absent from the labels (undefined in scikit-learn too) or too many values to keep. */
  readonly roc_auc: number | null
  /** Binary only (null for multiclass). */
  readonly average_precision: number | null
  /** top_k_accuracy[k] for k = 1…numClasses. */
  readonly top_k_accuracy: readonly number[]
  /** Per calibration bin, for reliability diagrams: [count, mean confidence, accuracy]. */
  readonly calibration: readonly { readonly lower: number; readonly upper: number; readonly count: number; readonly confidence: number; readonly accuracy: number }[]
}

export function initProbability(numClasses: number, kind: ScoreKind, capacity = 1024): ProbabilityState {
  return {
    numClasses,
    kind,
    count: 0,
    brierSum: 0,
    rankCount: new Float64Array(numClasses),
    binCount: new Float64Array(ECE_BINS),
    binConfidence: new Float64Array(ECE_BINS),
    binCorrect: new Float64Array(ECE_BINS),
    stored: capacity * numClasses <= MAX_STORED_VALUES ? newStore(numClasses, kind, capacity, Float32Array) : undefined
  }
}

function newStore(k: number, kind: ScoreKind, capacity: number, Values: Float32ArrayConstructor | Float64ArrayConstructor): ProbabilityStore {
  return {
    values: k === 2 ? new Float64Array(capacity) : new Values(capacity * k),
    sums: k !== 2 && kind === 'logits' ? new Float64Array(capacity) : undefined,
    labels: classIndices(k, capacity)
  }
}

/** The store resized to `capacity` samples (values in float64 when `wide`), what it holds copied. */
function resized(store: ProbabilityStore, k: number, kind: ScoreKind, capacity: number, count: number, wide: boolean): ProbabilityStore {
  const next = newStore(k, kind, capacity, wide || store.values instanceof Float64Array ? Float64Array : Float32Array)
  const per = k === 2 ? 1 : k
  next.values.set(store.values.subarray(0, count * per))
  if (store.sums) next.sums!.set(store.sums.subarray(0, count))
  next.labels.set(store.labels.subarray(0, count))
  return next
}

/** Whether every score of the batch is a float32 value (and so kept exactly in a Float32Array). */
function allFloat32(scores: Float64Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const v = scores[i]!
    // NaN !== NaN; a NaN is kept as NaN in float32 too (its payload does not reach any metric)
    if (Math.fround(v) !== v && v === v) return false
  }
  return true
}

/** Writes the probability row of sample `i` into `out` (length k). */
export function toProbabilities(scores: Float64Array, start: number, k: number, kind: ScoreKind, out: Float64Array): void {
  if (kind === 'probabilities') {
    for (let j = 0; j < k; j++) out[j] = scores[start + j]!
    return
  }
  let max = -Infinity
  for (let j = 0; j < k; j++) max = Math.max(max, scores[start + j]!)
  let sum = 0
  for (let j = 0; j < k; j++) {
    const e = Math.exp(scores[start + j]! - max)
    out[j] = e
    sum += e
  }
  for (let j = 0; j < k; j++) out[j] = out[j]! / sum
}

/** Index of the calibration bin of a top probability: bin b holds (b/15, (b+1)/15], as numpy's linspace edges. */
export function eceBin(confidence: number): number {
  // Edges are b * (1/15), exactly as np.linspace(0, 1, 16) computes them.
  const step = 1 / ECE_BINS
  let b = Math.min(ECE_BINS - 1, Math.max(0, Math.ceil(confidence / step) - 1))
  // The division can land one bin off next to an edge; settle it against the edges themselves.
  while (b > 0 && confidence <= b * step) b--
  while (b < ECE_BINS - 1 && confidence > (b + 1) * step) b++
  return b
}

export function updateProbability(state: ProbabilityState, batch: ScoredBatch): ProbabilityState {
  const k = state.numClasses
  if (state.stored !== undefined) {
    const need = state.count + batch.size
    const store = state.stored
    const capacity = store.labels.length
    const widen = k !== 2 && store.values instanceof Float32Array && !allFloat32(batch.scores, batch.size * k)
    if (need * k > MAX_STORED_VALUES) {
      state.stored = undefined
    } else if (need > capacity || widen) {
      const grown = need > capacity ? Math.min(Math.floor(MAX_STORED_VALUES / k), Math.max(need, capacity * 2)) : capacity
      state.stored = resized(store, k, state.kind, grown, state.count, widen)
    }
  }
  const stored = state.stored
  const rows = batch.rows ?? rowStats(batch.scores, batch.labels, batch.size, k, state.kind)
  const src = rows.probs
  for (let i = 0; i < batch.size; i++) {
    const y = batch.labels[i]!
    const at = i * k
    // Brier: binary is scikit-learn's brier_score_loss on the positive class, (p1 - y)^2; the
    // multiclass sum over classes would count that error twice.
    if (k === 2) {
      const d = src[at + 1]! - y
      state.brierSum += d * d
    } else {
      let s = 0
      for (let j = 0; j < k; j++) {
        const d = src[at + j]! - (j === y ? 1 : 0)
        s += d * d
      }
      state.brierSum += s
    }
    // Rank of the true class: scikit-learn sorts scores stably and reverses, so among equal
    // scores the higher class index comes first.
    const py = src[at + y]!
    let rank = 0
    for (let j = 0; j < k; j++) {
      const v = src[at + j]!
      if (v > py || (v === py && j > y)) rank++
    }
    state.rankCount[rank]! += 1
    const predicted = argmax(src, at, k)
    const confidence = src[at + predicted]!
    const b = eceBin(confidence)
    state.binCount[b]! += 1
    state.binConfidence[b]! += confidence
    state.binCorrect[b]! += predicted === y ? 1 : 0
    if (stored !== undefined) {
      const j = state.count + i
      stored.labels[j] = y
      if (k === 2) {
        stored.values[j] = src[at + 1]!
      } else {
        // a loop, not set(subarray()): no object a sample for the collector
        const values = stored.values
        for (let c = 0; c < k; c++) values[j * k + c] = batch.scores[i * k + c]!
        if (stored.sums) stored.sums[j] = rows.sums![i]!
      }
    }
  }
  state.count += batch.size
  return state
}

export function finalizeProbability(state: ProbabilityState, binaryTopOne?: number): ProbabilityMetrics {
  const n = state.count
  const k = state.numClasses
  let ece = 0
  const calibration = []
  for (let b = 0; b < ECE_BINS; b++) {
    const c = state.binCount[b]!
    if (c > 0) ece += (c / n) * Math.abs(state.binCorrect[b]! / c - state.binConfidence[b]! / c)
    calibration.push({
      lower: b / ECE_BINS,
      upper: (b + 1) / ECE_BINS,
      count: c,
      confidence: c > 0 ? state.binConfidence[b]! / c : 0,
      accuracy: c > 0 ? state.binCorrect[b]! / c : 0
    })
  }
  const topK: number[] = []
  let hits = 0
  for (let r = 0; r < k; r++) {
    hits += state.rankCount[r]!
    topK.push(hits / n)
  }
  // Binary top-1 in scikit-learn thresholds the positive class at 0.5, which is the argmax.
  if (k === 2 && binaryTopOne !== undefined) topK[0] = binaryTopOne
  let rocAuc: number | null = null
  let ap: number | null = null
  if (state.stored !== undefined) {
    const { values, labels } = state.stored
    if (k === 2) {
      const pos = values.subarray(0, n) as Float64Array
      const truth = Uint8Array.from(labels.subarray(0, n), (y) => (y === 1 ? 1 : 0))
      // AP reads the scores in their order; ROC-AUC may then sort the column where it lies
      ap = averagePrecision(truth, pos)
      rocAuc = rocAucOf(positivesOf(truth), pos, true)
    } else {
      // the samples of each class, grouped by class in one array (a counting sort) instead of k JS arrays
      const start = new Int32Array(k + 1)
      for (let i = 0; i < n; i++) start[labels[i]! + 1]!++
      for (let c = 0; c < k; c++) start[c + 1]! += start[c]!
      const at = start.slice(0, k)
      const byClass = new Uint32Array(n)
      for (let i = 0; i < n; i++) byClass[at[labels[i]!]!++] = i
      // one column buffer for every class: k columns of n float64 left to the collector were the run's peak
      const buffer = new Float64Array(n)
      let sum = 0
      for (let c = 0; c < k && sum === sum; c++) {
        const auc = rocAucOf(byClass.subarray(start[c]!, start[c + 1]!), column(state, n, c, buffer), true)
        sum = auc === null ? NaN : sum + auc
      }
      rocAuc = Number.isNaN(sum) ? null : sum / k
    }
  }
  return { ece, brier: state.brierSum / n, roc_auc: rocAuc, average_precision: ap, top_k_accuracy: topK, calibration }
}

/**
 * Class c's probability of every sample, as toProbabilities computed it during the run: the score
 * itself for probabilities, exp(score − row max) / row sum for logits (the same operations on the
 * same float64 values, so the same bits).
 */
function column(state: ProbabilityState, n: number, c: number, out: Float64Array): Float64Array {
  const k = state.numClasses
  const { values, sums } = state.stored!
  if (sums === undefined) {
    for (let i = 0; i < n; i++) out[i] = values[i * k + c]!
    return out
  }
  for (let i = 0; i < n; i++) {
    const start = i * k
    let max = -Infinity
    for (let j = 0; j < k; j++) max = Math.max(max, values[start + j]!)
    out[i] = Math.exp(values[start + c]! - max) / sums[i]!
  }
  return out
}

function positivesOf(truth: Uint8Array): Uint32Array {
  let p = 0
  for (let i = 0; i < truth.length; i++) p += truth[i] ? 1 : 0
  const out = new Uint32Array(p)
  for (let i = 0, j = 0; i < truth.length; i++) if (truth[i]) out[j++] = i
  return out
}

/** Sample indices by descending score (stable, as the order within ties does not matter below). */
function descending(score: Float64Array): Uint32Array {
  const order = new Uint32Array(score.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  return order.sort((a, b) => score[b]! - score[a]!)
}

/**
 * Area under the ROC curve, equal to scikit-learn's roc_auc_score (the trapezoid over the curve,
 * where tied scores form one diagonal step): computed as the Mann–Whitney statistic with
 * mid-ranks for ties, which is the same number. A native numeric sort and two binary searches a
 * positive keep multiclass one-vs-rest fast. Null when the truth has one class only (scikit-learn
 * raises there).
 */
export function binaryRocAuc(truth: Uint8Array, score: Float64Array): number | null {
  return rocAucOf(positivesOf(truth), score, false)
}

/**
 * ROC-AUC of one class given the indices of its positive samples. `owned`: the scores are the
 * caller's to sort in place (a column made for this), which saves a copy of n float64.
 */
function rocAucOf(positives: ArrayLike<number>, score: Float64Array, owned: boolean): number | null {
  const p = positives.length
  const negatives = score.length - p
  if (p === 0 || negatives === 0) return null
  const values = new Float64Array(p)
  for (let j = 0; j < p; j++) values[j] = score[positives[j]!]!
  const sorted = (owned ? score : score.slice()).sort()
  // Sum of the positives' mid-ranks (1-based) among all samples; ties share their mean rank.
  let rankSum = 0
  for (let j = 0; j < p; j++) {
    const v = values[j]!
    rankSum += (lowerBound(sorted, v) + upperBound(sorted, v) + 1) / 2
  }
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives)
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** scikit-learn's average_precision_score: Σ (R_n − R_{n−1}) P_n over distinct thresholds. */
export function averagePrecision(truth: Uint8Array, score: Float64Array): number | null {
  const order = descending(score)
  let positives = 0
  for (let i = 0; i < truth.length; i++) positives += truth[i]!
  if (positives === 0) return null
  let tp = 0
  let prevTp = 0
  let ap = 0
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!
    if (truth[s]) tp++
    const last = i === order.length - 1 || score[order[i + 1]!]! !== score[s]!
    if (last) {
      ap += ((tp - prevTp) / positives) * (tp / (i + 1))
      prevTp = tp
    }
  }
  return ap
}
