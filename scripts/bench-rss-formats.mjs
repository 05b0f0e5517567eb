#!/usr/bin/env node
// Peak RSS (VmHWM) of the Action at N and 10·N samples for every test-data format (run by
// `npm run bench -- rss`): the same digits samples as .npy + labels .npy, stored .npz, deflated
// .npz, CSV and JSONL; the shapes image folder (files hard-linked, so 10·N costs no disk); text CSV
// through a tokenizer.json. Each size is run BENCH_RSS_REPEATS times (default 3), N and 10·N
// interleaved; the ratio is 10·N over N per pair, median (min–max). Memory only, no timing.
// BENCH_RSS_FORMATS=npy,csv picks formats; BENCH_RSS_N scales N (default 45000 array samples);
// BENCH_DIST measures another build; BENCH_DIST_BEFORE=<dir of another dist/> runs it interleaved
// with this one (before N, N, before 10·N, 10·N in every repeat). Figures, not assertions.
import { closeSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { npyHeader } from './bench-npy.mjs'
import { runAction } from './bench-run.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(process.env.BENCH_TMP ?? tmpdir(), 'model-gate-rss-'))
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(root, 'dist'), process.env.BENCH_DIST?.endsWith('.js') ? '' : 'index.js')
const before = process.env.BENCH_DIST_BEFORE ? path.resolve(process.env.BENCH_DIST_BEFORE, process.env.BENCH_DIST_BEFORE.endsWith('.js') ? '' : 'index.js') : null
const REPEATS = Math.max(1, Number(process.env.BENCH_RSS_REPEATS ?? 3))
const N = Number(process.env.BENCH_RSS_N ?? 45000)
const FORMATS = (process.env.BENCH_RSS_FORMATS ?? 'npy,npz-stored,npz-deflated,csv,jsonl,images,text').split(',')

const digits = unzipSync(readFileSync(path.join(root, 'fixtures', 'classify', 'digits-test.npz')))
const dx = new Float32Array(digits['x.npy'].slice(128).buffer)
const dy = new BigInt64Array(digits['y.npy'].slice(128).buffer)
const per = 64
const base = dy.length

/** Sample i of the tiled digits set. */
const sample = (i) => dx.subarray((i % base) * per, (i % base + 1) * per)
const label = (i) => dy[i % base]

/** Writes `n` samples in `format` under dir; returns the Action's inputs for it. */
function make(format, n, dir) {
  mkdirSync(dir, { recursive: true })
  const model = path.join(root, 'fixtures', 'classify', 'digits-cnn.onnx')
  const xHead = npyHeader('<f4', [n, 1, 8, 8])
  const yBytes = () => {
    const y = new BigInt64Array(n)
    for (let i = 0; i < n; i++) y[i] = label(i)
    return Buffer.concat([npyHeader('<i8', [n]), Buffer.from(y.buffer)])
  }
  const xChunks = function* () {
    yield xHead
    for (let s = 0; s < n; s += base) {
      const count = Math.min(base, n - s)
      yield Buffer.from(dx.buffer, dx.byteOffset, count * per * 4)
    }
  }
  if (format === 'npy') {
    const xf = path.join(dir, 'x.npy')
    const fd = openSync(xf, 'w')
    for (const c of xChunks()) writeSync(fd, c)
    closeSync(fd)
    writeFileSync(path.join(dir, 'y.npy'), yBytes())
    return { model, 'test-data': xf, labels: path.join(dir, 'y.npy') }
  }
  if (format === 'npz-stored' || format === 'npz-deflated') {
    const file = path.join(dir, 'test.npz')
    const out = openSync(file, 'w')
    const zip = new Zip((err, chunk) => {
      if (err) throw err
      writeSync(out, chunk)
    })
    const member = (name) => (format === 'npz-deflated' ? new ZipDeflate(name, { level: 1 }) : new ZipPassThrough(name))
    const xm = member('x.npy')
    zip.add(xm)
    for (const c of xChunks()) xm.push(c)
    xm.push(new Uint8Array(0), true)
    const ym = member('y.npy')
    zip.add(ym)
    ym.push(yBytes(), true)
    zip.end()
    closeSync(out)
    return { model, 'test-data': file }
  }
  if (format === 'csv' || format === 'jsonl') {
    const file = path.join(dir, `test.${format}`)
    const fd = openSync(file, 'w')
    if (format === 'csv') writeSync(fd, Array.from({ length: per }, (_, j) => `f${j}`).join(',') + ',label\n')
    let lines = []
    for (let i = 0; i < n; i++) {
      const x = Array.from(sample(i)).join(',')
      lines.push(format === 'csv' ? `${x},${label(i)}` : `{"features":[${x}],"label":${label(i)}}`)
      if (lines.length === 4096 || i === n - 1) {
        writeSync(fd, lines.join('\n') + '\n')
        lines = []
      }
    }
    closeSync(fd)
    return { model, 'test-data': file }
  }
  if (format === 'images') {
    // the 36 shapes images, hard-linked n/36 times under each class folder
    const src = path.join(root, 'fixtures', 'images', 'shapes')
    const classes = readdirSync(src).sort()
    const files = classes.flatMap((c) => readdirSync(path.join(src, c)).sort().map((f) => [c, f]))
    for (const c of classes) mkdirSync(path.join(dir, 'set', c), { recursive: true })
    for (let i = 0; i < n; i++) {
      const [c, f] = files[i % files.length]
      linkSync(path.join(src, c, f), path.join(dir, 'set', c, `${Math.floor(i / files.length)}-${f}`))
    }
    return { model: path.join(root, 'fixtures', 'images', 'shapes-cnn.onnx'), 'test-data': path.join(dir, 'set'), 'image-size': '32', crop: '28', mean: 'imagenet', std: 'imagenet' }
  }
  if (format === 'text') {
    const fix = path.join(root, 'fixtures', 'inputs')
    const rows = parse(readFileSync(path.join(fix, 'text-wp-test.csv'), 'utf8'), { columns: true })
    const fd = openSync(path.join(dir, 'texts.csv'), 'w')
    writeSync(fd, 'text,label\n')
    const quoted = rows.map((r) => `"${r.text.replace(/"/g, '""')}",${r.label}`)
    for (let i = 0; i < n; i += rows.length) writeSync(fd, quoted.slice(0, Math.min(rows.length, n - i)).join('\n') + '\n')
    closeSync(fd)
    return { model: path.join(fix, 'text-wp.onnx'), 'test-data': path.join(dir, 'texts.csv'), tokenizer: path.join(fix, 'text-wp', 'tokenizer.json'), 'class-names': 'weather,food,sport' }
  }
  throw new Error(`bench-rss-formats: unknown format ${format}`)
}

