/**
 * Property-based, with the shared fault-injection harness (helpers/fuzz.ts): valid PNG and ONNX
 * bytes, mutated (truncated, bits flipped, bytes inserted or deleted, headers that lie), run through
 * the built dist/ in a child process. The promise for every mutant: either the clean twin's exact
 * numbers, or exit 1 with exactly one ::error:: that names the input and says what to do, no stack
 * trace, no passed=true, within a time and memory bound. Seeded (MODEL_GATE_FUZZ_SEED), so a
 * failure reproduces; MODEL_GATE_FUZZ_RUNS runs a longer campaign, MODEL_GATE_FUZZ_REPORT=1 prints
 * the tally.
 *
 * Mutations are the ones whose right answer is one of those two: a bit flipped inside a weight or
 * an attribute value of the ONNX model makes a different valid model, and a PNG header shrunk with
 * its CRC fixed a different valid picture, so neither is generated (the protobuf walker below finds
 * the value fields to leave alone).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { byteMutations, cleanNumbers, expectPromise, fuzzParameters, fuzzTimeout, Tally, writeTwin } from './helpers/fuzz.js'
import { decodeWithSharp } from '../src/data/pil-decode.js'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

const QUICK = 8
const BOUNDS = { timeoutMs: 30_000, maxRssMiB: 700 }

// --- PNG ------------------------------------------------------------------------------------

const crc32 = (() => {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  return (b: Uint8Array) => {
    let c = 0xffffffff
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
})()

type PngMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'bigger'; field: 'width' | 'height'; factor: number }
  | { kind: 'header'; field: 'depth' | 'colour' | 'interlace'; value: number }

/** IHDR lies with the CRC recomputed, so the lie itself is what the decoder meets. */
function mutatePng(src: Uint8Array, m: PngMutation): Uint8Array {
  const b = Uint8Array.from(src)
  const view = new DataView(b.buffer)
  if (m.kind === 'truncate') return b.slice(0, m.at % (b.length - 12)) // always cuts into IEND or before
  if (m.kind === 'flip') {
    b[m.at % b.length]! ^= 1 << m.bit
    return b
  }
  // IHDR data at 16..29: width, height, depth, colour type, compression, filter, interlace
  if (m.kind === 'bigger') view.setUint32(m.field === 'width' ? 16 : 20, Math.min(view.getUint32(m.field === 'width' ? 16 : 20) * m.factor, 0x7fffffff))
  else b[{ depth: 24, colour: 25, interlace: 28 }[m.field]] = m.value
  view.setUint32(29, crc32(b.subarray(12, 29)))
  return b
}

const pngMutation: fc.Arbitrary<PngMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('bigger' as const), field: fc.constantFrom('width' as const, 'height' as const), factor: fc.constantFrom(2, 3, 1000, 1 << 20) }),
  // depth 8 → an invalid depth or one the data is too short for; colour type 0/2 → invalid or wider; interlace 2+ is invalid
  fc.record({ kind: fc.constant('header' as const), field: fc.constantFrom('depth' as const, 'colour' as const, 'interlace' as const), value: fc.constantFrom(3, 5, 7, 16, 255) })
)

// --- ONNX -----------------------------------------------------------------------------------

interface Walk {
  /** [start, end) of bytes holding numbers: weights, attribute values. */
  values: [number, number][]
  /** Offsets of one-byte varints worth lying about: ir_version, opset versions, input dims. */
  lies: number[]
}

function varint(b: Uint8Array, at: number): [number, number] {
  let v = 0
  let shift = 0
  let i = at
  for (;;) {
    const x = b[i++]!
    v += (x & 0x7f) * 2 ** shift
    if (!(x & 0x80)) return [v, i]
    shift += 7
  }
}

