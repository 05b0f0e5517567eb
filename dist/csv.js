import { createReadStream } from 'node:fs';
import { a as parse } from './csv-parse.js';
import { D as DataError, M as ModelError, a as ModelGateError } from './errors.js';
import { s as sha256File, a as regularFile, M as MAX_TEXT_BYTES, f as formatBytes } from './hash.js';
import { i as isModelDtype, M as MODEL_DTYPES, l as listed, B as BatchBuilder, c as convertValues } from './feeds.js';
import { r as resolveColumnGroup, p as parseColumnGroup, d as defaultColumns } from './column-groups.js';
import 'stream';
import 'node:crypto';
import 'node:fs/promises';
import 'node:buffer';
import 'node:os';

/**
 * Which CSV columns feed which model input: the `inputs` mapping's column group for an input it
 * names, else the column named like the input, else the columns `<input>_0, <input>_1, …`. Checked
 * against the header and the model before a row is read: one error for the first input whose
 * columns are missing, shared with another input, the label, or too many or too few for its shape.
 */
function planCsvInputs(file, header, labelIndex, inputs, mapping) {
    const input = mapping ? 'inputs' : 'test-data';
    const names = inputs.map((i) => i.name);
    for (const key of mapping?.keys() ?? []) {
        if (!names.includes(key))
            throw new DataError(`inputs: '${key}' is not an input of the model; its inputs are ${names.map((n) => `'${n}'`).join(', ')}; remove it from inputs or rename it`, 'inputs');
    }
    const owner = new Map();
    return inputs.map((info) => {
        const takes = `model input '${info.name}' takes ${info.type} [${info.shape.join(', ') || '?'}]`;
        if (!isModelDtype(info.type))
            throw new ModelError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors; export the model with one of those input types`, 'model');
        const group = mapping?.get(info.name);
        const how = group !== undefined ? `inputs maps it to '${group}', and ${file}` : file;
        const fail = (why) => new DataError(`${takes}, but ${how} ${why}`, input);
        const columns = group !== undefined
            ? resolveColumnGroup(parseColumnGroup(group), header, fail)
            : defaultColumns(info.name, header, fail) ??
                (() => {
                    throw new DataError(`${takes}, but ${file} has no column '${info.name}' and no columns ${info.name}_0, ${info.name}_1, … (its columns are: ${listed(header)}); name its columns so, or map it with inputs: ${info.name}=<columns>`, 'test-data');
                })();
        const seen = new Set();
        for (const c of columns) {
            if (c === labelIndex) {
                throw new DataError(group !== undefined
                    ? `${takes}, but inputs maps it to '${group}', which takes the label column '${header[c]}' (label-column); leave the label out of the model's inputs`
                    : `${takes}, and its column in ${file} is the label column '${header[c]}' (label-column); rename one of them, or map the input with inputs: ${info.name}=<columns>`, input);
            }
            if (seen.has(c))
                throw new DataError(`${takes}, but inputs maps it to '${group}', which names column '${header[c]}' twice; name each column once`, input);
            seen.add(c);
            const other = owner.get(c);
            if (other !== undefined) {
                throw new DataError(`column '${header[c]}' of ${file} would feed both model input '${other}' and '${info.name}'; give each column to one input (inputs: ${other}=…, ${info.name}=…)`, input);
            }
            owner.set(c, info.name);
        }
        const shown = columns.map((c) => header[c]);
        const holds = `${file} gives it ${columns.length} column${columns.length === 1 ? '' : 's'} (${listed(shown, 8)})`;
        const dims = csvDims(info, columns.length, takes, holds, input);
        const source = group ?? (columns.length === 1 ? shown[0] : `${info.name}_0..${info.name}_${columns.length - 1}`);
        return { info, dtype: info.type, columns, dims, fed: { name: info.name, source: `${file}:${source}`, dtype: info.type, data_dtype: 'CSV numbers', shape: ['N', ...dims] } };
    });
}
/**
 * A CSV row's k values as a sample of the model's input: [] for a model input [N] (k must be 1),
 * [k] for [N, k] or [N, d] with d symbolic, the model's own dims when they are all fixed and hold k
 * values ([N, 2, 3] from 6 columns). Symbolic axes beyond one cannot be taken from a flat row.
 */
