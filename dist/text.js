import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { a as parse } from './csv-parse.js';
import { D as DataError, I as InputError } from './errors.js';
import { c as sha256Files, a as regularFile, M as MAX_TEXT_BYTES } from './hash.js';
import { i as isModelDtype, M as MODEL_DTYPES, c as convertValues, l as listed } from './feeds.js';
import { r as readLines } from './lines.js';
import 'stream';
import 'node:crypto';
import 'node:buffer';
import 'node:os';
import 'node:string_decoder';

/**
 * Text test sets: a CSV or JSONL with a text column, tokenized with a Hugging Face tokenizer.json
 * (@huggingface/tokenizers, the pure-JS implementation of that format) to the inputs the model asks
 * for — input_ids, attention_mask, token_type_ids — batch by batch as the rows are read. Each batch
 * is padded to its longest sequence (or, with max-length, to the model's fixed length), sequences
 * are truncated at max-length keeping the tokenizer's special tokens, and the values are converted
 * once to each input's dtype.
 */
/** What a tokenizer makes, by the names transformers' exports give the model inputs. */
const TOKEN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];
/** A loaded tokenizer.json: encodes a text, truncating at maxLength while keeping its special tokens. */
class TextTokenizer {
    tokenizer;
    padId;
    constructor(tokenizer, 
    /** The id padding fills with: tokenizer.json's padding.pad_id, else [PAD]'s, else 0. */
    padId) {
        this.tokenizer = tokenizer;
        this.padId = padId;
    }
    static async load(file) {
        await regularFile(file, { label: 'tokenizer', input: 'tokenizer', error: InputError });
        let json;
        try {
            json = JSON.parse(await readFile(file, 'utf8'));
        }
        catch (e) {
            throw new InputError(`tokenizer: ${file} is not JSON (${e.message.slice(0, 120)}); give the tokenizer.json saved with the model (tokenizer.save or save_pretrained)`, 'tokenizer');
        }
        if (typeof json !== 'object' || json === null || typeof json.model !== 'object') {
            throw new InputError(`tokenizer: ${file} has no "model" section, so it is not a Hugging Face tokenizer.json; give the tokenizer.json saved with the model`, 'tokenizer');
        }
        // loaded here, not at import: its 100 kB would be parsed by every run, also those without text
        const { Tokenizer: TokenizerClass } = await import('./tokenizers.js');
        let tokenizer;
        try {
            tokenizer = new TokenizerClass(json, {});
            tokenizer.encode('a');
        }
        catch (e) {
            throw new InputError(`tokenizer: ${file} cannot be loaded (${e.message.slice(0, 160)}); check that it is a tokenizer.json the tokenizers library wrote`, 'tokenizer');
        }
        const padding = json.padding;
        const vocab = json.model.vocab;
        const padFromVocab = vocab && typeof vocab === 'object' && !Array.isArray(vocab) ? vocab['[PAD]'] : undefined;
        const padId = typeof padding?.pad_id === 'number' ? padding.pad_id : typeof padFromVocab === 'number' ? padFromVocab : 0;
        return new TextTokenizer(tokenizer, padId);
    }
    /**
     * As Python's tokenizers with truncation at max_length: the text's own tokens are cut so that,
     * with the special tokens the template adds around them ([CLS] … [SEP]), maxLength remain.
     */
    encode(text, maxLength) {
        const full = this.tokenizer.encode(text, { return_token_type_ids: true });
        const types = full.token_type_ids ?? new Array(full.ids.length).fill(0);
        if (maxLength === undefined || full.ids.length <= maxLength)
            return { ids: full.ids, types };
        const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
        const specials = full.ids.length - content.length;
        const prefix = startOf(full.ids, content);
        const keep = Math.max(0, maxLength - specials);
        const cut = (a) => [...a.slice(0, prefix + keep), ...a.slice(prefix + content.length)].slice(0, maxLength);
        return { ids: cut(full.ids), types: cut(types) };
    }
}
/** Where `part` starts inside `whole` (the special tokens before the text's own). */
function startOf(whole, part) {
    for (let s = 0; s + part.length <= whole.length; s++)
        if (part.every((v, i) => whole[s + i] === v))
            return s;
    return 0;
}
async function openTextSet(file, options) {
    const tokenizer = await TextTokenizer.load(options.tokenizer);
    const ext = path.extname(file).toLowerCase();
    if (ext !== '.csv' && ext !== '.jsonl' && ext !== '.ndjson') {
        throw new DataError(`test-data: ${file} is not a .csv or .jsonl; with a tokenizer, test-data is a CSV or JSONL with the text in text-column ('${options.textColumn}')`, 'test-data');
    }
    const rows = ext === '.csv' ? () => csvRows(file, options) : () => jsonlRows(file, options);
    const unfed = new DataError('text is fed through the tokenizer', 'tokenizer');
    async function* labelBatches(batchSize) {
        for await (const chunk of chunks(rows(), batchSize))
            yield batchOf(chunk.rows, chunk.offset, file);
    }
    return {
        path: file,
        sampleShape: [],
        size: undefined,
        classNames: undefined,
        unfed,
        sha256: () => sha256Files([{ name: 'test-data', path: file }, { name: 'tokenizer', path: options.tokenizer }]),
        batches: labelBatches,
        bind: async (inputs, mapping) => bindText(file, options, tokenizer, rows, inputs, mapping)
    };
}
function batchOf(rows, offset, file, inputs) {
    const lines = Int32Array.from(rows, (r) => r.line);
    return { features: new Float32Array(0), labels: rows.map((r) => r.label), size: rows.length, offset, lines, where: (i) => `${file} line ${lines[i]}`, ...(inputs ? { inputs } : {}) };
}
async function* chunks(rows, size) {
    let buf = [];
    let offset = 0;
    for await (const r of rows) {
        buf.push(r);
        if (buf.length === size) {
            yield { rows: buf, offset };
            offset += buf.length;
            buf = [];
        }
    }
    if (buf.length > 0)
        yield { rows: buf, offset };
}
async function bindText(file, options, tokenizer, rows, inputs, mapping) {
    if (mapping)
        throw new InputError(`input 'inputs' is set, but with a tokenizer the model's inputs come from the tokenizer (${TOKEN_INPUTS.join(', ')}); leave inputs unset`, 'inputs');
    let fixed;
    for (const info of inputs) {
        const takes = `model input '${info.name}' takes ${info.type} [${info.shape.join(', ') || '?'}]`;
        if (!TOKEN_INPUTS.includes(info.name)) {
            throw new DataError(`${takes}; with a tokenizer, model-gate feeds ${TOKEN_INPUTS.join(', ')} only (as transformers' ONNX exports name them); export the model with those input names`, 'tokenizer');
        }
        if (!isModelDtype(info.type))
            throw new DataError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors`, 'tokenizer');
        if (info.shape.length !== 0 && info.shape.length !== 2)
            throw new DataError(`${takes}: ${info.shape.length} axes; token inputs are [batch, sequence]`, 'tokenizer');
        const s = info.shape[1];
        if (typeof s === 'number' && s > 0) {
            if (options.maxLength === undefined) {
                throw new InputError(`${takes}: a fixed sequence length of ${s}; set max-length: ${s} to pad and truncate every text to it`, 'max-length');
            }
            if (options.maxLength !== s)
                throw new InputError(`input 'max-length' is ${options.maxLength}, but ${takes}: a fixed sequence length of ${s}; set max-length: ${s}`, 'max-length');
            fixed = s;
        }
    }
    if (!inputs.some((i) => i.name === 'input_ids')) {
        throw new DataError(`the model's inputs are ${inputs.map((i) => `'${i.name}'`).join(', ')}, none of them input_ids; with a tokenizer the model must take input_ids`, 'tokenizer');
    }
    const fed = inputs.map((i) => ({
        name: i.name,
        source: `${options.tokenizer} on ${file}:${options.textColumn}`,
        dtype: i.type,
        data_dtype: 'tokens',
        shape: ['N', fixed ?? (options.maxLength !== undefined ? `longest in batch, at most ${options.maxLength}` : 'longest in batch')]
    }));
    async function* batches(batchSize) {
        for await (const { rows: chunk, offset } of chunks(rows(), batchSize)) {
            const encoded = chunk.map((r) => tokenizer.encode(r.text, options.maxLength));
            const length = fixed ?? Math.max(1, ...encoded.map((e) => e.ids.length));
            const ids = new Int32Array(chunk.length * length).fill(tokenizer.padId);
            const mask = new Int32Array(chunk.length * length);
            const types = new Int32Array(chunk.length * length);
            encoded.forEach((e, r) => {
                ids.set(e.ids, r * length);
                mask.fill(1, r * length, r * length + e.ids.length);
                types.set(e.types, r * length);
            });
            const values = { input_ids: ids, attention_mask: mask, token_type_ids: types };
            const converted = {};
            for (const info of inputs) {
                const name = info.name;
                const data = convertValues(values[name], 'i4', info.type, (i, value, why) => new DataError(`tokenizer: model input '${info.name}' takes ${info.type}, and the token value ${value} of ${file} line ${chunk[Math.floor(i / length)].line} ${why}`, 'tokenizer'));
                converted[info.name] = { data, dims: [length] };
            }
            yield batchOf(chunk, offset, file, converted);
        }
    }
    return { fed, batches };
}
async function* csvRows(file, options) {
    const source = createReadStream(file);
    const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: MAX_TEXT_BYTES, info: true }));
    source.on('error', (e) => parser.destroy(e));
    let textAt = -1;
    let labelAt = -1;
    try {
        for await (const { record, info } of parser) {
            if (textAt < 0) {
                textAt = record.indexOf(options.textColumn);
                labelAt = record.indexOf(options.labelColumn);
                if (textAt < 0)
                    throw new DataError(`test-data: ${file} has no column '${options.textColumn}' (text-column); its columns are: ${listed(record)}`, 'text-column');
                if (labelAt < 0)
                    throw new DataError(`test-data: ${file} has no column '${options.labelColumn}' (label-column); its columns are: ${listed(record)}`, 'label-column');
                continue;
            }
            yield { text: record[textAt], label: record[labelAt].trim(), line: info.lines };
        }
    }
    catch (e) {
        if (e instanceof DataError)
            throw e;
        throw new DataError(`test-data: ${file} is not a valid CSV (${e.message.slice(0, 160)}); quote texts that hold commas, quotes or new lines`, 'test-data');
    }
    finally {
        source.destroy();
    }
}
async function* jsonlRows(file, options) {
    let n = 0;
    for await (const line of readLines(file, 'test-data')) {
        n++;
        if (line.trim() === '')
            continue;
        let v;
        try {
            v = JSON.parse(line);
        }
        catch (e) {
            throw new DataError(`test-data: ${file} line ${n} is not valid JSON (${e.message.slice(0, 120)}); write one JSON object per line`, 'test-data');
        }
        const record = v;
        if (typeof v !== 'object' || v === null || Array.isArray(v))
            throw new DataError(`test-data: ${file} line ${n} is not a JSON object; write one JSON object per line`, 'test-data');
        const text = record[options.textColumn];
        if (typeof text !== 'string') {
            throw new DataError(`test-data: ${file} line ${n} has ${text === undefined ? 'no key' : 'no text under'} '${options.textColumn}' (text-column); its keys are: ${listed(Object.keys(record))}`, 'text-column');
        }
        const label = record[options.labelColumn];
        if (typeof label !== 'number' && typeof label !== 'string') {
            throw new DataError(`test-data: ${file} line ${n} has no label under '${options.labelColumn}' (label-column); write the class index or name there`, 'label-column');
        }
        yield { text, label, line: n };
    }
}

export { TOKEN_INPUTS, TextTokenizer, openTextSet };
