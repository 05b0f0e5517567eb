import { open } from 'node:fs/promises';
import { D as DataError, M as ModelError } from './errors.js';
import { a as decodeLabelColumn, e as elementCount, p as parseNpyHeader, b as checkFinite, g as labelsAt, h as decodeFloat32, i as isModelDtype, M as MODEL_DTYPES, l as listed, n as numpyName, j as nativeValues, c as convertValues } from './feeds.js';
import { f as formatBytes, s as sha256File, a as regularFile, m as maxBufferBytes, c as sha256Files } from './hash.js';
import { m as mappedSource } from './column-groups.js';
import { r as readZipDirectory, M as MemberReader } from './zip.js';

/**
 * Pre-tokenized sequences (.npz arrays, JSONL keys): an integer or bool model input of rank 2 is
 * [batch, sequence]. A sequence of another length than the model fixes is refused unless max-length
 * is set to that length, then padded with 0 or cut; with a sequence axis the model leaves open,
 * max-length cuts longer sequences. Cutting drops the values past max-length (a tokenizer's [SEP]
 * included), unread: unlike tokenizing raw text, which keeps the special tokens.
 */
const TOKEN_DTYPES = new Set(['int64', 'int32', 'int8', 'uint8', 'bool']);
/** A model input that takes token sequences: integer or bool, [batch, sequence]. */
function isSequenceInput(info) {
    return info.shape.length === 2 && TOKEN_DTYPES.has(info.type);
}
/** The model's fixed sequence length, or undefined where it leaves it open. */
function fixedLength(info) {
    const d = info.shape[1];
    return typeof d === 'number' && d > 0 ? d : undefined;
}
/** The name the model gives its sequence axis: inputs that share it must have the same length in a sample. */
function sequenceAxis(info) {
    const d = info.shape[1];
    return typeof d === 'number' && d > 0 ? String(d) : typeof d === 'string' && d !== '' ? d : '?';
}
/** max-length against a model's fixed length: set, it must equal it. */
function checkMaxLength(info, takes, maxLength) {
    const fixed = fixedLength(info);
    if (fixed !== undefined && maxLength !== undefined && maxLength !== fixed) {
        throw new DataError(`input 'max-length' is ${maxLength}, but ${takes}: a fixed sequence length of ${fixed}; set max-length: ${fixed}`, 'max-length');
    }
}
/**
 * The length sequences of `length` are fed at, or one error: the model's fixed length when
 * max-length allows padding or cutting to it, else the data's, cut at max-length.
 */
function fedLength(info, length, takes, holds, maxLength) {
    checkMaxLength(info, takes, maxLength);
    const fixed = fixedLength(info);
    if (fixed !== undefined) {
        if (length === fixed || maxLength !== undefined)
            return fixed;
        throw new DataError(`${takes}: a fixed sequence length of ${fixed}; ${holds}: sequences of ${length}; set max-length: ${fixed} to pad them with 0 or cut them to ${fixed} (or save the array with ${fixed} on that axis)`, 'max-length');
    }
    return maxLength !== undefined ? Math.min(length, maxLength) : length;
}
/** `count` rows of `from` values as rows of `to`: cut, or padded with zeros (0, 0n, false, float16 +0). */
function resizeRows(data, count, from, to) {
    if (from === to)
        return data;
    const out = new data.constructor(count * to);
    const keep = Math.min(from, to);
    for (let r = 0; r < count; r++)
        out.set(data.subarray(r * from, r * from + keep), r * to);
    return out;
}

/**
 * Array test sets: .npz (a zip of .npy) and .npy features with a labels .npy. Both are streamed
 * from disk: a features .npy by file offset, an .npz member by member (stored members by offset,
 * deflated ones through a streaming inflate), so memory stays at one chunk of rows plus the labels,
 * whatever the size of the file.
 */
