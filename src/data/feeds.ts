/**
 * Values as a file holds them (an .npy's dtype), converted once to the dtype a model input takes,
 * each checked to fit: a fraction never becomes an integer, 300 never wraps into a uint8, an integer
 * a float cannot hold exactly is refused rather than rounded, a float too big for float16 is refused
 * rather than made infinite.
 */
import { float16 } from './npy.js'
import type { NpyDtype } from './npy.js'

/** The input dtypes model-gate feeds (onnxruntime's names). */
export const MODEL_DTYPES = ['float32', 'float64', 'float16', 'int64', 'int32', 'int8', 'uint8', 'bool'] as const
export type ModelDtype = (typeof MODEL_DTYPES)[number]

/** What onnxruntime takes for each dtype: float16 as its bit patterns, bool as bytes. */
export type FeedData = Float32Array | Float64Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array

export function isModelDtype(type: string): type is ModelDtype {
  return (MODEL_DTYPES as readonly string[]).includes(type)
}

/** numpy's name for an .npy dtype, for messages. */
export function numpyName(dtype: NpyDtype): string {
  const names: Record<string, string> = {
    f2: 'float16', f4: 'float32', f8: 'float64', u1: 'uint8', i1: 'int8', u2: 'uint16', i2: 'int16',
    u4: 'uint32', i4: 'int32', u8: 'uint64', i8: 'int64', b1: 'bool'
  }
  return names[dtype] ?? `str (${dtype})`
}

type Source = Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | BigInt64Array | BigUint64Array

/** A view of `count` little-endian values of `dtype` (copied when the bytes are not aligned). */
export function nativeValues(bytes: Uint8Array, dtype: NpyDtype, count: number): Source {
  const ctors: Record<string, { new (b: ArrayBuffer, o: number, n: number): Source; BYTES_PER_ELEMENT: number }> = {
    f2: Uint16Array, f4: Float32Array, f8: Float64Array, u1: Uint8Array, i1: Int8Array, b1: Uint8Array, u2: Uint16Array,
    i2: Int16Array, u4: Uint32Array, i4: Int32Array, u8: BigUint64Array, i8: BigInt64Array
  }
  const Ctor = ctors[dtype]
  if (!Ctor) throw new RangeError(`no numeric view for dtype ${dtype}`)
  const aligned = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice()
  const view = new Ctor(aligned.buffer as ArrayBuffer, aligned.byteOffset, count)
  return dtype === 'f2' ? float16(view as Uint16Array) : view
}

/** Why value `index` does not fit, e.g. "0.5 is not a whole number". */
export type Misfit = (index: number, value: string, why: string) => Error

const INT_RANGE: Record<string, readonly [number, number]> = { int8: [-128, 127], uint8: [0, 255], int32: [-(2 ** 31), 2 ** 31 - 1] }
/** Integer dtypes of at most 32 bits, held exactly by an Int32Array word. */
const SMALL_INTS = new Set(['i1', 'u1', 'i2', 'u2', 'i4', 'b1'])
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const FLOAT_MAX: Record<string, number> = { float16: 65504, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE }

/**
 * `src` (values of `srcDtype`) as `target`, or the error `misfit` makes for the first value that
 * does not fit. float16 sources arrive decoded (nativeValues), so they are read as float32.
 */
