import { constants } from 'node:buffer';
import { totalmem } from 'node:os';
import { stat, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { p as parse } from './csv-parse.js';
import { D as DataError, I as InputError } from './errors.js';
import { c as sha256Files, d as readSmallFileSync } from './hash.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { imageDimensions, decodeLikePillow } from './pil-decode.js';
import { a as align16, r as reserve, i as instantiate } from './wasm.js';
import 'stream';
import 'node:crypto';
import 'node:zlib';

/**
 * Image decoding on worker threads (decode-worker.ts): each worker decodes and preprocesses whole
 * files with the same code as the main thread (images.ts decodeImage) and hands back one sample's
 * float32 values. Used to decode the first batch while onnxruntime, which blocks the main thread,
 * creates the session, and to decode on every core while a GPU runs the model.
 */
// dist/ holds decode-worker.js beside every chunk; from the TypeScript sources (Jest) there is no
// worker file, and everything is decoded on the main thread as before.
const WORKER = new URL('./decode-worker.js', import.meta.url);
function poolAvailable() {
    return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}
/** The error a worker reported, as the main thread's decode would have thrown it. */
function decodedError(d) {
    if (!d.error)
        return undefined;
    return d.error.data ? new DataError(d.error.message, d.error.input) : new Error(d.error.message);
}
class DecodePool {
    spec;
    slots = [];
    nextId = 0;
    closed = false;
    constructor(spec) {
        this.spec = spec;
    }
    /**
     * sharp is loaded by the main thread first: with glibc, libvips must stay loaded until every
     * thread that used it has ended (sharp's documentation on worker threads).
     */
    static async start(spec, size) {
        await import('./sharp.js');
        const pool = new DecodePool(spec);
        pool.grow(size);
        return pool;
    }
    get size() {
        return this.slots.length;
    }
    grow(size) {
        while (this.slots.length < size) {
            const worker = new Worker(WORKER, { workerData: this.spec });
            const slot = { worker, pending: new Map() };
            // a worker keeps the process alive only while it has work: an abandoned pool (the model failed
            // to load) must not hold the process open
            worker.unref();
            worker.on('message', (m) => {
                const p = slot.pending.get(m.id);
                slot.pending.delete(m.id);
                if (slot.pending.size === 0)
                    worker.unref();
                p?.resolve(m);
            });
            const fail = (e) => {
                for (const p of slot.pending.values())
                    p.reject(e);
                slot.pending.clear();
            };
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`image decode worker stopped (exit code ${code})`)));
            this.slots.push(slot);
        }
    }
    /** Decodes one file on the least busy worker. */
    decode(file) {
        if (this.closed)
            return Promise.reject(new Error('image decode pool is closed'));
        const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            if (slot.pending.size === 0)
                slot.worker.ref();
            slot.pending.set(id, { resolve, reject });
            slot.worker.postMessage({ id, file });
        });
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
}

/**
 * Pillow's bilinear resize (libImaging/Resample.c, as torchvision's Resize calls it on PIL images),
 * reproduced step for step: a triangle filter widened by the scale when shrinking (antialiasing),
 * coefficients normalised and turned into 22-bit fixed point, a horizontal pass into an 8-bit image,
 * then a vertical pass, each rounded and clipped to 0..255 as Pillow does. Same input bytes, same
 * output bytes.
 */
