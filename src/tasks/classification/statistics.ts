/**
 * The statistics around one evaluation: metric lookups with the probability metrics, bootstrap
 * confidence intervals, and the paired comparison with a baseline model (McNemar + paired
 * bootstrap) that `significance:` thresholds use. Pure: evaluations in, numbers out.
 */
import { ThresholdError } from '../../errors.js'
import type { MetricLookup, SignificanceLookup } from '../../gate/decide.js'
import type { Threshold } from '../../gate/thresholds.js'
import {
  BOOTSTRAP_DEFAULTS,
  DEFAULT_LEVEL,
  bootstrapClassification,
  pairedBootstrapClassification,
  percentileInterval,
  type BootstrapOptions,
  type Replicates
} from '../../metrics/bootstrap.js'
import type { ClassificationMetrics } from '../../metrics/classification.js'
import { classificationLookup } from '../../metrics/lookup.js'
import { mcnemarExact, type McNemar } from '../../metrics/paired.js'
import type { ProbabilityMetrics } from '../../metrics/probability.js'
import { significanceLookup } from '../significance.js'
import type { Baseline } from '../task.js'
import type { Evaluation } from './evaluate.js'

/** Metrics shown with a confidence interval in reports. */
export const INTERVAL_METRICS = ['accuracy', 'macro_f1', 'loss'] as const

const TOP_K = /^top_k_accuracy\[(\d+)\]$/

/** Threshold-name lookup over the classification and the probability metrics of an evaluation. */
export function evaluationLookup(e: Pick<Evaluation, 'metrics' | 'probability'>): MetricLookup {
  const p = e.probability
  const extra: Record<string, number> = {}
  if (p) {
    extra.ece = p.ece
    extra.brier = p.brier
    if (p.roc_auc !== null) extra.roc_auc = p.roc_auc
    if (p.average_precision !== null) extra.average_precision = p.average_precision
  }
  const base = classificationLookup(e.metrics, extra)
  return (metric) => {
    const k = TOP_K.exec(metric)
    if (k) {
      if (!p) return undefined
      // k at or past the number of classes always hits, as scikit-learn (which warns) computes.
      return p.top_k_accuracy[Math.min(Number(k[1]), p.top_k_accuracy.length) - 1]
    }
    return base(metric)
  }
}

export interface Interval {
  readonly value: number
  readonly low: number
  readonly high: number
}

export interface ConfidenceIntervals {
  readonly method: 'percentile_bootstrap'
  readonly level: number
  readonly resamples: number
  readonly seed: number
  readonly metrics: Readonly<Record<string, Interval>>
}

export interface Comparison {
  readonly baseline: string
  readonly n_samples: number
  readonly mcnemar: McNemar
  readonly paired_bootstrap: {
    readonly level: number
    readonly resamples: number
    readonly seed: number
    /** model − baseline: the observed difference and its interval. */
    readonly differences: Readonly<Record<string, Interval>>
  }
}

export interface Statistics {
  readonly current: MetricLookup
  readonly baseline: MetricLookup
  readonly significance: SignificanceLookup | undefined
  readonly confidence_intervals: ConfidenceIntervals
  readonly comparison: Comparison | null
  readonly probability: ProbabilityMetrics | undefined
}

function intervals(sorted: Replicates, observed: MetricLookup, level: number): Record<string, Interval> {
  const out: Record<string, Interval> = {}
  for (const [metric, values] of Object.entries(sorted)) {
    const [low, high] = percentileInterval(values, level)
    out[metric] = { value: observed(metric)!, low, high }
  }
  return out
}

/** Metrics whose paired bootstrap can be computed from per-sample outcomes (label, prediction, loss). */
function pairable(metric: string, lookup: MetricLookup): boolean {
  return !/^(ece|brier|roc_auc|average_precision|top_k_accuracy\[.*\])$/.test(metric) && lookup(metric) !== undefined
}

export function analyse(
  evaluation: Evaluation,
  baseline: Baseline<Evaluation, ClassificationMetrics> | undefined,
  thresholds: readonly Threshold[],
  options: BootstrapOptions = BOOTSTRAP_DEFAULTS
): Statistics {
  const m = evaluation.metrics
  const k = m.classes.length
  const current = evaluationLookup(evaluation)
  const ci = bootstrapClassification(evaluation.samples, k, m.classes, INTERVAL_METRICS, options)
  const confidence_intervals: ConfidenceIntervals = {
    method: 'percentile_bootstrap',
    level: DEFAULT_LEVEL,
    resamples: options.resamples,
    seed: options.seed,
    metrics: intervals(ci, current, DEFAULT_LEVEL)
  }
  const base = baseline?.evaluation
  const baselineLookup = base ? evaluationLookup(base) : baseline ? classificationLookup(baseline.metrics) : () => undefined
  const wanted = thresholds.filter((t) => t.kind === 'baseline' && t.significance !== undefined).map((t) => t.metric)
  for (const metric of wanted) {
    if (!pairable(metric, current)) {
      throw new ThresholdError(
        `input 'thresholds': '${metric}_vs_baseline' asks for significance, which model-gate tests for accuracy, loss and the ` +
          `precision/recall/F1 family (McNemar and paired bootstrap); drop significance for '${metric}'`,
        'thresholds'
      )
    }
  }
  if (!base) return { current, baseline: baselineLookup, significance: undefined, confidence_intervals, comparison: null, probability: evaluation.probability }

  const s = evaluation.samples
  const b = base.samples
  if (s.labels.length !== b.labels.length || s.labels.some((y, i) => y !== b.labels[i])) {
    throw new ThresholdError(`input 'baseline': the baseline model's labels differ from this run's, so the two were not scored on the same test set`, 'baseline')
  }
  const metrics = [...new Set<string>([...INTERVAL_METRICS, ...wanted])]
  const differences = pairedBootstrapClassification(s, b, k, m.classes, metrics, options)
  const mcnemar = mcnemarExact(s.labels, s.predicted, b.predicted)
  const observedDiff: MetricLookup = (metric) => current(metric)! - baselineLookup(metric)!
  return {
    current,
    baseline: baselineLookup,
    significance: significanceLookup(differences, mcnemar),
    confidence_intervals,
    comparison: {
      baseline: baseline.source,
      n_samples: s.labels.length,
      mcnemar,
      paired_bootstrap: { level: DEFAULT_LEVEL, resamples: options.resamples, seed: options.seed, differences: intervals(differences, observedDiff, DEFAULT_LEVEL) }
    },
    probability: evaluation.probability
  }
}