export function convertValues(src: Source, srcDtype: NpyDtype, target: ModelDtype, misfit: Misfit): FeedData {
  const n = src.length
  const isFloatSrc = srcDtype === 'f2' || srcDtype === 'f4' || srcDtype === 'f8'
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) return fromBigInts(src, target, misfit)
  const values = src as ArrayLike<number>
  switch (target) {
    case 'float32':
    case 'float64': {
      const out = target === 'float32' ? new Float32Array(n) : new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]!
        if (v - v !== 0) throw misfit(i, String(v), `is ${Number.isNaN(v) ? 'NaN' : 'infinite'}; clean or drop that sample`)
        out[i] = v
        if (!isFloatSrc && out[i] !== v) throw misfit(i, String(v), `is an integer ${target} cannot hold exactly`)
        if (out[i]! - out[i]! !== 0) throw misfit(i, String(v), `is beyond ${target}'s largest value ${FLOAT_MAX[target]}`)
      }
      return out
    }
    case 'float16': {
      const out = new Uint16Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]!
        if (v - v !== 0) throw misfit(i, String(v), `is ${Number.isNaN(v) ? 'NaN' : 'infinite'}; clean or drop that sample`)
        const bits = halfBits(v)
        if ((bits & 0x7c00) === 0x7c00) throw misfit(i, String(v), `is beyond float16's largest value ${FLOAT_MAX.float16}`)
        if (!isFloatSrc && halfValue(bits) !== v) throw misfit(i, String(v), 'is an integer float16 cannot hold exactly (float16 holds whole numbers exactly up to 2048)')
        out[i] = bits
      }
      return out
    }
    case 'bool': {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]!
        if (v !== 0 && v !== 1) throw misfit(i, String(v), 'is not 0 or 1 (false or true)')
        out[i] = v
      }
      return out
    }
    case 'int64': {
      const out = new BigInt64Array(n)
      if (SMALL_INTS.has(srcDtype)) {
        // Every value fits: write the two 32-bit halves (little-endian, as onnxruntime's platforms
        // are) instead of a BigInt per value, which made token ids cost more than tokenizing them.
        const words = new Int32Array(out.buffer)
        for (let i = 0; i < n; i++) {
          const v = values[i]!
          words[2 * i] = v
          words[2 * i + 1] = v < 0 ? -1 : 0
        }
        return out
      }
      for (let i = 0; i < n; i++) {
        const v = values[i]!
        if (!Number.isInteger(v)) throw misfit(i, String(v), 'is not a whole number; int64 takes whole numbers (a float feature is never truncated)')
        if (!Number.isSafeInteger(v)) throw misfit(i, String(v), 'is a float beyond 2^53, where it stands for several integers; save the array as int64')
        out[i] = BigInt(v)
      }
      return out
    }
    default: {
      const [lo, hi] = INT_RANGE[target]!
      const out = target === 'int32' ? new Int32Array(n) : target === 'int8' ? new Int8Array(n) : new Uint8Array(n)
      if (srcDtype === { int32: 'i4', int8: 'i1', uint8: 'u1' }[target]) return (out.set(values), out)
      for (let i = 0; i < n; i++) {
        const v = values[i]!
        if (!Number.isInteger(v)) throw misfit(i, String(v), `is not a whole number; ${target} takes whole numbers (a float feature is never truncated)`)
        if (v < lo || v > hi) throw misfit(i, String(v), `is outside ${target}'s range ${lo}..${hi}`)
        out[i] = v
      }
      return out
    }
  }
}

function fromBigInts(src: BigInt64Array | BigUint64Array, target: ModelDtype, misfit: Misfit): FeedData {
  const n = src.length
  if (target === 'int64') {
    if (src instanceof BigInt64Array) return src
    const out = new BigInt64Array(n)
    for (let i = 0; i < n; i++) {
      if (src[i]! > INT64_MAX) throw misfit(i, String(src[i]), `is outside int64's range ${INT64_MIN}..${INT64_MAX}`)
      out[i] = src[i]!
    }
    return out
  }
  // Every other dtype holds less than 2^53: through a Number, refusing what does not come back exact.
  const numbers = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = Number(src[i]!)
    if (BigInt(v) !== src[i]!) throw misfit(i, String(src[i]), `is an integer ${target} cannot hold exactly`)
    numbers[i] = v
  }
  return convertValues(numbers, 'i8', target, misfit)
}

function roundEven(x: number): number {
  const f = Math.floor(x)
  const d = x - f
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1
}

/** binary16 bits of a finite double, rounded to nearest even as numpy's astype(float16) does (0x7c00 on overflow). */
export function halfBits(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0
  const a = Math.abs(v)
  if (a === 0) return sign
  if (a >= 65520) return sign | 0x7c00
  // Below the smallest normal: a count of 2^-24 steps (1024 of them is the smallest normal, as it should be).
  if (a < 2 ** -14) return sign | roundEven(a * 2 ** 24)
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e--
  else if (2 ** (e + 1) <= a) e++
  let m = roundEven((a / 2 ** e - 1) * 1024)
  if (m === 1024) {
    m = 0
    e++
  }
  return sign | ((e + 15) << 10) | m
}

function halfValue(bits: number): number {
  return float16(Uint16Array.of(bits))[0]!
}
