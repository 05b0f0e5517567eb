#!/usr/bin/env node
// Image-folder benchmark (standalone; prints figures, asserts nothing):
//   action  node dist/index.js on an image folder: listing, sharp decode + resize + crop +
//           normalise, inference, metrics, reports. Engine images/s and process wall time.
//   bare    a loop of session.run over the same preprocessed batches, already in memory
//   torch   torchvision ImageFolder + DataLoader + the same CNN in PyTorch + scikit-learn
//           (scripts/bench-images-torch.py), num_workers 0 and 2
// plus the peak RSS of the Action and of PyTorch at N and 10·N images (and the Action's at 100·N).
// Images: ../shared/datasets/mnist-png regrouped into the fixture CNN's 3 classes (symlinks:
// digits 0-3, 4-6, 7-9), repeated 10 times for 10·N. Model: fixtures/images/shapes-cnn.onnx
// (Resize 28, CenterCrop 24, ImageNet mean/std, NCHW RGB), batch-size 64.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ort from 'onnxruntime-node'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const mnist = path.resolve(root, '..', 'shared', 'datasets', 'mnist-png')
if (!existsSync(mnist)) {
  console.error(`bench-images: ${mnist} is missing (the team's shared datasets beside the checkout)`)
  process.exit(1)
}
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-bench-images-'))
const MODEL = path.join(root, 'fixtures', 'images', 'shapes-cnn.onnx')
const PREP = { 'image-size': '28', crop: '24', mean: 'imagenet', std: 'imagenet' }
const BATCH = 64

function folder(times) {
  const dir = path.join(tmp, `mnist3-x${times}`)
  for (const digit of readdirSync(mnist)) {
    const cls = path.join(dir, String(Number(digit) <= 3 ? 0 : Number(digit) <= 6 ? 1 : 2))
    mkdirSync(cls, { recursive: true })
    for (const f of readdirSync(path.join(mnist, digit))) {
      for (let t = 0; t < times; t++) symlinkSync(path.join(mnist, digit, f), path.join(cls, `${digit}-${t}-${f}`))
    }
  }
  return dir
}

function runAction(dir) {
  const out = path.join(tmp, `report-${path.basename(dir)}`)
  const rssFile = path.join(tmp, `rss-${path.basename(dir)}`)
  const env = { PATH: process.env.PATH, BENCH_RSS_FILE: rssFile, INPUT_MODEL: MODEL, 'INPUT_TEST-DATA': dir, INPUT_DEVICE: 'cpu', 'INPUT_OUTPUT-DIR': out, 'INPUT_BATCH-SIZE': String(BATCH) }
  for (const [k, v] of Object.entries(PREP)) env[`INPUT_${k.toUpperCase()}`] = v
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', path.join(root, 'scripts', 'bench-rss.mjs'), path.join(root, 'dist', 'index.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`dist/index.js exited ${code}\n${stdout}`))
      const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'))
      resolve({ n: m.n_samples, engine: m.runtime.samples_per_second, wall: (performance.now() - started) / 1000, rss: Number(readFileSync(rssFile, 'utf8')) })
    })
  })
}

function runTorch(dir, workers) {
  const line = execFileSync('/usr/bin/python3', [path.join(root, 'scripts', 'bench-images-torch.py'), dir, String(BATCH), String(workers)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
  return JSON.parse(line.trim().split('\n').pop())
}

/** The Action's own preprocessing (sources compiled to build/), collected into memory. */
async function preprocessed(dir) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  const { openTestSet } = await import(path.join(root, 'build', 'src', 'data', 'index.js'))
  const set = await openTestSet({
    testData: dir, labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined,
    imageSize: 28, crop: 24, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: 'NCHW', channels: 'rgb', skipBadFiles: false
  })
  const batches = []
  for await (const b of set.batches(BATCH)) batches.push({ x: b.features.slice(), size: b.size })
  return batches
}

async function bare(batches) {
  const session = await ort.InferenceSession.create(MODEL, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' })
  const run = async () => {
    for (const b of batches) await session.run({ image: new ort.Tensor('float32', b.x, [b.size, 3, 24, 24]) })
  }
  await run() // warm-up
  const started = performance.now()
  await run()
  const seconds = (performance.now() - started) / 1000
  await session.release()
  return batches.reduce((n, b) => n + b.size, 0) / seconds
}

const mb = (kib) => `${(kib / 1024).toFixed(0)} MB`
try {
  const small = folder(1)
  const big = folder(10)
  const batches = await preprocessed(big)
  const bareRate = await bare(batches)
  const rows = []
  for (const dir of [small, big]) {
    const a = await runAction(dir)
    const t0 = runTorch(dir, 0)
    const t2 = runTorch(dir, 2)
    rows.push({ n: a.n, a, t0, t2 })
  }
  console.log(`image pipeline benchmark: ${path.relative(root, MODEL)} on mnist-png regrouped into 3 classes (28×28 PNG → Resize 28 → CenterCrop 24), batch ${BATCH}, CPU`)
  console.log(`bare session.run over preprocessed batches in memory: ${Math.round(bareRate)} images/s`)
  for (const { n, a, t0, t2 } of rows) {
    console.log(
      `N=${n}: action ${Math.round(a.engine)} images/s in the engine (${(a.engine / bareRate).toFixed(2)}× bare), ${a.wall.toFixed(2)} s wall, peak RSS ${mb(a.rss)} | ` +
        `torch DataLoader workers=0 ${Math.round(t0.images_per_second)} images/s (action ${(a.engine / t0.images_per_second).toFixed(2)}×), ` +
        `workers=2 ${Math.round(t2.images_per_second)} images/s (action ${(a.engine / t2.images_per_second).toFixed(2)}×), torch peak RSS ${mb(t0.peak_rss_kib)}`
    )
  }
  const [s, b] = rows
  // and once more at 100·N, the Action alone: memory must stop growing with the number of images
  const huge = await runAction(folder(100))
  console.log(
    `peak RSS of the Action: N=${s.n} ${mb(s.a.rss)}, 10·N ${mb(b.a.rss)} (${(b.a.rss / s.a.rss).toFixed(2)}×), ` +
      `100·N=${huge.n} ${mb(huge.rss)} (${(huge.rss / s.a.rss).toFixed(2)}×) at ${Math.round(huge.engine)} images/s`
  )
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
