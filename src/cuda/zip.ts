/**
 * Extracts chosen entries of a zip (a .nupkg is one) without reading the rest: the central
 * directory says where each entry lies, and only those byte ranges are read and inflated, streaming.
 * The CUDA provider package is hundreds of MB; model-gate needs two or three of its files.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw } from 'node:zlib'

export class ZipFormatError extends Error {}

interface Entry {
  readonly method: number
  readonly compressedSize: number
  readonly size: number
  readonly localHeader: number
}

async function readAt(fd: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await fd.read(buf, 0, length, position)
  if (bytesRead !== length) throw new ZipFormatError('truncated')
  return buf
}

async function centralDirectory(file: string): Promise<Map<string, Entry>> {
  const fd = await open(file, 'r')
  try {
    const { size } = await fd.stat()
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = await readAt(fd, size - tailLength, tailLength)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break }
    if (eocd < 0) throw new ZipFormatError('no end of central directory')
    let count = tail.readUInt16LE(eocd + 10)
    let cdSize = tail.readUInt32LE(eocd + 12)
    let cdOffset = tail.readUInt32LE(eocd + 16)
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || count === 0xffff) {
      // zip64: the locator sits just before the end record and points at the zip64 end record
      const loc = eocd - 20
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw new ZipFormatError('zip64 locator missing')
      const rec = await readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56)
      if (rec.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('zip64 end record missing')
      count = Number(rec.readBigUInt64LE(32))
      cdSize = Number(rec.readBigUInt64LE(40))
      cdOffset = Number(rec.readBigUInt64LE(48))
    }
    const cd = await readAt(fd, cdOffset, cdSize)
    const entries = new Map<string, Entry>()
    let p = 0
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError('bad central directory entry')
      const method = cd.readUInt16LE(p + 10)
      let compressedSize = cd.readUInt32LE(p + 20)
      let uncompressed = cd.readUInt32LE(p + 24)
      const nameLength = cd.readUInt16LE(p + 28)
      const extraLength = cd.readUInt16LE(p + 30)
      const commentLength = cd.readUInt16LE(p + 32)
      let localHeader = cd.readUInt32LE(p + 42)
      const name = cd.subarray(p + 46, p + 46 + nameLength).toString('utf8')
      // zip64 sizes and offset, in the order of the fields that overflowed
      let e = p + 46 + nameLength
      const end = e + extraLength
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e)
        const len = cd.readUInt16LE(e + 2)
        if (id === 0x0001) {
          let q = e + 4
          if (uncompressed === 0xffffffff) { uncompressed = Number(cd.readBigUInt64LE(q)); q += 8 }
          if (compressedSize === 0xffffffff) { compressedSize = Number(cd.readBigUInt64LE(q)); q += 8 }
          if (localHeader === 0xffffffff) localHeader = Number(cd.readBigUInt64LE(q))
        }
        e += 4 + len
      }
      entries.set(name, { method, compressedSize, size: uncompressed, localHeader })
      p = end + commentLength
    }
    return entries
  } finally {
    await fd.close()
  }
}

/**
 * Writes each wanted entry (name in the zip → destination file) and returns the sha256 of what was
 * written, by entry name. Entries the zip does not hold are left out of the result.
 */
export async function extractEntries(file: string, wanted: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const entries = await centralDirectory(file)
  const hashes = new Map<string, string>()
  for (const [name, dest] of wanted) {
    const entry = entries.get(name)
    if (!entry) continue
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${name} uses compression method ${entry.method}`)
    const fd = await open(file, 'r')
    let start: number
    try {
      const local = await readAt(fd, entry.localHeader, 30)
      if (local.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(`bad local header for ${name}`)
      start = entry.localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
    } finally {
      await fd.close()
    }
    const hash = createHash('sha256')
    let written = 0
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk)
        written += chunk.length
        done(null, chunk)
      }
    })
    const out = createWriteStream(dest)
    try {
      if (entry.compressedSize === 0) {
        tap.end()
        await pipeline(tap, out)
      } else {
        const source = createReadStream(file, { start, end: start + entry.compressedSize - 1 })
        await (entry.method === 8 ? pipeline(source, createInflateRaw(), tap, out) : pipeline(source, tap, out))
      }
    } catch (e) {
      throw new ZipFormatError(`${name} does not inflate (${(e as Error).message})`)
    }
    if (written !== entry.size) throw new ZipFormatError(`${name} inflated to ${written} bytes, the zip says ${entry.size}`)
    hashes.set(name, hash.digest('hex'))
  }
  return hashes
}
