/**
 * The Action's main job, shared by main.ts and the CLI: evaluate, gate, write the reports.
 * It never imports @actions/*; every outside effect comes in through `deps`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { baselineSummary, loadBaseline } from './baseline.js'
import { evaluate } from './engine.js'
import { InputError, ModelGateError, RegistryError, describeError } from './errors.js'
import { decide } from './gate/decide.js'
import { explainCheck } from './gate/explain.js'
import type { ArtifactStore } from './github/artifact.js'
import type { CommentStore } from './github/comments.js'
import { readRunContext, type RunContext } from './github/context.js'
import { describeRun, postComment, uploadReport } from './github/publish.js'
import type { Config } from './inputs.js'
import type { Logger } from './log.js'
import { localModels, type ModelSource } from './model/source.js'
import type { Runtime } from './model/types.js'
import type { RegistryClient } from './registry/client.js'
import { promote, promotionAction, skipped, tagRejected, type PromotionRecord } from './registry/promotion.js'
import { RegistryModelSource, type RegistryModel } from './registry/source.js'
import { registerForRun } from './registry/register.js'
import { logRun, type TrackingRun } from './registry/tracking.js'
import { parseTarget } from './registry/uri.js'
import { renderMarkdown } from './report/markdown.js'
import { metricsDocument, metricsJsonText, type MetricsDocument } from './report/metrics-json.js'
import { contactSheet, misclassifiedCsv, type SampleSource } from './report/misclassified.js'
import { statisticsSection } from './report/statistics.js'
import { provenance } from './provenance.js'
import { readNpzIndex } from './report/npz-index.js'
import { confusionMatrixSvg } from './report/svg.js'
import { analyse } from './statistics.js'
import { openForTask } from './regression/task.js'
import { runRegressionGate } from './regression/pipeline.js'


/**
 * GitHub drops a job summary above 1 MiB (bytes). In characters, at most 3 bytes each (a 4-byte
 * character counts 2): a 1000-class matrix (4 MB of Markdown) is left to report.md.
 */
const SUMMARY_LIMIT = 340_000

export interface Deps {
  readonly runtime: Runtime
  readonly log: Logger
  /** Resolves `model` and `baseline` references; local files when absent. */
  readonly models?: ModelSource
  /** The MLflow registry, when tracking-uri is set. */
  readonly registry?: RegistryClient
  /** The workflow run; read from GITHUB_* when absent. */
  readonly context?: RunContext
  /** Pull-request comments; absent without a token. */
  readonly comments?: CommentStore
  /** The report artifact; absent outside a GitHub Actions job. */
  readonly artifacts?: ArtifactStore
}

export interface Outcome {
  readonly document: MetricsDocument
  readonly markdown: string
  readonly metricsFile: string
  readonly reportFile: string
  readonly passed: boolean
  readonly promoted: boolean
  readonly modelVersion: string | undefined
  readonly promotion: PromotionRecord
  /** A failure after the reports were written (promotion, log-run): the step fails with it. */
  readonly failure: string | undefined
  readonly commentUrl: string | undefined
}

