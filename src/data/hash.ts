import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { readSmallFileSync } from '../files.js'

// 4 MiB reads: a stream's 64 KiB chunks cost a syscall and a promise tick each, which showed up as
// ~10% of a large array run (issue 14). One reused buffer keeps the memory flat.
const CHUNK = 4 * 1024 * 1024

export async function sha256File(file: string): Promise<string> {
  // a small file in one synchronous read (files.ts); bigger ones stream in chunks
  const small = readSmallFileSync(file)
  if (small !== undefined) return createHash('sha256').update(small).digest('hex')
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
