/**
 * The README is a test: every fenced block in it is either run here through dist/ (workflows by their
 * `with:` inputs, shell commands, the evaluate.py bridge's Python) or listed below with the reason it
 * is not. A new block that is neither fails, so a README that drifts from the code fails `npm test`.
 *
 * Paths a user would have (models/classifier.onnx, data/test.npz) are mapped to bundled fixtures by
 * the WORKSPACE table: the test builds a workspace where those paths are links to the fixtures, so the
 * snippets run exactly as written.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

interface Block { lang: string; code: string; line: number; key: string }

/** Fenced blocks at the start of a line, keyed by their language and first line. */
function readmeBlocks(): Block[] {
  const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!)
    if (!open) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!)
    out.push({ lang: open[1]!, code: body.join('\n') + '\n', line: start + 1, key: `${open[1]}: ${body[0]}` })
  }
  return out
}

type Plan =
  | { run: 'workflow'; registry?: boolean }
  | { run: 'shell' }
  | { run: 'bridge' }
  | { run: 'thresholds'; inputs?: Record<string, string> }
  | { run: 'metrics-json' }
  | { run: 'register-step' }
  | { run: 'not-run'; reason: string }

const CIFAR = 'airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck'

/** Every README block, by `lang: first line`, and what this test does with it. */
const SNIPPETS: Record<string, Plan> = {
  'yaml: # .github/workflows/model-gate.yml': { run: 'workflow' },
  'yaml: # .github/workflows/promote.yml — register → evaluate → promote on merge (stages)': { run: 'workflow', registry: true },
  'python: # model.py — a small digits classifier, trained in a few seconds': { run: 'bridge' },
  'python: # export.py': { run: 'bridge' },
  'python: # write_test_set.py': { run: 'bridge' },
  'sh: node dist/cli.js evaluate --model classifier.onnx --test-data test.npz \\': { run: 'bridge' },
  "python: # compare.py — model-gate's numbers against scikit-learn's on the same model": { run: 'bridge' },
  'yaml: accuracy: ">= 0.90"          # operators: >= > <= <': { run: 'thresholds', inputs: { 'class-names': CIFAR } },
  'yaml: accuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }  # fail only on a significant drop': { run: 'thresholds' },
  'json: { "schema_version": 1,': { run: 'metrics-json' },
  'yaml: - uses: model-gate/model-gate@v1': { run: 'register-step' },
  'text: baseline: alias @champion of classifier is not set, but version 1 is in stage Production: this is no': {
    run: 'not-run',
    reason: 'a sample error line; the registry scenarios (registry-scenarios.ts) produce and assert it against the fake and both real MLflow servers'
  },
  'yaml: image-size: 256    # Resize(256): shorter side to 256, longer side int(256 * long / short), bilinear': {
    run: 'not-run',
    reason: "ImageNet preprocessing for a 224×224 model; the bundled image model takes 28×28, and images.e2e.test.ts runs these inputs on it with its own sizes"
  },
  ': ::error::test-data has 64 values per sample (shape [64]) but model input input (float32 [1, 1, 28, 28]) takes 784; check test-data, input-key, feature-columns or the image preprocessing': {
    run: 'not-run',
    reason: 'sample error lines; errors.e2e.test.ts produces and asserts each of them'
  },
  'sh: node dist/cli.js evaluate --model models/classifier.onnx --test-data data/test.npz \\': { run: 'shell' },
  'sh: node dist/cli.js evaluate --model fixtures/inputs/text-wp.onnx --test-data fixtures/inputs/text-wp-test.csv \\': { run: 'shell' },
  'sh: node dist/cli.js evaluate --model fixtures/inputs/text-bag.onnx --test-data fixtures/inputs/text-bag.npz \\': { run: 'shell' },
  'sh: node dist/cli.js evaluate --model fixtures/inputs/wine-two.onnx --test-data fixtures/inputs/wine-two.csv \\': { run: 'shell' },
  'sh: node dist/cli.js evaluate --model fixtures/inputs/text-wp-fixed16.onnx --test-data fixtures/inputs/text-wp-ids.jsonl \\': { run: 'shell' },
  'sh: env INPUT_MODEL=fixtures/classify/digits-cnn.onnx INPUT_TEST-DATA=fixtures/classify/digits-test.npz \\': { run: 'shell' },
  "sh: npm ci          # install; onnxruntime's CUDA download is skipped, see below": {
    run: 'not-run',
    reason: 'the set-up and test commands themselves: .ci/run runs npm ci and npm test; demo and bench are scripts of their own'
  }
}

/** The user paths the snippets name, and the fixture each stands for. */
const WORKSPACE: Record<string, string> = {
  'models/classifier.onnx': 'fixtures/stats/digits-a.onnx',
  'data/test.npz': 'fixtures/stats/digits-test.npz',
  fixtures: 'fixtures'
}

const blocks = readmeBlocks()
const planned = (plan: Plan['run']) => blocks.filter((b) => SNIPPETS[b.key]?.run === plan)
const cleanup: string[] = []
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true })
})

