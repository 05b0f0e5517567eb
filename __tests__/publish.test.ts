/** Publishing logic on fakes: which pull request, sticky updates, skips and warnings; the report's size limit. */
import { describe, expect, it } from '@jest/globals'
import { FakeArtifactStore, FakeCommentStore } from '../__fixtures__/fake-stores.js'
import type { RunContext } from '../src/github/context.js'
import { commentMarker } from '../src/github/comments.js'
import { describeRun, postComment, uploadReport } from '../src/github/publish.js'
import type { Logger } from '../src/log.js'
import { renderMarkdown, worstConfusions } from '../src/report/markdown.js'
import type { MetricsDocument } from '../src/report/metrics-json.js'
import { misclassifiedCsv } from '../src/report/misclassified.js'
import { confusionMatrixSvg, SHOWN, shownClasses } from '../src/report/svg.js'

const ctx = (eventName: string, extra: Partial<RunContext> = {}): RunContext => ({
  eventName, ref: 'refs/heads/main', sha: 'abc1234', owner: 'acme', repo: 'models', defaultBranch: 'main', pullRequest: undefined,
  serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', runId: '9', runUrl: 'https://github.com/acme/models/actions/runs/9', payload: {}, ...extra
})

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(`info ${m}`), warning: (m) => lines.push(`warning ${m}`), group: (_n, fn) => fn() }
}

const body = (marker: string) => `${marker}\nverdict`

describe('postComment', () => {
  it('creates one comment per pull request and model, then updates it in place', async () => {
    const store = new FakeCommentStore()
    const log = recorder()
    const pr = ctx('pull_request', { pullRequest: { number: 5, fromFork: false } })
    expect(await postComment(store, 'auto', pr, 'digits', body, log)).toBe('comment-1')
    expect(await postComment(store, 'auto', pr, 'digits', (m) => `${m}\nsecond`, log)).toBe('comment-1')
    expect(await postComment(store, 'auto', pr, 'iris', body, log)).toBe('comment-2')
    expect([...store.bodies.values()]).toEqual([
      { pr: 5, body: `${commentMarker('digits')}\nsecond` },
      { pr: 5, body: `${commentMarker('iris')}\nverdict` }
    ])
  })

  it('on a push, comments on the merged pull request of the commit', async () => {
    const store = new FakeCommentStore()
    store.pulls = [{ number: 3, merged: false, mergeCommitSha: null }, { number: 8, merged: true, mergeCommitSha: 'abc1234' }]
    await postComment(store, 'auto', ctx('push'), 'm', body, recorder())
    expect([...store.bodies.values()][0]!.pr).toBe(8)
    const none = new FakeCommentStore()
    const log = recorder()
    expect(await postComment(none, 'auto', ctx('push'), 'm', body, log)).toBeUndefined()
    expect(log.lines).toEqual(['info comment skipped: no merged pull request has commit abc1234'])
  })

  it('skips forks, missing tokens and comment: false with a warning; never throws', async () => {
    const log = recorder()
    const fork = ctx('pull_request', { pullRequest: { number: 5, fromFork: true } })
    const store = new FakeCommentStore()
    expect(await postComment(store, 'auto', fork, 'm', body, log)).toBeUndefined()
    expect(await postComment(undefined, 'auto', ctx('pull_request', { pullRequest: { number: 5, fromFork: false } }), 'm', body, log)).toBeUndefined()
    expect(await postComment(store, 'false', ctx('pull_request', { pullRequest: { number: 5, fromFork: false } }), 'm', body, log)).toBeUndefined()
    store.failWith = Object.assign(new Error('API rate limit exceeded'), { status: 403 })
    expect(await postComment(store, 'auto', ctx('pull_request', { pullRequest: { number: 5, fromFork: false } }), 'm', body, log)).toBeUndefined()
    expect(log.lines).toEqual([
      'warning comment skipped: pull request #5 comes from a fork, whose token cannot write comments; the verdict is in the job summary',
      'warning comment skipped: no github-token (give the job `permissions: pull-requests: write` and keep the default github-token)',
      'warning comment skipped: GitHub answered 403: API rate limit exceeded; the verdict stands (GitHub\'s API rate limit is used up: re-run the job later for the comment)'
    ])
    expect(store.bodies.size).toBe(0)
  })
})

