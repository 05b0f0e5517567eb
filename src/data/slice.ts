/**
 * One shard's slice of a test set: samples [from, to) by index after the reader's own order (an
 * image folder's sorted files, an array's rows, a text file's lines), so every runner cuts the same
 * slices. The reader still reads the samples outside the slice — their bytes go into the test set's
 * sha256, which is what lets a merge tell shards of the same data from shards of another — but only
 * the slice reaches the model.
 */
import { InputError } from '../errors.js'
import type { Batch, TestSet } from './types.js'

export interface Slice {
  /** 1-based shard number and shard count. */
  readonly index: number
  readonly count: number
  readonly from: number
  readonly to: number
  /** Samples in the whole test set. */
  readonly total: number
}

/** Shard `index` of `count` over `total` samples: contiguous, the first `total % count` one sample longer. */
export function sliceBounds(index: number, count: number, total: number): Slice {
  const base = Math.floor(total / count)
  const extra = total % count
  const from = (index - 1) * base + Math.min(index - 1, extra)
  const to = from + base + (index <= extra ? 1 : 0)
  return { index, count, from, to, total }
}

/** Samples in a test set whose size is not known before reading (text files): one reading pass. */
async function countSamples(testSet: TestSet, batchSize: number): Promise<number> {
  let n = 0
  for await (const b of testSet.batches(batchSize)) n += b.size
  return n
}

function cut(batch: Batch, lo: number, hi: number, offset: number): Batch {
  const per = batch.size === 0 ? 0 : batch.features.length / batch.size
  const where = batch.where
  return {
    // a copy: the slice holds a part while it reads on (to the end, for the hash), and a reader may
    // reuse a batch's memory for a later one (Batch.features)
    features: batch.features.slice(lo * per, hi * per),
    labels: batch.labels.slice(lo, hi),
    size: hi - lo,
    offset,
    ...(batch.lines ? { lines: batch.lines.subarray(lo, hi) } : {}),
    ...(where ? { where: (i: number) => where(i + lo) } : {}),
    ...(batch.written ? { written: batch.written.slice(lo, hi) } : {})
  }
}

/**
 * The test set as one shard sees it: batches of the slice only, numbered from 0 (the accumulators and
 * the report index the slice's own samples); sampleFile maps back to the whole set's files.
 */
export async function sliceTestSet(testSet: TestSet, index: number, count: number, batchSize: number): Promise<{ testSet: TestSet; slice: Slice }> {
  const total = testSet.size ?? (await countSamples(testSet, batchSize))
  const slice = sliceBounds(index, count, total)
  const sliced: TestSet = {
    path: testSet.path,
    sha256: () => testSet.sha256(),
    get sampleShape() {
      return testSet.sampleShape
    },
    size: slice.to - slice.from,
    classNames: testSet.classNames,
    // Inputs fed by name travel as per-batch arrays the slice does not cut yet: refuse rather than feed the wrong rows.
    exactSingle: testSet.exactSingle,
    unfed: testSet.unfed,
    ...(testSet.bind
      ? {
          bind: () =>
            Promise.reject(
              new InputError(
                `input 'shard': this model's inputs are fed by name (several inputs, an inputs mapping, an int/bool/float16 input or text through a tokenizer), which cannot be sharded yet; evaluate it without shard and merge`,
                'shard'
              )
            )
        }
      : {}),
    async *batches(size: number) {
      // Batches of the slice are re-cut to `size`, so the model sees full batches as in a whole run.
      let pending: Batch[] = []
      let held = 0
      let emitted = 0
      const flush = function* (all: boolean): Generator<Batch> {
        while (held >= size || (all && held > 0)) {
          const take = Math.min(size, held)
          const parts: Batch[] = []
          let need = take
          while (need > 0) {
            const b = pending[0]!
            if (b.size <= need) {
              parts.push(b)
              pending.shift()
              need -= b.size
            } else {
              parts.push(cut(b, 0, need, b.offset))
              pending[0] = cut(b, need, b.size, b.offset + need)
              need = 0
            }
          }
          held -= take
          yield join(parts, emitted)
          emitted += take
        }
      }
      for await (const b of testSet.batches(size)) {
        const lo = Math.max(slice.from, b.offset) - b.offset
        const hi = Math.min(slice.to, b.offset + b.size) - b.offset
        if (hi > lo) {
          pending.push(cut(b, lo, hi, b.offset + lo))
          held += hi - lo
          yield* flush(false)
        }
        // later batches are still read: their bytes belong to the test set's sha256
      }
      yield* flush(true)
      pending = []
    },
    ...(testSet.adapt ? { adapt: (shape: readonly (number | string)[]) => testSet.adapt!(shape) } : {}),
    ...(testSet.parallel ? { parallel: (workers: number) => testSet.parallel!(workers) } : {}),
    ...(testSet.sampleFile ? { sampleFile: (i: number) => testSet.sampleFile!(slice.from + i) } : {}),
    ...(testSet.skipped ? { skipped: () => testSet.skipped!() } : {}),
    ...(testSet.warnings ? { warnings: () => testSet.warnings!() } : {})
  }
  return { testSet: sliced, slice }
}

/** One batch from consecutive parts, numbered `offset` in the slice. */
function join(parts: Batch[], offset: number): Batch {
  if (parts.length === 1) return { ...parts[0]!, offset }
  const size = parts.reduce((s, p) => s + p.size, 0)
  const features = new Float32Array(parts.reduce((s, p) => s + p.features.length, 0))
  let at = 0
  for (const p of parts) {
    features.set(p.features, at)
    at += p.features.length
  }
  const starts: number[] = []
  let s = 0
  for (const p of parts) {
    starts.push(s)
    s += p.size
  }
  const locate = (i: number): [Batch, number] => {
    let j = parts.length - 1
    while (starts[j]! > i) j--
    return [parts[j]!, i - starts[j]!]
  }
  const lines = parts.every((p) => p.lines) ? Int32Array.from(parts.flatMap((p) => Array.from(p.lines!))) : undefined
  const written = parts.some((p) => p.written) ? parts.flatMap((p) => (p.written ? [...p.written] : new Array<string | undefined>(p.size).fill(undefined))) : undefined
  return {
    features,
    labels: parts.flatMap((p) => [...p.labels]),
    size,
    offset,
    ...(lines ? { lines } : {}),
    ...(parts.some((p) => p.where) ? { where: (i: number) => { const [p, k] = locate(i); return p.where?.(k) ?? `sample ${p.offset + k}` } } : {}),
    ...(written ? { written } : {})
  }
}
