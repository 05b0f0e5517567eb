#!/usr/bin/env node
// Image-folder benchmark (run by `npm run bench`): the Action's image pipeline (sharp decode, resize,
// crop, normalise, inference, metrics) against a bare session.run loop over the same, already
// preprocessed batches, and against PyTorch + torchvision DataLoader + scikit-learn on the same model,
// images and preprocessing; peak RSS at N and 10·N images. Figures only, no assertions.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ort from 'onnxruntime-node'
import { runAction } from './bench-run.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-bench-images-'))
const shapes = path.join(root, 'fixtures', 'images', 'shapes')
const model = path.join(root, 'fixtures', 'images', 'shapes-cnn.onnx')
const BATCH = 64
const N_COPIES = Number(process.env.BENCH_IMAGE_COPIES ?? 100)
// BENCH_DIST: the build to measure; BENCH_DIST_BEFORE: another build run interleaved with it on the
// photos (before/after ratios); BENCH_REPEATS: runs of the photo workload (median, min–max spread)
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'))
const BEFORE = process.env.BENCH_DIST_BEFORE ? path.resolve(process.env.BENCH_DIST_BEFORE) : null
const REPEATS = Number(process.env.BENCH_REPEATS ?? 1)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ratio = (xs, ys) => {
  const r = xs.map((x, i) => x / ys[i])
  return `${median(r).toFixed(3)} (${Math.min(...r).toFixed(3)}–${Math.max(...r).toFixed(3)})`
}

/** The 36 fixture images copied `copies` times into an ImageFolder. */
function folder(copies) {
  const dir = path.join(tmp, `shapes-x${copies}`)
  for (const c of readdirSync(shapes)) {
    mkdirSync(path.join(dir, c), { recursive: true })
    for (const f of readdirSync(path.join(shapes, c))) {
      for (let k = 0; k < copies; k++) copyFileSync(path.join(shapes, c, f), path.join(dir, c, `${k}-${f}`))
    }
  }
  return dir
}

/** @param extra more environment, e.g. MODEL_GATE_TEST_DECODE_POOL (the decode pool on a CPU run) */
async function action(dir, onnx = model, resize = 32, crop = 28, dist = DIST, extra = {}) {
  const inputs = { model: onnx, 'test-data': dir, 'image-size': String(resize), crop: String(crop), mean: 'imagenet', std: 'imagenet', 'batch-size': String(BATCH) }
  // firstRun: when the first session.run starts (start-up, model load and first batch)
  const r = await runAction({ build: path.join(dist, 'index.js'), tmp, inputs, env: extra, firstRun: true })
  const m = r.metrics
  return { engine: m.runtime.samples_per_second, wall: m.n_samples / r.seconds, firstRun: r.firstRun, rss: r.rssMiB, n: m.n_samples, accuracy: m.accuracy }
}

/** session.run over ready tensors: the fixture's torchvision tensors, or random ones of that shape. */
async function bare(n, onnx = model, side = 28) {
  const per = 3 * side * side
  const x = new Float32Array(Math.min(n, 256) * per)
  if (onnx === model) {
    const b = readFileSync(path.join(root, 'fixtures', 'images', 'torchvision-x.npy'))
    const one = new Float32Array(b.buffer.slice(b.byteOffset + 10 + b.readUInt16LE(8), b.byteOffset + b.length))
    for (let i = 0; i < x.length / per; i++) x.set(one.subarray((i % 36) * per, ((i % 36) + 1) * per), i * per)
  } else {
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i)
  }
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] })
  const t0 = process.hrtime.bigint()
  for (let s = 0; s < n; s += BATCH) {
    const size = Math.min(BATCH, n - s)
    const at = s % (x.length / per - BATCH + 1 || 1)
    await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x.subarray(at * per, (at + size) * per), [size, 3, side, side]) })
  }
  const rate = n / (Number(process.hrtime.bigint() - t0) / 1e9)
  await session.release()
  return rate
}

