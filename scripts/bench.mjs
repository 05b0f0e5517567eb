#!/usr/bin/env node
// `npm run bench`: how close the whole Action comes to a bare onnxruntime loop, and how its memory
// grows with the test set. Figures, not assertions: nothing here fails on a slow machine.
//
// For each workload:
//   bare    a loop of session.run over the same batches of the same model, features already in memory
//   action  node dist/index.js (the committed bundle) on the same data from disk: reading, batching,
//           inference, metrics, gate and reports. Its own samples/s (engine) and the process's wall
//           time (start-up included) are both shown.
// and the peak RSS of the Action at N and 10·N samples.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'
import ort from 'onnxruntime-node'
import { npyHeader } from './bench-npy.mjs'
import { runAction } from './bench-run.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-bench-'))
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3)
// BENCH_DIST: the build to measure (default this checkout's dist/); BENCH_DIST_BEFORE: another build's
// dist/ (e.g. main's, built in a temporary worktree) run interleaved with it, for before/after ratios
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'))
const BEFORE = process.env.BENCH_DIST_BEFORE ? path.resolve(process.env.BENCH_DIST_BEFORE) : null

function readNpy(bytes) {
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset + 8, 2).getUint16(0, true)
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen))
  const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim()).map(Number)
  const descr = /'descr': '([^']+)'/.exec(header)[1]
  const data = bytes.slice(10 + headerLen)
  const array = descr === '<f4' ? new Float32Array(data.buffer) : descr === '<i8' ? new BigInt64Array(data.buffer) : null
  if (!array) throw new Error(`bench: unexpected dtype ${descr}`)
  return { shape, array }
}

function npyBytes(array, shape) {
  const descr = array instanceof Float32Array ? '<f4' : '<i8'
  return Buffer.concat([npyHeader(descr, shape), Buffer.from(array.buffer, array.byteOffset, array.byteLength)])
}

/** The data set repeated `times` times, written as features .npy + labels .npy. */
function tiled(name, x, y, shape, times) {
  const per = x.length / shape[0]
  const xt = new Float32Array(x.length * times)
  const yt = new BigInt64Array(y.length * times)
  for (let t = 0; t < times; t++) {
    xt.set(x, t * x.length)
    yt.set(y, t * y.length)
  }
  const n = shape[0] * times
  const xf = path.join(tmp, `${name}-x${times}.npy`)
  const yf = path.join(tmp, `${name}-y${times}.npy`)
  writeFileSync(xf, npyBytes(xt, [n, ...shape.slice(1)]))
  writeFileSync(yf, npyBytes(yt, [n]))
  return { xf, yf, x: xt, n, per, sampleShape: shape.slice(1) }
}

async function bare(model, data, batch) {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] })
  try {
    const input = session.inputNames[0]
    const feeds = []
    for (let s = 0; s < data.n; s += batch) {
      const size = Math.min(batch, data.n - s)
      feeds.push(new ort.Tensor('float32', data.x.subarray(s * data.per, (s + size) * data.per), [size, ...data.sampleShape]))
    }
    // no untimed warm-up: the Action's engine time includes its first, slower run too
    const t0 = process.hrtime.bigint()
    for (const feed of feeds) await session.run({ [input]: feed })
    return data.n / (Number(process.hrtime.bigint() - t0) / 1e9)
  } finally {
    await session.release()
  }
}

