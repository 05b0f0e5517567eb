/**
 * Seeded bootstrap over per-sample outcomes: resample the test set with replacement and recompute
 * the metric from per-class counts (not by re-running the model), B times. Pure and reproducible:
 * the same samples, resamples and seed give the same intervals on every machine.
 */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { metricsFromCounts, type ClassificationMetrics, type MetricsRecord } from './classification.js'
import { wasmResamples } from './bootstrap-wasm.js'
import { classificationPicker } from './lookup.js'
import type { Samples } from './samples.js'

export const DEFAULT_RESAMPLES = 1000
export const DEFAULT_SEED = 0
export const DEFAULT_LEVEL = 0.95

export interface BootstrapOptions {
  readonly resamples: number
  readonly seed: number
}

export const BOOTSTRAP_DEFAULTS: BootstrapOptions = { resamples: DEFAULT_RESAMPLES, seed: DEFAULT_SEED }

/**
 * Marsaglia's xorshift128, seeded through splitmix32: plenty for drawing resample indices, and
 * shifts and xors only, so the hot loop makes no calls.
 */
export class Random {
  // public so the fused draw-and-count loops below can run the generator on locals (same stream)
  x: number
  y: number
  z: number
  w: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let t = s ^ (s >>> 16)
      t = Math.imul(t, 0x21f0aaad)
      t ^= t >>> 15
      t = Math.imul(t, 0x735a2d97)
      return (t ^ (t >>> 15)) >>> 0
    }
    this.x = next()
    this.y = next()
    this.z = next()
    this.w = next() || 1
  }

  nextUint32(): number {
    const t = this.x ^ (this.x << 11)
    this.x = this.y
    this.y = this.z
    this.z = this.w
    this.w = (this.w ^ (this.w >>> 19) ^ (t ^ (t >>> 8))) >>> 0
    return this.w
  }

  /**
   * The state `steps` draws later, without drawing them. xorshift128 only shifts and xors, so one
   * step is a linear map on the 128 state bits and `steps` of them are its power, found by squaring
   * in about log2(steps) products of 128×128 bit matrices: how a worker starts its share of the
   * resamples exactly where the stream would have reached it.
   */
  jump(steps: number): void {
    if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${steps}`)
    let power = stepMatrix()
    let state: Uint32Array = Uint32Array.of(this.x, this.y, this.z, this.w)
    for (let left = steps; left > 0; left = Math.floor(left / 2)) {
      if (left % 2 === 1) state = applyBits(power, state)
      if (left > 1) power = composeBits(power, power)
    }
    this.x = state[0]!
    this.y = state[1]!
    this.z = state[2]!
    this.w = state[3]!
  }

  /** A whole number in [0, n) for n < 2^32. The bias of scaling 32 bits is below n / 2^32, far under bootstrap noise. */
  below(n: number): number {
    return ((this.nextUint32() / 4294967296) * n) >>> 0
  }

  /**
   * `count` draws of below(n) into `out` — the same numbers as calling below() that many times, in a
   * tight loop on local state (the bootstrap's hot path: N draws per resample).
   */
  fillBelow(n: number, out: Int32Array): void {
    // The state stays in int32 form (the same bits) so V8 keeps it unboxed; only the index uses
    // the unsigned value. floor(w · n / 2^32) is exactly what below() computes.
    let x = this.x | 0
    let y = this.y | 0
    let z = this.z | 0
    let w = this.w | 0
    for (let i = 0; i < out.length; i++) {
      const t = x ^ (x << 11)
      x = y
      y = z
      z = w
      w = w ^ (w >>> 19) ^ (t ^ (t >>> 8))
      out[i] = (((w >>> 0) / 4294967296) * n) >>> 0
    }
    this.x = x >>> 0
    this.y = y >>> 0
    this.z = z >>> 0
    this.w = w >>> 0
  }
}

/** One xorshift128 step of a state given as four words, as nextUint32 takes it. */
function stepWords(v: Uint32Array): Uint32Array {
  const t = v[0]! ^ (v[0]! << 11)
  return Uint32Array.of(v[1]!, v[2]!, v[3]!, v[3]! ^ (v[3]! >>> 19) ^ (t ^ (t >>> 8)))
}

/** A 128×128 bit matrix as its 128 columns (the images of the unit vectors), 4 words each. */
function applyBits(m: Uint32Array, v: Uint32Array): Uint32Array {
  const out = new Uint32Array(4)
  for (let j = 0; j < 128; j++) {
    if (((v[j >>> 5]! >>> (j & 31)) & 1) === 0) continue
    for (let w = 0; w < 4; w++) out[w]! ^= m[j * 4 + w]!
  }
  return out
}

function composeBits(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(512)
  for (let j = 0; j < 128; j++) out.set(applyBits(a, b.subarray(j * 4, j * 4 + 4)), j * 4)
  return out
}

let step: Uint32Array | undefined

function stepMatrix(): Uint32Array {
  if (step) return step
  step = new Uint32Array(512)
  for (let j = 0; j < 128; j++) {
    const unit = new Uint32Array(4)
    unit[j >>> 5] = 1 << (j & 31)
    step.set(stepWords(unit), j * 4)
  }
  return step
}

/** numpy.percentile's default (linear) on an ascending array; q in [0, 1]. */
export function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!)
}

/** Two-sided percentile interval at `level` (e.g. 0.95 → 2.5th and 97.5th percentiles). */
export function percentileInterval(sorted: Float64Array, level: number): [number, number] {
  const tail = (1 - level) / 2
  return [quantile(sorted, tail), quantile(sorted, 1 - tail)]
}

/** Per-sample (true class · k + predicted class): the confusion-matrix cell a draw falls in. */
function cells(s: Samples, k: number): Int32Array {
  const out = new Int32Array(s.labels.length)
  for (let i = 0; i < out.length; i++) out[i] = s.labels[i]! * k + s.predicted[i]!
  return out
}

/** Up to this many classes the fused loop counts into a k×k matrix (tallied once a resample). */
const MATRIX_CLASSES = 64

/** Per-class counts of one resample: everything the classification metrics are made of. */
class Counts {
  readonly tp: Float64Array
  readonly predicted: Float64Array
  readonly actual: Float64Array
  /** The resample's confusion matrix, in whole numbers: one increment a draw (issue 14). */
  readonly matrix: Int32Array
  lossSum = 0
  n = 0

  constructor(readonly k: number) {
    this.tp = new Float64Array(k)
    this.predicted = new Float64Array(k)
    this.actual = new Float64Array(k)
    this.matrix = new Int32Array(k <= MATRIX_CLASSES ? k * k : 0)
  }

  reset(): void {
    this.matrix.fill(0)
    this.lossSum = 0
    this.n = 0
  }

  /**
   * n draws of rng.below(n), each counted as it is drawn: the draws and the counting in one loop,
   * with no index array written and read back, and one confusion-matrix cell a draw instead of
   * three per-class counters. The same random stream and the same order of loss additions as
   * drawing the indices first, so bit-equal replicates. `also` counts the same draws for a second
   * model (the paired bootstrap).
   */
  drawAndAdd(rng: Random, n: number, cell: Int32Array, nll: Float64Array, also?: { counts: Counts; cell: Int32Array; nll: Float64Array }): void {
    let x = rng.x | 0
    let y = rng.y | 0
    let z = rng.z | 0
    let w = rng.w | 0
    const matrix = this.matrix
    let loss = this.lossSum
    if (also === undefined) {
      for (let j = 0; j < n; j++) {
        const t = x ^ (x << 11)
        x = y
        y = z
        z = w
        w = w ^ (w >>> 19) ^ (t ^ (t >>> 8))
        // below(n): the product is in [0, n) with n < 2^31, so |0 floors it as >>>0 does
        const i = (((w >>> 0) / 4294967296) * n) | 0
        matrix[cell[i]!]!++
        loss += nll[i]!
      }
    } else {
      const b = also.counts
      const bMatrix = b.matrix
      const bCell = also.cell
      const bNll = also.nll
      let bLoss = b.lossSum
      for (let j = 0; j < n; j++) {
        const t = x ^ (x << 11)
        x = y
        y = z
        z = w
        w = w ^ (w >>> 19) ^ (t ^ (t >>> 8))
        const i = (((w >>> 0) / 4294967296) * n) | 0
        matrix[cell[i]!]!++
        loss += nll[i]!
        bMatrix[bCell[i]!]!++
        bLoss += bNll[i]!
      }
      b.drew(n, bLoss)
    }
    this.drew(n, loss)
    rng.x = x >>> 0
    rng.y = y >>> 0
    rng.z = z >>> 0
    rng.w = w >>> 0
  }

  /**
   * The same counts for many classes, where a k² matrix per resample would cost more than the
   * draws: per-class counters from indices drawn first (same stream, same order of additions).
   */
  addAll(s: Samples, idx: Int32Array): void {
    this.tp.fill(0)
    this.predicted.fill(0)
    this.actual.fill(0)
    let loss = this.lossSum
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j]!
      const y = s.labels[i]!
      const p = s.predicted[i]!
      this.actual[y]! += 1
      this.predicted[p]! += 1
      if (y === p) this.tp[y]! += 1
      loss += s.nll[i]!
    }
    this.lossSum = loss
    this.n += idx.length
  }

  /** After n draws counted into the matrix, with `loss` the loss sum so far. */
  private drew(n: number, loss: number): void {
    this.lossSum = loss
    this.n += n
    this.tally()
  }

  /** Per-class tp / predicted / actual from the matrix (whole numbers, so exactly the counts). */
  private tally(): void {
    const k = this.k
    this.tp.fill(0)
    this.predicted.fill(0)
    this.actual.fill(0)
    for (let yc = 0; yc < k; yc++) {
      for (let pc = 0; pc < k; pc++) {
        const c = this.matrix[yc * k + pc]!
        this.actual[yc]! += c
        this.predicted[pc]! += c
        if (yc === pc) this.tp[yc]! += c
      }
    }
  }

  /** The record metrics() fills, one per Counts: a thousand replicates allocate nothing. */
  private scratch: MetricsRecord | undefined

  /** metricsFromCounts of these counts (no confusion matrix), in one record reused by every call: read it before the next. */
  metrics(classes: readonly string[]): ClassificationMetrics {
    return (this.scratch = metricsFromCounts(this.tp, this.predicted, this.actual, this.n, this.lossSum, classes, undefined, this.scratch))
  }
}

const pickers = (metrics: readonly string[], classes: readonly string[]) => new Map(metrics.map((m) => [m, classificationPicker(m, classes)]))

/** Sorted bootstrap replicates of each metric, by threshold name (accuracy, macro_f1, f1[cat], …). */
export type Replicates = Readonly<Record<string, Float64Array>>

function sortAll(values: Record<string, Float64Array>): Replicates {
  for (const v of Object.values(values)) v.sort()
  return values
}

/**
 * A fused bootstrap (up to MATRIX_CLASSES classes) in plain typed arrays, so a worker thread can
 * take it: each sample's confusion cell and loss term, and for the paired bootstrap the baseline's.
 */
export interface FusedJob {
  readonly k: number
  readonly classes: readonly string[]
  readonly metrics: readonly string[]
  readonly cell: Int32Array
  readonly nll: Float64Array
  /** Paired: the baseline's outcomes on the same samples; each value is model − baseline. */
  readonly baseline?: { readonly cell: Int32Array; readonly nll: Float64Array }
}

/**
 * Resamples [from, to) of `job`, with `rng` at the first draw of resample `from`: metric i of
 * resample r goes to out[i · resamples + r].
 */
export function fusedRange(job: FusedJob, rng: Random, from: number, to: number, out: Float64Array, resamples: number, engine: 'wasm' | 'js' = 'wasm'): void {
  // each resample whole (draws, counts, metrics) in WebAssembly where it runs, else in JavaScript
  const wasm = engine === 'wasm' ? wasmResamples(job.k, job.cell, job.nll, job.baseline) : undefined
  if (wasm) return wasm.resamples(rng, job.metrics, job.classes, from, to, out, resamples)
  const n = job.cell.length
  const a = new Counts(job.k)
  const b = job.baseline ? new Counts(job.k) : undefined
  const also = b ? { counts: b, cell: job.baseline!.cell, nll: job.baseline!.nll } : undefined
  const pick = job.metrics.map((m) => classificationPicker(m, job.classes))
  for (let r = from; r < to; r++) {
    a.reset()
    b?.reset()
    a.drawAndAdd(rng, n, job.cell, job.nll, also)
    const ma = a.metrics(job.classes)
    const mb = b?.metrics(job.classes)
    for (let i = 0; i < pick.length; i++) {
      out[i * resamples + r] = mb ? (pick[i]!(ma) ?? NaN) - (pick[i]!(mb) ?? NaN) : (pick[i]!(ma) ?? NaN)
    }
  }
}

/**
 * Below this many draws (n × resamples) a worker costs about what it saves: its start and its cold
 * JIT against the main thread's share. Measured on 2 idle cores (npm run bench -- bootstrap, and whole
 * processes): 45,000 samples × 1,000 resamples came out even (1.21× in a warm process, the same wall
 * time as a whole run), 450,000 × 1,000 1.77× faster.
 */
const PARALLEL_DRAWS = 100_000_000

/** How many parts a fused bootstrap runs in: one a core for big ones (MODEL_GATE_TEST_BOOTSTRAP_PARTS forces a count, for tests). */
function partCount(n: number, resamples: number): number {
  const forced = Number(process.env.MODEL_GATE_TEST_BOOTSTRAP_PARTS)
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, resamples)
  if (n * resamples < PARALLEL_DRAWS) return 1
  return Math.max(1, Math.min(availableParallelism(), 8, resamples))
}

/**
 * The fused bootstrap, split by resample over worker threads when it is big and the machine has
 * cores to spare (the model is done running by now, so they are idle). Each part starts the
 * generator where the single stream reaches its first resample (Random.jump), so every replicate
 * is the one a single thread draws, bit for bit. The main thread runs the first part itself and
 * then waits on shared memory; a part whose worker fails or does not answer in time is run
 * here, which gives the same numbers.
 */
/** How the fused bootstraps of this process ran, for the log: parts, and how many of them a worker thread ran. */
export const bootstrapThreads = { runs: 0, parts: 0, onWorkers: 0 }

function fused(job: FusedJob, options: BootstrapOptions): Replicates {
  bootstrapThreads.runs++
  const R = options.resamples
  const n = job.cell.length
  const parts = partCount(n, R)
  const file = parts > 1 ? workerFile() : undefined
  const out = new Float64Array(file ? new SharedArrayBuffer(8 * R * job.metrics.length) : new ArrayBuffer(8 * R * job.metrics.length))
  bootstrapThreads.parts += file ? parts : 1
  if (!file) {
    fusedRange(job, new Random(options.seed), 0, R, out, R)
  } else {
    const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.floor((p * R) / parts))
    const done = new Int32Array(new SharedArrayBuffer(4 * parts))
    const startOf = (p: number): Random => {
      const rng = new Random(options.seed)
      rng.jump(bounds[p]! * n)
      return rng
    }
    const workers: Worker[] = []
    for (let p = 1; p < parts; p++) {
      const rng = startOf(p)
      try {
        const worker = new Worker(file, {
          workerData: { job, state: [rng.x, rng.y, rng.z, rng.w], from: bounds[p], to: bounds[p + 1], resamples: R, out: out.buffer, done: done.buffer, part: p }
        })
        worker.unref()
        // a failure is seen through `done` (or its absence); without a listener it would be thrown here
        worker.on('error', () => {})
        workers.push(worker)
      } catch {
        done[p] = 2
      }
    }
    const started = performance.now()
    fusedRange(job, new Random(options.seed), 0, bounds[1]!, out, R)
    const own = performance.now() - started
    for (let p = 1; p < parts; p++) {
      // A worker does as much as the main thread did, plus its start-up; far longer means it is stuck.
      if (Atomics.load(done, p) === 0) Atomics.wait(done, p, 0, Math.max(2000, 4 * own))
      if (Atomics.load(done, p) === 1) bootstrapThreads.onWorkers++
      else fusedRange(job, startOf(p), bounds[p]!, bounds[p + 1]!, out, R)
    }
    for (const w of workers) void w.terminate()
  }
  return sortAll(Object.fromEntries(job.metrics.map((m, i) => [m, out.slice(i * R, (i + 1) * R)])))
}

/** The bundled worker beside this chunk in dist/; absent when running from sources (tests), which then stay on one thread. */
function workerFile(): URL | undefined {
  const url = new URL('./bootstrap-worker.js', import.meta.url)
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined
}

function replicates(n: number, metrics: readonly string[], options: BootstrapOptions, measure: (idx: Int32Array) => (metric: string) => number): Replicates {
  const rng = new Random(options.seed)
  const out: Record<string, Float64Array> = Object.fromEntries(metrics.map((m) => [m, new Float64Array(options.resamples)]))
  const idx = new Int32Array(n)
  for (let r = 0; r < options.resamples; r++) {
    rng.fillBelow(n, idx)
    const value = measure(idx)
    for (const m of metrics) out[m]![r] = value(m)
  }
  return sortAll(out)
}

/**
 * Bootstrap replicates of classification metrics named as in thresholds. Each replicate draws n
 * indices with replacement and recomputes the metrics from per-class counts.
 */
export function bootstrapClassification(
  samples: Samples,
  numClasses: number,
  classes: readonly string[],
  metrics: readonly string[],
  options: BootstrapOptions = BOOTSTRAP_DEFAULTS
): Replicates {
  const counts = new Counts(numClasses)
  const n = samples.labels.length
  if (numClasses > MATRIX_CLASSES) {
    const pick = pickers(metrics, classes)
    return replicates(n, metrics, options, (idx) => {
      counts.reset()
      counts.addAll(samples, idx)
      const m = counts.metrics(classes)
      return (metric) => pick.get(metric)!(m) ?? NaN
    })
  }
  return fused({ k: numClasses, classes, metrics, cell: cells(samples, numClasses), nll: samples.nll }, options)
}

/**
 * Paired bootstrap of the difference model − baseline: both models are resampled on the same
 * indices, so what the two get right or wrong together cancels out.
 */
export function pairedBootstrapClassification(
  model: Samples,
  baseline: Samples,
  numClasses: number,
  classes: readonly string[],
  metrics: readonly string[],
  options: BootstrapOptions = BOOTSTRAP_DEFAULTS
): Replicates {
  const a = new Counts(numClasses)
  const b = new Counts(numClasses)
  const n = model.labels.length
  if (numClasses > MATRIX_CLASSES) {
    const pick = pickers(metrics, classes)
    return replicates(n, metrics, options, (idx) => {
      a.reset()
      b.reset()
      a.addAll(model, idx)
      b.addAll(baseline, idx)
      const ma = a.metrics(classes)
      const mb = b.metrics(classes)
      return (metric) => (pick.get(metric)!(ma) ?? NaN) - (pick.get(metric)!(mb) ?? NaN)
    })
  }
  return fused({ k: numClasses, classes, metrics, cell: cells(model, numClasses), nll: model.nll, baseline: { cell: cells(baseline, numClasses), nll: baseline.nll } }, options)
}

/** Per-sample outcomes of a regression model. */
export interface RegressionSamples {
  readonly predicted: Float64Array
  readonly target: Float64Array
}

export const REGRESSION_METRICS = ['r2', 'mse', 'rmse', 'mae'] as const

class RegressionSums {
  n = 0
  se = 0
  ae = 0
  y = 0
  yy = 0

  reset(): void {
    this.n = this.se = this.ae = this.y = this.yy = 0
  }

  addAll(s: RegressionSamples, idx: Int32Array): void {
    for (let j = 0; j < idx.length; j++) this.add(s, idx[j]!)
  }

  add(s: RegressionSamples, i: number): void {
    const t = s.target[i]!
    const e = s.predicted[i]! - t
    this.n++
    this.se += e * e
    this.ae += e < 0 ? -e : e
    this.y += t
    this.yy += t * t
  }

  value(metric: string): number {
    const mse = this.se / this.n
    switch (metric) {
      case 'mse': return mse
      case 'rmse': return Math.sqrt(mse)
      case 'mae': return this.ae / this.n
      case 'r2': {
        const ss = this.yy - (this.y * this.y) / this.n
        // scikit-learn: a constant target gives 1 for a perfect fit, else 0.
        return ss > 0 ? 1 - this.se / ss : this.se === 0 ? 1 : 0
      }
      default: return NaN
    }
  }
}

export function bootstrapRegression(samples: RegressionSamples, metrics: readonly string[], options: BootstrapOptions = BOOTSTRAP_DEFAULTS): Replicates {
  const sums = new RegressionSums()
  return replicates(samples.target.length, metrics, options, (idx) => {
    sums.reset()
    sums.addAll(samples, idx)
    return (m) => sums.value(m)
  })
}

export function pairedBootstrapRegression(
  model: RegressionSamples,
  baseline: RegressionSamples,
  metrics: readonly string[],
  options: BootstrapOptions = BOOTSTRAP_DEFAULTS
): Replicates {
  const a = new RegressionSums()
  const b = new RegressionSums()
  return replicates(model.target.length, metrics, options, (idx) => {
    a.reset()
    b.reset()
    a.addAll(model, idx)
    b.addAll(baseline, idx)
    return (m) => a.value(m) - b.value(m)
  })
}