export async function runModelGate(config: Config, deps: Deps): Promise<Outcome> {
  const { log } = deps
  const context = deps.context ?? readRunContext()
  const target = parseTarget(config.promoteTo)
  const models = deps.models ?? (deps.registry ? new RegistryModelSource(deps.registry, target, log) : localModels)
  const compared = config.thresholds.find((t) => t.kind === 'baseline')
  if (compared && config.baseline === undefined) {
    throw new InputError(
      `input 'thresholds' uses ${compared.metric}_vs_baseline but no baseline is set: set baseline (production, a registry URI, an .onnx path or a metrics.json)`,
      'baseline'
    )
  }
  const opened = await openForTask(config)
  if (opened.regression && config.register) throw new InputError("input 'register': regression models are evaluated but not registered or promoted yet; leave register out", 'register')
  // register: the file becomes a new version of `model` first (on push/dispatch), then is evaluated as `model`
  const modelRef = config.register
    ? await log.group('Register', () => registerForRun({ file: config.register!, model: config.model, experiment: config.experiment, dryRun: config.dryRun }, deps.registry, context, log, models as { assume?: (n: string) => void }))
    : config.model
  if (opened.regression) return regressionOutcome(config, await runRegressionGate(config, deps, opened.testSet, opened.targets), deps, context, target)
  const evaluation = await log.group('Evaluate', async () => {
    const model = (await models.resolve(modelRef, 'model'))!
    const testSet = opened.testSet
    const result = await evaluate(path.resolve(model.path), model.uri, testSet, config, deps.runtime, log)
    const m = result.metrics
    log.info(
      `${m.n_samples} samples on ${result.runtime.device} in ${result.runtime.seconds.toFixed(2)} s ` +
        `(${Math.round(result.runtime.samples_per_second)}/s): accuracy ${m.accuracy.toFixed(4)}, macro F1 ${m.macro_f1.toFixed(4)}, loss ${m.loss.toFixed(4)}`
    )
    const baseline = await loadBaseline(config.baseline, testSet, config, { runtime: deps.runtime, log, models })
    const skipped = testSet.skipped?.()
    if (skipped && skipped.count > 0) log.warning(`skip-bad-files: left out ${skipped.count} image(s) that could not be decoded, e.g. ${skipped.files[0]!.file}; they are listed in metrics.json`)
    for (const w of testSet.warnings?.() ?? []) log.warning(w)
    // a first run says why there was nothing to compare with, in the registry's terms
    const baselineAbsent = config.baseline !== undefined && baseline === undefined ? (models.absence ?? 'no such model yet') : undefined
    return { result, model, baseline, baselineAbsent, skipped, data: { path: config.testData, sha256: await testSet.sha256() } }
  })

  const verdict = await log.group('Gate', async () => {
    const stats = analyse(evaluation.result, evaluation.baseline, config.thresholds)
    const decided = decide(config.thresholds, stats.current, stats.baseline, stats.significance)
    // a first run's baseline checks say why there was nothing to compare with, in the registry's terms
    const absent = evaluation.baselineAbsent
    const v = absent ? { ...decided, checks: decided.checks.map((c) => (c.baseline === null && c.note ? { ...c, note: `first run passes: ${absent}` } : c)) } : decided
    if (v.checks.length === 0) log.warning('no thresholds were set: the gate passes on any result; set the thresholds input')
    for (const c of v.checks) log.info(`${c.passed ? 'pass' : 'FAIL'}  ${explainCheck(c)}`)
    log.info(`gate ${v.passed ? 'passed' : 'failed'}`)
    return { ...v, stats }
  })

  let failure: string | undefined
  const registryModel = evaluation.model.version !== undefined && 'ref' in evaluation.model ? (evaluation.model as RegistryModel) : undefined
  const promotion = await log.group('Promote', async (): Promise<PromotionRecord> => {
    const action = promotionAction({ promote: config.promote, context, fromRegistry: registryModel !== undefined && deps.registry !== undefined, gatePassed: verdict.passed })
    if (action.act === 'skip' || !registryModel || !deps.registry) {
      log.info(`no promotion: ${action.reason}`)
      return skipped(action.reason, target, registryModel)
    }
    const m = evaluation.result.metrics
    const audit = {
      metrics: { accuracy: m.accuracy, macro_f1: m.macro_f1, loss: m.loss },
      failedChecks: verdict.checks.filter((c) => !c.passed).map(explainCheck),
      context,
      testSetSha256: evaluation.data.sha256
    }
    try {
      if (action.act === 'reject') return await tagRejected(deps.registry, registryModel, target, audit, config.dryRun, log)
      return await promote(deps.registry, registryModel, target, { archiveExisting: config.archiveExisting, dryRun: config.dryRun }, audit, log)
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e
      // The reports are still written, with what happened; the step fails after them.
      failure = describeError(e)
      return { ...skipped(failure, target, registryModel), status: 'failed', reason: failure }
    }
  })

  const report = await log.group('Report', async () => {
    const { stats, ...gate } = verdict
    const document = metricsDocument(
      evaluation.result,
      evaluation.data,
      gate,
      {
        baseline: baselineSummary(evaluation.baseline),
        ...(evaluation.baselineAbsent ? { baseline_absent: evaluation.baselineAbsent } : {}),
        ...statisticsSection(stats),
        ...(evaluation.skipped ? { skipped_files: evaluation.skipped } : {}),
        provenance: provenance(config, context, evaluation.result.runtime.onnxruntime)
      },
      { name: evaluation.model.name, version: evaluation.model.version },
      promotion
    )
    const metricsFile = path.join(config.outputDir, 'metrics.json')
    const reportFile = path.join(config.outputDir, 'report.md')
    const svgFile = path.join(config.outputDir, 'confusion-matrix.svg')
    const csvFile = path.join(config.outputDir, 'misclassified.csv')
    const pngFile = path.join(config.outputDir, 'misclassified.png')
    const testSet = opened.testSet
    const imageFile = testSet.sampleFile?.bind(testSet)
    // text formats have rows a person can find (1-based, after the header); arrays have the index
    const rows = /\.(csv|jsonl|ndjson)$/i.test(config.testData)
    let source: SampleSource | undefined = imageFile
      ? { column: 'file', name: (i) => { const f = imageFile(i); return f === undefined ? undefined : path.relative(testSet.path, f) } }
      : rows ? { column: 'row', name: (i) => String(i + 1) } : undefined
    if (/\.npz$/i.test(config.testData)) {
      const index = await readNpzIndex(config.testData, document.n_samples)
      if (index.problem) log.warning(`misclassified.csv: ${config.testData} ${index.problem}; the csv names samples by position only`)
      if (index.ids) source = { column: 'source_index', name: (i) => index.ids![i] }
    }
    const samples = evaluation.result.samples
    // The contact sheet is a nicety: a picture that cannot be drawn is a warning, not a failed step.
    const sheet = imageFile
      ? await contactSheet(samples, document.classes, imageFile, (i) => source?.name(i) ?? '').catch((e: unknown) => {
          log.warning(`misclassified.png could not be drawn (${(e as Error).message.split('\n')[0]}); misclassified.csv lists the same images`)
          return undefined
        })
      : undefined
    const extras = ['confusion-matrix.svg', 'misclassified.csv', ...(sheet ? ['misclassified.png'] : [])]
    const markdown = renderMarkdown(document, { files: extras })
    try {
      await mkdir(config.outputDir, { recursive: true })
      await writeFile(metricsFile, metricsJsonText(document))
      await writeFile(reportFile, markdown)
      await writeFile(svgFile, confusionMatrixSvg(document))
      await writeFile(csvFile, misclassifiedCsv(samples, document.classes, source))
      if (sheet) await writeFile(pngFile, sheet)
    } catch (e) {
      throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${(e as Error).message}); choose a writable folder`, 'output-dir')
    }
    log.info(`wrote ${metricsFile}, ${reportFile}, ${extras.join(', ')}`)
    let tracking: TrackingRun | undefined
    if (config.logRun) {
      if (!deps.registry) throw new InputError("input 'log-run' is true but no tracking server is set: set tracking-uri (or MLFLOW_TRACKING_URI)", 'log-run')
      try {
        tracking = await logRun(deps.registry, config.experiment, document, [metricsFile, reportFile], context, {
          model: config.model, test_data: config.testData, batch_size: String(config.batchSize), device: document.runtime.device, thresholds: JSON.stringify(config.thresholds)
        })
        log.info(`logged MLflow run ${tracking.run_id} in experiment '${config.experiment}' (${tracking.experiment_id})`)
        await writeFile(metricsFile, metricsJsonText({ ...document, tracking_run: tracking }))
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e
        failure ??= describeError(e)
      }
    }
    return { document, metricsFile, reportFile, extras, files: [metricsFile, reportFile, svgFile, csvFile, ...(sheet ? [pngFile] : [])] }
  })

  const published = await log.group('Publish', async () => {
    const artifact = config.uploadArtifact ? await uploadReport(deps.artifacts, config.artifactName, report.files, config.outputDir, context, log) : undefined
    const links = { run: context.runUrl, artifact }
    const run = describeRun(context)
    const modelKey = report.document.model.name ?? config.model
    const files = report.extras
    const commentUrl = await postComment(deps.comments, config.comment, context, modelKey, (marker) => renderMarkdown(report.document, { links, run, header: marker, limit: 65_000, files }), log)
    return { markdown: renderMarkdown(report.document, { links, run, limit: SUMMARY_LIMIT, files }), commentUrl }
  })

  const promoted = promotion.status === 'promoted' || promotion.status === 'already-promoted'
  return {
    document: report.document,
    markdown: published.markdown,
    metricsFile: report.metricsFile,
    reportFile: report.reportFile,
    passed: verdict.passed,
    promoted,
    modelVersion: evaluation.model.version,
    promotion,
    failure,
    commentUrl: published.commentUrl
  }
}

/** Writes metrics.json and report.md of a regression run, and publishes them like a classification's. */
async function regressionOutcome(
  config: Config,
  r: { document: Record<string, unknown>; markdown: string; passed: boolean; modelVersion: string | undefined },
  deps: Deps,
  context: RunContext,
  target: ReturnType<typeof parseTarget>
): Promise<Outcome> {
  const { log } = deps
  const metricsFile = path.join(config.outputDir, 'metrics.json')
  const reportFile = path.join(config.outputDir, 'report.md')
  // Regression versions are gated and reported, not promoted, in this version: say so in the report.
  const promotion = skipped('promotion of regression models is not supported yet; promote by hand after a passing gate', target)
  const document = { ...r.document, promotion }
  await log.group('Report', async () => {
    try {
      await mkdir(config.outputDir, { recursive: true })
      await writeFile(metricsFile, metricsJsonText(document))
      await writeFile(reportFile, r.markdown)
    } catch (e) {
      throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${(e as Error).message}); choose a writable folder`, 'output-dir')
    }
    log.info(`wrote ${metricsFile} and ${reportFile}`)
  })
  const commentUrl = await log.group('Publish', async () => {
    if (config.uploadArtifact) await uploadReport(deps.artifacts, config.artifactName, [metricsFile, reportFile], config.outputDir, context, log)
    return postComment(deps.comments, config.comment, context, config.model, (marker) => `${marker}\n${r.markdown}`.slice(0, 65_000), log)
  })
  return {
    document: document as unknown as MetricsDocument, markdown: r.markdown, metricsFile, reportFile, passed: r.passed,
    promoted: false, modelVersion: r.modelVersion, promotion, failure: undefined, commentUrl
  }
}
