import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { D as DataError } from './errors.js';
import { i as instantiate, r as reserve, a as align16 } from './wasm.js';

/**
 * Classification metrics as a pure accumulator: init → update(batch)* → finalize.
 * No I/O. Definitions follow scikit-learn (labels = every class index, zero_division = 0):
 * accuracy_score, precision_recall_fscore_support, log_loss and confusion_matrix.
 */
// scikit-learn's log_loss clips probabilities to [eps, 1 - eps] with eps = float64 machine epsilon.
const EPS = 2.220446049250313e-16;
const LOG_EPS = Math.log(EPS);
const LOG_ONE_MINUS_EPS = Math.log1p(-EPS);
function initClassification(numClasses, kind) {
    if (!Number.isInteger(numClasses) || numClasses < 2) {
        throw new RangeError(`numClasses must be a whole number of at least 2, got ${numClasses}`);
    }
    return { numClasses, kind, confusion: new Float64Array(numClasses * numClasses), count: 0, lossSum: 0 };
}
/** Index of the largest score; ties go to the lowest index, as numpy's argmax does. */
function argmax(scores, start, k) {
    let best = 0;
    let bestValue = scores[start];
    for (let j = 1; j < k; j++) {
        const v = scores[start + j];
        if (v > bestValue) {
            bestValue = v;
            best = j;
        }
    }
    return best;
}
/** A log-softmax value clipped to [log eps, log(1 - eps)], as log_loss clips the probability. */
function clampedLog(logp) {
    return Math.min(Math.max(logp, LOG_EPS), LOG_ONE_MINUS_EPS);
}
function clip(p) {
    return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
}
function rowStats(scores, labels, size, k, kind) {
    const predicted = new Int32Array(size);
    const logTrue = new Float64Array(size);
    const logPredicted = new Float64Array(size);
    const probs = new Float64Array(size * k);
    const sums = kind === 'logits' ? new Float64Array(size) : undefined;
    for (let i = 0; i < size; i++) {
        const start = i * k;
        const y = labels[i];
        const p = argmax(scores, start, k);
        predicted[i] = p;
        if (kind === 'logits') {
            let max = -Infinity;
            for (let j = 0; j < k; j++)
                max = Math.max(max, scores[start + j]);
            let sum = 0;
            for (let j = 0; j < k; j++) {
                const e = Math.exp(scores[start + j] - max);
                probs[start + j] = e;
                sum += e;
            }
            for (let j = 0; j < k; j++)
                probs[start + j] = probs[start + j] / sum;
            sums[i] = sum;
            const logSum = Math.log(sum);
            const ly = clampedLog(scores[start + y] - max - logSum);
            logTrue[i] = ly;
            logPredicted[i] = p === y ? ly : clampedLog(scores[start + p] - max - logSum);
        }
        else {
            let sum = 0;
            for (let j = 0; j < k; j++) {
                probs[start + j] = scores[start + j];
                sum += clip(scores[start + j]);
            }
            const ly = Math.log(clip(scores[start + y]) / sum);
            logTrue[i] = ly;
            logPredicted[i] = p === y ? ly : Math.log(clip(scores[start + p]) / sum);
        }
    }
    return { predicted, logTrue, logPredicted, probs, ...(sums ? { sums } : {}) };
}
function updateClassification(state, batch) {
    const k = state.numClasses;
    const rows = batch.rows ?? rowStats(batch.scores, batch.labels, batch.size, k, state.kind);
    for (let i = 0; i < batch.size; i++) {
        const y = batch.labels[i];
        if (!(y >= 0 && y < k)) {
            throw new DataError(`test-data: sample ${batch.offset + i} has label ${y}, outside the model's ${k} classes (0–${k - 1}); ` +
                `check the labels, or class-names when labels are names`, 'test-data');
        }
        const p = rows.predicted[i];
        state.confusion[y * k + p] += 1;
        state.lossSum -= rows.logTrue[i];
    }
    state.count += batch.size;
    return state;
}
function finalizeClassification(state, classNames) {
    const k = state.numClasses;
    const n = state.count;
    if (n === 0)
        throw new DataError('test-data holds no samples: point it at a non-empty test set', 'test-data');
    const classes = classNames && classNames.length === k ? [...classNames] : Array.from({ length: k }, (_, i) => String(i));
    const tp = new Float64Array(k);
    const predicted = new Float64Array(k);
    const actual = new Float64Array(k);
    const matrix = [];
    for (let c = 0; c < k; c++) {
        const row = [];
        for (let j = 0; j < k; j++) {
            actual[c] += state.confusion[c * k + j];
            predicted[c] += state.confusion[j * k + c];
            row.push(state.confusion[c * k + j]);
        }
        matrix.push(row);
        tp[c] = state.confusion[c * k + c];
    }
    return metricsFromCounts(tp, predicted, actual, n, state.lossSum, classes, matrix);
}
const NO_MATRIX = [];
/**
 * Accuracy, loss and the per-class, macro, weighted and micro precision/recall/F1 from per-class
 * counts (whole numbers), as scikit-learn defines them: the one definition the metrics of a run and
 * of every bootstrap replicate both use. Written into `into` when given (returned), else a new record.
 */
