/**
 * A shard's partial state: the identity a merge checks (model sha256, test set, settings, slice) and
 * the task's per-sample rows — for the model and, when it ran, the baseline model. Rows, not sums:
 * a merge joins them in test-set order and replays the task's own accumulators, so every float is
 * summed in the single run's order and comes out bit-identical (sums of sums would not).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Slice } from '../data/slice.js'
import type { ModelInfo, RuntimeInfo } from '../engine.js'
import { ShardError } from '../errors.js'
import type { ShardRows } from '../tasks/task.js'

export const SHARD_FORMAT = 'model-gate-shard'
export const SHARD_VERSION = 1

/** Unique per shard, so `merge-multiple: true` can put every shard's file in one folder. */
export const shardFileName = (index: number, count: number): string => `model-gate-shard-${index}-of-${count}.json`
const SHARD_FILE = /^model-gate-shard-(\d+)-of-(\d+)\.json$/

type Encoded = { readonly dtype: 'int32' | 'float32' | 'float64'; readonly length: number; readonly base64: string } | number | string | readonly string[] | null

export interface ModelRows {
  /** Its ModelInfo, with what the task adds (classification: output_kind). */
  readonly model: ModelInfo
  readonly runtime: RuntimeInfo
  readonly rows: ShardRows
}

export interface ShardState {
  readonly format: typeof SHARD_FORMAT
  readonly version: typeof SHARD_VERSION
  readonly task: string
  readonly shard: Slice
  readonly data: { readonly path: string; readonly sha256: string }
  /** Inputs that change what the model sees or how its outputs are read: equal in every shard. */
  readonly settings: Readonly<Record<string, unknown>>
  readonly current: ModelRows
  readonly baseline: (ModelRows & { readonly source: string; readonly version: string | null }) | null
  /** Image files left out with skip-bad-files (every shard reads, and so lists, the whole folder). */
  readonly skipped: unknown
  /** Image folders: the file (relative to the folder) of each sample the report names — the misclassified ones — by index in the slice. */
  readonly files: Readonly<Record<string, string>> | null
}

function encode(rows: ShardRows): Record<string, Encoded> {
  const out: Record<string, Encoded> = {}
  for (const [k, v] of Object.entries(rows)) {
    if (v instanceof Int32Array) out[k] = { dtype: 'int32', length: v.length, base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') }
    else if (v instanceof Float64Array) {
      // most models output float32: stored as float32 when that loses nothing, half the bytes
      const f = Float32Array.from(v)
      const exact = f.every((x, i) => x === v[i] || (Number.isNaN(x) && Number.isNaN(v[i]!)))
      const a = exact ? f : v
      out[k] = { dtype: exact ? 'float32' : 'float64', length: v.length, base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') }
    } else out[k] = v
  }
  return out
}

function decode(rows: Record<string, Encoded>, file: string): Record<string, Int32Array | Float64Array | number | string | readonly string[] | null> {
  const out: Record<string, Int32Array | Float64Array | number | string | readonly string[] | null> = {}
  for (const [k, v] of Object.entries(rows)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const e = v as { dtype: string; length: number; base64: string }
      const bytes = Buffer.from(e.base64, 'base64')
      const copy = new Uint8Array(bytes) // aligned
      const a = e.dtype === 'int32' ? new Int32Array(copy.buffer) : e.dtype === 'float32' ? Float64Array.from(new Float32Array(copy.buffer)) : e.dtype === 'float64' ? new Float64Array(copy.buffer) : undefined
      if (!a || a.length !== e.length) throw new ShardError(`merge: ${file} is damaged (rows '${k}'); download the shard artifact again`, 'merge')
      out[k] = a
    } else out[k] = v as number | string | readonly string[] | null
  }
  return out
}

export async function writeShardState(dir: string, state: ShardState): Promise<string> {
  const file = path.join(dir, shardFileName(state.shard.index, state.shard.count))
  const doc = {
    ...state,
    current: { ...state.current, rows: encode(state.current.rows) },
    baseline: state.baseline ? { ...state.baseline, rows: encode(state.baseline.rows) } : null
  }
  await writeFile(file, JSON.stringify(doc) + '\n')
  return file
}

/** Every shard file anywhere below `folder` (one folder per artifact, or all in one). */
async function findShardFiles(folder: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true })
  } catch (e) {
    throw new ShardError(`input 'merge': cannot read the folder ${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the folder actions/download-artifact wrote the shard artifacts to`, 'merge')
  }
  return entries
    .filter((d) => d.isFile() && SHARD_FILE.test(d.name))
    .map((d) => path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name))
    .sort()
}

async function readShard(file: string): Promise<ShardState> {
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch (e) {
    throw new ShardError(`merge: cannot read ${file} as a shard state (${(e as Error).message.slice(0, 120)}); download the shard artifact again`, 'merge')
  }
  if (doc.format !== SHARD_FORMAT || doc.version !== SHARD_VERSION) {
    throw new ShardError(`merge: ${file} is not a model-gate shard state of version ${SHARD_VERSION}; run every shard with the same model-gate version`, 'merge')
  }
  const s = doc as unknown as ShardState & { current: { rows: Record<string, Encoded> }; baseline: { rows: Record<string, Encoded> } | null }
  return {
    ...s,
    current: { ...s.current, rows: decode(s.current.rows, file) },
    baseline: s.baseline ? { ...s.baseline, rows: decode(s.baseline.rows, file) } : null
  }
}

const stable = (v: unknown): string => JSON.stringify(v)

