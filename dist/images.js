import { constants } from 'node:buffer';
import { totalmem } from 'node:os';
import { stat, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { p as parse } from './csv-parse.js';
import { D as DataError, I as InputError } from './errors.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { a as sha256Files } from './hash.js';
import { crc32, inflateSync } from 'node:zlib';
import { a as align16, r as reserve, i as instantiate } from './wasm.js';
import 'stream';
import 'node:crypto';

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
 * A JPEG's colour space read from its frame header (SOF), so that sharp decodes it in one call
 * instead of two: the metadata call pil-decode.ts makes to learn the space first cost about as much
 * as the decode itself for a small JPEG (each call crosses into libvips and back). The space is the
 * one libvips reports from the same header: 1 component grey ('b-w'), 3 sRGB (YCbCr or Adobe RGB,
 * which libjpeg turns into RGB), 4 CMYK (or YCCK).
 *
 * Only a plain marker sequence is read: SOI, then segments with their lengths, up to the first
 * frame header. Anything else (a truncated segment, a scan before any frame, 12-bit or 2-component
 * data, a frame header too short) returns undefined, and the metadata call decides as before; sharp
 * still decodes the file and refuses it if it is damaged.
 */
const SPACES = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' };
/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
const isFrame = (m) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** The colour space of a JPEG's first frame, or undefined where it cannot be told plainly. */
function jpegSpace(b) {
    if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8)
        return undefined;
    let at = 2;
    while (at + 4 <= b.length) {
        if (b[at] !== 0xff)
            return undefined;
        const marker = b[at + 1];
        // fill bytes: any number of 0xFF before a marker
        if (marker === 0xff) {
            at++;
            continue;
        }
        // markers without a length: TEM and RST0–7 (not expected before a frame; left to libvips)
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9) || marker === 0xda)
            return undefined;
        const length = (b[at + 2] << 8) | b[at + 3];
        if (length < 2 || at + 2 + length > b.length)
            return undefined;
        if (isFrame(marker)) {
            // precision (1), height (2), width (2), components (1)
            if (length < 8)
                return undefined;
            const precision = b[at + 4];
            const components = b[at + 9];
            if (precision !== 8 || length !== 8 + 3 * components)
                return undefined;
            return SPACES[components];
        }
        at += 2 + length;
    }
    return undefined;
}

/**
 * Small PNGs decoded in-process instead of by sharp: for a 28×28 image sharp's two calls (metadata,
 * then pixels) cost ~0.7 ms, most of it crossing into libvips and back; an MNIST- or CIFAR-sized
 * folder was 3–10× slower than Pillow's loader. fast-png was tried first and measured slower than
 * this for such files (its streaming JavaScript inflate grows and copies buffers: ~60% of its time),
 * so the image data is inflated by node:zlib and the rows unfiltered here (PNG's five filters).
 *
 * Only what can be read exactly is taken: signature, every chunk's CRC-32, one IHDR first, IDAT
 * contiguous, IEND last with nothing after it, no unknown critical chunk, one palette before the
 * data, the data inflating to exactly the bytes its rows need, a known filter on every row, palette
 * indices inside the palette. Anything else (interlaced, 1/2/4-bit, APNG, large, malformed) returns
 * undefined and goes to sharp as before, which decodes it or names what is wrong.
 */
