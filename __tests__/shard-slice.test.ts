/**
 * The slicing under `shard: i/n` (fast-check): for any test-set size, shard count, reader batch size
 * and model batch size, the shards' slices are contiguous, tile the test set in order, differ in
 * length by at most one, and carry exactly the reader's samples (features, labels, where) with
 * offsets numbered from 0 in the slice; the rows of shards joined in order are the whole.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { sliceBounds, sliceTestSet } from '../src/data/slice.js'
import type { Batch, TestSet } from '../src/data/types.js'
import { joinRows } from '../src/shard/state.js'

const PER = 3

/**
 * A reader of `n` samples, sample i's features all i, its label `L<i>`, in batches of at most
 * `readerBatch`; `recycle`: full batches take turns in two buffers, as an image folder's do (a batch's
 * memory is rewritten two batches later: Batch.features).
 */
function reader(n: number, readerBatch: number, knownSize: boolean, recycle = false): TestSet {
  return {
    path: 'fake.csv',
    sha256: async () => 'f'.repeat(64),
    sampleShape: [PER],
    size: knownSize ? n : undefined,
    classNames: undefined,
    async *batches(requested: number) {
      const step = Math.min(requested, readerBatch)
      const ring = [new Float32Array(step * PER), new Float32Array(step * PER)]
      for (let offset = 0; offset < n; offset += step) {
        const size = Math.min(step, n - offset)
        const features = recycle && size === step ? ring[(offset / step) % 2]! : new Float32Array(size * PER)
        for (let i = 0; i < size; i++) features.fill(offset + i, i * PER, (i + 1) * PER)
        const b: Batch = { features, labels: Array.from({ length: size }, (_, i) => `L${offset + i}`), size, offset, where: (i) => `row ${offset + i}` }
        yield b
      }
    },
    sampleFile: (i) => `file-${i}`
  }
}

describe('shard slices', () => {
  it('tile the test set: contiguous, in order, lengths within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 64 }), (total, count) => {
        const slices = Array.from({ length: count }, (_, k) => sliceBounds(k + 1, count, total))
        expect(slices[0]!.from).toBe(0)
        expect(slices.at(-1)!.to).toBe(total)
        for (let k = 1; k < count; k++) expect(slices[k]!.from).toBe(slices[k - 1]!.to)
        const lengths = slices.map((s) => s.to - s.from)
        expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1)
      })
    )
  })

  it("carry exactly the reader's samples, re-batched to the model's batch size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.boolean(), fc.boolean(),
        async (n, count0, readerBatch, modelBatch, knownSize, recycle) => {
          const count = Math.min(count0, n)
          const seen: number[] = []
          for (let k = 1; k <= count; k++) {
            const { testSet, slice } = await sliceTestSet(reader(n, readerBatch, knownSize, recycle), k, count, modelBatch)
            expect(testSet.size).toBe(slice.to - slice.from)
            let expectOffset = 0
            for await (const b of testSet.batches(modelBatch)) {
              expect(b.offset).toBe(expectOffset)
              expect(b.size).toBeLessThanOrEqual(modelBatch)
              expect(b.features.length).toBe(b.size * PER)
              for (let i = 0; i < b.size; i++) {
                const global = slice.from + b.offset + i
                expect([b.features[i * PER], b.labels[i], b.where?.(i)]).toEqual([global, `L${global}`, `row ${global}`])
                seen.push(global)
              }
              expectOffset += b.size
            }
            expect(testSet.sampleFile!(0)).toBe(`file-${slice.from}`)
          }
          expect(seen).toEqual(Array.from({ length: n }, (_, i) => i))
        }
      ),
      { seed: 20261201, numRuns: 150 }
    )
  })

  it('rows joined in shard order are the rows of the whole, plain values taken once', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), { minLength: 1, maxLength: 7 }), (parts) => {
        const joined = joinRows(parts.map((p) => ({ predicted: Float64Array.from(p), labels: Int32Array.from(p.map((_, i) => i)), kind: 'logits' })))
        expect(Array.from(joined.predicted as Float64Array)).toEqual(parts.flat())
        expect(Array.from(joined.labels as Int32Array)).toEqual(parts.flatMap((p) => p.map((_, i) => i)))
        expect(joined.kind).toBe('logits')
      })
    )
  })
})
