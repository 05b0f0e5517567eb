/**
 * Pre-tokenized sequences through the built dist/: JSONL records of varying length padded with 0
 * per batch (as raw text is), a fixed sequence length padded or cut only with max-length, cut at
 * max-length on an open axis; one ::error:: per mismatch. (text-wp-ids, text-wp-ids-fixed16,
 * text-wp-npz-fixed16 and text-wp-npz-cut8 against scikit-learn are in goldens.e2e.test.ts.)
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, type DistRun, expectRefused } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'inputs')
const MODEL = path.join(FIX, 'text-wp.onnx')
const FIXED = path.join(FIX, 'text-wp-fixed16.onnx')
const IDS = path.join(FIX, 'text-wp-ids.jsonl')
const NPZ = path.join(FIX, 'text-wp-ids.npz')
const CLASSES = 'weather,food,sport'
const dir = tempDir('sequences-')


function numbers(r: DistRun): Record<string, unknown> {
  const { data, model, runtime, provenance, ...rest } = r.metrics()
  void [data, model, runtime, provenance]
  return rest
}

type Rec = { input_ids: number[]; attention_mask: number[]; token_type_ids: number[]; label: string }
const records: Rec[] = readFileSync(IDS, 'utf8').trim().split('\n').map((l) => JSON.parse(l))

function jsonl(name: string, edit: (r: Rec, i: number) => void): string {
  const f = path.join(dir, name)
  writeFileSync(f, records.map((r, i) => {
    const c = structuredClone(r)
    edit(c, i)
    return JSON.stringify(c)
  }).join('\n') + '\n')
  return f
}

describe('pre-tokenized sequences', () => {
  it('JSONL ids of varying length give the raw-text run its numbers exactly (each batch padded to its longest)', async () => {
    expect(new Set(records.map((r) => r.input_ids.length)).size).toBeGreaterThan(3)
    const [ids, text] = await Promise.all([
      runDist({ model: MODEL, 'test-data': IDS, 'class-names': CLASSES, device: 'cpu' }),
      runDist({ model: MODEL, 'test-data': path.join(FIX, 'text-wp-test.csv'), tokenizer: path.join(FIX, 'text-wp', 'tokenizer.json'), 'class-names': CLASSES, device: 'cpu' })
    ])
    expect([ids.code, text.code]).toEqual([0, 0])
    expect(numbers(ids)).toEqual(numbers(text))
    expect(ids.metrics().model.inputs[0]).toEqual({ name: 'input_ids', source: `${IDS}:input_ids`, dtype: 'int64', data_dtype: 'JSON numbers', shape: ['N', 'longest in batch'] })
  })

  it('an .npz of another length than the model fixes: one error naming both lengths and max-length', async () => {
    expectRefused(
      await runDist({ model: FIXED, 'test-data': NPZ, 'class-names': CLASSES }),
      /model input 'input_ids' takes int64 \[N, 16\]: a fixed sequence length of 16; .*text-wp-ids\.npz:input_ids holds int64 \[120, 19\]: sequences of 19; set max-length: 16 to pad them with 0 or cut them to 16/
    )
  })

  it('max-length other than the fixed length', async () => {
    expectRefused(await runDist({ model: FIXED, 'test-data': NPZ, 'class-names': CLASSES, 'max-length': '8' }), /input 'max-length' is 8, but model input 'input_ids' takes int64 \[N, 16\]: a fixed sequence length of 16; set max-length: 16/)
  })

  it('JSONL records of another length than the model fixes, without max-length, named by line', async () => {
    const f = jsonl('fixed.jsonl', (r) => {
      const pad = (a: number[]) => [...a, ...new Array(16).fill(0)].slice(0, 16)
      r.input_ids = pad(r.input_ids)
      r.attention_mask = pad(r.attention_mask)
      r.token_type_ids = pad(r.token_type_ids)
    })
    // every record at 16: fed as it is, and equal to the run that pads them itself
    const [own, padded] = await Promise.all([
      runDist({ model: FIXED, 'test-data': f, 'class-names': CLASSES, device: 'cpu' }),
      runDist({ model: FIXED, 'test-data': IDS, 'class-names': CLASSES, 'max-length': '16', device: 'cpu' })
    ])
    expect([own.code, padded.code]).toEqual([0, 0])
    expect(numbers(own)).toEqual(numbers(padded))
    const short = path.join(dir, 'short.jsonl')
    writeFileSync(short, readFileSync(f, 'utf8').split('\n').map((l, i) => (i === 6 ? JSON.stringify({ ...JSON.parse(l), input_ids: [2, 5, 3], attention_mask: [1, 1, 1], token_type_ids: [0, 0, 0] }) : l)).join('\n'))
    expectRefused(await runDist({ model: FIXED, 'test-data': short, 'class-names': CLASSES }), /model input 'input_ids' takes int64 \[N, 16\]: a fixed sequence length of 16; .*short\.jsonl line 7, 'input_ids': sequences of 3; set max-length: 16/)
  })

  it('keys whose inputs share the sequence axis must agree in length within a record', async () => {
    const f = jsonl('disagree.jsonl', (r, i) => {
      if (i === 9) r.attention_mask = r.attention_mask.slice(1)
    })
    expectRefused(
      await runDist({ model: MODEL, 'test-data': f, 'class-names': CLASSES }),
      /test-data: .*disagree\.jsonl line 10 has \d+ values under 'input_ids' and \d+ under 'attention_mask', but model inputs 'input_ids' and 'attention_mask' share the sequence axis 'S'; give both keys the same length in every record/
    )
  })

  it('max-length cuts longer JSONL sequences on an open axis, as the .npz is cut: same numbers', async () => {
    const [j, z] = await Promise.all([
      runDist({ model: MODEL, 'test-data': IDS, 'class-names': CLASSES, 'max-length': '8', device: 'cpu' }),
      runDist({ model: MODEL, 'test-data': NPZ, 'class-names': CLASSES, 'max-length': '8', device: 'cpu' })
    ])
    expect([j.code, z.code]).toEqual([0, 0])
    // the .npz is padded to 19 and cut to 8; the JSONL batch to min(longest, 8): the same tensors
    expect(numbers(j)).toEqual(numbers(z))
    expect(j.metrics().model.inputs[1].shape).toEqual(['N', 'longest in batch, at most 8'])
  })

  it('a sequence that is not an array of numbers, and a value an int input cannot hold', async () => {
    const nested = jsonl('nested.jsonl', (r, i) => {
      if (i === 2) (r as unknown as { input_ids: unknown }).input_ids = [[2, 3]]
    })
    expectRefused(await runDist({ model: MODEL, 'test-data': nested, 'class-names': CLASSES }), /model input 'input_ids': .*nested\.jsonl line 3, 'input_ids' is not an array of numbers/)
    const frac = jsonl('frac.jsonl', (r, i) => {
      if (i === 4) r.input_ids[1] = 2.5
    })
    expectRefused(await runDist({ model: MODEL, 'test-data': frac, 'class-names': CLASSES }), /model input 'input_ids' takes int64; .*frac\.jsonl line 5, 'input_ids' has 2\.5, which is not a whole number/)
  })

  it('a float feature vector of varying length stays refused (only token inputs are padded)', async () => {
    const f = path.join(dir, 'float.jsonl')
    const rows = [0, 1, 2].map((i) => JSON.stringify({ features: new Array(i === 1 ? 11 : 12).fill(0.5), bucket: i, label: i }))
    writeFileSync(f, rows.join('\n') + '\n')
    expectRefused(await runDist({ model: path.join(FIX, 'wine-two.onnx'), 'test-data': f, 'max-length': '12' }), /line 2 has 11 values under 'features', the first record 12/)
  })

  it('an .npz with a longer open axis is cut at max-length; unset, it is fed whole', async () => {
    const n = 3
    const f = path.join(dir, 'bag.npz')
    const ids = BigInt64Array.from({ length: n * 6 }, (_, i) => BigInt(2 + (i % 5)))
    writeNpz(f, { input_ids: npy(ids, [n, 6]), attention_mask: npy(new BigInt64Array(n * 6).fill(1n), [n, 6]), token_type_ids: npy(new BigInt64Array(n * 6), [n, 6]), y: npy(BigInt64Array.from([0n, 1n, 2n]), [n]) })
    const cut = path.join(dir, 'bag-cut.npz')
    const first = (a: BigInt64Array) => BigInt64Array.from({ length: n * 4 }, (_, i) => a[Math.floor(i / 4) * 6 + (i % 4)]!)
    writeNpz(cut, { input_ids: npy(first(ids), [n, 4]), attention_mask: npy(new BigInt64Array(n * 4).fill(1n), [n, 4]), token_type_ids: npy(new BigInt64Array(n * 4), [n, 4]), y: npy(BigInt64Array.from([0n, 1n, 2n]), [n]) })
    const [a, b, whole] = await Promise.all([
      runDist({ model: MODEL, 'test-data': f, 'max-length': '4', device: 'cpu' }),
      runDist({ model: MODEL, 'test-data': cut, device: 'cpu' }),
      runDist({ model: MODEL, 'test-data': f, device: 'cpu' })
    ])
    expect([a.code, b.code, whole.code]).toEqual([0, 0, 0])
    expect(a.metrics().loss).toBe(b.metrics().loss)
    expect(whole.metrics().loss).not.toBe(a.metrics().loss)
  })
})
