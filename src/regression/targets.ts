/**
 * Labels read as regression targets. The readers hand every stored label to a LabelMap with its
 * sample index; this one keeps the number instead of mapping it to a class, so the data readers
 * need no regression path of their own.
 */
import { DataError } from '../errors.js'
import { LabelMap } from '../data/labels.js'
import type { RawLabel } from '../data/types.js'

export class TargetMap extends LabelMap {
  private values = new Float64Array(1024)
  /** Whether a label was seen that cannot be a class index (a fraction, or below 0). */
  continuous = false
  seen = 0

  /**
   * @param mode regression: every label is a target; classification: class indices as usual;
   *   probe (task auto, until decided): class indices, except that a label that is not a whole
   *   number marks the test set as regression.
   */
  constructor(classNames: readonly string[] | undefined, public mode: 'regression' | 'classification' | 'probe') {
    super(classNames)
  }

  override toIndex(raw: RawLabel, sample: number, where?: string, written?: string): number {
    const v = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : raw.trim() === '' ? NaN : Number(raw)
    if (sample >= this.values.length) {
      const next = new Float64Array(Math.max(sample + 1, this.values.length * 2))
      next.set(this.values)
      this.values = next
    }
    this.values[sample] = v
    this.seen = Math.max(this.seen, sample + 1)
    // Labels named through class-names are classes: a fraction among them is a bad label, not a regression target.
    if (this.mode === 'classification' || (this.mode === 'probe' && this.classNames !== undefined)) return super.toIndex(raw, sample, where, written)
    if (Number.isFinite(v) && (!Number.isInteger(v) || v < 0)) this.continuous = true
    if (this.mode === 'regression' || this.continuous) {
      if (!Number.isFinite(v)) {
        throw new DataError(`test-data: ${where ?? `sample ${sample}`} has the target '${written ?? String(raw)}', not a finite number; regression needs numeric labels`, 'test-data')
      }
      return 0
    }
    return super.toIndex(raw, sample, where, written)
  }

  /** Target of sample `i`; valid once the reader has handed that sample out. */
  target(i: number): number {
    return this.values[i]!
  }
}
