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
    const logp = scores[start + y]! - max - Math.log(sum)
    return Math.min(Math.max(logp, LOG_EPS), Math.log1p(-EPS))
  }
  let sum = 0
  for (let j = 0; j < k; j++) sum += clip(scores[start + j]!)
  return Math.log(clip(scores[start + y]!) / sum)
}

function clip(p: number): number {
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p
}

export function updateClassification(state: ClassificationState, batch: ScoredBatch): ClassificationState {
  const k = state.numClasses
  for (let i = 0; i < batch.size; i++) {
    const y = batch.labels[i]!
    if (!(y >= 0 && y < k)) {
      throw new DataError(
        `test-data: sample ${batch.offset + i} has label ${y}, outside the model's ${k} classes (0–${k - 1}); ` +
          `check the labels, or class-names when labels are names`,
        'test-data'
      )
    }
    const start = i * k
    const p = argmax(batch.scores, start, k)
    state.confusion[y * k + p]! += 1
    state.lossSum -= logProbability(batch.scores, start, k, y, state.kind)
  }
  state.count += batch.size
  return state
}

/** Precision, recall and F1 from counts, with zero_division = 0 as scikit-learn. */
/** Precision, recall and F1 of one class from its counts (zero division gives 0, as scikit-learn). */
export function prf(tp: number, predicted: number, actual: number): [number, number, number] {
  const precision = predicted === 0 ? 0 : tp / predicted
  const recall = actual === 0 ? 0 : tp / actual
  // F from counts, as scikit-learn >= 1.3: 2tp / (2tp + fp + fn); 0 when the denominator is 0.
  const denom = predicted + actual
  const f1 = denom === 0 ? 0 : (2 * tp) / denom
  return [precision, recall, f1]
}

export function finalizeClassification(state: ClassificationState, classNames?: readonly string[]): ClassificationMetrics {
  const k = state.numClasses
  const n = state.count
  if (n === 0) throw new DataError('test-data holds no samples: point it at a non-empty test set', 'test-data')
  const classes = classNames && classNames.length === k ? [...classNames] : Array.from({ length: k }, (_, i) => String(i))

  const perClass: ClassMetrics[] = []
  const matrix: number[][] = []
  let correct = 0
  let macroP = 0
  let macroR = 0
  let macroF = 0
  let weightedP = 0
  let weightedR = 0
  let weightedF = 0
  for (let c = 0; c < k; c++) {
    let actual = 0
    let predicted = 0
    const row: number[] = []
    for (let j = 0; j < k; j++) {
      actual += state.confusion[c * k + j]!
      predicted += state.confusion[j * k + c]!
      row.push(state.confusion[c * k + j]!)
    }
    matrix.push(row)
    const tp = state.confusion[c * k + c]!
    correct += tp
    const [precision, recall, f1] = prf(tp, predicted, actual)
    perClass.push({ class: classes[c]!, precision, recall, f1, support: actual })
    macroP += precision
    macroR += recall
    macroF += f1
    weightedP += precision * actual
    weightedR += recall * actual
    weightedF += f1 * actual
  }
  // Micro averages over all classes: every sample is one prediction, so tp = correct, fp = fn = n - correct.
  const [microP, microR, microF] = prf(correct, n, n)
  return {
    n_samples: n,
    classes,
    accuracy: correct / n,
    loss: state.lossSum / n,
    macro_precision: macroP / k,
    macro_recall: macroR / k,
    macro_f1: macroF / k,
    weighted_precision: weightedP / n,
    weighted_recall: weightedR / n,
    weighted_f1: weightedF / n,
    micro_precision: microP,
    micro_recall: microR,
    micro_f1: microF,
    min_class_f1: Math.min(...perClass.map((c) => c.f1)),
    per_class: perClass,
    confusion_matrix: matrix
  }
}
