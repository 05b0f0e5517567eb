import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

/** A test set made of several files: sha256 over "<name> <sha256>\n" lines, in the given order. */
export async function sha256Files(files: readonly { name: string; path: string }[]): Promise<string> {
  if (files.length === 1) return sha256File(files[0]!.path)
  const hash = createHash('sha256')
  for (const f of files) hash.update(`${f.name} ${await sha256File(f.path)}\n`)
  return hash.digest('hex')
}
