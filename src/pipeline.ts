/**
 * The Action's main job, shared by main.ts and the CLI: evaluate, gate, write the reports.
 * It never imports @actions/*; every outside effect comes in through `deps`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadBaseline } from './baseline.js'
import { openTestSet } from './data/index.js'
import type { TestSet } from './data/types.js'
import { InputError, ModelGateError, RegistryError, ShardError, describeError } from './errors.js'
import { decide } from './gate/decide.js'
import { explainCheck } from './gate/explain.js'
import { bootstrapThreads } from './metrics/bootstrap.js'
import type { ArtifactStore } from './github/artifact.js'
import type { CommentStore } from './github/comments.js'
import { readRunContext, type RunContext } from './github/context.js'
import { describeRun, postComment, uploadReport } from './github/publish.js'
import type { Config } from './inputs.js'
import type { Logger } from './log.js'
import { localModels, type ModelSource } from './model/source.js'
import { provenance } from './provenance.js'
import type { Runtime } from './model/types.js'
import type { RegistryClient } from './registry/client.js'
import { promote, promotionAction, skipped, tagRejected, type PromotionRecord } from './registry/promotion.js'
import { RegistryModelSource, type RegistryModel } from './registry/source.js'
import { registerForRun } from './registry/register.js'
import { logRun, type TrackingRun } from './registry/tracking.js'
import { parseTarget } from './registry/uri.js'
import { metricsJsonText } from './report/metrics-json.js'
import { sliceTestSet, type Slice } from './data/slice.js'
import { mergeShards, writeShard } from './shard/run.js'
import { readShards, type MergedShards } from './shard/state.js'
import { chooseTask, taskNamed } from './tasks/index.js'
import type { Baseline, GateDocument, GateInputs, Task, TaskEvaluation } from './tasks/task.js'

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
  /** Which task ran (classification, regression). */
  readonly task: string
  readonly document: GateDocument
  readonly markdown: string
  readonly metricsFile: string
  readonly reportFile: string
  readonly passed: boolean
  /** The task's headline metrics by threshold name (accuracy, macro_f1, loss; r2, rmse, mae): outputs. */
  readonly headline: Readonly<Record<string, number>>
  readonly promoted: boolean
  readonly modelVersion: string | undefined
  readonly promotion: PromotionRecord
  /** A failure after the reports were written (promotion, log-run): the step fails with it. */
  readonly failure: string | undefined
  readonly commentUrl: string | undefined
}

export async function runModelGate(config: Config, deps: Deps): Promise<Outcome> {
  const context = deps.context ?? readRunContext()
  const target = parseTarget(config.promoteTo)
  const models = deps.models ?? (deps.registry ? new RegistryModelSource(deps.registry, target, deps.log) : localModels)
  const compared = config.thresholds.find((t) => t.kind === 'baseline')
  if (compared && config.baseline === undefined) {
    throw new InputError(
      `input 'thresholds' uses ${compared.metric}_vs_baseline but no baseline is set: set baseline (production, a registry URI, an .onnx path or a metrics.json)`,
      'baseline'
    )
  }
  taskNamed(config.task)
  if (config.merge !== undefined) {
    // a merge reads no samples: the shards' rows are the evaluation
    const shards = await deps.log.group('Merge', () => readShards(config.merge!))
    const task = taskNamed(shards.shards[0]!.task)!
    if (config.task !== 'auto' && config.task !== task.name) throw new ShardError(`merge: the shards ran task ${task.name}, not ${config.task}; set task: ${task.name} or leave it auto`, 'merge')
    deps.log.info(`merge: ${shards.files.length} shards of ${shards.shards[0]!.shard.total} samples (${shards.files.join(', ')})`)
    const placeholder = { path: shards.shards[0]!.data.path } as TestSet
    return runTask(task, placeholder, config, deps, { context, target, models, modelRef: config.model, shards })
  }
  const whole = await openTestSet(config)
  // task: auto looks at the whole test set's first labels, so every shard picks the same task
  const task = await chooseTask(config.task, whole, config.classNames)
  const sliced = config.shard ? await sliceTestSet(whole, config.shard.index, config.shard.count, config.batchSize) : undefined
  const testSet = sliced?.testSet ?? whole
  // register: the file becomes a new version of `model` first (on push/dispatch), then is evaluated as `model`
  const modelRef = config.register
    ? await deps.log.group('Register', () => registerForRun({ file: config.register!, model: config.model, experiment: config.experiment, dryRun: config.dryRun }, deps.registry, context, deps.log, models as { assume?: (n: string) => void }))
    : config.model
  return runTask(task, testSet, config, deps, { context, target, models, modelRef, slice: sliced?.slice })
}

