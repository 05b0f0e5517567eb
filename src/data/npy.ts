/**
 * The .npy format (NEP 1): a magic string, a version, a header dict in Python literal syntax,
 * then the raw array. We read the header and decode rows on demand, so a big file can be
 * streamed by offset without loading it whole.
 */
import { DataError } from '../errors.js'

export type NpyDtype = 'f4' | 'f8' | 'f2' | 'u1' | 'i1' | 'u2' | 'i2' | 'u4' | 'i4' | 'u8' | 'i8' | 'b1' | `U${number}`

export interface NpyHeader {
  readonly dtype: NpyDtype
  readonly itemSize: number
  readonly shape: readonly number[]
  /** Byte offset where the data starts. */
  readonly dataOffset: number
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

/** Parses a header from the first bytes of a file (at least the whole header must be present). */
export function parseNpyHeader(bytes: Uint8Array, what: string, input = 'test-data'): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DataError(`${what} is not a .npy array (no \\x93NUMPY magic); save it with numpy.save`, input)
  }
  const major = bytes[6]!
  if (major < 1 || major > 3) throw new DataError(`${what}: .npy format version ${major} is unknown (numpy writes 1.0 to 3.0); save the array again with numpy.save`, input)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const start = major === 1 ? 10 : 12
  if (bytes.length < start) throw new DataError(`${what}: truncated .npy header (the file ends inside its preamble); save the array again with numpy.save`, input)
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  if (bytes.length < start + headerLen) {
    throw new DataError(`${what}: truncated .npy header (it declares ${headerLen} header bytes, the data ends before them); save the array again with numpy.save`, input)
  }
  const header = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen))
  const fields = headerFields(header)
  const unreadable = () => new DataError(`${what}: unreadable .npy header ${JSON.stringify(header.trim().slice(0, 200))}; save the array again with numpy.save`, input)
  if (!fields) throw unreadable()
  const descrValue = fields.get('descr')!
  if (descrValue.startsWith('[')) throw new DataError(`${what}: unsupported dtype ${descrValue.slice(0, 80)} (object or structured arrays cannot be read); save plain numeric arrays`, input)
  const descr = /^(['"])(.*)\1$/.exec(descrValue)?.[2]
  const fortran = /^(True|False)$/.exec(fields.get('fortran_order')!)?.[1]
  const shapeText = /^\(([^()]*)\)$/.exec(fields.get('shape')!)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw unreadable()
  const dims = shapeText.split(',').map((s) => s.trim())
  // numpy writes (n,) for one axis and () for a scalar: a trailing empty item is the tuple's comma.
  if (dims.length > 1 && dims[dims.length - 1] === '') dims.pop()
  if (dims.length === 1 && dims[0] === '') dims.pop()
  const badDim = dims.find((d) => !/^\d+$/.test(d) || !Number.isSafeInteger(Number(d)))
  if (badDim !== undefined) {
    throw new DataError(`${what}: the .npy header's shape (${shapeText.trim()}) has the dimension '${badDim}', not a whole number; save the array again with numpy.save`, input)
  }
  const shape = dims.map(Number)
  if (!Number.isSafeInteger(elementCount(shape))) {
    throw new DataError(`${what}: the .npy header's shape (${shapeText.trim()}) holds more elements than any file can; save the array again with numpy.save`, input)
  }
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr)
  if (!m) throw new DataError(`${what}: unsupported dtype '${descr}'; use float32, float64 or integer arrays`, input)
  const [, order, kind, sizeText] = m
  const size = Number(sizeText)
  if (order === '>' && size > 1) {
    throw new DataError(`${what}: big-endian dtype '${descr}' is not supported; convert with arr.astype(arr.dtype.newbyteorder('<'))`, input)
  }
  let dtype: NpyDtype
  let itemSize = size
  if (kind === 'U') {
    dtype = `U${size}`
    itemSize = size * 4
  } else if (kind === 'b' && size === 1) {
    dtype = 'b1'
  } else if (['f', 'i', 'u'].includes(kind!) && [1, 2, 4, 8].includes(size) && !(kind === 'f' && size === 1)) {
    dtype = `${kind}${size}` as NpyDtype
  } else {
    throw new DataError(`${what}: unsupported dtype '${descr}' (object or structured arrays cannot be read); save plain numeric arrays`, input)
  }
  if (fortran === 'True' && shape.length > 1) {
    throw new DataError(`${what} is in Fortran order; save it with numpy.save(np.ascontiguousarray(a))`, input)
  }
  return { dtype, itemSize, shape, dataOffset: start + headerLen }
}