function metricsFromCounts(tp, predicted, actual, n, lossSum, classes, confusion = NO_MATRIX, into) {
    const k = tp.length;
    const m = into ?? {
        n_samples: 0, classes, accuracy: 0, loss: 0, macro_precision: 0, macro_recall: 0, macro_f1: 0,
        weighted_precision: 0, weighted_recall: 0, weighted_f1: 0, micro_precision: 0, micro_recall: 0, micro_f1: 0,
        min_class_f1: 0, per_class: Array.from({ length: k }, (_, c) => ({ class: classes[c], precision: 0, recall: 0, f1: 0, support: 0 })), confusion_matrix: []
    };
    let correct = 0;
    let macroP = 0;
    let macroR = 0;
    let macroF = 0;
    let weightedP = 0;
    let weightedR = 0;
    let weightedF = 0;
    let minF = Infinity;
    for (let c = 0; c < k; c++) {
        const t = tp[c];
        const pred = predicted[c];
        const act = actual[c];
        correct += t;
        // precision, recall and F1 from counts as scikit-learn (zero_division = 0; F as >= 1.3 has it,
        // 2tp / (2tp + fp + fn)), written out: a helper returning [p, r, f1] allocated an array per class
        // in each of a bootstrap's thousand replicates while the code was still cold
        const precision = pred === 0 ? 0 : t / pred;
        const recall = act === 0 ? 0 : t / act;
        const denom = pred + act;
        const f1 = denom === 0 ? 0 : (2 * t) / denom;
        const pc = m.per_class[c];
        pc.class = classes[c];
        pc.precision = precision;
        pc.recall = recall;
        pc.f1 = f1;
        pc.support = act;
        macroP += precision;
        macroR += recall;
        macroF += f1;
        weightedP += precision * act;
        weightedR += recall * act;
        weightedF += f1 * act;
        minF = Math.min(minF, f1);
    }
    // Micro averages over all classes: every sample is one prediction, so tp = correct, fp = fn = n - correct.
    const microP = n === 0 ? 0 : correct / n;
    const microF = n + n === 0 ? 0 : (2 * correct) / (n + n);
    m.n_samples = n;
    m.classes = classes;
    m.accuracy = correct / n;
    m.loss = lossSum / n;
    m.macro_precision = macroP / k;
    m.macro_recall = macroR / k;
    m.macro_f1 = macroF / k;
    m.weighted_precision = weightedP / n;
    m.weighted_recall = weightedR / n;
    m.weighted_f1 = weightedF / n;
    m.micro_precision = microP;
    m.micro_recall = microP;
    m.micro_f1 = microF;
    m.min_class_f1 = minF;
    m.confusion_matrix = confusion;
    return m;
}

