import { crc32, inflateSync } from 'node:zlib';

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
function roundHalfEven(x) {
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
            scale.set(v, (s = roundHalfEven((v * 255) / maxval)));
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
            const i32 = maxval === 65535 ? v : roundHalfEven((v * 65535) / maxval);
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

export { UnsupportedImage, cmykToRgb, decodeBmp, decodeLikePillow, decodePnm, decodeWithSharp, imageDimensions };