function workspace(): string {
  const work = tempDir('readme-')
  cleanup.push(work)
  for (const [user, fixture] of Object.entries(WORKSPACE)) {
    mkdirSync(path.dirname(path.join(work, user)), { recursive: true })
    symlinkSync(path.join(ROOT, fixture), path.join(work, user))
  }
  return work
}

function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['-eo', 'pipefail', '-c', script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env }, encoding: 'utf8', timeout: 300_000 })
}

/** `node dist/cli.js` as the README says it, run from a workspace: the repository's dist/. */
const fromCheckout = (code: string) => code.replace(/node dist\//g, `node ${ROOT}/dist/`)

describe('README', () => {
  it('every fenced block is run by this test or listed with the reason it is not', () => {
    const unknown = blocks.filter((b) => !(b.key in SNIPPETS)).map((b) => `README.md:${b.line} ${b.key}`)
    expect(unknown).toEqual([])
    const stale = Object.keys(SNIPPETS).filter((k) => !blocks.some((b) => b.key === k))
    expect(stale).toEqual([])
    for (const [key, plan] of Object.entries(SNIPPETS)) if (plan.run === 'not-run') expect([key, plan.reason.length > 20]).toEqual([key, true])
  })

  it.each(planned('workflow').map((b) => [b.key, b] as [string, Block]))('workflow %s runs through dist/ with its with: inputs', async (_key, block) => {
    const wf = parse(block.code) as { jobs: Record<string, { steps: { uses?: string; id?: string; with?: Record<string, unknown>; env?: Record<string, string>; run?: string }[] }> }
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps)
    const gates = steps.filter((s) => /^model-gate\/model-gate@v1$|^\.\/$/.test(s.uses ?? ''))
    expect(gates.length).toBeGreaterThan(0)
    const plan = SNIPPETS[block.key] as { registry?: boolean }
    let registry: FakeMlflow | undefined
    const env: Record<string, string> = {}
    if (plan.registry) {
      // the registry the workflow names: Staging holds the good model, Production a slightly weaker one
      registry = await new FakeMlflow().start()
      const mlmodel = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
      registry.addVersion('digits', { 'model.onnx': readFileSync(path.join(ROOT, 'fixtures/stats/digits-b.onnx')), MLmodel: mlmodel }, 'Production')
      registry.addVersion('digits', { 'model.onnx': readFileSync(path.join(ROOT, 'fixtures/stats/digits-a.onnx')), MLmodel: mlmodel }, 'Staging')
      const eventFile = path.join(tempDir('readme-event-'), 'event.json')
      writeFileSync(eventFile, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/models', default_branch: 'main' } }))
      Object.assign(env, {
        GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
        GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '1', GITHUB_SERVER_URL: 'https://github.com', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01'
      })
    }
    // ${{ vars.* }} and ${{ secrets.* }} of the example: the fake registry's address, no credentials
    const expand = (v: string) => v.replace(/\$\{\{\s*vars\.MLFLOW_TRACKING_URI\s*\}\}/g, registry?.url ?? '').replace(/\$\{\{\s*secrets\.[\w]+\s*\}\}/g, '')
    try {
      for (const step of gates) {
        const work = workspace()
        for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v))
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v))]))
        const r = await runDist({ 'output-dir': path.join(work, 'model-gate-report'), ...inputs }, { cwd: work, env })
        expect([block.key, r.code, r.errors]).toEqual([block.key, 0, []])
        expect(r.outputs.passed).toBe('true')
        if (plan.registry) {
          expect(r.outputs.promoted).toBe('true')
          expect(registry!.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
        }
      }
    } finally {
      await registry?.stop()
    }
  })

  it.each(planned('thresholds').map((b) => [b.key, b] as [string, Block]))('thresholds %s are accepted by dist/ and checked', async (_key, block) => {
    const plan = SNIPPETS[block.key] as { inputs?: Record<string, string> }
    const r = await runDist({
      model: path.join(ROOT, WORKSPACE['models/classifier.onnx']!), 'test-data': path.join(ROOT, WORKSPACE['data/test.npz']!),
      baseline: path.join(ROOT, 'fixtures/stats/digits-b.onnx'), thresholds: block.code, 'fail-on-gate': 'false', ...plan.inputs
    })
    expect([block.key, r.code, r.errors]).toEqual([block.key, 0, []])
    const metrics = Object.keys(parse(block.code) as object)
    expect(r.metrics().gate.checks.length).toBeGreaterThanOrEqual(metrics.length)
  })

  it.each(planned('register-step').map((b) => [b.key, b] as [string, Block]))('step %s registers, gates and promotes through dist/ against a registry', async (_key, block) => {
    const [step] = parse(block.code) as { uses: string; with: Record<string, unknown> }[]
    expect(step!.uses).toBe('model-gate/model-gate@v1')
    // today's @champion is the weaker digits model; the file to register is the better one
    const registry = await new FakeMlflow().start()
    try {
      const mlmodel = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
      const v1 = registry.addVersion('classifier', { 'model.onnx': readFileSync(path.join(ROOT, 'fixtures/stats/digits-b.onnx')), MLmodel: mlmodel })
      registry.setAlias('classifier', 'champion', v1)
      const work = workspace()
      const eventFile = path.join(work, 'event.json')
      writeFileSync(eventFile, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/models', default_branch: 'main' } }))
      const env = {
        GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
        GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '1', GITHUB_SERVER_URL: 'https://github.com', MLFLOW_TRACKING_URI: registry.url, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01'
      }
      const inputs = Object.fromEntries(Object.entries(step!.with).map(([k, v]) => [k, String(v)]))
      const r = await runDist({ 'output-dir': path.join(work, 'model-gate-report'), ...inputs }, { cwd: work, env })
      expect([block.key, r.code, r.errors]).toEqual([block.key, 0, []])
      expect(r.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'model-version': '2' })
      expect(registry.alias('classifier', 'champion')).toBe('2')
      expect(registry.alias('classifier', 'challenger')).toBe('2')
    } finally {
      await registry.stop()
    }
  })

  it('the metrics.json sample names only fields a real metrics.json has', async () => {
    const sample = JSON.parse(planned('metrics-json')[0]!.code) as Record<string, unknown>
    const r = await runDist({ model: path.join(ROOT, 'fixtures/classify/digits-cnn.onnx'), 'test-data': path.join(ROOT, 'fixtures/classify/digits-test.npz'), thresholds: 'accuracy: 0.8' })
    const real = r.metrics()
    const missing: string[] = []
    const walk = (a: any, b: any, at: string) => {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return
      for (const k of Object.keys(a)) {
        if (k === '…') continue
        if (!(k in b)) missing.push(`${at}${k}`)
        else walk(a[k], b[k], `${at}${k}.`)
      }
    }
    walk(sample, real, '')
    expect(missing).toEqual([])
  })

  it.each(planned('shell').map((b) => [b.key, b] as [string, Block]))('shell %s runs as written', (_key, block) => {
    const work = workspace()
    // /tmp/outputs and /tmp/summary.md, as written, are files that do not exist yet: here, in a
    // fresh folder, so that parallel runs do not share them
    const tmp = path.join(work, 'tmp')
    mkdirSync(tmp)
    const r = bash(fromCheckout(block.code).replace(/\/tmp\//g, `${tmp}/`), work)
    expect([block.key, r.status, r.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([block.key, 0, []])
    expect(r.stdout).not.toMatch(/::error::|Missing file/)
    if (block.code.includes('GITHUB_OUTPUT=')) {
      expect(readFileSync(path.join(tmp, 'outputs'), 'utf8')).toMatch(/^passed<<(.+)\ntrue\n\1$/m)
      expect(readFileSync(path.join(tmp, 'summary.md'), 'utf8')).toMatch(/## model-gate: ✅ passed/)
    } else {
      expect(existsSync(path.join(work, 'report', 'metrics.json'))).toBe(true)
    }
  })

  it('From an evaluate.py: the Python and shell snippets run in order, and model-gate agrees with scikit-learn', () => {
    const bridge = planned('bridge')
    expect(bridge.length).toBe(5)
    const python = '/usr/bin/python3'
    const torch = spawnSync(python, ['-c', 'import torch, sklearn'], { encoding: 'utf8' })
    // Debian's python3-torch and python3-sklearn are on this kind of machine (DESIGN's premise):
    // without them this fails rather than skipping, so a missing install is seen
    expect([torch.status, torch.status === 0 ? '' : torch.stderr]).toEqual([0, ''])
    const work = tempDir('readme-bridge-')
    cleanup.push(work)
    for (const b of bridge) {
      const r = b.lang === 'python'
        ? spawnSync(python, ['-c', b.code], { cwd: work, encoding: 'utf8', timeout: 300_000 })
        : bash(fromCheckout(b.code), work)
      expect([b.key, r.status, r.status === 0 ? '' : r.stderr]).toEqual([b.key, 0, ''])
      if (b.key.startsWith('python: # compare.py')) expect(r.stdout).toMatch(/^model-gate agrees with scikit-learn: accuracy 0\.9\d+/)
    }
    expect(JSON.parse(readFileSync(path.join(work, 'report', 'metrics.json'), 'utf8')).gate.passed).toBe(true)
    // the CSV written in step 3 is a test set too: the same numbers
    const csv = bash(`node ${ROOT}/dist/cli.js evaluate --model classifier.onnx --test-data test.csv --output-dir report-csv`, work)
    expect(csv.status).toBe(0)
    const [a, b] = ['report', 'report-csv'].map((d) => JSON.parse(readFileSync(path.join(work, d, 'metrics.json'), 'utf8')))
    expect(b.confusion_matrix).toEqual(a.confusion_matrix)
  })
})
