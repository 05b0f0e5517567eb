/** Writes .npy/.npz files for tests, so bad inputs are made on the fly rather than committed. */
import { writeFileSync } from 'node:fs'
import { zipSync } from 'fflate'

type Typed = Float32Array | Float64Array | Int32Array | BigInt64Array | BigUint64Array | Uint8Array | Int8Array | Int16Array | Uint16Array

const DESCR = new Map<unknown, string>([
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
  [Int32Array, '<i4'],
  [BigInt64Array, '<i8'],
  [BigUint64Array, '<u8'],
  [Uint8Array, '|u1'],
  [Int8Array, '|i1'],
  [Int16Array, '<i2'],
  [Uint16Array, '<u2']
])

/** @param as the dtype to write instead of the array's own: '|b1' for bool bytes, '<f2' for float16 bits */
export function npy(data: Typed | string[], shape: readonly number[], unicodeWidth = 8, as?: string): Uint8Array {
  const descr = as ?? (Array.isArray(data) ? `<U${unicodeWidth}` : DESCR.get(data.constructor)!)
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`
  const pad = 64 - ((10 + header.length + 1) % 64)
  header += ' '.repeat(pad % 64) + '\n'
  const head = new Uint8Array(10 + header.length)
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  new DataView(head.buffer).setUint16(8, header.length, true)
  head.set(new TextEncoder().encode(header), 10)
  let body: Uint8Array
  if (Array.isArray(data)) {
    const codes = new Uint32Array(data.length * unicodeWidth)
    data.forEach((s, i) => [...s].forEach((ch, j) => (codes[i * unicodeWidth + j] = ch.codePointAt(0)!)))
    body = new Uint8Array(codes.buffer)
  } else {
    body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  }
  const out = new Uint8Array(head.length + body.length)
  out.set(head)
  out.set(body, head.length)
  return out
}

export function writeNpz(file: string, arrays: Record<string, Uint8Array>, deflate = false): void {
  const entries: Record<string, Uint8Array> = {}
  for (const [k, v] of Object.entries(arrays)) entries[`${k}.npy`] = v
  writeFileSync(file, zipSync(entries, { level: deflate ? 6 : 0 }))
}
