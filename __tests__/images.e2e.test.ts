/**
 * Image folders through the built dist/ against torchvision + scikit-learn. The goldens
 * (fixtures/images/make_fixtures.py) come from torchvision's ImageFolder + Resize + CenterCrop +
 * ToTensor + Normalize and the torch model's outputs; dist/ decodes with libvips and resizes with
 * its linear (antialiased) kernel instead of PIL's, which moves some pixels by up to a few levels of
 * 255 (fixtures/images/compare-preprocessing.mjs measures it). Every prediction keeps its class (the
 * goldens' smallest top-1 margin is far above what that moves), so accuracy, F1 and the confusion
 * matrix must match exactly (1e-9); the loss, an average of log-probabilities, within 1e-4 relative.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, SHARED, tempDir, type DistRun } from './helpers/run-dist.js'

interface Golden {
  case: string
  inputs: Record<string, string>
  classes: string[]
  n_samples: number
  accuracy: number
  loss: number
  per_class: { class: string; precision: number; recall: number; f1: number; support: number }[]
  confusion_matrix: number[][]
  files: string[]
  [metric: string]: unknown
}

const GOLDENS = path.join(ROOT, 'fixtures', 'images', 'goldens')
const golden = (name: string): Golden => JSON.parse(readFileSync(path.join(GOLDENS, `${name}.json`), 'utf8'))
const AVERAGES = ['macro', 'weighted', 'micro'].flatMap((a) => ['precision', 'recall', 'f1'].map((m) => `${a}_${m}`))
const LOSS_RTOL = 1e-4

function close(actual: unknown, expected: number, tol: number, what: string): void {
  if (typeof actual !== 'number' || Math.abs(actual - expected) > tol) {
    throw new Error(`${what}: got ${String(actual)}, torchvision + scikit-learn say ${expected} (tolerance ${tol})`)
  }
}

function expectGolden(run: DistRun, g: Golden): void {
  if (run.code !== 0) throw new Error(`dist exited ${run.code}\n${run.stdout}\n${run.stderr}`)
  const m = run.metrics()
  expect(m.n_samples).toBe(g.n_samples)
  expect(m.classes).toEqual(g.classes)
  close(m.accuracy, g.accuracy, 1e-9, 'accuracy')
  for (const key of AVERAGES) close(m[key], g[key] as number, 1e-9, key)
  close(m.loss, g.loss, LOSS_RTOL * g.loss, 'loss')
  g.per_class.forEach((pc, i) => {
    expect(m.per_class[i].support).toBe(pc.support)
    for (const k of ['precision', 'recall', 'f1'] as const) close(m.per_class[i][k], pc[k], 1e-9, `${pc.class} ${k}`)
  })
  expect(m.confusion_matrix).toEqual(g.confusion_matrix)
}

const abs = (inputs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.resolve(ROOT, v) : v]))

/** A copy of the fixture folder to spoil. */
function copyShapes(): string {
  const dir = path.join(tempDir('shapes-'), 'shapes')
  cpSync(path.join(ROOT, 'fixtures', 'images', 'shapes'), dir, { recursive: true })
  return dir
}