const PRECISION_BITS = 32 - 8 - 2;
// A test set's photos mostly share a few sizes: the coefficients are computed once a size pair.
const cache = new Map();
function coefficients(inSize, outSize) {
    const key = inSize * 65536 + outSize;
    let c = cache.get(key);
    if (c === undefined) {
        if (cache.size >= 64)
            cache.clear();
        c = precompute(inSize, outSize);
        cache.set(key, c);
    }
    return c;
}
function precompute(inSize, outSize) {
    const scale = inSize / outSize;
    const filterscale = Math.max(scale, 1);
    const support = 1 * filterscale;
    const ksize = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const kk = new Int32Array(outSize * ksize);
    const k = new Float64Array(ksize);
    for (let xx = 0; xx < outSize; xx++) {
        const center = (xx + 0.5) * scale;
        const ss = 1 / filterscale;
        // C's (int) cast truncates toward zero
        const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
        const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
        let ww = 0;
        for (let x = 0; x < xmax; x++) {
            const t = Math.abs((x + xmin - center + 0.5) * ss);
            const w = t < 1 ? 1 - t : 0;
            k[x] = w;
            ww += w;
        }
        for (let x = 0; x < ksize; x++) {
            const v = x < xmax && ww !== 0 ? k[x] / ww : 0;
            kk[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
    }
    return { ksize, bounds, kk };
}
const TOP = 1 << (PRECISION_BITS + 8);
function clip8(v) {
    return v >= TOP ? 255 : v <= 0 ? 0 : v >> PRECISION_BITS;
}
/**
 * Pillow's horizontal pass over RGB rows first..first+rows of a w-wide image, for output columns
 * from..from+count only (a crop window needs no others), written packed into `out`.
 */
function horizontalPass(src, w, first, rows, c, from, count, out) {
    const { ksize, bounds, kk } = c;
    const half = 1 << (PRECISION_BITS - 1);
    for (let y = 0; y < rows; y++) {
        const rowIn = (y + first) * w * 3;
        let o = y * count * 3;
        for (let xx = from; xx < from + count; xx++, o += 3) {
            const xmax = bounds[xx * 2 + 1];
            const kb = xx * ksize;
            let q = rowIn + bounds[xx * 2] * 3;
            let s0 = half;
            let s1 = half;
            let s2 = half;
            for (let x = 0; x < xmax; x++, q += 3) {
                const k = kk[kb + x];
                s0 = (s0 + Math.imul(src[q], k)) | 0;
                s1 = (s1 + Math.imul(src[q + 1], k)) | 0;
                s2 = (s2 + Math.imul(src[q + 2], k)) | 0;
            }
            out[o] = clip8(s0);
            out[o + 1] = clip8(s1);
            out[o + 2] = clip8(s2);
        }
    }
}
/**
 * pilBilinear(src, w, h, outW, outH) cropped to the cw×ch window at (left, top), computed only over
 * that window: the same coefficients and the same int32 sums for every pixel kept, so the same
 * bytes, but a 256→224 centre crop skips the ~24% of the work a full resize spends on pixels the
 * crop throws away (and the horizontal pass skips the rows the window's vertical pass never reads).
 */
function pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch) {
    const half = 1 << (PRECISION_BITS - 1);
    const vert = outH !== h ? coefficients(h, outH) : undefined;
    // the source rows the window needs: what its vertical pass reads, or its own rows
    const first = vert ? vert.bounds[top * 2] : top;
    const last = vert ? vert.bounds[(top + ch - 1) * 2] + vert.bounds[(top + ch - 1) * 2 + 1] : top + ch;
    const rows = last - first;
    // tmp: cw columns × `rows` rows, horizontally resized (or copied) window columns
    const tmp = new Uint8Array(cw * rows * 3);
    if (outW !== w) {
        horizontalPass(src, w, first, rows, coefficients(w, outW), left, cw, tmp);
    }
    else {
        for (let y = 0; y < rows; y++)
            tmp.set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3), y * cw * 3);
    }
    if (!vert)
        return tmp;
    const stride = cw * 3;
    const out = new Uint8Array(stride * ch);
    const { ksize, bounds, kk } = vert;
    for (let yy = top; yy < top + ch; yy++) {
        const ymax = bounds[yy * 2 + 1];
        const kb = yy * ksize;
        const base = (bounds[yy * 2] - first) * stride;
        const o = (yy - top) * stride;
        // one pixel's three sums in registers over the rows it reads (the same int32 sums, tap by tap)
        for (let i = 0; i < stride; i += 3) {
            let s0 = half;
            let s1 = half;
            let s2 = half;
            for (let y = 0, q = base + i; y < ymax; y++, q += stride) {
                const k = kk[kb + y];
                s0 = (s0 + Math.imul(tmp[q], k)) | 0;
                s1 = (s1 + Math.imul(tmp[q + 1], k)) | 0;
                s2 = (s2 + Math.imul(tmp[q + 2], k)) | 0;
            }
            out[o + i] = clip8(s0);
            out[o + i + 1] = clip8(s1);
            out[o + i + 2] = clip8(s2);
        }
    }
    return out;
}

// Generated by __tests__/generated.test.ts (npm run generate) from pil-resize.wat with wabt: do not edit.
const PIL_RESIZE_WASM = 'AGFzbQEAAAABIgNgCn9/f39/f39/f38AYAl/f39/f39/f38AYAV/f39/fwADBAMAAQIFAwEAAQcuBAZtZW1vcnkCAApob3Jpem9udGFsAAAIdmVydGljYWwAAQlub3JtYWxpc2UAAgqNBwORAgIJfwN7/Qz/AAAA/wAAAP8AAAD/AAAAIRUgByAIaiEOIAkhDAJAIANFDQADQCAAIAogAmogAWxBA2xqIQsgByENA0AgBCANQQN0aigCBCERIAsgBCANQQN0aigCAEEDbGohDyAFIA0gBmxBAnRqIRJBgICAAf0RIRNBACEQAkAgEUUNAANAIBMgD/1cAgD9iQH9qQEgEiAQQQJ0aigCAP0R/bUB/a4BIRMgD0EDaiEPIBBBAWohECAQIBFJDQALCyATQRb9rAEgFP24ASAV/bYBIRMgEyAT/YYBIRMgDCATIBP9Zv0bADYCACAMQQNqIQwgDUEBaiENIA0gDkkNAAsgCkEBaiEKIAogA0kNAAsLC5MDBAh/CHsBfwJ7/Qz/AAAA/wAAAP8AAAD/AAAAIRsgBiEJIAYgB2ohCiAIIRkDQCADIAlBA3RqKAIEIQsgACADIAlBA3RqKAIAIAJrIAFsaiENIAQgCSAFbEECdGohDEEAIQ4DQP0MAAAgAAAAIAAAACAAAAAgACEVIBUhFiAVIRcgFSEYIA0gDmohEEEAIQ8CQCALRQ0AA0AgDCAPQQJ0aigCAP0RIREgEP0ABAAhEiAS/YkBIRMgEv2KASEUIBUgE/2pASAR/bUB/a4BIRUgFiAT/aoBIBH9tQH9rgEhFiAXIBT9qQEgEf21Af2uASEXIBggFP2qASAR/bUB/a4BIRggECABaiEQIA9BAWohDyAPIAtJDQALCyAZIA5qIBVBFv2sASAa/bgBIBv9tgEgFkEW/awBIBr9uAEgG/22Af2GASAXQRb9rAEgGv24ASAb/bYBIBhBFv2sASAa/bgBIBv9tgH9hgH9Zv0LBAAgDkEQaiEOIA4gAUkNAAsgGSABaiEZIAlBAWohCSAJIApJDQALC+IBAQR/AkAgAUUNACADBEAgAUECdCEIA0AgACAFQQNsaiEGIAQgBUECdGohByAHIAIgBi0AAEECdGoqAgA4AgAgByAIaiACIAYtAAFBAnRqKgKACDgCACAHIAhqIAhqIAIgBi0AAkECdGoqAoAQOAIAIAVBAWohBSAFIAFJDQALBQNAIAAgBUEDbGohBiAEIAVBDGxqIQcgByACIAYtAABBAnRqKgIAOAIAIAcgAiAGLQABQQJ0aioCgAg4AgQgByACIAYtAAJBAnRqKgKAEDgCCCAFQQFqIQUgBSABSQ0ACwsLCw==';

