/**
 * The GitHub surfaces end to end: the built dist/ runs as on a runner, with real event payload
 * files, against a fake GitHub REST API on 127.0.0.1 (GITHUB_API_URL), and talks to it over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { FakeGitHub } from './helpers/fake-github.js'
import { FakeResults, runtimeToken } from './helpers/fake-results.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const REPO = 'acme/vision'
const FORK = 'mallory/vision'
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const GOOD = path.join(ROOT, 'fixtures', 'classify', 'digits-cnn.onnx')
const WEAK = path.join(ROOT, 'fixtures', 'classify', 'digits-weak.onnx')
const DATA = path.join(ROOT, 'fixtures', 'classify', 'digits-test.npz')
const dir = tempDir('github-e2e-')
const gh = new FakeGitHub()

beforeAll(async () => {
  await gh.start()
  gh.tokens.set('ghs_write', 'write')
  gh.tokens.set('ghs_read', 'read')
})
afterAll(() => gh.stop())

let events = 0
function event(name: string, payload: Record<string, unknown>, ref: string, token: string | undefined): Record<string, string> {
  const file = path.join(dir, `event-${++events}.json`)
  writeFileSync(file, JSON.stringify({ repository: { full_name: REPO, name: 'vision', owner: { login: 'acme' }, default_branch: 'main' }, ...payload }))
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: REPO,
    GITHUB_REF: ref,
    GITHUB_SHA: SHA,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '777'
  }
  if (token) env['INPUT_GITHUB-TOKEN'] = token
  return env
}

// null: no github-token input at all
const pullRequest = (n: number, headRepo = REPO, token: string | null = 'ghs_write') =>
  event(
    'pull_request',
    {
      action: 'synchronize',
      number: n,
      pull_request: { number: n, head: { ref: 'feature', sha: SHA, repo: { full_name: headRepo } }, base: { ref: 'main', repo: { full_name: REPO } } }
    },
    `refs/pull/${n}/merge`,
    token ?? undefined
  )

const push = (token = 'ghs_write') => event('push', { ref: 'refs/heads/main', after: SHA }, 'refs/heads/main', token)

function gate(model: string, env: Record<string, string>, thresholds = 'accuracy: ">= 0.5"'): Promise<DistRun> {
  return runDist({ model, 'test-data': DATA, device: 'cpu', thresholds }, { env })
}

const warnings = (r: DistRun) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'))
const requestsSince = (n: number) => gh.requests.slice(n).map((q) => `${q.method} ${q.path.replace(/\?.*$/, '')}`)

describe('sticky pull-request comment', () => {
  it('is created on a pull request, then updated in place, one per model', async () => {
    // 120 older comments: the model-gate comment lands on the second page of the listing
    for (let i = 0; i < 120; i++) gh.seedComment(REPO, 12, `comment ${i}`)
    const first = await gate(GOOD, pullRequest(12))
    expect(first.code).toBe(0)
    expect(warnings(first)).toEqual([])
    let mine = gh.commentsOn(REPO, 12).filter((c) => c.body.includes('<!-- model-gate:'))
    expect(mine).toHaveLength(1)
    const id = mine[0]!.id
    expect(mine[0]!.body.split('\n')[0]).toBe(`<!-- model-gate:${GOOD} -->`)
    expect(mine[0]!.body.split('\n')[1]).toMatch(/^## model-gate: ✅ passed/)
    expect(mine[0]!.body).toContain('[workflow run](https://github.com/acme/vision/actions/runs/777)')
    expect(mine[0]!.body).toContain('pull requests are evaluated only, never promoted')
    expect(first.outputs['comment-url']).toBe(mine[0]!.html_url)
    // the job summary carries the same report
    expect(mine[0]!.body).toBe(`<!-- model-gate:${GOOD} -->\n${first.summary}`)
    expect(gh.requests.at(-1)!.authorization).toBe('token ghs_write')

    // a stricter gate on the next push to the pull request: the same comment now says failed
    const before = gh.requests.length
    const second = await gate(GOOD, pullRequest(12), 'accuracy: ">= 0.9999"')
    expect(second.code).toBe(1)
    expect(second.errors).toHaveLength(1)
    expect(requestsSince(before)).toEqual([
      'GET /repos/acme/vision/issues/12/comments',
      'GET /repos/acme/vision/issues/12/comments',
      `PATCH /repos/acme/vision/issues/comments/${id}`
    ])
    mine = gh.commentsOn(REPO, 12).filter((c) => c.body.includes('<!-- model-gate:'))
    expect(mine.map((c) => c.id)).toEqual([id])
    expect(mine[0]!.body.split('\n')[1]).toMatch(/^## model-gate: ❌ failed/)
    expect(second.outputs['comment-url']).toBe(mine[0]!.html_url)

    // another model gated in the same pull request gets its own comment
    const other = await gate(WEAK, pullRequest(12), 'accuracy: ">= 0.05"')
    expect(other.code).toBe(0)
    mine = gh.commentsOn(REPO, 12).filter((c) => c.body.includes('<!-- model-gate:'))
    expect(mine.map((c) => c.body.split('\n')[0])).toEqual([`<!-- model-gate:${GOOD} -->`, `<!-- model-gate:${WEAK} -->`])
    expect(gh.commentsOn(REPO, 12)).toHaveLength(122)
  })

  it('on a push to main, goes to the merged pull request found through commits/{sha}/pulls', async () => {
    gh.pulls.set(`${REPO}@${SHA}`, [
      // an open pull request whose branch also holds the commit: not the one that was merged
      { number: 30, state: 'open', merged_at: null, merge_commit_sha: null, head: { ref: 'other', sha: SHA, repo: { full_name: REPO } }, base: { ref: 'main', sha: 'f'.repeat(40), repo: { full_name: REPO } } },
      { number: 21, state: 'closed', merged_at: '2026-11-23T08:00:00Z', merge_commit_sha: SHA, head: { ref: 'feature', sha: 'e'.repeat(40), repo: { full_name: REPO } }, base: { ref: 'main', sha: 'f'.repeat(40), repo: { full_name: REPO } } }
    ])
    const before = gh.requests.length
    const r = await gate(GOOD, push())
    expect(r.code).toBe(0)
    expect(requestsSince(before)).toEqual([`GET /repos/acme/vision/commits/${SHA}/pulls`, 'GET /repos/acme/vision/issues/21/comments', 'POST /repos/acme/vision/issues/21/comments'])
    expect(gh.commentsOn(REPO, 30)).toEqual([])
    const [c] = gh.commentsOn(REPO, 21)
    expect(c!.body).toMatch(/^<!-- model-gate:.*-->\n## model-gate: ✅ passed.*\n\nEvaluated on push to main at `a1b2c3d`\.\n/)
    expect(r.outputs['comment-url']).toBe(c!.html_url)
    gh.pulls.clear()
  })

  it('on a push that merged no pull request, writes no comment and passes', async () => {
    const before = gh.requests.length
    const r = await gate(GOOD, push())
    expect(r.code).toBe(0)
    expect(requestsSince(before)).toEqual([`GET /repos/acme/vision/commits/${SHA}/pulls`])
    expect(r.stdout).toContain(`pull-request comment skipped: commit ${SHA.slice(0, 7)} belongs to no merged pull request`)
    expect(r.outputs['comment-url']).toBe('')
  })

  it('on workflow_dispatch, writes the summary; comments only when comment is true', async () => {
    const dispatch = () => event('workflow_dispatch', { ref: 'refs/heads/main', inputs: { model: GOOD, 'promote-to': 'Production', 'dry-run': 'true' } }, 'refs/heads/main', 'ghs_write')
    const before = gh.requests.length
    const auto = await gate(GOOD, dispatch())
    expect(auto.code).toBe(0)
    expect(requestsSince(before)).toEqual([])
    expect(auto.summary).toMatch(/^## model-gate: ✅ passed/)
    expect(auto.stdout).toContain('pull-request comment skipped: a workflow_dispatch run has no pull request')

    gh.pulls.set(`${REPO}@${SHA}`, [
      { number: 40, state: 'closed', merged_at: '2026-11-23T08:00:00Z', merge_commit_sha: SHA, head: { ref: 'x', sha: SHA, repo: { full_name: REPO } }, base: { ref: 'main', sha: SHA, repo: { full_name: REPO } } }
    ])
    const forced = await runDist({ model: GOOD, 'test-data': DATA, device: 'cpu', comment: 'true' }, { env: dispatch() })
    expect(forced.code).toBe(0)
    expect(gh.commentsOn(REPO, 40)).toHaveLength(1)
    gh.pulls.clear()
  })
})

describe('when the comment cannot be written, the verdict stands', () => {
  it('skips a pull request from a fork with a warning, without calling GitHub', async () => {
    const before = gh.requests.length
    const r = await gate(GOOD, pullRequest(50, FORK, 'ghs_read'))
    expect(r.code).toBe(0)
    expect(r.outputs.passed).toBe('true')
    expect(requestsSince(before)).toEqual([])
    expect(warnings(r)).toEqual(['::warning::pull-request comment skipped: pull request #50 comes from a fork, whose token is read-only'])
    expect(r.summary).toMatch(/^## model-gate: ✅ passed/)
  })

  it('skips without a token, with a warning', async () => {
    const r = await gate(GOOD, pullRequest(51, REPO, null))
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual(['::warning::pull-request comment skipped: no github-token was given (or GITHUB_REPOSITORY is unset)'])
    expect(gh.commentsOn(REPO, 51)).toEqual([])
  })

  it('turns a 403 (read-only token) into a warning that names the missing permission', async () => {
    const r = await gate(GOOD, pullRequest(52, REPO, 'ghs_read'))
    expect(r.code).toBe(0)
    expect(r.outputs.passed).toBe('true')
    expect(warnings(r)).toHaveLength(1)
    expect(warnings(r)[0]).toMatch(/comment not written: the token may not do this \(HTTP 403: Resource not accessible by integration\); give the job `permissions: pull-requests: write`/)
  })

  it('turns a rate limit into a warning, and a failing gate still fails', async () => {
    gh.rateLimited = true
    try {
      const r = await gate(WEAK, pullRequest(53), 'accuracy: ">= 0.9"')
      expect(r.code).toBe(1)
      expect(r.outputs.passed).toBe('false')
      expect(warnings(r)).toEqual([expect.stringMatching(/rate limit is exhausted until 2030-01-01T00:00:00\.000Z/)])
      expect(r.errors).toEqual([expect.stringMatching(/gate failed: accuracy/)])
    } finally {
      gh.rateLimited = false
    }
  })
})

describe('report files', () => {
  it('writes the SVG matrix and the misclassified samples; skips the upload off a runner', async () => {
    const r = await gate(WEAK, {}, 'accuracy: ">= 0.05"')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('report artifact not uploaded: no ACTIONS_RUNTIME_TOKEN')
    const m = r.metrics()
    const csv = readFileSync(path.join(r.outDir, 'misclassified.csv'), 'utf8').trim().split('\n')
    expect(csv[0]).toBe('index,true,predicted,confidence')
    // every off-diagonal cell of the confusion matrix, sample by sample
    const cells = m.classes.map(() => m.classes.map(() => 0))
    let last = -1
    for (const line of csv.slice(1)) {
      const [i, t, p, conf] = line.split(',')
      expect(Number(i)).toBeGreaterThan(last)
      last = Number(i)
      expect(t).not.toBe(p)
      expect(Number(conf)).toBeGreaterThan(0)
      expect(Number(conf)).toBeLessThanOrEqual(1)
      cells[m.classes.indexOf(t)][m.classes.indexOf(p)]++
    }
    const offDiagonal = m.confusion_matrix.map((row: number[], i: number) => row.map((v, j) => (i === j ? 0 : v)))
    expect(cells).toEqual(offDiagonal)
    const svg = readFileSync(path.join(r.outDir, 'confusion-matrix.svg'), 'utf8')
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg.match(/<rect x=/g)).toHaveLength(m.classes.length ** 2)
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
  })
})

describe('report artifact through @actions/artifact', () => {
  const results = new FakeResults()
  beforeAll(() => results.start())
  afterAll(() => results.stop())

  it('uploads metrics.json, report.md, the SVG matrix and misclassified.csv, and links the artifact from the comment', async () => {
    const env = { ...pullRequest(60), ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${results.url}/`, GITHUB_WORKSPACE: dir }
    const r = await gate(GOOD, env)
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(r.stdout).toMatch(/^uploaded the report artifact 'model-gate-report' \(4 files, \d+ bytes\): https:\/\/github\.com\/acme\/vision\/actions\/runs\/777\/artifacts\/\d+$/m)
    expect(results.artifacts).toHaveLength(1)
    const [a] = results.artifacts
    expect(a!.name).toBe('model-gate-report')
    expect(a!.request).toMatchObject({ workflow_run_backend_id: 'run-backend-id', workflow_job_run_backend_id: 'job-backend-id', mime_type: 'application/zip', size: String(a!.zip.length), hash: `sha256:${createHash('sha256').update(a!.zip).digest('hex')}` })
    const files = unzipSync(new Uint8Array(a!.zip))
    expect(Object.keys(files).sort()).toEqual(['confusion-matrix.svg', 'metrics.json', 'misclassified.csv', 'report.md'])
    for (const [name, bytes] of Object.entries(files)) expect([name, Buffer.from(bytes).equals(readFileSync(path.join(r.outDir, name)))]).toEqual([name, true])
    const link = `https://github.com/acme/vision/actions/runs/777/artifacts/${a!.id}`
    expect(gh.commentsOn(REPO, 60)[0]!.body).toContain(`[report artifact \`model-gate-report\`](${link})`)
    expect(r.summary).toContain(link)

    // the same name again in this run: the store refuses, the step warns and still passes
    const again = await gate(GOOD, env)
    expect(again.code).toBe(0)
    expect(warnings(again)).toEqual([expect.stringMatching(/report artifact 'model-gate-report' not uploaded: .*distinct artifact-name values/)])
    expect(gh.commentsOn(REPO, 60)).toHaveLength(1)
  })
})