describe('image folders equal torchvision + scikit-learn', () => {
  for (const name of ['shapes', 'shapes-nhwc', 'shapes-gray']) {
    it(name, async () => {
      const g = golden(name)
      // resized cases: a few levels of 255 cannot cross a top-1 margin this wide (unresized ones are bit-equal)
      if (g.inputs['image-size']) expect(g.min_top1_margin as number).toBeGreaterThan(0.3)
      expectGolden(await runDist({ ...g.inputs, device: 'cpu', 'batch-size': '8' }), g)
    })
  }

  it('runs from a copy of dist/ alone (sharp and libvips travel in dist/bin/img)', async () => {
    const g = golden('shapes')
    const bare = tempDir('bare-dist-')
    cpSync(path.join(ROOT, 'dist'), path.join(bare, 'dist'), { recursive: true })
    const run = await runDist({ ...abs(g.inputs), device: 'cpu' }, { script: path.join(bare, 'dist', 'index.js'), cwd: bare, env: { NODE_PATH: '' } })
    expectGolden(run, g)
  })

  it('takes channels from the model when the input is not set (1 channel: grayscale)', async () => {
    const g = golden('shapes-gray')
    const { mean, std, ...rest } = g.inputs
    const run = await runDist({ ...rest, mean: mean!, std: std!, device: 'cpu' })
    expectGolden(run, g)
    const wrong = await runDist({ ...rest, mean: mean!, std: std!, channels: 'rgb', device: 'cpu' })
    expect(wrong.code).toBe(1)
    expect(wrong.errors.join('\n')).toMatch(/1728 values per sample.*takes 576/)
  })

  it('a labels.csv beside the images, labels as class names, gives the same result', async () => {
    const g = golden('shapes')
    const flat = tempDir('flat-')
    const rows: string[] = []
    g.files.forEach((f, i) => {
      const name = `img${String(i).padStart(3, '0')}${path.extname(f)}`
      cpSync(path.join(ROOT, 'fixtures', 'images', 'shapes', f), path.join(flat, name))
      rows.push(`${name},${f.split('/')[0]}`)
    })
    // listed in another order than the folders: metrics do not depend on it
    writeFileSync(path.join(flat, 'labels.csv'), ['file,label', ...rows.reverse()].join('\n') + '\n')
    const run = await runDist({ ...abs(g.inputs), 'test-data': flat, 'class-names': g.classes.join(','), device: 'cpu' })
    expectGolden(run, g)
  })

  it('a corrupt image is one ::error:: naming the file', async () => {
    const g = golden('shapes')
    const dir = copyShapes()
    const bad = path.join(dir, 'apple', 'broken.jpg')
    writeFileSync(bad, Buffer.from('this is not a jpeg at all'))
    const run = await runDist({ ...abs(g.inputs), 'test-data': dir, device: 'cpu' })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(bad)
    expect(run.errors[0]).toMatch(/skip-bad-files/)
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /)
  })

  it('skip-bad-files leaves corrupt images out and counts them in metrics.json and the report', async () => {
    const g = golden('shapes')
    const dir = copyShapes()
    writeFileSync(path.join(dir, 'Zebra', 'truncated.png'), readFileSync(path.join(dir, 'Zebra', 'zebra_03.png')).subarray(0, 200))
    writeFileSync(path.join(dir, 'banana', 'empty.jpg'), '')
    const run = await runDist({ ...abs(g.inputs), 'test-data': dir, device: 'cpu', 'skip-bad-files': 'true' })
    expectGolden(run, g)
    const m = run.metrics()
    expect(m.skipped_files.count).toBe(2)
    expect(m.skipped_files.files.join('\n')).toMatch(/truncated\.png[\s\S]*empty\.jpg/)
    expect(readFileSync(path.join(run.outDir, 'report.md'), 'utf8')).toMatch(/2 file\(s\) could not be decoded/)
    expect(run.stdout).toMatch(/::warning::skip-bad-files: skipped 2/)
  })

  it('images that do not fit the model without resizing: an error that points at the preprocessing', async () => {
    const g = golden('shapes')
    const run = await runDist({ model: g.inputs.model!, 'test-data': g.inputs['test-data']!, device: 'cpu' })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringMatching(/shape \[3, 30, 40\].*takes 1728; .*image preprocessing/)])
  })

  it('logs progress lines with samples done, samples/s and ETA', async () => {
    const g = golden('shapes')
    const run = await runDist({ ...g.inputs, device: 'cpu', 'batch-size': '4' }, { env: { MODEL_GATE_PROGRESS_SECONDS: '0' } })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/progress: 8\/37 \(21\.6%\) samples, \d+ samples\/s, ETA \d+s/)
  })

  const mnist = path.join(SHARED, 'datasets', 'mnist-png')
  ;(existsSync(mnist) ? it : it.skip)('mnist-png with the fixed-batch-1 mnist-zoo model: grayscale from the model, 10 classes', async () => {
    const run = await runDist({ model: '../shared/datasets/mnist-zoo/model.onnx', 'test-data': '../shared/datasets/mnist-png', device: 'cpu' })
    expect(run.code).toBe(0)
    const m = run.metrics()
    expect(m.n_samples).toBe(readdirSync(mnist).reduce((n, d) => n + readdirSync(path.join(mnist, d)).length, 0))
    expect(m.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
  })
})

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })))
}

describe('CLI (dist/cli.js)', () => {
  const g = golden('shapes')
  const flags = Object.entries(g.inputs).flatMap(([k, v]) => [`--${k}`, v])

  it('writes the same metrics.json as the Action, prints a table, exits 0 when the gate passes', async () => {
    const out = tempDir('cli-')
    const r = await runCli(['evaluate', ...flags, '--device', 'cpu', '--thresholds', 'accuracy: ">= 0.9"', '--output-dir', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/model-gate: PASSED/)
    expect(r.stdout).toMatch(new RegExp(`pass\\s+accuracy\\s+${g.accuracy.toFixed(4)}\\s+>= 0\\.9000`))
    const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'))
    close(m.accuracy, g.accuracy, 1e-9, 'accuracy')
    expect(m.confusion_matrix).toEqual(g.confusion_matrix)
    expect(existsSync(path.join(out, 'report.md'))).toBe(true)
  })

  it('exits 1 when the gate fails, 0 with --fail-on-gate false', async () => {
    const out = tempDir('cli-')
    const fail = await runCli(['evaluate', ...flags, '--device', 'cpu', '--thresholds', 'accuracy: ">= 0.99"', '--output-dir', out])
    expect(fail.code).toBe(1)
    expect(fail.stdout).toMatch(/FAIL\s+accuracy/)
    const soft = await runCli(['evaluate', ...flags, '--device', 'cpu', '--thresholds', 'accuracy: ">= 0.99"', '--fail-on-gate', 'false', '--output-dir', out, '--quiet'])
    expect(soft.code).toBe(0)
  })

  it('an error is one line on stderr, exit 2', async () => {
    const r = await runCli(['evaluate', '--model', 'missing.onnx', '--test-data', 'fixtures/images/shapes', '--quiet'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^model-gate: error: model: cannot read .*missing\.onnx/)])
    const usage = await runCli(['evaluat'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/unknown command 'evaluat'/)
  })
})