/**
 * pilBilinearWindow (pil-resize.ts) in WebAssembly SIMD (pil-resize.wat): the same coefficients, the
 * same int32 products and sums and the same clipping, four or sixteen bytes at a time, so the same
 * bytes (pil-resize.test.ts holds the two equal); and the lookup that turns them into the tensor's
 * floats. A photo run's own time (besides onnxruntime's) went mostly to this resize, on the main
 * thread while onnxruntime waits for the next batch; in SIMD it takes ~5× less (npm run bench -- images).
 * Where WebAssembly SIMD is missing, or an image would need a very large memory, the JavaScript
 * version runs instead.
 */
/** The SIMD loads read up to 16 bytes past a row, and stores write up to 16 past it. */
const PAD = 16;
/** Memory the module may grow to; a larger image is resized in JavaScript (a wasm memory never shrinks). */
const MAX_BYTES = 256 * 1024 * 1024;
let instance;
function load() {
    // null: no WebAssembly SIMD in this runtime, and the JavaScript resize gives the same bytes
    if (instance === undefined)
        instance = instantiate(PIL_RESIZE_WASM);
    return instance;
}
function putCoefficients(mem, at, c) {
    new Int32Array(mem.buffer, at, c.bounds.length).set(c.bounds);
    const kk = align16(at + c.bounds.byteLength);
    new Int32Array(mem.buffer, kk, c.kk.length).set(c.kk);
    return { bounds: at, kk, end: align16(kk + c.kk.byteLength) };
}
/**
 * pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch): the cw×ch window at (left, top) of
 * src resized to outW×outH, as interleaved RGB bytes. The array returned may be a view of the
 * module's memory, valid until the next call: copy or consume it first.
 */
function resizeWindow(src, w, h, outW, outH, left, top, cw, ch) {
    const wasm = load();
    const horiz = outW !== w ? coefficients(w, outW) : undefined;
    const vert = outH !== h ? coefficients(h, outH) : undefined;
    const first = vert ? vert.bounds[top * 2] : top;
    const last = vert ? vert.bounds[(top + ch - 1) * 2] + vert.bounds[(top + ch - 1) * 2 + 1] : top + ch;
    const rows = last - first;
    const coefBytes = (c) => (c ? align16(c.bounds.byteLength) + align16(c.kk.byteLength) : 0);
    const total = align16(src.length + PAD) + coefBytes(horiz) + coefBytes(vert) + align16(cw * rows * 3 + PAD) + align16(cw * ch * 3 + PAD);
    if (wasm === null || total > MAX_BYTES || (!horiz && !vert))
        return pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch);
    const mem = wasm.memory;
    reserve(mem, total);
    new Uint8Array(mem.buffer, 0, src.length).set(src);
    let at = align16(src.length + PAD);
    const hc = horiz ? putCoefficients(mem, at, horiz) : undefined;
    at = hc?.end ?? at;
    const vc = vert ? putCoefficients(mem, at, vert) : undefined;
    at = vc?.end ?? at;
    // tmp: the window's columns over the source rows its vertical pass reads, horizontally resized (or copied)
    const tmp = at;
    const out = align16(tmp + cw * rows * 3 + PAD);
    if (hc)
        wasm.horizontal(0, w, first, rows, hc.bounds, hc.kk, horiz.ksize, left, cw, tmp);
    else
        for (let y = 0; y < rows; y++)
            new Uint8Array(mem.buffer, tmp + y * cw * 3, cw * 3).set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3));
    if (!vc)
        return new Uint8Array(mem.buffer, tmp, cw * ch * 3);
    wasm.vertical(tmp, cw * 3, first, vc.bounds, vc.kk, vert.ksize, top, ch, out);
    return new Uint8Array(mem.buffer, out, cw * ch * 3);
}
/**
 * ToTensor + Normalize of `pixels` interleaved RGB pixels by the channels' lookup tables, written to
 * into[at…] planar (nchw) or interleaved: the tables' own floats, so the same values as the
 * JavaScript loop. Reads the bytes where they are when they are resizeWindow's window (no copy).
 * Returns false, having written nothing, where the module cannot run or would need too large a memory.
 */
