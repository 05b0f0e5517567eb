/**
 * Conversions to a model input's dtype: each value checked to fit, never wrapped or truncated;
 * float16 rounding equal to numpy's (fixtures/inputs/float16-golden.json, made by make_inputs.py).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { float16 } from '../src/data/npy.js'
import { convertValues, halfBits, nativeValues, type Misfit } from '../src/data/feeds.js'
import { readInputMapping } from '../src/inputs.js'
import { FUZZ_SEED } from './helpers/fuzz.js'
import { ROOT } from './helpers/run-dist.js'

const misfit: Misfit = (i, value, why) => new Error(`#${i} ${value} ${why}`)

describe('convertValues', () => {
  it('whole floats become integers; a fraction, NaN or out-of-range value is refused at its index', () => {
    expect([...(convertValues(Float32Array.from([0, 255, 7]), 'f4', 'uint8', misfit) as Uint8Array)]).toEqual([0, 255, 7])
    expect(() => convertValues(Float32Array.from([1, 2.5]), 'f4', 'int32', misfit)).toThrow('#1 2.5 is not a whole number')
    expect(() => convertValues(Float64Array.from([256]), 'f8', 'uint8', misfit)).toThrow("#0 256 is outside uint8's range 0..255")
    expect(() => convertValues(Int32Array.from([0, -129]), 'i4', 'int8', misfit)).toThrow("#1 -129 is outside int8's range -128..127")
    expect(() => convertValues(Float32Array.from([NaN]), 'f4', 'int64', misfit)).toThrow('#0 NaN is not a whole number')
    expect(() => convertValues(Float32Array.from([Infinity]), 'f4', 'float32', misfit)).toThrow('#0 Infinity is infinite')
  })

  it('int64 keeps every 64-bit value; narrower dtypes refuse what they cannot hold', () => {
    const big = BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n])
    expect(convertValues(big, 'i8', 'int64', misfit)).toBe(big)
    expect(() => convertValues(BigUint64Array.from([2n ** 63n]), 'u8', 'int64', misfit)).toThrow("outside int64's range")
    expect(() => convertValues(BigInt64Array.from([2n ** 31n]), 'i8', 'int32', misfit)).toThrow("#0 2147483648 is outside int32's range")
    expect(() => convertValues(BigInt64Array.from([2n ** 53n + 1n]), 'i8', 'float64', misfit)).toThrow('float64 cannot hold exactly')
    expect(() => convertValues(Int32Array.from([2 ** 24 + 1]), 'i4', 'float32', misfit)).toThrow('float32 cannot hold exactly')
    expect(() => convertValues(Float64Array.from([2 ** 60]), 'f8', 'int64', misfit)).toThrow('beyond 2^53')
  })

  it('bool takes 0 and 1 only; float64 beyond float32 is refused, not made infinite', () => {
    expect([...(convertValues(Uint8Array.from([0, 1]), 'u1', 'bool', misfit) as Uint8Array)]).toEqual([0, 1])
    expect(() => convertValues(Float32Array.from([0.5]), 'f4', 'bool', misfit)).toThrow('is not 0 or 1')
    expect(() => convertValues(Float64Array.from([1e39]), 'f8', 'float32', misfit)).toThrow("beyond float32's largest value")
  })

  it('every integer of every narrow dtype converts to every dtype that holds it, exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom('int64', 'int32', 'int8', 'uint8', 'float64', 'float32', 'float16', 'bool' as const), (v, target) => {
        const fits = { int64: true, int32: true, int8: v >= -128 && v <= 127, uint8: v >= 0 && v <= 255, float64: true, float32: Math.fround(v) === v, float16: Math.abs(v) <= 2048, bool: v === 0 || v === 1 }[target]
        let out: ArrayLike<number | bigint> | undefined
        try {
          out = convertValues(Int32Array.of(v), 'i4', target, misfit)
        } catch {
          out = undefined
        }
        expect(out !== undefined).toBe(fits)
        if (!out) return
        const back = target === 'float16' ? float16(out as Uint16Array)[0] : Number(out[0])
        expect(back).toBe(v)
      }),
      { seed: FUZZ_SEED, numRuns: 2000 }
    )
  })

  it('reads unaligned .npy bytes of every numeric dtype', () => {
    const bytes = new Uint8Array(17)
    new DataView(bytes.buffer).setInt32(1, -5, true)
    expect([...(nativeValues(bytes.subarray(1, 5), 'i4', 1) as Int32Array)]).toEqual([-5])
  })
})

describe('halfBits', () => {
  it("rounds float64 to float16 as numpy's astype(float16) does (ties to even, subnormals)", () => {
    const golden = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'inputs', 'float16-golden.json'), 'utf8')) as { values: string[]; bits: number[] }
    expect(golden.values.length).toBeGreaterThan(800)
    const wrong = golden.values.map((v, i) => [v, halfBits(Number(v)), golden.bits[i]] as const).filter(([v, got, want]) => got !== want && Number(v) < 65520)
    expect(wrong).toEqual([])
  })

  it('every finite float16 comes back as its own bits', () => {
    const bits = new Uint16Array(65536).map((_, i) => i)
    const values = float16(bits)
    const off: number[] = []
    for (let b = 0; b < 65536; b++) if ((b & 0x7c00) !== 0x7c00 && halfBits(values[b]!) !== b) off.push(b)
    expect(off).toEqual([])
  })
})

describe('readInputMapping', () => {
  it('reads model-input=array pairs, by commas or lines', () => {
    expect([...readInputMapping('input_ids=ids, attention_mask = mask\ntoken_type_ids=tt')!]).toEqual([['input_ids', 'ids'], ['attention_mask', 'mask'], ['token_type_ids', 'tt']])
    expect(readInputMapping(undefined)).toBeUndefined()
    expect(() => readInputMapping('a=b, a=c')).toThrow("maps 'a' twice")
    expect(() => readInputMapping('a')).toThrow("has 'a': write model-input=array pairs")
  })
})

describe('int64 from small integers', () => {
  it('negative and positive int32 values become the same int64 values (the fast path)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 50 }), (vs) => {
        const out = convertValues(Int32Array.from(vs), 'i4', 'int64', misfit) as BigInt64Array
        expect([...out]).toEqual(vs.map((v) => BigInt(v)))
      }),
      { seed: FUZZ_SEED, numRuns: 300 }
    )
    expect([...(convertValues(Int8Array.of(-128, 127), 'i1', 'int64', misfit) as BigInt64Array)]).toEqual([-128n, 127n])
  })
})
