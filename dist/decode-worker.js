import { workerData, parentPort } from 'node:worker_threads';
import { D as DataError } from './errors.js';
import { lookupTables, decodeImage } from './images.js';
import 'node:buffer';
import 'node:os';
import 'node:fs/promises';
import 'node:path';
import './csv-parse.js';
import 'stream';
import './hash.js';
import 'node:crypto';
import 'node:fs';
import 'node:url';
import './pil-decode.js';
import 'node:zlib';
import './wasm.js';

/**
 * A decode worker (decode-pool.ts): files in, one sample's float32 values out, through the very
 * function the main thread uses, so the bytes are the same.
 */
const spec = workerData;
const lut = lookupTables(spec.mean, spec.std);
const per = spec.channels * spec.h * spec.w;
parentPort.on('message', ({ id, file }) => {
    const into = new Float32Array(per);
    let saturated = false;
    decodeImage(file, spec, lut, into, 0, () => (saturated = true)).then(() => parentPort.postMessage({ id, data: into, saturated }, [into.buffer]), (e) => {
        const error = e instanceof DataError ? { message: e.message, input: e.input, data: true } : { message: e?.message ?? String(e), data: false };
        parentPort.postMessage({ id, saturated, error });
    });
});