// Generated by __tests__/generated.test.ts (npm run generate) from bootstrap.wat with wabt: do not edit.
const BOOTSTRAP_WASM = 'AGFzbQEAAAABPQZgBX9/f398AXxgCX9/f398f39/fAF8YAZ/f3x8f38AYAJ/fwBgB39/f39/f38AYAt/f39/f39/f39/fwADBwYAAQIDBAUFAwEAAQYhBX8BQQALfwFBAAt/AUEAC38BQQALfAFEAAAAAAAAAAALBzgHBm1lbW9yeQIAAXgDAAF5AwEBegMCAXcDAwlyZXBsaWNhdGUABA9yZXBsaWNhdGVQYWlyZWQABQqmCgayAQIIfwF8IwAhCSMBIQojAiELIwMhDCAAtyENAkAgAEUNAANAIAkgCUELdHMhBiAKIQkgCyEKIAwhCyAMIAxBE3ZzIAYgBkEIdnNzIQwgDLhEAAAAAAAA8EGjIA2iqiEHIAMgASAHQQJ0aigCAEECdGohCCAIIAgoAgBBAWo2AgAgBCACIAdBA3RqKwMAoCEEIAVBAWohBSAFIABJDQALCyAJJAAgCiQBIAskAiAMJAMgBAvmAQIIfwF8IwAhDSMBIQ4jAiEPIwMhECAAtyERAkAgAEUNAANAIA0gDUELdHMhCiAOIQ0gDyEOIBAhDyAQIBBBE3ZzIAogCkEIdnNzIRAgELhEAAAAAAAA8EGjIBGiqiELIAMgASALQQJ0aigCAEECdGohDCAMIAwoAgBBAWo2AgAgBCACIAtBA3RqKwMAoCEEIAcgBSALQQJ0aigCAEECdGohDCAMIAwoAgBBAWo2AgAgCCAGIAtBA3RqKwMAoCEIIAlBAWohCSAJIABJDQALCyANJAAgDiQBIA8kAiAQJAMgCCQEIAQLzgUCB38RfCAEIQogCiAAQQN0aiELIAsgAEEDdGohDEEAIQgCQANAIAggAEEYbE8NASAEIAhqRAAAAAAAAAAAOQMAIAhBCGohCAwACwsCQANAIAYgAE8NAUEAIQcCQANAIAcgAE8NASABIAYgAGwgB2pBAnRqKAIAtyENIAwgBkEDdGohCCAIIAgrAwAgDaA5AwAgCyAHQQN0aiEIIAggCCsDACANoDkDACAGIAdGBEAgCiAGQQN0aiEIIAggCCsDACANoDkDAAsgB0EBaiEHDAALCyAGQQFqIQYMAAsLRAAAAAAAAPB/IR0gBUHoAGohCUEAIQcCQANAIAcgAE8NASAHQQN0IQggCiAIaisDACEPIAsgCGorAwAhECAMIAhqKwMAIREgFiAPoCEWRAAAAAAAAAAAIA8gEKMgEEQAAAAAAAAAAGEbIRJEAAAAAAAAAAAgDyARoyARRAAAAAAAAAAAYRshEyAQIBGgIRREAAAAAAAAAABEAAAAAAAAAEAgD6IgFKMgFEQAAAAAAAAAAGEbIRUgCSASOQMAIAkgEzkDCCAJIBU5AxAgCSAROQMYIBcgEqAhFyAYIBOgIRggGSAVoCEZIBogEiARoqAhGiAbIBMgEaKgIRsgHCAVIBGioCEcIB0gFaQhHSAJQSBqIQkgB0EBaiEHDAALCyAAtyEOIAUgAjkDACAFIBYgAqM5AwggBSADIAKjOQMQIAUgFyAOozkDGCAFIBggDqM5AyAgBSAZIA6jOQMoIAUgGiACozkDMCAFIBsgAqM5AzggBSAcIAKjOQNAIAVEAAAAAAAAAAAgFiACoyACRAAAAAAAAAAAYRs5A0ggBUQAAAAAAAAAACAWIAKjIAJEAAAAAAAAAABhGzkDUCAFRAAAAAAAAAAARAAAAAAAAABAIBaiIAIgAqCjIAIgAqBEAAAAAAAAAABhGzkDWCAFIB05A2ALJAEBfwJAA0AgAiABTw0BIAAgAmpBADYCACACQQRqIQIMAAsLCzQBAXwgAyAEIARsQQJ0EAMgACABIAIgA0QAAAAAAAAAABAAIQcgBCADIAC3IAcgBSAGEAILXgEBfCADIAcgB2xBAnQQAyAGIAcgB2xBAnQQAyAAIAEgAiADRAAAAAAAAAAAIAQgBSAGRAAAAAAAAAAAEAEhCyAHIAMgALcgCyAIIAkQAiAHIAYgALcjBCAIIAoQAgs=';

const INDEXED = /^(f1|precision|recall)\[(.+)\]$/;
/**
 * The reader of one threshold name (accuracy, f1[cat], recall[3]), parsed once: the bootstrap reads
 * the same few names from a thousand replicates.
 */
function classificationPicker(metric, classes) {
    const indexed = INDEXED.exec(metric);
    if (indexed) {
        const key = indexed[2];
        let c = classes.indexOf(key);
        if (c < 0 && /^\d+$/.test(key) && Number(key) < classes.length)
            c = Number(key);
        const field = indexed[1];
        return c < 0 ? () => undefined : (m) => m.per_class[c][field];
    }
    return (m) => {
        const v = m[metric];
        return typeof v === 'number' ? v : undefined;
    };
}
/** Resolves threshold names (accuracy, f1[cat], recall[3]) against classification metrics. */
function classificationLookup(m, extra = {}) {
    return (metric) => (!INDEXED.test(metric) && metric in extra ? extra[metric] : classificationPicker(metric, m.classes)(m));
}

/**
 * The fused bootstrap's resamples in WebAssembly (bootstrap.wat), over copies of a job's confusion
 * cells and loss terms in the module's memory: the draws, the per-class counts and the metrics of
 * each replicate. A small gate's bootstrap (100 samples × 1,000 resamples) ran mostly before V8's
 * optimising compiler had caught up with the JavaScript; WebAssembly is compiled before it first
 * runs. The same draws, counts, sums and metrics, bit for bit.
 */
