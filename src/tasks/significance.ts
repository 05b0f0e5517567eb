/** The significance rule the gate applies to `<metric>_vs_baseline`, from a task's paired statistics. */
import type { SignificanceLookup } from '../gate/decide.js'
import { percentileInterval, type Replicates } from '../metrics/bootstrap.js'
import type { McNemar } from '../metrics/paired.js'

/**
 * Significance from a paired bootstrap (every metric) and McNemar (accuracy of classifiers):
 * accuracy is significant when McNemar's p < α; any other metric when the (1 − α) interval of
 * the paired difference excludes 0.
 */
export function significanceLookup(differences: Replicates, mcnemar: McNemar | undefined): SignificanceLookup {
  return (metric, alpha) => {
    const sorted = differences[metric]
    if (!sorted) return undefined
    const interval = percentileInterval(sorted, 1 - alpha)
    if (metric === 'accuracy' && mcnemar) {
      return { test: 'mcnemar', p_value: mcnemar.p_value, interval, significant: mcnemar.p_value < alpha }
    }
    return { test: 'paired_bootstrap', p_value: null, interval, significant: interval[0] > 0 || interval[1] < 0 }
  }
}
