/**
 * The Action's main job, shared by main.ts and the CLI: evaluate, gate, write the reports.
 * It never imports @actions/*; every outside effect comes in through `deps`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { baselineSummary, loadBaseline } from './baseline.js'
import { openTestSet } from './data/index.js'
import { evaluate } from './engine.js'
import { InputError, ModelGateError } from './errors.js'
import { decide } from './gate/decide.js'
import type { Config } from './inputs.js'
import type { Logger } from './log.js'
import { classificationLookup } from './metrics/lookup.js'
import { localModels, type ModelSource } from './model/source.js'
import type { Runtime } from './model/types.js'
import { writeExtraReportFiles } from './report/extra-files.js'
import { renderMarkdown } from './report/markdown.js'
import { metricsDocument, type MetricsDocument } from './report/metrics-json.js'

export interface Deps {
  readonly runtime: Runtime
  readonly log: Logger
  /** Resolves `model` and `baseline` references; local files when absent. */
  readonly models?: ModelSource
}

export interface Outcome {
  readonly document: MetricsDocument
  readonly markdown: string
  readonly metricsFile: string
  readonly reportFile: string
  readonly passed: boolean
  readonly promoted: boolean
  readonly modelVersion: string | undefined
}

export async function runModelGate(config: Config, deps: Deps): Promise<Outcome> {
  const { log } = deps
  const models = deps.models ?? localModels
  const compared = config.thresholds.find((t) => t.kind === 'baseline')
  if (compared && config.baseline === undefined) {
    throw new InputError(
      `input 'thresholds' uses ${compared.metric}_vs_baseline but no baseline is set: set baseline (production, a registry URI, an .onnx path or a metrics.json)`,
      'baseline'
    )
  }
  const evaluation = await log.group('Evaluate', async () => {
    const model = (await models.resolve(config.model, 'model'))!
    const testSet = await openTestSet(config)
    const result = await evaluate(path.resolve(model.path), model.uri, testSet, config, deps.runtime, log)
    const m = result.metrics
    log.info(
      `${m.n_samples} samples on ${result.runtime.device} in ${result.runtime.seconds.toFixed(2)} s ` +
        `(${Math.round(result.runtime.samples_per_second)}/s): accuracy ${m.accuracy.toFixed(4)}, macro F1 ${m.macro_f1.toFixed(4)}, loss ${m.loss.toFixed(4)}`
    )
    const baseline = await loadBaseline(config.baseline, testSet, config, { runtime: deps.runtime, log, models })
    return { result, model, baseline, data: { path: config.testData, sha256: await testSet.sha256() } }
  })

  const verdict = await log.group('Gate', async () => {
    const v = decide(config.thresholds, classificationLookup(evaluation.result.metrics), evaluation.baseline?.lookup ?? (() => undefined))
    if (v.checks.length === 0) log.warning('no thresholds were set: the gate passes on any result; set the thresholds input')
    for (const c of v.checks) log.info(`${c.passed ? 'pass' : 'FAIL'}  ${c.metric} = ${c.value} (${c.op} ${c.threshold})`)
    log.info(`gate ${v.passed ? 'passed' : 'failed'}`)
    return v
  })

  return log.group('Report', async () => {
    const document = metricsDocument(evaluation.result, evaluation.data, verdict, { baseline: baselineSummary(evaluation.baseline) })
    const markdown = renderMarkdown(document)
    const metricsFile = path.join(config.outputDir, 'metrics.json')
    const reportFile = path.join(config.outputDir, 'report.md')
    try {
      await mkdir(config.outputDir, { recursive: true })
      await writeFile(metricsFile, JSON.stringify(document, null, 2) + '\n')
      await writeFile(reportFile, markdown)
      await writeExtraReportFiles(config.outputDir, document, evaluation.result.samples)
    } catch (e) {
      throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${(e as Error).message}); choose a writable folder`, 'output-dir')
    }
    log.info(`wrote ${metricsFile} and ${reportFile}`)
    return { document, markdown, metricsFile, reportFile, passed: verdict.passed, promoted: false, modelVersion: evaluation.model.version }
  })
}