const CHUNK_BYTES = 4 << 20;
class ArrayTestSet {
    path;
    sampleShape;
    size;
    labels;
    labelsWhat;
    openRows;
    hash;
    bind;
    unfed;
    classNames = undefined;
    constructor(path, sampleShape, size, labels, 
    /** The labels array, for errors about a label: `test.npz:y`, `labels.npy`. */
    labelsWhat, openRows, hash, bind, unfed) {
        this.path = path;
        this.sampleShape = sampleShape;
        this.size = size;
        this.labels = labels;
        this.labelsWhat = labelsWhat;
        this.openRows = openRows;
        this.hash = hash;
        this.bind = bind;
        this.unfed = unfed;
    }
    get exactSingle() {
        return this.bind !== undefined;
    }
    sha256() {
        return this.hash();
    }
    async *batches(batchSize) {
        const sampleSize = elementCount(this.sampleShape);
        const rows = await this.openRows();
        // Read whole batches in chunks of about CHUNK_BYTES: one file read per sample is what made a
        // fixed-batch-1 model spend more time in I/O than in onnxruntime. Memory stays one chunk.
        const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_BYTES / (batchSize * Math.max(1, sampleSize) * 4)));
        try {
            for (let chunkStart = 0; chunkStart < this.size; chunkStart += chunkRows) {
                const chunkSize = Math.min(chunkRows, this.size - chunkStart);
                const chunk = await rows.read(chunkStart, chunkSize);
                checkFinite(chunk, sampleSize, chunkStart, this.path);
                for (let i = 0; i < chunkSize; i += batchSize) {
                    const size = Math.min(batchSize, chunkSize - i);
                    const offset = chunkStart + i;
                    const where = (j) => `${this.labelsWhat} row ${offset + j}`;
                    yield { features: chunk.subarray(i * sampleSize, (i + size) * sampleSize), labels: labelsAt(this.labels, offset, offset + size), size, offset, where };
                }
            }
            await rows.finish();
        }
        finally {
            await rows.close();
        }
    }
}
function checkPair(features, labels, what, labelsInput) {
    if (features.shape.length < 1)
        throw new DataError(`${what}: the features array is a scalar; it needs a sample axis first`, 'test-data');
    if (features.dtype.startsWith('U'))
        throw new DataError(`${what}: the features array holds strings (${features.dtype}); save numeric features (float32)`, 'test-data');
    if (labels.shape.length !== 1 && !(labels.shape.length === 2 && labels.shape[1] === 1)) {
        throw new DataError(`${what}: labels must be a 1-D array of class indices or names, got shape [${labels.shape.join(', ')}]`, labelsInput);
    }
    if (labels.shape[0] !== features.shape[0]) {
        throw new DataError(`${what}: ${features.shape[0]} samples but ${labels.shape[0]} labels; the label count must equal the sample count`, labelsInput);
    }
}
/** Labels are read whole (they are per-sample, like the outcomes): refuse more than one buffer may hold. */
function checkLabelBytes(h, what, input) {
    const bytes = dataBytes(h);
    if (bytes > maxBufferBytes()) {
        throw new DataError(`${input}: ${what} holds ${formatBytes(bytes)} of labels, more than one buffer may take on this machine (${formatBytes(maxBufferBytes())}); evaluate a smaller test set`, input);
    }
}
/** Data bytes an array's header promises. */
function dataBytes(h) {
    return elementCount(h.shape) * h.itemSize;
}
/** Reads an .npy header through `read(position, length)`, whatever its length, within `size` bytes. */
async function readHeader(read, what, input) {
    const prefix = await read(10);
    if (prefix.length < 10)
        return parseNpyHeader(prefix, what, input);
    const wide = prefix[6] >= 2;
    const more = wide ? await read(2) : new Uint8Array(0);
    const lengthBytes = wide ? Uint8Array.of(prefix[8], prefix[9], more[0] ?? 0, more[1] ?? 0) : Uint8Array.of(prefix[8], prefix[9]);
    const headerLength = wide ? new DataView(lengthBytes.buffer).getUint32(0, true) : new DataView(lengthBytes.buffer).getUint16(0, true);
    const body = await read(headerLength);
    const all = new Uint8Array(prefix.length + more.length + body.length);
    all.set(prefix);
    all.set(more, prefix.length);
    all.set(body, prefix.length + more.length);
    return parseNpyHeader(all, what, input);
}
async function openFile(file, label, input) {
    const info = await regularFile(file, { label, input, error: DataError });
    const handle = await open(file, 'r').catch((e) => {
        throw new DataError(`${label}: cannot open ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); check the path, relative to the workspace`, input);
    });
    return { handle, size: info.size };
}
/** Reads from a file by position, never past its end (a short result means the file ended). */
function fileReader(handle, size, from = 0) {
    let at = from;
    return async (length) => {
        const n = Math.max(0, Math.min(length, size - at));
        const buf = new Uint8Array(n);
        let got = 0;
        while (got < n) {
            const { bytesRead } = await handle.read(buf, got, n - got, at + got);
            if (bytesRead === 0)
                break;
            got += bytesRead;
        }
        at += got;
        return got === n ? buf : buf.subarray(0, got);
    };
}
/** A member reader that reads short instead of throwing when the member ends inside a header. */
function memberHeaderReader(m) {
    let at = 0;
    return async (length) => {
        const n = Math.max(0, Math.min(length, m.member.size - at));
        at += n;
        return m.read(n);
    };
}
/** @param maxLength pads or cuts pre-tokenized sequences fed by name (src/data/sequences.ts) */
async function openNpz(file, inputKey, labelKey, maxLength) {
    const { handle, size: fileSize } = await openFile(file, 'test-data', 'test-data');
    let xm;
    let xh;
    let unfed;
    let allMembers = [];
    let labels;
    let n;
    try {
        const members = await readZipDirectory(handle, fileSize, file);
        const seen = new Set();
        for (const m of members) {
            // Python's zipfile keeps the last of two same-named members; which one was meant is anyone's guess.
            if (seen.has(m.name))
                throw new DataError(`test-data: ${file} holds two members named '${m.name}'; save it again with numpy.savez`, 'test-data');
            seen.add(m.name);
        }
        const find = (key, input) => {
            const m = members.find((e) => e.name === `${key}.npy`);
            if (m)
                return m;
            const names = members.map((e) => e.name.replace(/\.npy$/, ''));
            throw new DataError(`test-data: ${file} has no array '${key}' (${input}); it holds ${names.join(', ') || 'nothing'} — set ${input} to one of them`, input);
        };
        const ym = find(labelKey, 'label-key');
        const xWhat = `${file}:${inputKey}`;
        const yWhat = `${file}:${labelKey}`;
        allMembers = members;
        try {
            xm = find(inputKey, 'input-key');
        }
        catch (e) {
            // An .npz of named arrays (input_ids, attention_mask, y) feeds a model through bind(); the
            // input-key array is needed only when nothing is fed by name.
            if (!(e instanceof DataError) || members.length < 2)
                throw e;
            unfed = e;
        }
        if (xm) {
            const xr = await MemberReader.open(handle, file, fileSize, xm, xWhat, 'test-data');
            try {
                xh = await readHeader(memberHeaderReader(xr), `test-data: ${xWhat}`, 'test-data');
            }
            finally {
                xr.close();
            }
        }
        const yr = await MemberReader.open(handle, file, fileSize, ym, yWhat, 'label-key');
        try {
            const yh = await readHeader(memberHeaderReader(yr), `test-data: ${yWhat}`, 'label-key');
            checkPair(xh ?? { ...yh, dtype: 'f4', shape: [yh.shape[0]] }, yh, `test-data: ${file}`, 'label-key');
            const checked = xh && xm ? [[xh, xm, xWhat, 'test-data'], [yh, ym, yWhat, 'label-key']] : [[yh, ym, yWhat, 'label-key']];
            for (const [h, m, what, input] of checked) {
                if (h.dataOffset + dataBytes(h) !== m.size) {
                    throw new DataError(`${input}: ${what} is damaged: its .npy header promises shape (${h.shape.join(', ')}) of ${h.dtype}, ${formatBytes(dataBytes(h))}, but the member holds ${formatBytes(m.size - h.dataOffset)}; save it again with numpy.savez`, input);
                }
            }
            n = yh.shape[0];
            checkLabelBytes(yh, yWhat, 'test-data');
            const y = await yr.read(dataBytes(yh));
            await yr.finish();
            labels = decodeLabelColumn(y, yh.dtype, n);
        }
        finally {
            yr.close();
        }
    }
    finally {
        await handle.close();
    }
    const bind = (inputs, mapping) => bindNpz(file, allMembers, labels, labelKey, inputs, mapping, maxLength);
    if (!xh || !xm) {
        const empty = async () => ({ read: async (_, count) => new Float32Array(0 * count), finish: async () => { }, close: async () => { } });
        return new ArrayTestSet(file, [], n, labels, `${file}:${labelKey}`, empty, () => sha256File(file), bind, unfed);
    }
    const x = { m: xm, h: xh };
    const sampleShape = xh.shape.slice(1);
    const sampleSize = elementCount(sampleShape);
    const openRows = async () => {
        const { m: xm, h: xh } = x;
        const { handle: h, size } = await openFile(file, 'test-data', 'test-data');
        let reader;
        try {
            reader = await MemberReader.open(h, file, size, xm, `${file}:${inputKey}`, 'test-data');
            await reader.read(xh.dataOffset);
        }
        catch (e) {
            await h.close();
            throw e;
        }
        let next = 0;
        const read = async (start, count) => {
            // Members are read in order: a deflate stream cannot seek.
            if (start !== next)
                throw new RangeError(`npz rows must be read in order: asked for ${start}, at ${next}`);
            next = start + count;
            const bytes = await reader.read(count * sampleSize * xh.itemSize);
            return xh.dtype === 'f4' ? new Float32Array(bytes.buffer, bytes.byteOffset, count * sampleSize) : decodeFloat32(bytes, xh.dtype, count * sampleSize);
        };
        return {
            read,
            finish: () => reader.finish(),
            close: async () => {
                reader.close();
                await h.close();
            }
        };
    };
    return new ArrayTestSet(file, sampleShape, n, labels, `${file}:${labelKey}`, openRows, () => sha256File(file), bind);
}
async function openNpy(file, labelsFile) {
    if (!labelsFile) {
        throw new DataError(`test-data ${file} is a features .npy: give its labels .npy in the 'labels' input (or use an .npz with both arrays)`, 'labels');
    }
    const yf = await openFile(labelsFile, 'labels', 'labels');
    let labels;
    let xh;
    try {
        const yRead = fileReader(yf.handle, yf.size);
        const yh = await readHeader(yRead, `labels: ${labelsFile}`, 'labels');
        const xf = await openFile(file, 'test-data', 'test-data');
        try {
            xh = await readHeader(fileReader(xf.handle, xf.size), `test-data: ${file}`, 'test-data');
            checkPair(xh, yh, `test-data: ${file}`, 'labels');
            if (xf.size < xh.dataOffset + dataBytes(xh)) {
                throw new DataError(`test-data: ${file} is truncated: its header promises shape (${xh.shape.join(', ')}) of ${xh.dtype}, ${formatBytes(dataBytes(xh))}, but the file holds ${formatBytes(Math.max(0, xf.size - xh.dataOffset))}; save it again with numpy.save`, 'test-data');
            }
        }
        finally {
            await xf.handle.close();
        }
        if (yf.size < yh.dataOffset + dataBytes(yh)) {
            throw new DataError(`labels: ${labelsFile} is truncated: its header promises ${yh.shape[0]} labels of ${yh.dtype}, ${formatBytes(dataBytes(yh))}, but the file holds ${formatBytes(Math.max(0, yf.size - yh.dataOffset))}; save it again with numpy.save`, 'labels');
        }
        checkLabelBytes(yh, labelsFile, 'labels');
        labels = decodeLabelColumn(await yRead(dataBytes(yh)), yh.dtype, xh.shape[0]);
    }
    finally {
        await yf.handle.close();
    }
    const n = xh.shape[0];
    const sampleShape = xh.shape.slice(1);
    const sampleSize = elementCount(sampleShape);
    const openRows = async () => {
        const { handle: h } = await openFile(file, 'test-data', 'test-data');
        // Chunks take turns in two buffers (Batch.features): chunk c + 2 is read only once the engine has
        // asked past chunk c's last batch. A fresh buffer a chunk cost zeroing and page faults, and left
        // onnxruntime a cache-cold input (cnn64: ~4% of the engine's time).
        const ring = [];
        let turn = 0;
        const read = async (start, count) => {
            const length = count * sampleSize * xh.itemSize;
            const spare = ring[turn % 2];
            const buf = spare && spare.length >= length ? spare.subarray(0, length) : (ring[turn % 2] = new Uint8Array(length));
            turn++;
            await h.read(buf, 0, length, xh.dataOffset + start * sampleSize * xh.itemSize);
            return xh.dtype === 'f4' ? new Float32Array(buf.buffer, buf.byteOffset, count * sampleSize) : decodeFloat32(buf, xh.dtype, count * sampleSize);
        };
        return { read, finish: async () => { }, close: () => h.close() };
    };
    const hash = () => sha256Files([{ name: 'features', path: file }, { name: 'labels', path: labelsFile }]);
    return new ArrayTestSet(file, sampleShape, n, labels, labelsFile, openRows, hash);
}
function shapeText(shape) {
    return `[${shape.join(', ') || '?'}]`;
}
/**
 * Binds an .npz's arrays to a model's inputs by name: each input from the array of its name, or the
 * one `mapping` names. Every array is checked against its input (present, one row per label, rank,
 * fixed dimensions, a dtype model-gate can convert) before anything is read; values are checked to
 * fit as each chunk is converted.
 */
