/**
 * The built dist/ against a local MLflow registry over real HTTP (__fixtures__/fake-mlflow.ts, which
 * answers as ../shared/mlflow.md records a real server answering): resolve, download, gate, promote,
 * archive, tag, verify, re-run, dry run, first run, refusals and faults.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'classify')
const GOOD = readFileSync(path.join(FIX, 'digits-cnn.onnx'))
const WEAK = readFileSync(path.join(FIX, 'digits-weak.onnx'))
const golden = (c: string) => JSON.parse(readFileSync(path.join(FIX, 'goldens', `${c}.json`), 'utf8'))
const MLMODEL = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
const dir = tempDir('registry-e2e-')

let servers: FakeMlflow[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  servers = []
})

/** digits: v1 (weak) in Production, v2 (good) in Staging. */
async function registry(production = true): Promise<FakeMlflow> {
  const r = await new FakeMlflow().start()
  servers.push(r)
  if (production) r.addVersion('digits', { 'model.onnx': WEAK, MLmodel: MLMODEL }, 'Production')
  r.addVersion('digits', { 'model.onnx': GOOD, MLmodel: MLMODEL }, 'Staging')
  return r
}

function event(name: 'push' | 'pull_request' | 'workflow_dispatch', fork = false): Record<string, string> {
  const repo = { full_name: 'acme/models', default_branch: 'main' }
  const payload =
    name === 'pull_request'
      ? { pull_request: { number: 7, head: { repo: { full_name: fork ? 'someone/models' : 'acme/models' } }, base: { repo } }, repository: repo }
      : name === 'workflow_dispatch'
        ? { inputs: {}, repository: repo }
        : { ref: 'refs/heads/main', repository: repo }
  const file = path.join(dir, `${name}${fork ? '-fork' : ''}.json`)
  writeFileSync(file, JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_REF: name === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com'
  }
}