/** Only the settings that differ, as `name=value`. */
function differingSettings(theirs: Readonly<Record<string, unknown>>, ours: Readonly<Record<string, unknown>>): [string, string, string] {
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours)])].filter((k) => stable(theirs[k]) !== stable(ours[k]))
  const show = (o: Readonly<Record<string, unknown>>) => keys.map((k) => `${k}=${stable(o[k] ?? null)}`).join(', ')
  return ['settings', show(theirs), show(ours)]
}

/** What must match across shards, and how a mismatch is named. */
function sameness(s: ShardState): [string, string][] {
  return [
    ['task', s.task],
    ['model sha256', s.current.model.sha256],
    ['test set', `${s.data.path} (sha256 ${s.data.sha256})`],
    ['test-set size', String(s.shard.total)],
    ['shard count', String(s.shard.count)],
    ['settings', stable(s.settings)],
    ['baseline', s.baseline ? `${s.baseline.source} (sha256 ${s.baseline.model.sha256})` : 'none']
  ]
}

export interface MergedShards {
  readonly shards: readonly ShardState[]
  readonly files: readonly string[]
}

/**
 * Reads and checks every shard below `folder`: one set of 1..n, each exactly once, all of the same
 * model, test set, settings and baseline, slices that tile the test set. The first problem is one
 * error naming the file it is about.
 */
export async function readShards(folder: string): Promise<MergedShards> {
  const files = await findShardFiles(folder)
  if (files.length === 0) throw new ShardError(`input 'merge': no shard states (model-gate-shard-<i>-of-<n>.json) below ${folder}; download the shard jobs' artifacts there first`, 'merge')
  const states: { file: string; state: ShardState }[] = []
  for (const file of files) states.push({ file, state: await readShard(file) })
  // the foreign shard is the one that differs from the most shards (with two, the later file)
  const key = (st: ShardState) => stable(sameness(st))
  const votes = new Map<string, number>()
  for (const { state } of states) votes.set(key(state), (votes.get(key(state)) ?? 0) + 1)
  const usual = [...votes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0]
  const first = states.find((s) => key(s.state) === usual)!
  const expected = sameness(first.state)
  for (const { file, state } of states) {
    const got = sameness(state)
    for (let i = 0; i < expected.length; i++) {
      if (got[i]![1] === expected[i]![1]) continue
      const [what, theirs, ours] = expected[i]![0] === 'settings' ? differingSettings(state.settings, first.state.settings) : [expected[i]![0], got[i]![1], expected[i]![1]]
      throw new ShardError(`merge: ${file} is foreign: its ${what} ${/s$/.test(what) ? 'are' : 'is'} ${theirs}, but ${first.file} has ${ours}; merge only the shards of one evaluation`, 'merge')
    }
  }
  const n = first.state.shard.count
  const byIndex = new Map<number, string>()
  for (const { file, state } of states) {
    const i = state.shard.index
    const named = SHARD_FILE.exec(path.basename(file))!
    if (Number(named[1]) !== i || Number(named[2]) !== n) throw new ShardError(`merge: ${file} holds shard ${i}/${state.shard.count}, not what its name says; do not rename shard files`, 'merge')
    const seen = byIndex.get(i)
    if (seen !== undefined) throw new ShardError(`merge: shard ${i}/${n} is there twice (${seen} and ${file}); give merge one copy of each shard`, 'merge')
    byIndex.set(i, file)
  }
  const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !byIndex.has(i))
  if (missing.length > 0) {
    throw new ShardError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} missing below ${folder} (found ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')}); wait for every shard job, or rerun the one that failed`, 'merge')
  }
  const ordered = states.sort((a, b) => a.state.shard.index - b.state.shard.index)
  let at = 0
  for (const { file, state } of ordered) {
    const rows = Object.values(state.current.rows).find((v) => v instanceof Int32Array || v instanceof Float64Array)
    if (state.shard.from !== at) throw new ShardError(`merge: ${file} covers samples ${state.shard.from}–${state.shard.to}, which does not follow the shard before it; rerun the shard`, 'merge')
    if (rows === undefined) throw new ShardError(`merge: ${file} holds no rows; rerun the shard`, 'merge')
    at = state.shard.to
  }
  if (at !== first.state.shard.total) throw new ShardError(`merge: the shards cover ${at} of ${first.state.shard.total} samples; rerun every shard with the same model-gate version`, 'merge')
  return { shards: ordered.map((s) => s.state), files: ordered.map((s) => s.file) }
}

/** The rows of every shard joined in shard order (= test-set order); plain values are the first shard's. */
export function joinRows(parts: readonly ShardRows[]): ShardRows {
  const out: Record<string, Int32Array | Float64Array | number | string | readonly string[] | null> = {}
  for (const [k, v] of Object.entries(parts[0]!)) {
    if (v instanceof Int32Array || v instanceof Float64Array) {
      const arrays = parts.map((p) => p[k] as Int32Array | Float64Array)
      const joined: Int32Array | Float64Array = new (v.constructor as new (n: number) => Int32Array | Float64Array)(arrays.reduce((s, a) => s + a.length, 0))
      let at = 0
      for (const a of arrays) {
        joined.set(a, at)
        at += a.length
      }
      out[k] = joined
    } else out[k] = v
  }
  return out
}

/** The runtime block of a merge: the shards' device, their summed seconds (the compute spent, not the wall time). */
export function mergedRuntime(parts: readonly RuntimeInfo[], samples: number): RuntimeInfo {
  const seconds = parts.reduce((s, r) => s + r.seconds, 0)
  return { ...parts[0]!, seconds, samples_per_second: seconds > 0 ? samples / seconds : 0 }
}