/** f64s of a replicate's metrics before the per-class ones (bootstrap.wat's $metrics). */
const HEADER = 13;
/**
 * Where a threshold name's value sits in a replicate's metrics (bootstrap.wat's layout), or
 * undefined for a name the metrics do not have: the picker the JavaScript path uses, run on a
 * record whose every number is its own position, so the two paths cannot read different fields.
 * Typed as the whole record: a field added to it fails to compile here until it has a place.
 */
function metricIndex(metric, classes) {
    const layout = {
        n_samples: 0, classes, accuracy: 1, loss: 2, macro_precision: 3, macro_recall: 4, macro_f1: 5,
        weighted_precision: 6, weighted_recall: 7, weighted_f1: 8, micro_precision: 9, micro_recall: 10, micro_f1: 11, min_class_f1: 12,
        per_class: classes.map((c, i) => ({ class: c, precision: HEADER + 4 * i, recall: HEADER + 4 * i + 1, f1: HEADER + 4 * i + 2, support: HEADER + 4 * i + 3 })),
        confusion_matrix: []
    };
    return classificationPicker(metric, classes)(layout);
}
/**
 * Samples the module takes: 12 bytes a sample (24 paired) in a memory that never shrinks; a bigger
 * bootstrap (which is also split over worker threads) draws in JavaScript.
 */
const WASM_MAX_SAMPLES = 2_000_000;
let instance;
function wasmResamples(k, cell, nll, baseline) {
    const n = cell.length;
    if (n > WASM_MAX_SAMPLES)
        return undefined;
    instance ??= instantiate(BOOTSTRAP_WASM);
    const e = instance;
    if (e === null)
        return undefined;
    const at = { nll: 0, bNll: align16(8 * n), cell: 0, bCell: 0, matrix: 0, bMatrix: 0, sums: 0, out: 0, bOut: 0 };
    at.cell = at.bNll + (baseline ? align16(8 * n) : 0);
    at.bCell = at.cell + align16(4 * n);
    at.matrix = at.bCell + (baseline ? align16(4 * n) : 0);
    at.bMatrix = at.matrix + align16(4 * k * k);
    at.sums = at.bMatrix + align16(4 * k * k);
    const stride = HEADER + 4 * k;
    at.out = at.sums + align16(24 * k);
    at.bOut = at.out + align16(8 * stride);
    reserve(e.memory, at.bOut + align16(8 * stride));
    const buffer = e.memory.buffer;
    const vector = new Float64Array(buffer, at.out, stride);
    const bVector = new Float64Array(buffer, at.bOut, stride);
    const setState = (rng) => {
        e.x.value = rng.x;
        e.y.value = rng.y;
        e.z.value = rng.z;
        e.w.value = rng.w;
    };
    const getState = (rng) => {
        rng.x = e.x.value >>> 0;
        rng.y = e.y.value >>> 0;
        rng.z = e.z.value >>> 0;
        rng.w = e.w.value >>> 0;
    };
    new Float64Array(buffer, at.nll, n).set(nll);
    new Int32Array(buffer, at.cell, n).set(cell);
    if (baseline) {
        new Float64Array(buffer, at.bNll, n).set(baseline.nll);
        new Int32Array(buffer, at.bCell, n).set(baseline.cell);
    }
    return {
        resamples(rng, metrics, classes, from, to, out, resamples) {
            const index = metrics.map((m) => metricIndex(m, classes));
            setState(rng);
            for (let r = from; r < to; r++) {
                if (baseline)
                    e.replicatePaired(n, at.cell, at.nll, at.matrix, at.bCell, at.bNll, at.bMatrix, k, at.sums, at.out, at.bOut);
                else
                    e.replicate(n, at.cell, at.nll, at.matrix, k, at.sums, at.out);
                for (let i = 0; i < index.length; i++) {
                    const j = index[i];
                    out[i * resamples + r] = j === undefined ? NaN : baseline ? vector[j] - bVector[j] : vector[j];
                }
            }
            getState(rng);
        }
    };
}

/**
 * Seeded bootstrap over per-sample outcomes: resample the test set with replacement and recompute
 * the metric from per-class counts (not by re-running the model), B times. Pure and reproducible:
 * the same samples, resamples and seed give the same intervals on every machine.
 */
const DEFAULT_RESAMPLES = 1000;
const DEFAULT_SEED = 0;
const DEFAULT_LEVEL = 0.95;
const BOOTSTRAP_DEFAULTS = { resamples: DEFAULT_RESAMPLES, seed: DEFAULT_SEED };
/**
 * Marsaglia's xorshift128, seeded through splitmix32: plenty for drawing resample indices, and
 * shifts and xors only, so the hot loop makes no calls.
 */
