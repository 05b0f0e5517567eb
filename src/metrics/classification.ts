/**
 * Classification metrics as a pure accumulator: init → update(batch)* → finalize.
 * No I/O. Definitions follow scikit-learn (labels = every class index, zero_division = 0):
 * accuracy_score, precision_recall_fscore_support, log_loss and confusion_matrix.
 */
import { DataError } from '../errors.js'

export type ScoreKind = 'logits' | 'probabilities'

/** One batch of model scores, row-major [size × numClasses] in float64, with true class indices. */
export interface ScoredBatch {
  readonly scores: Float64Array
  readonly labels: Int32Array
  readonly size: number
  /** Index of the batch's first sample in the test set, for error messages. */
  readonly offset: number
  /** The per-row values every accumulator needs, computed once for the batch (rowStats); each accumulator computes them when absent. */
  readonly rows?: RowStats
}

export interface ClassificationState {
  readonly numClasses: number
  readonly kind: ScoreKind
  /** confusion[t * K + p]: rows true, columns predicted. */
  readonly confusion: Float64Array
  count: number
  /** Sum of per-sample negative log-likelihoods, float64. */
  lossSum: number
}

export interface ClassMetrics {
  readonly class: string
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly support: number
}

export interface ClassificationMetrics {
  readonly n_samples: number
  readonly classes: readonly string[]
  readonly accuracy: number
  readonly loss: number
  readonly macro_precision: number
  readonly macro_recall: number
  readonly macro_f1: number
  readonly weighted_precision: number
  readonly weighted_recall: number
  readonly weighted_f1: number
  readonly micro_precision: number
  readonly micro_recall: number
  readonly micro_f1: number
  readonly min_class_f1: number
  readonly per_class: readonly ClassMetrics[]
  readonly confusion_matrix: readonly (readonly number[])[]
}

// scikit-learn's log_loss clips probabilities to [eps, 1 - eps] with eps = float64 machine epsilon.
const EPS = 2.220446049250313e-16
const LOG_EPS = Math.log(EPS)
const LOG_ONE_MINUS_EPS = Math.log1p(-EPS)

export function initClassification(numClasses: number, kind: ScoreKind): ClassificationState {
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`numClasses must be a whole number of at least 2, got ${numClasses}`)
  }
  return { numClasses, kind, confusion: new Float64Array(numClasses * numClasses), count: 0, lossSum: 0 }
}

/** Index of the largest score; ties go to the lowest index, as numpy's argmax does. */
export function argmax(scores: Float64Array, start: number, k: number): number {
  let best = 0
  let bestValue = scores[start]!
  for (let j = 1; j < k; j++) {
    const v = scores[start + j]!
    if (v > bestValue) {
      bestValue = v
      best = j
    }
  }
  return best
}

/**
 * Natural-log probability of class `y` for one row: a stable log-softmax for logits; for
 * probabilities, clip to [eps, 1-eps] and renormalise the row, as scikit-learn does.
 */
export function logProbability(scores: Float64Array, start: number, k: number, y: number, kind: ScoreKind): number {
  if (kind === 'logits') {
    let max = -Infinity
    for (let j = 0; j < k; j++) max = Math.max(max, scores[start + j]!)
    let sum = 0
    for (let j = 0; j < k; j++) sum += Math.exp(scores[start + j]! - max)
    return clampedLog(scores[start + y]! - max - Math.log(sum))
  }
  let sum = 0
  for (let j = 0; j < k; j++) sum += clip(scores[start + j]!)
  return Math.log(clip(scores[start + y]!) / sum)
}

/** A log-softmax value clipped to [log eps, log(1 - eps)], as log_loss clips the probability. */
export function clampedLog(logp: number): number {
  return Math.min(Math.max(logp, LOG_EPS), LOG_ONE_MINUS_EPS)
}

export function clip(p: number): number {
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p
}

