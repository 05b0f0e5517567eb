import { createReadStream } from 'node:fs';
import { createInflateRaw, crc32 } from 'node:zlib';
import { D as DataError } from './errors.js';

/**
 * Reading an .npz (a ZIP of .npy files, as numpy.savez / savez_compressed write it) member by member
 * from disk: the central directory says where each member is, and a member's bytes are streamed
 * through node:zlib's raw inflate (16 KiB output chunks), so memory stays at one read chunk however
 * big the archive. Every member's CRC-32 and sizes are checked against the directory as it is read,
 * as Python's zipfile does (numpy raises BadZipFile: Bad CRC-32).
 */
const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** What to do about a broken archive: numpy cannot read it either. */
const RESAVE = 'save it again with numpy.savez (or savez_compressed)';
async function readAt(handle, position, length) {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await handle.read(buf, got, length - got, position + got);
        if (bytesRead === 0)
            break;
        got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
}
function u64(v, at) {
    const n = v.getBigUint64(at, true);
    return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}
/** The archive's members, from its central directory (ZIP64 included). */
async function readZipDirectory(handle, fileSize, what) {
    const broken = (why) => new DataError(`test-data: ${what} is not a readable .npz archive (${why}); ${RESAVE}`, 'test-data');
    // The end record is within the last 22 + 65535 (comment) bytes.
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = await readAt(handle, fileSize - tailLength, tailLength);
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
        if (tv.getUint32(i, true) === EOCD) {
            at = i;
            break;
        }
    }
    if (at < 0)
        throw broken('no ZIP end-of-directory record: the file is truncated or not a ZIP');
    let entries = tv.getUint16(at + 10, true);
    let cdSize = tv.getUint32(at + 12, true);
    let cdOffset = tv.getUint32(at + 16, true);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
        const locAt = at - 20;
        if (locAt < 0 || tv.getUint32(locAt, true) !== EOCD64_LOCATOR)
            throw broken('a ZIP64 archive without its ZIP64 locator');
        const recOffset = u64(tv, locAt + 8);
        const rec = await readAt(handle, recOffset, 56);
        const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
        if (rec.length < 56 || rv.getUint32(0, true) !== EOCD64)
            throw broken('a ZIP64 locator that points at no ZIP64 record');
        entries = u64(rv, 32);
        cdSize = u64(rv, 40);
        cdOffset = u64(rv, 48);
    }
    if (cdOffset + cdSize > fileSize)
        throw broken(`its directory lies beyond the end of the file (${fileSize} bytes): the file is truncated`);
    const cd = await readAt(handle, cdOffset, cdSize);
    const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
    const members = [];
    let p = 0;
    for (let e = 0; e < entries; e++) {
        if (p + 46 > cd.length || cv.getUint32(p, true) !== CENTRAL)
            throw broken(`directory entry ${e + 1} of ${entries} is damaged`);
        const flags = cv.getUint16(p + 8, true);
        const method = cv.getUint16(p + 10, true);
        const crc = cv.getUint32(p + 16, true);
        let compressedSize = cv.getUint32(p + 20, true);
        let size = cv.getUint32(p + 24, true);
        const nameLength = cv.getUint16(p + 28, true);
        const extraLength = cv.getUint16(p + 30, true);
        const commentLength = cv.getUint16(p + 32, true);
        let localOffset = cv.getUint32(p + 42, true);
        if (p + 46 + nameLength + extraLength + commentLength > cd.length)
            throw broken(`directory entry ${e + 1} of ${entries} is damaged`);
        const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(cd.subarray(p + 46, p + 46 + nameLength));
        // ZIP64 extra field: the 64-bit values, in this order, for each 32-bit field that is all ones.
        let x = p + 46 + nameLength;
        const xEnd = x + extraLength;
        while (x + 4 <= xEnd) {
            const id = cv.getUint16(x, true);
            const len = cv.getUint16(x + 2, true);
            if (id === 0x0001) {
                let q = x + 4;
                const take = () => {
                    if (q + 8 > x + 4 + len)
                        throw broken(`the ZIP64 sizes of '${name}' are damaged`);
                    const v = u64(cv, q);
                    q += 8;
                    return v;
                };
                if (size === 0xffffffff)
                    size = take();
                if (compressedSize === 0xffffffff)
                    compressedSize = take();
                if (localOffset === 0xffffffff)
                    localOffset = take();
            }
            x += 4 + len;
        }
        members.push({ name, method, crc, compressedSize, size, localOffset, flags });
        p += 46 + nameLength + extraLength + commentLength;
    }
    return members;
}
/**
 * A member's uncompressed bytes, read in order. The CRC-32 and the size are checked when the last
 * byte has been read (finish() reads to the end first), and a member that inflates to more bytes
 * than the directory says is refused at once.
 */