/** Pixels up to which this is taken instead of sharp (past that, sharp's per-call cost no longer matters). */
const SMALL_PNG_PIXELS = 512 * 512;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels of PNG colour types 0 (grey), 2 (RGB), 3 (palette), 4 (grey + alpha), 6 (RGBA). */
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
function isPng(b) {
    return b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);
}
/** The PNG's pixels, or undefined where it is not a small, plain, well-formed PNG (sharp then reads it). */
function smallPng(b) {
    if (!isPng(b))
        return undefined;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = 8;
    let ihdr;
    let palette;
    const idat = [];
    let idatDone = false;
    let ended = false;
    while (at < b.length) {
        if (ended || at + 12 > b.length)
            return undefined;
        const length = view.getUint32(at);
        if (length > b.length - at - 12)
            return undefined;
        const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
        const data = b.subarray(at + 8, at + 8 + length);
        if (crc32(b.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length))
            return undefined;
        if (ihdr === undefined && type !== 'IHDR')
            return undefined;
        if (type === 'IHDR') {
            if (ihdr !== undefined || length !== 13)
                return undefined;
            const d = new DataView(data.buffer, data.byteOffset, 13);
            ihdr = { width: d.getUint32(0), height: d.getUint32(4), depth: data[8], type: data[9], interlace: data[12] };
            if (data[10] !== 0 || data[11] !== 0)
                return undefined; // compression and filter method 0, the only ones defined
        }
        else if (type === 'IDAT') {
            if (idatDone)
                return undefined;
            idat.push(data);
        }
        else {
            if (idat.length > 0)
                idatDone = true;
            if (type === 'PLTE') {
                // one, before the image data, of 1 to 256 entries (libpng refuses anything else)
                if (palette !== undefined || idat.length > 0 || length % 3 !== 0 || length === 0 || length > 768)
                    return undefined;
                palette = data;
            }
            else if (type === 'IEND') {
                ended = true;
            }
            else if (type === 'acTL' || type === 'fcTL' || type === 'fdAT') {
                return undefined; // APNG: sharp's business
            }
            else if ((b[at + 4] & 0x20) === 0) {
                return undefined; // an unknown critical chunk (upper-case first letter): a reader must not skip it
            }
        }
        at += 12 + length;
    }
    if (!ended || !ihdr || idat.length === 0)
        return undefined;
    const { width, height, depth, type, interlace } = ihdr;
    const channels = CHANNELS[type];
    if (channels === undefined || interlace !== 0 || width === 0 || height === 0 || width * height > SMALL_PNG_PIXELS)
        return undefined;
    if (!(depth === 8 || (depth === 16 && type !== 3)))
        return undefined;
    if (type === 3 && palette === undefined)
        return undefined;
    // the rows' exact bytes: a filter byte and width · channels · depth/8 bytes each, no more, no less
    // (and never more inflated than that: a small file can hold a stream of gigabytes)
    const bpp = (channels * depth) / 8;
    const stride = width * bpp;
    let raw;
    try {
        raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), { maxOutputLength: height * (1 + stride) + 1 });
    }
    catch {
        return undefined;
    }
    if (raw.length !== height * (1 + stride))
        return undefined;
    const rows = unfilter(raw, height, stride, bpp);
    if (!rows)
        return undefined;
    if (depth === 16) {
        const v = new Uint16Array(width * height * channels);
        for (let i = 0; i < v.length; i++)
            v[i] = (rows[2 * i] << 8) | rows[2 * i + 1];
        return { width, height, depth: 16, channels, data: v };
    }
    if (type !== 3)
        return { width, height, depth: 8, channels, data: rows };
    // palette: each index's RGB (Pillow's convert('RGB') of a "P" image; transparency plays no part)
    const entries = palette.length / 3;
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < rows.length; p++) {
        const e = rows[p];
        if (e >= entries)
            return undefined; // an index past the palette: libpng refuses it
        rgb[3 * p] = palette[3 * e];
        rgb[3 * p + 1] = palette[3 * e + 1];
        rgb[3 * p + 2] = palette[3 * e + 2];
    }
    return { width, height, depth: 8, channels: 3, data: rgb };
}
/**
 * PNG's row filters undone (ISO 15948 §9): each row's first byte names its filter, and bytes are
 * predicted from the one `bpp` to the left, the one above, and the one above-left (0 outside the
 * image), modulo 256. Undefined on a filter byte other than 0–4.
 */