describe('describeRun', () => {
  it('names the event, branch or pull request, and the short sha', () => {
    expect(describeRun(ctx('push'))).toBe('push to main at `abc1234`')
    expect(describeRun(ctx('pull_request', { pullRequest: { number: 5, fromFork: false } }))).toBe('pull request #5 at `abc1234`')
    expect(describeRun(ctx('workflow_dispatch'))).toBe('workflow_dispatch on main at `abc1234`')
    expect(describeRun(ctx(''))).toBeUndefined()
  })
})

describe('uploadReport', () => {
  it('uploads output-dir and links the artifact; failures are warnings', async () => {
    const store = new FakeArtifactStore()
    const log = recorder()
    expect(await uploadReport(store, 'model-gate-report', ['/o/metrics.json'], '/o', ctx('push'), log)).toBe('https://github.com/acme/models/actions/runs/9/artifacts/77')
    expect(store.uploads).toEqual([{ name: 'model-gate-report', files: ['/o/metrics.json'], root: '/o' }])
    store.failWith = new Error('Artifact storage quota has been hit')
    expect(await uploadReport(store, 'x', [], '/o', ctx('push'), log)).toBeUndefined()
    expect(await uploadReport(undefined, 'x', [], '/o', ctx(''), log)).toBeUndefined()
    expect(log.lines.slice(1)).toEqual([
      "warning report artifact 'x' was not uploaded (Artifact storage quota has been hit); the verdict stands and the files are in output-dir",
      'info report artifact: not uploaded outside a GitHub Actions job (no ACTIONS_RUNTIME_TOKEN); the files are in output-dir'
    ])
  })
})

/** A document with k classes where class i is taken for class i+1 `i % 7` times. */
function doc(k: number, passed = false): MetricsDocument {
  const classes = Array.from({ length: k }, (_, i) => `class-with-a-long-name-${i}`)
  const cm = classes.map((_, i) => classes.map((_, j) => (i === j ? 50 : j === (i + 1) % k ? i % 7 : 0)))
  return {
    schema_version: 1, model: { uri: 'models:/m/3', sha256: 'x', input: 'x', output: 'y', output_kind: 'logits', name: 'm', version: '3' },
    data: { path: 'test.npz', sha256: 'y' }, n_samples: k * 53, classes,
    accuracy: 0.9, loss: 0.3, macro_precision: 0.9, macro_recall: 0.9, macro_f1: 0.9, weighted_precision: 0.9, weighted_recall: 0.9, weighted_f1: 0.9,
    micro_precision: 0.9, micro_recall: 0.9, micro_f1: 0.9,
    per_class: classes.map((c, i) => ({ class: c, precision: 0.9, recall: 0.9, f1: 0.9, support: cm[i]!.reduce((a, b) => a + b, 0) })),
    confusion_matrix: cm,
    gate: { passed, checks: [{ metric: 'accuracy', op: '>=', threshold: 0.95, value: 0.9, passed }] },
    runtime: { device: 'cpu', provider: 'cpu', batch_size: 64, seconds: 1, samples_per_second: 100 },
    promotion: null,
    baseline: { source: 'models:/m/Production', version: '2', accuracy: 0.91, loss: 0.25, macro_f1: 0.9, weighted_f1: 0.9, macro_precision: 0.9, macro_recall: 0.9 }
  } as MetricsDocument
}

