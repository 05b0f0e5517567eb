/**
 * JSONL test sets through dist/: the iris fixture written as JSON Lines in both layouts must give the
 * same scikit-learn golden numbers as the CSV it came from.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'classify')
const golden = JSON.parse(readFileSync(path.join(FIX, 'goldens', 'iris-csv.json'), 'utf8'))
const rows = parse(readFileSync(path.join(FIX, 'iris-test.csv')), { columns: true }) as Record<string, string>[]
const features = golden.inputs['feature-columns'].split(',') as string[]
const dir = tempDir('jsonl-')

function write(name: string, records: object[], blankLines = false): string {
  const f = path.join(dir, name)
  writeFileSync(f, records.map((r) => JSON.stringify(r)).join(blankLines ? '\n\n' : '\n') + '\n')
  return f
}

async function expectGolden(inputs: Record<string, string>) {
  const r = await runDist({ model: path.join(ROOT, golden.inputs.model), 'label-column': 'species', 'class-names': golden.inputs['class-names'], device: 'cpu', ...inputs })
  if (r.code !== 0) throw new Error(r.stdout)
  const m = r.metrics()
  expect(m.n_samples).toBe(golden.n_samples)
  expect(Math.abs(m.accuracy - golden.accuracy)).toBeLessThanOrEqual(1e-9)
  expect(Math.abs(m.macro_f1 - golden.macro_f1)).toBeLessThanOrEqual(1e-9)
  expect(Math.abs(m.loss - golden.loss)).toBeLessThanOrEqual(1e-6 * golden.loss)
  expect(m.confusion_matrix).toEqual(golden.confusion_matrix)
}

describe('JSONL test sets', () => {
  it('a features array per record', async () => {
    const f = write('array.jsonl', rows.map((r) => ({ features: features.map((k) => Number(r[k])), species: r.species })), true)
    await expectGolden({ 'test-data': f })
  })

  it('named keys (with spaces), in feature-columns order whatever the record order', async () => {
    const f = write('keys.jsonl', rows.map((r) => ({ species: r.species, ...Object.fromEntries([...features].reverse().map((k) => [k, Number(r[k])])) })))
    await expectGolden({ 'test-data': f, 'feature-columns': golden.inputs['feature-columns'] })
  })

  it('a record that breaks the shape is an error naming its line', async () => {
    const recs = rows.map((r) => ({ features: features.map((k) => Number(r[k])), species: r.species }))
    recs[4] = { features: [1, 2, 3], species: 'setosa' }
    const r = await runDist({ model: path.join(ROOT, golden.inputs.model), 'test-data': write('bad.jsonl', recs), 'label-column': 'species', 'class-names': golden.inputs['class-names'] })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([expect.stringMatching(/bad\.jsonl line 5 has 3 values under 'features', the first record 4/)])
  })
})