class Random {
    // public so the fused draw-and-count loops below can run the generator on locals (same stream)
    x;
    y;
    z;
    w;
    constructor(seed) {
        let s = seed >>> 0;
        const next = () => {
            s = (s + 0x9e3779b9) >>> 0;
            let t = s ^ (s >>> 16);
            t = Math.imul(t, 0x21f0aaad);
            t ^= t >>> 15;
            t = Math.imul(t, 0x735a2d97);
            return (t ^ (t >>> 15)) >>> 0;
        };
        this.x = next();
        this.y = next();
        this.z = next();
        this.w = next() || 1;
    }
    nextUint32() {
        const t = this.x ^ (this.x << 11);
        this.x = this.y;
        this.y = this.z;
        this.z = this.w;
        this.w = (this.w ^ (this.w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
        return this.w;
    }
    /**
     * The state `steps` draws later, without drawing them. xorshift128 only shifts and xors, so one
     * step is a linear map on the 128 state bits and `steps` of them are its power, found by squaring
     * in about log2(steps) products of 128×128 bit matrices: how a worker starts its share of the
     * resamples exactly where the stream would have reached it.
     */
    jump(steps) {
        if (!Number.isSafeInteger(steps) || steps < 0)
            throw new RangeError(`steps must be a whole number ≥ 0, got ${steps}`);
        let power = stepMatrix();
        let state = Uint32Array.of(this.x, this.y, this.z, this.w);
        for (let left = steps; left > 0; left = Math.floor(left / 2)) {
            if (left % 2 === 1)
                state = applyBits(power, state);
            if (left > 1)
                power = composeBits(power, power);
        }
        this.x = state[0];
        this.y = state[1];
        this.z = state[2];
        this.w = state[3];
    }
    /** A whole number in [0, n) for n < 2^32. The bias of scaling 32 bits is below n / 2^32, far under bootstrap noise. */
    below(n) {
        return ((this.nextUint32() / 4294967296) * n) >>> 0;
    }
    /**
     * `count` draws of below(n) into `out` — the same numbers as calling below() that many times, in a
     * tight loop on local state (the bootstrap's hot path: N draws per resample).
     */
    fillBelow(n, out) {
        // The state stays in int32 form (the same bits) so V8 keeps it unboxed; only the index uses
        // the unsigned value. floor(w · n / 2^32) is exactly what below() computes.
        let x = this.x | 0;
        let y = this.y | 0;
        let z = this.z | 0;
        let w = this.w | 0;
        for (let i = 0; i < out.length; i++) {
            const t = x ^ (x << 11);
            x = y;
            y = z;
            z = w;
            w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
            out[i] = (((w >>> 0) / 4294967296) * n) >>> 0;
        }
        this.x = x >>> 0;
        this.y = y >>> 0;
        this.z = z >>> 0;
        this.w = w >>> 0;
    }
}
/** One xorshift128 step of a state given as four words, as nextUint32 takes it. */
function stepWords(v) {
    const t = v[0] ^ (v[0] << 11);
    return Uint32Array.of(v[1], v[2], v[3], v[3] ^ (v[3] >>> 19) ^ (t ^ (t >>> 8)));
}
/** A 128×128 bit matrix as its 128 columns (the images of the unit vectors), 4 words each. */
function applyBits(m, v) {
    const out = new Uint32Array(4);
    for (let j = 0; j < 128; j++) {
        if (((v[j >>> 5] >>> (j & 31)) & 1) === 0)
            continue;
        for (let w = 0; w < 4; w++)
            out[w] ^= m[j * 4 + w];
    }
    return out;
}
function composeBits(a, b) {
    const out = new Uint32Array(512);
    for (let j = 0; j < 128; j++)
        out.set(applyBits(a, b.subarray(j * 4, j * 4 + 4)), j * 4);
    return out;
}
let step;
function stepMatrix() {
    if (step)
        return step;
    step = new Uint32Array(512);
    for (let j = 0; j < 128; j++) {
        const unit = new Uint32Array(4);
        unit[j >>> 5] = 1 << (j & 31);
        step.set(stepWords(unit), j * 4);
    }
    return step;
}
/** numpy.percentile's default (linear) on an ascending array; q in [0, 1]. */
function quantile(sorted, q) {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
/** Two-sided percentile interval at `level` (e.g. 0.95 → 2.5th and 97.5th percentiles). */
function percentileInterval(sorted, level) {
    const tail = (1 - level) / 2;
    return [quantile(sorted, tail), quantile(sorted, 1 - tail)];
}
/** Per-sample (true class · k + predicted class): the confusion-matrix cell a draw falls in. */
function cells(s, k) {
    const out = new Int32Array(s.labels.length);
    for (let i = 0; i < out.length; i++)
        out[i] = s.labels[i] * k + s.predicted[i];
    return out;
}
/** Up to this many classes the fused loop counts into a k×k matrix (tallied once a resample). */
const MATRIX_CLASSES = 64;
/** Per-class counts of one resample: everything the classification metrics are made of. */
class Counts {
    k;
    tp;
    predicted;
    actual;
    /** The resample's confusion matrix, in whole numbers: one increment a draw (issue 14). */
    matrix;
    lossSum = 0;
    n = 0;
    constructor(k) {
        this.k = k;
        this.tp = new Float64Array(k);
        this.predicted = new Float64Array(k);
        this.actual = new Float64Array(k);
        this.matrix = new Int32Array(k <= MATRIX_CLASSES ? k * k : 0);
    }
    reset() {
        this.matrix.fill(0);
        this.lossSum = 0;
        this.n = 0;
    }
    /**
     * n draws of rng.below(n), each counted as it is drawn: the draws and the counting in one loop,
     * with no index array written and read back, and one confusion-matrix cell a draw instead of
     * three per-class counters. The same random stream and the same order of loss additions as
     * drawing the indices first, so bit-equal replicates. `also` counts the same draws for a second
     * model (the paired bootstrap).
     */
    drawAndAdd(rng, n, cell, nll, also) {
        let x = rng.x | 0;
        let y = rng.y | 0;
        let z = rng.z | 0;
        let w = rng.w | 0;
        const matrix = this.matrix;
        let loss = this.lossSum;
        if (also === undefined) {
            for (let j = 0; j < n; j++) {
                const t = x ^ (x << 11);
                x = y;
                y = z;
                z = w;
                w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
                // below(n): the product is in [0, n) with n < 2^31, so |0 floors it as >>>0 does
                const i = (((w >>> 0) / 4294967296) * n) | 0;
                matrix[cell[i]]++;
                loss += nll[i];
            }
        }
        else {
            const b = also.counts;
            const bMatrix = b.matrix;
            const bCell = also.cell;
            const bNll = also.nll;
            let bLoss = b.lossSum;
            for (let j = 0; j < n; j++) {
                const t = x ^ (x << 11);
                x = y;
                y = z;
                z = w;
                w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
                const i = (((w >>> 0) / 4294967296) * n) | 0;
                matrix[cell[i]]++;
                loss += nll[i];
                bMatrix[bCell[i]]++;
                bLoss += bNll[i];
            }
            b.drew(n, bLoss);
        }
        this.drew(n, loss);
        rng.x = x >>> 0;
        rng.y = y >>> 0;
        rng.z = z >>> 0;
        rng.w = w >>> 0;
    }
    /**
     * The same counts for many classes, where a k² matrix per resample would cost more than the
     * draws: per-class counters from indices drawn first (same stream, same order of additions).
     */
    addAll(s, idx) {
        this.tp.fill(0);
        this.predicted.fill(0);
        this.actual.fill(0);
        let loss = this.lossSum;
        for (let j = 0; j < idx.length; j++) {
            const i = idx[j];
            const y = s.labels[i];
            const p = s.predicted[i];
            this.actual[y] += 1;
            this.predicted[p] += 1;
            if (y === p)
                this.tp[y] += 1;
            loss += s.nll[i];
        }
        this.lossSum = loss;
        this.n += idx.length;
    }
    /** After n draws counted into the matrix, with `loss` the loss sum so far. */
    drew(n, loss) {
        this.lossSum = loss;
        this.n += n;
        this.tally();
    }
    /** Per-class tp / predicted / actual from the matrix (whole numbers, so exactly the counts). */
    tally() {
        const k = this.k;
        this.tp.fill(0);
        this.predicted.fill(0);
        this.actual.fill(0);
        for (let yc = 0; yc < k; yc++) {
            for (let pc = 0; pc < k; pc++) {
                const c = this.matrix[yc * k + pc];
                this.actual[yc] += c;
                this.predicted[pc] += c;
                if (yc === pc)
                    this.tp[yc] += c;
            }
        }
    }
    /** The record metrics() fills, one per Counts: a thousand replicates allocate nothing. */
    scratch;
    /** metricsFromCounts of these counts (no confusion matrix), in one record reused by every call: read it before the next. */
    metrics(classes) {
        return (this.scratch = metricsFromCounts(this.tp, this.predicted, this.actual, this.n, this.lossSum, classes, undefined, this.scratch));
    }
}
const pickers = (metrics, classes) => new Map(metrics.map((m) => [m, classificationPicker(m, classes)]));
function sortAll(values) {
    for (const v of Object.values(values))
        v.sort();
    return values;
}
/**
 * Resamples [from, to) of `job`, with `rng` at the first draw of resample `from`: metric i of
 * resample r goes to out[i · resamples + r].
 */
function fusedRange(job, rng, from, to, out, resamples, engine = 'wasm') {
    // each resample whole (draws, counts, metrics) in WebAssembly where it runs, else in JavaScript
    const wasm = engine === 'wasm' ? wasmResamples(job.k, job.cell, job.nll, job.baseline) : undefined;
    if (wasm)
        return wasm.resamples(rng, job.metrics, job.classes, from, to, out, resamples);
    const n = job.cell.length;
    const a = new Counts(job.k);
    const b = job.baseline ? new Counts(job.k) : undefined;
    const also = b ? { counts: b, cell: job.baseline.cell, nll: job.baseline.nll } : undefined;
    const pick = job.metrics.map((m) => classificationPicker(m, job.classes));
    for (let r = from; r < to; r++) {
        a.reset();
        b?.reset();
        a.drawAndAdd(rng, n, job.cell, job.nll, also);
        const ma = a.metrics(job.classes);
        const mb = b?.metrics(job.classes);
        for (let i = 0; i < pick.length; i++) {
            out[i * resamples + r] = mb ? (pick[i](ma) ?? NaN) - (pick[i](mb) ?? NaN) : (pick[i](ma) ?? NaN);
        }
    }
}
/**
 * Below this many draws (n × resamples) a worker costs about what it saves: its start and its cold
 * JIT against the main thread's share. Measured on 2 idle cores (npm run bench -- bootstrap, and whole
 * processes): 45,000 samples × 1,000 resamples came out even (1.21× in a warm process, the same wall
 * time as a whole run), 450,000 × 1,000 1.77× faster.
 */
const PARALLEL_DRAWS = 100_000_000;
/** How many parts a fused bootstrap runs in: one a core for big ones (MODEL_GATE_TEST_BOOTSTRAP_PARTS forces a count, for tests). */
function partCount(n, resamples) {
    const forced = Number(process.env.MODEL_GATE_TEST_BOOTSTRAP_PARTS);
    if (Number.isInteger(forced) && forced >= 1)
        return Math.min(forced, resamples);
    if (n * resamples < PARALLEL_DRAWS)
        return 1;
    return Math.max(1, Math.min(availableParallelism(), 8, resamples));
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
const bootstrapThreads = { runs: 0, parts: 0, onWorkers: 0 };
function fused(job, options) {
    bootstrapThreads.runs++;
    const R = options.resamples;
    const n = job.cell.length;
    const parts = partCount(n, R);
    const file = parts > 1 ? workerFile() : undefined;
    const out = new Float64Array(file ? new SharedArrayBuffer(8 * R * job.metrics.length) : new ArrayBuffer(8 * R * job.metrics.length));
    bootstrapThreads.parts += file ? parts : 1;
    if (!file) {
        fusedRange(job, new Random(options.seed), 0, R, out, R);
    }
    else {
        const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.floor((p * R) / parts));
        const done = new Int32Array(new SharedArrayBuffer(4 * parts));
        const startOf = (p) => {
            const rng = new Random(options.seed);
            rng.jump(bounds[p] * n);
            return rng;
        };
        const workers = [];
        for (let p = 1; p < parts; p++) {
            const rng = startOf(p);
            try {
                const worker = new Worker(file, {
                    workerData: { job, state: [rng.x, rng.y, rng.z, rng.w], from: bounds[p], to: bounds[p + 1], resamples: R, out: out.buffer, done: done.buffer, part: p }
                });
                worker.unref();
                // a failure is seen through `done` (or its absence); without a listener it would be thrown here
                worker.on('error', () => { });
                workers.push(worker);
            }
            catch {
                done[p] = 2;
            }
        }
        const started = performance.now();
        fusedRange(job, new Random(options.seed), 0, bounds[1], out, R);
        const own = performance.now() - started;
        for (let p = 1; p < parts; p++) {
            // A worker does as much as the main thread did, plus its start-up; far longer means it is stuck.
            if (Atomics.load(done, p) === 0)
                Atomics.wait(done, p, 0, Math.max(2000, 4 * own));
            if (Atomics.load(done, p) === 1)
                bootstrapThreads.onWorkers++;
            else
                fusedRange(job, startOf(p), bounds[p], bounds[p + 1], out, R);
        }
        for (const w of workers)
            void w.terminate();
    }
    return sortAll(Object.fromEntries(job.metrics.map((m, i) => [m, out.slice(i * R, (i + 1) * R)])));
}
/** The bundled worker beside this chunk in dist/; absent when running from sources (tests), which then stay on one thread. */
function workerFile() {
    const url = new URL('./bootstrap-worker.js', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}
function replicates(n, metrics, options, measure) {
    const rng = new Random(options.seed);
    const out = Object.fromEntries(metrics.map((m) => [m, new Float64Array(options.resamples)]));
    const idx = new Int32Array(n);
    for (let r = 0; r < options.resamples; r++) {
        rng.fillBelow(n, idx);
        const value = measure(idx);
        for (const m of metrics)
            out[m][r] = value(m);
    }
    return sortAll(out);
}
/**
 * Bootstrap replicates of classification metrics named as in thresholds. Each replicate draws n
 * indices with replacement and recomputes the metrics from per-class counts.
 */
function bootstrapClassification(samples, numClasses, classes, metrics, options = BOOTSTRAP_DEFAULTS) {
    const counts = new Counts(numClasses);
    const n = samples.labels.length;
    if (numClasses > MATRIX_CLASSES) {
        const pick = pickers(metrics, classes);
        return replicates(n, metrics, options, (idx) => {
            counts.reset();
            counts.addAll(samples, idx);
            const m = counts.metrics(classes);
            return (metric) => pick.get(metric)(m) ?? NaN;
        });
    }
    return fused({ k: numClasses, classes, metrics, cell: cells(samples, numClasses), nll: samples.nll }, options);
}
/**
 * Paired bootstrap of the difference model − baseline: both models are resampled on the same
 * indices, so what the two get right or wrong together cancels out.
 */
function pairedBootstrapClassification(model, baseline, numClasses, classes, metrics, options = BOOTSTRAP_DEFAULTS) {
    const a = new Counts(numClasses);
    const b = new Counts(numClasses);
    const n = model.labels.length;
    if (numClasses > MATRIX_CLASSES) {
        const pick = pickers(metrics, classes);
        return replicates(n, metrics, options, (idx) => {
            a.reset();
            b.reset();
            a.addAll(model, idx);
            b.addAll(baseline, idx);
            const ma = a.metrics(classes);
            const mb = b.metrics(classes);
            return (metric) => (pick.get(metric)(ma) ?? NaN) - (pick.get(metric)(mb) ?? NaN);
        });
    }
    return fused({ k: numClasses, classes, metrics, cell: cells(model, numClasses), nll: model.nll, baseline: { cell: cells(baseline, numClasses), nll: baseline.nll } }, options);
}
const REGRESSION_METRICS = ['r2', 'mse', 'rmse', 'mae'];
class RegressionSums {
    n = 0;
    se = 0;
    ae = 0;
    y = 0;
    yy = 0;
    reset() {
        this.n = this.se = this.ae = this.y = this.yy = 0;
    }
    addAll(s, idx) {
        for (let j = 0; j < idx.length; j++)
            this.add(s, idx[j]);
    }
    add(s, i) {
        const t = s.target[i];
        const e = s.predicted[i] - t;
        this.n++;
        this.se += e * e;
        this.ae += e < 0 ? -e : e;
        this.y += t;
        this.yy += t * t;
    }
    value(metric) {
        const mse = this.se / this.n;
        switch (metric) {
            case 'mse': return mse;
            case 'rmse': return Math.sqrt(mse);
            case 'mae': return this.ae / this.n;
            case 'r2': {
                const ss = this.yy - (this.y * this.y) / this.n;
                // scikit-learn: a constant target gives 1 for a perfect fit, else 0.
                return ss > 0 ? 1 - this.se / ss : this.se === 0 ? 1 : 0;
            }
            default: return NaN;
        }
    }
}
function bootstrapRegression(samples, metrics, options = BOOTSTRAP_DEFAULTS) {
    const sums = new RegressionSums();
    return replicates(samples.target.length, metrics, options, (idx) => {
        sums.reset();
        sums.addAll(samples, idx);
        return (m) => sums.value(m);
    });
}
function pairedBootstrapRegression(model, baseline, metrics, options = BOOTSTRAP_DEFAULTS) {
    const a = new RegressionSums();
    const b = new RegressionSums();
    return replicates(model.target.length, metrics, options, (idx) => {
        a.reset();
        b.reset();
        a.addAll(model, idx);
        b.addAll(baseline, idx);
        return (m) => a.value(m) - b.value(m);
    });
}

export { BOOTSTRAP_DEFAULTS as B, DEFAULT_LEVEL as D, REGRESSION_METRICS as R, argmax as a, bootstrapClassification as b, classificationLookup as c, pairedBootstrapClassification as d, pairedBootstrapRegression as e, finalizeClassification as f, bootstrapRegression as g, bootstrapThreads as h, initClassification as i, Random as j, fusedRange as k, percentileInterval as p, rowStats as r, updateClassification as u };