/** Just enough of onnx.proto's field numbers to tell structure from values. */
const MESSAGES: Record<string, Record<number, string>> = {
  model: { 7: 'graph', 8: 'opset' },
  graph: { 1: 'node', 5: 'tensor', 11: 'value', 12: 'value', 13: 'value' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor' },
  value: { 2: 'type' },
  type: { 1: 'tensorType' },
  tensorType: { 2: 'shape' },
  shape: { 1: 'dim' }
}
// TensorProto float/int32/int64/raw/double data; AttributeProto f, i, floats, ints
const VALUE_FIELDS: Record<string, number[]> = { tensor: [4, 5, 7, 9, 10], attribute: [2, 3, 7, 8] }
// ModelProto.ir_version, OperatorSetIdProto.version, a graph input's Dimension.dim_value
const LIE_FIELDS: Record<string, number[]> = { model: [1], opset: [2], inputDim: [1] }

function walkOnnx(b: Uint8Array): Walk {
  const out: Walk = { values: [], lies: [] }
  const visit = (start: number, end: number, kind: string, inInput: boolean): void => {
    let i = start
    while (i < end) {
      const [tag, afterTag] = varint(b, i)
      const field = Math.floor(tag / 8)
      const wire = tag & 7
      let next: number
      let bodyStart = afterTag
      if (wire === 0) next = varint(b, afterTag)[1]
      else if (wire === 1) next = afterTag + 8
      else if (wire === 5) next = afterTag + 4
      else if (wire === 2) {
        const [len, at] = varint(b, afterTag)
        bodyStart = at
        next = at + len
        const child = MESSAGES[kind]?.[field]
        if (child && !VALUE_FIELDS[kind]?.includes(field)) {
          const input = inInput || (kind === 'graph' && field === 11)
          visit(at, next, child === 'dim' && input ? 'inputDim' : child, input)
        }
      } else throw new Error(`unexpected wire type ${wire} at ${i}`)
      if (VALUE_FIELDS[kind]?.includes(field)) out.values.push([bodyStart, next])
      if (wire === 0 && LIE_FIELDS[kind]?.includes(field) && next - afterTag === 1) out.lies.push(afterTag)
      i = next
    }
  }
  visit(0, b.length, 'model', false)
  return out
}

type OnnxMutation = { kind: 'truncate'; at: number } | { kind: 'flip'; at: number; bit: number } | { kind: 'lie'; which: number; value: number }

function mutateOnnx(src: Uint8Array, w: Walk, structural: number[], m: OnnxMutation): Uint8Array {
  const b = Uint8Array.from(src)
  if (m.kind === 'truncate') return b.slice(0, m.at % b.length)
  if (m.kind === 'flip') {
    b[structural[m.at % structural.length]!]! ^= 1 << m.bit
    return b
  }
  b[w.lies[m.which % w.lies.length]!] = m.value
  return b
}

const onnxMutation: fc.Arbitrary<OnnxMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  // a one-byte varint stays one byte: 0, 2, 0x7f (an IR version, opset or input dim nobody has)
  fc.record({ kind: fc.constant('lie' as const), which: fc.nat(), value: fc.constantFrom(0, 2, 0x7f) })
)

// --- the properties -------------------------------------------------------------------------

const DIR = path.join(ROOT, 'fixtures', 'images')
const PREP = { 'image-size': '32', crop: '28', mean: 'imagenet', std: 'imagenet', device: 'cpu' }

