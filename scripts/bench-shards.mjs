#!/usr/bin/env node
// `npm run bench -- shards`: the wall time of one evaluation as 1 shard against 2 shards run side by
// side on this machine (each shard a `node dist/index.js` process, then the merge), interleaved,
// and the size of the partial state per 10,000 samples. Figures, not assertions.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-bench-shards-'))
const REPEATS = Math.max(7, Number(process.env.BENCH_REPEATS ?? 7))
const zoo = path.resolve(root, '..', 'shared', 'datasets', 'mnist-zoo')
const TIMES = Number(process.env.BENCH_SHARD_TIMES ?? 20)

/** mnist-zoo's test set repeated TIMES times, as features and labels .npy (the readers' fast path). */
function data() {
  const files = unzipSync(readFileSync(path.join(zoo, 'test.npz')))
  const tile = (bytes, name) => {
    const headerLen = new DataView(bytes.buffer, bytes.byteOffset + 8, 2).getUint16(0, true)
    let header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen))
    const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim()).map(Number)
    header = header.replace(/'shape': \(\d+/, `'shape': (${shape[0] * TIMES}`).trimEnd()
    header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + '\n'
    const head = Buffer.alloc(10)
    head.write('\x93NUMPY', 0, 'latin1')
    head[6] = 1
    head.writeUInt16LE(header.length, 8)
    const body = bytes.subarray(10 + headerLen)
    const file = path.join(tmp, name)
    writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), ...Array.from({ length: TIMES }, () => body)]))
    return { file, n: shape[0] * TIMES }
  }
  const x = tile(files['x.npy'], 'x.npy')
  const y = tile(files['y.npy'], 'y.npy')
  return { x: x.file, y: y.file, n: x.n }
}

function gate(inputs) {
  const env = { PATH: process.env.PATH, GITHUB_OUTPUT: path.join(tmp, `out-${Math.random()}`), 'INPUT_UPLOAD-ARTIFACT': 'false', INPUT_COMMENT: 'false', INPUT_PROMOTE: 'false', INPUT_DEVICE: 'cpu' }
  writeFileSync(env.GITHUB_OUTPUT, '')
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`dist/index.js exited ${code}:\n${log}`)))))
}

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9

/** n shards side by side, then the merge; wall times of both phases. */
async function sharded(d, n, r) {
  const dir = path.join(tmp, `run-${n}-${r}`)
  const base = { model: path.join(zoo, 'model.onnx'), 'test-data': d.x, labels: d.y }
  const t0 = process.hrtime.bigint()
  await Promise.all(Array.from({ length: n }, (_, i) => gate({ ...base, shard: `${i + 1}/${n}`, 'output-dir': path.join(dir, `shard-${i + 1}`) })))
  const shards = seconds(t0)
  const t1 = process.hrtime.bigint()
  await gate({ model: base.model, merge: dir, 'output-dir': path.join(dir, 'merged') })
  const merged = JSON.parse(readFileSync(path.join(dir, 'merged', 'metrics.json'), 'utf8'))
  const stateBytes = Array.from({ length: n }, (_, i) => statSync(path.join(dir, `shard-${i + 1}`, `model-gate-shard-${i + 1}-of-${n}.json`)).size).reduce((a, b) => a + b, 0)
  return { shards, merge: seconds(t1), total: seconds(t0), accuracy: merged.accuracy, stateBytes, dir }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const range = (xs) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`

const d = data()
const one = []
const two = []
for (let r = 0; r < REPEATS; r++) {
  // interleaved, so a slow moment of the shared machine falls on both
  for (const [n, list] of r % 2 === 0 ? [[1, one], [2, two]] : [[2, two], [1, one]]) {
    const res = await sharded(d, n, r)
    list.push(res)
    rmSync(res.dir, { recursive: true, force: true })
  }
}
if (one.some((o) => o.accuracy !== one[0].accuracy) || two.some((t) => t.accuracy !== one[0].accuracy)) throw new Error('bench: the shard counts disagree on accuracy')
const ratios = one.map((o, i) => two[i].total / o.total)
const shardRatios = one.map((o, i) => two[i].shards / o.shards)
console.log(`\n## shards: mnist-zoo model (fixed batch 1) on ${d.n.toLocaleString('en-US')} samples (.npy), median of ${REPEATS}, interleaved`)
console.log(`1 shard:  shard jobs ${median(one.map((o) => o.shards)).toFixed(2)} s, merge ${median(one.map((o) => o.merge)).toFixed(2)} s, total ${median(one.map((o) => o.total)).toFixed(2)} s`)
console.log(`2 shards: shard jobs ${median(two.map((o) => o.shards)).toFixed(2)} s (side by side), merge ${median(two.map((o) => o.merge)).toFixed(2)} s, total ${median(two.map((o) => o.total)).toFixed(2)} s`)
console.log(`2 vs 1 shards, wall time ratio: shard phase median ${median(shardRatios).toFixed(3)} (range ${range(shardRatios)}); with the merge median ${median(ratios).toFixed(3)} (range ${range(ratios)})`)
const per10k = (bytes) => ((bytes / d.n) * 10_000 / 1024).toFixed(0)
console.log(`partial state: ${per10k(one[0].stateBytes)} KiB per 10,000 samples (10 classes, one model; 1 shard), ${per10k(two[0].stateBytes)} KiB over 2 shards`)
rmSync(tmp, { recursive: true, force: true })