function normaliseRgb(into, at, data, pixels, nchw, lut) {
    const wasm = load();
    if (wasm === null)
        return false;
    const mem = wasm.memory;
    const inside = data.buffer === mem.buffer;
    const src = inside ? data.byteOffset : 0;
    const tables = align16(src + pixels * 3 + PAD);
    const out = tables + 3 * 256 * 4;
    const total = out + pixels * 3 * 4;
    if (total > MAX_BYTES)
        return false;
    // growing detaches the views of the old memory: data is copied in (or its offset kept) after
    reserve(mem, total);
    if (!inside)
        new Uint8Array(mem.buffer, 0, pixels * 3).set(data.subarray(0, pixels * 3));
    for (let c = 0; c < 3; c++)
        new Float32Array(mem.buffer, tables + c * 1024, 256).set(lut[c]);
    wasm.normalise(src, pixels, tables, nchw ? 1 : 0, out);
    into.set(new Float32Array(mem.buffer, out, pixels * 3), at);
    return true;
}

/**
 * Image test sets as people keep them: a torchvision ImageFolder (`<root>/<class>/<image>`, classes
 * sorted by name so indices match a model trained with ImageFolder), or a folder of images with a
 * labels.csv (file,label). Decoded with sharp on libuv's thread pool, a batch at a time, while the
 * model runs on the previous batch; preprocessed as torchvision's Resize → CenterCrop → ToTensor →
 * Normalize would.
 */
/**
 * torchvision's IMG_EXTENSIONS, all of them: sharp decodes the first six, pil-decode.ts the BMP,
 * PPM and PGM files libvips has no loader for. Not .gif, which ImageFolder does not pick up, so
 * counting them would change the test set.
 */
const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];
/** torchvision's has_file_allowed_extension: the lower-cased name ends with one (".png" alone counts). */
const isImageName = (name) => IMAGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));
/**
 * Python's str ordering: by code point. JavaScript's < compares UTF-16 units, which puts a character
 * above U+FFFF (a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF (full-width digits, …).
 */
function byCodePoint(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x === y)
            continue;
        const sx = x >= 0xd800 && x <= 0xdfff;
        const sy = y >= 0xd800 && y <= 0xdfff;
        // two surrogates compare as their code points do; a surrogate is above any other unit
        return sx === sy ? x - y : sx ? 1 : -1;
    }
    return a.length - b.length;
}
/** Is `full` a directory, following a symbolic link as os.scandir's is_dir() does. */
async function isDir(full, e) {
    if (e.isDirectory())
        return true;
    return e.isSymbolicLink() && ((await stat(full).catch(() => undefined))?.isDirectory() ?? false);
}
/**
 * All image files below `top`, in torchvision's make_dataset order: `sorted(os.walk(top,
 * followlinks=True))` (by folder path, so "a/b-c" before "a/b/c"), then sorted names within each.
 * Links are followed; one back to a folder that holds it (through the folders walked, or on disk:
 * the test set's root, /) would count the tree again and again (os.walk would loop until the path
 * is too long): it is skipped, with a warning.
 */
async function walk(top, warnings) {
    const roots = [];
    const visit = async (dir, chain) => {
        // os.walk's default onerror: a folder it cannot list yields nothing
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        const files = [];
        const dirs = [];
        for (const e of entries) {
            const full = path.join(dir, e.name);
            if (await isDir(full, e))
                dirs.push(full);
            else if (isImageName(e.name))
                files.push(e.name);
        }
        roots.push({ root: dir, files });
        for (const d of dirs) {
            const real = await realpath(d).catch(() => undefined);
            if (real === undefined)
                continue;
            if (chain.some((c) => c === real || c.startsWith(real + path.sep))) {
                warnings.push(`test-data: ${d} links back to ${real}, a folder that holds it; skipped it so that its images are not counted again`);
                continue;
            }
            await visit(d, [...chain, real]);
        }
    };
    await visit(top, [await realpath(top).catch(() => top)]);
    roots.sort((a, b) => byCodePoint(a.root, b.root));
    return roots.flatMap((r) => r.files.sort(byCodePoint).map((f) => path.join(r.root, f)));
}
/**
 * The largest image-size or crop whose one image fits: a side S makes at least S×S pixels, each 3
 * bytes of RGB and 3 float32 values (15 bytes) before batching, within this machine's memory and
 * within JavaScript's largest typed array (3·S² values).
 */
