#!/usr/bin/env node
// `npm run bench -- startup`: the fixed cost of a small gate. Runs, interleaved, (a) a bare process
// that imports onnxruntime-node and loops session.run over the samples and (b) node dist/index.js on
// the same samples, and reports for each: process start → first session.run, and the whole process.
// The machine is shared, so the figures that matter are the ratios (medians over the runs, with
// their spread as min–max of the per-pair ratios), not the milliseconds.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const zoo = path.resolve(root, '..', 'shared', 'datasets', 'mnist-zoo')
// BENCH_DIST: another build's dist/ (e.g. an older commit's) to measure instead of this one's
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'))
const REPEATS = Math.max(7, Number(process.env.BENCH_REPEATS ?? 7))
const N = Number(process.env.BENCH_STARTUP_SAMPLES ?? 100)
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-startup-'))

function npy(bytes) {
  const headerLen = bytes.readUInt16LE(8)
  const header = bytes.subarray(10, 10 + headerLen).toString('latin1')
  const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim()).map(Number)
  return { header, shape, offset: 10 + headerLen }
}

/** The first n rows of an .npy, written as an .npy. */
function head(bytes, n, file) {
  const { header, shape, offset } = npy(bytes)
  const per = (bytes.length - offset) / shape[0]
  const newHeader = header.replace(/'shape': \((\d+)/, `'shape': (${n}`).padEnd(header.length)
  const out = Buffer.concat([bytes.subarray(0, 10), Buffer.from(newHeader, 'latin1'), bytes.subarray(offset, offset + n * per)])
  writeFileSync(file, out)
  return file
}

function timed(args, env) {
  const file = path.join(tmp, `t-${Math.random().toString(36).slice(2)}`)
  const t0 = process.hrtime.bigint()
  const child = spawn(process.execPath, ['--import', path.join(root, 'scripts', 'bench-first-run.mjs'), ...args], {
    env: { PATH: process.env.PATH, ...env, BENCH_FIRST_RUN_FILE: file },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}:\n${log}`))
      const t = JSON.parse(readFileSync(file, 'utf8'))
      resolve({ firstRun: t.firstRun, wall })
    })
  )
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`

const files = unzipSync(readFileSync(path.join(zoo, 'test.npz')))
const xf = head(Buffer.from(files['x.npy']), N, path.join(tmp, 'x.npy'))
const yf = head(Buffer.from(files['y.npy']), N, path.join(tmp, 'y.npy'))
const model = path.join(zoo, 'model.onnx')
const out = path.join(tmp, 'report')
const actionEnv = {
  INPUT_MODEL: model,
  'INPUT_TEST-DATA': xf,
  INPUT_LABELS: yf,
  INPUT_DEVICE: 'auto',
  'INPUT_OUTPUT-DIR': out,
  INPUT_THRESHOLDS: 'accuracy: ">= 0.5"',
  GITHUB_OUTPUT: path.join(tmp, 'out'),
  GITHUB_STEP_SUMMARY: path.join(tmp, 'summary')
}
writeFileSync(actionEnv.GITHUB_OUTPUT, '')
writeFileSync(actionEnv.GITHUB_STEP_SUMMARY, '')

const bare = []
const action = []
for (let r = 0; r < REPEATS; r++) {
  // alternate which goes first, so a drift in the machine's load is shared by both
  const pair = async () => [await timed([path.join(root, 'scripts', 'bench-bare-loop.mjs'), model, xf], {}), await timed([path.join(dist, 'index.js')], actionEnv)]
  const [b, a] = r % 2 === 0 ? await pair() : (await (async () => { const a = await timed([path.join(dist, 'index.js')], actionEnv); const b = await timed([path.join(root, 'scripts', 'bench-bare-loop.mjs'), model, xf], {}); return [b, a] })())
  bare.push(b)
  action.push(a)
}
const ms = (v) => `${Math.round(v)} ms`
const firstRatios = action.map((a, i) => bare[i].firstRun / a.firstRun)
const wallRatios = action.map((a, i) => bare[i].wall / a.wall)
console.log(`\n## start-up: mnist-8 (fixed batch 1), ${N} samples, device auto, ${REPEATS} interleaved pairs (medians; spread = min–max of the pairs' ratios)`)
console.log(`process start → first session.run   bare ${ms(median(bare.map((b) => b.firstRun)))}   model-gate ${ms(median(action.map((a) => a.firstRun)))}   model-gate extra ${ms(median(action.map((a, i) => a.firstRun - bare[i].firstRun)))}`)
console.log(`                                     ratio bare/model-gate ${median(firstRatios).toFixed(2)} (${spread(firstRatios)})`)
console.log(`whole process                        bare ${ms(median(bare.map((b) => b.wall)))}   model-gate ${ms(median(action.map((a) => a.wall)))}`)
console.log(`                                     ratio bare/model-gate ${median(wallRatios).toFixed(2)} (${spread(wallRatios)})`)
rmSync(tmp, { recursive: true, force: true })