/**
 * The header dict, read as numpy reads it (ast.literal_eval of the whole text): exactly the keys
 * descr, fortran_order and shape, and nothing but spaces around it. Looser matching would take a
 * header whose declared length cuts it short, or runs into the data, and read shifted bytes.
 */
function headerFields(header: string): Map<string, string> | undefined {
  const body = /^\{([\s\S]*)\}$/.exec(header.trim())?.[1]
  if (body === undefined) return undefined
  const entry = /\s*(['"])(\w+)\1\s*:\s*('[^']*'|"[^"]*"|True|False|\([^()]*\)|\[[^\]]*\])\s*(,|$)/y
  const fields = new Map<string, string>()
  while (entry.lastIndex < body.length && body.slice(entry.lastIndex).trim() !== '') {
    const m = entry.exec(body)
    if (!m || fields.has(m[2]!)) return undefined
    fields.set(m[2]!, m[3]!)
    if (m[4] === '') break
  }
  const keys = [...fields.keys()].sort().join(',')
  return keys === 'descr,fortran_order,shape' ? fields : undefined
}

/** Decodes `count` numeric elements into float32 (features). */
export function decodeFloat32(bytes: Uint8Array, dtype: NpyDtype, count: number, out = new Float32Array(count)): Float32Array {
  const src = typedView(bytes, dtype, count)
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) out[i] = Number(src[i]!)
  } else {
    out.set(src as ArrayLike<number>)
  }
  return out
}

/** Decodes labels as written: numbers for numeric dtypes, 64-bit integers as bigint (exact), strings for unicode arrays. */
export function decodeRawLabels(bytes: Uint8Array, dtype: NpyDtype, count: number): (number | bigint | string)[] {
  const column = decodeLabelColumn(bytes, dtype, count)
  return labelsAt(column, 0, count)
}

/**
 * A labels array as stored, one value a sample and no JS object per sample: the typed array of its
 * dtype (64-bit integers as bigint, exact), or strings for unicode arrays. A JS array of bigints
 * costs ~32 B a label where the int64 array itself is 8 (issue 14).
 */
export type LabelColumn =
  | readonly string[]
  | Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | BigInt64Array | BigUint64Array

export function decodeLabelColumn(bytes: Uint8Array, dtype: NpyDtype, count: number): LabelColumn {
  if (dtype.startsWith('U')) {
    const width = Number(dtype.slice(1))
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const out: string[] = []
    for (let i = 0; i < count; i++) {
      let s = ''
      for (let j = 0; j < width; j++) {
        const cp = view.getUint32((i * width + j) * 4, true)
        if (cp === 0) break
        s += String.fromCodePoint(cp)
      }
      out.push(s)
    }
    return out
  }
  const column = typedView(bytes, dtype, count) as LabelColumn
  return column instanceof BigInt64Array || column instanceof BigUint64Array ? narrowed(column) : column
}

/**
 * 64-bit labels that are all small whole numbers (class indices, as numpy saves them by default) in
 * a Uint8Array or Int32Array: the same values, 1 or 4 bytes a label instead of 8.
 */
