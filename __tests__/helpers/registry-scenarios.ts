/**
 * The registry end-to-end scenarios, written once and run against every backend: the in-repo fake
 * and real MLflow servers (2.17.2, 3.5.1). The built dist/ runs each one in a child process.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { realBackend, wipe, type Backend } from './registry-backend.js'
import { expectOneError, ROOT, runDist, tempDir, type DistRun } from './run-dist.js'

export { expectOneError }

export const FIX = path.join(ROOT, 'fixtures', 'classify')
export const GOOD = readFileSync(path.join(FIX, 'digits-cnn.onnx'))
export const WEAK = readFileSync(path.join(FIX, 'digits-weak.onnx'))
export const golden = (c: string) => JSON.parse(readFileSync(path.join(FIX, 'goldens', `${c}.json`), 'utf8'))
export const MLMODEL = Buffer.from('flavors:\n  onnx:\n    data: model.onnx\n')
const STATS = path.join(ROOT, 'fixtures', 'stats')
const DIABETES_MLP = readFileSync(path.join(STATS, 'diabetes-mlp.onnx'))
const DIABETES_WEAK = readFileSync(path.join(STATS, 'diabetes-weak.onnx'))
const STATS_GOLDENS = JSON.parse(readFileSync(path.join(STATS, 'goldens.json'), 'utf8')).cases
const dir = tempDir('registry-e2e-')

export function event(name: 'push' | 'pull_request' | 'workflow_dispatch', fork = false): Record<string, string> {
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

export const FAST = { MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.01', MLFLOW_HTTP_REQUEST_TIMEOUT: '5' }

export function gate(r: { url: string }, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<DistRun> {
  return runDist(
    { 'test-data': path.join(FIX, 'digits-test.npz'), 'tracking-uri': r.url, device: 'cpu', thresholds: 'accuracy: ">= 0.8"', ...inputs },
    { env: { ...FAST, ...env } }
  )
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** The models the scenarios create; a real backend deletes them before each test. */
export const MODEL_NAMES = ['digits', 'digits-new', 'iris', 'diabetes'] as const

/**
 * Every scenario that a real server can play: no injected faults, no states a client cannot
 * create. `open` gives a fresh, empty registry for each test.
 */