function maxImageSide(memory = totalmem()) {
    return Math.floor(Math.sqrt(Math.min(memory / 15, constants.MAX_LENGTH / 3)));
}
/**
 * An image's bytes. ImageFolder lists any name with an image extension, so it may be a FIFO (reading
 * it would wait forever) or a link to /dev/zero (forever, filling memory): only regular files are read.
 */
async function readImage(file) {
    // a small file in one synchronous read (files.ts)
    const small = readSmallFileSync(file);
    if (small)
        return small;
    const info = await stat(file);
    if (!info.isFile())
        throw new Error('not a regular file');
    return readFile(file);
}
/**
 * The decoder's complaint, first line, readable: libvips says "Unknown error" for a corrupt zlib
 * stream in a PNG (the fault campaign met it on one mutant in five) and ends some lines with ':'.
 */
function decodeReason(e) {
    // libvips' own detail after sharp's message ("…: VipsJpeg: premature end of JPEG image") comes from
    // its process-wide error buffer, which files failing at once on other threads read and clear: it
    // is there on one run and not the next, so the reason stops at sharp's part, the same every run
    const line = (e.message ?? String(e)).split('\n')[0].trim().replace(/:\s*Vips\w*:.*$/, '').replace(/:$/, '');
    return line === '' || line === 'Unknown error' ? 'corrupt or truncated image data' : line;
}
/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop uses it). */
function roundHalfEven(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/**
 * ToTensor + Normalize in float32, as torch computes them: each step rounded to float32 (one
 * rounding of the float64 result instead differs by an ulp for about two thirds of the byte values).
 */
function normalised(v8, mean, std) {
    const f = Math.fround;
    return f(f(f(v8 / 255) - f(mean)) / f(std));
}
/** torchvision Resize(int): the shorter side becomes `size`, the longer int(size * long / short). */
function resizedSize(w, h, size) {
    if (w <= h)
        return [size, Math.trunc((size * h) / w)];
    return [Math.trunc((size * w) / h), size];
}
async function openImageFolder(root, options) {
    let files;
    let rawLabels;
    let classNames;
    const warnings = [];
    const labelsCsv = path.join(root, 'labels.csv');
    const hasCsv = await stat(labelsCsv).then((s) => s.isFile(), () => false);
    if (hasCsv) {
        const rows = parse(await readFile(labelsCsv), { columns: true, bom: true, skip_empty_lines: true, trim: true });
        if (rows.length === 0 || !('file' in rows[0]) || !('label' in rows[0])) {
            throw new DataError(`test-data: ${labelsCsv} needs a header 'file,label' and one row per image`, 'test-data');
        }
        files = rows.map((r) => path.join(root, r.file));
        rawLabels = rows.map((r) => r.label);
        // Whole-number labels are class indices as they stand: naming classes after the labels found
        // would shift every index above a class absent from the test set (and sort '10' before '2').
        const indices = rawLabels.every((l) => /^\d+$/.test(l.trim()));
        classNames = options.classNames ?? (indices ? undefined : [...new Set(rawLabels)].sort(byCodePoint));
    }
    else {
        // find_classes: os.scandir entries whose is_dir() is true, so a linked class folder counts
        const entries = await readdir(root, { withFileTypes: true });
        const classes = [];
        for (const e of entries)
            if (await isDir(path.join(root, e.name), e))
                classes.push(e.name);
        classes.sort(byCodePoint);
        if (classes.length === 0) {
            throw new DataError(`test-data: ${root} has no class folders; lay it out as <root>/<class>/<image> (torchvision ImageFolder) or add a labels.csv (file,label)`, 'test-data');
        }
        if (options.classNames && options.classNames.join('\n') !== classes.join('\n')) {
            const missing = classes.filter((c) => !options.classNames.includes(c));
            if (missing.length > 0)
                throw new InputError(`class-names does not list the folder${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${root}; list every class folder, in the model's order`, 'class-names');
        }
        classNames = options.classNames ?? classes;
        files = [];
        rawLabels = [];
        for (const c of classes) {
            const inClass = await walk(path.join(root, c), warnings);
            files.push(...inClass);
            rawLabels.push(...inClass.map(() => c));
        }
    }
    if (files.length === 0)
        throw new DataError(`test-data: ${root} holds no images (${IMAGE_EXTENSIONS.join(', ')})`, 'test-data');
    const set = new ImageFolderSet(root, files, rawLabels, classNames, options, warnings);
    await set.prepare();
    return set;
}
class ImageFolderSet {
    path;
    files;
    labels;
    classNames;
    options;
    listWarnings;
    size;
    channels;
    skippedFiles = [];
    /** Every skipped file, full path: the test-set hash covers the files evaluated, no others. */
    skippedPaths = new Set();
    saturated = new Set();
    constructor(path, files, labels, classNames, options, listWarnings = []) {
        this.path = path;
        this.files = files;
        this.labels = labels;
        this.classNames = classNames;
        this.options = options;
        this.listWarnings = listWarnings;
        this.size = files.length;
        this.channels = options.channels === 'grayscale' ? 1 : 3;
        const max = maxImageSide();
        for (const [name, side] of [['image-size', options.imageSize], ['crop', options.crop]]) {
            if (side !== undefined && side > max) {
                throw new InputError(`${name} ${side} would make every image at least ${side}×${side} pixels (${(side * side * 15 / 1e9).toPrecision(3)} GB as RGB and float32), more than fits here (${(totalmem() / 1e9).toFixed(1)} GB of memory, and 3·side² values in one array); lower ${name} (at most ${max} here)`, name);
            }
        }
        if (options.channels !== undefined)
            this.checkNormalisation('');
    }
    /** mean/std: one value for every channel, or one per channel. */
    checkNormalisation(from) {
        const o = this.options;
        for (const [name, values] of [['mean', o.mean], ['std', o.std]]) {
            if (values && values.length !== 1 && values.length !== this.channels) {
                throw new InputError(`${name} has ${values.length} values but the images have ${this.channels} channel(s)${from}; give one value, or one per channel`, name);
            }
        }
    }
    /** channels left empty: take them from the model input ([N, C, H, W] or [N, H, W, C]). */
    adapt(inputShape) {
        if (this.options.channels !== undefined)
            return;
        const c = inputShape.length !== 4 ? undefined : this.options.layout === 'NCHW' ? inputShape[1] : inputShape[3];
        if (c === 1 || c === 3)
            this.channels = c;
        this.checkNormalisation(c === 1 || c === 3 ? `, as the model input [${inputShape.join(', ')}] takes (channels left empty)` : '');
    }
    /** What the listing and decoding noticed (links skipped, 16-bit files saturated), for the log. */
    warnings() {
        const out = [...this.listWarnings];
        if (this.saturated.size > 0) {
            const first = [...this.saturated].sort(byCodePoint)[0];
            out.push(`test-data: ${this.saturated.size} 16-bit grayscale image(s) come out almost white, e.g. ${first}: Pillow's convert('RGB'), which torchvision's ImageFolder applies, clips 16-bit values to 255, and model-gate does the same so that the numbers are what torchvision gives; convert them to 8-bit if the model was trained on scaled ones`);
        }
        return out;
    }
    get sampleShape() {
        const [h, w] = this.side();
        return this.options.layout === 'NCHW' ? [this.channels, h, w] : [h, w, this.channels];
    }
    /** The files that became samples, in sample order (skip-bad-files leaves some out). */
    kept = [];
    sampleFile(index) {
        return this.kept[index];
    }
    skipped() {
        return { count: this.skippedPaths.size, files: this.skippedFiles };
    }
    /** The files evaluated: one skipped with skip-bad-files may not even be readable (a dangling link). */
    sha256() {
        return sha256Files(this.files.filter((f) => !this.skippedPaths.has(f)).map((f) => ({ name: path.relative(this.path, f), path: f })));
    }
    sideCache;
    side() {
        if (this.sideCache)
            return this.sideCache;
        const crop = this.options.crop;
        if (crop !== undefined)
            return (this.sideCache = [crop, crop]);
        throw new Error('image size is known after the first image is read');
    }
    async firstSide() {
        if (this.sideCache || this.options.crop !== undefined)
            return;
        // Without a crop every image must come out the same size: the first one's says which.
        for (const f of this.files) {
            try {
                const m = await imageDimensions(await readImage(f));
                const [w, h] = this.options.imageSize ? resizedSize(m.width, m.height, this.options.imageSize) : [m.width, m.height];
                this.sideCache = [h, w];
                return;
            }
            catch {
                // a bad file: decode() reports or skips it
            }
        }
        throw new DataError(`test-data: no image in ${this.path} could be decoded`, 'test-data');
    }
    async prepare() {
        await this.firstSide();
    }
    /** What every image comes out as: the workers get the same. */
    spec() {
        const [h, w] = this.side();
        const o = this.options;
        return { h, w, imageSize: o.imageSize, crop: o.crop, channels: this.channels, nchw: o.layout === 'NCHW', mean: o.mean, std: o.std };
    }
    /** One image → normalised float32 in the set's layout, or a DataError naming the file. */
    decode(file, into, at) {
        return decodeImage(file, this.spec(), this.lookup(), into, at, () => this.saturated.add(path.relative(this.path, file)));
    }
    lut;
    /** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
    lookup() {
        if (this.lut)
            return this.lut;
        this.lut = lookupTables(this.options.mean, this.options.std);
        return this.lut;
    }
    /** Files decoded ahead in a worker while the model loads (prefetch), for the spec they were decoded with. */
    ahead;
    workers = 0;
    /**
     * Starts decoding the first `count` files in a worker thread: onnxruntime creates a session on
     * the main thread, blocking it, so decoding there would wait. The channels are the set's own until
     * the model says otherwise (adapt); files decoded for other channels are decoded again.
     */
    async prefetch(count) {
        if (!poolAvailable())
            return;
        let spec;
        try {
            spec = this.spec();
        }
        catch {
            return; // no image could be sized: batches() says so
        }
        void this.ahead?.pool.close();
        this.ahead = undefined;
        try {
            const pool = await DecodePool.start(spec, 1);
            const files = new Map(this.files.slice(0, count).map((f) => [f, pool.decode(f)]));
            for (const d of files.values())
                d.catch(() => { }); // consumed by batches(), or dropped with the run
            this.ahead = { spec, pool, files };
        }
        catch {
            // no worker (a platform without threads): batches() decodes on the main thread
        }
    }
    /** Decode on `workers` worker threads (the model runs on a GPU), with the next batch in flight. */
    parallel(workers) {
        this.workers = poolAvailable() ? workers : 0;
        return this.workers > 0;
    }
    async *batches(batchSize) {
        await this.firstSide();
        if (this.options.channels === undefined)
            this.checkNormalisation('');
        const per = this.sampleShape.reduce((a, b) => a * b, 1);
        const spec = this.spec();
        const ahead = this.ahead && sameSpec(this.ahead.spec, spec) ? this.ahead : undefined;
        if (this.ahead && !ahead)
            void this.ahead.pool.close();
        this.ahead = undefined;
        let pool;
        if (this.workers > 0) {
            if (ahead)
                ahead.pool.grow(this.workers);
            pool = ahead?.pool ?? (await DecodePool.start(spec, this.workers));
        }
        const early = ahead?.files ?? new Map();
        const place = (file, d, features, at) => {
            if (d.saturated)
                this.saturated.add(path.relative(this.path, file));
            const e = decodedError(d);
            if (e)
                throw e;
            features.set(d.data, at);
        };
        // On the main thread, batch b is decoded only once the engine has asked for it, after scoring
        // b − 2 (Batch.features): two full-size buffers take turns. A fresh ~20–40 MB array a batch cost
        // the kernel's page faults and zeroing on every first write (~4% of a ResNet18 photo run).
        const ring = [];
        const buffer = (start, samples) => pool || samples !== batchSize ? new Float32Array(samples * per) : (ring[(start / batchSize) % 2] ??= new Float32Array(samples * per));
        /** Starts decoding the batch at `start`: settled, never rejected (a batch decoded ahead may never be awaited). */
        const submit = (start) => {
            const chunk = this.files.slice(start, start + batchSize);
            const features = buffer(start, chunk.length);
            const outcomes = Promise.allSettled(chunk.map((f, i) => {
                const d = early.get(f);
                early.delete(f);
                if (d)
                    return d.then((r) => place(f, r, features, i * per));
                if (pool)
                    return pool.decode(f).then((r) => place(f, r, features, i * per));
                return this.decode(f, features, i * per);
            }));
            return { start, chunk, features, outcomes };
        };
        try {
            let offset = 0;
            let next = this.files.length > 0 ? submit(0) : undefined;
            while (next) {
                const { start, chunk, features } = next;
                const outcomes = await next.outcomes;
                const upcoming = start + batchSize < this.files.length ? start + batchSize : undefined;
                // workers decode the next batch while this one is scored (and the engine asks for the one
                // after); on the main thread, the next batch is decoded when the engine asks for it, as before
                next = pool && upcoming !== undefined ? submit(upcoming) : undefined;
                const later = () => (next ??= upcoming !== undefined ? submit(upcoming) : undefined);
                if (ahead && early.size === 0 && ahead.pool !== pool)
                    void ahead.pool.close();
                // In file order: the first bad file of a batch is the one reported, and skipped files are
                // listed in order, whichever decode finished first.
                const ok = [];
                for (const [i, o] of outcomes.entries()) {
                    if (o.status === 'fulfilled') {
                        ok.push(true);
                        continue;
                    }
                    const e = o.reason;
                    const f = chunk[i];
                    if (!(e instanceof DataError) || !this.options.skipBadFiles || e.input !== 'test-data')
                        throw e;
                    ok.push(false);
                    if (this.skippedPaths.has(f))
                        continue; // a second pass (the baseline model): counted once
                    this.skippedPaths.add(f);
                    if (this.skippedFiles.length < 20)
                        this.skippedFiles.push({ file: path.relative(this.path, f), reason: e.message.replace(/^test-data: cannot decode \S+ \(|\); replace.*$/g, '') });
                }
                const keep = ok.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
                if (keep.length === 0) {
                    later();
                    continue;
                }
                // Every pass reads the same files (the baseline reads the set again): record the first.
                if (this.kept.length === offset)
                    for (const i of keep)
                        this.kept.push(chunk[i]);
                const labels = keep.map((i) => this.labels[start + i]);
                const feats = keep.length === chunk.length ? features : Float32Array.from({ length: keep.length * per }, (_, j) => features[keep[Math.floor(j / per)] * per + (j % per)]);
                yield { features: feats, labels, size: keep.length, offset };
                offset += keep.length;
                later();
            }
        }
        finally {
            await Promise.all([pool?.close(), ahead && ahead.pool !== pool ? ahead.pool.close() : undefined]);
        }
    }
}
function sameSpec(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
/** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
function lookupTables(mean = [0], std = [1]) {
    return [0, 1, 2].map((k) => Float32Array.from({ length: 256 }, (_, v) => normalised(v, mean[k % mean.length], std[k % std.length])));
}
/**
 * One image → normalised float32 in the set's layout at into[at…], or a DataError naming the file.
 * The same code on the main thread and in a decode worker (decode-worker.ts), so both give the same bytes.
 * @param saturated called when the file is 16-bit grayscale clipped to 255, for the warning
 */
async function decodeImage(file, spec, lut, into, at, saturated) {
    const { h, w } = spec;
    const o = spec;
    let data;
    let info;
    try {
        // sharp decodes (libjpeg-turbo, libpng, libwebp…) and pil-decode.ts converts to 8-bit RGB as
        // Pillow's convert('RGB') does; the resize is Pillow's own algorithm (pil-resize.ts, in
        // WebAssembly SIMD by pil-resize-wasm.ts), so it equals torchvision's byte for byte, and for
        // small images it is several times faster than a libvips resize call. The resized bytes may
        // live in the module's memory until the next resize: fillPixels below reads them first.
        // No EXIF auto-rotation: torchvision's PIL loader does not apply it either.
        const decoded = await decodeLikePillow(await readImage(file));
        if (decoded.saturated)
            saturated();
        data = decoded.data;
        info = { width: decoded.width, height: decoded.height };
        if (o.imageSize !== undefined && o.crop !== undefined) {
            // Resize then centre-crop, computed over the crop window only (the same bytes)
            const [rw, rh] = resizedSize(info.width, info.height, o.imageSize);
            if (o.crop > rw || o.crop > rh) {
                throw new DataError(`crop ${o.crop} is larger than ${file} (${rw}×${rh} after resizing); lower crop or raise image-size`, 'crop');
            }
            if (o.crop !== w || o.crop !== h)
                throw sizeMismatch(file, o.crop, o.crop, w, h);
            data = resizeWindow(data, info.width, info.height, rw, rh, roundHalfEven((rw - o.crop) / 2), roundHalfEven((rh - o.crop) / 2), o.crop, o.crop);
            info = { width: o.crop, height: o.crop };
        }
        else if (o.imageSize !== undefined) {
            const [rw, rh] = resizedSize(info.width, info.height, o.imageSize);
            data = resizeWindow(data, info.width, info.height, rw, rh, 0, 0, rw, rh);
            info = { width: rw, height: rh };
        }
        else if (o.crop !== undefined) {
            if (o.crop > info.width || o.crop > info.height) {
                throw new DataError(`crop ${o.crop} is larger than ${file} (${info.width}×${info.height}); lower crop or raise image-size`, 'crop');
            }
            data = cropRgb(data, info.width, roundHalfEven((info.width - o.crop) / 2), roundHalfEven((info.height - o.crop) / 2), o.crop);
            info = { width: o.crop, height: o.crop };
        }
    }
    catch (e) {
        if (e instanceof DataError)
            throw e;
        throw new DataError(`test-data: cannot decode ${file} (${decodeReason(e)}); replace or remove it, or set skip-bad-files: true`, 'test-data');
    }
    if (info.width !== w || info.height !== h)
        throw sizeMismatch(file, info.width, info.height, w, h);
    fillPixels(into, at, data, h * w, spec.channels, spec.nchw, lut);
}
function sizeMismatch(file, width, height, w, h) {
    return new DataError(`test-data: ${file} is ${width}×${height} after preprocessing, the first image ${w}×${h}; set image-size and crop so that every image comes out the same size`, 'image-size');
}
/**
 * Interleaved 8-bit RGB → the model's float layout through per-channel lookup tables. A plain
 * function, not part of the async decode, so V8 optimises the loop on its own.
 */
function fillPixels(into, at, data, plane, c, nchw, lut) {
    if (c === 1) {
        // grayscale as PIL's convert('L'): ITU-R 601-2 luma with integer rounding
        const l0 = lut[0];
        for (let p = 0; p < plane; p++) {
            const q = p * 3;
            into[at + p] = l0[(data[q] * 19595 + data[q + 1] * 38470 + data[q + 2] * 7471 + 0x8000) >> 16];
        }
        return;
    }
    if (normaliseRgb(into, at, data, plane, nchw, lut))
        return;
    const l0 = lut[0];
    const l1 = lut[1];
    const l2 = lut[2];
    if (nchw) {
        for (let p = 0, q = 0; p < plane; p++, q += 3) {
            into[at + p] = l0[data[q]];
            into[at + plane + p] = l1[data[q + 1]];
            into[at + 2 * plane + p] = l2[data[q + 2]];
        }
        return;
    }
    for (let q = 0; q < plane * 3; q += 3) {
        into[at + q] = l0[data[q]];
        into[at + q + 1] = l1[data[q + 1]];
        into[at + q + 2] = l2[data[q + 2]];
    }
}
/** A size×size square of interleaved RGB starting at (left, top). */
function cropRgb(src, width, left, top, size) {
    const out = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++)
        out.set(src.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + size) * 3), y * size * 3);
    return out;
}

export { IMAGE_EXTENSIONS, byCodePoint, decodeImage, lookupTables, maxImageSide, normalised, openImageFolder, readImage, resizedSize };
