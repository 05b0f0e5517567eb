import { D as DataError } from './errors.js';
import { s as sha256File, a as regularFile } from './hash.js';
import { l as listed, B as BatchBuilder, i as isModelDtype, M as MODEL_DTYPES, c as convertValues } from './feeds.js';
import { r as readLines } from './lines.js';
import { i as isSequenceInput, f as fedLength, a as fixedLength, b as fitDims, s as sequenceAxis } from './arrays.js';
import { m as mappedSource } from './column-groups.js';
import 'node:crypto';
import 'node:fs/promises';
import 'node:buffer';
import 'node:fs';
import 'node:os';
import 'node:string_decoder';
import './zip.js';
import 'node:zlib';

/**
 * JSON Lines test sets, read a line at a time: one record per line with the label under
 * label-column and the features either as one (nested) array — under input-key or `features` — or as
 * named numeric keys (feature-columns, or every numeric key but the label, in the first record's order).
 */
/**
 * Deeper nesting than numpy 2 allows dimensions (64) is no tensor: refusing it also keeps the
 * recursion below far from the stack limit.
 */
const MAX_RANK = 64;
function shapeOf(v, where, depth = 0) {
    if (typeof v === 'number')
        return [];
    if (!Array.isArray(v) || v.length === 0)
        return undefined;
    if (depth >= MAX_RANK)
        throw new DataError(`test-data: ${where} nests arrays more than ${MAX_RANK} deep; give each sample as an array of numbers`, 'test-data');
    const inner = shapeOf(v[0], where, depth + 1);
    return inner === undefined ? undefined : [v.length, ...inner];
}
/** The first leaf of a nested array that is not a number (undefined when every leaf is, or there is none). */
function firstNonNumber(v, depth = 0) {
    if (!Array.isArray(v))
        return typeof v === 'number' ? undefined : v;
    if (depth >= MAX_RANK)
        return undefined;
    for (const x of v) {
        const bad = firstNonNumber(x, depth + 1);
        if (bad !== undefined)
            return bad;
    }
    return undefined;
}
/** Copies a nested array's numbers into `out`, checking it has `shape`; returns how many values it has. */
function flatten(v, out, at, where, shape, depth = 0) {
    if (Array.isArray(v)) {
        // A ragged array is no tensor (numpy refuses it): every record must have the first record's shape.
        if (depth >= shape.length || v.length !== shape[depth]) {
            const deep = depth > 0 ? ` at depth ${depth + 1}` : '';
            throw new DataError(`test-data: ${where.line} has ${v.length} values under '${where.key}'${deep}, the first record ${shape[depth] ?? 'a number'} (shape [${shape.join(', ')}]); every record needs the same shape`, 'test-data');
        }
        for (const x of v)
            at = flatten(x, out, at, where, shape, depth + 1);
        return at;
    }
    if (v === undefined && depth === 0)
        throw new DataError(`test-data: ${where.line} has no '${where.key}'; every record needs its features`, 'test-data');
    if (typeof v !== 'number') {
        const shown = JSON.stringify(v) ?? String(v);
        throw new DataError(`test-data: ${where.line}, '${where.key}' holds ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} at position ${at}, not a number; every feature must be a number`, 'test-data');
    }
    if (depth !== shape.length) {
        throw new DataError(`test-data: ${where.line} has a number under '${where.key}' where the first record has an array (shape [${shape.join(', ')}]); every record needs the same shape`, 'test-data');
    }
    if (at < out.length)
        out[at] = v;
    return at + 1;
}
async function firstRecord(file) {
    await regularFile(file, { label: 'test-data', input: 'test-data', error: DataError });
    let n = 0;
    for await (const line of readLines(file, 'test-data')) {
        n++;
        if (line.trim() === '')
            continue;
        return { record: parseLine(line, file, n), line: n };
    }
    throw new DataError(`test-data: ${file} has no records; write one JSON object per line`, 'test-data');
}
function parseLine(line, file, n) {
    let v;
    try {
        v = JSON.parse(line);
    }
    catch (e) {
        const hint = /\b(NaN|-?Infinity)\b/.test(line) ? " (NaN and Infinity are not JSON: Python's json.dumps writes them; clean those samples)" : '';
        throw new DataError(`test-data: ${file} line ${n} is not valid JSON (${e.message.slice(0, 120)})${hint}; write one JSON object per line`, 'test-data');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new DataError(`test-data: ${file} line ${n} is not a JSON object; write one JSON object per line`, 'test-data');
    return v;
}
/** The label's text as written on the line, when parsing lost it (1e400 became Infinity). */
function writtenNumber(line, key) {
    const quoted = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`${quoted}\\s*:\\s*(-?[0-9.eE+-]+)`).exec(line)?.[1];
}
async function openJsonl(file, options) {
    const { record: first, line: firstLine } = await firstRecord(file);
    const label = options.labelColumn;
    if (!(label in first)) {
        throw new DataError(`test-data: ${file} records have no key '${label}' (label-column); the first has: ${listed(Object.keys(first))}`, 'label-column');
    }
    let layout;
    let unfed;
    if (options.featureColumns) {
        for (const k of options.featureColumns) {
            if (!(k in first))
                throw new DataError(`test-data: ${file} records have no key '${k}' (feature-columns); the first has: ${listed(Object.keys(first))}`, 'feature-columns');
        }
        layout = { kind: 'keys', keys: options.featureColumns };
    }
    else {
        const key = [options.inputKey, 'features'].find((k) => Array.isArray(first[k]));
        const shape = key !== undefined ? shapeOf(first[key], `${file} line ${firstLine}, '${key}'`) : undefined;
        if (key !== undefined && shape)
            layout = { kind: 'array', key, shape };
        else {
            const keys = Object.keys(first).filter((k) => k !== label && typeof first[k] === 'number');
            if (keys.length === 0 && key !== undefined) {
                // an array that is not numbers (or is empty): say what is in it, not that there are no features
                const bad = firstNonNumber(first[key]);
                const shown = bad === undefined ? 'an empty array' : `${(JSON.stringify(bad) ?? String(bad)).slice(0, 40)}`;
                throw new DataError(`test-data: ${file} line ${firstLine}, '${key}' holds ${shown}, not a number; every feature must be a number`, 'test-data');
            }
            const noFeatures = new DataError(`test-data: ${file} records have no numeric features; give an array under '${options.inputKey}' or 'features', or numeric keys`, 'test-data');
            // Records of named arrays (input_ids, attention_mask) feed a model's inputs by key, through bind().
            if (keys.length === 0 && Object.values(first).some(Array.isArray))
                unfed = noFeatures;
            else if (keys.length === 0)
                throw noFeatures;
            layout = { kind: 'keys', keys };
        }
    }
    const size = layout.kind === 'array' ? layout.shape.reduce((a, b) => a * b, 1) : layout.keys.length;
    return {
        path: file,
        sampleShape: layout.kind === 'array' ? layout.shape : [size],
        size: undefined,
        classNames: undefined,
        sha256: () => sha256File(file),
        ...(unfed ? { unfed } : {}),
        // records of named numeric keys (feature-columns) feed a single input as float32 features
        exactSingle: layout.kind === 'array',
        bind: async (inputs, mapping) => bindJsonl(file, first, firstLine, label, inputs, mapping, options.maxLength),
        async *batches(batchSize) {
            const builder = new BatchBuilder(size, batchSize, file);
            const row = new Float32Array(size);
            let n = 0;
            for await (const line of readLines(file, 'test-data')) {
                n++;
                if (line.trim() === '')
                    continue;
                const rec = parseLine(line, file, n);
                if (layout.kind === 'array') {
                    const got = flatten(rec[layout.key], row, 0, { line: `${file} line ${n}`, key: layout.key }, layout.shape);
                    if (got !== size)
                        throw new DataError(`test-data: ${file} line ${n} has ${got} values under '${layout.key}', the first record ${size}; every record needs the same shape`, 'test-data');
                }
                else {
                    layout.keys.forEach((k, j) => {
                        const v = rec[k];
                        if (typeof v !== 'number') {
                            const shown = v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v)).slice(0, 40);
                            throw new DataError(`test-data: ${file} line ${n}, key '${k}' is ${shown}, not a number; fix the value, or pick the feature keys with feature-columns`, 'test-data');
                        }
                        row[j] = v;
                    });
                }
                const raw = rec[label];
                if (typeof raw !== 'number' && typeof raw !== 'string') {
                    const why = raw === undefined ? `has no label '${label}'` : `has the label ${(JSON.stringify(raw) ?? String(raw)).slice(0, 40)} under '${label}', not a class index or name`;
                    throw new DataError(`test-data: ${file} line ${n} ${why} (label-column); give every record its label`, 'label-column');
                }
                const written = typeof raw === 'number' && !Number.isSafeInteger(raw) ? writtenNumber(line, label) : undefined;
                builder.push(row, raw, n, written);
                if (builder.full)
                    yield builder.take();
            }
            const last = builder.take();
            if (last)
                yield last;
        }
    };
}
/** Numbers of a (nested) array into `out` from `at`; the count written, or -1 at a value that is not a number. */
function flatten64(v, out) {
    if (typeof v === 'number')
        return out.push(v) > 0;
    if (typeof v === 'boolean')
        return out.push(v ? 1 : 0) > 0;
    if (!Array.isArray(v))
        return false;
    for (const e of v)
        if (!flatten64(e, out))
            return false;
    return true;
}
/**
 * Binds JSONL records to a model's inputs by key: each input from the key of its name (or the one
 * `mapping` names), a number or a (nested) array of the same shape in every record, its values
 * converted once to the input's dtype and checked to fit (JSON numbers are float64: an int64 beyond
 * 2^53 is refused rather than rounded). Token sequences (src/data/sequences.ts) may differ in length
 * from record to record where the model leaves the sequence axis open: each batch is padded with 0
 * to its longest (cut at max-length), as tokenized text is; keys whose inputs share that axis must
 * agree in length within a record. A fixed length is padded or cut to only with max-length.
 */