export function registryScenarios(open: () => Promise<Backend>): void {
  let servers: Backend[] = []
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    servers = []
  })

  /** digits: v1 (weak) in Production, v2 (good) in Staging. */
  async function registry(production = true): Promise<Backend> {
    const r = await open()
    servers.push(r)
    if (production) await r.addVersion('digits', { 'model.onnx': WEAK, MLmodel: MLMODEL }, 'Production')
    await r.addVersion('digits', { 'model.onnx': GOOD, MLmodel: MLMODEL }, 'Staging')
    return r
  }

  describe('resolving registry models', () => {
    it('by stage, version and alias: downloads the .onnx and records version and sha256', async () => {
      const r = await registry()
      await r.setAlias('digits', 'challenger', '2')
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

    it('finds the .onnx one folder down, and through a runs:/ source', async () => {
      const r = await registry(false)
      const v = await r.addVersion('digits', { 'onnx/model.onnx': GOOD, MLmodel: MLMODEL })
      expect((await gate(r, { model: `models:/digits/${v}` })).metrics().model.sha256).toBe(sha(GOOD))
      const runId = await r.addRun({ 'model.onnx': GOOD, MLmodel: MLMODEL })
      const w = await r.addVersion('digits', {}, 'None', `runs:/${runId}/model`)
      expect((await gate(r, { model: `models:/digits/${w}` })).metrics().model.sha256).toBe(sha(GOOD))
    })
  })

  describe('promotion', () => {
    it('on push to main: Staging → Production, archives the previous holder, tags it, verifies', async () => {
      const r = await registry()
      const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
      expect(run.code).toBe(0)
      expect(await r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
      expect(run.outputs).toMatchObject({ promoted: 'true', 'model-version': '2', passed: 'true' })
      const p = run.metrics().promotion
      expect(p).toMatchObject({ status: 'promoted', target: 'Production', name: 'digits', version: '2', previous: ['1'], archived: ['1'], verified: true, dry_run: false })
      expect(await r.tags('digits', '2')).toMatchObject({
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
      await r.setAlias('digits', 'champion', '1')
      await r.setAlias('digits', 'challenger', '2')
      const run = await gate(r, { model: 'models:/digits@challenger', 'promote-to': '@champion' }, event('workflow_dispatch'))
      expect(run.code).toBe(0)
      expect(await r.alias('digits', 'champion')).toBe('2')
      expect(await r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
      expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: ['1'], archived: [], verified: true })
      expect((await r.tags('digits', '2'))['model_gate.previous_version']).toBe('1')
    })

    it('keeps the other Production versions with archive-existing: false', async () => {
      const r = await registry()
      const run = await gate(r, { model: 'models:/digits/Staging', 'archive-existing': 'false' }, event('push'))
      expect(run.code).toBe(0)
      expect(await r.stages('digits')).toEqual({ '1': 'Production', '2': 'Production' })
    })

    it('a dry run decides and reports but writes nothing', async () => {
      const r = await registry()
      const run = await gate(r, { model: 'models:/digits/Staging', 'dry-run': 'true' }, event('push'))
      expect(run.code).toBe(0)
      expect(r.writes()).toEqual([])
      expect(run.metrics().promotion).toMatchObject({ status: 'dry-run', archived: ['1'], dry_run: true })
      expect(run.outputs.promoted).toBe('false')
      expect(await r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
    })

    it('a failing gate promotes nothing and tags the version as rejected', async () => {
      const r = await registry()
      const run = await gate(r, { model: 'models:/digits/Staging', thresholds: 'accuracy: ">= 0.99"' }, event('push'))
      expect(run.code).toBe(1)
      expect(run.errors).toEqual([expect.stringMatching(/gate failed: accuracy = 0\.8511/)])
      expect(await r.stages('digits')).toEqual({ '1': 'Production', '2': 'Staging' })
      expect(await r.tags('digits', '2')).toMatchObject({ 'model_gate.verdict': 'fail', 'model_gate.failed_checks': expect.stringContaining('accuracy') })
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

    it('a genuine first run (no version in any stage or alias): the baseline checks pass and say why', async () => {
      const r = await open()
      servers.push(r)
      await r.addVersion('digits', { 'model.onnx': GOOD, MLmodel: MLMODEL })
      await r.setAlias('digits', 'challenger', '1')
      for (const [promoteTo, fact] of [['Production', /no version of digits is in stage Production/], ['@champion', /alias @champion of digits is not set/]] as const) {
        const model = promoteTo === 'Production' ? 'models:/digits/1' : 'models:/digits@challenger'
        const run = await gate(r, { model, 'promote-to': promoteTo, baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }', promote: 'false' }, event('push'))
        expect(run.code).toBe(0)
        expect(run.metrics().gate.checks[0]).toMatchObject({ passed: true, baseline: null, note: expect.stringMatching(/first run/) })
        expect(run.stdout).toMatch(fact)
        expect(run.stdout).toMatch(/first run: no version of digits is in a serving stage or holds an alias/)
        expect(run.metrics().baseline_absent).toMatch(fact)
        // and the report says it, in the check
        expect(readFileSync(path.join(run.outDir, 'report.md'), 'utf8')).toMatch(new RegExp(`first run passes: ${fact.source}`))
      }
      expect(r.writes()).toEqual([])
    })

    it('moving to aliases: @champion unset while Production holds v1 is refused, naming v1 and the fix', async () => {
      const r = await registry()
      const v3 = await r.addVersion('digits', { 'model.onnx': WEAK, MLmodel: MLMODEL })
      await r.setAlias('digits', 'challenger', v3)
      const run = await gate(
        r,
        { model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.005 }' },
        event('push')
      )
      expectOneError(
        run,
        /baseline: alias @champion of digits is not set, but version 1 is in stage Production: this is no first run.*baseline: models:\/digits\/Production.*point @champion at version 1 first/
      )
      expect(await r.alias('digits', 'champion')).toBeUndefined()
      expect(r.writes()).toEqual([])
      // the migration run, as the error says: compare with Production, promote to @champion
      const migrate = await gate(
        r,
        { model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'models:/digits/Production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.005 }' },
        event('push')
      )
      // v3 is the same model as v1: no drop, so @champion moves to v3 and the aliases take over
      expect(migrate.code).toBe(0)
      expect(migrate.metrics().baseline).toMatchObject({ source: 'models:/digits/Production', version: '1' })
      expect(await r.alias('digits', 'champion')).toBe(v3)
    })

    it('a baseline that is the candidate itself is refused, unless it is the re-run of a finished promotion', async () => {
      const r = await registry()
      const same = await gate(r, { model: 'models:/digits/Staging', baseline: 'models:/digits/2', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }, event('push'))
      expectOneError(same, /baseline: models:\/digits\/2 is version 2 of digits, the candidate itself: comparing a model with itself passes any baseline check/)
      expect(r.writes()).toEqual([])
      const done = await gate(r, { model: 'models:/digits/Staging', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }, event('push'))
      expect(done.code).toBe(0)
      expect(await r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Production' })
      // the re-run: Production is v2 now, the very version promoted by the finished run above
      const rerun = await gate(r, { model: 'models:/digits/2', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }, event('push'))
      expect(rerun.code).toBe(0)
      expect(rerun.stdout).toMatch(/baseline models:\/digits\/Production is version 2, the candidate itself: a re-run of the promotion that finished/)
      expect(rerun.metrics().promotion).toMatchObject({ status: 'already-promoted' })
    })
  })

  describe('baseline references that name nothing', () => {
    it('an unknown model name passes as a first run, with a warning that says so; a missing version number fails', async () => {
      const r = await registry()
      const typo = await gate(r, { model: 'models:/digits/Staging', baseline: 'models:/digts@champion', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' })
      expect(typo.code).toBe(0)
      expect(typo.stdout).toMatch(/::warning::baseline models:\/digts@champion: model 'digts' does not exist in the registry at .*; treating this as a first run — check the name if the model exists/)
      expect(typo.metrics().baseline_absent).toMatch(/model 'digts' does not exist/)
      expectOneError(
        await gate(r, { model: 'models:/digits/Staging', baseline: 'models:/digits/9', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }),
        /baseline: models:\/digits\/9 does not exist in the registry at .*: digits has no version 9/
      )
      expect(r.writes()).toEqual([])
    })
  })

  describe('refusals that a real server gives', () => {
    it('unknown model, stage holder, alias; a version without an .onnx file', async () => {
      const r = await registry()
      await r.addVersion('digits', { 'model.pkl': Buffer.from('x'), MLmodel: MLMODEL })
      expectOneError(await gate(r, { model: 'models:/nope/Staging' }), /model: models:\/nope\/Staging does not exist in the registry at .*: there is no registered model named 'nope'/)
      expectOneError(await gate(r, { model: 'models:/digits@nope' }), /model: models:\/digits@nope does not exist in the registry at .*: digits has no alias @nope/)
      expectOneError(await gate(r, { model: 'models:/digits/Archived' }), /model: models:\/digits\/Archived does not exist .*: no version of digits is in Archived/)
      expectOneError(await gate(r, { model: 'models:/digits/3' }), /model: version 3 of digits has no \.onnx file in its artifacts \(mlflow-artifacts:\/\S+ holds (model\.pkl, MLmodel|MLmodel, model\.pkl)\)/)
      const before = r.requests.filter((q) => q.route === 'model-versions/get').length
      expectOneError(await gate(r, { model: 'models:/digits/7' }), /model: models:\/digits\/7 does not exist in the registry/)
      // a 4xx is never retried
      expect(r.requests.filter((q) => q.route === 'model-versions/get').length - before).toBe(1)
      expect(r.writes()).toEqual([])
    })

    it("a missing artifact (the proxy's 500) fails at once, without retries", async () => {
      const r = await registry(false)
      const v = await r.addVersion('digits', {}, 'None', 'mlflow-artifacts:/models/digits/gone/model.onnx')
      const run = await gate(r, { model: `models:/digits/${v}` }, event('push'))
      expectOneError(run, /model: models\/digits\/gone\/model\.onnx is not in the server's artifact store \(MLflow answered 500: no such file\)/)
      expect(r.requests.filter((q) => q.route.startsWith('artifacts/models/digits/gone'))).toHaveLength(1)
      expect(r.writes()).toEqual([])
    })

    it('aliases, first run: no @champion and no stage holder, the baseline check passes and the alias is set', async () => {
      const r = await registry(false)
      await r.setAlias('digits', 'challenger', '1')
      const run = await gate(
        r,
        { model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' },
        event('push')
      )
      // v1 sits in Staging: a candidate's stage is no production model
      expect(run.code).toBe(0)
      expect(run.metrics().gate.checks[0]).toMatchObject({ passed: true, baseline: null, note: expect.stringMatching(/first run/) })
      expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: [] })
      expect(await r.alias('digits', 'champion')).toBe('1')
      expect((await r.tags('digits', '1'))['model_gate.previous_version']).toBe('none')
    })
  })

  describe('register: a local .onnx becomes a version, then is gated and promoted', () => {
    const file = path.join(FIX, 'digits-cnn.onnx')
    const key = `${sha(GOOD)}@c0ffee0000000000000000000000000000000000`

    it('alias: registers version 3 as MLflow lays it out, points @challenger at it, promotes it to @champion; a re-run registers nothing', async () => {
      const r = await registry()
      await r.setAlias('digits', 'champion', '1')
      const inputs = {
        register: file, model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'production', experiment: 'registered',
        thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }'
      }
      const run = await gate(r, inputs, event('push'))
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/register: created version 3 of digits from .*digits-cnn\.onnx \(run \w+, sha256 [0-9a-f]{12}\)/)
      expect(run.metrics().model).toMatchObject({ uri: 'models:/digits@challenger', name: 'digits', version: '3', sha256: sha(GOOD) })
      expect(run.metrics().baseline).toMatchObject({ version: '1' })
      expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', version: '3', previous: ['1'], verified: true })
      expect(await r.alias('digits', 'challenger')).toBe('3')
      expect(await r.alias('digits', 'champion')).toBe('3')

      // what MLflow's own REST answers show: the version, its run and the run's artifacts
      const v = (await r.version('digits', '3'))!
      expect(v).toMatchObject({ status: 'READY', current_stage: 'None' })
      expect(v.run_id).toMatch(/\w{8,}/)
      expect(await r.tags('digits', '3')).toMatchObject({ 'model_gate.register_key': key, 'model_gate.source_sha256': sha(GOOD), 'model_gate.promoted_to': '@champion' })
      const trained = await r.run(v.run_id)
      expect(trained.status).toBe('FINISHED')
      expect(trained.tags).toMatchObject({ 'mlflow.source.git.commit': 'c0ffee0000000000000000000000000000000000', 'model_gate.register_sha256': sha(GOOD) })
      expect(await r.experimentId('registered')).toBeDefined()
      const root = v.source.replace(/^mlflow-artifacts:\/+/, '')
      expect(v.source).toMatch(new RegExp(`^mlflow-artifacts:/\\w+/${v.run_id}/artifacts/model$`))
      expect((await r.listArtifacts(root)).sort()).toEqual(['MLmodel', 'model.onnx'])
      expect(sha((await r.artifact(`${root}/model.onnx`))!)).toBe(sha(GOOD))
      const mlmodel = (await r.artifact(`${root}/MLmodel`))!.toString()
      expect(mlmodel).toMatch(/^flavors:\n {2}onnx:\n(?: {4}.*\n)* {4}data: model\.onnx$/m)
      expect(mlmodel).toContain(`run_id: ${v.run_id}`)
      expect(mlmodel).toContain(`model_size_bytes: ${GOOD.length}`)

      // the registered version downloads through models:/ like any other
      const again = await gate(r, { model: 'models:/digits/3' })
      expect(again.metrics().model).toMatchObject({ version: '3', sha256: sha(GOOD) })

      // a re-run of the same commit and file finds version 3 by its tag: no second version, no second move
      const rerun = await gate(r, inputs, event('push'))
      expect(rerun.code).toBe(0)
      expect(rerun.stdout).toMatch(/register: version 3 of digits already holds digits-cnn\.onnx .* from this commit; not registering it again/)
      expect(rerun.metrics().promotion).toMatchObject({ status: 'already-promoted' })
      expect(Object.keys(await r.stages('digits'))).toEqual(['1', '2', '3'])
    })

    it('stage: a new model is created, the version goes to Staging, and is promoted to Production on the first run', async () => {
      const r = await open()
      servers.push(r)
      const run = await gate(
        r,
        { register: file, model: 'models:/digits-new/Staging', 'promote-to': 'Production', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' },
        event('push')
      )
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/register: created registered model 'digits-new'/)
      expect(run.stdout).toMatch(/register: version 1 of digits-new is in Staging/)
      expect(run.metrics().baseline_absent).toMatch(/no version of digits-new is in stage Production; first run/)
      expect(await r.stages('digits-new')).toEqual({ '1': 'Production' })
    })

    it('on a pull request, or in a dry run, nothing is registered: the file is evaluated as it is', async () => {
      const r = await registry()
      const inputs = { register: file, model: 'models:/digits@challenger', 'promote-to': '@champion', baseline: 'production', thresholds: 'accuracy_vs_baseline: { max_drop: 0.0 }' }
      await r.setAlias('digits', 'champion', '1')
      const pr = await gate(r, inputs, event('pull_request'))
      expect(pr.code).toBe(0)
      expect(pr.stdout).toMatch(/register: not registering \(never on pull_request events\); evaluating .*digits-cnn\.onnx as it is/)
      expect(pr.metrics().baseline).toMatchObject({ source: 'models:/digits@champion', version: '1' })
      const dry = await gate(r, { ...inputs, 'dry-run': 'true' }, event('push'))
      expect(dry.stdout).toMatch(/register: not registering \(dry-run is true\)/)
      expect(r.writes()).toEqual([])
    })

    it('register needs an alias or stage in model', async () => {
      const r = await registry()
      expectOneError(await gate(r, { register: file, model: 'models:/digits/2' }), /input 'register' needs model to name where the new version goes: models:\/<name>@<alias>/)
      expectOneError(await gate(r, { register: 'model.pt', model: 'models:/digits@challenger' }), /input 'register' is 'model\.pt': give the path of an \.onnx file/)
      expect(r.writes()).toEqual([])
    })
  })

  describe('log-run', () => {
    it('logs a tracking run with metrics, params and the report files', async () => {
      const r = await registry()
      const run = await gate(r, { model: 'models:/digits/Staging', 'log-run': 'true', experiment: 'gates' }, event('push'))
      expect(run.code).toBe(0)
      const m = run.metrics()
      const id = m.tracking_run.run_id
      expect(await r.experimentId('gates')).toBe(m.tracking_run.experiment_id)
      const logged = await r.run(id)
      expect(logged.status).toBe('FINISHED')
      expect(logged.metrics.accuracy).toBe(m.accuracy)
      expect(logged.metrics['f1.3']).toBe(m.per_class[3].f1)
      expect(logged.params).toMatchObject({ model: 'models:/digits/Staging', batch_size: '64', test_data_sha256: m.data.sha256 })
      expect(logged.tags['mlflow.source.git.commit']).toBe('c0ffee0000000000000000000000000000000000')
      const root = String(m.tracking_run.artifact_uri).replace(/^mlflow-artifacts:\/+/, '')
      const uploaded = JSON.parse((await r.artifact(`${root}/model-gate/metrics.json`))!.toString())
      expect(uploaded.accuracy).toBe(m.accuracy)
      expect((await r.artifact(`${root}/model-gate/report.md`))!.toString()).toMatch(/model-gate: ✅ passed/)
    })
  })

  describe('a regression model: the same promotion path, r2/rmse/mae in the audit tags', () => {
    /** diabetes: v1 (weak) in Production, v2 (the MLP) in Staging. */
    async function diabetes(): Promise<Backend> {
      const r = await open()
      servers.push(r)
      await r.addVersion('diabetes', { 'model.onnx': DIABETES_WEAK, MLmodel: MLMODEL }, 'Production')
      await r.addVersion('diabetes', { 'model.onnx': DIABETES_MLP, MLmodel: MLMODEL }, 'Staging')
      return r
    }
    const regression = (r: Backend, inputs: Record<string, string>, env: Record<string, string>) =>
      gate(r, { 'test-data': path.join(STATS, 'diabetes-test.npz'), thresholds: 'r2: 0.3\nrmse: "< 70"', ...inputs }, env)
    const close = (actual: unknown, expected: number, what: string) => {
      if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= 1e-9)) throw new Error(`${what}: got ${String(actual)}, scikit-learn says ${expected}`)
    }

    it('on push to main: Staging → Production against the Production version (paired bootstrap), archived, tagged, verified; a re-run is a no-op', async () => {
      const r = await diabetes()
      const thresholds = 'r2: 0.3\nrmse: "< 70"\nrmse_vs_baseline: { max_drop: 0, significance: 0.05 }'
      const run = await regression(r, { model: 'models:/diabetes/Staging', baseline: 'production', thresholds }, event('push'))
      expect(run.code).toBe(0)
      const m = run.metrics()
      expect(m.task).toBe('regression')
      for (const k of ['r2', 'mse', 'rmse', 'mae']) close(m[k], STATS_GOLDENS['diabetes-mlp'][k], k)
      expect(m.model).toMatchObject({ name: 'diabetes', version: '2', sha256: sha(DIABETES_MLP) })
      expect(m.baseline).toMatchObject({ version: '1', sha256: sha(DIABETES_WEAK) })
      close(m.baseline.r2, STATS_GOLDENS['diabetes-weak'].r2, 'baseline r2')
      expect(m.gate.checks.find((c: { metric: string }) => c.metric === 'rmse_vs_baseline')).toMatchObject({ op: 'max_drop', passed: true, significance: { test: 'paired_bootstrap' } })
      expect(await r.stages('diabetes')).toEqual({ '1': 'Archived', '2': 'Production' })
      expect(m.promotion).toMatchObject({ status: 'promoted', target: 'Production', name: 'diabetes', version: '2', previous: ['1'], archived: ['1'], verified: true })
      const t = await r.tags('diabetes', '2')
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
      // read first, write once, then read back
      const calls = r.requests.map((q) => `${q.method} ${q.route}`)
      const write = calls.indexOf('POST model-versions/transition-stage')
      expect(calls.slice(0, write)).toContain('GET model-versions/get')
      expect(calls.slice(write + 1)).toContain('GET model-versions/get')
      // the outputs: regression's headline numbers; a classifier's are empty
      expect(run.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'model-version': '2', r2: String(m.r2), rmse: String(m.rmse), accuracy: '', 'macro-f1': '', loss: '' })
      expect(run.summary).toMatch(/Promoted version 2 of `diabetes` to \*\*Production\*\* \(archived version 1\)/)
      expect(run.summary).toContain('```mermaid\nxychart-beta')
      expect(readFileSync(path.join(run.outDir, 'residuals.csv'), 'utf8').split('\n')[0]).toBe('index,true,predicted,residual')

      const again = await regression(r, { model: 'models:/diabetes/2' }, event('push'))
      expect(again.code).toBe(0)
      expect(again.metrics().promotion).toMatchObject({ status: 'already-promoted', verified: true })
      expect(r.requests.filter((q) => q.route === 'model-versions/transition-stage')).toHaveLength(1)
    })

    it('moves an alias: promote-to @champion on workflow_dispatch', async () => {
      const r = await diabetes()
      await r.setAlias('diabetes', 'champion', '1')
      await r.setAlias('diabetes', 'challenger', '2')
      const run = await regression(r, { model: 'models:/diabetes@challenger', 'promote-to': '@champion' }, event('workflow_dispatch'))
      expect(run.code).toBe(0)
      expect(await r.alias('diabetes', 'champion')).toBe('2')
      expect(await r.stages('diabetes')).toEqual({ '1': 'Production', '2': 'Staging' })
      expect(run.metrics().promotion).toMatchObject({ status: 'promoted', target: '@champion', previous: ['1'], archived: [], verified: true })
      expect(await r.tags('diabetes', '2')).toMatchObject({ 'model_gate.verdict': 'pass', 'model_gate.r2': String(run.metrics().r2), 'model_gate.promoted_to': '@champion' })
    })

    it('a failing gate promotes nothing and tags the version as rejected, naming the regression check', async () => {
      const r = await diabetes()
      const run = await regression(r, { model: 'models:/diabetes/1', thresholds: 'r2: 0.99' }, event('push'))
      expect(run.code).toBe(1)
      expect(run.errors).toEqual([expect.stringMatching(/gate failed: r2 = /)])
      expect(await r.stages('diabetes')).toEqual({ '1': 'Production', '2': 'Staging' })
      expect(await r.tags('diabetes', '1')).toMatchObject({ 'model_gate.verdict': 'fail', 'model_gate.failed_checks': expect.stringContaining('r2'), 'model_gate.r2': String(run.metrics().r2) })
      expect(run.metrics().promotion).toMatchObject({ status: 'rejected' })
    })
  })
}

/**
 * The scenarios against a real MLflow server at `uri` (started by scripts/test.mjs, or by the
 * workflow's `mlflow server`). Without one, the scenarios are listed as skipped and a line says why:
 * nothing passes by not running.
 */
export function realServerSuite(version: string, envVar: string, extra?: (open: () => Promise<Backend>) => void): void {
  const uri = process.env[envVar]
  const title = `registry scenarios, against a real MLflow ${version} server`
  if (!uri) {
    process.stdout.write(
      `\nregistry e2e: NO real MLflow ${version} server (${envVar} is not set; npm test starts one when ../shared/tools/mlflow/mlflow-up.sh exists): its scenarios are skipped, not passed\n`
    )
    describe.skip(`${title} (not run: ${envVar} is not set)`, () => {
      registryScenarios(async () => {
        throw new Error('no server')
      })
      extra?.(async () => {
        throw new Error('no server')
      })
    })
    return
  }
  const open = async () => {
    await wipe(uri, MODEL_NAMES)
    return realBackend(`MLflow ${version}`, uri)
  }
  describe(`${title} at ${uri}`, () => {
    registryScenarios(open)
    mlflowReadsRegistered(open, uri, version)
    extra?.(open)
  })
}

/** An interpreter with MLflow's own client and onnx: mlflow-up.sh's unpacked tree on Debian's Python, or a pip-installed mlflow. */
function mlflowPython(version: string): { cmd: string; env: Record<string, string> } | undefined {
  const cache = process.env.MLFLOW_UP_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'mlflow-up')
  const site = path.join(cache, `mlflow-${version === '3.x' ? '3.5.1' : version}`, 'site')
  const candidates: { cmd: string; env: Record<string, string> }[] = [...(existsSync(site) ? [{ cmd: '/usr/bin/python3', env: { PYTHONPATH: site, PYTHONNOUSERSITE: '1' } }] : []), { cmd: 'python3', env: {} }]
  return candidates.find((c) => spawnSync(c.cmd, ['-c', 'import mlflow.onnx, onnx'], { env: { ...process.env, ...c.env } }).status === 0)
}

/** MLflow's own Python client loads what `register` wrote: mlflow.onnx.load_model('models:/…'). */
function mlflowReadsRegistered(open: () => Promise<Backend>, uri: string, version: string): void {
  const python = mlflowPython(version)
  if (!python) {
    process.stdout.write(`\nregistry e2e: no Python with mlflow.onnx and onnx (MLflow ${version}) here: the check that mlflow.onnx.load_model reads a registered version is skipped, not passed\n`)
  }
  ;(python ? it : it.skip)(`register: mlflow.onnx.load_model reads the registered version back (MLflow's own client)${python ? '' : ' (no Python with mlflow.onnx here)'}`, async () => {
    const r = await open()
    try {
      const run = await gate(r, { register: path.join(FIX, 'digits-cnn.onnx'), model: 'models:/digits@challenger', promote: 'false' }, event('push'))
      expect(run.code).toBe(0)
      const script = "import mlflow.onnx; m = mlflow.onnx.load_model('models:/digits@challenger'); print(m.graph.input[0].name, len(m.graph.node))"
      const py = spawnSync(python!.cmd, ['-c', script], { env: { ...process.env, ...python!.env, MLFLOW_TRACKING_URI: uri }, encoding: 'utf8', cwd: tempDir('mlflow-py-') })
      expect([py.status, py.stderr.split('\n').filter((l) => /Error/.test(l)).join('\n')]).toEqual([0, ''])
      expect(py.stdout.trim()).toMatch(new RegExp(`^${run.metrics().model.input} \\d+$`))
    } finally {
      await r.stop()
    }
  })
}