/**
 * What the accumulators read off each score row, computed once a row for a batch: the predicted
 * class, the log-probabilities of the true and of the predicted class, and the probability row.
 * Each accumulator used to work these out for itself (three softmax passes a row, one exp per
 * class each); the operations and their order here are logProbability's and toProbabilities', so
 * sharing them changes no bit of any metric.
 */
export interface RowStats {
  /** numpy's argmax of the scores (ties to the lowest index). */
  readonly predicted: Int32Array
  /** log P(true class), clipped as scikit-learn's log_loss clips. */
  readonly logTrue: Float64Array
  /** log P(predicted class), clipped the same way. */
  readonly logPredicted: Float64Array
  /** Row-major [size × k]: the model's probabilities as given, or the float64 softmax of its logits. */
  readonly probs: Float64Array
  /** Logits: each row's softmax denominator Σ exp(score − max), which the ROC-AUC store keeps. */
  readonly sums?: Float64Array
}

export function rowStats(scores: Float64Array, labels: Int32Array, size: number, k: number, kind: ScoreKind): RowStats {
  const predicted = new Int32Array(size)
  const logTrue = new Float64Array(size)
  const logPredicted = new Float64Array(size)
  const probs = new Float64Array(size * k)
  const sums = kind === 'logits' ? new Float64Array(size) : undefined
  for (let i = 0; i < size; i++) {
    const start = i * k
    const y = labels[i]!
    const p = argmax(scores, start, k)
    predicted[i] = p
    if (kind === 'logits') {
      let max = -Infinity
      for (let j = 0; j < k; j++) max = Math.max(max, scores[start + j]!)
      let sum = 0
      for (let j = 0; j < k; j++) {
        const e = Math.exp(scores[start + j]! - max)
        probs[start + j] = e
        sum += e
      }
      for (let j = 0; j < k; j++) probs[start + j] = probs[start + j]! / sum
      sums![i] = sum
      const logSum = Math.log(sum)
      const ly = clampedLog(scores[start + y]! - max - logSum)
      logTrue[i] = ly
      logPredicted[i] = p === y ? ly : clampedLog(scores[start + p]! - max - logSum)
    } else {
      let sum = 0
      for (let j = 0; j < k; j++) {
        probs[start + j] = scores[start + j]!
        sum += clip(scores[start + j]!)
      }
      const ly = Math.log(clip(scores[start + y]!) / sum)
      logTrue[i] = ly
      logPredicted[i] = p === y ? ly : Math.log(clip(scores[start + p]!) / sum)
    }
  }
  return { predicted, logTrue, logPredicted, probs, ...(sums ? { sums } : {}) }
}

export function updateClassification(state: ClassificationState, batch: ScoredBatch): ClassificationState {
  const k = state.numClasses
  const rows = batch.rows ?? rowStats(batch.scores, batch.labels, batch.size, k, state.kind)
  for (let i = 0; i < batch.size; i++) {
    const y = batch.labels[i]!
    if (!(y >= 0 && y < k)) {
      throw new DataError(
        `test-data: sample ${batch.offset + i} has label ${y}, outside the model's ${k} classes (0–${k - 1}); ` +
          `check the labels, or class-names when labels are names`,
        'test-data'
      )
    }
    const p = rows.predicted[i]!
    state.confusion[y * k + p]! += 1
    state.lossSum -= rows.logTrue[i]!
  }
  state.count += batch.size
  return state
}

