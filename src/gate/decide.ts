/**
 * The gate decision: a pure function from metric values and thresholds to a verdict that lists
 * every check with its value, operator and threshold. It reads metrics only through lookups, so
 * it knows no task and no metric's internals.
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
  /** For `significance:` checks: the level asked for and what the paired test found. */
  readonly significance?: Significance & { readonly alpha: number }
}

export interface Verdict {
  readonly passed: boolean
  readonly checks: readonly Check[]
}

/** Looks a metric up by its threshold name (e.g. `f1[cat]`); undefined when it does not apply. */
export type MetricLookup = (metric: string) => number | undefined

/** What the gate needs to judge whether a difference is significant at level α. */
export interface Significance {
  /** `mcnemar` for accuracy of classifiers, else `paired_bootstrap`. */
  readonly test: 'mcnemar' | 'paired_bootstrap'
  /** McNemar's p-value; null for the bootstrap, which gives an interval instead. */
  readonly p_value: number | null
  /** Two-sided (1 − α) paired-bootstrap interval of model − baseline. */
  readonly interval: readonly [number, number]
  /** Whether model and baseline differ at level α. */
  readonly significant: boolean
}

export type SignificanceLookup = (metric: string, alpha: number) => Significance | undefined

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

export function decide(
  thresholds: readonly Threshold[],
  current: MetricLookup,
  baseline?: MetricLookup,
  significance?: SignificanceLookup
): Verdict {
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
    let sig: (Significance & { alpha: number }) | undefined
    if (t.significance !== undefined && base !== undefined) {
      const s = significance?.(t.metric, t.significance)
      if (!s) {
        throw new ThresholdError(
          `input 'thresholds': '${metric}' asks for significance, which needs both models' per-sample outcomes on this test set; ` +
            `give baseline as an .onnx path or a registry model (not a metrics.json), or drop significance`,
          'thresholds'
        )
      }
      sig = { ...s, alpha: t.significance }
    }
    const why = sig ? significanceNote(sig) : undefined
    const first = { metric, value, baseline: null, passed: true, note: 'no baseline model yet: first run passes' } as const
    if (t.maxDrop !== undefined) {
      if (base === undefined) checks.push({ ...first, op: 'max_drop', threshold: t.maxDrop })
      else {
        const dropped = -gain > t.maxDrop + ROUNDING
        // With significance, a drop beyond max_drop fails only when the test says it is real.
        const passed = !dropped || (sig !== undefined && !sig.significant)
        checks.push({ metric, op: 'max_drop', threshold: t.maxDrop, value, baseline: base, passed, ...(sig ? { significance: sig, note: why } : {}) })
      }
    }
    if (t.minGain !== undefined) {
      if (base === undefined) checks.push({ ...first, op: 'min_gain', threshold: t.minGain, value, baseline: null })
      else {
        const enough = gain >= t.minGain - ROUNDING
        // With significance, the gain must also be a significant improvement.
        const passed = enough && (sig === undefined || (sig.significant && gain > 0))
        checks.push({ metric, op: 'min_gain', threshold: t.minGain, value, baseline: base, passed, ...(sig ? { significance: sig, note: why } : {}) })
      }
    }
  }
  return { passed: checks.every((c) => c.passed), checks }
}

function significanceNote(s: Significance & { alpha: number }): string {
  const test = s.test === 'mcnemar' ? `McNemar p = ${formatP(s.p_value!)}` : `paired bootstrap ${Math.round((1 - s.alpha) * 1000) / 10}% interval of the difference [${s.interval[0].toFixed(4)}, ${s.interval[1].toFixed(4)}]`
  return `${s.significant ? 'significant' : 'not significant'} at ${s.alpha}: ${test}`
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4)
}
