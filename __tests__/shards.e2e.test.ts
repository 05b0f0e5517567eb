/**
 * shard: i/n and merge: <folder> through dist/: a test set evaluated whole and as 1, 2, 3 and 7
 * shards gives the same metrics.json numbers (runtime and provenance aside, which say where and when
 * it ran), baseline comparison included; incomplete, duplicated and foreign shard sets are refused;
 * shard reports go through the real @actions/artifact to the fake results service and are merged
 * from both download-artifact layouts.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { FakeGitHub } from '../__fixtures__/fake-github.js'
import { FakeMlflow } from '../__fixtures__/fake-mlflow.js'
import { FakeResults, runtimeToken } from '../__fixtures__/fake-results.js'
import { event, FAST, FIX, GOOD, MLMODEL, WEAK } from './helpers/registry-scenarios.js'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const STATS = path.join(ROOT, 'fixtures', 'stats')
const IMAGES = path.join(ROOT, 'fixtures', 'images')
const quiet = { comment: 'false', 'upload-artifact': 'false' }

const SETS: Record<string, Record<string, string>> = {
  'classification with probabilities and a baseline model (digits, 10 classes)': {
    model: path.join(STATS, 'digits-a.onnx'), 'test-data': path.join(STATS, 'digits-test.npz'), baseline: path.join(STATS, 'digits-b.onnx'),
    thresholds: 'accuracy: 0.5\nece: 1\nroc_auc: 0.5\naccuracy_vs_baseline: { max_drop: 0.05, significance: 0.05 }'
  },
  'binary probabilities (ROC-AUC, average precision)': {
    model: path.join(STATS, 'cancer-probs.onnx'), 'test-data': path.join(STATS, 'cancer-test.npz'), thresholds: 'average_precision: 0.5\nbrier: "<= 1"'
  },
  'an image folder': {
    model: path.join(IMAGES, 'shapes-cnn.onnx'), 'test-data': path.join(IMAGES, 'shapes'), 'image-size': '32', crop: '28', mean: 'imagenet', std: 'imagenet', device: 'cpu', 'batch-size': '4'
  },
  'regression from a CSV, with a baseline model': {
    model: path.join(STATS, 'diabetes-weak.onnx'), 'test-data': path.join(STATS, 'diabetes-test.csv'), 'label-column': 'target', baseline: path.join(STATS, 'diabetes-mlp.onnx'),
    thresholds: 'r2: 0\nmse_vs_baseline: { max_drop: 100000, significance: 0.05 }'
  }
}

/** metrics.json without what says where and when it ran. */
function numbers(run: DistRun): string {
  const { runtime, provenance, ...rest } = run.metrics()
  void runtime
  void provenance
  return JSON.stringify(rest)
}

function ok(run: DistRun): DistRun {
  if (run.code !== 0) throw new Error(`exit ${run.code}\n${run.stdout}\n${run.stderr}`)
  return run
}

async function shards(inputs: Record<string, string>, n: number, root: string): Promise<DistRun[]> {
  const runs: DistRun[] = []
  // two at a time: the machine has two cores
  for (let i = 1; i <= n; i += 2) {
    const batch = [i, i + 1].filter((k) => k <= n)
    runs.push(...(await Promise.all(batch.map((k) => runDist({ ...inputs, ...quiet, shard: `${k}/${n}`, 'output-dir': path.join(root, `shard-${k}`) })))))
  }
  return runs.map(ok)
}

