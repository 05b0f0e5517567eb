/**
 * The report as a reviewer reads it, through dist/: its Mermaid charts render in a real browser
 * (headless Chromium with the mermaid package, as GitHub renders them), failures explain
 * themselves everywhere they appear, per-class changes against the baseline are flagged, and the
 * artifact carries the pictures and provenance.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const STATS = path.join(ROOT, 'fixtures/stats')
const CLASSIFY = path.join(ROOT, 'fixtures/classify')
const CHROMIUM = process.env.MODEL_GATE_CHROMIUM ?? '/usr/bin/chromium'
const SHAPES = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/images/goldens/shapes.json'), 'utf8')).inputs as Record<string, string>
const shapes = Object.fromEntries(Object.entries(SHAPES).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.join(ROOT, v) : v]))

interface Rendered { file: string; results: { ok: boolean; type: string; bars?: number; lines?: number; error: string | null }[] }

/** Renders the Mermaid blocks of Markdown files in headless Chromium (scripts/render-report.mjs). */
function render(...files: string[]): Rendered[] {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/render-report.mjs'), ...files], { encoding: 'utf8', timeout: 180_000 })
  if (r.status !== 0) throw new Error(`render-report failed (${r.status}): ${r.stderr}`)
  return JSON.parse(r.stdout) as Rendered[]
}

const runs: Record<string, DistRun> = {}
let registry: FakeMlflow

