/**
 * hasExternalData (src/model/external-data.ts): which models must be loaded from their path because
 * onnxruntime would look for their tensor files in the working directory when loaded from bytes.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { hasExternalData } from '../src/model/external-data.js'
import { ROOT } from './helpers/run-dist.js'

const FIXTURES = path.join(ROOT, 'fixtures')
const onnxFiles = (readdirSync(FIXTURES, { recursive: true }) as string[]).filter((f) => f.endsWith('.onnx')).map((f) => path.join(FIXTURES, f))
const EXTERNAL = path.join(FIXTURES, 'classify', 'external')

describe('hasExternalData', () => {
  it('every fixture model with its tensors inside says false', () => {
    const inline = onnxFiles.filter((f) => !f.startsWith(EXTERNAL + path.sep))
    expect(inline.length).toBeGreaterThan(10)
    for (const f of inline) expect([path.relative(ROOT, f), hasExternalData(readFileSync(f))]).toEqual([path.relative(ROOT, f), false])
  })

  it('initializers stored outside (make_external_data.py) say true', () => {
    expect(hasExternalData(readFileSync(path.join(EXTERNAL, 'digits-cnn-external.onnx')))).toBe(true)
  })

  it("a Constant node's value stored outside says true: node attributes are walked too", () => {
    expect(hasExternalData(readFileSync(path.join(EXTERNAL, 'constant.onnx')))).toBe(true)
  })

  it('bytes that are not a model say undefined (loaded from the path, where onnxruntime says what is wrong)', () => {
    const model = readFileSync(path.join(FIXTURES, 'classify', 'digits-cnn.onnx'))
    expect(hasExternalData(Buffer.from('not a model'.repeat(10)))).toBeUndefined()
    expect(hasExternalData(new Uint8Array(0))).toBeUndefined()
    expect(hasExternalData(model.subarray(0, model.length - 7))).toBeUndefined()
    // subgraphs nested deeper than the stack (model.graph → node → attribute → g → node …): no RangeError escapes
    const varint = (v: number) => {
      const out: number[] = []
      for (; v >= 128; v = Math.floor(v / 128)) out.push((v % 128) | 0x80)
      out.push(v)
      return out
    }
    const fields = [7, ...Array.from({ length: 30000 }, (_, i) => [1, 5, 6][i % 3]!)]
    const sizes: number[] = new Array(fields.length)
    let inner = 0
    for (let i = fields.length - 1; i >= 0; i--) sizes[i] = inner = 1 + varint(inner).length + inner
    const nested = Uint8Array.from(fields.flatMap((f, i) => [(f << 3) | 2, ...varint(sizes[i + 1] ?? 0)]))
    expect(nested.length).toBe(sizes[0])
    expect([undefined, false]).toContain(hasExternalData(nested))
  })

  it('never throws on mutated model bytes (fast-check)', () => {
    const model = readFileSync(path.join(EXTERNAL, 'digits-cnn-external.onnx'))
    fc.assert(
      fc.property(fc.integer({ min: 0, max: model.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: model.length }), (at, byte, cut) => {
        const b = Uint8Array.from(model.subarray(0, Math.max(cut, at + 1)))
        b[at] = byte
        expect([true, false, undefined]).toContain(hasExternalData(b))
      }),
      { seed: 20261201, numRuns: 500 }
    )
  })
})
