/**
 * The fused bootstrap's resamples in WebAssembly (bootstrap.wat), over copies of a job's confusion
 * cells and loss terms in the module's memory: the draws, the per-class counts and the metrics of
 * each replicate. A small gate's bootstrap (100 samples × 1,000 resamples) ran mostly before V8's
 * optimising compiler had caught up with the JavaScript; WebAssembly is compiled before it first
 * runs. The same draws, counts, sums and metrics, bit for bit.
 */
import { align16, instantiate, reserve, type WasmMemory } from '../wasm.js'
import type { ClassificationMetrics } from './classification.js'
import { BOOTSTRAP_WASM } from './bootstrap-wasm-bytes.js'
import { classificationPicker } from './lookup.js'

interface Exports {
  readonly memory: WasmMemory
  readonly x: { value: number }
  readonly y: { value: number }
  readonly z: { value: number }
  readonly w: { value: number }
  replicate(n: number, cell: number, nll: number, matrix: number, k: number, sums: number, out: number): void
  replicatePaired(n: number, cell: number, nll: number, matrix: number, bcell: number, bnll: number, bmatrix: number, k: number, sums: number, out: number, bout: number): void
}

/** f64s of a replicate's metrics before the per-class ones (bootstrap.wat's $metrics). */
const HEADER = 13

/**
 * Where a threshold name's value sits in a replicate's metrics (bootstrap.wat's layout), or
 * undefined for a name the metrics do not have: the picker the JavaScript path uses, run on a
 * record whose every number is its own position, so the two paths cannot read different fields.
 * Typed as the whole record: a field added to it fails to compile here until it has a place.
 */
export function metricIndex(metric: string, classes: readonly string[]): number | undefined {
  const layout: ClassificationMetrics = {
    n_samples: 0, classes, accuracy: 1, loss: 2, macro_precision: 3, macro_recall: 4, macro_f1: 5,
    weighted_precision: 6, weighted_recall: 7, weighted_f1: 8, micro_precision: 9, micro_recall: 10, micro_f1: 11, min_class_f1: 12,
    per_class: classes.map((c, i) => ({ class: c, precision: HEADER + 4 * i, recall: HEADER + 4 * i + 1, f1: HEADER + 4 * i + 2, support: HEADER + 4 * i + 3 })),
    confusion_matrix: []
  }
  return classificationPicker(metric, classes)(layout)
}

/** xorshift128's state, as Random (bootstrap.ts) keeps it: unsigned 32-bit words. */
export interface RandomState {
  x: number
  y: number
  z: number
  w: number
}

/**
 * Samples the module takes: 12 bytes a sample (24 paired) in a memory that never shrinks; a bigger
 * bootstrap (which is also split over worker threads) draws in JavaScript.
 */
export const WASM_MAX_SAMPLES = 2_000_000

let instance: Exports | null | undefined

/** One job's data placed in the module's memory, ready to be resampled. */
export interface WasmResamples {
  /**
   * Resamples [from, to) whole, from rng's state (advanced): metric i of resample r to
   * out[i · resamples + r], the model's value minus the baseline's when paired; NaN for a name the
   * metrics do not have. As fusedRange's JavaScript loop gives them.
   */
  resamples(rng: RandomState, metrics: readonly string[], classes: readonly string[], from: number, to: number, out: Float64Array, resamples: number): void
}

export function wasmResamples(k: number, cell: Int32Array, nll: Float64Array, baseline?: { readonly cell: Int32Array; readonly nll: Float64Array }): WasmResamples | undefined {
  const n = cell.length
  if (n > WASM_MAX_SAMPLES) return undefined
  instance ??= instantiate<Exports>(BOOTSTRAP_WASM)
  const e = instance
  if (e === null) return undefined
  const at = { nll: 0, bNll: align16(8 * n), cell: 0, bCell: 0, matrix: 0, bMatrix: 0, sums: 0, out: 0, bOut: 0 }
  at.cell = at.bNll + (baseline ? align16(8 * n) : 0)
  at.bCell = at.cell + align16(4 * n)
  at.matrix = at.bCell + (baseline ? align16(4 * n) : 0)
  at.bMatrix = at.matrix + align16(4 * k * k)
  at.sums = at.bMatrix + align16(4 * k * k)
  const stride = HEADER + 4 * k
  at.out = at.sums + align16(24 * k)
  at.bOut = at.out + align16(8 * stride)
  reserve(e.memory, at.bOut + align16(8 * stride))
  const buffer = e.memory.buffer
  const vector = new Float64Array(buffer, at.out, stride)
  const bVector = new Float64Array(buffer, at.bOut, stride)
  const setState = (rng: RandomState) => {
    e.x.value = rng.x
    e.y.value = rng.y
    e.z.value = rng.z
    e.w.value = rng.w
  }
  const getState = (rng: RandomState) => {
    rng.x = e.x.value >>> 0
    rng.y = e.y.value >>> 0
    rng.z = e.z.value >>> 0
    rng.w = e.w.value >>> 0
  }
  new Float64Array(buffer, at.nll, n).set(nll)
  new Int32Array(buffer, at.cell, n).set(cell)
  if (baseline) {
    new Float64Array(buffer, at.bNll, n).set(baseline.nll)
    new Int32Array(buffer, at.bCell, n).set(baseline.cell)
  }
  return {
    resamples(rng, metrics, classes, from, to, out, resamples) {
      const index = metrics.map((m) => metricIndex(m, classes))
      setState(rng)
      for (let r = from; r < to; r++) {
        if (baseline) e.replicatePaired(n, at.cell, at.nll, at.matrix, at.bCell, at.bNll, at.bMatrix, k, at.sums, at.out, at.bOut)
        else e.replicate(n, at.cell, at.nll, at.matrix, k, at.sums, at.out)
        for (let i = 0; i < index.length; i++) {
          const j = index[i]
          out[i * resamples + r] = j === undefined ? NaN : baseline ? vector[j]! - bVector[j]! : vector[j]!
        }
      }
      getState(rng)
    }
  }
}