function unfilter(raw, height, stride, bpp) {
    const out = new Uint8Array(height * stride);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const src = y * (stride + 1) + 1;
        const o = y * stride;
        const up = o - stride;
        switch (filter) {
            case 0:
                out.set(raw.subarray(src, src + stride), o);
                break;
            case 1:
                for (let i = 0; i < stride; i++)
                    out[o + i] = raw[src + i] + (i >= bpp ? out[o + i - bpp] : 0);
                break;
            case 2:
                for (let i = 0; i < stride; i++)
                    out[o + i] = raw[src + i] + (y > 0 ? out[up + i] : 0);
                break;
            case 3:
                for (let i = 0; i < stride; i++) {
                    const left = i >= bpp ? out[o + i - bpp] : 0;
                    const above = y > 0 ? out[up + i] : 0;
                    out[o + i] = raw[src + i] + ((left + above) >> 1);
                }
                break;
            case 4:
                for (let i = 0; i < stride; i++) {
                    const a = i >= bpp ? out[o + i - bpp] : 0;
                    const b = y > 0 ? out[up + i] : 0;
                    const c = i >= bpp && y > 0 ? out[up + i - bpp] : 0;
                    const p = a + b - c;
                    const pa = Math.abs(p - a);
                    const pb = Math.abs(p - b);
                    const pc = Math.abs(p - c);
                    out[o + i] = raw[src + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                break;
            default:
                return undefined;
        }
    }
    return out;
}

/**
 * Image files → 8-bit RGB exactly as torchvision's loader makes them: `Image.open(f).convert('RGB')`
 * in Pillow. The model was trained on those pixels, so where libvips would "improve" them the
 * decoder must not:
 * - an embedded ICC profile (phones write Display P3) is ignored, as Pillow ignores it: sharp would
 *   convert to sRGB through it;
 * - CMYK (JPEG, TIFF) goes through Pillow's own cmyk2rgb formula, not a colour profile;
 * - 16-bit grayscale (Pillow's "I"/"I;16") is clipped to 255, as convert('RGB') does, where libvips
 *   would scale it: the file comes out almost white and is flagged `saturated`; 16-bit RGB and
 *   grayscale+alpha keep the high byte, as Pillow's "RGB;16B"/"LA;16B" raw modes do;
 * - BMP and binary PPM/PGM, which ImageFolder lists and libvips cannot read, are decoded here, with
 *   Pillow 9.4's rules (BmpImagePlugin, PpmImagePlugin); a variant this decoder does not know is an
 *   error naming the file, never a silently shorter test set.
 * Checked value for value against Pillow on fixtures/images/formats (make_formats.py). Small plain
 * PNGs are decoded in-process (png.ts), the rest by sharp.
 */
/** A file this decoder recognises but cannot read as Pillow would; the message says why. */
class UnsupportedImage extends Error {
}
function kindOf(b) {
    if (b[0] === 0x42 && b[1] === 0x4d)
        return 'bmp'; // 'BM'
    if (b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x36)
        return 'pnm'; // 'P1'..'P6'
    return 'other';
}
/** Width and height without decoding the pixels (for the size every image must come out at). */
async function imageDimensions(bytes) {
    const kind = kindOf(bytes);
    if (kind === 'bmp')
        return bmpHeader(bytes);
    if (kind === 'pnm')
        return pnmHeader(bytes);
    const sharp = (await import('./sharp.js')).default;
    const m = await sharp(bytes).metadata();
    return { width: m.width, height: m.height };
}
async function decodeLikePillow(bytes) {
    const kind = kindOf(bytes);
    if (kind === 'bmp')
        return decodeBmp(bytes);
    if (kind === 'pnm')
        return decodePnm(bytes);
    const png = smallPng(bytes);
    if (png)
        return pngToRgb(png);
    return decodeWithSharp(bytes);
}
/** A small PNG's pixels as the sharp path below makes them of the same file (image-decode.test.ts holds the two equal). */
function pngToRgb(png) {
    const { width, height, channels, data } = png;
    const px = width * height;
    if (png.depth === 8)
        return { data: toRgb(data, px, channels, channels <= 2), width, height, saturated: false };
    const u16 = data;
    return channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, channels === 2);
}
/** The colour spaces whose raw pixels are read as they are stored, and converted here. */
const NATIVE = new Set(['srgb', 'b-w', 'cmyk', 'grey16', 'rgb16']);
/**
 * libvips through sharp (exported for the tests that hold the in-process PNG path to it, and the
 * JPEG header's space to the metadata call's: `readHeader` false always asks libvips).
 */
