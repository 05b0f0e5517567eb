import { D as DataError } from './errors.js';

/** Names for an error message: the first 20, then how many more (a header can have thousands). */
function listed(names, most = 20) {
    const shown = names.slice(0, most).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n)).join(', ');
    return names.length > most ? `${shown}, … (${names.length - most} more)` : shown;
}
/**
 * The first values of a run are checked by TypedArray.includes, native code that is never cold:
 * the summing loop below runs its first ~10^5 iterations interpreted (a 100-sample mnist set, 78,400
 * values, took 2.5–4 ms there against 0.2 ms), while warm it is 3× faster than three native scans.
 */
const NATIVE_CHECKS = 1 << 18;
let nativeChecked = 0;
/** Refuses NaN and ±Inf features, naming the first sample that has one. */
function checkFinite(features, sampleSize, offset, what) {
    if (nativeChecked + features.length <= NATIVE_CHECKS) {
        nativeChecked += features.length;
        if (scansFinite(features))
            return;
    }
    else if (sumIsFinite(features))
        return;
    for (let i = 0; i < features.length; i++) {
        const v = features[i];
        if (v - v !== 0) {
            const sample = offset + Math.floor(i / sampleSize);
            throw new DataError(`test-data: ${what}: sample ${sample} has ${Number.isNaN(v) ? 'a NaN' : 'an infinite'} feature (position ${i % sampleSize}); clean or drop that sample`, 'test-data');
        }
    }
}
/** Every value finite, by three native scans (exported for the test holding the two ways equal). */
function scansFinite(features) {
    return !(features.includes(NaN) || features.includes(Infinity) || features.includes(-Infinity));
}
/** Every value finite, by summing (exported for the test holding the two ways equal). */
function sumIsFinite(features) {
    // a float64 sum of float32 values cannot overflow, so it is finite exactly when every value is;
    // only a bad chunk pays for the search in checkFinite (half the cost of testing each value)
    let a = 0;
    let b = 0;
    const even = features.length & -2;
    for (let i = 0; i < even; i += 2) {
        a += features[i];
        b += features[i + 1];
    }
    if (even < features.length)
        a += features[even];
    return Number.isFinite(a + b);
}
/** Collects rows into fixed-size batches; used by readers that produce one sample at a time. */
class BatchBuilder {
    sampleSize;
    batchSize;
    what;
    features;
    labels = [];
    written;
    lines;
    filled = 0;
    offset = 0;
    constructor(sampleSize, batchSize, what) {
        this.sampleSize = sampleSize;
        this.batchSize = batchSize;
        this.what = what;
        this.features = new Float32Array(sampleSize * batchSize);
    }
    get full() {
        return this.filled === this.batchSize;
    }
    /**
     * @param line where the sample is in its file, for errors about its label later
     * @param written the label as written, when parsing lost it (JSON's 1e400)
     */
    push(row, label, line, written) {
        this.features.set(row, this.filled * this.sampleSize);
        if (line !== undefined)
            (this.lines ??= new Int32Array(this.batchSize))[this.filled] = line;
        if (written !== undefined)
            (this.written ??= [])[this.filled] = written;
        this.labels.push(label);
        this.filled++;
    }
    /** Hands out what is filled (undefined if nothing) and starts a fresh batch. */
    take() {
        if (this.filled === 0)
            return undefined;
        const size = this.filled;
        const batch = {
            features: size === this.batchSize ? this.features : this.features.slice(0, size * this.sampleSize),
            labels: this.labels,
            size,
            offset: this.offset,
            ...(this.lines ? this.located(this.lines.slice(0, size)) : {}),
            ...(this.written ? { written: this.written } : {})
        };
        checkFinite(batch.features, this.sampleSize, this.offset, this.what);
        this.offset += size;
        this.filled = 0;
        this.features = new Float32Array(this.sampleSize * this.batchSize);
        this.labels = [];
        this.written = undefined;
        this.lines = undefined;
        return batch;
    }
    located(lines) {
        return { lines, where: (i) => `${this.what} line ${lines[i]}` };
    }
}

/**
 * The .npy format (NEP 1): a magic string, a version, a header dict in Python literal syntax,
 * then the raw array. We read the header and decode rows on demand, so a big file can be
 * streamed by offset without loading it whole.
 */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Parses a header from the first bytes of a file (at least the whole header must be present). */
