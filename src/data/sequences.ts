/**
 * Pre-tokenized sequences (.npz arrays, JSONL keys): an integer or bool model input of rank 2 is
 * [batch, sequence]. A sequence of another length than the model fixes is refused unless max-length
 * is set to that length, then padded with 0 or cut; with a sequence axis the model leaves open,
 * max-length cuts longer sequences. Cutting drops the values past max-length (a tokenizer's [SEP]
 * included), unread: unlike tokenizing raw text, which keeps the special tokens.
 */
import { DataError } from '../errors.js'
import type { InputInfo } from './types.js'

const TOKEN_DTYPES = new Set(['int64', 'int32', 'int8', 'uint8', 'bool'])

/** A model input that takes token sequences: integer or bool, [batch, sequence]. */
export function isSequenceInput(info: InputInfo): boolean {
  return info.shape.length === 2 && TOKEN_DTYPES.has(info.type)
}

/** The model's fixed sequence length, or undefined where it leaves it open. */
export function fixedLength(info: InputInfo): number | undefined {
  const d = info.shape[1]
  return typeof d === 'number' && d > 0 ? d : undefined
}

/** The name the model gives its sequence axis: inputs that share it must have the same length in a sample. */
export function sequenceAxis(info: InputInfo): string {
  const d = info.shape[1]
  return typeof d === 'number' && d > 0 ? String(d) : typeof d === 'string' && d !== '' ? d : '?'
}

/** max-length against a model's fixed length: set, it must equal it. */
export function checkMaxLength(info: InputInfo, takes: string, maxLength: number | undefined): void {
  const fixed = fixedLength(info)
  if (fixed !== undefined && maxLength !== undefined && maxLength !== fixed) {
    throw new DataError(`input 'max-length' is ${maxLength}, but ${takes}: a fixed sequence length of ${fixed}; set max-length: ${fixed}`, 'max-length')
  }
}

/**
 * The length sequences of `length` are fed at, or one error: the model's fixed length when
 * max-length allows padding or cutting to it, else the data's, cut at max-length.
 */
export function fedLength(info: InputInfo, length: number, takes: string, holds: string, maxLength: number | undefined): number {
  checkMaxLength(info, takes, maxLength)
  const fixed = fixedLength(info)
  if (fixed !== undefined) {
    if (length === fixed || maxLength !== undefined) return fixed
    throw new DataError(
      `${takes}: a fixed sequence length of ${fixed}; ${holds}: sequences of ${length}; set max-length: ${fixed} to pad them with 0 or cut them to ${fixed} (or save the array with ${fixed} on that axis)`,
      'max-length'
    )
  }
  return maxLength !== undefined ? Math.min(length, maxLength) : length
}

type Rows = { readonly length: number; subarray(a: number, b: number): Rows; constructor: unknown } & ArrayLike<unknown>

/** `count` rows of `from` values as rows of `to`: cut, or padded with zeros (0, 0n, false, float16 +0). */
export function resizeRows<T extends Rows>(data: T, count: number, from: number, to: number): T {
  if (from === to) return data
  const out = new (data.constructor as new (n: number) => T)(count * to)
  const keep = Math.min(from, to)
  for (let r = 0; r < count; r++) (out as unknown as { set(a: Rows, o: number): void }).set(data.subarray(r * from, r * from + keep), r * to)
  return out
}
