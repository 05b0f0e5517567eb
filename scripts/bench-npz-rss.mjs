#!/usr/bin/env node
// Peak RSS (VmHWM) of the Action on the same ~300 MB of features as .npy (+ labels .npy), as a
// stored .npz (numpy.savez) and as a deflated .npz (savez_compressed): memory must not grow with
// the archive. Memory only, no timing. BENCH_NPZ_MB sets the size (default 300);
// BENCH_NPZ_DIST compares another build (e.g. ../main/dist/index.js, the code before streaming).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { npyHeader } from './bench-npy.mjs'
import { runAction } from './bench-run.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-npz-rss-'))
const MB = Number(process.env.BENCH_NPZ_MB ?? 300)
const dist = path.resolve(process.env.BENCH_NPZ_DIST ?? path.join(root, 'dist', 'index.js'))

const digits = unzipSync(readFileSync(path.join(root, 'fixtures', 'classify', 'digits-test.npz')))
const x = new Float32Array(digits['x.npy'].slice(128).buffer)
const y = new BigInt64Array(digits['y.npy'].slice(128).buffer)
const tiles = Math.ceil((MB * 1024 * 1024) / x.byteLength)
const n = tiles * y.length
const xHead = npyHeader('<f4', [n, 1, 8, 8])
const yHead = npyHeader('<i8', [n])
const yAll = new BigInt64Array(n)
for (let t = 0; t < tiles; t++) yAll.set(y, t * y.length)
const yBytes = Buffer.concat([yHead, Buffer.from(yAll.buffer)])
const xChunks = function* () {
  yield xHead
  for (let t = 0; t < tiles; t++) yield Buffer.from(x.buffer, x.byteOffset, x.byteLength)
}

// features and labels .npy, written a tile at a time
const xf = path.join(tmp, 'x.npy')
const yf = path.join(tmp, 'y.npy')
let fd = openSync(xf, 'w')
for (const c of xChunks()) writeSync(fd, c)
closeSync(fd)
writeFileSync(yf, yBytes)

// the same arrays as .npz, streamed through fflate's Zip (stored and deflated members)
function writeNpz(file, deflate) {
  const out = openSync(file, 'w')
  const zip = new Zip((err, chunk) => {
    if (err) throw err
    writeSync(out, chunk)
  })
  const member = (name) => (deflate ? new ZipDeflate(name, { level: 1 }) : new ZipPassThrough(name))
  const xm = member('x.npy')
  zip.add(xm)
  for (const c of xChunks()) xm.push(c)
  xm.push(new Uint8Array(0), true)
  const ym = member('y.npy')
  zip.add(ym)
  ym.push(yBytes, true)
  zip.end()
  closeSync(out)
}
const stored = path.join(tmp, 'stored.npz')
const deflated = path.join(tmp, 'deflated.npz')
writeNpz(stored, false)
writeNpz(deflated, true)

async function peak(testData, labels) {
  const inputs = { model: path.join(root, 'fixtures', 'classify', 'digits-cnn.onnx'), 'test-data': testData, labels: labels ?? '', 'batch-size': '1024' }
  const r = await runAction({ build: dist, tmp, inputs })
  return { rssMiB: r.rssMiB, n: r.metrics.n_samples, accuracy: r.metrics.accuracy }
}

const mib = (f) => (statSync(f).size / 1024 / 1024).toFixed(0)
console.log(`\n## peak RSS on ${n.toLocaleString('en-US')} samples (${mib(xf)} MiB of float32 features), ${path.relative(root, dist) || dist}, batch 1024`)
const rows = [
  ['.npy + labels .npy', xf, yf, `${mib(xf)} + ${mib(yf)} MiB`],
  ['.npz, stored (savez)', stored, undefined, `${mib(stored)} MiB`],
  ['.npz, deflated (savez_compressed)', deflated, undefined, `${mib(deflated)} MiB`]
]
for (const [title, file, labels, size] of rows) {
  const r = await peak(file, labels)
  console.log(`${title.padEnd(36)} file ${size.padStart(12)}   peak RSS ${r.rssMiB.toFixed(0).padStart(5)} MiB   (accuracy ${r.accuracy.toFixed(4)}, ${r.n} samples)`)
}
rmSync(tmp, { recursive: true, force: true })
