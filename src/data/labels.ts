import { DataError } from '../errors.js'
import type { Batch, RawLabel } from './types.js'

/** Class indices are held in Int32Arrays: anything above this would wrap, so it is refused instead. */
export const MAX_CLASS_INDEX = 2 ** 31 - 1

/** A number as text may name a class index only if it is a whole number, however it is written (1, 1.0, 1e0). */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * What a stored label means to a classifier: whole numbers are class indices as they are, names go
 * through class-names. The readers hand labels over as stored; classification maps them here.
 */
export class LabelMap {
  private readonly byName: Map<string, number> | undefined

  constructor(readonly classNames: readonly string[] | undefined) {
    this.byName = classNames ? new Map(classNames.map((n, i) => [n, i])) : undefined
  }

  /**
   * @param where the file and row the label came from, for the error (e.g. `data.csv line 7`)
   * @param written the label as written in the file, when `raw` lost it in parsing (JSON's 1e400)
   */
  toIndex(raw: RawLabel, sample: number, where = `sample ${sample}`, written?: string): number {
    if (typeof raw === 'bigint') {
      if (raw >= 0n && raw <= BigInt(this.limit())) return Number(raw)
      return this.refuse(where, written ?? raw.toString())
    }
    if (typeof raw === 'number') {
      if (Number.isInteger(raw) && raw >= 0 && raw <= this.limit()) return raw
      return this.refuse(where, written ?? String(raw))
    }
    const name = raw.trim()
    if (name === '') throw new DataError(`test-data: ${where} has an empty label; give every sample its class (an index, or a name with class-names)`, 'test-data')
    const known = this.byName?.get(name)
    if (known !== undefined) return known
    if (NUMERIC.test(name)) {
      const v = Number(name)
      if (Number.isInteger(v) && v >= 0 && v <= this.limit()) return v
      return this.refuse(where, `'${written ?? name}'`)
    }
    if (this.byName) {
      throw new DataError(
        `test-data: ${where} has the label '${name}', which is not in class-names (${this.classNames!.slice(0, 20).join(', ')}${this.classNames!.length > 20 ? ', …' : ''}); fix the label or the class list`,
        'class-names'
      )
    }
    throw new DataError(
      `test-data: ${where} has the label name '${name}'; give class-names (a comma list or file, in the model's output order) so names map to class indices`,
      'class-names'
    )
  }

  /** The largest class index a label may be: the last class-name, else what an Int32Array holds. */
  private limit(): number {
    return this.classNames ? this.classNames.length - 1 : MAX_CLASS_INDEX
  }

  private refuse(where: string, shown: string): never {
    const range = this.classNames ? `from 0 to ${this.classNames.length - 1}, as class-names lists ${this.classNames.length} classes` : 'from 0 up to the number of classes'
    throw new DataError(
      `test-data: ${where} has the label ${shown}, which is not a class index (a whole number ${range}); fix that label, or map names with class-names`,
      'test-data'
    )
  }

  /** Class indices of a batch's labels, each checked as toIndex does, errors naming where the sample is. */
  toIndices(batch: Pick<Batch, 'labels' | 'offset' | 'where' | 'written'>): Int32Array {
    const out = new Int32Array(batch.labels.length)
    for (let i = 0; i < out.length; i++) out[i] = this.toIndex(batch.labels[i]!, batch.offset + i, batch.where?.(i), batch.written?.[i])
    return out
  }
}