const fmt = (v) => Math.round(v).toLocaleString('en-US')
// BENCH_IMAGES=photos: the photo workload alone
const ONLY_PHOTOS = process.env.BENCH_IMAGES === 'photos'
// DataLoader worker counts of the PyTorch evaluate (BENCH_TORCH_WORKERS, e.g. 2 for the default alone)
const TORCH_WORKERS = (process.env.BENCH_TORCH_WORKERS ?? '0,2').split(',').map(Number)
const torchRun = (dir, weights, workers, ...sizes) => {
  const r = spawnSync(py, [path.join(root, 'scripts', 'bench_torch_images.py'), dir, weights, String(BATCH), String(workers), ...sizes], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`bench_torch_images.py failed:\n${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop())
}
const py = '/usr/bin/python3'
const probe = existsSync(py) ? spawnSync(py, ['-c', 'import torch, torchvision, sklearn, onnx'], { encoding: 'utf8' }) : { status: 1 }
let a = null
if (!ONLY_PHOTOS) {
const small = folder(N_COPIES)
// the Action, the bare loop and the PyTorch evaluate interleaved, BENCH_REPEATS times
const as = []
const bs = []
const torchSmall = Object.fromEntries(TORCH_WORKERS.map((w) => [w, []]))
for (let r = 0; r < REPEATS; r++) {
  as.push(await action(small))
  bs.push(await bare(as[0].n))
  if (probe.status === 0) for (const workers of TORCH_WORKERS) torchSmall[workers].push(torchRun(small, model, workers))
}
a = { ...as[0], engine: median(as.map((x) => x.engine)), wall: median(as.map((x) => x.wall)) }
console.log(`\n## image folder: fixtures/images/shapes ×${N_COPIES} = ${fmt(a.n)} images (PNG/JPEG, resize 32, crop 28, ImageNet normalisation), batch ${BATCH} (median of ${REPEATS}; per-run ratio median (min–max))`)
console.log(`bare session.run loop (tensors ready)   ${fmt(median(bs))} images/s`)
console.log(`Action, engine (decode + preprocess)    ${fmt(a.engine)} images/s   ratio ${ratio(as.map((x) => x.engine), bs)}`)
console.log(`Action, whole process                   ${fmt(a.wall)} images/s`)
if (probe.status === 0) {
  for (const workers of TORCH_WORKERS) {
    const ts = torchSmall[workers]
    console.log(`PyTorch + DataLoader(num_workers=${workers}) + sklearn ${fmt(median(ts.map((t) => t.images_per_second)))} images/s (${fmt(median(ts.map((t) => t.with_startup)))}/s with imports)   ` +
      `Action engine is ${ratio(as.map((x) => x.engine), ts.map((t) => t.images_per_second))}× · accuracy ${ts[0].accuracy.toFixed(4)} vs Action ${a.accuracy.toFixed(4)}`)
  }
} else {
  console.log('PyTorch comparison skipped: needs /usr/bin/python3 with torch, torchvision, sklearn and onnx (Debian python3-torch python3-torchvision python3-sklearn python3-onnx)')
}
rmSync(small, { recursive: true, force: true })
}

// Photo-sized JPEGs, as seed users' test sets are: 400×300 → Resize(256) → CenterCrop(224).
if (probe.status === 0) {
  const per = Number(process.env.BENCH_PHOTOS_PER_CLASS ?? 200)
  // BENCH_PHOTOS_MODEL=resnet18: torchvision's ResNet18 (random seeded weights) instead of the small CNN
  const made = spawnSync(py, [path.join(root, 'scripts', 'bench_make_photos.py'), tmp, String(per), process.env.BENCH_PHOTOS_MODEL ?? 'small'], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(made.stderr)
  const photos = path.join(tmp, 'photos')
  const ps = []
  const pbs = []
  const befores = []
  // BENCH_POOL=1: also the decode worker pool (as a CUDA run uses it) forced on this CPU run
  const POOL = process.env.BENCH_POOL === '1' ? { MODEL_GATE_TEST_DECODE_POOL: String(availableParallelism()) } : null
  const pools = []
  const torch = Object.fromEntries(TORCH_WORKERS.map((w) => [w, []]))
  for (let r = 0; r < REPEATS; r++) {
    if (BEFORE && r % 2 === 1) befores.push(await action(photos, path.join(tmp, 'photos.onnx'), 256, 224, BEFORE))
    if (POOL && r % 2 === 0) pools.push(await action(photos, path.join(tmp, 'photos.onnx'), 256, 224, DIST, POOL))
    ps.push(await action(photos, path.join(tmp, 'photos.onnx'), 256, 224))
    if (BEFORE && r % 2 === 0) befores.push(await action(photos, path.join(tmp, 'photos.onnx'), 256, 224, BEFORE))
    if (POOL && r % 2 === 1) pools.push(await action(photos, path.join(tmp, 'photos.onnx'), 256, 224, DIST, POOL))
    pbs.push(await bare(ps[0].n, path.join(tmp, 'photos.onnx'), 224))
    // the evaluate.py users run today, interleaved too: the machine's speed drifts between runs
    for (const workers of TORCH_WORKERS) torch[workers].push(torchRun(photos, path.join(tmp, 'photos.pt'), workers, '256', '224'))
  }
  const p = { ...ps[0], engine: median(ps.map((a) => a.engine)), wall: median(ps.map((a) => a.wall)) }
  const pb = median(pbs)
  console.log(`\n## photos: ${fmt(p.n)} JPEGs 400×300, resize 256, crop 224, ImageNet normalisation, ${process.env.BENCH_PHOTOS_MODEL === 'resnet18' ? 'ResNet18' : 'a small CNN'}, batch ${BATCH} (median of ${REPEATS}; per-run ratio median (min–max))`)
  console.log(`bare session.run loop (tensors ready)   ${fmt(pb)} images/s`)
  console.log(`Action, engine (decode + preprocess)    ${fmt(p.engine)} images/s   ratio ${ratio(ps.map((a) => a.engine), pbs)}`)
  if (BEFORE) {
    console.log(`before (${BEFORE}), engine               ${fmt(median(befores.map((a) => a.engine)))} images/s   ratio ${ratio(befores.map((a) => a.engine), pbs)}`)
    console.log(`after/before: engine ${ratio(ps.map((a) => a.engine), befores.map((a) => a.engine))}, whole process ${ratio(ps.map((a) => a.wall), befores.map((a) => a.wall))}`)
  }
  const ms = (xs) => `${Math.round(median(xs.map((a) => a.firstRun)))} ms`
  console.log(`process start → first session.run (start-up, model read and loaded, first batch decoded): ${ms(ps)}` +
    (BEFORE ? `; before ${ms(befores)}, before/after ${ratio(befores.map((a) => a.firstRun), ps.map((a) => a.firstRun))}` : ''))
  if (POOL) {
    console.log(`decode pool forced on (${POOL.MODEL_GATE_TEST_DECODE_POOL} workers, CPU run), engine ${fmt(median(pools.map((a) => a.engine)))} images/s   ratio to bare ${ratio(pools.map((a) => a.engine), pbs)}`)
    console.log(`pool/no pool: engine ${ratio(pools.map((a) => a.engine), ps.map((a) => a.engine))}, whole process ${ratio(pools.map((a) => a.wall), ps.map((a) => a.wall))}; first session.run ${ms(pools)}`)
  }
  for (const workers of TORCH_WORKERS) {
    const ts = torch[workers]
    console.log(`PyTorch + DataLoader(num_workers=${workers}) + sklearn ${fmt(median(ts.map((t) => t.images_per_second)))} images/s (${fmt(median(ts.map((t) => t.with_startup)))}/s with imports)   ` +
      `Action engine is ${ratio(ps.map((a) => a.engine), ts.map((t) => t.images_per_second))}×, whole process ${ratio(ps.map((a) => a.wall), ts.map((t) => t.with_startup))}×`)
  }
  rmSync(photos, { recursive: true, force: true })
}

if (!ONLY_PHOTOS) {
const big = folder(N_COPIES * 10)
const c = await action(big)
console.log(`peak RSS: N = ${fmt(a.n)} images: ${a.rss.toFixed(0)} MiB; 10·N = ${fmt(c.n)}: ${c.rss.toFixed(0)} MiB (engine ${fmt(c.engine)} images/s)`)
}
rmSync(tmp, { recursive: true, force: true })
