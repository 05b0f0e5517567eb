/** Regression: one continuous output against float targets, gated on r2, mse, rmse, mae. */
import { InputError } from '../../errors.js'
import { readTextFile } from '../../files.js'
import { REGRESSION_METRICS } from '../../metrics/bootstrap.js'
import type { Task } from '../task.js'
import { evaluateRegression, replayRegression, targetValue, type RegressionEvaluation } from './evaluate.js'
import { regressionReport } from './report.js'
import { analyseRegression, type RegressionStatistics, type RegressionSummary } from './statistics.js'

async function readMetricsJson(file: string): Promise<RegressionSummary> {
  const text = await readTextFile(file, { label: "input 'baseline'", input: 'baseline' })
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new InputError(`input 'baseline': cannot read ${file} as metrics.json (${(e as Error).message}); give a metrics.json written by model-gate`, 'baseline')
  }
  if (doc.schema_version !== 1 || !REGRESSION_METRICS.every((m) => typeof doc[m] === 'number')) {
    throw new InputError(`input 'baseline': ${file} is not the metrics.json of a regression run (schema_version 1 with r2, mse, rmse, mae)`, 'baseline')
  }
  const [r2, mse, rmse, mae] = REGRESSION_METRICS.map((m) => doc[m] as number)
  return { r2: r2!, mse: mse!, rmse: rmse!, mae: mae! }
}

export const regression: Task<RegressionEvaluation, RegressionSummary, RegressionStatistics> = {
  name: 'regression',
  // A label that cannot be a class index — a fraction, or below 0 — is a regression target.
  claims: (labels) =>
    labels.some((raw) => {
      const v = targetValue(raw)
      return Number.isFinite(v) && (!Number.isInteger(v) || v < 0)
    }),
  evaluate: (model, testSet, options, runtime, log) => evaluateRegression(model.path, model.uri, testSet, options, runtime, log),
  describe: ({ metrics: m }) => `R² ${m.r2.toFixed(4)}, RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}`,
  metricsOf: ({ metrics: m }) => ({ r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae }),
  readMetricsJson,
  analyse: (e, baseline, thresholds) => analyseRegression(e, baseline, thresholds),
  headline: ({ metrics: m }) => ({ r2: m.r2, rmse: m.rmse, mae: m.mae }),
  report: regressionReport,
  rowsOf: (e) => ({ predicted: e.rows!.predicted, target: e.rows!.target }),
  replay: (rows, model, runtime, batchSize) => replayRegression({ predicted: rows.predicted as Float64Array, target: rows.target as Float64Array }, model, runtime, batchSize)
}
