import { DataError } from '../errors.js'
import type { Batch, RawLabel } from './types.js'

/** Names for an error message: the first 20, then how many more (a header can have thousands). */
export function listed(names: readonly string[], most = 20): string {
  const shown = names.slice(0, most).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n)).join(', ')
  return names.length > most ? `${shown}, … (${names.length - most} more)` : shown
}

/**
 * The first values of a run are checked by TypedArray.includes, native code that is never cold:
 * the summing loop below runs its first ~10^5 iterations interpreted (a 100-sample mnist set, 78,400
 * values, took 2.5–4 ms there against 0.2 ms), while warm it is 3× faster than three native scans.
 */
const NATIVE_CHECKS = 1 << 18
let nativeChecked = 0

/** Refuses NaN and ±Inf features, naming the first sample that has one. */
export function checkFinite(features: Float32Array, sampleSize: number, offset: number, what: string): void {
  if (nativeChecked + features.length <= NATIVE_CHECKS) {
    nativeChecked += features.length
    if (scansFinite(features)) return
  } else if (sumIsFinite(features)) return
  for (let i = 0; i < features.length; i++) {
    const v = features[i]!
    if (v - v !== 0) {
      const sample = offset + Math.floor(i / sampleSize)
      throw new DataError(
        `test-data: ${what}: sample ${sample} has ${Number.isNaN(v) ? 'a NaN' : 'an infinite'} feature (position ${i % sampleSize}); clean or drop that sample`,
        'test-data'
      )
    }
  }
}

/** Every value finite, by three native scans (exported for the test holding the two ways equal). */
export function scansFinite(features: Float32Array): boolean {
  return !(features.includes(NaN) || features.includes(Infinity) || features.includes(-Infinity))
}

/** Every value finite, by summing (exported for the test holding the two ways equal). */
export function sumIsFinite(features: Float32Array): boolean {
  // a float64 sum of float32 values cannot overflow, so it is finite exactly when every value is;
  // only a bad chunk pays for the search in checkFinite (half the cost of testing each value)
  let a = 0
  let b = 0
  const even = features.length & ~1
  for (let i = 0; i < even; i += 2) {
    a += features[i]!
    b += features[i + 1]!
  }
  if (even < features.length) a += features[even]!
  return Number.isFinite(a + b)
}

/** Collects rows into fixed-size batches; used by readers that produce one sample at a time. */
export class BatchBuilder {
  private features: Float32Array
  private labels: RawLabel[] = []
  private written: (string | undefined)[] | undefined
  private lines: Int32Array | undefined
  private filled = 0
  private offset = 0

  constructor(
    private readonly sampleSize: number,
    private readonly batchSize: number,
    private readonly what: string
  ) {
    this.features = new Float32Array(sampleSize * batchSize)
  }

  get full(): boolean {
    return this.filled === this.batchSize
  }

  /**
   * @param line where the sample is in its file, for errors about its label later
   * @param written the label as written, when parsing lost it (JSON's 1e400)
   */
  push(row: ArrayLike<number>, label: RawLabel, line?: number, written?: string): void {
    this.features.set(row, this.filled * this.sampleSize)
    if (line !== undefined) (this.lines ??= new Int32Array(this.batchSize))[this.filled] = line
    if (written !== undefined) (this.written ??= [])[this.filled] = written
    this.labels.push(label)
    this.filled++
  }

  /** Hands out what is filled (undefined if nothing) and starts a fresh batch. */
  take(): Batch | undefined {
    if (this.filled === 0) return undefined
    const size = this.filled
    const batch: Batch = {
      features: size === this.batchSize ? this.features : this.features.slice(0, size * this.sampleSize),
      labels: this.labels,
      size,
      offset: this.offset,
      ...(this.lines ? this.located(this.lines.slice(0, size)) : {}),
      ...(this.written ? { written: this.written } : {})
    }
    checkFinite(batch.features, this.sampleSize, this.offset, this.what)
    this.offset += size
    this.filled = 0
    this.features = new Float32Array(this.sampleSize * this.batchSize)
    this.labels = []
    this.written = undefined
    this.lines = undefined
    return batch
  }

  private located(lines: Int32Array): Pick<Batch, 'lines' | 'where'> {
    return { lines, where: (i) => `${this.what} line ${lines[i]}` }
  }
}
