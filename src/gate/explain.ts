/**
 * A failed check says why in one line: the value and the condition, and for a `_vs_baseline`
 * check the baseline's value, the change, the drop or gain allowed and what the significance test
 * found. The same line goes into the ::error:: line, the log, the gate table and the
 * model_gate.failed_checks tag, so no reader has to recompute anything.
 */
import { formatP, round4, signed4 } from '../report/format.js'
import type { Check } from './decide.js'
import { LOWER_IS_BETTER, metricFamily } from './thresholds.js'

/** `better` or `worse` for a change of `delta` in `metric` (a loss going up is worse). */
export function direction(metric: string, delta: number): 'better' | 'worse' | 'same' {
  if (delta === 0) return 'same'
  const lower = LOWER_IS_BETTER.has(metricFamily(metric.replace(/_vs_baseline$/, '')))
  return (delta > 0) !== lower ? 'better' : 'worse'
}

export function significanceText(c: Check): string | undefined {
  const s = c.significance
  if (!s) return undefined
  const test = s.test === 'mcnemar'
    ? `McNemar p = ${formatP(s.p_value!)}`
    : `paired bootstrap ${Math.round((1 - s.alpha) * 1000) / 10}% interval of the difference [${signed4(s.interval[0])}, ${signed4(s.interval[1])}]`
  return `${s.significant ? 'significant' : 'not significant'} at ${s.alpha}: ${test}`
}

/** The condition and, for baseline checks, the comparison in words; without the metric's name. */
export function explainCondition(c: Check): string {
  if (c.op !== 'max_drop' && c.op !== 'min_gain') return `${round4(c.value)}, needs ${c.op} ${c.threshold}`
  if (c.baseline === null || c.baseline === undefined) return `${round4(c.value)}; no baseline model yet, so a first run passes`
  const delta = c.value - c.baseline
  const dir = direction(c.metric, delta)
  const allowed = c.op === 'max_drop' ? `allowed drop ${c.threshold}` : `required gain ${c.threshold}`
  const parts = [`${round4(c.value)} vs baseline ${round4(c.baseline)}: change ${signed4(delta)}${dir === 'same' ? '' : ` (${dir})`}, ${allowed}`]
  const sig = significanceText(c)
  if (sig) parts.push(sig)
  return parts.join('; ')
}

/** `accuracy_vs_baseline = 0.9444 vs baseline 0.9556: change −0.0111 (worse), allowed drop 0.005`. */
export function explainCheck(c: Check): string {
  return `${c.metric} = ${explainCondition(c)}`
}
