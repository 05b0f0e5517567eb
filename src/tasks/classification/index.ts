/** Classification: class scores against class labels (indices, or names through class-names). */
import type { ClassificationMetrics } from '../../metrics/classification.js'
import type { ShardRows, Task } from '../task.js'
import { readMetricsJson } from './baseline.js'
import { evaluate, replayClassification, type ClassificationRows, type Evaluation } from './evaluate.js'
import { classificationReport } from './report.js'
import { analyse, type Statistics } from './statistics.js'

export const classification: Task<Evaluation, ClassificationMetrics, Statistics> = {
  name: 'classification',
  evaluate: (model, testSet, options, runtime, log) => evaluate(model.path, model.uri, testSet, options, runtime, log),
  describe: ({ metrics: m }) => `accuracy ${m.accuracy.toFixed(4)}, macro F1 ${m.macro_f1.toFixed(4)}, loss ${m.loss.toFixed(4)}`,
  metricsOf: (e) => e.metrics,
  readMetricsJson,
  analyse: (e, baseline, thresholds) => analyse(e, baseline, thresholds),
  headline: ({ metrics: m }) => ({ accuracy: m.accuracy, macro_f1: m.macro_f1, loss: m.loss }),
  report: classificationReport,
  rowsOf: (e) => {
    const r = e.rows!
    return { labels: r.labels, scores: r.scores, num_classes: r.numClasses, kind: r.kind, class_names: r.classNames }
  },
  replay: (rows, model, runtime, batchSize) => replayClassification(classificationRows(rows), model, runtime, batchSize)
}

function classificationRows(r: ShardRows): ClassificationRows {
  return {
    labels: r.labels as Int32Array,
    scores: r.scores as Float64Array,
    numClasses: r.num_classes as number,
    kind: r.kind as ClassificationRows['kind'],
    classNames: (r.class_names as readonly string[] | null) ?? null
  }
}

