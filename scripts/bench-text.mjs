#!/usr/bin/env node
// Text benchmark (run by `npm run bench -- text`): the Action on raw text (CSV read, tokenized with
// the tokenizer.json, padded per batch, inference, metrics, reports) against a bare session.run
// loop over the same batches pre-tokenized in memory, interleaved, BENCH_REPEATS (≥ 7) runs each;
// median and spread (min–max) of samples/s and tokens/s, and the tokenizer alone, to show whether
// tokenization is the bottleneck. Figures only, no assertions.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Tokenizer } from '@huggingface/tokenizers'
import { parse } from 'csv-parse/sync'
import ort from 'onnxruntime-node'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-bench-text-'))
const FIX = path.join(root, 'fixtures', 'inputs')
const model = path.join(FIX, 'text-wp.onnx')
const tokenizerFile = path.join(FIX, 'text-wp', 'tokenizer.json')
const BATCH = 64
const COPIES = Number(process.env.BENCH_TEXT_COPIES ?? 100)
const REPEATS = Math.max(7, Number(process.env.BENCH_REPEATS ?? 7))

const rows = parse(readFileSync(path.join(FIX, 'text-wp-test.csv'), 'utf8'), { columns: true })
const texts = Array.from({ length: rows.length * COPIES }, (_, i) => rows[i % rows.length])
const csv = path.join(tmp, 'texts.csv')
writeFileSync(csv, 'text,label\n' + texts.map((r) => `"${r.text.replace(/"/g, '""')}",${r.label}`).join('\n') + '\n')
const classes = 'weather,food,sport'

const tokenizer = new Tokenizer(JSON.parse(readFileSync(tokenizerFile, 'utf8')), {})
function tokenizeAll() {
  return texts.map((r) => tokenizer.encode(r.text, { return_token_type_ids: true }))
}
const t0 = process.hrtime.bigint()
const encoded = tokenizeAll()
const tokenizeSeconds = Number(process.hrtime.bigint() - t0) / 1e9
const tokens = encoded.reduce((a, e) => a + e.ids.length, 0)

/** The batches the Action feeds: each padded to its longest sequence, int64. */
const batches = []
for (let s = 0; s < encoded.length; s += BATCH) {
  const part = encoded.slice(s, s + BATCH)
  const len = Math.max(...part.map((e) => e.ids.length))
  const ids = new BigInt64Array(part.length * len)
  const mask = new BigInt64Array(part.length * len)
  const types = new BigInt64Array(part.length * len)
  part.forEach((e, r) => e.ids.forEach((id, j) => {
    ids[r * len + j] = BigInt(id)
    mask[r * len + j] = 1n
    types[r * len + j] = BigInt(e.token_type_ids[j])
  }))
  batches.push({ dims: [part.length, len], ids, mask, types })
}

async function bare() {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] })
  try {
    const feeds = batches.map((b) => ({ input_ids: new ort.Tensor('int64', b.ids, b.dims), attention_mask: new ort.Tensor('int64', b.mask, b.dims), token_type_ids: new ort.Tensor('int64', b.types, b.dims) }))
    const t = process.hrtime.bigint()
    for (const f of feeds) await session.run(f)
    return Number(process.hrtime.bigint() - t) / 1e9
  } finally {
    await session.release()
  }
}

function action() {
  const out = path.join(tmp, 'report')
  const env = {
    PATH: process.env.PATH, INPUT_MODEL: model, 'INPUT_TEST-DATA': csv, INPUT_TOKENIZER: tokenizerFile, 'INPUT_CLASS-NAMES': classes,
    'INPUT_BATCH-SIZE': String(BATCH), INPUT_DEVICE: 'cpu', 'INPUT_OUTPUT-DIR': out, 'INPUT_UPLOAD-ARTIFACT': 'false', INPUT_COMMENT: 'false', INPUT_PROMOTE: 'false',
    GITHUB_OUTPUT: path.join(tmp, 'o'), GITHUB_STEP_SUMMARY: path.join(tmp, 's')
  }
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  const t = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let log = ''
    child.stdout.on('data', (d) => (log += d))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(log))
      const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'))
      resolve({ engine: m.runtime.seconds, wall: Number(process.hrtime.bigint() - t) / 1e9, n: m.n_samples })
    })
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (v) => Math.round(v).toLocaleString('en-US')
const line = (label, seconds) => {
  const perSec = seconds.map((s) => tokens / s)
  return `${label.padEnd(34)}${fmt(texts.length / median(seconds))} texts/s, ${fmt(median(perSec))} tokens/s (spread ${fmt(Math.min(...perSec))}–${fmt(Math.max(...perSec))})`
}

const bares = []
const engines = []
const walls = []
for (let r = 0; r < REPEATS; r++) {
  bares.push(await bare())
  const a = await action()
  if (a.n !== texts.length) throw new Error(`bench: the Action read ${a.n} texts of ${texts.length}`)
  engines.push(a.engine)
  walls.push(a.wall)
}
console.log(`\n## text: ${path.relative(root, model)} + tokenizer.json, batch ${BATCH}, ${fmt(texts.length)} texts, ${fmt(tokens)} tokens (median of ${REPEATS}, interleaved)`)
console.log(line('bare session.run, pre-tokenized', bares))
console.log(line('Action, engine (tokenizing too)', engines) + `   ratio ${(median(bares) / median(engines)).toFixed(3)}`)
console.log(line('Action, whole process', walls) + `   ratio ${(median(bares) / median(walls)).toFixed(3)} (start-up, model load and reports included)`)
console.log(`${'tokenizer alone (one pass)'.padEnd(34)}${fmt(texts.length / tokenizeSeconds)} texts/s, ${fmt(tokens / tokenizeSeconds)} tokens/s`)
rmSync(tmp, { recursive: true, force: true })
