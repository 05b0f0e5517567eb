/**
 * Text classifiers from raw text through the built dist/ (metrics against scikit-learn are in
 * goldens.e2e.test.ts: text-wp, text-wp-max8): JSONL as CSV, a fixed sequence length, the bare
 * dist/ with no node_modules, and one ::error:: per mistake.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { ROOT, runDist, tempDir, expectOneError } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'inputs')
const MODEL = path.join(FIX, 'text-wp.onnx')
const FIXED = path.join(FIX, 'text-wp-fixed16.onnx')
const CSV = path.join(FIX, 'text-wp-test.csv')
const TOKENIZER = path.join(FIX, 'text-wp', 'tokenizer.json')
const golden = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'classify', 'goldens', 'text-wp.json'), 'utf8'))
const CLASSES = golden.classes.join(',')
const dir = tempDir('text-e2e-')


/** The CSV's rows as JSONL records {text, label}. */
function jsonl(): string {
  const f = path.join(dir, 'test.jsonl')
  const rows = parse(readFileSync(CSV, 'utf8'), { columns: true }) as { text: string; label: string }[]
  writeFileSync(f, rows.map((r) => JSON.stringify({ text: r.text, label: r.label })).join('\n') + '\n')
  return f
}

describe('text classifiers from raw text', () => {
  const base = { model: MODEL, tokenizer: TOKENIZER, 'class-names': CLASSES, device: 'cpu' }

  it('a JSONL with the same texts gives the CSV golden, and reports say what fed the inputs', async () => {
    const r = await runDist({ ...base, 'test-data': jsonl() })
    expect(r.code).toBe(0)
    const m = r.metrics()
    expect(m.accuracy).toBe(golden.accuracy)
    expect(Math.abs(m.loss - golden.loss)).toBeLessThanOrEqual(1e-6 * golden.loss)
    expect(m.model.inputs.map((i: { name: string }) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids'])
    expect(readFileSync(path.join(r.outDir, 'report.md'), 'utf8')).toContain(`\`input_ids\` (int64) ← \`${TOKENIZER} on ${path.join(dir, 'test.jsonl')}:text\``)
  })

  it('runs from a copy of dist/ alone: the tokenizer is bundled', async () => {
    const bare = tempDir('bare-text-')
    cpSync(path.join(ROOT, 'dist'), path.join(bare, 'dist'), { recursive: true })
    const r = await runDist({ ...base, 'test-data': CSV }, { script: path.join(bare, 'dist', 'index.js'), cwd: bare, env: { NODE_PATH: '' } })
    expect(r.code).toBe(0)
    expect(r.metrics().accuracy).toBe(golden.accuracy)
  })

  it('a model with a fixed sequence length runs with max-length, padded to it', async () => {
    const r = await runDist({ ...base, model: FIXED, 'test-data': CSV, 'max-length': '16' })
    expect(r.code).toBe(0)
    expect(r.metrics().n_samples).toBe(golden.n_samples)
    expect(r.metrics().model.inputs[0].shape).toEqual(['N', 16])
  })

  it('a fixed sequence length without max-length', async () => {
    expectOneError(await runDist({ ...base, model: FIXED, 'test-data': CSV }), /model input 'input_ids' takes int64 \[N, 16\]: a fixed sequence length of 16; set max-length: 16/)
  })

  it('a max-length other than the fixed sequence length', async () => {
    expectOneError(await runDist({ ...base, model: FIXED, 'test-data': CSV, 'max-length': '8' }), /input 'max-length' is 8, but model input 'input_ids' takes int64 \[N, 16\]/)
  })

  it('a model input no tokenizer makes', async () => {
    expectOneError(await runDist({ ...base, model: path.join(FIX, 'wine-two.onnx'), 'test-data': CSV }), /model input 'features' takes float32 \[N, 12\]; with a tokenizer, model-gate feeds input_ids, attention_mask, token_type_ids only/)
  })

  it('a text-column the file does not have', async () => {
    expectOneError(await runDist({ ...base, 'test-data': CSV, 'text-column': 'body' }), /has no column 'body' \(text-column\); its columns are: text, label/)
  })

  it('an inputs mapping beside a tokenizer', async () => {
    expectOneError(await runDist({ ...base, 'test-data': CSV, inputs: 'input_ids=ids' }), /input 'inputs' is set, but with a tokenizer the model's inputs come from the tokenizer/)
  })

  it('a tokenizer that is not a tokenizer.json', async () => {
    expectOneError(await runDist({ ...base, 'test-data': CSV, tokenizer: CSV }), /tokenizer: .*text-wp-test\.csv is not JSON/)
  })
})