async function bindJsonl(file, first, firstLine, label, inputs, mapping, maxLength) {
    const input = mapping ? 'inputs' : 'test-data';
    const names = inputs.map((i) => i.name);
    for (const key of mapping?.keys() ?? []) {
        if (!names.includes(key))
            throw new DataError(`inputs: '${key}' is not an input of the model; its inputs are ${names.map((n) => `'${n}'`).join(', ')}; remove it from inputs or rename it`, 'inputs');
    }
    const feeds = inputs.map((info) => {
        const takes = `model input '${info.name}' takes ${info.type} [${info.shape.join(', ') || '?'}]`;
        if (!isModelDtype(info.type))
            throw new DataError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors`, 'model');
        const key = mappedSource(mapping, info.name, file, 'key');
        if (!(key in first)) {
            throw new DataError(`${takes}, but the records of ${file} have no key '${key}' (the first has ${listed(Object.keys(first))}); add it, or map it with inputs: ${info.name}=<key>`, input);
        }
        const v = first[key];
        const shape = typeof v === 'number' || typeof v === 'boolean' ? [] : shapeOf(v, `${file} line ${firstLine}, '${key}'`);
        if (!shape)
            throw new DataError(`${takes}; ${file} line ${firstLine}, '${key}' holds ${(JSON.stringify(v) ?? String(v)).slice(0, 40)}, not numbers or a regular (nested) array of numbers`, input);
        const holds = `${file}:${key} holds [N${shape.map((d) => `, ${d}`).join('')}]`;
        const sequence = isSequenceInput(info) && shape.length === 1;
        if (sequence)
            fedLength(info, shape[0], takes, `${file} line ${firstLine}, '${key}'`, maxLength);
        const dims = sequence ? [fixedLength(info) ?? shape[0]] : fitDims(info, shape, takes, holds, input);
        return { info, dtype: info.type, key, per: shape.reduce((a, b) => a * b, 1), dims, sequence, takes };
    });
    const open = maxLength !== undefined ? `longest in batch, at most ${maxLength}` : 'longest in batch';
    const fed = feeds.map((f) => ({ name: f.info.name, source: `${file}:${f.key}`, dtype: f.dtype, data_dtype: 'JSON numbers', shape: ['N', ...(f.sequence && fixedLength(f.info) === undefined ? [open] : f.dims)] }));
    // Inputs that share a sequence axis, by its name: their keys must have the same length in a record.
    const axes = new Map();
    feeds.forEach((f, k) => {
        if (f.sequence)
            axes.set(sequenceAxis(f.info), [...(axes.get(sequenceAxis(f.info)) ?? []), k]);
    });
    async function* batches(batchSize) {
        let values = feeds.map(() => []);
        // sequence feeds: each record's values, padded or cut when the batch is taken
        let rows = feeds.map(() => []);
        let labels = [];
        let lines = [];
        let offset = 0;
        const take = () => {
            const inputs = {};
            feeds.forEach((f, k) => {
                let flat;
                let dims = f.dims;
                if (f.sequence) {
                    const seqs = rows[k];
                    const length = fixedLength(f.info) ?? Math.min(maxLength ?? Infinity, seqs.reduce((m, q) => Math.max(m, q.length), 1));
                    flat = new Float64Array(seqs.length * length);
                    seqs.forEach((q, r) => flat.set(q.length > length ? q.slice(0, length) : q, r * length));
                    dims = [length];
                }
                else
                    flat = Float64Array.from(values[k]);
                const per = Math.max(1, dims.reduce((a, b) => a * b, 1));
                inputs[f.info.name] = {
                    data: convertValues(flat, 'f8', f.dtype, (i, value, why) => new DataError(`test-data: model input '${f.info.name}' takes ${f.dtype}; ${file} line ${lines[Math.floor(i / per)]}, '${f.key}' has ${value}, which ${why}`, 'test-data')),
                    dims
                };
            });
            const at = Int32Array.from(lines);
            const batch = { features: new Float32Array(0), labels, size: labels.length, offset, lines: at, where: (i) => `${file} line ${at[i]}`, inputs };
            offset += labels.length;
            values = feeds.map(() => []);
            rows = feeds.map(() => []);
            labels = [];
            lines = [];
            return batch;
        };
        let n = 0;
        for await (const line of readLines(file, 'test-data')) {
            n++;
            if (line.trim() === '')
                continue;
            const rec = parseLine(line, file, n);
            feeds.forEach((f, k) => {
                const v = rec[f.key];
                if (f.sequence) {
                    const q = [];
                    if (!Array.isArray(v) || v.some(Array.isArray) || !flatten64(v, q)) {
                        throw new DataError(`test-data: model input '${f.info.name}': ${file} line ${n}, '${f.key}' is ${v === undefined ? 'missing' : 'not an array of numbers'}; every record needs its token sequence under each input's key`, 'test-data');
                    }
                    const fixed = fixedLength(f.info);
                    if (fixed !== undefined && maxLength === undefined && q.length !== fixed)
                        fedLength(f.info, q.length, f.takes, `${file} line ${n}, '${f.key}'`, maxLength);
                    rows[k].push(q);
                    return;
                }
                const before = values[k].length;
                if (!flatten64(v, values[k]) || values[k].length - before !== f.per) {
                    throw new DataError(`test-data: model input '${f.info.name}': ${file} line ${n}, '${f.key}' is ${v === undefined ? 'missing' : `not ${f.per} number(s) in the first record's shape`}; every record needs the same shape under each input's key`, 'test-data');
                }
            });
            for (const group of axes.values()) {
                const r = rows[group[0]].length - 1;
                const a = feeds[group[0]];
                const la = rows[group[0]][r].length;
                for (const k of group.slice(1)) {
                    const lb = rows[k][r].length;
                    if (lb !== la) {
                        const b = feeds[k];
                        throw new DataError(`test-data: ${file} line ${n} has ${la} values under '${a.key}' and ${lb} under '${b.key}', but model inputs '${a.info.name}' and '${b.info.name}' share the sequence axis '${sequenceAxis(a.info)}'; give both keys the same length in every record`, 'test-data');
                    }
                }
            }
            const raw = rec[label];
            if (typeof raw !== 'number' && typeof raw !== 'string')
                throw new DataError(`test-data: ${file} line ${n} has no label '${label}' (label-column); give every record its label`, 'label-column');
            labels.push(raw);
            lines.push(n);
            if (labels.length === batchSize)
                yield take();
        }
        if (labels.length > 0)
            yield take();
    }
    return { fed, batches };
}

export { openJsonl };
