/**
 * Promotion and registry resolution on an in-memory registry (__fixtures__/fake-registry.ts): the
 * pure plan and verification, and the read → decide → write → read back sequence around them.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { silentLogger } from '../src/log.js'
import type { RunContext } from '../src/github/context.js'
import { planPromotion, promote, tagRejected, verifyPromotion, type Audit, type RegistryState } from '../src/registry/promotion.js'
import { RegistryModelSource, type RegistryModel } from '../src/registry/source.js'
import type { ModelRef, Target } from '../src/registry/uri.js'
import { FakeRegistry } from '../__fixtures__/fake-registry.js'
import { tempDir } from './helpers/run-dist.js'

const PROD: Target = { kind: 'stage', stage: 'Production' }
const CHAMPION: Target = { kind: 'alias', alias: 'champion' }
const STAGING: ModelRef = { name: 'm', kind: 'stage', stage: 'Staging' }
const v2 = { name: 'm', version: '2', ref: STAGING }
const state = (stage: string | undefined, holders: string[], refAlias?: string, promotedTo?: string): RegistryState => ({
  version: stage === undefined ? undefined : { version: '2', stage, promotedTo },
  holders,
  refAlias
})

describe('planPromotion (pure)', () => {
  it('writes, archiving the other holders only with archive-existing', () => {
    expect(planPromotion(v2, PROD, true, state('Staging', ['1']))).toEqual({ act: 'write', previous: ['1'], archived: ['1'] })
    expect(planPromotion(v2, PROD, false, state('Staging', ['1']))).toEqual({ act: 'write', previous: ['1'], archived: [] })
    expect(planPromotion(v2, PROD, true, state('Staging', []))).toEqual({ act: 'write', previous: [], archived: [] })
  })

  it('plans nothing when the version already holds the target (a re-run)', () => {
    expect(planPromotion(v2, PROD, true, state('Production', ['2'], undefined, 'Production'))).toEqual({ act: 'noop', previous: [], completeAudit: false })
    // there, but without the audit tags a finished promotion leaves: complete them
    expect(planPromotion(v2, PROD, true, state('Production', ['2']))).toEqual({ act: 'noop', previous: [], completeAudit: true })
    // it left Staging, but for the target: that is this promotion having happened, not a change underneath
    expect(planPromotion(v2, PROD, false, state('Production', ['1', '2'], undefined, 'Production'))).toEqual({ act: 'noop', previous: ['1'], completeAudit: false })
    // still sharing the stage with archive-existing: finish the job
    expect(planPromotion(v2, PROD, true, state('Production', ['1', '2']))).toEqual({ act: 'write', previous: ['1'], archived: ['1'] })
  })

  it('refuses when the version changed underneath', () => {
    expect(planPromotion(v2, PROD, true, state(undefined, ['1']))).toEqual({ act: 'refuse', message: expect.stringMatching(/was deleted after it was evaluated; nothing was promoted/) })
    expect(planPromotion(v2, PROD, true, state('Archived', ['1']))).toEqual({
      act: 'refuse',
      message: expect.stringMatching(/version 2 of m left Staging \(it is now Archived\) after it was evaluated as models:\/m\/Staging/)
    })
    const viaAlias = { name: 'm', version: '2', ref: { name: 'm', kind: 'alias', alias: 'challenger' } as ModelRef }
    expect(planPromotion(viaAlias, CHAMPION, true, state('None', ['1'], '3')).act).toBe('refuse')
    expect(planPromotion(viaAlias, CHAMPION, true, state('None', ['1'], undefined))).toMatchObject({ message: expect.stringMatching(/@challenger moved from version 2 to nothing/) })
    expect(planPromotion(viaAlias, CHAMPION, true, state('None', ['1'], '2'))).toEqual({ act: 'write', previous: ['1'], archived: [] })
    expect(planPromotion(viaAlias, CHAMPION, true, state('None', ['2'], '3', '@champion'))).toEqual({ act: 'noop', previous: [], completeAudit: false })
    // a version asked for by number has no source stage to leave
    expect(planPromotion({ ...v2, ref: { name: 'm', kind: 'version', version: '2' } }, PROD, true, state('Archived', ['1'])).act).toBe('write')
  })
})

describe('verifyPromotion (pure)', () => {
  it('accepts only the version in the target, alone when archiving', () => {
    expect(verifyPromotion(v2, PROD, true, state('Production', ['2']))).toBeUndefined()
    expect(verifyPromotion(v2, PROD, false, state('Production', ['1', '2']))).toBeUndefined()
    expect(verifyPromotion(v2, PROD, true, state('Production', ['2', '3']))).toBe('version 2 of m is in Production and version 3 also holds Production')
    expect(verifyPromotion(v2, PROD, true, state('Staging', []))).toBe('version 2 of m is in Staging')
    expect(verifyPromotion(v2, CHAMPION, true, state('None', ['2']))).toBeUndefined()
    expect(verifyPromotion(v2, CHAMPION, true, state('None', ['3']))).toBe('@champion points to version 3')
  })
})

const ctx: RunContext = {
  eventName: 'push', ref: 'refs/heads/main', sha: 'abc123', owner: 'acme', repo: 'models', defaultBranch: 'main', pullRequest: undefined,
  serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', runId: '9', runUrl: 'https://github.com/acme/models/actions/runs/9', payload: {}
}
const audit: Audit = { metrics: { accuracy: 0.9, macro_f1: 0.88, loss: 0.3 }, failedChecks: [], context: ctx, testSetSha256: 'feed' }
const ONNX = new Uint8Array([8, 7, 6])

/** m: v1 in Production, v2 in Staging. */
function registry(): FakeRegistry {
  const r = new FakeRegistry()
  r.add('m', { 'model.onnx': new Uint8Array([1]) }, 'Production')
  r.add('m', { 'model.onnx': ONNX }, 'Staging')
  return r
}
const model = (ref: ModelRef = STAGING, version = '2'): RegistryModel => ({ path: '/tmp/x.onnx', uri: 'models:/m/Staging', name: 'm', version, ref, stage: 'Staging' })
const opts = { archiveExisting: true, dryRun: false }

