/** publishResults on the in-memory fakes: where the comment goes, the artifact, and failures as warnings. */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { FakeArtifactStore } from '../__fixtures__/fake-artifact-store.js'
import { FakeCommentStore } from '../__fixtures__/fake-comment-store.js'
import { readRunContext, type RunContext } from '../src/github/context.js'
import { commentTarget, publishResults, type PublishSettings } from '../src/github/publish.js'
import type { Logger } from '../src/log.js'
import { syntheticEvaluation } from './helpers/document.js'
import { tempDir } from './helpers/run-dist.js'

const SHA = 'c0ffee0000000000000000000000000000000000'

function context(eventName: string, payload: Record<string, unknown>, ref = 'refs/heads/main'): RunContext {
  const dir = tempDir('publish-ctx-')
  const file = path.join(dir, 'event.json')
  writeFileSync(file, JSON.stringify({ repository: { default_branch: 'main' }, ...payload }))
  return readRunContext({ GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'o/r', GITHUB_REF: ref, GITHUB_SHA: SHA, GITHUB_RUN_ID: '5' })
}

const pr = (n: number, head = 'o/r') => context('pull_request', { pull_request: { number: n, head: { repo: { full_name: head } }, base: { repo: { full_name: 'o/r' } } } }, `refs/pull/${n}/merge`)
const merged = (n: number) => ({ number: n, state: 'closed', mergedAt: '2026-01-01T00:00:00Z', mergeCommitSha: SHA, baseRef: 'main' })

function recorder(): Logger & { infos: string[]; warnings: string[] } {
  const infos: string[] = []
  const warnings: string[] = []
  return { infos, warnings, info: (m) => infos.push(m), warning: (m) => warnings.push(m), group: (_n, fn) => fn() }
}

function settings(overrides: Partial<PublishSettings> = {}): PublishSettings {
  const outputDir = tempDir('publish-out-')
  writeFileSync(path.join(outputDir, 'metrics.json'), '{}')
  mkdirSync(path.join(outputDir, 'pictures'))
  writeFileSync(path.join(outputDir, 'pictures', 'confusion-matrix.svg'), '<svg/>')
  return { model: 'models:/digits/Staging', comment: 'auto', uploadArtifact: true, artifactName: 'model-gate-report', outputDir, ...overrides }
}

const { document } = syntheticEvaluation(30, 3, (i) => i % 4 === 0)

describe('commentTarget', () => {
  it('follows the event', async () => {
    const store = new FakeCommentStore()
    store.pulls.set(SHA, [{ number: 8, state: 'open', mergedAt: null, mergeCommitSha: null, baseRef: 'main' }, merged(7)])
    expect(await commentTarget('auto', pr(3), store)).toEqual({ issue: 3 })
    expect(await commentTarget('auto', context('push', {}), store)).toEqual({ issue: 7 })
    // a push to another branch is not a merge
    expect(await commentTarget('auto', context('push', {}, 'refs/heads/topic'), store)).toMatchObject({ warn: false })
    expect(await commentTarget('auto', context('workflow_dispatch', { inputs: {} }), store)).toMatchObject({ warn: false })
    expect(await commentTarget('true', context('workflow_dispatch', { inputs: {} }), store)).toEqual({ issue: 7 })
    expect(await commentTarget('false', pr(3), store)).toEqual({ skip: 'comment is false', warn: false })
    expect(await commentTarget('auto', pr(3, 'fork/r'), store)).toEqual({ skip: 'pull request #3 comes from a fork, whose token is read-only', warn: true })
    expect(await commentTarget('auto', pr(3), undefined)).toMatchObject({ warn: true })
  })
})

describe('publishResults', () => {
  it('uploads the output folder, then writes the comment with the artifact link, and updates it next time', async () => {
    const store = new FakeCommentStore()
    store.addComment(4, 'unrelated')
    // a reviewer quoting an earlier model-gate comment: not ours to edit
    store.addComment(4, '> <!-- model-gate:digits -->\n> ## model-gate: ✅ passed\n\nwhy did this pass?')
    const artifacts = new FakeArtifactStore()
    const log = recorder()
    const s = settings()
    const first = await publishResults({ document, promoted: false }, s, pr(4), { comments: store, artifacts, log })
    expect(artifacts.uploads).toEqual([{ name: 'model-gate-report', files: { 'metrics.json': '{}', 'pictures/confusion-matrix.svg': '<svg/>' } }])
    expect(first.artifactUrl).toBe('https://github.com/o/r/actions/runs/5/artifacts/4243')
    const [, , comment] = store.comments.get(4)!
    expect(comment!.body.startsWith('<!-- model-gate:digits -->\n')).toBe(true)
    expect(comment!.body).toContain('(https://github.com/o/r/actions/runs/5/artifacts/4243)')
    expect(first.commentUrl).toBe(comment!.url)
    expect(first.markdown).toBe(comment!.body.replace('<!-- model-gate:digits -->\n', ''))

    await publishResults({ document, promoted: false }, s, pr(4), { comments: store, artifacts, log })
    expect(store.comments.get(4)).toHaveLength(3)
    expect(store.calls).toEqual(['list 4', 'create 4', 'list 4', `update ${comment!.id}`])
    expect(log.warnings).toEqual([])
  })

  it('turns comment and artifact failures into warnings', async () => {
    const store = new FakeCommentStore()
    store.failWrites = Object.assign(new Error('Resource not accessible by integration - https://docs.github.com/rest/issues'), { status: 403, response: { headers: {} } })
    const artifacts = new FakeArtifactStore()
    artifacts.fail = new Error('Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run')
    const log = recorder()
    const out = await publishResults({ document, promoted: false }, settings(), pr(4), { comments: store, artifacts, log })
    expect(out.commentUrl).toBeUndefined()
    expect(out.artifactUrl).toBeUndefined()
    expect(out.markdown).toMatch(/^## model-gate: ✅ passed/)
    expect(log.warnings).toEqual([
      expect.stringMatching(/^report artifact 'model-gate-report' not uploaded: .*409.* \(several model-gate steps in one run need distinct artifact-name values\)$/),
      'pull-request comment not written: the token may not do this (HTTP 403: Resource not accessible by integration); give the job `permissions: pull-requests: write` (forks get a read-only token on pull_request)'
    ])
  })

  it('skips the upload with a notice when there is no artifact store, and when upload-artifact is false', async () => {
    const log = recorder()
    await publishResults({ document, promoted: false }, settings(), context('', {}), { comments: undefined, artifacts: undefined, log })
    expect(log.infos[0]).toMatch(/^report artifact not uploaded: no ACTIONS_RUNTIME_TOKEN/)
    const artifacts = new FakeArtifactStore()
    await publishResults({ document, promoted: false }, settings({ uploadArtifact: false }), context('', {}), { comments: undefined, artifacts, log })
    expect(artifacts.uploads).toEqual([])
    expect(log.warnings).toEqual([])
  })
})