/** evaluate → gate → promote → report → publish, the same for every task. */
async function runTask<E extends TaskEvaluation, M, S extends GateInputs>(
  task: Task<E, M, S>,
  testSet: TestSet,
  config: Config,
  deps: Deps,
  run: { context: RunContext; target: ReturnType<typeof parseTarget>; models: ModelSource; modelRef: string; slice?: Slice; shards?: MergedShards }
): Promise<Outcome> {
  const { log } = deps
  const { context, target, models } = run
  const merged = run.shards
    ? await log.group('Merge', async () => {
        const model = (await models.resolve(run.modelRef, 'model'))!
        const m = await mergeShards(task, run.shards!, config, model)
        log.info(`${task.name}: ${m.result.n_samples} samples merged from ${m.shards.count} shards: ${task.describe(m.result)}`)
        if (m.baseline) log.info(`baseline ${m.baseline.source}${m.baseline.version ? ` (version ${m.baseline.version})` : ''}: ${task.describe(m.baseline.evaluation!)}`)
        // a metrics.json baseline needs no rows; a model baseline ran in the shards
        const json = config.baseline !== undefined && path.extname(config.baseline).toLowerCase() === '.json' ? await loadBaseline(task, config.baseline, m.testSet, config, { runtime: deps.runtime, log, models }) : undefined
        const baseline = m.baseline ?? json
        const baselineAbsent = m.baselineNamed !== null && baseline === undefined ? 'no such model yet' : undefined
        return { testSet: m.testSet, evaluation: { result: m.result, model, baseline, baselineAbsent, skipped: m.skipped as ReturnType<NonNullable<TestSet['skipped']>> | undefined, data: m.data } }
      })
    : undefined
  if (merged) testSet = merged.testSet
  const evaluation = merged?.evaluation ?? await log.group('Evaluate', async () => {
    const model = (await models.resolve(run.modelRef, 'model'))!
    const options = run.slice ? { ...config, keepRows: true } : config
    const result = await task.evaluate({ path: path.resolve(model.path), uri: model.uri }, testSet, options, deps.runtime, log)
    const rt = result.runtime
    log.info(`${task.name}: ${result.n_samples} samples on ${rt.device} in ${rt.seconds.toFixed(2)} s (${Math.round(rt.samples_per_second)}/s): ${task.describe(result)}`)
    const baseline = await loadBaseline(task, config.baseline, testSet, options, { runtime: deps.runtime, log, models })
    const skipped = testSet.skipped?.()
    if (skipped && skipped.count > 0) log.warning(`skip-bad-files: left out ${skipped.count} image(s) that could not be decoded, e.g. ${skipped.files[0]!.file}; they are listed in metrics.json`)
    for (const w of testSet.warnings?.() ?? []) log.warning(w)
    // a first run says why there was nothing to compare with, in the registry's terms
    const baselineAbsent = config.baseline !== undefined && baseline === undefined ? (models.absence ?? 'no such model yet') : undefined
    return { result, model, baseline, baselineAbsent, skipped, data: { path: config.testData, sha256: await testSet.sha256() } }
  })

  if (run.slice) return shardOutcome(task, config, deps, context, run.slice, evaluation, testSet)

  const verdict = await log.group('Gate', async () => {
    const before = { ...bootstrapThreads }
    const stats = task.analyse(evaluation.result, evaluation.baseline, config.thresholds)
    const parts = bootstrapThreads.parts - before.parts
    const runs = bootstrapThreads.runs - before.runs
    if (parts > runs) log.info(`bootstrap: ${bootstrapThreads.onWorkers - before.onWorkers} of ${parts} parts ran on worker threads (the same draws as one thread)`)
    const decided = decide(config.thresholds, stats.current, stats.baseline, stats.significance)
    // a first run's baseline checks say why there was nothing to compare with, in the registry's terms
    const absent = evaluation.baselineAbsent
    const v = absent ? { ...decided, checks: decided.checks.map((c) => (c.baseline === null && c.note ? { ...c, note: `first run passes: ${absent}` } : c)) } : decided
    if (v.checks.length === 0) log.warning('no thresholds were set: the gate passes on any result; set the thresholds input')
    for (const c of v.checks) log.info(`${c.passed ? 'pass' : 'FAIL'}  ${explainCheck(c)}`)
    log.info(`gate ${v.passed ? 'passed' : 'failed'}`)
    return { ...v, stats }
  })

  const headline = task.headline(evaluation.result)
  let failure: string | undefined
  const registryModel = evaluation.model.version !== undefined && 'ref' in evaluation.model ? (evaluation.model as RegistryModel) : undefined
  const promotion = await log.group('Promote', async (): Promise<PromotionRecord> => {
    const action = promotionAction({ promote: config.promote, context, fromRegistry: registryModel !== undefined && deps.registry !== undefined, gatePassed: verdict.passed })
    if (action.act === 'skip' || !registryModel || !deps.registry) {
      log.info(`no promotion: ${action.reason}`)
      return skipped(action.reason, target, registryModel)
    }
    const audit = {
      metrics: headline,
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
    const written = await task.report({
      evaluation: evaluation.result,
      baseline: evaluation.baseline,
      statistics: stats,
      verdict: gate,
      data: evaluation.data,
      registry: { name: evaluation.model.name, version: evaluation.model.version },
      promotion,
      extra: {
        ...(evaluation.baselineAbsent ? { baseline_absent: evaluation.baselineAbsent } : {}),
        ...(evaluation.skipped ? { skipped_files: evaluation.skipped } : {}),
        provenance: provenance(config, context, evaluation.result.runtime.onnxruntime)
      },
      testSet,
      log
    })
    const { document } = written
    const metricsFile = path.join(config.outputDir, 'metrics.json')
    const reportFile = path.join(config.outputDir, 'report.md')
    const others = written.files.map((f) => ({ ...f, file: path.join(config.outputDir, f.name) }))
    const files = written.files.map((f) => f.name)
    try {
      await mkdir(config.outputDir, { recursive: true })
      // side by side on the thread pool: four round trips one after another were ~2 ms of a small gate
      await Promise.all([writeFile(metricsFile, metricsJsonText(document)), writeFile(reportFile, written.markdown({ files })), ...others.map((f) => writeFile(f.file, f.content))])
    } catch (e) {
      throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${(e as Error).message}); choose a writable folder`, 'output-dir')
    }
    log.info(`wrote ${metricsFile}, ${reportFile}${files.map((f) => `, ${f}`).join('')}`)
    let tracking: TrackingRun | undefined
    if (config.logRun) {
      if (!deps.registry) throw new InputError("input 'log-run' is true but no tracking server is set: set tracking-uri (or MLFLOW_TRACKING_URI)", 'log-run')
      try {
        tracking = await logRun(deps.registry, config.experiment, document, written.tracked, [metricsFile, reportFile], context, {
          model: config.model, test_data: config.testData, batch_size: String(config.batchSize), device: document.runtime.device, thresholds: JSON.stringify(config.thresholds)
        })
        log.info(`logged MLflow run ${tracking.run_id} in experiment '${config.experiment}' (${tracking.experiment_id})`)
        await writeFile(metricsFile, metricsJsonText({ ...document, tracking_run: tracking }))
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e
        failure ??= describeError(e)
      }
    }
    return { ...written, metricsFile, reportFile, names: files, files: [metricsFile, reportFile, ...others.map((f) => f.file)] }
  })

  const published = await log.group('Publish', async () => {
    const artifact = config.uploadArtifact ? await uploadReport(deps.artifacts, config.artifactName, report.files, config.outputDir, context, log) : undefined
    const links = { run: context.runUrl, artifact }
    const described = describeRun(context)
    const modelKey = report.document.model.name ?? config.model
    const commentUrl = await postComment(deps.comments, config.comment, context, modelKey, (marker) => report.markdown({ links, run: described, header: marker, limit: 65_000, files: report.names }), log)
    return { markdown: report.markdown({ links, run: described, limit: SUMMARY_LIMIT, files: report.names }), commentUrl }
  })

  const promoted = promotion.status === 'promoted' || promotion.status === 'already-promoted'
  return {
    task: task.name,
    document: report.document,
    markdown: published.markdown,
    metricsFile: report.metricsFile,
    reportFile: report.reportFile,
    passed: verdict.passed,
    headline,
    promoted,
    modelVersion: evaluation.model.version,
    promotion,
    failure,
    commentUrl: published.commentUrl
  }
}

/**
 * A shard run: the slice's own report (metrics.json with the slice's n_samples, report.md) and its
 * partial state in output-dir, uploaded as `<artifact-name>-shard-<i>-of-<n>`. Not gated, never
 * promoted, no comment: the merge job does those once, for the whole test set.
 */
async function shardOutcome<E extends TaskEvaluation, M, S extends GateInputs>(
  task: Task<E, M, S>,
  config: Config,
  deps: Deps,
  context: RunContext,
  slice: Slice,
  evaluation: { result: E; baseline: Baseline<E, M> | undefined; data: { path: string; sha256: string }; skipped?: unknown },
  testSet: TestSet
): Promise<Outcome> {
  const { log } = deps
  const reason = `shard ${slice.index}/${slice.count} (samples ${slice.from}–${slice.to - 1} of ${slice.total}): the merge job gates, promotes and comments`
  const target = parseTarget(config.promoteTo)
  return log.group('Report', async () => {
    const stats = task.analyse(evaluation.result, evaluation.baseline, [])
    const written = await task.report({
      evaluation: evaluation.result,
      baseline: evaluation.baseline,
      statistics: stats,
      verdict: { passed: true, checks: [] },
      data: evaluation.data,
      registry: {},
      promotion: skipped(reason, target),
      extra: {
        shard: { index: slice.index, count: slice.count, from: slice.from, to: slice.to, total: slice.total, gated: false },
        ...(evaluation.skipped ? { skipped_files: evaluation.skipped } : {}),
        provenance: provenance(config, context, evaluation.result.runtime.onnxruntime)
      },
      testSet,
      log
    })
    const metricsFile = path.join(config.outputDir, 'metrics.json')
    const reportFile = path.join(config.outputDir, 'report.md')
    let stateFile: string
    try {
      await mkdir(config.outputDir, { recursive: true })
      await writeFile(metricsFile, metricsJsonText(written.document))
      await writeFile(reportFile, written.markdown({ files: written.files.map((f) => f.name) }))
      for (const f of written.files) await writeFile(path.join(config.outputDir, f.name), f.content)
      stateFile = await writeShard(task, config.outputDir, slice, config, evaluation.data, evaluation.result, evaluation.baseline, evaluation.skipped, testSet)
    } catch (e) {
      throw new ModelGateError(`output-dir: cannot write reports to ${config.outputDir} (${(e as Error).message}); choose a writable folder`, 'output-dir')
    }
    log.info(`${reason}; wrote ${metricsFile}, ${reportFile}, ${stateFile}`)
    const files = [metricsFile, reportFile, ...written.files.map((f) => path.join(config.outputDir, f.name)), stateFile]
    const name = `${config.artifactName}-shard-${slice.index}-of-${slice.count}`
    if (config.uploadArtifact) await uploadReport(deps.artifacts, name, files, config.outputDir, context, log)
    return {
      task: task.name,
      document: written.document,
      markdown: written.markdown({ run: describeRun(context), limit: SUMMARY_LIMIT }),
      metricsFile,
      reportFile,
      passed: true,
      headline: task.headline(evaluation.result),
      promoted: false,
      modelVersion: undefined,
      promotion: skipped(reason, target),
      failure: undefined,
      commentUrl: undefined
    }
  })
}