export function finalizeClassification(state: ClassificationState, classNames?: readonly string[]): ClassificationMetrics {
  const k = state.numClasses
  const n = state.count
  if (n === 0) throw new DataError('test-data holds no samples: point it at a non-empty test set', 'test-data')
  const classes = classNames && classNames.length === k ? [...classNames] : Array.from({ length: k }, (_, i) => String(i))
  const tp = new Float64Array(k)
  const predicted = new Float64Array(k)
  const actual = new Float64Array(k)
  const matrix: number[][] = []
  for (let c = 0; c < k; c++) {
    const row: number[] = []
    for (let j = 0; j < k; j++) {
      actual[c]! += state.confusion[c * k + j]!
      predicted[c]! += state.confusion[j * k + c]!
      row.push(state.confusion[c * k + j]!)
    }
    matrix.push(row)
    tp[c] = state.confusion[c * k + c]!
  }
  return metricsFromCounts(tp, predicted, actual, n, state.lossSum, classes, matrix)
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const NO_MATRIX: readonly (readonly number[])[] = []

/** A record metricsFromCounts fills in place: the bootstrap reuses one for a thousand replicates. */
export type MetricsRecord = Omit<Mutable<ClassificationMetrics>, 'per_class'> & { per_class: Mutable<ClassMetrics>[] }

/**
 * Accuracy, loss and the per-class, macro, weighted and micro precision/recall/F1 from per-class
 * counts (whole numbers), as scikit-learn defines them: the one definition the metrics of a run and
 * of every bootstrap replicate both use. Written into `into` when given (returned), else a new record.
 */
export function metricsFromCounts(
  tp: ArrayLike<number>,
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  n: number,
  lossSum: number,
  classes: readonly string[],
  confusion: readonly (readonly number[])[] = NO_MATRIX,
  into?: MetricsRecord
): MetricsRecord {
  const k = tp.length
  const m: MetricsRecord = into ?? {
    n_samples: 0, classes, accuracy: 0, loss: 0, macro_precision: 0, macro_recall: 0, macro_f1: 0,
    weighted_precision: 0, weighted_recall: 0, weighted_f1: 0, micro_precision: 0, micro_recall: 0, micro_f1: 0,
    min_class_f1: 0, per_class: Array.from({ length: k }, (_, c) => ({ class: classes[c]!, precision: 0, recall: 0, f1: 0, support: 0 })), confusion_matrix: []
  }
  let correct = 0
  let macroP = 0
  let macroR = 0
  let macroF = 0
  let weightedP = 0
  let weightedR = 0
  let weightedF = 0
  let minF = Infinity
  for (let c = 0; c < k; c++) {
    const t = tp[c]!
    const pred = predicted[c]!
    const act = actual[c]!
    correct += t
    // precision, recall and F1 from counts as scikit-learn (zero_division = 0; F as >= 1.3 has it,
    // 2tp / (2tp + fp + fn)), written out: a helper returning [p, r, f1] allocated an array per class
    // in each of a bootstrap's thousand replicates while the code was still cold
    const precision = pred === 0 ? 0 : t / pred
    const recall = act === 0 ? 0 : t / act
    const denom = pred + act
    const f1 = denom === 0 ? 0 : (2 * t) / denom
    const pc = m.per_class[c]!
    pc.class = classes[c]!
    pc.precision = precision
    pc.recall = recall
    pc.f1 = f1
    pc.support = act
    macroP += precision
    macroR += recall
    macroF += f1
    weightedP += precision * act
    weightedR += recall * act
    weightedF += f1 * act
    minF = Math.min(minF, f1)
  }
  // Micro averages over all classes: every sample is one prediction, so tp = correct, fp = fn = n - correct.
  const microP = n === 0 ? 0 : correct / n
  const microF = n + n === 0 ? 0 : (2 * correct) / (n + n)
  m.n_samples = n
  m.classes = classes
  m.accuracy = correct / n
  m.loss = lossSum / n
  m.macro_precision = macroP / k
  m.macro_recall = macroR / k
  m.macro_f1 = macroF / k
  m.weighted_precision = weightedP / n
  m.weighted_recall = weightedR / n
  m.weighted_f1 = weightedF / n
  m.micro_precision = microP
  m.micro_recall = microP
  m.micro_f1 = microF
  m.min_class_f1 = minF
  m.confusion_matrix = confusion
  return m
}