function parseNpyHeader(bytes, what, input = 'test-data') {
    if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
        throw new DataError(`${what} is not a .npy array (no \\x93NUMPY magic); save it with numpy.save`, input);
    }
    const major = bytes[6];
    if (major < 1 || major > 3)
        throw new DataError(`${what}: .npy format version ${major} is unknown (numpy writes 1.0 to 3.0); save the array again with numpy.save`, input);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = major === 1 ? 10 : 12;
    if (bytes.length < start)
        throw new DataError(`${what}: truncated .npy header (the file ends inside its preamble); save the array again with numpy.save`, input);
    const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    if (bytes.length < start + headerLen) {
        throw new DataError(`${what}: truncated .npy header (it declares ${headerLen} header bytes, the data ends before them); save the array again with numpy.save`, input);
    }
    const header = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
    const fields = headerFields(header);
    const unreadable = () => new DataError(`${what}: unreadable .npy header ${JSON.stringify(header.trim().slice(0, 200))}; save the array again with numpy.save`, input);
    if (!fields)
        throw unreadable();
    const descrValue = fields.get('descr');
    if (descrValue.startsWith('['))
        throw new DataError(`${what}: unsupported dtype ${descrValue.slice(0, 80)} (object or structured arrays cannot be read); save plain numeric arrays`, input);
    const descr = /^(['"])(.*)\1$/.exec(descrValue)?.[2];
    const fortran = /^(True|False)$/.exec(fields.get('fortran_order'))?.[1];
    const shapeText = /^\(([^()]*)\)$/.exec(fields.get('shape'))?.[1];
    if (descr === undefined || fortran === undefined || shapeText === undefined)
        throw unreadable();
    const dims = shapeText.split(',').map((s) => s.trim());
    // numpy writes (n,) for one axis and () for a scalar: a trailing empty item is the tuple's comma.
    if (dims.length > 1 && dims[dims.length - 1] === '')
        dims.pop();
    if (dims.length === 1 && dims[0] === '')
        dims.pop();
    const badDim = dims.find((d) => !/^\d+$/.test(d) || !Number.isSafeInteger(Number(d)));
    if (badDim !== undefined) {
        throw new DataError(`${what}: the .npy header's shape (${shapeText.trim()}) has the dimension '${badDim}', not a whole number; save the array again with numpy.save`, input);
    }
    const shape = dims.map(Number);
    if (!Number.isSafeInteger(elementCount(shape))) {
        throw new DataError(`${what}: the .npy header's shape (${shapeText.trim()}) holds more elements than any file can; save the array again with numpy.save`, input);
    }
    const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
    if (!m)
        throw new DataError(`${what}: unsupported dtype '${descr}'; use float32, float64 or integer arrays`, input);
    const [, order, kind, sizeText] = m;
    const size = Number(sizeText);
    if (order === '>' && size > 1) {
        throw new DataError(`${what}: big-endian dtype '${descr}' is not supported; convert with arr.astype(arr.dtype.newbyteorder('<'))`, input);
    }
    let dtype;
    let itemSize = size;
    if (kind === 'U') {
        dtype = `U${size}`;
        itemSize = size * 4;
    }
    else if (kind === 'b' && size === 1) {
        dtype = 'b1';
    }
    else if (['f', 'i', 'u'].includes(kind) && [1, 2, 4, 8].includes(size) && !(kind === 'f' && size === 1)) {
        dtype = `${kind}${size}`;
    }
    else {
        throw new DataError(`${what}: unsupported dtype '${descr}' (object or structured arrays cannot be read); save plain numeric arrays`, input);
    }
    if (fortran === 'True' && shape.length > 1) {
        throw new DataError(`${what} is in Fortran order; save it with numpy.save(np.ascontiguousarray(a))`, input);
    }
    return { dtype, itemSize, shape, dataOffset: start + headerLen };
}
/**
 * The header dict, read as numpy reads it (ast.literal_eval of the whole text): exactly the keys
 * descr, fortran_order and shape, and nothing but spaces around it. Looser matching would take a
 * header whose declared length cuts it short, or runs into the data, and read shifted bytes.
 */
function headerFields(header) {
    const body = /^\{([\s\S]*)\}$/.exec(header.trim())?.[1];
    if (body === undefined)
        return undefined;
    const entry = /\s*(['"])(\w+)\1\s*:\s*('[^']*'|"[^"]*"|True|False|\([^()]*\)|\[[^\]]*\])\s*(,|$)/y;
    const fields = new Map();
    while (entry.lastIndex < body.length && body.slice(entry.lastIndex).trim() !== '') {
        const m = entry.exec(body);
        if (!m || fields.has(m[2]))
            return undefined;
        fields.set(m[2], m[3]);
        if (m[4] === '')
            break;
    }
    const keys = [...fields.keys()].sort().join(',');
    return keys === 'descr,fortran_order,shape' ? fields : undefined;
}
/** Decodes `count` numeric elements into float32 (features). */
function decodeFloat32(bytes, dtype, count, out = new Float32Array(count)) {
    const src = typedView(bytes, dtype, count);
    if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
        for (let i = 0; i < count; i++)
            out[i] = Number(src[i]);
    }
    else {
        out.set(src);
    }
    return out;
}
/** Decodes labels as written: numbers for numeric dtypes, 64-bit integers as bigint (exact), strings for unicode arrays. */
function decodeRawLabels(bytes, dtype, count) {
    const column = decodeLabelColumn(bytes, dtype, count);
    return labelsAt(column, 0, count);
}
function decodeLabelColumn(bytes, dtype, count) {
    if (dtype.startsWith('U')) {
        const width = Number(dtype.slice(1));
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const out = [];
        for (let i = 0; i < count; i++) {
            let s = '';
            for (let j = 0; j < width; j++) {
                const cp = view.getUint32((i * width + j) * 4, true);
                if (cp === 0)
                    break;
                s += String.fromCodePoint(cp);
            }
            out.push(s);
        }
        return out;
    }
    const column = typedView(bytes, dtype, count);
    return column instanceof BigInt64Array || column instanceof BigUint64Array ? narrowed(column) : column;
}
/**
 * 64-bit labels that are all small whole numbers (class indices, as numpy saves them by default) in
 * a Uint8Array or Int32Array: the same values, 1 or 4 bytes a label instead of 8.
 */
function narrowed(column) {
    const words = new Int32Array(column.buffer, column.byteOffset, column.length * 2);
    const signed = column instanceof BigInt64Array;
    let bytes = true;
    for (let i = 0; i < column.length; i++) {
        const lo = words[2 * i];
        const hi = words[2 * i + 1];
        // int32 range: the high word is the low word's sign extension (for uint64, only non-negative values)
        if (hi !== lo >> 31 || (!signed && lo < 0))
            return column;
        if (lo >>> 8 !== 0)
            bytes = false;
    }
    const out = bytes ? new Uint8Array(column.length) : new Int32Array(column.length);
    for (let i = 0; i < column.length; i++)
        out[i] = words[2 * i];
    return out;
}
/** Labels `from`…`to` of a column as a batch carries them (numbers, bigints or strings). */
function labelsAt(column, from, to) {
    if (!ArrayBuffer.isView(column))
        return column.slice(from, to);
    if (column instanceof BigInt64Array || column instanceof BigUint64Array)
        return int64Labels(column, from, to);
    return Array.from(column.subarray(from, to));
}
/**
 * 64-bit labels within ±2^53 as numbers (the same value exactly, so the label checks and their
 * messages are the same), read from the two 32-bit words without making a bigint a label; beyond,
 * the bigint as written. Little-endian, as the .npy descr '<i8' / '<u8' is and typed arrays here are.
 */
function int64Labels(column, from, to) {
    const words = new Int32Array(column.buffer, column.byteOffset + from * 8, (to - from) * 2);
    const signed = column instanceof BigInt64Array;
    const out = new Array(to - from);
    for (let i = 0; i < out.length; i++) {
        const hi = words[2 * i + 1];
        out[i] = hi >= (signed ? -2097152 : 0) && hi < 0x200000 ? hi * 4294967296 + (words[2 * i] >>> 0) : column[from + i];
    }
    return out;
}
/** Decodes labels: numbers for numeric dtypes, strings for unicode arrays. */
function decodeLabels(bytes, dtype, count) {
    return decodeRawLabels(bytes, dtype, count).map((v) => (typeof v === 'bigint' ? Number(v) : v));
}
function typedView(bytes, dtype, count) {
    // Typed arrays need aligned offsets; copy when the slice is not aligned (e.g. inside a zip).
    const size = bytesPer(dtype);
    const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
    const buf = aligned.buffer;
    const off = aligned.byteOffset;
    switch (dtype) {
        case 'f4': return new Float32Array(buf, off, count);
        case 'f8': return new Float64Array(buf, off, count);
        case 'f2': return float16(new Uint16Array(buf, off, count));
        case 'u1':
        case 'b1': return new Uint8Array(buf, off, count);
        case 'i1': return new Int8Array(buf, off, count);
        case 'u2': return new Uint16Array(buf, off, count);
        case 'i2': return new Int16Array(buf, off, count);
        case 'u4': return new Uint32Array(buf, off, count);
        case 'i4': return new Int32Array(buf, off, count);
        case 'u8': return new BigUint64Array(buf, off, count);
        case 'i8': return new BigInt64Array(buf, off, count);
        default: throw new DataError(`cannot read dtype ${dtype} as numbers`, 'test-data');
    }
}
function bytesPer(dtype) {
    return dtype.startsWith('U') ? 4 : Number(dtype.slice(1));
}
/** IEEE 754 binary16 bit patterns → their values (each one exact in float32). */
function float16(bits) {
    const out = new Float32Array(bits.length);
    for (let i = 0; i < bits.length; i++) {
        const h = bits[i];
        const s = h & 0x8000 ? -1 : 1;
        const e = (h >> 10) & 0x1f;
        const f = h & 0x3ff;
        out[i] = e === 0 ? s * 2 ** -14 * (f / 1024) : e === 31 ? (f ? NaN : s * Infinity) : s * 2 ** (e - 15) * (1 + f / 1024);
    }
    return out;
}
function elementCount(shape) {
    return shape.reduce((a, b) => a * b, 1);
}

/**
 * Values as a file holds them (an .npy's dtype), converted once to the dtype a model input takes,
 * each checked to fit: a fraction never becomes an integer, 300 never wraps into a uint8, an integer
 * a float cannot hold exactly is refused rather than rounded, a float too big for float16 is refused
 * rather than made infinite.
 */
/** The input dtypes model-gate feeds (onnxruntime's names). */
const MODEL_DTYPES = ['float32', 'float64', 'float16', 'int64', 'int32', 'int8', 'uint8', 'bool'];
function isModelDtype(type) {
    return MODEL_DTYPES.includes(type);
}
/** numpy's name for an .npy dtype, for messages. */
function numpyName(dtype) {
    const names = {
        f2: 'float16', f4: 'float32', f8: 'float64', u1: 'uint8', i1: 'int8', u2: 'uint16', i2: 'int16',
        u4: 'uint32', i4: 'int32', u8: 'uint64', i8: 'int64', b1: 'bool'
    };
    return names[dtype] ?? `str (${dtype})`;
}
/** A view of `count` little-endian values of `dtype` (copied when the bytes are not aligned). */
function nativeValues(bytes, dtype, count) {
    const ctors = {
        f2: Uint16Array, f4: Float32Array, f8: Float64Array, u1: Uint8Array, i1: Int8Array, b1: Uint8Array, u2: Uint16Array,
        i2: Int16Array, u4: Uint32Array, i4: Int32Array, u8: BigUint64Array, i8: BigInt64Array
    };
    const Ctor = ctors[dtype];
    if (!Ctor)
        throw new RangeError(`no numeric view for dtype ${dtype}`);
    const aligned = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice();
    const view = new Ctor(aligned.buffer, aligned.byteOffset, count);
    return dtype === 'f2' ? float16(view) : view;
}
const INT_RANGE = { int8: [-128, 127], uint8: [0, 255], int32: [-2147483648, 2 ** 31 - 1] };
/** Integer dtypes of at most 32 bits, held exactly by an Int32Array word. */
const SMALL_INTS = new Set(['i1', 'u1', 'i2', 'u2', 'i4', 'b1']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT_MAX = { float16: 65504, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };
/**
 * `src` (values of `srcDtype`) as `target`, or the error `misfit` makes for the first value that
 * does not fit. float16 sources arrive decoded (nativeValues), so they are read as float32.
 */
function convertValues(src, srcDtype, target, misfit) {
    const n = src.length;
    const isFloatSrc = srcDtype === 'f2' || srcDtype === 'f4' || srcDtype === 'f8';
    if (src instanceof BigInt64Array || src instanceof BigUint64Array)
        return fromBigInts(src, target, misfit);
    const values = src;
    switch (target) {
        case 'float32':
        case 'float64': {
            const out = target === 'float32' ? new Float32Array(n) : new Float64Array(n);
            for (let i = 0; i < n; i++) {
                const v = values[i];
                if (v - v !== 0)
                    throw misfit(i, String(v), `is ${Number.isNaN(v) ? 'NaN' : 'infinite'}; clean or drop that sample`);
                out[i] = v;
                if (!isFloatSrc && out[i] !== v)
                    throw misfit(i, String(v), `is an integer ${target} cannot hold exactly`);
                if (out[i] - out[i] !== 0)
                    throw misfit(i, String(v), `is beyond ${target}'s largest value ${FLOAT_MAX[target]}`);
            }
            return out;
        }
        case 'float16': {
            const out = new Uint16Array(n);
            for (let i = 0; i < n; i++) {
                const v = values[i];
                if (v - v !== 0)
                    throw misfit(i, String(v), `is ${Number.isNaN(v) ? 'NaN' : 'infinite'}; clean or drop that sample`);
                const bits = halfBits(v);
                if ((bits & 0x7c00) === 0x7c00)
                    throw misfit(i, String(v), `is beyond float16's largest value ${FLOAT_MAX.float16}`);
                if (!isFloatSrc && halfValue(bits) !== v)
                    throw misfit(i, String(v), 'is an integer float16 cannot hold exactly (float16 holds whole numbers exactly up to 2048)');
                out[i] = bits;
            }
            return out;
        }
        case 'bool': {
            const out = new Uint8Array(n);
            for (let i = 0; i < n; i++) {
                const v = values[i];
                if (v !== 0 && v !== 1)
                    throw misfit(i, String(v), 'is not 0 or 1 (false or true)');
                out[i] = v;
            }
            return out;
        }
        case 'int64': {
            const out = new BigInt64Array(n);
            if (SMALL_INTS.has(srcDtype)) {
                // Every value fits: write the two 32-bit halves (little-endian, as onnxruntime's platforms
                // are) instead of a BigInt per value, which made token ids cost more than tokenizing them.
                const words = new Int32Array(out.buffer);
                for (let i = 0; i < n; i++) {
                    const v = values[i];
                    words[2 * i] = v;
                    words[2 * i + 1] = v < 0 ? -1 : 0;
                }
                return out;
            }
            for (let i = 0; i < n; i++) {
                const v = values[i];
                if (!Number.isInteger(v))
                    throw misfit(i, String(v), 'is not a whole number; int64 takes whole numbers (a float feature is never truncated)');
                if (!Number.isSafeInteger(v))
                    throw misfit(i, String(v), 'is a float beyond 2^53, where it stands for several integers; save the array as int64');
                out[i] = BigInt(v);
            }
            return out;
        }
        default: {
            const [lo, hi] = INT_RANGE[target];
            const out = target === 'int32' ? new Int32Array(n) : target === 'int8' ? new Int8Array(n) : new Uint8Array(n);
            if (srcDtype === { int32: 'i4', int8: 'i1', uint8: 'u1' }[target])
                return (out.set(values), out);
            for (let i = 0; i < n; i++) {
                const v = values[i];
                if (!Number.isInteger(v))
                    throw misfit(i, String(v), `is not a whole number; ${target} takes whole numbers (a float feature is never truncated)`);
                if (v < lo || v > hi)
                    throw misfit(i, String(v), `is outside ${target}'s range ${lo}..${hi}`);
                out[i] = v;
            }
            return out;
        }
    }
}
function fromBigInts(src, target, misfit) {
    const n = src.length;
    if (target === 'int64') {
        if (src instanceof BigInt64Array)
            return src;
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
            if (src[i] > INT64_MAX)
                throw misfit(i, String(src[i]), `is outside int64's range ${INT64_MIN}..${INT64_MAX}`);
            out[i] = src[i];
        }
        return out;
    }
    // Every other dtype holds less than 2^53: through a Number, refusing what does not come back exact.
    const numbers = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const v = Number(src[i]);
        if (BigInt(v) !== src[i])
            throw misfit(i, String(src[i]), `is an integer ${target} cannot hold exactly`);
        numbers[i] = v;
    }
    return convertValues(numbers, 'i8', target, misfit);
}
function roundEven(x) {
    const f = Math.floor(x);
    const d = x - f;
    return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}
/** binary16 bits of a finite double, rounded to nearest even as numpy's astype(float16) does (0x7c00 on overflow). */
function halfBits(v) {
    const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
    const a = Math.abs(v);
    if (a === 0)
        return sign;
    if (a >= 65520)
        return sign | 0x7c00;
    // Below the smallest normal: a count of 2^-24 steps (1024 of them is the smallest normal, as it should be).
    if (a < 2 ** -14)
        return sign | roundEven(a * 2 ** 24);
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a)
        e--;
    else if (2 ** (e + 1) <= a)
        e++;
    let m = roundEven((a / 2 ** e - 1) * 1024);
    if (m === 1024) {
        m = 0;
        e++;
    }
    return sign | ((e + 15) << 10) | m;
}
function halfValue(bits) {
    return float16(Uint16Array.of(bits))[0];
}

export { BatchBuilder as B, MODEL_DTYPES as M, decodeLabelColumn as a, checkFinite as b, convertValues as c, decodeLabels as d, elementCount as e, float16 as f, labelsAt as g, decodeFloat32 as h, isModelDtype as i, nativeValues as j, listed as l, numpyName as n, parseNpyHeader as p };
