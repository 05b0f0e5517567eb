/**
 * The statistics of a regression run: metric lookups, bootstrap confidence intervals, and the paired
 * bootstrap against a baseline model that `significance:` thresholds use. Pure.
 */
import { ThresholdError } from '../../errors.js'
import type { MetricLookup, SignificanceLookup } from '../../gate/decide.js'
import type { Threshold } from '../../gate/thresholds.js'
import {
  BOOTSTRAP_DEFAULTS,
  DEFAULT_LEVEL,
  REGRESSION_METRICS,
  bootstrapRegression,
  pairedBootstrapRegression,
  percentileInterval,
  type BootstrapOptions,
  type Replicates
} from '../../metrics/bootstrap.js'
import type { RegressionMetrics } from '../../metrics/regression.js'
import { significanceLookup } from '../significance.js'
import type { Baseline } from '../task.js'
import type { RegressionEvaluation } from './evaluate.js'

/** What a regression metrics.json holds, and so what a baseline is reduced to. */
export type RegressionSummary = Pick<RegressionMetrics, 'r2' | 'mse' | 'rmse' | 'mae'>

export interface Interval {
  readonly value: number
  readonly low: number
  readonly high: number
}

export interface RegressionStatistics {
  readonly current: MetricLookup
  readonly baseline: MetricLookup
  readonly significance: SignificanceLookup | undefined
  readonly confidence_intervals: { method: 'percentile_bootstrap'; level: number; resamples: number; seed: number; metrics: Record<string, Interval> }
  readonly comparison: {
    baseline: string
    n_samples: number
    paired_bootstrap: { level: number; resamples: number; seed: number; differences: Record<string, Interval> }
  } | null
}

export const regressionLookup = (m: Partial<Record<string, unknown>>): MetricLookup => (metric) =>
  (REGRESSION_METRICS as readonly string[]).includes(metric) && typeof m[metric] === 'number' ? (m[metric] as number) : undefined

function intervals(sorted: Replicates, observed: MetricLookup): Record<string, Interval> {
  return Object.fromEntries(
    Object.entries(sorted).map(([metric, values]) => {
      const [low, high] = percentileInterval(values, DEFAULT_LEVEL)
      return [metric, { value: observed(metric)!, low, high }]
    })
  )
}

export function analyseRegression(
  e: RegressionEvaluation,
  baseline: Baseline<RegressionEvaluation, RegressionSummary> | undefined,
  thresholds: readonly Threshold[],
  options: BootstrapOptions = BOOTSTRAP_DEFAULTS
): RegressionStatistics {
  const current = regressionLookup(e.metrics as unknown as Record<string, unknown>)
  const baseLookup = baseline ? regressionLookup(baseline.metrics) : () => undefined
  const wanted = thresholds.filter((t) => t.kind === 'baseline' && t.significance !== undefined).map((t) => t.metric)
  const other = baseline?.evaluation
  if (other && other.samples.target.some((y, i) => y !== e.samples.target[i])) {
    throw new ThresholdError(`input 'baseline': the baseline model's targets differ from this run's, so the two were not scored on the same test set`, 'baseline')
  }
  const paired = other
    ? pairedBootstrapRegression(e.samples, other.samples, [...new Set([...REGRESSION_METRICS, ...wanted.filter((m) => current(m) !== undefined)])], options)
    : undefined
  const ci = bootstrapRegression(e.samples, REGRESSION_METRICS, options)
  const diff: MetricLookup = (m) => current(m)! - baseLookup(m)!
  return {
    current,
    baseline: baseLookup,
    significance: paired ? significanceLookup(paired, undefined) : undefined,
    confidence_intervals: { method: 'percentile_bootstrap', level: DEFAULT_LEVEL, ...options, metrics: intervals(ci, current) },
    comparison:
      baseline && paired
        ? { baseline: baseline.source, n_samples: e.n_samples, paired_bootstrap: { level: DEFAULT_LEVEL, ...options, differences: intervals(paired, diff) } }
        : null
  }
}