async function bindNpz(file, members, labels, labelKey, inputs, mapping, maxLength) {
    const input = mapping ? 'inputs' : 'test-data';
    const arrays = members.map((m) => m.name.replace(/\.npy$/, ''));
    const names = inputs.map((i) => i.name);
    for (const key of mapping?.keys() ?? []) {
        if (!names.includes(key)) {
            throw new DataError(`inputs: '${key}' is not an input of the model; its inputs are ${names.map((n) => `'${n}'`).join(', ')}; remove it from inputs or rename it`, 'inputs');
        }
    }
    const feeds = [];
    const { handle, size } = await openFile(file, 'test-data', 'test-data');
    try {
        for (const info of inputs) {
            const takes = `model input '${info.name}' takes ${info.type} ${shapeText(info.shape)}`;
            if (!isModelDtype(info.type)) {
                throw new ModelError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors; export the model with one of those input types`, 'model');
            }
            const source = mappedSource(mapping, info.name, file, 'array');
            const member = members.find((m) => m.name === `${source}.npy`);
            if (!member) {
                const how = mapping?.has(info.name) ? `inputs maps it to '${source}', which is not in ${file}` : `no array in ${file} is named '${source}'`;
                throw new DataError(`${takes}, but ${how} (it holds ${listed(arrays)}); add the array or map it with inputs: ${info.name}=<array>`, input);
            }
            const what = `${file}:${source}`;
            const r = await MemberReader.open(handle, file, size, member, what, 'test-data');
            let header;
            try {
                header = await readHeader(memberHeaderReader(r), `test-data: ${what}`, 'test-data');
            }
            finally {
                r.close();
            }
            const holds = `${what} holds ${numpyName(header.dtype)} [${header.shape.join(', ')}]`;
            if (header.dtype.startsWith('U'))
                throw new DataError(`${takes}; ${holds}: text, not numbers; tokenize it, or save numeric arrays`, input);
            if (header.dataOffset + dataBytes(header) !== member.size) {
                throw new DataError(`test-data: ${what} is damaged: its .npy header promises shape (${header.shape.join(', ')}) of ${header.dtype}, but the member holds ${formatBytes(member.size - header.dataOffset)}; save it again with numpy.savez`, 'test-data');
            }
            if (header.shape[0] !== labels.length) {
                throw new DataError(`${takes}; ${holds}: ${header.shape[0] ?? 'no'} samples, but ${file}:${labelKey} has ${labels.length} labels; every input needs one row per label`, input);
            }
            const sample = header.shape.slice(1);
            const dims = isSequenceInput(info) && sample.length === 1 ? [fedLength(info, sample[0], takes, holds, maxLength)] : fitDims(info, sample, takes, holds, input);
            feeds.push({ info, dtype: info.type, source, member, header, dims });
        }
    }
    finally {
        await handle.close();
    }
    const fed = feeds.map((f) => ({ name: f.info.name, source: `${file}:${f.source}`, dtype: f.dtype, data_dtype: numpyName(f.header.dtype), shape: [...f.header.shape] }));
    return { fed, batches: (batchSize) => namedBatches(file, feeds, labels, labelKey, batchSize) };
}
/** The per-sample dims to feed, or one error saying which axis of the data the model cannot take. */
function fitDims(info, sample, takes, holds, input) {
    const model = info.shape.slice(1);
    if (info.shape.length === 0)
        return [...sample];
    const fixed = model.every((d) => typeof d === 'number' && d > 0);
    // Flat rows into a fully fixed shape (64 values into [1, 8, 8]) are the same values, as for a single input.
    if (fixed && model.length !== sample.length && elementCount(model) === elementCount(sample))
        return model;
    if (model.length !== sample.length) {
        throw new DataError(`${takes}: ${model.length + 1} axes; ${holds}: ${sample.length + 1} axes; save the array with the model's axes (samples first)`, input);
    }
    const dims = [];
    for (let k = 0; k < model.length; k++) {
        const d = model[k];
        if (typeof d === 'number' && d > 0 && d !== sample[k]) {
            throw new DataError(`${takes}; ${holds}: its axis ${k + 1} is ${sample[k]} where the model fixes ${d}; pad or cut the array to ${d} on that axis`, input);
        }
        dims.push(sample[k]);
    }
    return dims;
}
async function* namedBatches(file, feeds, labels, labelKey, batchSize) {
    const { handle, size } = await openFile(file, 'test-data', 'test-data');
    const readers = [];
    try {
        for (const f of feeds) {
            const r = await MemberReader.open(handle, file, size, f.member, `${file}:${f.source}`, 'test-data');
            readers.push(r);
            await r.read(f.header.dataOffset);
        }
        const per = feeds.map((f) => elementCount(f.header.shape.slice(1)));
        const fedPer = feeds.map((f) => elementCount(f.dims));
        const sampleBytes = feeds.reduce((a, f, i) => a + per[i] * (f.header.itemSize + 8), 0);
        const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_BYTES / (batchSize * Math.max(1, sampleBytes))));
        const n = labels.length;
        for (let chunkStart = 0; chunkStart < n; chunkStart += chunkRows) {
            const count = Math.min(chunkRows, n - chunkStart);
            const converted = [];
            for (let k = 0; k < feeds.length; k++) {
                const f = feeds[k];
                const bytes = await readers[k].read(count * per[k] * f.header.itemSize);
                // Sequences padded or cut to the fed length before converting: cut values are never read.
                const values = resizeRows(nativeValues(bytes, f.header.dtype, count * per[k]), count, per[k], fedPer[k]);
                converted.push(convertValues(values, f.header.dtype, f.dtype, (i, value, why) => {
                    const sample = chunkStart + Math.floor(i / Math.max(1, fedPer[k]));
                    return new DataError(`test-data: model input '${f.info.name}' takes ${f.dtype}; ${file}:${f.source} holds ${numpyName(f.header.dtype)}, and sample ${sample} has ${value}, which ${why}`, 'test-data');
                }));
            }
            for (let i = 0; i < count; i += batchSize) {
                const rows = Math.min(batchSize, count - i);
                const offset = chunkStart + i;
                const inputs = {};
                feeds.forEach((f, k) => {
                    inputs[f.info.name] = { data: converted[k].subarray(i * fedPer[k], (i + rows) * fedPer[k]), dims: f.dims };
                });
                const where = (j) => `${file}:${labelKey} row ${offset + j}`;
                yield { features: new Float32Array(0), labels: labelsAt(labels, offset, offset + rows), size: rows, offset, where, inputs };
            }
        }
        for (const r of readers)
            await r.finish();
    }
    finally {
        for (const r of readers)
            r.close();
        await handle.close();
    }
}

var arrays = /*#__PURE__*/Object.freeze({
    __proto__: null,
    fitDims: fitDims,
    openNpy: openNpy,
    openNpz: openNpz
});

export { fixedLength as a, fitDims as b, arrays as c, fedLength as f, isSequenceInput as i, sequenceAxis as s };
