import type { ClassificationMetrics } from './classification.js'

/** Resolves threshold names (accuracy, f1[cat], recall[3]) against classification metrics. */
export function classificationLookup(m: ClassificationMetrics, extra: Readonly<Record<string, number>> = {}): (metric: string) => number | undefined {
  return (metric) => {
    const indexed = /^(f1|precision|recall)\[(.+)\]$/.exec(metric)
    if (indexed) {
      const key = indexed[2]!
      let c = m.classes.indexOf(key)
      if (c < 0 && /^\d+$/.test(key) && Number(key) < m.classes.length) c = Number(key)
      return c < 0 ? undefined : m.per_class[c]![indexed[1] as 'f1' | 'precision' | 'recall']
    }
    if (metric in extra) return extra[metric]
    const v = (m as unknown as Record<string, unknown>)[metric]
    return typeof v === 'number' ? v : undefined
  }
}