const FAST = { MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01', MLFLOW_HTTP_REQUEST_TIMEOUT: '5' }

function gate(r: FakeMlflow, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<DistRun> {
  return runDist(
    { 'test-data': path.join(FIX, 'digits-test.npz'), 'tracking-uri': r.url, device: 'cpu', thresholds: 'accuracy: ">= 0.8"', ...inputs },
    { env: { ...FAST, ...env } }
  )
}

function expectOneError(run: DistRun, pattern: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.errors).toHaveLength(1)
  expect(run.errors[0]).toMatch(pattern)
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const tags = (r: FakeMlflow, v: string) => Object.fromEntries(r.version('digits', v).tags)

describe('resolving registry models', () => {
  it('by stage, version and alias: downloads the .onnx and records version and sha256', async () => {
    const r = await registry()
    r.setAlias('digits', 'challenger', '2')
    for (const model of ['models:/digits/Staging', 'models:/digits/2', 'models:/digits@challenger', 'models:/digits/staging']) {
      const run = await gate(r, { model })
      expect(run.code).toBe(0)
      const m = run.metrics()
      // stage names are matched case-insensitively, as MLflow does, and reported canonically
      expect(m.model).toMatchObject({ uri: model.replace('staging', 'Staging'), name: 'digits', version: '2', sha256: sha(GOOD) })
      expect(m.accuracy).toBeCloseTo(golden('digits-cnn').accuracy, 12)
      expect(run.outputs['model-version']).toBe('2')
    }
    const v1 = await gate(r, { model: 'models:/digits/1' })
    expect(v1.metrics().model).toMatchObject({ version: '1', sha256: sha(WEAK) })
    // no event, no promotion: nothing was written
    expect(r.writes()).toEqual([])
  })

  it('keeps a path prefix in tracking-uri (a server behind a reverse proxy)', async () => {
    const r = await registry()
    r.prefix = '/tools/mlflow'
    const run = await gate(r, { model: 'models:/digits/Staging', 'tracking-uri': `${r.url}/tools/mlflow/` })
    expect(run.code).toBe(0)
    expect(run.metrics().model.version).toBe('2')
  })

  it('finds the .onnx one folder down, and through a runs:/ source', async () => {
    const r = await registry(false)
    const v = r.addVersion('digits', { 'onnx/model.onnx': GOOD, MLmodel: MLMODEL })
    expect((await gate(r, { model: `models:/digits/${v}` })).metrics().model.sha256).toBe(sha(GOOD))
    r.experiments.set('train', '3')
    r.runs.set('abc', { experiment_id: '3', status: 'FINISHED', metrics: {}, params: {}, tags: {} })
    r.artifacts.set('3/abc/artifacts/model/model.onnx', GOOD)
    const w = r.addVersion('digits', {}, 'None', 'runs:/abc/model')
    expect((await gate(r, { model: `models:/digits/${w}` })).metrics().model.sha256).toBe(sha(GOOD))
  })
})

describe('promotion', () => {
  it('on push to main: Staging → Production, archives the previous holder, tags it, verifies', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expect(run.code).toBe(0)
    expect(r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(run.outputs).toMatchObject({ promoted: 'true', 'model-version': '2', passed: 'true' })
    const p = run.metrics().promotion
    expect(p).toMatchObject({ status: 'promoted', target: 'Production', name: 'digits', version: '2', previous: ['1'], archived: ['1'], verified: true, dry_run: false })
    expect(tags(r, '2')).toMatchObject({
      'model_gate.verdict': 'pass',
      'model_gate.accuracy': String(run.metrics().accuracy),
      'model_gate.commit': 'c0ffee0000000000000000000000000000000000',
      'model_gate.run_url': 'https://github.com/acme/models/actions/runs/4242',
      'model_gate.test_set_sha256': run.metrics().data.sha256,
      'model_gate.previous_version': '1',
      'model_gate.promoted_to': 'Production'
    })
    // read first, write once, then read back
    const calls = r.requests.map((q) => `${q.method} ${q.route}`)
    const write = calls.indexOf('POST model-versions/transition-stage')
    expect(calls.slice(0, write)).toContain('GET model-versions/get')
    expect(calls.slice(write + 1)).toContain('GET model-versions/get')
    expect(r.requests[write]!.body).toEqual({ name: 'digits', version: '2', stage: 'Production', archive_existing_versions: true })
    expect(run.summary).toMatch(/Promoted version 2 of `digits` to \*\*Production\*\* \(archived version 1\)/)

    // a re-run of the same version is a no-op that succeeds
    const again = await gate(r, { model: 'models:/digits/2' }, event('push'))
    expect(again.code).toBe(0)
    expect(again.metrics().promotion).toMatchObject({ status: 'already-promoted', verified: true })
    expect(again.outputs.promoted).toBe('true')
    expect(r.requests.filter((q) => q.route === 'model-versions/transition-stage')).toHaveLength(1)
  })

  it('moves an alias: promote-to @champion on workflow_dispatch', async () => {
    const r = await registry()
    r.setAlias('digits', 'champion', '1')
    r.setAlias('digits', 'challenger', '2')
    const run = await gate(r, { model: 'models:/digits@challenger', 'promote-to': '@champion' }, event('workflow_dispatch'))
    expect(run.code).toBe(0)
    expect(r.alias('digits', 'champion')).toBe('2')
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: ['1'], archived: [], verified: true })
  })

  it('keeps the other Production versions with archive-existing: false', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging', 'archive-existing': 'false' }, event('push'))
    expect(run.code).toBe(0)
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Production' })
  })

  it('a dry run decides and reports but writes nothing', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging', 'dry-run': 'true' }, event('push'))
    expect(run.code).toBe(0)
    expect(r.writes()).toEqual([])
    expect(run.metrics().promotion).toMatchObject({ status: 'dry-run', archived: ['1'], dry_run: true })
    expect(run.outputs.promoted).toBe('false')
  })

  it('a failing gate promotes nothing and tags the version as rejected', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging', thresholds: 'accuracy: ">= 0.99"' }, event('push'))
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringMatching(/gate failed: accuracy = 0\.8511/)])
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(tags(r, '2')).toMatchObject({ 'model_gate.verdict': 'fail', 'model_gate.failed_checks': expect.stringContaining('accuracy') })
    expect(run.metrics().promotion).toMatchObject({ status: 'rejected' })
  })

  it('never on pull_request, from a fork above all, even with promote: true', async () => {
    const r = await registry()
    for (const fork of [false, true]) {
      const run = await gate(r, { model: 'models:/digits/Staging', promote: 'true' }, event('pull_request', fork))
      expect(run.code).toBe(0)
      expect(run.metrics().promotion).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/never on pull_request/) })
    }
    expect(r.writes()).toEqual([])
  })

  it('promote: auto leaves other events alone; promote: false too', async () => {
    const r = await registry()
    const schedule = await gate(r, { model: 'models:/digits/Staging' }, { ...event('push'), GITHUB_EVENT_NAME: 'schedule' })
    expect(schedule.metrics().promotion.reason).toMatch(/promote is auto and this is a schedule event/)
    const off = await gate(r, { model: 'models:/digits/Staging', promote: 'false' }, event('push'))
    expect(off.metrics().promotion.reason).toBe('promote is false')
    expect(r.writes()).toEqual([])
  })
})

