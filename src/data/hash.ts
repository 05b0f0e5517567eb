import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

// 4 MiB reads: a stream's 64 KiB chunks cost a syscall and a promise tick each, which showed up as
// ~10% of a large array run (issue 14). One reused buffer keeps the memory flat.
const CHUNK = 4 * 1024 * 1024

export async function sha256File(file: string): Promise<string> {
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

/**
 * A test set made of several files: sha256 over "<name> <sha256>\n" lines, in the given order.
 * A file's `sha256` already known (hashed as a reader read it) is taken as it is.
 */
export async function sha256Files(files: readonly { name: string; path: string; sha256?: string }[]): Promise<string> {
  if (files.length === 1) return files[0]!.sha256 ?? sha256File(files[0]!.path)
  const hash = createHash('sha256')
  for (const f of files) hash.update(`${f.name} ${f.sha256 ?? (await sha256File(f.path))}\n`)
  return hash.digest('hex')
}

/**
 * A file's sha256 made from the bytes a reader reads anyway, in order, so a complete pass needs no
 * second read of the file. Valid only once every byte went through it in order (done()); a pass
 * that stops early, or reads out of order, leaves it undefined and the file is hashed on its own.
 */
export class PassHash {
  private readonly hash = createHash('sha256')
  private position = 0
  private broken = false
  digest: string | undefined

  /** `bytes` read from file position `at`. */
  update(bytes: Uint8Array, at: number): void {
    if (this.broken || at !== this.position) {
      this.broken = true
      return
    }
    this.hash.update(bytes)
    this.position += bytes.length
  }

  /** The pass read to the end of the file (at `size` bytes, when the reader knows it): the digest is the file's. */
  done(size = this.position): void {
    if (!this.broken && this.position === size && this.digest === undefined) this.digest = this.hash.digest('hex')
    this.broken = true
  }
}