function csvDims(info, k, takes, holds, input) {
    if (info.shape.length === 0)
        return [k];
    const model = info.shape.slice(1);
    if (model.length === 0) {
        if (k === 1)
            return [];
        throw new DataError(`${takes}: one value a sample; ${holds}; map it to one column`, input);
    }
    const fixed = model.every((d) => typeof d === 'number' && d > 0);
    if (fixed) {
        const want = model.reduce((a, b) => a * b, 1);
        if (want === k)
            return model;
        throw new DataError(`${takes}: ${want} value${want === 1 ? '' : 's'} a sample; ${holds}; map it to ${want} column${want === 1 ? '' : 's'}`, input);
    }
    if (model.length === 1)
        return [k];
    throw new DataError(`${takes}: axes the model leaves open beyond the batch, which a flat CSV row cannot fill; ${holds}; save the test set as an .npz with the model's axes`, input);
}

/**
 * CSV test sets with a header row, parsed streaming with csv-parse: one batch in memory at a time.
 * The label column is handed over as written (class indices, names or targets); every other
 * column is a feature unless feature-columns lists them.
 */
/**
 * csv-parse refuses a record longer than this (the default has no limit): a file that is one endless
 * line, such as a binary file named .csv, fails here instead of growing until memory runs out.
 */
const MAX_RECORD_BYTES = MAX_TEXT_BYTES;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
async function openCsv(file, options) {
    const header = await readHeader(file);
    const positions = new Map();
    header.forEach((h, i) => positions.set(h, [...(positions.get(h) ?? []), i]));
    const at = (name) => positions.get(name) ?? [];
    const twice = (name, input, hint) => {
        const p = at(name);
        if (p.length > 1) {
            throw new DataError(`test-data: ${file} has two columns named '${name}' (${input}), at positions ${p[0] + 1} and ${p[1] + 1}; ${hint}`, input);
        }
    };
    const labels = at(options.labelColumn);
    if (labels.length === 0) {
        throw new DataError(`test-data: ${file} has no column '${options.labelColumn}' (label-column); its columns are: ${listed(header)}`, 'label-column');
    }
    twice(options.labelColumn, 'label-column', 'rename one of them so the label is unambiguous');
    const labelIndex = labels[0];
    let featureIndex;
    let featureNames;
    if (options.featureColumns) {
        featureNames = [...options.featureColumns];
        const repeated = featureNames.find((n, i) => featureNames.indexOf(n) !== i);
        if (repeated !== undefined)
            throw new DataError(`input 'feature-columns' lists '${repeated}' twice; list each feature column once`, 'feature-columns');
        featureIndex = featureNames.map((name) => {
            const p = at(name);
            if (p.length === 0)
                throw new DataError(`test-data: ${file} has no column '${name}' (feature-columns); its columns are: ${listed(header)}`, 'feature-columns');
            twice(name, 'feature-columns', 'rename one of them in the file so feature-columns can pick one');
            if (p[0] === labelIndex)
                throw new DataError(`input 'feature-columns' lists the label column '${name}'; leave the label out of the features`, 'feature-columns');
            return p[0];
        });
    }
    else {
        featureIndex = header.flatMap((_, i) => (i === labelIndex ? [] : [i]));
        featureNames = featureIndex.map((i) => header[i]);
        for (const name of featureNames)
            twice(name, 'test-data', 'rename one of them, or pick the feature columns with feature-columns (leaving the repeated name out)');
    }
    if (featureIndex.length === 0)
        throw new DataError(`test-data: ${file} has no feature column besides '${options.labelColumn}'; add feature columns`, 'test-data');
    return {
        path: file,
        sampleShape: [featureIndex.length],
        size: undefined,
        classNames: undefined,
        sha256: () => sha256File(file),
        bind: async (inputs, mapping) => {
            if (options.featureColumns) {
                throw new DataError(`input 'feature-columns' is set, but the model's inputs (${inputs.map((i) => i.name).join(', ')}) are fed from ${file} by name; give each input its columns with inputs (e.g. inputs: ${inputs[0]?.name ?? 'x'}=<columns>) and leave feature-columns unset`, 'feature-columns');
            }
            return bindCsv(file, header, labelIndex, inputs, mapping);
        },
        async *labelBatches(batchSize) {
            const builder = new BatchBuilder(0, batchSize, file);
            for await (const { record, line } of csvRecords(file)) {
                builder.push([], record[labelIndex], line);
                if (builder.full)
                    yield builder.take();
            }
            const last = builder.take();
            if (last)
                yield last;
        },
        async *batches(batchSize) {
            const builder = new BatchBuilder(featureIndex.length, batchSize, file);
            const row = new Float32Array(featureIndex.length);
            for await (const { record, line } of csvRecords(file)) {
                for (let j = 0; j < featureIndex.length; j++) {
                    const text = record[featureIndex[j]];
                    const v = cellNumber(text);
                    if (v === undefined) {
                        throw new DataError(`test-data: ${file} line ${line}, column '${featureNames[j]}' holds '${shorten(text)}', not a number; fix the value or leave the column out with feature-columns`, 'test-data');
                    }
                    row[j] = v;
                }
                builder.push(row, record[labelIndex], line);
                if (builder.full)
                    yield builder.take();
            }
            const last = builder.take();
            if (last)
                yield last;
        }
    };
}
function shorten(text) {
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
/** A cell as a number: decimal numbers only (and nan/inf, refused later as such): Number() would also read 0x10 as 16. */
function cellNumber(text) {
    if (DECIMAL.test(text))
        return Number(text);
    if (/^[+-]?(nan|inf|infinity)$/i.test(text))
        return Number(text.replace(/inf$/i, 'Infinity'));
    return undefined;
}
/** The rows after the header, with the line each ends on; csv-parse's errors in words. */
async function* csvRecords(file) {
    const source = createReadStream(file);
    const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, max_record_size: MAX_RECORD_BYTES, info: true }));
    source.on('error', (e) => parser.destroy(e));
    let first = true;
    try {
        for await (const { record, info } of parser) {
            if (first) {
                // the header, read again here so that a quoted header spanning lines is skipped whole
                first = false;
                continue;
            }
            yield { record, line: info.lines };
        }
    }
    catch (e) {
        throw csvError(e, file);
    }
    finally {
        source.destroy();
    }
}
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/**
 * Binds a CSV's columns to a model's inputs (planCsvInputs says which feed which): every cell read
 * as a decimal number and converted once to its input's dtype, checked to fit. An int64 input reads
 * whole numbers as written, so 2^53 + 1 stays itself rather than becoming a float first.
 */