async function decodeWithSharp(bytes, readHeader = true) {
    const sharp = (await import('./sharp.js')).default;
    // ignoreIcc: no profile transform; pipelineColourspace cmyk: no CMYK → sRGB through a profile
    const img = sharp(bytes, { failOn: 'error', ignoreIcc: true });
    // a JPEG's space from its frame header: one call into libvips instead of two (jpeg-header.ts)
    const space = (readHeader ? jpegSpace(bytes) : undefined) ?? (await img.metadata()).space ?? 'srgb';
    if (!NATIVE.has(space)) {
        // e.g. a float or Lab TIFF: no Pillow rule to follow here, so libvips' sRGB it is
        const r = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        return { data: r.data, width: r.info.width, height: r.info.height, saturated: false };
    }
    if (space === 'cmyk')
        img.pipelineColourspace('cmyk');
    const wide = space === 'grey16' || space === 'rgb16';
    const r = await img.toColourspace(space).raw({ depth: wide ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const { width, height, channels } = r.info;
    const px = width * height;
    if (wide) {
        const src = r.data.byteOffset % 2 === 0 ? r.data : Buffer.from(r.data);
        const u16 = new Uint16Array(src.buffer, src.byteOffset, px * channels);
        return space === 'grey16' && channels === 1 ? saturate16(u16, width, height) : highByte(u16, width, height, channels, space === 'grey16');
    }
    if (space === 'cmyk')
        return { data: cmykToRgb(r.data, px, channels), width, height, saturated: false };
    return { data: toRgb(r.data, px, channels, space === 'b-w'), width, height, saturated: false };
}
/** Pillow's convert('RGB') of an "I" image: each value clipped to [0, 255]. */
function saturate16(v, width, height) {
    const out = new Uint8Array(v.length * 3);
    let saturated = false;
    for (let p = 0; p < v.length; p++) {
        const x = v[p];
        if (x > 255)
            saturated = true;
        const y = x > 255 ? 255 : x;
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y;
    }
    return { data: out, width, height, saturated };
}
/** 16-bit RGB(A) or grayscale+alpha: Pillow's ";16B" raw modes keep the most significant byte. */
function highByte(v, width, height, channels, grey) {
    const px = width * height;
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        if (grey)
            out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = v[q] >> 8;
        else {
            out[3 * p] = v[q] >> 8;
            out[3 * p + 1] = v[q + 1] >> 8;
            out[3 * p + 2] = v[q + 2] >> 8;
        }
    }
    return { data: out, width, height, saturated: false };
}
/** 8-bit gray, gray+alpha, RGB or RGBA → RGB: gray repeated, alpha dropped (convert('RGB')). */
function toRgb(src, px, channels, grey) {
    if (channels === 3 && !grey)
        return src;
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        if (grey)
            out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = src[q];
        else {
            out[3 * p] = src[q];
            out[3 * p + 1] = src[q + 1];
            out[3 * p + 2] = src[q + 2];
        }
    }
    return out;
}
/**
 * Pillow's cmyk2rgb (libImaging/Convert.c): nk = 255 - k, each channel nk - MULDIV255(c, nk),
 * MULDIV255(a, b) = ((a*b + 128) >> 8 + a*b + 128) >> 8. libjpeg's Adobe-inverted CMYK is already
 * inverted back by libvips, as Pillow's "CMYK;I" raw mode does.
 */