beforeAll(async () => {
  // a browser is part of this test: without one it fails, saying what is missing (npm test installs it as root)
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (npm test does this when run as root)`)
  const github = {
    GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: 'b0a7000000000000000000000000000000000000', GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '99', GITHUB_SERVER_URL: 'https://github.com'
  }
  const digits = { 'test-data': path.join(STATS, 'digits-test.npz') }
  const [pass, fail, wide, images, iris, regression] = await Promise.all([
    runDist({ ...digits, model: path.join(STATS, 'digits-a.onnx'), baseline: path.join(STATS, 'digits-b.onnx'), thresholds: 'accuracy: ">= 0.9"\nloss: "<= 0.35"\naccuracy_vs_baseline: { max_drop: 0.005 }' }, { env: github }),
    runDist({ ...digits, model: path.join(STATS, 'digits-weak.onnx'), baseline: path.join(STATS, 'digits-a.onnx'), thresholds: 'accuracy: ">= 0.1"\naccuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }\nmacro_f1_vs_baseline: { max_drop: 0.01, significance: 0.05 }' }, { env: github }),
    runDist({ model: path.join(CLASSIFY, 'wide-1000.onnx'), 'test-data': path.join(CLASSIFY, 'wide-1000-test.npz'), thresholds: 'accuracy: ">= 0.0"' }),
    runDist({ ...shapes, thresholds: 'accuracy: ">= 0.5"' }),
    runDist({ model: path.join(CLASSIFY, 'iris-mlp.onnx'), 'test-data': path.join(CLASSIFY, 'iris-test.csv'), 'label-column': 'species', 'class-names': 'setosa,versicolor,virginica' }),
    runDist({ model: path.join(STATS, 'diabetes-weak.onnx'), 'test-data': path.join(STATS, 'diabetes-test.csv'), 'label-column': 'target', baseline: path.join(STATS, 'diabetes-mlp.onnx'), thresholds: 'r2: 0.3' })
  ])
  Object.assign(runs, { pass, fail, wide, images, iris, regression })
}, 300_000)

afterAll(async () => {
  await registry?.stop()
})

const report = (name: string) => readFileSync(path.join(runs[name]!.outDir, 'report.md'), 'utf8')

describe('the charts render in headless Chromium', () => {
  it('every Mermaid block of every report renders without a parse error, with one bar per class or bin', () => {
    const names = ['pass', 'fail', 'wide', 'images', 'iris', 'regression']
    for (const n of names) expect([n, runs[n]!.code === 0 || runs[n]!.code === 1]).toEqual([n, true])
    const rendered = render(...names.map((n) => path.join(runs[n]!.outDir, 'report.md')), writeSummary(runs.pass!))
    const problems = rendered.flatMap((r) => r.results.filter((b) => !b.ok || b.error).map((b) => `${r.file}: ${b.error}`))
    expect(problems).toEqual([])
    const byName = Object.fromEntries(names.map((n, i) => [n, rendered[i]!.results]))
    // per-class F1 with the baseline as a line; the reliability diagram
    expect(byName.pass!.map((b) => [b.type, b.bars, b.lines])).toEqual([['xychart-beta', 10, 1], ['xychart-beta', expect.any(Number), 1]])
    expect(byName.images![0]!.bars).toBe(3)
    // regression: predicted vs true in 20 groups (bars true, line predicted), residuals in 15 bins
    expect(byName.regression!.map((b) => [b.type, b.bars, b.lines])).toEqual([['xychart-beta', 20, 1], ['xychart-beta', 15, 0]])
    // 1000 classes: the 20 with the lowest F1
    expect(byName.wide![0]!.bars).toBe(20)
    expect(report('wide')).toContain('title "F1 the 20 classes with the lowest F1 of 1000"')
  })

  it('a broken block is caught (the check can fail)', () => {
    const file = path.join(tempDir('broken-'), 'broken.md')
    writeFileSync(file, '```mermaid\nxychart-beta\n  x-axis [a, b\n  bar [1, 2]\n```\n')
    const [r] = render(file)
    expect(r!.results).toEqual([expect.objectContaining({ ok: false, error: expect.stringMatching(/Parse error|Expecting|error/i) })])
  })
})

function writeSummary(r: DistRun): string {
  const file = path.join(tempDir('summary-'), 'summary.md')
  writeFileSync(file, r.summary)
  return file
}

describe('a reviewer’s order, and failures that explain themselves', () => {
  it('verdict and failed checks, headline metrics with deltas, charts, folded detail, links last', () => {
    for (const md of [report('fail'), runs.fail!.summary]) {
      const at = (s: string) => md.indexOf(s)
      const order = ['## model-gate: ❌ failed', '**Failed checks (2):**', '### Metrics', '### Gate', '### Charts', '<details><summary>Per class, against the baseline', '<details><summary>Probabilities']
      expect(order.map((s) => [s, at(s) >= 0])).toEqual(order.map((s) => [s, true]))
      expect(order.map(at)).toEqual([...order.map(at)].sort((a, b) => a - b))
    }
    // report.md links the files beside it, at the end
    expect(report('images').trimEnd().split('\n').pop()).toBe('[confusion-matrix.svg](confusion-matrix.svg) · [misclassified.csv](misclassified.csv) · [misclassified.png](misclassified.png)')
    // the summary links the run, last
    expect(runs.fail!.summary.trimEnd().split('\n').pop()).toBe('[workflow run](https://github.com/acme/models/actions/runs/99)')
  })

  it('a failed _vs_baseline check gives baseline, change, allowed drop and p-value or interval: in ::error::, log and gate table', () => {
    const r = runs.fail!
    const m = r.metrics()
    const base = m.baseline.accuracy
    const check = m.gate.checks.find((c: { metric: string }) => c.metric === 'accuracy_vs_baseline')
    const p = m.comparison.mcnemar.p_value
    const f = (v: number) => v.toFixed(4)
    const expected = `accuracy_vs_baseline = ${f(check.value)} vs baseline ${f(base)}: change −${f(base - check.value)} (worse), allowed drop 0.005; significant at 0.05: McNemar p = ${p.toExponential(2)}`
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toContain(expected)
    expect(r.errors[0]).toMatch(/macro_f1_vs_baseline = .* allowed drop 0\.01; significant at 0\.05: paired bootstrap 95%25 interval of the difference \[−0\.\d{4}, −0\.\d{4}\]/)
    expect(r.stdout).toContain(`FAIL  ${expected}`)
    expect(report('fail')).toContain(`- ❌ ${expected}`)
    expect(report('fail')).toContain(`| ❌ | \`accuracy_vs_baseline\` | ${f(check.value)} | ${expected.replace(/^accuracy_vs_baseline = \S+ /, '')} |`)
    // a loss going up is worse; arrows carry the sign, words the meaning
    expect(report('fail')).toMatch(/\| loss \| [\d.]+ \| [^|]* \| [\d.]+ \| ▲ \+[\d.]+ 🔴 worse \|/)
    expect(report('pass')).toMatch(/\| accuracy \| 0\.9556 \| [^|]* \| 0\.9444 \| ▲ \+0\.0111 🟢 better \|/)
  })

  it('per class against the baseline: F1, precision and recall changes, regressions flagged', () => {
    const md = report('pass')
    const m = runs.pass!.metrics()
    const base = m.baseline.per_class as { class: string; f1: number }[]
    const regressed = m.per_class.filter((c: { f1: number }, i: number) => base[i]!.f1 - c.f1 > 0.01)
    for (const c of m.per_class as { class: string; f1: number }[]) {
      const i = m.classes.indexOf(c.class)
      const flag = base[i]!.f1 - c.f1 > 0.01 ? ' ⚠️ regressed' : ''
      expect(md).toMatch(new RegExp(`^\\| ${c.class}${flag} \\| ${c.f1.toFixed(4)} \\| ${base[i]!.f1.toFixed(4)} \\| `, 'm'))
    }
    expect(md).toContain(regressed.length ? `${regressed.length} class` : 'No class regressed')
  })

  it('the failed_checks tag in the registry carries the same explanation', async () => {
    registry = await new FakeMlflow().start()
    const mlmodel = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
    registry.addVersion('digits', { 'model.onnx': readFileSync(path.join(STATS, 'digits-a.onnx')), MLmodel: mlmodel }, 'Production')
    registry.addVersion('digits', { 'model.onnx': readFileSync(path.join(STATS, 'digits-weak.onnx')), MLmodel: mlmodel }, 'Staging')
    const eventFile = path.join(tempDir('event-'), 'event.json')
    writeFileSync(eventFile, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/models', default_branch: 'main' } }))
    const r = await runDist(
      { model: 'models:/digits/Staging', 'test-data': path.join(STATS, 'digits-test.npz'), 'tracking-uri': registry.url, baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }' },
      { env: { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'c0ffee0000000000000000000000000000000000', GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '1', GITHUB_SERVER_URL: 'https://github.com' } }
    )
    expect(r.code).toBe(1)
    const tag = Object.fromEntries(registry.version('digits', '2').tags)['model_gate.failed_checks']
    expect(tag).toMatch(/^accuracy_vs_baseline = 0\.1259 vs baseline 0\.9556: change −0\.8296 \(worse\), allowed drop 0\.005; significant at 0\.05: McNemar p = \d\.\d\de-\d+$/)
    expect(r.errors[0]).toContain(tag)
  })
})

