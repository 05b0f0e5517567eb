import { createHash } from 'node:crypto';
import { stat, readFile, open } from 'node:fs/promises';
import { constants } from 'node:buffer';
import { statSync, openSync, constants as constants$1, fstatSync, readSync, closeSync } from 'node:fs';
import { totalmem } from 'node:os';
import { I as InputError } from './errors.js';

/**
 * File inputs and the size limits that follow from this machine's memory. Every file input is
 * stat-ed before it is opened: a FIFO would block the read forever and /dev/zero would be read until
 * memory runs out, so anything but a regular file (or a folder, where one is allowed) is refused at
 * once, naming the input.
 */
function kind(s) {
    if (s.isFIFO())
        return 'a FIFO (named pipe)';
    if (s.isCharacterDevice())
        return 'a character device';
    if (s.isBlockDevice())
        return 'a block device';
    if (s.isSocket())
        return 'a socket';
    if (s.isDirectory())
        return 'a folder';
    return 'not a regular file';
}
function check(file, s, code, rule) {
    if (!s) {
        const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot stat it');
        throw new (rule.error ?? InputError)(`${rule.label}: cannot read ${file} (${why}); check the path, relative to the workspace`, rule.input);
    }
    if (s.isFile() || (rule.folder && s.isDirectory()))
        return s;
    throw new (rule.error ?? InputError)(`${rule.label}: ${file} is ${kind(s)}, not a regular file${rule.folder ? ' or a folder' : ''}; give the path of a file${rule.folder ? ' or folder' : ''}`, rule.input);
}
/** Stats `file` and refuses anything that is not a regular file (or a folder when allowed). */
async function regularFile(file, rule) {
    let code;
    const s = await stat(file).catch((e) => void (code = e.code));
    return check(file, s ?? undefined, code, rule);
}
function regularFileSync(file, rule) {
    let s;
    let code;
    try {
        s = statSync(file);
    }
    catch (e) {
        code = e.code;
    }
    return check(file, s, code, rule);
}
/**
 * The largest buffer one allocation may take: what the platform allows for a single buffer, and at
 * most a quarter of this machine's memory, so the model's own activations and the per-sample
 * outcomes still fit beside it.
 */
function maxBufferBytes() {
    return Math.min(constants.MAX_LENGTH, Math.floor(totalmem() / 4));
}
/** A text file read whole (thresholds, class-names, metrics.json) must fit in one string. */
const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH;
function formatBytes(n) {
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
        n /= 1024;
        i++;
    }
    return i === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[i]}`;
}
/** A text file read whole: a regular file that fits in one string, without its byte-order mark. */
async function readTextFile(file, rule) {
    const info = await regularFile(file, rule);
    if (info.size > MAX_TEXT_BYTES) {
        throw new (rule.error ?? InputError)(`${rule.label}: ${file} is ${formatBytes(info.size)}, more than one string can hold (${formatBytes(MAX_TEXT_BYTES)}); point it at the right file`, rule.input);
    }
    try {
        return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    }
    catch (e) {
        const code = e.code;
        throw new (rule.error ?? InputError)(`${rule.label}: cannot read ${file} (${code ?? e.message}); check the path, relative to the workspace`, rule.input);
    }
}
/** Files up to this size are read in one synchronous call by readSmallFileSync (image files, file hashes). */
const SMALL_FILE_BYTES = 1024 * 1024;
/**
 * A small regular file's bytes in one synchronous read, or undefined when it is not a regular file
 * or is (or has grown) larger than `most` bytes: callers then take their asynchronous way. An image
 * folder is thousands of small files, and the thread-pool round trips of an asynchronous read
 * (open, stat, read, read, close) cost ~0.25 ms a file, several times the read itself (the hashes
 * of 1,700 small JPEGs: 440 ms, against 12 ms this way). Opened non-blocking, so a FIFO put where
 * a file was cannot stop the main thread.
 */
function readSmallFileSync(file, most = SMALL_FILE_BYTES) {
    const fd = openSync(file, constants$1.O_RDONLY | constants$1.O_NONBLOCK);
    try {
        const info = fstatSync(fd);
        if (!info.isFile() || info.size > most)
            return undefined;
        // one byte more than it had: a file that grew since its stat goes the long way
        const buffer = Buffer.allocUnsafeSlow(info.size + 1);
        let n = 0;
        for (;;) {
            const r = readSync(fd, buffer, n, buffer.length - n, null);
            if (r === 0)
                break;
            n += r;
            if (n === buffer.length)
                return undefined;
        }
        return buffer.subarray(0, n);
    }
    finally {
        closeSync(fd);
    }
}

// 4 MiB reads: a stream's 64 KiB chunks cost a syscall and a promise tick each, which showed up as
// ~10% of a large array run (issue 14). One reused buffer keeps the memory flat.
const CHUNK = 4 * 1024 * 1024;
async function sha256File(file) {
    // a small file in one synchronous read (files.ts); bigger ones stream in chunks
    const small = readSmallFileSync(file);
    if (small !== undefined)
        return createHash('sha256').update(small).digest('hex');
    const hash = createHash('sha256');
    const fh = await open(file, 'r');
    try {
        const size = (await fh.stat()).size;
        const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)));
        for (;;) {
            const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        await fh.close();
    }
    return hash.digest('hex');
}
/** A test set made of several files: sha256 over "<name> <sha256>\n" lines, in the given order. */
async function sha256Files(files) {
    if (files.length === 1)
        return sha256File(files[0].path);
    const hash = createHash('sha256');
    for (const f of files)
        hash.update(`${f.name} ${await sha256File(f.path)}\n`);
    return hash.digest('hex');
}

export { MAX_TEXT_BYTES as M, regularFile as a, readTextFile as b, sha256Files as c, readSmallFileSync as d, formatBytes as f, maxBufferBytes as m, regularFileSync as r, sha256File as s };
