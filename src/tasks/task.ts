/**
 * A task — classification, regression — is the one seam between the pipeline and what a model
 * predicts. The pipeline (src/pipeline.ts) runs evaluate → gate → promote → report → publish once,
 * and asks the task, through this interface, everything that depends on what a label means.
 * Adding a task is a folder under src/tasks/ and a line in src/tasks/index.ts.
 */
import type { RawLabel, TestSet } from '../data/types.js'
import type { EvaluateOptions, ModelInfo, RuntimeInfo } from '../engine.js'
import type { MetricLookup, SignificanceLookup, Verdict } from '../gate/decide.js'
import type { Threshold } from '../gate/thresholds.js'
import type { Logger } from '../log.js'
import type { Runtime } from '../model/types.js'

/** What every task's evaluation of one model holds, besides its own metrics and per-sample outcomes. */
export interface TaskEvaluation {
  readonly model: ModelInfo
  readonly runtime: RuntimeInfo
  readonly n_samples: number
}

/** The baseline a run is compared with: a model run on the same test set, or an earlier metrics.json. */
export interface Baseline<E, M> {
  /** A path or registry URI. */
  readonly source: string
  readonly version: string | undefined
  /** Its metrics, as a metrics.json holds them. */
  readonly metrics: M
  /** Present when the baseline model ran on this test set (paired statistics need it). */
  readonly evaluation: E | undefined
}

/** What the gate reads: lookups by threshold name, and significance from paired per-sample outcomes. */
export interface GateInputs {
  readonly current: MetricLookup
  readonly baseline: MetricLookup
  readonly significance: SignificanceLookup | undefined
}

/** What the pipeline knows by the time it reports, for the task to write up. */
export interface ReportInput<E, M, S> {
  readonly evaluation: E
  readonly baseline: Baseline<E, M> | undefined
  readonly statistics: S
  readonly verdict: Verdict
  readonly data: { readonly path: string; readonly sha256: string }
  readonly registry: { readonly name?: string; readonly version?: string }
  readonly promotion: unknown
  /** Sections every task's metrics.json carries when they apply (skipped files, baseline_absent). */
  readonly extra: Readonly<Record<string, unknown>>
  readonly testSet: TestSet
  /** For warnings about what the report could not show. */
  readonly log: Logger
}

export interface RenderOptions {
  /** Links shown at the end (workflow run, report artifact). */
  readonly links?: { readonly run?: string; readonly artifact?: string }
  /** What the run is ("push to main at abc1234"). */
  readonly run?: string
  /** First line (the sticky comment's marker). */
  readonly header?: string
  /** Characters at most: detail is left out, never the verdict. */
  readonly limit?: number
  /** Files beside report.md (charts, sample lists): linked relatively. */
  readonly files?: readonly string[]
}

/** The fields of metrics.json every task writes; each task adds its metrics. */
export interface GateDocument {
  readonly schema_version: 1
  readonly model: ModelInfo & { readonly name?: string; readonly version?: string }
  readonly data: { readonly path: string; readonly sha256: string }
  readonly n_samples: number
  readonly gate: Verdict
  readonly runtime: RuntimeInfo
  readonly promotion: unknown
  readonly [extra: string]: unknown
}

export interface Report {
  readonly document: GateDocument
  /** Files written beside metrics.json and report.md (pictures, sample lists). */
  readonly files: readonly { readonly name: string; readonly content: string | Uint8Array }[]
  /** The Markdown of report.md, the job summary and the PR comment. */
  markdown(options?: RenderOptions): string
  /** Metrics logged to an MLflow run (log-run), by MLflow metric key. */
  readonly tracked: Readonly<Record<string, number>>
}

/**
 * @typeParam E one model's evaluation (metrics and per-sample outcomes)
 * @typeParam M the metrics a metrics.json holds, which a baseline is reduced to
 * @typeParam S the statistics the gate and the report read
 */
export interface Task<E extends TaskEvaluation, M, S extends GateInputs> {
  /** The `task` input's value. */
  readonly name: string
  /** task: auto — whether the first labels of a test set are this task's. */
  claims?(labels: readonly RawLabel[], testSet: TestSet): boolean
  /** Runs a model over the test set with this task's accumulators, batch by batch. */
  evaluate(model: { readonly path: string; readonly uri: string }, testSet: TestSet, options: EvaluateOptions, runtime: Runtime, log: Logger): Promise<E>
  /** The headline numbers for the log, e.g. "accuracy 0.9833, macro F1 0.9832, loss 0.0612". */
  describe(e: E): string
  /** A baseline's metrics from its evaluation here. */
  metricsOf(e: E): M
  /** A baseline's metrics from the metrics.json of an earlier run (its per-sample outcomes are not kept). */
  readMetricsJson(file: string): Promise<M>
  /** Lookups and statistics for the gate; refuses thresholds the task cannot judge. Pure. */
  analyse(e: E, baseline: Baseline<E, M> | undefined, thresholds: readonly Threshold[]): S
  /** Headline metrics by threshold name: the step's outputs and the registry's audit tags. */
  headline(e: E): Readonly<Record<string, number>>
  /** metrics.json, the Markdown report, charts and sample lists. */
  report(input: ReportInput<E, M, S>): Promise<Report>
  /** Shard runs: the per-sample rows an evaluation kept (EvaluateOptions.keepRows), as plain arrays. */
  rowsOf(e: E): ShardRows
  /** Merges: the evaluation of the whole test set from all shards' rows joined in test-set order. */
  replay(rows: ShardRows, model: E['model'], runtime: RuntimeInfo, batchSize: number): E
}

/**
 * One shard's per-sample rows: typed arrays (joined across shards in shard order) and plain values
 * (equal in every shard). What a task keeps here is what its accumulators read, so a merge can
 * replay them and land on the single run's numbers exactly.
 */
export type ShardRows = Readonly<Record<string, Int32Array | Float64Array | number | string | readonly string[] | null>>
