/**
 * The gate decision: a pure function from metric values and thresholds to a verdict that lists
 * every check with its value, operator and threshold.
 */
import { ThresholdError } from '../errors.js'
import { LOWER_IS_BETTER, metricFamily, type Op, type Threshold } from './thresholds.js'

export interface Check {
  readonly metric: string
  readonly op: Op | 'max_drop' | 'min_gain'
  readonly threshold: number
  readonly value: number
  readonly passed: boolean
  /** For baseline checks: the baseline's value (null on a first run with no baseline). */
  readonly baseline?: number | null
  readonly note?: string
}

export interface Verdict {
  readonly passed: boolean
  readonly checks: readonly Check[]
}

/** Looks a metric up by its threshold name (e.g. `f1[cat]`); undefined when it does not apply. */
export type MetricLookup = (metric: string) => number | undefined

// Baseline comparisons subtract two measured values; allow for the rounding of that subtraction.
const ROUNDING = 1e-12

function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>=': return value >= threshold
    case '>': return value > threshold
    case '<=': return value <= threshold
    case '<': return value < threshold
  }
}

export function decide(thresholds: readonly Threshold[], current: MetricLookup, baseline?: MetricLookup): Verdict {
  const checks: Check[] = []
  for (const t of thresholds) {
    const value = current(t.metric)
    if (value === undefined) {
      throw new ThresholdError(`input 'thresholds' uses '${t.metric}', which this evaluation does not produce; remove it or check the class name, k or model kind`, 'thresholds')
    }
    if (t.kind === 'bound') {
      checks.push({ metric: t.metric, op: t.op, threshold: t.value, value, passed: compare(value, t.op, t.value) })
      continue
    }
    const base = baseline?.(t.metric)
    const metric = `${t.metric}_vs_baseline`
    // Positive `gain` is an improvement whichever direction the metric runs.
    const sign = LOWER_IS_BETTER.has(metricFamily(t.metric)) ? -1 : 1
    const gain = base === undefined ? 0 : sign * (value - base)
    if (t.maxDrop !== undefined) {
      checks.push(
        base === undefined
          ? { metric, op: 'max_drop', threshold: t.maxDrop, value, baseline: null, passed: true, note: 'no baseline model yet: first run passes' }
          : { metric, op: 'max_drop', threshold: t.maxDrop, value, baseline: base, passed: -gain <= t.maxDrop + ROUNDING }
      )
    }
    if (t.minGain !== undefined) {
      checks.push(
        base === undefined
          ? { metric, op: 'min_gain', threshold: t.minGain, value, baseline: null, passed: true, note: 'no baseline model yet: first run passes' }
          : { metric, op: 'min_gain', threshold: t.minGain, value, baseline: base, passed: gain >= t.minGain - ROUNDING }
      )
    }
  }
  return { passed: checks.every((c) => c.passed), checks }
}