class MemberReader {
    handle;
    member;
    dataOffset;
    what;
    input;
    crc = 0;
    delivered = 0;
    pending = [];
    inflated = 0;
    position = 0;
    chunks;
    inflate;
    constructor(handle, file, member, dataOffset, what, input) {
        this.handle = handle;
        this.member = member;
        this.dataOffset = dataOffset;
        this.what = what;
        this.input = input;
        if (member.method === 8) {
            this.inflate = createInflateRaw();
            const end = dataOffset + member.compressedSize;
            // An empty range cannot be expressed with start/end: an empty member has no deflate stream to read.
            const source = member.compressedSize > 0 ? createReadStream(file, { start: dataOffset, end: end - 1, highWaterMark: 64 << 10 }) : undefined;
            if (source) {
                source.on('error', (e) => this.inflate.destroy(e));
                source.pipe(this.inflate);
            }
            else
                this.inflate.end();
            this.chunks = this.inflate[Symbol.asyncIterator]();
        }
    }
    static async open(handle, file, fileSize, member, what, input) {
        const broken = (why) => new DataError(`${input}: ${what} is damaged (${why}); ${RESAVE}`, input);
        if (member.flags & 0x1)
            throw new DataError(`${input}: ${what} is encrypted; save the arrays with numpy.savez, without a password`, input);
        if (member.method !== 0 && member.method !== 8) {
            throw new DataError(`${input}: ${what} is compressed with ZIP method ${member.method}; model-gate reads numpy.savez and savez_compressed archives (stored or deflated)`, input);
        }
        const head = await readAt(handle, member.localOffset, 30);
        const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
        if (head.length < 30 || hv.getUint32(0, true) !== LOCAL)
            throw broken('its local header is missing: the archive is truncated or was edited');
        const nameLength = hv.getUint16(26, true);
        const extraLength = hv.getUint16(28, true);
        if (hv.getUint16(8, true) !== member.method)
            throw broken('its local header and the directory disagree on the compression method');
        const nameBytes = await readAt(handle, member.localOffset + 30, nameLength);
        const localName = new TextDecoder(member.flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
        if (localName !== member.name)
            throw broken(`its local header names '${localName}'`);
        const dataOffset = member.localOffset + 30 + nameLength + extraLength;
        if (dataOffset + member.compressedSize > fileSize)
            throw broken(`it runs past the end of the file (${fileSize} bytes): the archive is truncated`);
        if (member.method === 0 && member.compressedSize !== member.size)
            throw broken('a stored member whose two sizes differ');
        // Deflate expands at most 1032:1 (a 258-byte match per 2 bits): a directory that claims more lies.
        if (member.method === 8 && member.size > member.compressedSize * 1032 + 1024)
            throw broken(`the directory says ${member.compressedSize} bytes inflate to ${member.size}, more than deflate can`);
        return new MemberReader(handle, file, member, dataOffset, what, input);
    }
    damaged(why) {
        return new DataError(`${this.input}: ${this.what} is damaged (${why}); ${RESAVE}`, this.input);
    }
    /** Exactly `length` bytes, the next ones; the member ending first is an error. */
    async read(length) {
        if (this.delivered + length > this.member.size) {
            throw this.damaged(`its .npy header promises more bytes than the ${this.member.size} the member holds`);
        }
        const out = new Uint8Array(length);
        if (this.member.method === 0) {
            const got = await readAt(this.handle, this.dataOffset + this.position, length);
            if (got.length < length)
                throw this.damaged('the file ends inside it');
            this.position += length;
            out.set(got);
        }
        else {
            let filled = 0;
            while (filled < length) {
                if (this.pending.length === 0)
                    await this.pull(length - filled);
                const head = this.pending[0];
                const take = Math.min(head.length, length - filled);
                out.set(head.subarray(0, take), filled);
                filled += take;
                if (take === head.length)
                    this.pending.shift();
                else
                    this.pending[0] = head.subarray(take);
            }
        }
        this.crc = crc32(out, this.crc);
        this.delivered += length;
        return out;
    }
    async pull(wanted) {
        let next;
        try {
            next = await this.chunks.next();
        }
        catch (e) {
            throw this.damaged(`its deflate stream is corrupt: ${e.message}`);
        }
        if (next.done)
            throw this.damaged(`it inflates to fewer bytes than the ${this.member.size} the directory says (${wanted} more were needed)`);
        const chunk = new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.inflated += chunk.length;
        if (this.inflated > this.member.size)
            throw this.damaged(`it inflates to more bytes than the ${this.member.size} the directory says`);
        this.pending.push(chunk);
    }
    /** Reads what is left and checks the size and the CRC-32 the directory recorded. */
    async finish() {
        const chunk = 1 << 20;
        while (this.delivered < this.member.size)
            await this.read(Math.min(chunk, this.member.size - this.delivered));
        if (this.inflate) {
            const next = await this.chunks.next().catch((e) => {
                throw this.damaged(`its deflate stream is corrupt: ${e.message}`);
            });
            if (!next.done && next.value.length > 0)
                throw this.damaged(`it inflates to more bytes than the ${this.member.size} the directory says`);
        }
        if (this.crc >>> 0 !== this.member.crc >>> 0) {
            throw this.damaged(`Bad CRC-32: the directory records ${hex(this.member.crc)}, the bytes give ${hex(this.crc)}`);
        }
    }
    close() {
        this.inflate?.destroy();
    }
}
function hex(n) {
    return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

export { MemberReader as M, readZipDirectory as r };
