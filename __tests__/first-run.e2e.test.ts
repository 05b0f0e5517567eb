/**
 * A new user's first hour, through dist/: typos in thresholds fail before any inference, the
 * documented terminal run writes its outputs, and the package installs as documented.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const DIGITS = path.join(ROOT, 'fixtures/classify/digits-cnn.onnx')
const DIGITS_DATA = path.join(ROOT, 'fixtures/classify/digits-test.npz')
const SHAPES = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/images/goldens/shapes.json'), 'utf8')).inputs as Record<string, string>
const shapes = Object.fromEntries(Object.entries(SHAPES).map(([k, v]) => [k, k === 'model' || k === 'test-data' ? path.join(ROOT, v) : v]))

/** One ::error:: line, and no sample went through the model (the evaluation line never came). */
function refusedBeforeInference(r: DistRun, message: string | RegExp): void {
  expect(r.code).toBe(1)
  expect(r.errors).toHaveLength(1)
  if (typeof message === 'string') expect(r.errors[0]).toBe(`::error::${message}`)
  else expect(r.errors[0]).toMatch(message)
  expect(r.stdout).not.toMatch(/samples on cpu/)
  expect(r.stdout + r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

describe('thresholds are checked before inference', () => {
  it("a class name without class-names: the model's class count and what to do", async () => {
    refusedBeforeInference(
      await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: '"f1[cat]": ">= 0.80"' }),
      "input 'thresholds': 'f1[cat]' names class 'cat', but the model has 10 classes, numbered 0 to 9, and no class-names; set class-names (the names in the model's output order) or use a class index"
    )
  })

  it('a class name that is not in class-names, or in the image folders: lists the valid names', async () => {
    const names = 'airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck'
    refusedBeforeInference(
      await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'class-names': names, thresholds: '"recall[kat]": 0.5' }),
      `input 'thresholds': 'recall[kat]' names class 'kat', but the classes are ${names.split(',').join(', ')}; use one of those names (or an index)`
    )
    refusedBeforeInference(
      await runDist({ ...shapes, thresholds: '"f1[hexagon]": 0.5' }),
      "input 'thresholds': 'f1[hexagon]' names class 'hexagon', but the classes are circle, square, triangle; use one of those names (or an index)"
    )
    refusedBeforeInference(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: '"precision[10]": 0.5' }), /'precision\[10\]' names class '10', but the model has 10 classes, numbered 0 to 9.*use an index from 0 to 9$/)
  })

  it('top_k_accuracy[k] beyond the class count', async () => {
    refusedBeforeInference(
      await runDist({ ...shapes, thresholds: '"top_k_accuracy[5]": 0.9' }),
      "input 'thresholds': 'top_k_accuracy[5]' asks for the top 5 of 3 classes; use k from 1 to 3"
    )
  })

  it('class-names of the wrong length, before inference', async () => {
    // 12 names for a 10-class model: every label (0-9) is a valid index, so only the model can tell
    const twelve = 'a,b,c,d,e,f,g,h,i,j,k,l'
    refusedBeforeInference(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'class-names': twelve }), "class-names lists 12 classes but the model's output 'logits' has 10; list one name per model output, in order")
    // 3 names: labels above 2 are refused as the file is read, naming the first such row
    refusedBeforeInference(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, 'class-names': 'a,b,c' }), /^::error::test-data: .*digits-test\.npz:y row \d+ has the label \d, which is not a class index \(a whole number from 0 to 2, as class-names lists 3 classes\)/)
  })

  it('a value outside the metric’s range; 90 reads as a percentage', async () => {
    refusedBeforeInference(
      await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'accuracy: 90' }),
      // a workflow command escapes % as %25; GitHub shows it as %
      "input 'thresholds': 'accuracy' is compared with 90, but accuracy is between 0 and 1; 90 looks like a percentage: write 0.9 for 90%25"
    )
    refusedBeforeInference(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'loss: "<= -1"' }), /'loss' is compared with -1, but loss is at least 0$/)
    refusedBeforeInference(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, baseline: DIGITS, thresholds: 'accuracy_vs_baseline: { max_drop: 5 }' }), /max_drop: 5, but accuracy changes by at most 1; 5 looks like a percentage: write 0\.05 for 5%25$/)
  })

  it('a quoted number is the number, with the bare number’s meaning', async () => {
    const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'accuracy: "0.8"\nloss: "0.6"' })
    expect([r.code, r.errors]).toEqual([0, []])
    expect(r.metrics().gate.checks.map((c: { metric: string; op: string; threshold: number }) => [c.metric, c.op, c.threshold])).toEqual([['accuracy', '>=', 0.8], ['loss', '<=', 0.6]])
  })
})