function cmykToRgb(src, px, channels) {
    const out = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
        const q = p * channels;
        const nk = 255 - src[q + 3];
        for (let c = 0; c < 3; c++) {
            const t = src[q + c] * nk + 128;
            const v = nk - (((t >> 8) + t) >> 8);
            out[3 * p + c] = v < 0 ? 0 : v;
        }
    }
    return out;
}
function u16(b, o) {
    return b[o] | (b[o + 1] << 8);
}
function u32(b, o) {
    return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function bmpInfo(b) {
    if (b.length < 54)
        throw new UnsupportedImage('truncated BMP header');
    const headerSize = u32(b, 14);
    if (headerSize < 40)
        throw new UnsupportedImage(`BMP with a ${headerSize}-byte (OS/2) header is not supported; save it as PNG`);
    const width = u32(b, 18) | 0;
    const rawHeight = u32(b, 22) | 0;
    const bits = u16(b, 28);
    const compression = u32(b, 30);
    if (width <= 0 || rawHeight === 0 || rawHeight === -2147483648)
        throw new UnsupportedImage(`BMP with an impossible size ${width}×${rawHeight}`);
    return { width, height: Math.abs(rawHeight), topDown: rawHeight < 0, bits, compression, dataOffset: u32(b, 10), headerSize, colours: u32(b, 46) };
}
function bmpHeader(b) {
    const i = bmpInfo(b);
    return { width: i.width, height: i.height };
}
/** Uncompressed BMP: 24/32-bit BGR(X) and 1/4/8-bit palettes (what Pillow and most tools write). */
function decodeBmp(b) {
    const i = bmpInfo(b);
    const { width, height, bits } = i;
    // BI_RGB, or BI_BITFIELDS with the standard 32-bit masks (B, G, R bytes in that order)
    const standardMasks = i.compression === 3 && bits === 32 && b.length >= 66 && u32(b, 54) === 0xff0000 && u32(b, 58) === 0xff00 && u32(b, 62) === 0xff;
    if (!(i.compression === 0 || standardMasks))
        throw new UnsupportedImage(`BMP compression ${i.compression} (${bits}-bit) is not supported; save it uncompressed or as PNG`);
    if (![1, 4, 8, 24, 32].includes(bits))
        throw new UnsupportedImage(`${bits}-bit BMP is not supported; save it as 24-bit or as PNG`);
    const stride = Math.floor((bits * width + 31) / 32) * 4;
    if (i.dataOffset + stride * height > b.length)
        throw new UnsupportedImage(`truncated BMP: ${width}×${height} at ${bits} bits needs ${i.dataOffset + stride * height} bytes, the file has ${b.length}`);
    let palette;
    if (bits <= 8) {
        const n = i.colours || 1 << bits;
        const at = 14 + i.headerSize;
        if (n > 1 << bits || at + 4 * n > i.dataOffset)
            throw new UnsupportedImage(`BMP palette of ${n} colours does not fit its header`);
        palette = b.subarray(at, at + 4 * n);
    }
    const out = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
        const row = i.dataOffset + (i.topDown ? y : height - 1 - y) * stride;
        for (let x = 0; x < width; x++) {
            const o = (y * width + x) * 3;
            if (palette) {
                const per = 8 / bits;
                const byte = b[row + Math.floor(x / per)];
                const k = (byte >> (8 - bits * ((x % per) + 1))) & ((1 << bits) - 1);
                if (4 * k >= palette.length)
                    throw new UnsupportedImage(`BMP pixel (${x}, ${y}) uses colour ${k}, beyond its ${palette.length / 4}-colour palette`);
                out[o] = palette[4 * k + 2];
                out[o + 1] = palette[4 * k + 1];
                out[o + 2] = palette[4 * k];
            }
            else {
                const q = row + x * (bits / 8);
                out[o] = b[q + 2];
                out[o + 1] = b[q + 1];
                out[o + 2] = b[q];
            }
        }
    }
    return { data: out, width, height, saturated: false };
}
const isSpace = (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
/** Pillow's header reading: tokens split by whitespace, '#' comments to the end of the line, one whitespace byte after maxval. */
function pnmInfo(b) {
    const magic = String.fromCharCode(b[0], b[1]);
    const tokens = [];
    let i = 2;
    while (tokens.length < 3) {
        while (i < b.length && (isSpace(b[i]) || b[i] === 0x23)) {
            if (b[i] === 0x23)
                while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d)
                    i++;
            else
                i++;
        }
        let s = '';
        while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39 && s.length < 10)
            s += String.fromCharCode(b[i++]);
        if (s === '' || i >= b.length || !isSpace(b[i]))
            throw new UnsupportedImage(`malformed ${magic} header`);
        tokens.push(Number(s));
    }
    const [width, height, maxval] = tokens;
    if (width === 0 || height === 0 || maxval === 0 || maxval > 65535)
        throw new UnsupportedImage(`${magic} header with size ${width}×${height} and maxval ${maxval}`);
    return { magic, width, height, maxval, dataOffset: i + 1 };
}
function pnmHeader(b) {
    const i = pnmInfo(b);
    return { width: i.width, height: i.height };
}
/** Python's round() of a double: halves to even, as Pillow 9.4 rescales a maxval other than 255. */
function roundHalfEven$1(x) {
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
/**
 * Binary PGM (P5) and PPM (P6), 8 or 16 bits. Pillow 9.4: a maxval other than 255 is rescaled to
 * round(v * 255 / maxval); 16-bit PGM opens as "I" (round(v * 65535 / maxval)) and convert('RGB')
 * clips it to 255 — saturated, as a 16-bit PNG is.
 */
function decodePnm(b) {
    const info = pnmInfo(b);
    const { magic, width, height, maxval } = info;
    if (magic !== 'P5' && magic !== 'P6')
        throw new UnsupportedImage(`${magic} (plain-text or bitmap PNM) is not supported; save it as binary P5/P6 or PNG`);
    const bands = magic === 'P6' ? 3 : 1;
    const wide = maxval > 255;
    const px = width * height;
    const need = px * bands * (wide ? 2 : 1);
    if (info.dataOffset + need > b.length)
        throw new UnsupportedImage(`truncated ${magic}: ${width}×${height} needs ${need} bytes of pixels, the file has ${b.length - info.dataOffset}`);
    const out = new Uint8Array(px * 3);
    let saturated = false;
    const scale = new Map();
    const toByte = (v) => {
        if (maxval === 255)
            return v;
        let s = scale.get(v);
        if (s === undefined)
            scale.set(v, (s = roundHalfEven$1((v * 255) / maxval)));
        return s;
    };
    for (let p = 0; p < px * bands; p++) {
        const at = info.dataOffset + (wide ? 2 * p : p);
        const v = wide ? (b[at] << 8) | b[at + 1] : b[at];
        if (v > maxval)
            throw new UnsupportedImage(`${magic} value ${v} at sample ${p} exceeds its maxval ${maxval}`);
        if (bands === 3) {
            out[p] = toByte(v);
            continue;
        }
        let y;
        if (wide) {
            const i32 = maxval === 65535 ? v : roundHalfEven$1((v * 65535) / maxval);
            if (i32 > 255)
                saturated = true;
            y = i32 > 255 ? 255 : i32;
        }
        else
            y = toByte(v);
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = y;
    }
    return { data: out, width, height, saturated };
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
    const line = (e.message ?? String(e)).split('\n')[0].trim().replace(/:$/, '');
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

export { IMAGE_EXTENSIONS, byCodePoint, decodeImage, lookupTables, maxImageSide, normalised, openImageFolder, resizedSize };