describe('the report', () => {
  it("puts the verdict and failed checks first, then metrics with better/worse against the baseline, charts, folded detail, links last", () => {
    const md = renderMarkdown(doc(3), { links: { run: 'https://run', artifact: 'https://artifact' }, header: '<!-- marker -->', files: ['confusion-matrix.svg'] })
    const lines = md.split('\n')
    expect(lines.slice(0, 2)).toEqual(['<!-- marker -->', '## model-gate: ❌ failed'])
    expect(md).toContain('- ❌ accuracy = 0.9000, needs >= 0.95')
    expect(md).toMatch(/\| accuracy \| 0\.9000 \| [^|]* \| 0\.9100 \| ▼ −0\.0100 🔴 worse \|/)
    // a loss going up is worse, whatever the arrow's direction
    expect(md).toMatch(/\| loss \| 0\.3000 \| [^|]* \| 0\.2500 \| ▲ \+0\.0500 🔴 worse \|/)
    expect(md).toMatch(/\| macro_f1 \| 0\.9000 \| [^|]* \| 0\.9000 \| = same \|/)
    expect(md.trimEnd().endsWith('[workflow run](https://run) · [report artifact](https://artifact) (metrics.json, report.md, confusion-matrix.svg)')).toBe(true)
    expect(md).toContain('| class-with-a-long-name-2 | class-with-a-long-name-0 | 2 | 3.8% |')
    const at = (s: string) => md.indexOf(s)
    const order = ['## model-gate', '- ❌ accuracy', '### Metrics', '### Gate', '### Charts', '```mermaid', '<details><summary>Per class', '<details><summary>Worst confusions', '[workflow run]']
    expect(order.map(at)).toEqual([...order.map(at)].sort((a, b) => a - b))
    expect(order.map(at).every((i) => i >= 0)).toBe(true)
  })

  it('folds long tables, and trims detail (never the verdict) to the size limit', () => {
    expect(renderMarkdown(doc(30))).toContain('<details><summary>Confusion matrix</summary>')
    const big = doc(400)
    const full = renderMarkdown(big)
    // beyond 30 classes the matrix is a picture (the SVG) and metrics.json, not a 400-column table
    expect(full).not.toContain('Confusion matrix</summary>')
    expect(full).toContain('_The 400-class confusion matrix is in metrics.json and, drawn for its most confused classes, in confusion-matrix.svg._')
    expect(full.length).toBeGreaterThan(20_000)
    const trimmed = renderMarkdown(big, { limit: 20_000, header: '<!-- m -->' })
    expect(trimmed.length).toBeLessThanOrEqual(20_000)
    expect(trimmed).toMatch(/^<!-- m -->\n## model-gate: ❌ failed/)
    expect(trimmed).toContain('### Gate')
    expect(trimmed).toContain("left out to stay under 20,000 characters; the report artifact has all of it")
    expect(trimmed).not.toContain('Per class</summary>')
  })

  it('lists the worst confusions by count', () => {
    expect(worstConfusions(doc(10), 2)).toEqual([
      { true: 'class-with-a-long-name-6', predicted: 'class-with-a-long-name-7', count: 6, share: 6 / 56 },
      { true: 'class-with-a-long-name-5', predicted: 'class-with-a-long-name-6', count: 5, share: 5 / 55 }
    ])
  })

  it('draws the confusion matrix as SVG with one cell per pair', () => {
    const svg = confusionMatrixSvg(doc(4))
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/<title>true /g)).toHaveLength(16)
    expect(svg).toContain('Confusion matrix: ')
    expect(svg).toContain('share of the true class: 0% → 100%')
    expect(svg).toContain('<title>true class-with-a-long-name-1, predicted class-with-a-long-name-2: 1 (2.0%)</title>')
  })

  it('draws a 1000-class matrix as the 40 classes most involved in errors, says so, with title and legend', () => {
    const d = doc(1000)
    const svg = confusionMatrixSvg(d)
    expect(shownClasses(d.confusion_matrix)).toHaveLength(SHOWN)
    expect(svg.match(/<title>true /g)).toHaveLength(SHOWN * SHOWN)
    expect(svg).toContain(`Showing the ${SHOWN} classes of 1000 most involved in errors (as true or predicted class); the full matrix is in metrics.json.`)
    expect(svg).toContain('share of the true class: 0% → 100%')
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeLessThan(1200)
    // the classes drawn are those with the most errors: in doc(), class i is taken for i+1 i%7 times
    const errors = (i: number) => d.confusion_matrix[i]!.reduce((a, v, j) => a + (j === i ? 0 : v), 0) + d.confusion_matrix.reduce((a, row, r) => a + (r === i ? 0 : row[i]!), 0)
    const shown = new Set(shownClasses(d.confusion_matrix))
    const least = Math.min(...[...shown].map(errors))
    for (let i = 0; i < 1000; i++) if (!shown.has(i)) expect(errors(i)).toBeLessThanOrEqual(least)
  })

  it('writes misclassified samples, most confident first', () => {
    const csv = misclassifiedCsv(
      { labels: Int32Array.from([0, 1, 1, 2]), predicted: Int32Array.from([0, 2, 0, 2]), confidence: Float64Array.from([0.9, 0.6, 0.8, 0.7]), nll: new Float64Array(4) },
      ['cat', 'dog, small', 'bird']
    )
    expect(csv).toBe('index,true,predicted,confidence\n2,"dog, small",cat,0.800000\n1,"dog, small",bird,0.600000\n')
  })
})

describe('metrics.json text', () => {
  it('parses back to the same document, with number arrays on one line', async () => {
    const { metricsJsonText } = await import('../src/report/metrics-json.js')
    const d = doc(12)
    const text = metricsJsonText(d)
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(d)))
    expect(text).toContain('\n    [50,0,0,0,0,0,0,0,0,0,0,0],\n')
    expect(text.split("\n").length).toBeLessThan(JSON.stringify(d, null, 2).split("\n").length / 1.5)
  })
})
