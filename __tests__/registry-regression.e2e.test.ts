/**
 * A regression model through the registry, end to end through dist/ against the MLflow fake over
 * real HTTP: resolved, gated on r2/rmse (and against the Production version, with the paired
 * bootstrap), promoted by stage and by alias through the same read → plan → write → verify → audit
 * path as a classifier, with r2/rmse/mae audit tags instead of accuracy/F1/loss.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'stats')
const MLP = readFileSync(path.join(FIX, 'diabetes-mlp.onnx'))
const WEAK = readFileSync(path.join(FIX, 'diabetes-weak.onnx'))
const goldens = JSON.parse(readFileSync(path.join(FIX, 'goldens.json'), 'utf8')).cases
const MLMODEL = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
const dir = tempDir('registry-regression-e2e-')

let servers: FakeMlflow[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  servers = []
})

/** diabetes: v1 (weak) in Production, v2 (the MLP) in Staging. */
async function registry(): Promise<FakeMlflow> {
  const r = await new FakeMlflow().start()
  servers.push(r)
  r.addVersion('diabetes', { 'model.onnx': WEAK, MLmodel: MLMODEL }, 'Production')
  r.addVersion('diabetes', { 'model.onnx': MLP, MLmodel: MLMODEL }, 'Staging')
  return r
}

function event(name: 'push' | 'workflow_dispatch'): Record<string, string> {
  const repo = { full_name: 'acme/models', default_branch: 'main' }
  const file = path.join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(name === 'push' ? { ref: 'refs/heads/main', repository: repo } : { inputs: {}, repository: repo }))
  return {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01',
    MLFLOW_HTTP_REQUEST_TIMEOUT: '5'
  }
}

function gate(r: FakeMlflow, inputs: Record<string, string>, env: Record<string, string>): Promise<DistRun> {
  return runDist({ 'test-data': path.join(FIX, 'diabetes-test.npz'), 'tracking-uri': r.url, device: 'cpu', thresholds: 'r2: 0.3\nrmse: "< 70"', ...inputs }, { env })
}

const tags = (r: FakeMlflow, v: string) => Object.fromEntries(r.version('diabetes', v).tags)

function close(actual: unknown, expected: number, what: string): void {
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= 1e-9)) throw new Error(`${what}: got ${String(actual)}, scikit-learn says ${expected}`)
}

describe('a regression model in the registry', () => {
  it('on push to main: Staging → Production, archives the previous holder, tags r2/rmse/mae, verifies; a re-run is a no-op', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/diabetes/Staging', baseline: 'production', thresholds: 'r2: 0.3\nrmse: "< 70"\nrmse_vs_baseline: { max_drop: 0, significance: 0.05 }' }, event('push'))
    expect(run.code).toBe(0)
    const m = run.metrics()
    expect(m.task).toBe('regression')
    for (const k of ['r2', 'mse', 'rmse', 'mae']) close(m[k], goldens['diabetes-mlp'][k], k)
    expect(m.model).toMatchObject({ name: 'diabetes', version: '2' })
    // the baseline is what holds Production: version 1, evaluated on the same samples
    expect(m.baseline).toMatchObject({ version: '1' })
    close(m.baseline.r2, goldens['diabetes-weak'].r2, 'baseline r2')
    const check = m.gate.checks.find((c: { metric: string }) => c.metric === 'rmse_vs_baseline')
    expect(check).toMatchObject({ op: 'max_drop', passed: true, significance: { test: 'paired_bootstrap' } })

    expect(r.stages('diabetes')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(m.promotion).toMatchObject({ status: 'promoted', target: 'Production', name: 'diabetes', version: '2', previous: ['1'], archived: ['1'], verified: true })
    const t = tags(r, '2')
    expect(t).toMatchObject({
      'model_gate.verdict': 'pass',
      'model_gate.r2': String(m.r2),
      'model_gate.rmse': String(m.rmse),
      'model_gate.mae': String(m.mae),
      'model_gate.test_set_sha256': m.data.sha256,
      'model_gate.previous_version': '1',
      'model_gate.promoted_to': 'Production',
      'model_gate.commit': 'c0ffee0000000000000000000000000000000000'
    })
    for (const k of ['accuracy', 'macro_f1', 'loss']) expect(t[`model_gate.${k}`]).toBeUndefined()
    // read first, write once, read back, then the audit tags
    const calls = r.requests.map((q) => `${q.method} ${q.route}`)
    const write = calls.indexOf('POST model-versions/transition-stage')
    expect(calls.slice(0, write)).toContain('GET model-versions/get')
    expect(calls.slice(write + 1)).toContain('GET model-versions/get')

    // the outputs: regression's headline numbers, the classifier's empty
    expect(run.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'model-version': '2', r2: String(m.r2), rmse: String(m.rmse), accuracy: '', 'macro-f1': '', loss: '' })
    expect(run.summary).toMatch(/Promoted version 2 of `diabetes` to \*\*Production\*\* \(archived version 1\)/)
    expect(run.summary).toContain('```mermaid\nxychart-beta')
    expect(readFileSync(path.join(run.outDir, 'residuals.csv'), 'utf8').split('\n')[0]).toBe('index,true,predicted,residual')

    const again = await gate(r, { model: 'models:/diabetes/2' }, event('push'))
    expect(again.code).toBe(0)
    expect(again.metrics().promotion).toMatchObject({ status: 'already-promoted', verified: true })
    expect(r.requests.filter((q) => q.route === 'model-versions/transition-stage')).toHaveLength(1)
  })

  it('moves an alias: promote-to @champion on workflow_dispatch', async () => {
    const r = await registry()
    r.setAlias('diabetes', 'champion', '1')
    r.setAlias('diabetes', 'challenger', '2')
    const run = await gate(r, { model: 'models:/diabetes@challenger', 'promote-to': '@champion' }, event('workflow_dispatch'))
    expect(run.code).toBe(0)
    expect(r.alias('diabetes', 'champion')).toBe('2')
    expect(r.stages('diabetes')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: ['1'], archived: [], verified: true })
    expect(tags(r, '2')).toMatchObject({ 'model_gate.verdict': 'pass', 'model_gate.r2': String(run.metrics().r2), 'model_gate.promoted_to': '@champion' })
  })

  it('a failing gate promotes nothing and tags the version as rejected, naming the regression check', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/diabetes/1', thresholds: 'r2: 0.99' }, event('push'))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringMatching(/gate failed: r2 = /)])
    expect(r.stages('diabetes')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(tags(r, '1')).toMatchObject({ 'model_gate.verdict': 'fail', 'model_gate.failed_checks': expect.stringContaining('r2'), 'model_gate.r2': String(run.metrics().r2) })
    expect(run.metrics().promotion).toMatchObject({ status: 'rejected' })
  })
})
