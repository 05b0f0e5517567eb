/**
 * Metrics on the class probabilities, as a pure accumulator: top-k accuracy, expected calibration
 * error, Brier score, ROC-AUC and average precision. Definitions follow scikit-learn where it has
 * them (top_k_accuracy_score, brier_score_loss, roc_auc_score, average_precision_score).
 * Probabilities are the model's own when it outputs them, else a float64 softmax of the logits.
 */
import type { ScoredBatch, ScoreKind } from './classification.js'
import { argmax } from './classification.js'

/** Calibration bins: 15 equal-width bins on the top probability, (i/15, (i+1)/15]. */
export const ECE_BINS = 15

/**
 * Ranking metrics need every sample's probability row. Above this many stored values (128 MiB of
 * float64) ROC-AUC and average precision are left out rather than exhausting memory.
 */
export const MAX_STORED_VALUES = 1 << 24

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
  /** Row-major probabilities and labels, kept for ROC-AUC / AP; undefined once over the cap. */
  probs: Float64Array | undefined
  labels: Int32Array | undefined
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
    probs: capacity * numClasses <= MAX_STORED_VALUES ? new Float64Array(capacity * numClasses) : undefined,
    labels: capacity * numClasses <= MAX_STORED_VALUES ? new Int32Array(capacity) : undefined
  }
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
  const own = new Float64Array(k)
  if (state.probs !== undefined) {
    const need = (state.count + batch.size) * k
    if (need > MAX_STORED_VALUES) {
      state.probs = undefined
      state.labels = undefined
    } else if (need > state.probs.length) {
      const probs = new Float64Array(Math.min(MAX_STORED_VALUES, Math.max(need, state.probs.length * 2)))
      probs.set(state.probs)
      state.probs = probs
      const labels = new Int32Array(probs.length / k)
      labels.set(state.labels!)
      state.labels = labels
    }
  }
  const rows = batch.rows
  // The batch's probability rows, computed once (rowStats), or one row at a time into `own`.
  const src = rows ? rows.probs : own
  for (let i = 0; i < batch.size; i++) {
    const y = batch.labels[i]!
    const at = rows ? i * k : 0
    if (!rows) toProbabilities(batch.scores, i * k, k, state.kind, own)
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
    if (state.probs !== undefined) {
      if (!rows) state.probs.set(own, (state.count + i) * k)
      state.labels![state.count + i] = y
    }
  }
  if (rows && state.probs !== undefined) state.probs.set(rows.probs.subarray(0, batch.size * k), state.count * k)
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
  if (state.probs !== undefined) {
    const probs = state.probs
    const labels = state.labels!
    if (k === 2) {
      const pos = column(probs, n, k, 1)
      const truth = Uint8Array.from(labels.subarray(0, n), (y) => (y === 1 ? 1 : 0))
      rocAuc = binaryRocAuc(truth, pos)
      ap = averagePrecision(truth, pos)
    } else {
      const byClass: number[][] = Array.from({ length: k }, () => [])
      for (let i = 0; i < n; i++) byClass[labels[i]!]!.push(i)
      let sum = 0
      for (let c = 0; c < k && sum === sum; c++) {
        const auc = rocAucOf(byClass[c]!, column(probs, n, k, c))
        sum = auc === null ? NaN : sum + auc
      }
      rocAuc = Number.isNaN(sum) ? null : sum / k
    }
  }
  return { ece, brier: state.brierSum / n, roc_auc: rocAuc, average_precision: ap, top_k_accuracy: topK, calibration }
}

function column(probs: Float64Array, n: number, k: number, c: number): Float64Array {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = probs[i * k + c]!
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
  const positives: number[] = []
  for (let i = 0; i < truth.length; i++) if (truth[i]) positives.push(i)
  return rocAucOf(positives, score)
}

/** ROC-AUC of one class given the indices of its positive samples. */
function rocAucOf(positives: readonly number[], score: Float64Array): number | null {
  const p = positives.length
  const negatives = score.length - p
  if (p === 0 || negatives === 0) return null
  const sorted = score.slice().sort()
  // Sum of the positives' mid-ranks (1-based) among all samples; ties share their mean rank.
  let rankSum = 0
  for (const i of positives) {
    const v = score[i]!
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
