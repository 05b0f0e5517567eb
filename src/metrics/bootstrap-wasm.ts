/**
 * The fused bootstrap's draw loop in WebAssembly (bootstrap.wat), over copies of a job's confusion
 * cells and loss terms in the module's memory. A small gate's bootstrap (100 samples × 1,000
 * resamples) ran mostly before V8's optimising compiler had caught up with the JavaScript loop;
 * WebAssembly is compiled before it first runs. The same draws, counts and sums, bit for bit.
 */
import { align16, instantiate, reserve, type WasmMemory } from '../wasm.js'
import { BOOTSTRAP_WASM } from './bootstrap-wasm-bytes.js'

interface Exports {
  readonly memory: WasmMemory
  readonly x: { value: number }
  readonly y: { value: number }
  readonly z: { value: number }
  readonly w: { value: number }
  readonly bloss: { value: number }
  draw(n: number, cell: number, nll: number, matrix: number, loss: number): number
  drawPaired(n: number, cell: number, nll: number, matrix: number, loss: number, bcell: number, bnll: number, bmatrix: number, bloss: number): number
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

/** One job's data placed in the module's memory: draw() then counts into `matrix` (and `bMatrix`). */
export interface WasmDraws {
  readonly matrix: Int32Array
  readonly bMatrix: Int32Array | undefined
  /** n draws from rng's state (advanced), counted into the matrices; returns the model's loss sum plus `loss`, and the baseline's via bLoss. */
  draw(rng: RandomState, loss: number, bLoss: number): { loss: number; bLoss: number }
}

export function wasmDraws(k: number, cell: Int32Array, nll: Float64Array, baseline?: { readonly cell: Int32Array; readonly nll: Float64Array }): WasmDraws | undefined {
  const n = cell.length
  if (n > WASM_MAX_SAMPLES) return undefined
  instance ??= instantiate<Exports>(BOOTSTRAP_WASM)
  const e = instance
  if (e === null) return undefined
  const at = { nll: 0, bNll: align16(8 * n), cell: 0, bCell: 0, matrix: 0, bMatrix: 0 }
  at.cell = at.bNll + (baseline ? align16(8 * n) : 0)
  at.bCell = at.cell + align16(4 * n)
  at.matrix = at.bCell + (baseline ? align16(4 * n) : 0)
  at.bMatrix = at.matrix + align16(4 * k * k)
  reserve(e.memory, at.bMatrix + align16(4 * k * k))
  const buffer = e.memory.buffer
  new Float64Array(buffer, at.nll, n).set(nll)
  new Int32Array(buffer, at.cell, n).set(cell)
  if (baseline) {
    new Float64Array(buffer, at.bNll, n).set(baseline.nll)
    new Int32Array(buffer, at.bCell, n).set(baseline.cell)
  }
  return {
    matrix: new Int32Array(buffer, at.matrix, k * k),
    bMatrix: baseline ? new Int32Array(buffer, at.bMatrix, k * k) : undefined,
    draw(rng, loss, bLoss) {
      e.x.value = rng.x
      e.y.value = rng.y
      e.z.value = rng.z
      e.w.value = rng.w
      let bl = bLoss
      if (baseline) {
        loss = e.drawPaired(n, at.cell, at.nll, at.matrix, loss, at.bCell, at.bNll, at.bMatrix, bLoss)
        bl = e.bloss.value
      } else {
        loss = e.draw(n, at.cell, at.nll, at.matrix, loss)
      }
      rng.x = e.x.value >>> 0
      rng.y = e.y.value >>> 0
      rng.z = e.z.value >>> 0
      rng.w = e.w.value >>> 0
      return { loss, bLoss: bl }
    }
  }
}
