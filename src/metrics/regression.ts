/**
 * Regression metrics as a pure accumulator, equal to scikit-learn's r2_score,
 * mean_squared_error, mean_absolute_error and RMSE = sqrt(MSE), for a single output.
 * Per-sample predictions and targets are kept (16 bytes a sample) for R², bootstrap intervals
 * and paired comparison.
 */
import { DataError } from '../errors.js'
import type { RegressionSamples } from './bootstrap.js'

export interface RegressionState {
  predicted: Float64Array
  target: Float64Array
  count: number
}

export interface RegressionMetrics {
  readonly n_samples: number
  readonly r2: number
  readonly mse: number
  readonly rmse: number
  readonly mae: number
}

export function initRegression(capacity = 1024): RegressionState {
  return { predicted: new Float64Array(capacity), target: new Float64Array(capacity), count: 0 }
}

export function updateRegression(state: RegressionState, predicted: ArrayLike<number>, target: ArrayLike<number>, size: number): RegressionState {
  const need = state.count + size
  if (need > state.target.length) {
    const cap = Math.max(need, state.target.length * 2)
    const p = new Float64Array(cap)
    p.set(state.predicted.subarray(0, state.count))
    const t = new Float64Array(cap)
    t.set(state.target.subarray(0, state.count))
    state.predicted = p
    state.target = t
  }
  for (let i = 0; i < size; i++) {
    state.predicted[state.count + i] = predicted[i]!
    state.target[state.count + i] = target[i]!
  }
  state.count = need
  return state
}

export function regressionSamples(state: RegressionState): RegressionSamples {
  return { predicted: state.predicted.slice(0, state.count), target: state.target.slice(0, state.count) }
}

export function finalizeRegression(state: RegressionState): RegressionMetrics {
  const n = state.count
  if (n === 0) throw new DataError('test-data holds no samples: point it at a non-empty test set', 'test-data')
  let mean = 0
  for (let i = 0; i < n; i++) mean += state.target[i]!
  mean /= n
  let se = 0
  let ae = 0
  let ss = 0
  for (let i = 0; i < n; i++) {
    const t = state.target[i]!
    const e = t - state.predicted[i]!
    se += e * e
    ae += Math.abs(e)
    ss += (t - mean) * (t - mean)
  }
  const mse = se / n
  // scikit-learn's r2_score: a constant target scores 1 for a perfect fit and 0 otherwise.
  const r2 = ss !== 0 ? 1 - se / ss : se === 0 ? 1 : 0
  return { n_samples: n, r2, mse, rmse: Math.sqrt(mse), mae: ae / n }
}