async function action(model, data, batch, dist = DIST) {
  const r = await runAction({ build: path.join(dist, 'index.js'), tmp, inputs: { model, 'test-data': data.xf, labels: data.yf, 'batch-size': String(batch) } })
  return { engine: r.metrics.runtime.samples_per_second, wall: data.n / r.seconds, rssMiB: r.rssMiB, accuracy: r.metrics.accuracy }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (v) => Math.round(v).toLocaleString('en-US')

/** Median of per-run ratios, with their spread (min–max). */
function ratio(xs, ys) {
  const r = xs.map((x, i) => x / ys[i])
  return `${median(r).toFixed(3)} (${Math.min(...r).toFixed(3)}–${Math.max(...r).toFixed(3)})`
}

async function workload(title, model, x, y, shape, batch, times, { rss = true } = {}) {
  const small = tiled(title, x, y, shape, times)
  const big = rss ? tiled(title, x, y, shape, times * 10) : null
  const bares = []
  const actions = []
  const befores = []
  for (let r = 0; r < REPEATS; r++) {
    bares.push(await bare(model, small, batch))
    // interleaved so load from other users of the machine falls on both builds alike
    if (BEFORE && r % 2 === 1) befores.push(await action(model, small, batch, BEFORE))
    actions.push(await action(model, small, batch))
    if (BEFORE && r % 2 === 0) befores.push(await action(model, small, batch, BEFORE))
  }
  const b = median(bares)
  const engine = median(actions.map((a) => a.engine))
  const wall = median(actions.map((a) => a.wall))
  console.log(`\n## ${title}: ${path.relative(root, model)}, batch ${batch}, N = ${fmt(small.n)} samples (median of ${REPEATS}, per-run ratio median (min–max))`)
  console.log(`bare session.run loop      ${fmt(b)} samples/s`)
  console.log(`Action, engine             ${fmt(engine)} samples/s   ratio ${ratio(actions.map((a) => a.engine), bares)}`)
  console.log(`Action, whole process      ${fmt(wall)} samples/s   ratio ${ratio(actions.map((a) => a.wall), bares)} (start-up, model load and reports included)`)
  if (BEFORE) {
    console.log(`before (${BEFORE}): engine ${fmt(median(befores.map((a) => a.engine)))} samples/s ratio ${ratio(befores.map((a) => a.engine), bares)}; whole process ${fmt(median(befores.map((a) => a.wall)))} samples/s ratio ${ratio(befores.map((a) => a.wall), bares)}`)
    console.log(`after/before, whole process ${ratio(actions.map((a) => a.wall), befores.map((a) => a.wall))}`)
  }
  if (!rss) return
  const bigRun = await action(model, big, batch)
  let bigBefore = null
  if (BEFORE) bigBefore = await action(model, big, batch, BEFORE)
  console.log(`peak RSS: N = ${fmt(small.n)}: ${median(actions.map((a) => a.rssMiB)).toFixed(0)} MiB; 10·N = ${fmt(big.n)}: ${bigRun.rssMiB.toFixed(0)} MiB (×${(bigRun.rssMiB / median(actions.map((a) => a.rssMiB))).toFixed(3)})` +
    (bigBefore ? `; before: N ${median(befores.map((a) => a.rssMiB)).toFixed(0)} MiB, 10·N ${bigBefore.rssMiB.toFixed(0)} MiB` : ''))
  rmSync(big.xf)
}

const zoo = path.resolve(root, '..', 'shared', 'datasets', 'mnist-zoo')
// `npm run bench -- startup arrays images npz-rss rss shards text bootstrap`: only the workloads named (default: all of them);
// `tiny` is the digits-cnn case of `arrays` alone, `cnn64` its 0.23 GFLOP case alone
const WORKLOADS = ['startup', 'arrays', 'tiny', 'cnn64', 'images', 'npz-rss', 'rss', 'shards', 'text', 'bootstrap']
const chosen = process.argv.slice(2)
for (const w of chosen) if (!WORKLOADS.includes(w)) throw new Error(`bench: unknown workload '${w}'; choose from ${WORKLOADS.join(', ')}`)
const want = (w) => chosen.length === 0 || chosen.includes(w)
const runScript = async (file) => {
  const child = spawn(process.execPath, [path.join(root, 'scripts', file)], { stdio: 'inherit' })
  const code = await new Promise((resolve) => child.on('close', resolve))
  if (code !== 0) process.exitCode = 1
}
console.log(`model-gate bench: node ${process.version}, ${process.platform}/${process.arch}, CPU`)
if (want('startup')) {
  if (existsSync(path.join(zoo, 'test.npz'))) await runScript('bench-startup.mjs')
  else console.log('\n(skipping start-up: ../shared/datasets/mnist-zoo is not beside the checkout)')
}
if (!want('arrays')) {
  // nothing: the array workloads were not asked for
} else if (existsSync(path.join(zoo, 'test.npz'))) {
  const files = unzipSync(readFileSync(path.join(zoo, 'test.npz')))
  const x = readNpy(files['x.npy'])
  const y = readNpy(files['y.npy'])
  await workload('mnist-zoo (fixed batch 1)', path.join(zoo, 'model.onnx'), x.array, y.array, x.shape, 1, 5)
} else {
  console.log('\n(skipping mnist-zoo: ../shared/datasets/mnist-zoo is not beside the checkout)')
}
// A model of ≥ 0.1 GFLOP a sample (issue 14's arrays goal): made by bench_make_arrays.py with Debian's torch
if ((want('arrays') || chosen.includes('cnn64')) && spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { encoding: 'utf8' }).status === 0) {
  const n = Number(process.env.BENCH_CNN64_SAMPLES ?? 1000)
  const made = spawnSync('/usr/bin/python3', [path.join(root, 'scripts', 'bench_make_arrays.py'), tmp, String(n)], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(made.stderr)
  const x = readNpy(new Uint8Array(readFileSync(path.join(tmp, 'cnn64-x.npy'))))
  const y = readNpy(new Uint8Array(readFileSync(path.join(tmp, 'cnn64-y.npy'))))
  await workload('cnn64 (0.23 GFLOP a sample)', path.join(tmp, 'cnn64.onnx'), x.array, y.array, x.shape, 32, 1, { rss: false })
}
if (want('arrays') || chosen.includes('tiny')) {
  const digits = unzipSync(readFileSync(path.join(root, 'fixtures', 'classify', 'digits-test.npz')))
  const dx = readNpy(digits['x.npy'])
  const dy = readNpy(digits['y.npy'])
  await workload('digits-cnn (dynamic batch)', path.join(root, 'fixtures', 'classify', 'digits-cnn.onnx'), dx.array, dy.array, dx.shape, 64, 100)
}
if (want('images') && existsSync(path.join(root, 'scripts', 'bench-images.mjs'))) await runScript('bench-images.mjs')
// memory only: the same ~300 MB of features as .npy and as .npz (stored, deflated)
if (want('npz-rss') && existsSync(path.join(root, 'scripts', 'bench-npz-rss.mjs'))) await runScript('bench-npz-rss.mjs')
// memory only: peak RSS at N and 10·N samples for every test-data format, and the ratio
if (want('rss')) await runScript('bench-rss-formats.mjs')
if (want('shards') && existsSync(path.join(zoo, 'test.npz'))) await runScript('bench-shards.mjs')
// raw text through a tokenizer.json against pre-tokenized batches
if (want('text')) await runScript('bench-text.mjs')
// the fused bootstrap on one thread against split over worker threads
if (want('bootstrap')) await runScript('bench-bootstrap.mjs')
rmSync(tmp, { recursive: true, force: true })
