import { DataError } from '../errors.js'
import type { Batch, RawLabel } from './types.js'

/**
 * What a stored label means to a classifier: whole numbers are class indices as they are, names go
 * through class-names. The readers hand labels over as stored; classification maps them here.
 */
export class LabelMap {
  private readonly byName: Map<string, number> | undefined

  constructor(readonly classNames: readonly string[] | undefined) {
    this.byName = classNames ? new Map(classNames.map((n, i) => [n, i])) : undefined
  }

  toIndex(raw: RawLabel, sample: number): number {
    if (typeof raw === 'number') {
      if (Number.isInteger(raw) && raw >= 0) return raw
      throw new DataError(
        `test-data: sample ${sample} has label ${raw}; labels must be whole class indices from 0, or class names with class-names`,
        'test-data'
      )
    }
    const name = raw.trim()
    const known = this.byName?.get(name)
    if (known !== undefined) return known
    if (/^\d+$/.test(name)) return Number(name)
    if (this.byName) {
      throw new DataError(
        `test-data: sample ${sample} has label '${name}', which is not in class-names (${this.classNames!.slice(0, 20).join(', ')}${this.classNames!.length > 20 ? ', …' : ''}); fix the label or the class list`,
        'class-names'
      )
    }
    throw new DataError(
      `test-data: sample ${sample} has the label name '${name}'; give class-names (a comma list or file, in the model's output order) so names map to class indices`,
      'class-names'
    )
  }

  /** Class indices of a batch's labels, each checked as toIndex does. */
  toIndices(batch: Pick<Batch, 'labels' | 'offset'>): Int32Array {
    const out = new Int32Array(batch.labels.length)
    for (let i = 0; i < out.length; i++) out[i] = this.toIndex(batch.labels[i]!, batch.offset + i)
    return out
  }
}
