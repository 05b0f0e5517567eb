/**
 * Test-set and model hashes (src/data/hash.ts): small files are read in one synchronous call, big
 * ones streamed in 4 MiB chunks; either way the sha256 of the bytes on disk, and a file that cannot
 * be read rejects with its error code as before.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { sha256File, sha256Files } from '../src/data/hash.js'
import { readSmallFileSync } from '../src/files.js'
import { tempDir } from './helpers/run-dist.js'

const dir = tempDir('hash-test-')
const MiB = 1024 * 1024
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

function bytes(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size)
  for (let i = 0; i < size; i++) b[i] = (Math.imul(i + seed, 2654435761) >>> 24) & 0xff
  return b
}

describe('sha256File', () => {
  it('is the sha256 of the bytes on either side of the one-read size, and across chunk ends', async () => {
    for (const size of [0, 1, 4095, 4096, MiB - 1, MiB, MiB + 1, 4 * MiB, 4 * MiB + 1, 9 * MiB + 3]) {
      const f = path.join(dir, `f-${size}`)
      const b = bytes(size, size)
      writeFileSync(f, b)
      expect([size, await sha256File(f)]).toEqual([size, sha(b)])
    }
  })

  it('is the sha256 of random small files, and sha256Files hashes their lines in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 6 }), async (contents) => {
        const files = contents.map((c, i) => {
          const p = path.join(dir, `r-${i}`)
          writeFileSync(p, c)
          return { name: `c/${i}.png`, path: p }
        })
        for (const [i, c] of contents.entries()) expect(await sha256File(files[i]!.path)).toBe(sha(c))
        const lines = contents.map((c, i) => `c/${i}.png ${sha(c)}\n`).join('')
        expect(await sha256Files(files)).toBe(files.length === 1 ? sha(contents[0]!) : sha(Buffer.from(lines)))
      }),
      { seed: 20261202, numRuns: 60 }
    )
  })

  it('reads small regular files in one call, and hands a FIFO, a device or a big file back at once (undefined)', () => {
    const f = path.join(dir, 'small')
    writeFileSync(f, 'abc')
    expect(readSmallFileSync(f, 3)?.toString()).toBe('abc')
    expect(readSmallFileSync(f, 2)).toBeUndefined()
    const fifo = path.join(dir, 'a-fifo')
    spawnSync('mkfifo', [fifo])
    // no writer: a blocking open would wait here forever
    expect(readSmallFileSync(fifo, MiB)).toBeUndefined()
    expect(readSmallFileSync('/dev/zero', MiB)).toBeUndefined()
    expect(() => readSmallFileSync(path.join(dir, 'nope'), MiB)).toThrow(expect.objectContaining({ code: 'ENOENT' }))
  })

  it('rejects a missing file and a folder with their error codes', async () => {
    await expect(sha256File(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' })
    mkdirSync(path.join(dir, 'a-folder'), { recursive: true })
    await expect(sha256File(path.join(dir, 'a-folder'))).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
