/**
 * What a shard run and a merge run do around the one pipeline (src/pipeline.ts): the settings a
 * merge checks for equality, the partial state written by a shard, and the evaluations a merge
 * rebuilds from all shards' rows.
 */
import path from 'node:path'
import type { Slice } from '../data/slice.js'
import type { TestSet } from '../data/types.js'
import { modelSha256 } from '../engine.js'
import { DataError, ShardError } from '../errors.js'
import { preprocessingOf, type Config } from '../inputs.js'
import type { ResolvedModel } from '../model/source.js'
import type { Baseline, GateInputs, Task, TaskEvaluation } from '../tasks/task.js'
import { joinRows, mergedRuntime, writeShardState, type MergedShards, type ShardState } from './state.js'

/** Inputs that change what the model sees or how its outputs are read: every shard must agree. */
export function shardSettings(config: Config): Record<string, unknown> {
  return {
    ...preprocessingOf(config),
    // read as given even without a tokenizer, as shards always compared it
    text_column: config.textColumn,
    labels: config.labels ?? null,
    input_name: config.inputName ?? null,
    output_name: config.outputName ?? null,
    batch_size: config.batchSize,
    skip_bad_files: config.skipBadFiles,
    task: config.task,
    baseline: config.baseline ?? null
  }
}

export async function writeShard<E extends TaskEvaluation, M>(
  task: Task<E, M, GateInputs>,
  dir: string,
  slice: Slice,
  config: Config,
  data: { path: string; sha256: string },
  result: E,
  baseline: Baseline<E, M> | undefined,
  skipped: unknown,
  testSet: TestSet
): Promise<string> {
  const state: ShardState = {
    format: 'model-gate-shard',
    version: 1,
    task: task.name,
    shard: slice,
    data,
    settings: shardSettings(config),
    current: { model: result.model, runtime: result.runtime, rows: task.rowsOf(result) },
    baseline: baseline?.evaluation
      ? { source: baseline.source, version: baseline.version ?? null, model: baseline.evaluation.model, runtime: baseline.evaluation.runtime, rows: task.rowsOf(baseline.evaluation) }
      : null,
    skipped: skipped ?? null,
    files: misclassifiedFiles(result, testSet)
  }
  return writeShardState(dir, state)
}

/** The files a merged report names (misclassified.csv, the contact sheet), so a merge needs no test set. */
function misclassifiedFiles(result: TaskEvaluation, testSet: TestSet): Record<string, string> | null {
  const samples = (result as { samples?: { labels?: ArrayLike<number>; predicted?: ArrayLike<number> } }).samples
  if (!testSet.sampleFile || !samples?.labels || !samples.predicted) return null
  const files: Record<string, string> = {}
  for (let i = 0; i < samples.labels.length; i++) {
    if (samples.labels[i] === samples.predicted[i]) continue
    const f = testSet.sampleFile(i)
    if (f !== undefined) files[String(i)] = path.relative(testSet.path, f)
  }
  return files
}

export interface Merged<E, M> {
  readonly result: E
  readonly baseline: Baseline<E, M> | undefined
  readonly data: { readonly path: string; readonly sha256: string }
  readonly testSet: TestSet
  readonly shards: { readonly count: number; readonly files: readonly string[] }
  readonly baselineNamed: string | null
  readonly skipped: unknown
}

/**
 * The whole evaluation from the shards below `folder`: refuses an incomplete, duplicated or foreign
 * set, and a `model` (or `baseline`) that is not the one the shards ran.
 */
export async function mergeShards<E extends TaskEvaluation, M>(
  task: Task<E, M, GateInputs>,
  read: MergedShards,
  config: Config,
  model: ResolvedModel
): Promise<Merged<E, M>> {
  const { shards, files } = read
  const first = shards[0]!
  if (first.task !== task.name) throw new ShardError(`merge: the shards ran task ${first.task}, not ${task.name}; set task: ${first.task} or leave it auto`, 'merge')
  const sha = await modelSha256(path.resolve(model.path), 'model')
  if (sha !== first.current.model.sha256) {
    throw new ShardError(`merge: model ${model.uri} has sha256 ${sha}, but the shards (${files[0]}) evaluated sha256 ${first.current.model.sha256}; give merge the model the shards ran`, 'merge')
  }
  const named = (first.settings.baseline as string | null) ?? null
  if (config.baseline !== undefined && config.baseline !== named && path.extname(config.baseline).toLowerCase() !== '.json') {
    throw new ShardError(`merge: baseline is '${config.baseline}' but the shards ran with baseline ${named === null ? 'unset' : `'${named}'`}; set the same baseline in the shard jobs and the merge job`, 'merge')
  }
  if (config.testData && path.resolve(config.testData) !== path.resolve(first.data.path) && config.testData !== first.data.path) {
    throw new ShardError(`merge: test-data is '${config.testData}' but the shards evaluated '${first.data.path}'; leave test-data unset in the merge job or give the same path`, 'merge')
  }
  const n = first.shard.total
  const batch = first.current.runtime.batch_size
  const result = task.replay(joinRows(shards.map((s) => s.current.rows)), wholeInputs({ ...first.current.model, uri: model.uri } as unknown as Record<string, unknown>, n) as unknown as E['model'], mergedRuntime(shards.map((s) => s.current.runtime), n), batch)
  let baseline: Baseline<E, M> | undefined
  if (first.baseline) {
    const b = first.baseline
    const evaluation = task.replay(joinRows(shards.map((s) => s.baseline!.rows)), wholeInputs(b.model as unknown as Record<string, unknown>, n) as unknown as E['model'], mergedRuntime(shards.map((s) => s.baseline!.runtime), n), batch)
    baseline = { source: b.source, version: b.version ?? undefined, metrics: task.metricsOf(evaluation), evaluation }
  }
  const classNames = (first.current.rows.class_names as readonly string[] | null | undefined) ?? undefined
  // sample i of the whole set is sample i - from of its shard
  const fileOf = new Map<number, string>()
  for (const s of shards) for (const [i, f] of Object.entries(s.files ?? {})) fileOf.set(s.shard.from + Number(i), f)
  const testSet: TestSet = {
    path: first.data.path,
    sha256: () => Promise.resolve(first.data.sha256),
    sampleShape: [],
    size: n,
    classNames,
    ...(first.files ? { sampleFile: (i: number) => { const f = fileOf.get(i); return f === undefined ? undefined : path.join(first.data.path, f) } } : {}),
    // eslint-disable-next-line require-yield
    async *batches() {
      throw new DataError('merge: a merge reads no samples; the shards did', 'merge')
    }
  }
  return { result, baseline, data: first.data, testSet, shards: { count: first.shard.count, files }, baselineNamed: named, skipped: first.skipped ?? undefined }
}

/** A shard's model block says what fed its slice; the merged run was fed the whole set: n rows. */
function wholeInputs<T extends Record<string, unknown>>(model: T, n: number): T {
  const inputs = model.inputs as readonly { shape: readonly (number | string)[] }[] | undefined
  if (!Array.isArray(inputs)) return model
  return { ...model, inputs: inputs.map((i) => ({ ...i, shape: [n, ...i.shape.slice(1)] })) }
}