async function peak(inputs, build = dist) {
  const r = await runAction({ build, tmp, inputs: { 'batch-size': '64', ...inputs } })
  return { rssMiB: r.rssMiB, n: r.metrics.n_samples, accuracy: r.metrics.accuracy }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
// image decoding is ~1 ms a file and text ~0.1 ms a sample: smaller N keeps the run short
const SIZES = { images: Math.round(N / 25), text: Math.round(N / 4) }

console.log(`\n## peak RSS at N and 10·N samples per format, ${path.relative(root, dist) || dist}${before ? ` against ${before}` : ''}, batch 64, ${REPEATS} interleaved pairs; ratio 10·N / N: median (min–max)`)
console.log(`${'format'.padEnd(23)} ${'N'.padStart(9)} ${'MiB at N'.padStart(9)} ${'10·N'.padStart(10)} ${'MiB at 10·N'.padStart(12)} ${'ratio'.padStart(6)}  spread          (10·N − N) / 9N`)
for (const format of FORMATS) {
  const n = SIZES[format] ?? N
  const small = make(format, n, path.join(tmp, `${format}-1`))
  const big = make(format, n * 10, path.join(tmp, `${format}-10`))
  const runs = { after: { a: [], b: [] }, before: { a: [], b: [] } }
  for (let r = 0; r < REPEATS; r++) {
    if (before) runs.before.a.push(await peak(small, before))
    runs.after.a.push(await peak(small))
    if (before) runs.before.b.push(await peak(big, before))
    runs.after.b.push(await peak(big))
  }
  for (const [which, { a, b }] of Object.entries(runs)) {
    if (a.length === 0) continue
    if (b[0].n !== n * 10 || a[0].n !== n) throw new Error(`bench-rss-formats: ${format} evaluated ${a[0].n} / ${b[0].n} samples`)
    const ratios = a.map((x, i) => b[i].rssMiB / x.rssMiB)
    const ma = median(a.map((x) => x.rssMiB))
    const mb = median(b.map((x) => x.rssMiB))
    const perSample = ((mb - ma) * 1024 * 1024) / (9 * n)
    const title = before ? `${format} ${which === 'before' ? '(before)' : ''}` : format
    console.log(
      `${title.padEnd(23)} ${n.toLocaleString('en-US').padStart(9)} ${ma.toFixed(0).padStart(9)} ${(n * 10).toLocaleString('en-US').padStart(10)} ${mb.toFixed(0).padStart(12)} ${median(ratios).toFixed(3).padStart(6)}  (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})   ${perSample.toFixed(0)} B/sample`
    )
  }
  rmSync(path.join(tmp, `${format}-1`), { recursive: true, force: true })
  rmSync(path.join(tmp, `${format}-10`), { recursive: true, force: true })
}
rmSync(tmp, { recursive: true, force: true })