describe('the artifact', () => {
  it('misclassified.csv names each image file; misclassified.png is a labelled contact sheet linked from the report', () => {
    const r = runs.images!
    const csv = readFileSync(path.join(r.outDir, 'misclassified.csv'), 'utf8').trim().split('\n')
    expect(csv[0]).toBe('index,file,true,predicted,confidence')
    const m = r.metrics()
    const wrong = m.n_samples - m.confusion_matrix.reduce((a: number, row: number[], i: number) => a + row[i]!, 0)
    expect(csv).toHaveLength(wrong + 1)
    for (const line of csv.slice(1)) {
      const [, file, truth] = line.split(',')
      // the file is relative to test-data and sits in its true class's folder
      expect(existsSync(path.join(shapes['test-data']!, file!))).toBe(true)
      expect(file!.split('/')[0]).toBe(truth)
    }
    const png = readFileSync(path.join(r.outDir, 'misclassified.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // 6 tiles of 160 px a row at most
    expect(png.readUInt32BE(16)).toBe(160 * Math.min(6, Math.min(24, wrong)))
    expect(report('images')).toContain('[misclassified.png](misclassified.png)')
  })

  it('misclassified.png draws every format the test set may hold (BMP, PPM/PGM, CMYK, 16-bit), from the pixels the model saw', async () => {
    const formats = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/images/goldens/formats.json'), 'utf8')).inputs as Record<string, string>
    const r = await runDist({ ...formats, model: path.join(ROOT, formats.model!), 'test-data': path.join(ROOT, formats['test-data']!) })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/misclassified\.png could not be drawn/)
    const files = readFileSync(path.join(r.outDir, 'misclassified.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]!)
    // sharp alone cannot open these: the tiles come from model-gate's own decoders
    expect(files.some((f) => /\.(bmp|ppm|pgm)$/.test(f))).toBe(true)
    const png = readFileSync(path.join(r.outDir, 'misclassified.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(160 * Math.min(6, files.length))
  })

  it('misclassified.csv of a CSV test set gives the data row', () => {
    const csv = readFileSync(path.join(runs.iris!.outDir, 'misclassified.csv'), 'utf8').trim().split('\n')
    expect(csv[0]).toBe('index,row,true,predicted,confidence')
    for (const line of csv.slice(1)) expect(Number(line.split(',')[1])).toBe(Number(line.split(',')[0]) + 1)
  })

  it("misclassified.csv of an .npz names each sample by the archive's index array when it has one", async () => {
    // the digits test set again, with the ids of the samples in a larger dataset it was cut from
    const src = unzipSync(readFileSync(path.join(STATS, 'digits-test.npz')))
    const n = 540
    const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(10_000 + 3 * i))
    const file = path.join(tempDir('npz-index-'), 'test.npz')
    writeNpz(file, { x: src['x.npy']!, y: src['y.npy']!, index: npy(ids, [n]) })
    const r = await runDist({ model: path.join(STATS, 'digits-b.onnx'), 'test-data': file })
    expect([r.code, r.errors]).toEqual([0, []])
    const csv = readFileSync(path.join(r.outDir, 'misclassified.csv'), 'utf8').trim().split('\n')
    expect(csv[0]).toBe('index,source_index,true,predicted,confidence')
    expect(csv.length).toBeGreaterThan(1)
    for (const line of csv.slice(1)) expect(Number(line.split(',')[1])).toBe(10_000 + 3 * Number(line.split(',')[0]))
    // an index of the wrong length is a warning, and the csv names samples by position
    writeNpz(file, { x: src['x.npy']!, y: src['y.npy']!, index: npy(ids.subarray(0, 5), [5]) })
    const short = await runDist({ model: path.join(STATS, 'digits-b.onnx'), 'test-data': file })
    expect(short.code).toBe(0)
    expect(short.stdout).toMatch(/::warning::misclassified\.csv: .*test\.npz its 'index' array has shape \[5\], not \[540\]/)
    expect(readFileSync(path.join(short.outDir, 'misclassified.csv'), 'utf8').split('\n')[0]).toBe('index,true,predicted,confidence')
  })

  it('a 1000-class confusion matrix SVG draws the most confused classes, with title, legend and a note', () => {
    const svg = readFileSync(path.join(runs.wide!.outDir, 'confusion-matrix.svg'), 'utf8')
    expect(svg).toContain('<text x="12" y="22" font-size="15" font-weight="bold">Confusion matrix: ')
    expect(svg).toContain('share of the true class: 0% → 100%')
    expect(svg).toContain('Showing the 40 classes of 1000 most involved in errors')
    expect(svg.match(/<title>true /g)).toHaveLength(1600)
  })

  it('metrics.json records provenance: versions, preprocessing, commit, event, time', () => {
    const before = Date.now()
    const prov = runs.pass!.metrics().provenance
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    const ort = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/onnxruntime-node/package.json'), 'utf8'))
    expect(prov).toMatchObject({ model_gate: pkg.version, onnxruntime: ort.version, commit: 'b0a7000000000000000000000000000000000000', event: 'pull_request', ref: 'refs/pull/7/merge', run_url: 'https://github.com/acme/models/actions/runs/99' })
    expect(prov.preprocessing).toMatchObject({ layout: 'NCHW', input_key: 'x', label_key: 'y', output_kind: 'auto' })
    expect(Date.parse(prov.timestamp)).toBeLessThanOrEqual(before)
    expect(runs.images!.metrics().provenance.preprocessing).toMatchObject({ image_size: 32, crop: 28, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] })
  })
})