describe('runs outside a runner', () => {
  it('GITHUB_OUTPUT and GITHUB_STEP_SUMMARY that do not exist yet are created, and a passing gate passes', () => {
    const dir = tempDir('no-runner-')
    const outputs = path.join(dir, 'not-yet', 'outputs')
    const summary = path.join(dir, 'summary.md')
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/index.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', INPUT_MODEL: DIGITS, 'INPUT_TEST-DATA': DIGITS_DATA, INPUT_THRESHOLDS: 'accuracy: ">= 0.8"', GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary }
    })
    expect([r.status, r.stdout.split('\n').filter((l) => l.startsWith('::error'))]).toEqual([0, []])
    expect(readFileSync(outputs, 'utf8')).toMatch(/^passed<<(.+)\ntrue\n\1$/m)
    expect(readFileSync(summary, 'utf8')).toMatch(/^## model-gate: ✅ passed/)
    // the default output-dir, relative to where it ran
    expect(existsSync(path.join(dir, 'model-gate-report', 'metrics.json'))).toBe(true)
  })

  it('the CLI creates a nested --output-dir', () => {
    const dir = tempDir('cli-out-')
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'evaluate', '--model', DIGITS, '--test-data', DIGITS_DATA, '--output-dir', 'a/b/c'], { cwd: dir, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('reports: a/b/c/metrics.json, a/b/c/report.md')
  })
})

describe('installable as documented', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))

  it('package.json is publishable: not private, files, bin with a shebang, engines', () => {
    expect(pkg.private).toBeUndefined()
    expect(pkg.files).toEqual(['dist/', 'action.yml', 'README.md'])
    expect(pkg.bin).toEqual({ 'model-gate': 'dist/cli.js' })
    expect(readFileSync(path.join(ROOT, pkg.bin['model-gate']), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(pkg.engines.node).toMatch(/^>=20/)
  })

  it('npm pack takes dist/ with the native bindings, action.yml and the README, and no tests or sources', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
    expect(r.status).toBe(0)
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path)
    for (const f of ['dist/cli.js', 'dist/index.js', 'action.yml', 'README.md', 'package.json', 'dist/bin/napi-v6/linux/x64/onnxruntime_binding.node']) expect([f, files.includes(f)]).toEqual([f, true])
    expect(files.filter((f) => /^(src|__tests__|__fixtures__|fixtures|scripts)\//.test(f))).toEqual([])
  })

  it('every install script in the tree is decided in allowScripts (npm ci neither warns nor downloads)', () => {
    // npm 11 runs a dependency's install script only when allowScripts allows it; onnxruntime-node's
    // would download the CUDA provider from outside the npm registry, so it is denied
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false)
    expect(existsSync(path.join(ROOT, '.npmrc'))).toBe(false)
    const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout + r.stderr).not.toMatch(/not yet covered by allowScripts|Unknown project config/)
  })

  it('npm run local-action runs without a prompt (a pinned devDependency, not npx)', () => {
    expect(pkg.scripts['local-action']).toBe('local-action . src/main.ts .env')
    expect(pkg.devDependencies['@github/local-action']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(existsSync(path.join(ROOT, 'node_modules/.bin/local-action'))).toBe(true)
  })
})
