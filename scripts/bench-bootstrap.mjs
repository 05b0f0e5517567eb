// `npm run bench -- bootstrap`: the fused bootstrap of dist/ on one thread against split over the
// machine's cores (worker threads, Random.jump), in one process, interleaved, with the replicates
// compared for bit-equality. 45,000 samples × 10 classes × 1,000 resamples (the tiny workload's size)
// and 450,000 samples.
import path from 'node:path'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'))
const REPEATS = Math.max(7, Number(process.env.BENCH_REPEATS ?? 7))
const mod = await import(path.join(DIST, 'bootstrap.js'))
const bootstrap = Object.values(mod).find((v) => typeof v === 'function' && v.name === 'bootstrapClassification')
if (!bootstrap) throw new Error(`bench: no bootstrapClassification in ${DIST}/bootstrap.js`)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const n of [45_000, 450_000]) {
  const k = 10
  let s = 1
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296)
  const labels = new Int32Array(n)
  const predicted = new Int32Array(n)
  const nll = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = (rnd() * k) | 0
    predicted[i] = rnd() < 0.85 ? labels[i] : (rnd() * k) | 0
    nll[i] = -Math.log(rnd() * 0.9 + 0.05)
  }
  const samples = { labels, predicted, nll, confidence: new Float64Array(n) }
  const classes = Array.from({ length: k }, (_, i) => String(i))
  const times = { one: [], split: [] }
  let equal = true
  for (let r = 0; r < REPEATS; r++) {
    const results = {}
    // alternate which goes first, so drift in the machine's load falls on both alike
    for (const mode of r % 2 ? ['split', 'one'] : ['one', 'split']) {
      if (mode === 'one') process.env.MODEL_GATE_TEST_BOOTSTRAP_PARTS = '1'
      else delete process.env.MODEL_GATE_TEST_BOOTSTRAP_PARTS
      const t0 = performance.now()
      results[mode] = bootstrap(samples, k, classes, ['accuracy', 'macro_f1', 'loss'])
      times[mode].push(performance.now() - t0)
    }
    for (const m of Object.keys(results.one)) equal &&= results.one[m].every((v, i) => Object.is(v, results.split[m][i]))
  }
  const ratios = times.one.map((t, i) => t / times.split[i])
  console.log(`\n## bootstrap: ${n.toLocaleString('en-US')} samples × 1,000 resamples, ${availableParallelism()} cores (median of ${REPEATS}, interleaved)`)
  console.log(`one thread        ${median(times.one).toFixed(0)} ms`)
  console.log(`split over cores  ${median(times.split).toFixed(0)} ms   speed-up ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); replicates bit-equal: ${equal}`)
}