async function bindCsv(file, header, labelIndex, inputs, mapping) {
    const feeds = planCsvInputs(file, header, labelIndex, inputs, mapping);
    async function* batches(batchSize) {
        const fresh = () => feeds.map((f) => (f.dtype === 'int64' ? new BigInt64Array(batchSize * f.columns.length) : new Float64Array(batchSize * f.columns.length)));
        let values = fresh();
        let labels = [];
        let lines = [];
        let offset = 0;
        const misfit = (f, line, column) => (value, why) => new DataError(`test-data: model input '${f.info.name}' takes ${f.dtype}; ${file} line ${line}, column '${header[column]}' has ${value}, which ${why}`, 'test-data');
        const take = () => {
            const size = labels.length;
            const at = Int32Array.from(lines);
            const fed = {};
            feeds.forEach((f, k) => {
                const per = f.columns.length;
                const v = values[k].subarray(0, size * per);
                const data = v instanceof BigInt64Array
                    ? v
                    : convertValues(v, 'f8', f.dtype, (i, value, why) => misfit(f, at[Math.floor(i / per)], f.columns[i % per])(value, why));
                fed[f.info.name] = { data, dims: f.dims };
            });
            const batch = { features: new Float32Array(0), labels, size, offset, lines: at, where: (i) => `${file} line ${at[i]}`, inputs: fed };
            offset += size;
            values = fresh();
            labels = [];
            lines = [];
            return batch;
        };
        for await (const { record, line } of csvRecords(file)) {
            const r = labels.length;
            feeds.forEach((f, k) => {
                const out = values[k];
                const per = f.columns.length;
                f.columns.forEach((c, j) => {
                    const text = record[c];
                    if (out instanceof BigInt64Array) {
                        out[r * per + j] = int64Cell(text, misfit(f, line, c), () => notNumber(file, line, header[c], text, f.info.name));
                        return;
                    }
                    const v = cellNumber(text);
                    if (v === undefined)
                        throw notNumber(file, line, header[c], text, f.info.name);
                    out[r * per + j] = v;
                });
            });
            labels.push(record[labelIndex]);
            lines.push(line);
            if (labels.length === batchSize)
                yield take();
        }
        if (labels.length > 0)
            yield take();
    }
    return { fed: feeds.map((f) => f.fed), batches };
}
function notNumber(file, line, column, text, input) {
    return new DataError(`test-data: ${file} line ${line}, column '${column}' holds '${shorten(text)}', not a number; model input '${input}' is fed from it: fix the value`, 'test-data');
}
function int64Cell(text, misfit, notNumber) {
    if (/^[+-]?\d+$/.test(text)) {
        const b = BigInt(text);
        if (b < INT64_MIN || b > INT64_MAX)
            throw misfit(text, `is outside int64's range ${INT64_MIN}..${INT64_MAX}`);
        return b;
    }
    const v = cellNumber(text);
    if (v === undefined)
        throw notNumber();
    // 1.0 and 1e3 are whole numbers; a fraction, NaN or a float beyond 2^53 is refused as for any source
    return convertValues(Float64Array.of(v), 'f8', 'int64', (_, value, why) => misfit(value, why))[0];
}
/** csv-parse's errors in words a user can act on, with the line. */
function csvError(e, file) {
    if (e instanceof ModelGateError)
        return e;
    const err = e;
    const line = err.lines !== undefined ? ` line ${err.lines}` : '';
    switch (err.code) {
        case 'CSV_QUOTE_NOT_CLOSED':
            return new DataError(`test-data: ${file}: a quoted field is never closed (the file ends inside it${line ? `, at${line}` : ''}); close the quote (") or remove it`, 'test-data');
        case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
        case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
            const m = /expect (\d+), got (\d+)/.exec(err.message);
            return new DataError(`test-data: ${file}${line} has ${m ? `${m[2]} fields where the header has ${m[1]}` : 'a different number of fields than the header'}; every row needs one value per column`, 'test-data');
        }
        case 'CSV_INVALID_CLOSING_QUOTE':
        case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
        case 'INVALID_OPENING_QUOTE':
        case 'CSV_INVALID_OPENING_QUOTE':
            return new DataError(`test-data: ${file}${line} has a stray quote ("); quote the whole field and double the quotes inside it ("")`, 'test-data');
        case 'CSV_MAX_RECORD_SIZE':
            return new DataError(`test-data: ${file}${line} has a row longer than ${formatBytes(MAX_RECORD_BYTES)}; the file is not a CSV test set (one sample per line)`, 'test-data');
    }
    const code = err.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
        return new DataError(`test-data: cannot read ${file} (${code}); check the path, relative to the workspace`, 'test-data');
    return new DataError(`test-data: ${file} is not valid CSV${line} (${err.message}); fix that row`, 'test-data');
}
/** The header row, read whole however long it is (csv-parse stops after the first record). */
async function readHeader(file) {
    await regularFile(file, { label: 'test-data', input: 'test-data', error: DataError });
    const source = createReadStream(file);
    const parser = source.pipe(parse({ bom: true, trim: true, to: 1, max_record_size: MAX_RECORD_BYTES }));
    source.on('error', (e) => parser.destroy(e));
    let header;
    try {
        for await (const record of parser) {
            header = record;
            break;
        }
    }
    catch (e) {
        throw csvError(e, file);
    }
    finally {
        source.destroy();
    }
    if (!header || header.every((h) => h === ''))
        throw new DataError(`test-data: ${file} is empty or has no header row; the first line must name the columns`, 'test-data');
    return header;
}

export { openCsv };