describe('promote', () => {
  it('reads, writes once, reads back, then tags; a re-run writes nothing', async () => {
    const r = registry()
    const rec = await promote(r, model(), PROD, opts, audit, silentLogger)
    expect(rec).toMatchObject({ status: 'promoted', previous: ['1'], archived: ['1'], verified: true })
    expect(r.stages('m')).toEqual({ '1': 'Archived', '2': 'Production' })
    const write = r.calls.indexOf('transitionStage m 2 Production true')
    expect(r.calls.slice(0, write)).toEqual(['getVersion m 2', 'allVersions m'])
    expect(r.calls.slice(write + 1, write + 3)).toEqual(['getVersion m 2', 'allVersions m'])
    expect(r.calls.slice(write + 3).every((c) => c.startsWith('setVersionTag m 2 '))).toBe(true)
    expect(r.tags('m', '2')).toMatchObject({
      'model_gate.verdict': 'pass', 'model_gate.accuracy': '0.9', 'model_gate.commit': 'abc123', 'model_gate.run_url': ctx.runUrl,
      'model_gate.test_set_sha256': 'feed', 'model_gate.previous_version': '1', 'model_gate.promoted_to': 'Production'
    })
    const before = r.writes().length
    expect(await promote(r, model(), PROD, opts, audit, silentLogger)).toMatchObject({ status: 'already-promoted', verified: true })
    expect(r.writes()).toHaveLength(before)
  })

  it('a dry run reads and writes nothing', async () => {
    const r = registry()
    expect(await promote(r, model(), PROD, { ...opts, dryRun: true }, audit, silentLogger)).toMatchObject({ status: 'dry-run', archived: ['1'], dry_run: true })
    expect(r.writes()).toEqual([])
  })

  it('refuses, writing nothing, when the version left its stage before the write', async () => {
    const r = registry()
    r.hooks.set('getVersion', (reg) => reg.move('m', '2', 'Archived', false))
    await expect(promote(r, model(), PROD, opts, audit, silentLogger)).rejects.toThrow(/left Staging \(it is now Archived\)/)
    expect(r.writes()).toEqual([])
  })

  it('moves an alias and records the version it pointed to', async () => {
    const r = registry()
    r.setAliasNow('m', 'champion', '1')
    r.setAliasNow('m', 'challenger', '2')
    const rec = await promote(r, model({ name: 'm', kind: 'alias', alias: 'challenger' }), CHAMPION, opts, audit, silentLogger)
    expect(rec).toMatchObject({ status: 'promoted', target: '@champion', previous: ['1'], archived: [] })
    expect(r.alias('m', 'champion')).toBe('2')
    expect(r.stages('m')).toEqual({ '1': 'Production', '2': 'Staging' })
  })

  it('a write that got no answer but landed is verified and stands', async () => {
    const r = registry()
    r.unanswered.add('transitionStage')
    r.hooks.set('transitionStage', (reg) => reg.move('m', '2', 'Production', true))
    expect(await promote(r, model(), PROD, opts, audit, silentLogger)).toMatchObject({ status: 'promoted', verified: true })
    expect(r.tags('m', '2')['model_gate.verdict']).toBe('pass')
  })

  it('a write that got no answer and did not land fails, with no tags', async () => {
    const r = registry()
    r.unanswered.add('transitionStage')
    await expect(promote(r, model(), PROD, opts, audit, silentLogger)).rejects.toThrow(
      /moving version 2 of m to Production got no answer \(no answer within 1 s\); reading back shows version 2 of m is in Staging and version 1 holds Production, so nothing was promoted/
    )
    expect(r.stages('m')).toEqual({ '1': 'Production', '2': 'Staging' })
    expect(r.tags('m', '2')).toEqual({})
  })

  it('a read-back that fails after a write is reported as unverified', async () => {
    const r = registry()
    r.hooks.set('transitionStage', (reg) => reg.unanswered.add('getVersion'))
    await expect(promote(r, model(), PROD, opts, audit, silentLogger)).rejects.toThrow(/moved version 2 of m to Production, but reading it back failed \(.*\); it is not verified and carries no audit tags/)
    expect(r.stages('m')).toEqual({ '1': 'Archived', '2': 'Production' })
    expect(r.tags('m', '2')).toEqual({})
    // the re-run verifies and tags it without writing the move again
    r.unanswered.clear()
    expect(await promote(r, model(), PROD, opts, audit, silentLogger)).toMatchObject({ status: 'already-promoted', verified: true })
    expect(r.calls.filter((c) => c.startsWith('transitionStage'))).toHaveLength(1)
    const written = r.tags('m', '2')
    expect(written).toMatchObject({ 'model_gate.verdict': 'pass', 'model_gate.promoted_to': 'Production', 'model_gate.commit': 'abc123' })
    // what is no longer known is not guessed
    expect(written['model_gate.previous_version']).toBeUndefined()
    expect(written['model_gate.promoted_at']).toBeUndefined()
    // and the next re-run writes nothing at all
    const before = r.writes().length
    expect(await promote(r, model(), PROD, opts, audit, silentLogger)).toMatchObject({ status: 'already-promoted', tags: {} })
    expect(r.writes()).toHaveLength(before)
  })

  it('a concurrent promotion shows in the read-back: no audit tags', async () => {
    const r = registry()
    r.add('m', { 'model.onnx': ONNX }, 'Staging')
    // the other job's transition lands after ours, without archiving
    const inner = r.transitionStage.bind(r)
    r.transitionStage = async (...a) => {
      const out = await inner(...a)
      r.move('m', '3', 'Production', false)
      return out
    }
    await expect(promote(r, model(), PROD, opts, audit, silentLogger)).rejects.toThrow(/reading back shows version 2 of m is in Production and version 3 also holds Production; another promotion probably ran/)
    expect(r.tags('m', '2')).toEqual({})
  })

  it('tags a rejected version, except in a dry run', async () => {
    const r = registry()
    const failed = { ...audit, failedChecks: ['accuracy = 0.5 (>= 0.9)'] }
    await tagRejected(r, model(), PROD, failed, true, silentLogger)
    expect(r.writes()).toEqual([])
    expect(await tagRejected(r, model(), PROD, failed, false, silentLogger)).toMatchObject({ status: 'rejected' })
    expect(r.tags('m', '2')).toMatchObject({ 'model_gate.verdict': 'fail', 'model_gate.failed_checks': 'accuracy = 0.5 (>= 0.9)' })
    expect(r.stages('m')).toEqual({ '1': 'Production', '2': 'Staging' })
  })
})

