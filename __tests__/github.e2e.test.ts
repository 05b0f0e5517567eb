/**
 * The built dist/ against a GitHub REST double on 127.0.0.1 (GITHUB_API_URL), with real event payload
 * files: the sticky comment is created, updated in place (not duplicated), found through
 * commits/{sha}/pulls on a push, skipped on a fork and without a token — never changing the verdict.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import { FakeResults, runtimeToken } from '../__fixtures__/fake-results.js'
import path from 'node:path'
import { FakeGitHub } from '../__fixtures__/fake-github.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'classify')
const dir = tempDir('github-e2e-')
const SHA = 'b0a7000000000000000000000000000000000001'
let servers: FakeGitHub[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  servers = []
})

async function github(): Promise<FakeGitHub> {
  const g = await new FakeGitHub().start()
  servers.push(g)
  return g
}

function env(g: FakeGitHub, name: string, payload: object): Record<string, string> {
  const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify({ repository: { full_name: 'acme/models', default_branch: 'main' }, ...payload }))
  return {
    GITHUB_API_URL: g.url,
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_REF: name === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_RUN_ID: '99',
    GITHUB_SERVER_URL: 'https://github.com'
  }
}

const pr = (fork = false) => ({
  pull_request: { number: 7, head: { repo: { full_name: fork ? 'mallory/models' : 'acme/models' } }, base: { repo: { full_name: 'acme/models' } } }
})

function gate(g: FakeGitHub, e: Record<string, string>, inputs: Record<string, string> = {}, token = g.token): Promise<DistRun> {
  return runDist(
    { model: path.join(FIX, 'digits-cnn.onnx'), 'test-data': path.join(FIX, 'digits-test.npz'), device: 'cpu', thresholds: 'accuracy: ">= 0.8"', 'github-token': token, ...inputs },
    { env: e }
  )
}

const modelComments = (g: FakeGitHub, n: number) => (g.comments.get(n) ?? []).filter((c) => c.body.includes('<!-- model-gate:'))

describe('the pull-request comment', () => {
  it('is created once and updated in place on every run', async () => {
    const g = await github()
    // 120 comments by others: the marker search must page through them
    for (let i = 0; i < 120; i++) g.addComment(7, `looks good ${i}`)
    const first = await gate(g, env(g, 'pull_request', pr()))
    expect(first.code).toBe(0)
    const [c] = modelComments(g, 7)
    expect(c!.body).toMatch(/^<!-- model-gate:.*digits-cnn\.onnx -->\n## model-gate: ✅ passed/)
    expect(c!.body).toContain('| ✅ | `accuracy` | 0.8511 | needs >= 0.8 |')
    expect(c!.body).toContain('[workflow run](https://github.com/acme/models/actions/runs/99)')
    expect(first.outputs['comment-url']).toBe(c!.html_url)

    const second = await gate(g, env(g, 'pull_request', pr()), { thresholds: 'accuracy: ">= 0.9"' })
    expect(second.code).toBe(1)
    expect(second.errors).toEqual([expect.stringMatching(/gate failed: accuracy = 0\.8511, needs >= 0\.9$/)])
    expect(modelComments(g, 7)).toHaveLength(1)
    expect(modelComments(g, 7)[0]!.id).toBe(c!.id)
    expect(modelComments(g, 7)[0]!.body).toMatch(/## model-gate: ❌ failed/)
    expect(g.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
    expect(g.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    // the job summary carries the same report (without the hidden marker)
    expect(second.summary.trim()).toBe(modelComments(g, 7)[0]!.body.replace(/^<!-- .* -->\n/, '').trim())
  })

  it('one comment per model when a workflow gates several', async () => {
    const g = await github()
    await gate(g, env(g, 'pull_request', pr()))
    await gate(g, env(g, 'pull_request', pr()), { model: path.join(FIX, 'digits-probs.onnx') })
    await gate(g, env(g, 'pull_request', pr()))
    expect(modelComments(g, 7)).toHaveLength(2)
  })

  it('on a push to main, goes to the pull request merged as that commit', async () => {
    const g = await github()
    g.pullsByCommit.set(SHA, [{ number: 12, state: 'closed', merged_at: '2026-11-20T10:00:00Z', merge_commit_sha: SHA }])
    const run = await gate(g, env(g, 'push', { ref: 'refs/heads/main' }))
    expect(run.code).toBe(0)
    expect(modelComments(g, 12)).toHaveLength(1)
    expect(g.requests[0]!.path).toBe(`/repos/acme/models/commits/${SHA}/pulls`)
    // the merge run says so: it replaces what the pull request's own run had written there
    expect(modelComments(g, 12)[0]!.body).toContain('\nEvaluated on push to main at `b0a7000`.\n')
  })

  it('never takes a comment that quotes the marker for its own', async () => {
    const g = await github()
    const marker = `<!-- model-gate:${path.join(FIX, 'digits-cnn.onnx')} -->`
    // someone pastes an earlier model-gate report into the discussion before the first run here
    const quote = `On #5 it said:\n\n> ${marker}\n> ## model-gate: ✅ passed\n\nwhy did it drop?`
    const theirs = g.addComment(7, quote)
    const run = await gate(g, env(g, 'pull_request', pr()))
    expect(run.code).toBe(0)
    expect(g.requests.filter((r) => r.method === 'PATCH')).toEqual([])
    expect(g.comments.get(7)!.find((c) => c.id === theirs.id)!.body).toBe(quote)
    const ours = g.comments.get(7)!.filter((c) => c.body.startsWith(marker))
    expect(ours).toHaveLength(1)
    expect(run.outputs['comment-url']).toBe(ours[0]!.html_url)
  })

  it('a push to another branch merged nothing: no lookup, no comment', async () => {
    const g = await github()
    g.pullsByCommit.set(SHA, [{ number: 12, state: 'closed', merged_at: '2026-11-20T10:00:00Z', merge_commit_sha: SHA }])
    const run = await gate(g, { ...env(g, 'push', { ref: 'refs/heads/release' }), GITHUB_REF: 'refs/heads/release' })
    expect(run.code).toBe(0)
    expect(g.requests).toEqual([])
    expect(run.stdout).not.toMatch(/::warning::/)
  })

  it('on workflow_dispatch, comments on the merged pull request only with comment: true', async () => {
    const g = await github()
    g.pullsByCommit.set(SHA, [{ number: 12, state: 'closed', merged_at: '2026-11-20T10:00:00Z', merge_commit_sha: SHA }])
    const dispatch = () => env(g, 'workflow_dispatch', { ref: 'refs/heads/main', inputs: { model: 'x', 'promote-to': 'Production', 'dry-run': 'true' } })
    expect((await gate(g, dispatch())).code).toBe(0)
    expect(g.requests).toEqual([])
    const forced = await gate(g, dispatch(), { comment: 'true' })
    expect(forced.code).toBe(0)
    expect(g.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/acme/models/commits/${SHA}/pulls`,
      'GET /repos/acme/models/issues/12/comments',
      'POST /repos/acme/models/issues/12/comments'
    ])
    expect(forced.outputs['comment-url']).toBe(modelComments(g, 12)[0]!.html_url)
  })

  it('is skipped with a warning on a fork, and without a token; the verdict stands', async () => {
    const g = await github()
    const fork = await gate(g, env(g, 'pull_request', pr(true)))
    expect(fork.code).toBe(0)
    expect(fork.stdout).toMatch(/::warning::comment skipped: pull request #7 comes from a fork/)
    const none = await gate(g, env(g, 'pull_request', pr()), {}, '')
    expect(none.code).toBe(0)
    expect(none.stdout).toMatch(/::warning::comment skipped: no github-token/)
    expect(g.requests).toEqual([])
  })

  it('a 403 or a rate limit is a warning, never a failure', async () => {
    const g = await github()
    g.faults.push({ path: '/comments', status: 403, times: 1, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' }, message: 'API rate limit exceeded for installation ID 1.' })
    const run = await gate(g, env(g, 'pull_request', pr()))
    expect(run.code).toBe(0)
    expect(run.outputs.passed).toBe('true')
    // a rate limit says when it lifts, not to change permissions
    expect(run.stdout).toMatch(/::warning::comment skipped: GitHub answered 403: API rate limit exceeded.*rate limit is used up until 2030-01-01T00:00:00\.000Z: re-run the job later/)
    expect(run.errors).toEqual([])
    // a token without pull-requests: write is told what to grant
    g.faults.push({ path: '/comments', status: 403, times: 5, message: 'Resource not accessible by integration' })
    const denied = await gate(g, env(g, 'pull_request', pr()))
    expect(denied.code).toBe(0)
    expect(denied.stdout).toMatch(/::warning::comment skipped: GitHub answered 403: Resource not accessible by integration.*give the job pull-requests: write/)
  })
})

describe('a 1000-class model (an ImageNet-sized head)', () => {
  it('fits the comment under 65,536 characters and the job summary under 1 MiB; report.md keeps everything', async () => {
    const g = await github()
    const run = await gate(g, env(g, 'pull_request', pr()), {
      model: path.join(FIX, 'wide-1000.onnx'),
      'test-data': path.join(FIX, 'wide-1000-test.npz'),
      thresholds: 'accuracy: ">= 0.0"'
    })
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/::warning::/)
    // the fake refuses bodies above 65,536 characters with a 422, as GitHub does
    const [c] = modelComments(g, 7)
    expect(c!.body.length).toBeLessThanOrEqual(65_536)
    expect(c!.body.split('\n')[1]).toBe('## model-gate: ✅ passed')
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024)
    expect(run.summary).toMatch(/^## model-gate: ✅ passed/)
    const report = readFileSync(path.join(run.outDir, 'report.md'), 'utf8')
    // report.md keeps every class; the 1000×1000 matrix is in metrics.json and, readable, in the SVG
    expect(report.match(/^\| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \|$/gm)).toHaveLength(1000)
    expect(report).toContain('_The 1000-class confusion matrix is in metrics.json and, drawn for its most confused classes, in confusion-matrix.svg._')
    const svg = readFileSync(path.join(run.outDir, 'confusion-matrix.svg'), 'utf8')
    expect(svg.length).toBeLessThan(1_000_000)
    expect(svg).toContain('Showing the 40 classes of 1000 most involved in errors')
  })
})

describe('the report files', () => {
  it('output-dir holds metrics.json, report.md, the confusion matrix SVG and the misclassified samples', async () => {
    const g = await github()
    const run = await gate(g, env(g, 'workflow_dispatch', { inputs: {} }))
    const m = run.metrics()
    const svg = readFileSync(path.join(run.outDir, 'confusion-matrix.svg'), 'utf8')
    expect(svg.match(/<title>true /g)).toHaveLength(100)
    const csv = readFileSync(path.join(run.outDir, 'misclassified.csv'), 'utf8').trim().split('\n')
    const wrong = m.n_samples - m.confusion_matrix.reduce((a: number, row: number[], i: number) => a + row[i], 0)
    expect(csv[0]).toBe('index,true,predicted,confidence')
    expect(csv).toHaveLength(wrong + 1)
    const conf = csv.slice(1).map((l) => Number(l.split(',')[3]))
    expect(conf).toEqual([...conf].sort((a, b) => b - a))
    // every row is a real miss
    for (const line of csv.slice(1)) expect(line.split(',')[1]).not.toBe(line.split(',')[2])
    expect(run.stdout).toMatch(/report artifact: not uploaded outside a GitHub Actions job/)
  })
})

describe('the report artifact, through the real @actions/artifact', () => {
  it('uploads the four report files to the results service and links them from the comment', async () => {
    const g = await github()
    const results = await new FakeResults().start()
    try {
      const e = { ...env(g, 'pull_request', pr()), ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${results.url}/`, GITHUB_WORKSPACE: dir }
      const run = await gate(g, e)
      expect(run.code).toBe(0)
      expect(run.stdout).not.toMatch(/::warning::/)
      expect(results.artifacts).toHaveLength(1)
      const [a] = results.artifacts
      expect(a!.name).toBe('model-gate-report')
      expect(a!.request).toMatchObject({ workflow_run_backend_id: 'run-backend-id', workflow_job_run_backend_id: 'job-backend-id', hash: `sha256:${createHash('sha256').update(a!.zip).digest('hex')}` })
      const files = unzipSync(new Uint8Array(a!.zip))
      expect(Object.keys(files).sort()).toEqual(['confusion-matrix.svg', 'metrics.json', 'misclassified.csv', 'report.md'])
      for (const [name, bytes] of Object.entries(files)) expect([name, Buffer.from(bytes).equals(readFileSync(path.join(run.outDir, name)))]).toEqual([name, true])
      const link = `https://github.com/acme/models/actions/runs/99/artifacts/${a!.id}`
      expect(modelComments(g, 7)[0]!.body).toContain(`[report artifact](${link})`)
      expect(run.summary).toContain(link)

      // the same artifact name again in one run: the service refuses (409), the step warns and passes
      const again = await gate(g, e)
      expect(again.code).toBe(0)
      expect(again.stdout).toMatch(/::warning::report artifact 'model-gate-report' was not uploaded \(.*\); the verdict stands .*give each model-gate step in a run its own artifact-name/)
      expect(modelComments(g, 7)).toHaveLength(1)
    } finally {
      await results.stop()
    }
  })
})
