/**
 * The gate for regression models: evaluate, compare with a baseline, decide, write metrics.json
 * and the report. The classification pipeline hands over here when the task is regression.
 */
import path from 'node:path'
import type { TestSet } from '../data/types.js'
import { InputError } from '../errors.js'
import { readTextFile } from '../files.js'
import { decide, type MetricLookup } from '../gate/decide.js'
import type { Config } from '../inputs.js'
import {
  BOOTSTRAP_DEFAULTS,
  DEFAULT_LEVEL,
  REGRESSION_METRICS,
  bootstrapRegression,
  pairedBootstrapRegression,
  percentileInterval,
  type Replicates
} from '../metrics/bootstrap.js'
import { significanceLookup } from '../metrics/paired.js'
import type { RegressionMetrics } from '../metrics/regression.js'
import { localModels } from '../model/source.js'
import type { Deps } from '../pipeline.js'
import { renderRegressionMarkdown } from '../report/regression.js'
import { evaluateRegression, type RegressionEvaluation } from './evaluate.js'
import type { TargetMap } from './targets.js'

export interface RegressionOutcome {
  readonly document: Record<string, unknown> & { readonly gate: ReturnType<typeof decide> }
  readonly markdown: string
  readonly passed: boolean
  readonly modelVersion: string | undefined
}

interface RegressionBaseline {
  readonly source: string
  readonly version: string | undefined
  readonly metrics: Pick<RegressionMetrics, 'r2' | 'mse' | 'rmse' | 'mae'>
  readonly evaluation: RegressionEvaluation | undefined
}

const lookupOf = (m: Partial<Record<string, unknown>>): MetricLookup => (metric) =>
  (REGRESSION_METRICS as readonly string[]).includes(metric) && typeof m[metric] === 'number' ? (m[metric] as number) : undefined

function intervals(sorted: Replicates, observed: MetricLookup): Record<string, { value: number; low: number; high: number }> {
  return Object.fromEntries(
    Object.entries(sorted).map(([metric, values]) => {
      const [low, high] = percentileInterval(values, DEFAULT_LEVEL)
      return [metric, { value: observed(metric)!, low, high }]
    })
  )
}

export async function runRegressionGate(config: Config, deps: Deps, testSet: TestSet, targets: TargetMap): Promise<RegressionOutcome> {
  const { log } = deps
  const models = deps.models ?? localModels
  const evaluated = await log.group('Evaluate', async () => {
    const model = (await models.resolve(config.model, 'model'))!
    const result = await evaluateRegression(path.resolve(model.path), model.uri, testSet, targets, config, deps.runtime, log)
    const m = result.metrics
    log.info(`regression: ${m.n_samples} samples in ${result.runtime.seconds.toFixed(2)} s: R² ${m.r2.toFixed(4)}, RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}`)
    const baseline = await loadRegressionBaseline(config, testSet, targets, deps)
    return { model, result, baseline, data: { path: config.testData, sha256: await testSet.sha256() } }
  })
  const { result, baseline } = evaluated
  const current = lookupOf(result.metrics as unknown as Record<string, unknown>)
  const baseLookup = baseline ? lookupOf(baseline.metrics) : () => undefined
  const wanted = config.thresholds.filter((t) => t.kind === 'baseline' && t.significance !== undefined).map((t) => t.metric)
  const paired = baseline?.evaluation
    ? pairedBootstrapRegression(result.samples, baseline.evaluation.samples, [...new Set([...REGRESSION_METRICS, ...wanted.filter((m) => current(m) !== undefined)])], BOOTSTRAP_DEFAULTS)
    : undefined

  const verdict = await log.group('Gate', async () => {
    const v = decide(config.thresholds, current, baseLookup, paired ? significanceLookup(paired, undefined) : undefined)
    if (v.checks.length === 0) log.warning('no thresholds were set: the gate passes on any result; set the thresholds input')
    for (const c of v.checks) log.info(`${c.passed ? 'pass' : 'FAIL'}  ${c.metric} = ${c.value} (${c.op} ${c.threshold})`)
    log.info(`gate ${v.passed ? 'passed' : 'failed'}`)
    return v
  })

  const ci = bootstrapRegression(result.samples, REGRESSION_METRICS, BOOTSTRAP_DEFAULTS)
  const diff: MetricLookup = (m) => current(m)! - baseLookup(m)!
  const document = {
    schema_version: 1 as const,
    task: 'regression',
    model: result.model,
    data: evaluated.data,
    n_samples: result.metrics.n_samples,
    r2: result.metrics.r2,
    mse: result.metrics.mse,
    rmse: result.metrics.rmse,
    mae: result.metrics.mae,
    confidence_intervals: { method: 'percentile_bootstrap', level: DEFAULT_LEVEL, ...BOOTSTRAP_DEFAULTS, metrics: intervals(ci, current) },
    baseline: baseline ? { source: baseline.source, version: baseline.version ?? null, sha256: baseline.evaluation?.model.sha256 ?? null, ...baseline.metrics } : null,
    comparison:
      baseline && paired
        ? { baseline: baseline.source, n_samples: result.metrics.n_samples, paired_bootstrap: { level: DEFAULT_LEVEL, ...BOOTSTRAP_DEFAULTS, differences: intervals(paired, diff) } }
        : null,
    gate: verdict,
    runtime: result.runtime,
    promotion: null
  }
  return { document, markdown: renderRegressionMarkdown(document), passed: verdict.passed, modelVersion: evaluated.model.version }
}

async function loadRegressionBaseline(config: Config, testSet: TestSet, targets: TargetMap, deps: Deps): Promise<RegressionBaseline | undefined> {
  const ref = config.baseline
  if (ref === undefined) return undefined
  if (path.extname(ref).toLowerCase() === '.json') {
    const text = await readTextFile(ref, { label: "input 'baseline'", input: 'baseline' })
    let doc: Record<string, unknown>
    try {
      doc = JSON.parse(text)
    } catch (e) {
      throw new InputError(`input 'baseline': cannot read ${ref} as metrics.json (${(e as Error).message}); give a metrics.json written by model-gate`, 'baseline')
    }
    if (doc.schema_version !== 1 || !REGRESSION_METRICS.every((m) => typeof doc[m] === 'number')) {
      throw new InputError(`input 'baseline': ${ref} is not the metrics.json of a regression run (schema_version 1 with r2, mse, rmse, mae)`, 'baseline')
    }
    const [r2, mse, rmse, mae] = REGRESSION_METRICS.map((m) => doc[m] as number)
    return { source: ref, version: undefined, metrics: { r2: r2!, mse: mse!, rmse: rmse!, mae: mae! }, evaluation: undefined }
  }
  const models = deps.models ?? localModels
  const resolved = await models.resolve(ref, 'baseline')
  if (resolved === undefined) {
    deps.log.info(`baseline ${ref}: ${models.absence ?? 'no such model yet (first run)'}; baseline checks pass`)
    return undefined
  }
  const evaluation = await evaluateRegression(path.resolve(resolved.path), resolved.uri, testSet, targets, { ...config, modelInput: 'baseline' }, deps.runtime, deps.log)
  const m = evaluation.metrics
  deps.log.info(`baseline ${resolved.uri}: R² ${m.r2.toFixed(4)}, RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}`)
  return { source: resolved.uri, version: resolved.version, metrics: { r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae }, evaluation }
}
