/**
 * The test set's sha256 made inside the read pass (a features .npy hashed as its chunks are read,
 * a CSV or JSONL as its stream is)
 * equals hashing the files on their own, and stays right when the pass stops early or the file has
 * bytes after the data; a pass that did not read every byte falls back to reading the file.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openNpy } from '../src/data/arrays.js'
import { openCsv } from '../src/data/csv.js'
import { openJsonl } from '../src/data/jsonl.js'
import { sha256Files } from '../src/data/hash.js'

const FIX = path.join(import.meta.dirname, '..', 'fixtures', 'classify')
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const expected = (x: string, y: string) => createHash('sha256').update(`features ${sha(x)}\nlabels ${sha(y)}\n`).digest('hex')

async function drain(set: { batches(n: number): AsyncIterable<{ size: number }> }, batchSize: number, stopAfter = Infinity): Promise<number> {
  let batches = 0
  for await (const b of set.batches(batchSize)) {
    expect(b.size).toBeGreaterThan(0)
    if (++batches >= stopAfter) break
  }
  return batches
}

describe('sha256 inside the read pass', () => {
  const x = path.join(FIX, 'digits-x.npy')
  const y = path.join(FIX, 'digits-y.npy')

  it('a complete pass gives the same sha256 as hashing the files, whatever the batch size', async () => {
    for (const batchSize of [1, 7, 64, 100000]) {
      const set = await openNpy(x, y)
      expect(await drain(set, batchSize)).toBeGreaterThan(0)
      expect(await set.sha256()).toBe(expected(x, y))
      expect(await set.sha256()).toBe(await sha256Files([{ name: 'features', path: x }, { name: 'labels', path: y }]))
    }
  })

  it('a pass stopped after one batch, or no pass at all, still gives the files’ sha256', async () => {
    const early = await openNpy(x, y)
    expect(await drain(early, 16, 1)).toBe(1)
    expect(await early.sha256()).toBe(expected(x, y))
    expect(await (await openNpy(x, y)).sha256()).toBe(expected(x, y))
  })

  it('the features file is read once: after a complete pass its hash needs no file, after a stopped one it does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'model-gate-hash-'))
    const copy = path.join(dir, 'x.npy')
    copyFileSync(x, copy)
    const want = expected(copy, y)
    const whole = await openNpy(copy, y)
    const early = await openNpy(copy, y)
    await drain(whole, 64)
    await drain(early, 64, 1)
    unlinkSync(copy)
    expect(await whole.sha256()).toBe(want)
    await expect(early.sha256()).rejects.toThrow(/ENOENT/)
  })

  it('bytes after the data belong to the hash, as they did when the file was hashed on its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'model-gate-hash-'))
    const tail = path.join(dir, 'x.npy')
    copyFileSync(x, tail)
    writeFileSync(tail, Buffer.from('trailing bytes'), { flag: 'a' })
    const set = await openNpy(tail, y)
    await drain(set, 64)
    expect(await set.sha256()).toBe(expected(tail, y))
    expect(await set.sha256()).not.toBe(expected(x, y))
  })

  describe.each(['csv', 'jsonl'] as const)('%s, read as a stream', (kind) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'model-gate-hash-'))
    const file = path.join(dir, `big.${kind}`)
    // several stream chunks (64 KiB each), so a pass stopped after one batch has not read to the end
    const rows = Array.from({ length: 6000 }, (_, i) => [i % 7, (i * 0.37) % 5, i % 3])
    writeFileSync(file, kind === 'csv' ? 'a,b,label\n' + rows.map((r) => r.join(',')).join('\n') + '\n' : rows.map((r) => JSON.stringify({ features: [r[0], r[1]], label: r[2] })).join('\n') + '\n')
    const open = () => (kind === 'csv' ? openCsv(file, { labelColumn: 'label', featureColumns: undefined }) : openJsonl(file, { labelColumn: 'label', featureColumns: undefined, inputKey: 'features' }))

    it('a complete pass hashes it without another read; a stopped one reads it for the hash', async () => {
      const want = sha(file)
      const whole = await open()
      const early = await open()
      expect(await drain(whole, 64)).toBe(Math.ceil(6000 / 64))
      expect(await drain(early, 64, 1)).toBe(1)
      expect(await early.sha256()).toBe(want)
      const copy = path.join(dir, `copy.${kind}`)
      copyFileSync(file, copy)
      // the whole pass's digest stands without the file; the stopped pass's needs it
      unlinkSync(file)
      try {
        expect(await whole.sha256()).toBe(want)
        await expect(early.sha256()).rejects.toThrow(/ENOENT/)
      } finally {
        copyFileSync(copy, file)
      }
    })
  })
})