function narrowed(column: BigInt64Array | BigUint64Array): LabelColumn {
  const words = new Int32Array(column.buffer, column.byteOffset, column.length * 2)
  const signed = column instanceof BigInt64Array
  let bytes = true
  for (let i = 0; i < column.length; i++) {
    const lo = words[2 * i]!
    const hi = words[2 * i + 1]!
    // int32 range: the high word is the low word's sign extension (for uint64, only non-negative values)
    if (hi !== lo >> 31 || (!signed && lo < 0)) return column
    if (lo >>> 8 !== 0) bytes = false
  }
  const out = bytes ? new Uint8Array(column.length) : new Int32Array(column.length)
  for (let i = 0; i < column.length; i++) out[i] = words[2 * i]!
  return out
}

/** Labels `from`…`to` of a column as a batch carries them (numbers, bigints or strings). */
export function labelsAt(column: LabelColumn, from: number, to: number): (number | bigint | string)[] {
  if (!ArrayBuffer.isView(column)) return (column as readonly string[]).slice(from, to)
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) return int64Labels(column, from, to)
  return Array.from((column as Exclude<LabelColumn, readonly string[] | BigInt64Array | BigUint64Array>).subarray(from, to))
}

/**
 * 64-bit labels within ±2^53 as numbers (the same value exactly, so the label checks and their
 * messages are the same), read from the two 32-bit words without making a bigint a label; beyond,
 * the bigint as written. Little-endian, as the .npy descr '<i8' / '<u8' is and typed arrays here are.
 */
function int64Labels(column: BigInt64Array | BigUint64Array, from: number, to: number): (number | bigint)[] {
  const words = new Int32Array(column.buffer, column.byteOffset + from * 8, (to - from) * 2)
  const signed = column instanceof BigInt64Array
  const out = new Array<number | bigint>(to - from)
  for (let i = 0; i < out.length; i++) {
    const hi = words[2 * i + 1]!
    out[i] = hi >= (signed ? -0x200000 : 0) && hi < 0x200000 ? hi * 4294967296 + (words[2 * i]! >>> 0) : column[from + i]!
  }
  return out
}

/** Decodes labels: numbers for numeric dtypes, strings for unicode arrays. */
export function decodeLabels(bytes: Uint8Array, dtype: NpyDtype, count: number): (number | string)[] {
  return decodeRawLabels(bytes, dtype, count).map((v) => (typeof v === 'bigint' ? Number(v) : v))
}

function typedView(bytes: Uint8Array, dtype: NpyDtype, count: number): ArrayLike<number> | BigInt64Array | BigUint64Array {
  // Typed arrays need aligned offsets; copy when the slice is not aligned (e.g. inside a zip).
  const size = bytesPer(dtype)
  const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice()
  const buf = aligned.buffer
  const off = aligned.byteOffset
  switch (dtype) {
    case 'f4': return new Float32Array(buf, off, count)
    case 'f8': return new Float64Array(buf, off, count)
    case 'f2': return float16(new Uint16Array(buf, off, count))
    case 'u1': case 'b1': return new Uint8Array(buf, off, count)
    case 'i1': return new Int8Array(buf, off, count)
    case 'u2': return new Uint16Array(buf, off, count)
    case 'i2': return new Int16Array(buf, off, count)
    case 'u4': return new Uint32Array(buf, off, count)
    case 'i4': return new Int32Array(buf, off, count)
    case 'u8': return new BigUint64Array(buf, off, count)
    case 'i8': return new BigInt64Array(buf, off, count)
    default: throw new DataError(`cannot read dtype ${dtype} as numbers`, 'test-data')
  }
}

function bytesPer(dtype: NpyDtype): number {
  return dtype.startsWith('U') ? 4 : Number(dtype.slice(1))
}

/** IEEE 754 binary16 bit patterns → their values (each one exact in float32). */
export function float16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length)
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!
    const s = h & 0x8000 ? -1 : 1
    const e = (h >> 10) & 0x1f
    const f = h & 0x3ff
    out[i] = e === 0 ? s * 2 ** -14 * (f / 1024) : e === 31 ? (f ? NaN : s * Infinity) : s * 2 ** (e - 15) * (1 + f / 1024)
  }
  return out
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}
