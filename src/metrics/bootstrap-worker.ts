/**
 * One part of a fused bootstrap on a worker thread (see fused() in bootstrap.ts): resamples
 * [from, to) from the generator state given, written into the shared output; then `done[part]`
 * says 1 (written) or 2 (failed, the main thread runs the part itself).
 */
import { workerData } from 'node:worker_threads'
import { fusedRange, Random, type FusedJob } from './bootstrap.js'

interface PartData {
  readonly job: FusedJob
  readonly state: readonly [number, number, number, number]
  readonly from: number
  readonly to: number
  readonly resamples: number
  readonly out: SharedArrayBuffer
  readonly done: SharedArrayBuffer
  readonly part: number
}

const data = workerData as PartData
const done = new Int32Array(data.done)
try {
  // tests: a worker that fails must cost nothing but time
  if (process.env.MODEL_GATE_TEST_BOOTSTRAP_FAIL) throw new Error('MODEL_GATE_TEST_BOOTSTRAP_FAIL')
  const rng = new Random(0)
  ;[rng.x, rng.y, rng.z, rng.w] = data.state
  fusedRange(data.job, rng, data.from, data.to, new Float64Array(data.out), data.resamples)
  Atomics.store(done, data.part, 1)
} catch {
  Atomics.store(done, data.part, 2)
}
Atomics.notify(done, data.part)
