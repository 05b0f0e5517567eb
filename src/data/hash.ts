import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'

// 4 MiB reads: a stream's 64 KiB chunks cost a syscall and a promise tick each, which showed up as
// ~10% of a large array run (issue 14). One reused buffer keeps the memory flat.
const CHUNK = 4 * 1024 * 1024

/**
 * Files up to this size are read in one synchronous call: an image folder is thousands of small
 * files, and the five thread-pool round trips each (open, stat, read, read, close) took 0.25 ms a
 * file, 440 ms for 1,700 small JPEGs that read in 12 ms this way. Bigger files stream in chunks.
 */
const SMALL = 1024 * 1024

/** A small file's sha256, or undefined when it is (or has grown) larger than SMALL. */
function smallFileSha256(file: string): string | undefined {
  // non-blocking open: a FIFO put where a file was must not stop the main thread (the long way below
  // treats anything that is not a regular file as it always has)
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || info.size > SMALL) return undefined
    const size = info.size
    // one byte more than it had: a file that grew since its stat goes the long way
    const buffer = Buffer.allocUnsafe(size + 1)
    let n = 0
    for (;;) {
      const r = readSync(fd, buffer, n, buffer.length - n, null)
      if (r === 0) break
      n += r
      if (n === buffer.length) return undefined
    }
    return createHash('sha256').update(buffer.subarray(0, n)).digest('hex')
  } finally {
    closeSync(fd)
  }
}

export async function sha256File(file: string): Promise<string> {
  const small = smallFileSha256(file)
  if (small !== undefined) return small
  const hash = createHash('sha256')
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)))
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await fh.close()
  }
  return hash.digest('hex')
}

/** A test set made of several files: sha256 over "<name> <sha256>\n" lines, in the given order. */
export async function sha256Files(files: readonly { name: string; path: string }[]): Promise<string> {
  if (files.length === 1) return sha256File(files[0]!.path)
  const hash = createHash('sha256')
  for (const f of files) hash.update(`${f.name} ${await sha256File(f.path)}\n`)
  return hash.digest('hex')
}