describe('mutated PNG and ONNX bytes through dist/ (fast-check)', () => {
  it('a PNG in an image folder: truncated, flipped, bytes inserted or deleted, or an IHDR that lies', async () => {
    const root = path.join(tempDir('fuzz-png-'), 'data')
    cpSync(path.join(DIR, 'shapes'), root, { recursive: true })
    const target = path.join(root, 'square', 'square-02.png')
    const original = new Uint8Array(readFileSync(target))
    const inputs = { model: path.join(DIR, 'shapes-cnn.onnx'), 'test-data': root, ...PREP }
    const clean = cleanNumbers(await runDist(inputs))
    const tally = new Tally()
    const mutation = fc.oneof(
      pngMutation.map((m) => ({ label: JSON.stringify(m), apply: (b: Uint8Array) => mutatePng(b, m) })),
      byteMutations(original.length)
    )
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        writeFileSync(target, m.apply(original))
        const v = await expectPromise(inputs, clean, { ...BOUNDS, inputs: ['test-data'] })
        if (v.outcome === 'refused') expect(v.error).toMatch(/^test-data: cannot decode .*square-02\.png \(.+\); replace or remove it, or set skip-bad-files: true$/)
        tally.add(v)
      }),
      fuzzParameters(QUICK)
    )
    writeFileSync(target, original)
    tally.report('PNG in an image folder')
    expect(tally.refused).toBeGreaterThan(0) // the mutations do break files
    expect(tally.different).toBe(0)
  }, fuzzTimeout(QUICK))

  it('a JPEG in an image folder: its markers and frame header damaged (the space read from the header, one sharp call)', async () => {
    const root = path.join(tempDir('fuzz-jpeg-'), 'data')
    cpSync(path.join(DIR, 'shapes'), root, { recursive: true })
    const target = path.join(root, 'square', 'square-03.jpg')
    const original = new Uint8Array(readFileSync(target))
    // the bytes before the scan: the markers, tables and frame header jpeg-header.ts reads
    let sos = 2
    while (sos + 4 <= original.length && !(original[sos] === 0xff && original[sos + 1] === 0xda)) sos += 2 + ((original[sos + 2]! << 8) | original[sos + 3]!)
    expect(sos).toBeGreaterThan(100)
    const inputs = { model: path.join(DIR, 'shapes-cnn.onnx'), 'test-data': root, ...PREP }
    const clean = cleanNumbers(await runDist(inputs))
    const pixels = async (b: Uint8Array) => decodeWithSharp(b, false).then((r) => Buffer.from(r.data).toString('base64'), () => undefined)
    const cleanPixels = await pixels(original)
    const tally = new Tally()
    await fc.assert(
      fc.asyncProperty(byteMutations(original.length, { from: 0, to: sos + 12 }), async (m) => {
        const bytes = m.apply(original)
        writeFileSync(target, bytes)
        // a damaged table or header can make a different valid picture: the numbers may then
        // differ, but only where libvips' own two-call decode reads other pixels from the file too
        const theirs = await pixels(bytes)
        const reference = () => (theirs !== undefined && theirs !== cleanPixels ? 'libvips (metadata, then decode) reads other pixels from the mutant' : undefined)
        const v = await expectPromise(inputs, clean, { ...BOUNDS, inputs: ['test-data'], reference })
        if (v.outcome === 'refused') expect(v.error).toMatch(/^test-data: cannot decode .*square-03\.jpg \(.+\); replace or remove it, or set skip-bad-files: true$/)
        tally.add(v)
      }),
      fuzzParameters(QUICK)
    )
    writeFileSync(target, original)
    tally.report('JPEG in an image folder')
    expect(tally.refused).toBeGreaterThan(0)
  }, fuzzTimeout(QUICK))

  it('an ONNX model: truncated, a structural bit flipped, or an IR version, opset or input dim that lies', async () => {
    const model = new Uint8Array(readFileSync(path.join(ROOT, 'fixtures', 'classify', 'digits-cnn.onnx')))
    const w = walkOnnx(model)
    expect(w.lies.length).toBeGreaterThanOrEqual(5) // ir_version, opset, the input's 1, 8, 8
    const inValues = new Uint8Array(model.length)
    for (const [s, e] of w.values) inValues.fill(1, s, e)
    const structural = [...inValues.keys()].filter((i) => inValues[i] === 0)
    expect(structural.length).toBeGreaterThan(300)
    const data = path.join(ROOT, 'fixtures', 'classify', 'digits-test.npz')
    const clean = cleanNumbers(await runDist({ model: writeTwin('digits-cnn.onnx', model), 'test-data': data, device: 'cpu' }))
    const tally = new Tally()
    await fc.assert(
      fc.asyncProperty(onnxMutation, async (m) => {
        const file = writeTwin('digits-cnn.onnx', mutateOnnx(model, w, structural, m))
        tally.add(await expectPromise({ model: file, 'test-data': data }, clean, { ...BOUNDS, inputs: ['model', 'test-data', 'output-name', 'input-name'] }))
      }),
      fuzzParameters(QUICK)
    )
    tally.report('ONNX model')
    expect(tally.refused).toBeGreaterThan(0) // the mutations do break models
    expect(tally.different).toBe(0)
  }, fuzzTimeout(QUICK))
})
