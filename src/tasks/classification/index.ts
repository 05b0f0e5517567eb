/** Classification: class scores against class labels (indices, or names through class-names). */
import type { ClassificationMetrics } from '../../metrics/classification.js'
import type { Task } from '../task.js'
import { readMetricsJson } from './baseline.js'
import { evaluate, type Evaluation } from './evaluate.js'
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
  report: classificationReport
}

