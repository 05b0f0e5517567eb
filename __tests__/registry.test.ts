/** The pure parts of the registry: URI grammar, targets, and when a run may promote. */
import { describe, expect, it } from '@jest/globals'
import type { RunContext } from '../src/github/context.js'
import { proxiedPath } from '../src/registry/client.js'
import { promotionAction } from '../src/registry/promotion.js'
import { parseModelUri, parseTarget } from '../src/registry/uri.js'

const ctx = (eventName: string, extra: Partial<RunContext> = {}): RunContext => ({
  eventName, ref: 'refs/heads/main', sha: 'abc', owner: 'acme', repo: 'models', defaultBranch: 'main', pullRequest: undefined,
  serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', runId: '1', runUrl: undefined, payload: {}, ...extra
})

describe('model URIs', () => {
  it('parses versions, stages (any case) and aliases', () => {
    expect(parseModelUri('models:/m/3', 'model')).toEqual({ name: 'm', kind: 'version', version: '3' })
    expect(parseModelUri('models:/m/007', 'model')).toEqual({ name: 'm', kind: 'version', version: '7' })
    expect(parseModelUri('models:/m/PRODUCTION', 'model')).toEqual({ name: 'm', kind: 'stage', stage: 'Production' })
    expect(parseModelUri('models:/team/m@champion', 'model')).toEqual({ name: 'team/m', kind: 'alias', alias: 'champion' })
    expect(parseModelUri('models:/team/m/Staging', 'model')).toEqual({ name: 'team/m', kind: 'stage', stage: 'Staging' })
  })

  it('names the input and the grammar when malformed', () => {
    expect(() => parseModelUri('models:/m', 'baseline')).toThrow(/input 'baseline' is 'models:\/m', missing the version, stage or alias; write models:\/<name>\/<version>/)
    expect(() => parseModelUri('models:/m/Prod', 'model')).toThrow(/'Prod' is neither a version number nor a stage/)
    expect(() => parseModelUri('models:/m@bad alias', 'model')).toThrow(/alias 'bad alias' has characters MLflow does not allow/)
  })

  it('promote-to is an active stage or an @alias', () => {
    expect(parseTarget('production')).toEqual({ kind: 'stage', stage: 'Production' })
    expect(parseTarget('@champion')).toEqual({ kind: 'alias', alias: 'champion' })
    expect(() => parseTarget('Archived')).toThrow(/input 'promote-to' is 'Archived'/)
    expect(() => parseTarget('@')).toThrow(/an alias has letters, digits/)
  })

  it('maps mlflow-artifacts URIs to proxy paths', () => {
    expect(proxiedPath('mlflow-artifacts:/models/m/1')).toBe('models/m/1')
    expect(proxiedPath('mlflow-artifacts://host:5000/1/abc/artifacts/')).toBe('1/abc/artifacts')
    expect(proxiedPath('s3://bucket/m/1')).toBeUndefined()
  })
})

describe('promotionAction', () => {
  const base = { promote: 'auto' as const, fromRegistry: true, gatePassed: true }
  it('auto promotes on a push to the default branch and on workflow_dispatch', () => {
    expect(promotionAction({ ...base, context: ctx('push') }).act).toBe('promote')
    expect(promotionAction({ ...base, context: ctx('workflow_dispatch', { ref: 'refs/heads/feature' }) }).act).toBe('promote')
    expect(promotionAction({ ...base, context: ctx('push', { ref: 'refs/heads/feature' }) }).act).toBe('skip')
    expect(promotionAction({ ...base, context: ctx('') }).reason).toMatch(/not a workflow run/)
  })
  it('never on pull requests, whatever promote says', () => {
    for (const promote of ['auto', 'true'] as const) {
      const a = promotionAction({ ...base, promote, context: ctx('pull_request', { pullRequest: { number: 1, fromFork: true } }) })
      expect(a).toEqual({ act: 'skip', reason: 'never on pull_request events (a fork): promotion happens on the merge' })
    }
    expect(promotionAction({ ...base, promote: 'true', context: ctx('pull_request_target') }).act).toBe('skip')
  })
  it('true promotes on any other event; a failed gate rejects; files and false skip', () => {
    expect(promotionAction({ ...base, promote: 'true', context: ctx('schedule') }).act).toBe('promote')
    expect(promotionAction({ ...base, gatePassed: false, context: ctx('push') })).toEqual({ act: 'reject', reason: 'the gate failed' })
    expect(promotionAction({ ...base, fromRegistry: false, context: ctx('push') }).act).toBe('skip')
    expect(promotionAction({ ...base, promote: 'false', context: ctx('push') }).reason).toBe('promote is false')
  })
})
