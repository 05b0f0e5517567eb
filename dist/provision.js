import { createHash } from 'node:crypto';
import { createWriteStream, createReadStream, existsSync, statSync, readFileSync } from 'node:fs';
import { open, mkdtemp, mkdir, rm, link, copyFile, rename } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { C as CudaUnavailable } from './errors.js';
import { Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * Extracts chosen entries of a zip (a .nupkg is one) without reading the rest: the central
 * directory says where each entry lies, and only those byte ranges are read and inflated, streaming.
 * The CUDA provider package is hundreds of MB; model-gate needs two or three of its files.
 */
class ZipFormatError extends Error {
}
async function readAt(fd, position, length) {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fd.read(buf, 0, length, position);
    if (bytesRead !== length)
        throw new ZipFormatError('truncated');
    return buf;
}
async function centralDirectory(file) {
    const fd = await open(file, 'r');
    try {
        const { size } = await fd.stat();
        const tailLength = Math.min(size, 22 + 0xffff);
        const tail = await readAt(fd, size - tailLength, tailLength);
        let eocd = -1;
        for (let i = tail.length - 22; i >= 0; i--)
            if (tail.readUInt32LE(i) === 0x06054b50) {
                eocd = i;
                break;
            }
        if (eocd < 0)
            throw new ZipFormatError('no end of central directory');
        let count = tail.readUInt16LE(eocd + 10);
        let cdSize = tail.readUInt32LE(eocd + 12);
        let cdOffset = tail.readUInt32LE(eocd + 16);
        if (cdOffset === 0xffffffff || cdSize === 0xffffffff || count === 0xffff) {
            // zip64: the locator sits just before the end record and points at the zip64 end record
            const loc = eocd - 20;
            if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50)
                throw new ZipFormatError('zip64 locator missing');
            const rec = await readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
            if (rec.readUInt32LE(0) !== 0x06064b50)
                throw new ZipFormatError('zip64 end record missing');
            count = Number(rec.readBigUInt64LE(32));
            cdSize = Number(rec.readBigUInt64LE(40));
            cdOffset = Number(rec.readBigUInt64LE(48));
        }
        const cd = await readAt(fd, cdOffset, cdSize);
        const entries = new Map();
        let p = 0;
        for (let i = 0; i < count; i++) {
            if (cd.readUInt32LE(p) !== 0x02014b50)
                throw new ZipFormatError('bad central directory entry');
            const method = cd.readUInt16LE(p + 10);
            let compressedSize = cd.readUInt32LE(p + 20);
            let uncompressed = cd.readUInt32LE(p + 24);
            const nameLength = cd.readUInt16LE(p + 28);
            const extraLength = cd.readUInt16LE(p + 30);
            const commentLength = cd.readUInt16LE(p + 32);
            let localHeader = cd.readUInt32LE(p + 42);
            const name = cd.subarray(p + 46, p + 46 + nameLength).toString('utf8');
            // zip64 sizes and offset, in the order of the fields that overflowed
            let e = p + 46 + nameLength;
            const end = e + extraLength;
            while (e + 4 <= end) {
                const id = cd.readUInt16LE(e);
                const len = cd.readUInt16LE(e + 2);
                if (id === 0x0001) {
                    let q = e + 4;
                    if (uncompressed === 0xffffffff) {
                        uncompressed = Number(cd.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (compressedSize === 0xffffffff) {
                        compressedSize = Number(cd.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (localHeader === 0xffffffff)
                        localHeader = Number(cd.readBigUInt64LE(q));
                }
                e += 4 + len;
            }
            entries.set(name, { method, compressedSize, size: uncompressed, localHeader });
            p = end + commentLength;
        }
        return entries;
    }
    finally {
        await fd.close();
    }
}
/**
 * Writes each wanted entry (name in the zip → destination file) and returns the sha256 of what was
 * written, by entry name. Entries the zip does not hold are left out of the result.
 */
async function extractEntries(file, wanted) {
    const entries = await centralDirectory(file);
    const hashes = new Map();
    for (const [name, dest] of wanted) {
        const entry = entries.get(name);
        if (!entry)
            continue;
        if (entry.method !== 0 && entry.method !== 8)
            throw new ZipFormatError(`${name} uses compression method ${entry.method}`);
        const fd = await open(file, 'r');
        let start;
        try {
            const local = await readAt(fd, entry.localHeader, 30);
            if (local.readUInt32LE(0) !== 0x04034b50)
                throw new ZipFormatError(`bad local header for ${name}`);
            start = entry.localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        }
        finally {
            await fd.close();
        }
        const hash = createHash('sha256');
        let written = 0;
        const tap = new Transform({
            transform(chunk, _enc, done) {
                hash.update(chunk);
                written += chunk.length;
                done(null, chunk);
            }
        });
        const out = createWriteStream(dest);
        try {
            if (entry.compressedSize === 0) {
                tap.end();
                await pipeline(tap, out);
            }
            else {
                const source = createReadStream(file, { start, end: start + entry.compressedSize - 1 });
                await (entry.method === 8 ? pipeline(source, createInflateRaw(), tap, out) : pipeline(source, tap, out));
            }
        }
        catch (e) {
            throw new ZipFormatError(`${name} does not inflate (${e.message})`);
        }
        if (written !== entry.size)
            throw new ZipFormatError(`${name} inflated to ${written} bytes, the zip says ${entry.size}`);
        hashes.set(name, hash.digest('hex'));
    }
    return hashes;
}

/**
 * Installs onnxruntime's CUDA execution provider next to libonnxruntime.so.1, the Actions way: the
 * Microsoft.ML.OnnxRuntime.Gpu.Linux NuGet package of the bundled onnxruntime version (the one
 * onnxruntime-node's own postinstall would fetch) is downloaded with @actions/tool-cache, checked
 * against the sha256 pinned in cuda-provider.json, the needed files are extracted from it and kept
 * in the runner's tool cache, so the next job on that runner skips the download. Every failure is a
 * CudaUnavailable with one line saying why; the caller falls back to CPU (device: auto) or fails.
 *
 * This module loads @actions/tool-cache and its HTTP stack: it is imported only when CUDA is wanted.
 */
/** The tool-cache entry: one per onnxruntime version and package content. */
const TOOL_NAME = 'onnxruntime-cuda-provider';
/** cuda-provider.json: next to this chunk in dist/, next to this file in the sources. */
function readPin() {
    return JSON.parse(readFileSync(new URL('./cuda-provider.json', import.meta.url), 'utf8'));
}
async function sha256File(file) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file, { highWaterMark: 4 << 20 }), hash);
    return hash.digest('hex');
}
/** Hard link when the tool cache and dist/ share a file system, else a copy; renamed into place. */
async function place(fromDir, files, nativeDir) {
    for (const f of files) {
        const from = path.join(fromDir, f.name);
        if (!existsSync(from))
            continue;
        const to = path.join(nativeDir, f.name);
        const part = `${to}.${process.pid}.part`;
        try {
            await rm(part, { force: true });
            await link(from, part).catch(() => copyFile(from, part));
            await rename(part, to);
        }
        catch (e) {
            await rm(part, { force: true }).catch(() => { });
            const code = e.code ?? e.message;
            throw new CudaUnavailable(`cannot write the CUDA provider files next to libonnxruntime in ${nativeDir} (${code}); run model-gate from a writable checkout`);
        }
    }
}
function cachedFiles(dir, files) {
    return files.every((f) => !f.required || existsSync(path.join(dir, f.name)));
}
/** What `source` names, for messages. */
function label(source, pin) {
    if (source.kind === 'url')
        return source.url;
    if (source.kind === 'path')
        return source.path;
    return `${pin.package} ${pin.onnxruntime} (${pin.url})`;
}
async function provision(source, nativeDir, log, env = process.env) {
    const pin = readPin();
    const pinned = pin.sha256 !== null;
    if (source.kind === 'none')
        throw new CudaUnavailable('cuda-provider is none and the provider files are not installed');
    if (source.kind === 'auto' && !pinned) {
        throw new CudaUnavailable(`this build of model-gate pins no sha256 for ${pin.package} ${pin.onnxruntime}, so it does not download it: set cuda-provider to the package's URL or path to use it unverified, or pin it (npm run pin-cuda) and rebuild`);
    }
    // The CLI off a runner: a cache in the user's cache folder instead of the runner's tool cache.
    env.RUNNER_TOOL_CACHE ||= path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'model-gate', 'tool-cache');
    const tc = await import('./tool-cache.js');
    const what = label(source, pin);
    // A folder with the files already extracted (a self-hosted runner's own copy).
    if (source.kind === 'path' && existsSync(source.path) && statSync(source.path).isDirectory()) {
        for (const f of pin.files) {
            const file = path.join(source.path, f.name);
            if (!existsSync(file)) {
                if (f.required)
                    throw new CudaUnavailable(`cuda-provider: ${source.path} has no ${f.name}; give the folder holding the provider files, or the .nupkg`);
                continue;
            }
            if (f.sha256 !== null && (await sha256File(file)) !== f.sha256)
                throw new CudaUnavailable(`cuda-provider: ${file} does not match the pinned sha256 of ${f.name} for onnxruntime ${pin.onnxruntime}; nothing was installed`);
        }
        if (pin.files.some((f) => f.sha256 === null))
            log.warning(`cuda-provider: the files in ${source.path} are used unverified (this build pins no sha256 for them)`);
        await place(source.path, pin.files, nativeDir);
        log.info(`CUDA provider: installed from ${source.path} next to libonnxruntime in ${nativeDir}`);
        return;
    }
    if (pinned) {
        const hit = tc.find(TOOL_NAME, `${pin.onnxruntime}-${pin.sha256.slice(0, 12)}`, 'x64');
        if (hit && cachedFiles(hit, pin.files)) {
            await place(hit, pin.files, nativeDir);
            log.info(`CUDA provider: onnxruntime ${pin.onnxruntime} from the runner's tool cache (${hit}), installed next to libonnxruntime`);
            return;
        }
    }
    const work = await mkdtemp(path.join(env.RUNNER_TEMP || tmpdir(), 'model-gate-cuda-'));
    try {
        let nupkg;
        if (source.kind === 'path') {
            if (!existsSync(source.path))
                throw new CudaUnavailable(`cuda-provider: ${source.path} does not exist; give the path of the ${pin.package} ${pin.onnxruntime} .nupkg, a folder with its files, a URL, or auto`);
            nupkg = source.path;
        }
        else {
            const url = source.kind === 'url' ? source.url : pin.url;
            log.info(`CUDA provider: downloading ${pin.package} ${pin.onnxruntime} from ${url}`);
            try {
                nupkg = await tc.downloadTool(url, path.join(work, 'provider.nupkg'));
            }
            catch (e) {
                const status = e.httpStatusCode;
                throw new CudaUnavailable(status !== undefined
                    ? `downloading ${url} was refused (HTTP ${status}); check cuda-provider, or give a URL or path the runner can reach`
                    : `cannot download ${url} (${e.message.split('\n')[0]}); a runner without internet needs cuda-provider set to a reachable URL or a local path`);
            }
        }
        const sha = await sha256File(nupkg);
        if (pinned && sha !== pin.sha256) {
            throw new CudaUnavailable(`checksum mismatch: ${what} has sha256 ${sha}, not the ${pin.sha256} pinned for ${pin.package} ${pin.onnxruntime}; nothing was installed`);
        }
        if (!pinned)
            log.warning(`cuda-provider: ${what} is used unverified (this build pins no sha256 for ${pin.package} ${pin.onnxruntime}); its sha256 is ${sha}`);
        else
            log.info(`CUDA provider: sha256 ${sha} verified`);
        const version = `${pin.onnxruntime}-${sha.slice(0, 12)}`;
        const known = tc.find(TOOL_NAME, version, 'x64');
        if (known && cachedFiles(known, pin.files)) {
            await place(known, pin.files, nativeDir);
            log.info(`CUDA provider: onnxruntime ${pin.onnxruntime} from the runner's tool cache (${known}), installed next to libonnxruntime`);
            return;
        }
        const extracted = path.join(work, 'files');
        await mkdir(extracted);
        let hashes;
        try {
            hashes = await extractEntries(nupkg, new Map(pin.files.map((f) => [f.path, path.join(extracted, f.name)])));
        }
        catch (e) {
            if (e instanceof ZipFormatError)
                throw new CudaUnavailable(`cuda-provider: ${what} is not a readable .nupkg (zip): ${e.message}`);
            throw e;
        }
        for (const f of pin.files) {
            const got = hashes.get(f.path);
            if (got === undefined) {
                if (f.required)
                    throw new CudaUnavailable(`cuda-provider: ${what} holds no ${f.path}; it is not the ${pin.package} ${pin.onnxruntime} package`);
                continue;
            }
            if (f.sha256 !== null && got !== f.sha256)
                throw new CudaUnavailable(`checksum mismatch: ${f.path} in ${what} has sha256 ${got}, not the pinned ${f.sha256}; nothing was installed`);
        }
        const cached = await tc.cacheDir(extracted, TOOL_NAME, version, 'x64');
        await place(cached, pin.files, nativeDir);
        log.info(`CUDA provider: extracted ${[...hashes.keys()].map((p) => path.basename(p)).join(', ')} into the runner's tool cache (${cached}), installed next to libonnxruntime`);
    }
    finally {
        await rm(work, { recursive: true, force: true });
    }
}

export { TOOL_NAME, provision, readPin };
