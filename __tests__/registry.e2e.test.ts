/**
 * The built dist/ against the in-repo MLflow fake over real HTTP: first every scenario a real server
 * plays too (__tests__/helpers/registry-scenarios.ts, also run against real MLflow 2.17.2 and 3.5.1 by
 * registry-mlflow2/3.e2e.test.ts), then what only the fake can do: injected faults (503s, hangs, lost
 * answers, another job writing in between), auth, a path prefix, states a client cannot create.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:net'
import path from 'node:path'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { fakeBackend } from './helpers/registry-backend.js'
import { event, expectOneError, FAST, FIX, gate, golden, GOOD, MLMODEL, registryScenarios, sha, WEAK } from './helpers/registry-scenarios.js'
import { runDist } from './helpers/run-dist.js'

describe('registry scenarios, against the fake', () => {
  registryScenarios(fakeBackend)
})

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

const tags = (r: FakeMlflow, v: string) => Object.fromEntries(r.version('digits', v).tags)

describe('fake only: a path prefix', () => {
  it('keeps a path prefix in tracking-uri (a server behind a reverse proxy)', async () => {
    const r = await registry()
    r.prefix = '/tools/mlflow'
    const run = await gate(r, { model: 'models:/digits/Staging', 'tracking-uri': `${r.url}/tools/mlflow/` })
    expect(run.code).toBe(0)
    expect(run.metrics().model.version).toBe('2')
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

  it('403 on a read, and a version still being registered', async () => {
    const r = await registry()
    r.faults.push({ route: 'registered-models/get-latest-versions', times: 1, status: 403 })
    expectOneError(await gate(r, { model: 'models:/digits/Staging' }, event('push')), /model: .* answered 403 \(permission denied\) to POST mlflow\/registered-models\/get-latest-versions/)
    r.version('digits', '2').status = 'PENDING_REGISTRATION'
    expectOneError(await gate(r, { model: 'models:/digits/2' }, event('push')), /model: version 2 of digits \(models:\/digits\/2\) is PENDING_REGISTRATION, not READY/)
    expect(r.writes()).toEqual([])
  })

})

/** A valid ONNX model of about `mb` MB: digits-cnn with a long doc_string (ModelProto field 6) appended. */
function bigModel(mb: number): Buffer {
  const pad = Buffer.alloc(mb * 1_000_000, 0x20)
  const len: number[] = []
  for (let n = pad.length; ; n >>>= 7) {
    if (n < 0x80) {
      len.push(n)
      break
    }
    len.push((n & 0x7f) | 0x80)
  }
  return Buffer.concat([GOOD, Buffer.from([0x32, ...len]), pad])
}

describe('fake only: big downloads stream, with a timeout per chunk', () => {
  it('a slow download longer than the timeout completes, with progress lines; a stalled one fails clearly', async () => {
    const r = await new FakeMlflow().start()
    servers.push(r)
    const big = bigModel(4)
    r.addVersion('digits', { 'model.onnx': big, MLmodel: MLMODEL }, 'Staging')
    // 64 KB every 25 ms: ~1.6 s in all, four times the 0.4 s timeout, never 0.4 s without data
    r.faults.push({ method: 'GET', route: 'artifacts/models/digits/1/model.onnx', times: 1, trickle: { chunkBytes: 65_536, delayMs: 25 } })
    const slow = await gate(r, { model: 'models:/digits/Staging' }, { MLFLOW_HTTP_REQUEST_TIMEOUT: '0.4', MODEL_GATE_PROGRESS_SECONDS: '0.3' })
    expect(slow.code).toBe(0)
    expect(slow.metrics().model.sha256).toBe(sha(big))
    expect(slow.metrics().accuracy).toBeCloseTo(golden('digits-cnn').accuracy, 12)
    expect(slow.stdout).toMatch(/download model\.onnx: \d+\.\d MB \(\d+\.\d MB\/s\)/)
    expect(slow.stdout).toMatch(/download model\.onnx: 4\.0 MB in \d+\.\d s/)

    // silent after 1 MB: the download starts again, then fails saying what happened
    r.faults.push({ method: 'GET', route: 'artifacts/models/digits/1/model.onnx', times: 2, trickle: { chunkBytes: 65_536, delayMs: 5, stallAfterBytes: 1_000_000 } })
    const stalled = await gate(r, { model: 'models:/digits/Staging' }, { MLFLOW_HTTP_REQUEST_TIMEOUT: '0.4', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1' })
    expect(stalled.stdout).toMatch(/registry: download model\.onnx stalled \(no data for 0\.4 s\) after 1\.0 MB; retry 1 of 1/)
    expectOneError(stalled, /model: the download of models\/digits\/1\/model\.onnx from .* stalled \(no data for 0\.4 s, after 1\.0 MB, 2 attempts\); check the server and its artifact proxy/)
  })
})

describe('fake only: MLflow 3 Host header check (also against the real 3.5.1)', () => {
  it('403 "Invalid Host header" is named for what it is, with the server-side fix', async () => {
    const r = await registry()
    r.allowedHosts = ['mlflow:5000']
    const run = await gate(r, { model: 'models:/digits/Staging' }, event('push'))
    expectOneError(run, /tracking-uri: .* answered 403 "Invalid Host header - possible DNS rebinding attack detected" .*not a permission problem\. Start the server with --allowed-hosts 127\.0\.0\.1:\d+/)
    expect(run.errors[0]).not.toMatch(/EDIT/)
  })
})

describe('fake only: register after a lost answer', () => {
  it('the version was created but its answer lost (503): the retry finds it by its tag, so there is one version', async () => {
    const r = await registry()
    r.faults.push({ method: 'POST', route: 'model-versions/create', times: 1, status: 503, lose: true })
    const run = await gate(r, { register: path.join(FIX, 'digits-cnn.onnx'), model: 'models:/digits@challenger', 'promote-to': '@champion' }, event('push'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/register: creating the version got no answer .* but version 3 with this file's tag exists: using it/)
    // sent once: the create call is never retried blindly
    expect(r.requests.filter((q) => q.route === 'model-versions/create')).toHaveLength(1)
    expect(Object.keys(r.stages('digits'))).toEqual(['1', '2', '3'])
    expect(r.alias('digits', 'champion')).toBe('3')
  })

  it('a lost answer that did not land: created on the next attempt, still one version', async () => {
    const r = await registry()
    r.faults.push({ method: 'POST', route: 'model-versions/create', times: 1, status: 503 })
    const run = await gate(r, { register: path.join(FIX, 'digits-cnn.onnx'), model: 'models:/digits/Staging' }, event('push'))
    expect(run.code).toBe(0)
    expect(r.requests.filter((q) => q.route === 'model-versions/create')).toHaveLength(2)
    expect(r.stages('digits')).toEqual({ '1': 'Archived', '2': 'Staging', '3': 'Production' })
  })
})
