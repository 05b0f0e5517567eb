import type { ClassificationMetrics } from './classification.js'

const INDEXED = /^(f1|precision|recall)\[(.+)\]$/

/**
 * The reader of one threshold name (accuracy, f1[cat], recall[3]), parsed once: the bootstrap reads
 * the same few names from a thousand replicates.
 */
export function classificationPicker(metric: string, classes: readonly string[]): (m: ClassificationMetrics) => number | undefined {
  const indexed = INDEXED.exec(metric)
  if (indexed) {
    const key = indexed[2]!
    let c = classes.indexOf(key)
    if (c < 0 && /^\d+$/.test(key) && Number(key) < classes.length) c = Number(key)
    const field = indexed[1] as 'f1' | 'precision' | 'recall'
    return c < 0 ? () => undefined : (m) => m.per_class[c]![field]
  }
  return (m) => {
    const v = (m as unknown as Record<string, unknown>)[metric]
    return typeof v === 'number' ? v : undefined
  }
}

/** Resolves threshold names (accuracy, f1[cat], recall[3]) against classification metrics. */
export function classificationLookup(m: ClassificationMetrics, extra: Readonly<Record<string, number>> = {}): (metric: string) => number | undefined {
  return (metric) => (!INDEXED.test(metric) && metric in extra ? extra[metric] : classificationPicker(metric, m.classes)(m))
}
