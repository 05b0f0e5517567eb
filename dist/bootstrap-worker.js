import { workerData } from 'node:worker_threads';
import { j as Random, k as fusedRange } from './bootstrap.js';
import 'node:fs';
import 'node:os';
import 'node:url';
import './errors.js';
import './wasm.js';

/**
 * One part of a fused bootstrap on a worker thread (see fused() in bootstrap.ts): resamples
 * [from, to) from the generator state given, written into the shared output; then `done[part]`
 * says 1 (written) or 2 (failed, the main thread runs the part itself).
 */
const data = workerData;
const done = new Int32Array(data.done);
try {
    // tests: a worker that fails must cost nothing but time
    if (process.env.MODEL_GATE_TEST_BOOTSTRAP_FAIL)
        throw new Error('MODEL_GATE_TEST_BOOTSTRAP_FAIL');
    const rng = new Random(0);
    [rng.x, rng.y, rng.z, rng.w] = data.state;
    fusedRange(data.job, rng, data.from, data.to, new Float64Array(data.out), data.resamples);
    Atomics.store(done, data.part, 1);
}
catch {
    Atomics.store(done, data.part, 2);
}
Atomics.notify(done, data.part);