describe.each(Object.entries(SETS))('%s: whole and as 1, 2, 3, 7 shards', (_name, inputs) => {
  it('gives identical metrics.json numbers, and each shard reports its own slice', async () => {
    const whole = ok(await runDist({ ...inputs, ...quiet }))
    const expected = numbers(whole)
    const total = whole.metrics().n_samples as number
    for (const n of [1, 2, 3, 7]) {
      const root = tempDir(`shards-${n}-`)
      const runs = await shards(inputs, n, root)
      const slices = runs.map((r) => r.metrics())
      expect(slices.map((m) => m.shard.index)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
      // contiguous slices that tile the test set, each metrics.json counting its own
      expect(slices.map((m) => m.n_samples)).toEqual(slices.map((m) => m.shard.to - m.shard.from))
      expect(slices.reduce((s, m) => s + m.n_samples, 0)).toBe(total)
      expect(slices.map((m) => [m.shard.from, m.gate.checks.length, m.promotion.status])).toEqual(slices.map((_, k) => [k === 0 ? 0 : slices[k - 1].shard.to, 0, 'skipped']))
      for (const r of runs) expect(r.stdout).toMatch(/the merge job gates, promotes and comments/)
      const merged = ok(await runDist({ ...inputs, ...quiet, merge: root, 'test-data': '' }))
      expect([n, numbers(merged)]).toEqual([n, expected])
      // the same report files, and the sample lists name the same samples
      expect(readdirSync(merged.outDir).filter((f) => !f.startsWith('model-gate-shard-')).sort()).toEqual(readdirSync(whole.outDir).sort())
      for (const f of ['misclassified.csv', 'residuals.csv'].filter((f) => existsSync(path.join(whole.outDir, f)))) {
        expect([n, f, readFileSync(path.join(merged.outDir, f), 'utf8')]).toEqual([n, f, readFileSync(path.join(whole.outDir, f), 'utf8')])
      }
      expect(merged.outputs).toMatchObject({ passed: whole.outputs.passed, accuracy: whole.outputs.accuracy, r2: whole.outputs.r2 ?? '' })
    }
  })
})

describe('merge refuses a shard set that is not one whole evaluation', () => {
  const inputs = { model: path.join(STATS, 'digits-a.onnx'), 'test-data': path.join(STATS, 'digits-test.npz'), ...quiet }
  let root: string
  beforeAll(async () => {
    root = tempDir('shards-bad-')
    await shards(inputs, 3, path.join(root, 'good'))
    ok(await runDist({ ...inputs, model: path.join(STATS, 'digits-weak.onnx'), shard: '2/3', 'output-dir': path.join(root, 'foreign') }))
  })
  const copy = (name: string, parts: string[]): string => {
    const dir = path.join(root, name)
    for (const p of parts) cpSync(path.join(root, p), path.join(dir, p.replace(/\//g, '-')), { recursive: true })
    return dir
  }
  function refused(run: DistRun, message: RegExp): void {
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(message)
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(existsSync(path.join(run.outDir, 'metrics.json'))).toBe(false)
  }

  it('a missing shard, naming it', async () => {
    const dir = copy('missing', ['good/shard-1', 'good/shard-3'])
    refused(await runDist({ ...inputs, merge: dir }), /merge: shard 2\/3 missing below .*missing \(found 1, 3\)/)
  })
  it('a shard there twice, naming both copies', async () => {
    const dir = copy('twice', ['good/shard-1', 'good/shard-2', 'good/shard-3'])
    cpSync(path.join(root, 'good', 'shard-2'), path.join(dir, 'again'), { recursive: true })
    refused(await runDist({ ...inputs, merge: dir }), /merge: shard 2\/3 is there twice \(.*model-gate-shard-2-of-3\.json and .*model-gate-shard-2-of-3\.json\)/)
  })
  it("a foreign shard (another model's), naming its file and the sha256s", async () => {
    const dir = copy('foreign-set', ['good/shard-1', 'foreign', 'good/shard-3'])
    refused(await runDist({ ...inputs, merge: dir }), /merge: [^ ]*foreign\/model-gate-shard-2-of-3\.json is foreign: its model sha256 is [0-9a-f]{64}, but .* has [0-9a-f]{64}/)
  })
  it('shards of another test set, or other settings, or a merge model the shards did not run', async () => {
    const other = tempDir('shards-other-')
    ok(await runDist({ ...inputs, 'batch-size': '32', shard: '3/3', 'output-dir': path.join(other, 'b') }))
    const dir = copy('settings', ['good/shard-1', 'good/shard-2'])
    cpSync(path.join(other, 'b'), path.join(dir, 'b'), { recursive: true })
    refused(await runDist({ ...inputs, merge: dir }), /b\/model-gate-shard-3-of-3\.json is foreign: its settings are batch_size=32, but .* has batch_size=64;/)
    // a model fed by name (here through an inputs mapping) is refused by a shard, not fed the wrong rows
    refused(await runDist({ ...inputs, inputs: 'x=x', shard: '2/3', 'output-dir': path.join(other, 'c') }), /input 'shard': this model's inputs are fed by name .* cannot be sharded yet; evaluate it without shard and merge/)
    refused(await runDist({ ...inputs, model: path.join(STATS, 'digits-b.onnx'), merge: path.join(root, 'good') }), /merge: model .*digits-b\.onnx has sha256 [0-9a-f]{64}, but the shards .* evaluated sha256/)
    refused(await runDist({ ...inputs, merge: path.join(root, 'nowhere') }), /input 'merge': cannot read the folder/)
  })
  it('shard and merge together, and a malformed shard', async () => {
    refused(await runDist({ ...inputs, merge: root, shard: '1/2' }), /inputs 'shard' and 'merge' are both set/)
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) refused(await runDist({ ...inputs, shard: bad }), /input 'shard' is '.*': use i\/n/)
  })
  it('a damaged shard file', async () => {
    const dir = copy('damaged', ['good/shard-1', 'good/shard-2', 'good/shard-3'])
    const f = path.join(dir, 'good-shard-2', 'model-gate-shard-2-of-3.json')
    writeFileSync(f, readFileSync(f, 'utf8').slice(0, 500))
    refused(await runDist({ ...inputs, merge: dir }), /merge: cannot read .*model-gate-shard-2-of-3\.json as a shard state/)
  })
})

describe('shard reports through the real @actions/artifact, downloaded and merged', () => {
  it('uploads <artifact-name>-shard-<i>-of-<n>; both download layouts merge to the single run', async () => {
    const inputs = { model: path.join(STATS, 'digits-a.onnx'), 'test-data': path.join(STATS, 'digits-test.npz'), baseline: path.join(STATS, 'digits-b.onnx'), comment: 'false' }
    const whole = ok(await runDist({ ...inputs, 'upload-artifact': 'false' }))
    const results = await new FakeResults().start()
    try {
      const dir = tempDir('shards-artifacts-')
      const env = { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${results.url}/`, GITHUB_WORKSPACE: dir }
      for (let i = 1; i <= 3; i++) {
        const r = ok(await runDist({ ...inputs, shard: `${i}/3`, 'artifact-name': 'eval', 'output-dir': path.join(dir, 'out', String(i)) }, { env }))
        expect(r.stdout).not.toMatch(/::warning::/)
        expect(r.stdout).toMatch(new RegExp(`report artifact 'eval-shard-${i}-of-3' uploaded`))
      }
      expect(results.artifacts.map((a) => a.name)).toEqual(['eval-shard-1-of-3', 'eval-shard-2-of-3', 'eval-shard-3-of-3'])
      // actions/download-artifact: one folder per artifact, or merge-multiple: true into one folder
      const perArtifact = path.join(dir, 'per-artifact')
      const multiple = path.join(dir, 'merge-multiple')
      mkdirSync(multiple, { recursive: true })
      for (const a of results.artifacts) {
        const files = unzipSync(new Uint8Array(a.zip))
        expect(Object.keys(files)).toContain(`model-gate-shard-${a.name.slice(-6, -5)}-of-3.json`)
        for (const [name, bytes] of Object.entries(files)) {
          mkdirSync(path.join(perArtifact, a.name), { recursive: true })
          writeFileSync(path.join(perArtifact, a.name, name), bytes)
          if (name.startsWith('model-gate-shard-')) writeFileSync(path.join(multiple, name), bytes)
        }
      }
      rmSync(path.join(dir, 'out'), { recursive: true })
      const expected = numbers(whole)
      for (const folder of [perArtifact, multiple]) {
        const merged = ok(await runDist({ ...inputs, 'test-data': '', merge: folder, 'upload-artifact': 'false' }))
        expect(numbers(merged)).toBe(expected)
        expect(readdirSync(merged.outDir).sort()).toEqual(readdirSync(whole.outDir).sort())
      }
    } finally {
      await results.stop()
    }
  })
})

describe('a sharded push to main, against the MLflow and GitHub fakes', () => {
  const SHA = 'c0ffee0000000000000000000000000000000000'
  async function world() {
    const r = await new FakeMlflow().start()
    r.addVersion('digits', { 'model.onnx': WEAK, MLmodel: MLMODEL }, 'Production')
    r.addVersion('digits', { 'model.onnx': GOOD, MLmodel: MLMODEL }, 'Staging')
    const g = await new FakeGitHub().start()
    g.pullsByCommit.set(SHA, [{ number: 12, state: 'closed', merged_at: '2026-11-20T10:00:00Z', merge_commit_sha: SHA }])
    const env = { ...event('push'), ...FAST, GITHUB_API_URL: g.url }
    const inputs = { model: 'models:/digits/Staging', baseline: 'production', 'tracking-uri': r.url, 'github-token': g.token, 'upload-artifact': 'false', device: 'cpu', thresholds: 'accuracy: 0.8\naccuracy_vs_baseline: { max_drop: 0, significance: 0.05 }' }
    return { r, g, env, inputs, stop: () => Promise.all([r.stop(), g.stop()]) }
  }
  const comments = (g: FakeGitHub) => (g.comments.get(12) ?? []).filter((c) => c.body.includes('<!-- model-gate:'))

  it('the shards change nothing and say nothing; the merge gates, compares, promotes and comments as the single run', async () => {
    const single = await world()
    const whole = ok(await runDist({ ...single.inputs, 'test-data': path.join(FIX, 'digits-test.npz') }, { env: single.env }))
    await single.stop()
    expect(whole.outputs.promoted).toBe('true')

    const w = await world()
    try {
      const root = tempDir('shards-registry-')
      for (let i = 1; i <= 3; i++) {
        const run = ok(await runDist({ ...w.inputs, 'test-data': path.join(FIX, 'digits-test.npz'), shard: `${i}/3`, 'output-dir': path.join(root, String(i)) }, { env: w.env }))
        expect([i, run.outputs.promoted, run.outputs['comment-url']]).toEqual([i, 'false', ''])
      }
      expect(w.r.writes()).toEqual([])
      expect(w.r.stages('digits')).toEqual({ 1: 'Production', 2: 'Staging' })
      expect(comments(w.g)).toEqual([])

      // one shard gone: one error, nothing promoted, nothing said
      rmSync(path.join(root, '2'), { recursive: true, force: true })
      const incomplete = await runDist({ ...w.inputs, merge: root }, { env: w.env })
      expect([incomplete.code, incomplete.errors]).toEqual([1, [expect.stringMatching(/^::error::merge: shard 2\/3 missing/)]])
      expect(w.r.writes()).toEqual([])
      expect(comments(w.g)).toEqual([])

      ok(await runDist({ ...w.inputs, 'test-data': path.join(FIX, 'digits-test.npz'), shard: '2/3', 'output-dir': path.join(root, '2') }, { env: w.env }))
      const merged = ok(await runDist({ ...w.inputs, merge: root }, { env: w.env }))
      expect(merged.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'model-version': '2', accuracy: whole.outputs.accuracy })
      expect(w.r.stages('digits')).toEqual({ 1: 'Archived', 2: 'Production' })
      const strip = (m: Record<string, unknown>) => {
        const { runtime, provenance, promotion, ...rest } = m
        void runtime
        void provenance
        const p = promotion as Record<string, unknown>
        return { ...rest, promotion: { status: p.status, version: p.version, previous: p.previous, archived: p.archived } }
      }
      expect(strip(merged.metrics())).toEqual(strip(whole.metrics()))
      expect(comments(w.g)).toHaveLength(1)
      expect(comments(w.g)[0]!.body).toContain('✅ passed')
      expect(merged.outputs['comment-url']).toBe(comments(w.g)[0]!.html_url)
    } finally {
      await w.stop()
    }
  })
})