describe('RegistryModelSource', () => {
  const source = (r: FakeRegistry, target: Target = PROD) => new RegistryModelSource(r, target, silentLogger, tempDir('registry-source-'))

  it('resolves a stage, a version and an alias, and downloads the .onnx', async () => {
    const r = registry()
    r.setAliasNow('m', 'challenger', '2')
    for (const ref of ['models:/m/Staging', 'models:/m/2', 'models:/m@challenger']) {
      const got = await source(r).resolve(ref, 'model')
      expect(got).toMatchObject({ name: 'm', version: '2', uri: ref })
      expect(new Uint8Array(readFileSync(got!.path))).toEqual(ONNX)
    }
    expect(await source(r).resolve('fixtures/x.onnx', 'model')).toEqual({ path: 'fixtures/x.onnx', uri: 'fixtures/x.onnx' })
  })

  it('baseline production is what holds promote-to; nothing there yet is a first run', async () => {
    const r = new FakeRegistry()
    r.add('m', { 'model.onnx': ONNX }, 'Staging')
    const s = source(r)
    await expect(s.resolve('production', 'baseline')).rejects.toThrow(/needs model to be a registry URI/)
    await s.resolve('models:/m/Staging', 'model')
    expect(await s.resolve('production', 'baseline')).toBeUndefined()
    const aliases = source(r, CHAMPION)
    await aliases.resolve('models:/m/1', 'model')
    expect(await aliases.resolve('production', 'baseline')).toBeUndefined()
    // a baseline that is the candidate itself compares nothing: refused
    r.setAliasNow('m', 'champion', '1')
    await expect(aliases.resolve('production', 'baseline')).rejects.toThrow(/baseline: models:\/m@champion is version 1 of m, the candidate itself/)
    r.add('m', { 'model.onnx': ONNX })
    r.setAliasNow('m', 'champion', '2')
    expect(await aliases.resolve('production', 'baseline')).toMatchObject({ uri: 'models:/m@champion', version: '2' })
  })

  it('a baseline whose model name is unknown is a first run, said as a warning; a missing version fails', async () => {
    const r = registry()
    const warnings: string[] = []
    const s = new RegistryModelSource(r, PROD, { ...silentLogger, warning: (m) => void warnings.push(m) }, tempDir('registry-source-'))
    expect(await s.resolve('models:/typo/Production', 'baseline')).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/model 'typo' does not exist in the registry at .*; treating this as a first run/)])
    await expect(s.resolve('models:/m/9', 'baseline')).rejects.toThrow(/baseline: models:\/m\/9 does not exist in the registry at .*: m has no version 9/)
    await expect(s.resolve('models:/m/Archived', 'model')).rejects.toThrow(/model: models:\/m\/Archived does not exist .*: no version of m is in Archived/)
  })

  it('fails clearly on an unknown version, a version without .onnx, and one not READY', async () => {
    const r = registry()
    r.add('m', { 'model.pkl': new Uint8Array([1]), MLmodel: new Uint8Array([1]) })
    r.add('m', { 'model.onnx': ONNX }, 'None', 'PENDING_REGISTRATION')
    await expect(source(r).resolve('models:/m/9', 'model')).rejects.toThrow(/model: models:\/m\/9 does not exist in the registry at http:\/\/127\.0\.0\.1:5000/)
    await expect(source(r).resolve('models:/m/3', 'model')).rejects.toThrow(/version 3 of m has no \.onnx file in its artifacts \(mlflow-artifacts:\/models\/m\/3 holds model\.pkl, MLmodel\)/)
    await expect(source(r).resolve('models:/m/4', 'model')).rejects.toThrow(/version 4 of m \(models:\/m\/4\) is PENDING_REGISTRATION, not READY/)
    expect(r.writes()).toEqual([])
  })
})