describe('baseline: production', () => {
  it('evaluates the Production version on the same test set and gates on the difference', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' })
    expect(run.code).toBe(0)
    const m = run.metrics()
    expect(m.baseline).toMatchObject({ source: 'models:/digits/Production', version: '1', sha256: sha(WEAK) })
    expect(m.baseline.accuracy).toBeCloseTo(golden('digits-weak').accuracy, 12)
    expect(m.gate.checks[0]).toMatchObject({ metric: 'accuracy_vs_baseline', baseline: m.baseline.accuracy, passed: true })
  })

  it('a model file against a registry baseline (a pull request); `production` alone needs a registry model', async () => {
    const r = await registry()
    const file = path.join(FIX, 'digits-cnn.onnx')
    const run = await gate(r, { model: file, baseline: 'models:/digits/Production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }, event('pull_request'))
    expect(run.code).toBe(0)
    expect(run.metrics().baseline).toMatchObject({ source: 'models:/digits/Production', version: '1', sha256: sha(WEAK) })
    expect(run.metrics().promotion).toMatchObject({ status: 'skipped' })
    expectOneError(
      await gate(r, { model: file, baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }),
      /input 'baseline' is 'production', which needs model to be a registry URI .*name the baseline in full, e\.g\. models:\/<name>\/Production/
    )
    expect(r.writes()).toEqual([])
  })

  it('on the first run, with nothing in Production yet, the baseline checks pass and say so', async () => {
    const r = await registry(false)
    const run = await gate(r, { model: 'models:/digits/Staging', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }, event('push'))
    expect(run.code).toBe(0)
    expect(run.metrics().gate.checks[0]).toMatchObject({ passed: true, baseline: null, note: expect.stringMatching(/first run/) })
    expect(run.stdout).toMatch(/no such model yet \(first run\)/)
    expect(r.stages('digits')).toEqual({ '1': 'Production' })
  })
})

describe('baseline references that name nothing', () => {
  it('an unknown model name passes as a first run, with a warning; a missing version number fails', async () => {
    const r = await registry()
    const typo = await gate(r, { model: 'models:/digits/Staging', baseline: 'models:/digts@champion', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' })
    expect(typo.code).toBe(0)
    expect(typo.stdout).toMatch(/::warning::baseline models:\/digts@champion: the registry at .* has no registered model named 'digts'; treating this as a first run/)
    expectOneError(
      await gate(r, { model: 'models:/digits/Staging', baseline: 'models:/digits/9', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }),
      /baseline: models:\/digits\/9 does not exist in the registry at .*: digits has no version 9/
    )
    expect(r.writes()).toEqual([])
  })
})

describe('registry faults: one clear error, and the registry as it was', () => {
  it('retries 503s with backoff, then succeeds', async () => {
    const r = await registry()
    r.faults.push({ route: 'registered-models/get-latest-versions', times: 2, status: 503 })
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/answered 503; retry 1 of 4/)
    expect(run.stdout).toMatch(/answered 503; retry 2 of 4/)
    expect(r.stages('digits')['2']).toBe('Production')
  })

  it('never retries a 4xx', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/7' })
    expectOneError(run, /model: models:\/digits\/7 does not exist in the registry/)
    expect(r.requests.filter((q) => q.route === 'model-versions/get')).toHaveLength(1)
  })

  it('a registry that is down', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer()
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const run = await runDist(
      { model: 'models:/digits/Staging', 'test-data': path.join(FIX, 'digits-test.npz'), 'tracking-uri': `http://127.0.0.1:${port}` },
      { env: { ...FAST, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2' } }
    )
    expectOneError(run, new RegExp(`tracking-uri: cannot reach the MLflow server at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED, after 3 attempts\\)`))
  })

  it('a registry that does not answer in time', async () => {
    const r = await registry()
    r.faults.push({ route: 'registered-models/get-latest-versions', times: 5, hang: true })
    const run = await gate(r, { model: 'models:/digits/Staging' }, { MLFLOW_HTTP_REQUEST_TIMEOUT: '0.5', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expectOneError(run, /cannot reach the MLflow server .*no answer within 0\.5 s, after 2 attempts/)
  })

  it('401 without credentials; Basic credentials work and are masked', async () => {
    const r = await registry()
    r.auth = { basic: { user: 'ci', password: 's3cret-pw' } }
    expectOneError(await gate(r, { model: 'models:/digits/Staging' }), /answered 401 .*set MLFLOW_TRACKING_TOKEN .*MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD/)
    const ok = await gate(r, { model: 'models:/digits/Staging' }, { ...event('push'), MLFLOW_TRACKING_USERNAME: 'ci', MLFLOW_TRACKING_PASSWORD: 's3cret-pw' })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('::add-mask::s3cret-pw')
    expect(ok.stdout.replace('::add-mask::s3cret-pw', '')).not.toContain('s3cret-pw')
    expect(r.stages('digits')['2']).toBe('Production')
    r.auth = { bearer: 'tok-123' }
    const bearer = await gate(r, { model: 'models:/digits/2' }, { MLFLOW_TRACKING_TOKEN: 'tok-123' })
    expect(bearer.code).toBe(0)
    expect(r.requests.at(-1)!.authorization).toBe('Bearer tok-123')
  })

  it('a write whose answer is lost is read back: landed, it stands; not landed, nothing is promoted', async () => {
    const r = await registry()
    // the server applies the transition but every answer is a 503
    r.faults.push({
      route: 'model-versions/transition-stage', times: 5, status: 503,
      before: (reg) => {
        reg.version('digits', '1').current_stage = 'Archived'
        reg.version('digits', '2').current_stage = 'Production'
      }
    })
    const landed = await gate(r, { model: 'models:/digits/Staging' }, { ...event('push'), MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expect(landed.code).toBe(0)
    expect(landed.stdout).toMatch(/got no answer \(answered 503\), but reading back shows it done/)
    expect(landed.metrics().promotion).toMatchObject({ status: 'promoted', verified: true })
    expect(tags(r, '2')['model_gate.promoted_to']).toBe('Production')

    const r2 = await registry()
    r2.faults.push({ route: 'model-versions/transition-stage', times: 5, status: 503 })
    const lost = await gate(r2, { model: 'models:/digits/Staging' }, { ...event('push'), MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expectOneError(lost, /got no answer \(answered 503\); reading back shows .*so nothing was promoted/)
    expect(r2.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(tags(r2, '2')).toEqual({})
  })

  it('403 on the write: nothing promoted, no tags', async () => {
    const r = await registry()
    r.faults.push({ route: 'model-versions/transition-stage', times: 1, status: 403 })
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expectOneError(run, /promote-to: .* answered 403 \(permission denied\) .*give the credentials' user EDIT/)
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(tags(r, '2')).toEqual({})
    // the reports are still written, with what happened
    expect(run.metrics().promotion).toMatchObject({ status: 'failed', reason: expect.stringMatching(/403/) })
    expect(run.outputs.promoted).toBe('false')
  })

  it('unknown model, stage holder, alias; a version without an .onnx file', async () => {
    const r = await registry()
    r.addVersion('digits', { 'model.pkl': Buffer.from('x'), MLmodel: MLMODEL })
    expectOneError(await gate(r, { model: 'models:/nope/Staging' }), /model: models:\/nope\/Staging does not exist in the registry at .*: there is no registered model named 'nope'/)
    expectOneError(await gate(r, { model: 'models:/digits@nope' }), /model: models:\/digits@nope does not exist in the registry at .*: digits has no alias @nope/)
    expectOneError(await gate(r, { model: 'models:/digits/Archived' }), /model: models:\/digits\/Archived does not exist .*: no version of digits is in Archived/)
    expectOneError(await gate(r, { model: 'models:/digits/3' }), /model: version 3 of digits has no \.onnx file in its artifacts \(mlflow-artifacts:\/models\/digits\/3 holds (model\.pkl, MLmodel|MLmodel, model\.pkl)\)/)
    expectOneError(await gate(r, { model: 'models:/digits/Prod' }), /input 'model' is 'models:\/digits\/Prod', whose 'Prod' is neither a version number nor a stage/)
    expectOneError(await gate(r, { model: 'models:/digits/Staging', 'promote-to': 'Prod' }), /input 'promote-to' is 'Prod': use Staging, Production, or an alias/)
    expect(r.writes()).toEqual([])
  })

  it('refuses when the version left its stage after it was evaluated', async () => {
    const r = await registry()
    // someone archives v2 between the evaluation and the promotion
    r.faults.push({ route: 'model-versions/get', times: 1, before: (reg) => (reg.version('digits', '2').current_stage = 'Archived') })
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expectOneError(run, /model: version 2 of digits left Staging \(it is now Archived\) after it was evaluated as models:\/digits\/Staging; nothing was promoted/)
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Archived' })
    expect(r.writes()).toEqual([])
  })

  it('detects a concurrent promotion when reading back', async () => {
    const r = await registry()
    const v3 = r.addVersion('digits', { 'model.onnx': GOOD }, 'Staging')
    // another job moves v3 to Production right after our write
    r.faults.push({ route: 'model-versions/search', times: 1, skip: 1, before: (reg) => (reg.version('digits', v3).current_stage = 'Production') })
    const run = await gate(r, { model: 'models:/digits/2' }, event('push'))
    expectOneError(run, /promote-to: moved version 2 of digits to Production, but reading back shows .*version 3 also holds Production; another promotion probably ran/)
  })
})

describe('more faults, on the write path', () => {
  it('retries 503s on the stage transition, then promotes once and verifies', async () => {
    const r = await registry()
    r.faults.push({ method: 'POST', route: 'model-versions/transition-stage', times: 2, status: 503 })
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/POST .*transition-stage answered 503; retry 2 of 4/)
    expect(r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(run.metrics().promotion).toMatchObject({ status: 'promoted', verified: true })
  })

  it('a transition whose answer is lost is read back: done, so it stands', async () => {
    const r = await registry()
    // the server applies the write, then never answers (this time, nor on the retry)
    r.faults.push({ route: 'model-versions/transition-stage', times: 5, hang: true, before: (reg) => reg.transition('digits', '2', 'Production', true) })
    const run = await gate(r, { model: 'models:/digits/Staging' }, { ...event('push'), MLFLOW_HTTP_REQUEST_TIMEOUT: '0.5', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/got no answer \(no answer within 0\.5 s\), but reading back shows it done/)
    expect(r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(tags(r, '2')['model_gate.verdict']).toBe('pass')
  })

  it('a transition that gets no answer and did not happen: one error, registry as it was', async () => {
    const r = await registry()
    r.faults.push({ route: 'model-versions/transition-stage', times: 5, hang: true })
    const run = await gate(r, { model: 'models:/digits/Staging' }, { ...event('push'), MLFLOW_HTTP_REQUEST_TIMEOUT: '0.5', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expectOneError(run, /promote-to: moving version 2 of digits to Production got no answer .*reading back shows version 2 of digits is in Staging and version 1 holds Production, so nothing was promoted/)
    expect(r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(tags(r, '2')).toEqual({})
    expect(run.metrics().promotion.status).toBe('failed')
  })

  it('audit tags that failed after the move are written by the re-run, which moves nothing', async () => {
    const r = await registry()
    r.faults.push({ route: 'model-versions/set-tag', times: 1, status: 403 })
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expectOneError(run, /promote-to: version 2 of digits was promoted to Production and verified, but writing its audit tags failed .*403.*; the promotion stands, add the tags by hand or re-run/)
    expect(r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(tags(r, '2')['model_gate.promoted_to']).toBeUndefined()
    const again = await gate(r, { model: 'models:/digits/2' }, event('push'))
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/already holds Production; wrote the audit tags an earlier run did not/)
    expect(tags(r, '2')).toMatchObject({ 'model_gate.verdict': 'pass', 'model_gate.promoted_to': 'Production', 'model_gate.commit': 'c0ffee0000000000000000000000000000000000' })
    expect(r.requests.filter((q) => q.route === 'model-versions/transition-stage')).toHaveLength(1)
  })

  it("a missing artifact (the proxy's 500) fails at once, without retries", async () => {
    const r = await registry(false)
    const v = r.addVersion('digits', {}, 'None', 'mlflow-artifacts:/models/digits/gone/model.onnx')
    const run = await gate(r, { model: `models:/digits/${v}` }, event('push'))
    expectOneError(run, /model: models\/digits\/gone\/model\.onnx is not in the server's artifact store \(MLflow answered 500: no such file\)/)
    expect(r.requests.filter((q) => q.route.startsWith('artifacts/models/digits/gone'))).toHaveLength(1)
    expect(r.writes()).toEqual([])
  })

  it('403 on a read, and a version still being registered', async () => {
    const r = await registry()
    r.faults.push({ route: 'registered-models/get-latest-versions', times: 1, status: 403 })
    expectOneError(await gate(r, { model: 'models:/digits/Staging' }, event('push')), /model: .* answered 403 \(permission denied\) to POST mlflow\/registered-models\/get-latest-versions/)
    r.version('digits', '2').status = 'PENDING_REGISTRATION'
    expectOneError(await gate(r, { model: 'models:/digits/2' }, event('push')), /model: version 2 of digits \(models:\/digits\/2\) is PENDING_REGISTRATION, not READY/)
    expect(r.writes()).toEqual([])
  })

  it('aliases, first run: no @champion yet, the baseline check passes and the alias is set', async () => {
    const r = await registry(false)
    r.setAlias('digits', 'challenger', '1')
    const run = await gate(
      r,
      { model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' },
      event('push')
    )
    expect(run.code).toBe(0)
    expect(run.metrics().gate.checks[0]).toMatchObject({ passed: true, baseline: null, note: expect.stringMatching(/first run/) })
    expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: [] })
    expect(r.alias('digits', 'champion')).toBe('1')
    expect(tags(r, '1')['model_gate.previous_version']).toBe('none')
  })
})

describe('log-run', () => {
  it('logs a tracking run with metrics, params and the report files', async () => {
    const r = await registry()
    const run = await gate(r, { model: 'models:/digits/Staging', 'log-run': 'true', experiment: 'gates' }, event('push'))
    expect(run.code).toBe(0)
    const m = run.metrics()
    const id = m.tracking_run.run_id
    expect(r.experiments.get('gates')).toBe(m.tracking_run.experiment_id)
    const logged = r.runs.get(id)!
    expect(logged.status).toBe('FINISHED')
    expect(logged.metrics.accuracy).toBe(m.accuracy)
    expect(logged.metrics['f1.3']).toBe(m.per_class[3].f1)
    expect(logged.params).toMatchObject({ model: 'models:/digits/Staging', batch_size: '64', test_data_sha256: m.data.sha256 })
    expect(logged.tags['mlflow.source.git.commit']).toBe('c0ffee0000000000000000000000000000000000')
    const uploaded = JSON.parse(r.artifacts.get(`${m.tracking_run.experiment_id}/${id}/artifacts/model-gate/metrics.json`)!.toString())
    expect(uploaded.accuracy).toBe(m.accuracy)
    expect(r.artifacts.get(`${m.tracking_run.experiment_id}/${id}/artifacts/model-gate/report.md`)!.toString()).toMatch(/model-gate: ✅ passed/)
  })
})
