/**
 * The workflows, checked by running them where that is possible: e2e.yml's steps run in order here
 * (each `uses: ./` through dist/ with its `with:` inputs, each `run:` through bash with the outputs
 * and outcomes substituted, as the runner would); the example workflows must parse, pass only inputs
 * action.yml declares, ask for least privilege, and keep promotions of a model in one queue.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

interface Step {
  id?: string
  name?: string
  uses?: string
  with?: Record<string, string | number | boolean>
  run?: string
  env?: Record<string, string>
  'continue-on-error'?: boolean
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, { steps: Step[] }>
}

const load = (f: string) => parse(readFileSync(path.join(ROOT, f), 'utf8')) as Workflow
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
const isGate = (s: Step) => s.uses === './' || /^model-gate\/model-gate@/.test(s.uses ?? '')
const files = ['.github/workflows', 'docs/workflows'].flatMap((d) => readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.yml')).map((f) => `${d}/${f}`))

/** Runs a `run:` script the way the runner's default bash shell does. */
function bash(script: string, cwd: string, env: Record<string, string>) {
  const file = path.join(cwd, `step-${Math.random().toString(36).slice(2)}.sh`)
  writeFileSync(file, script)
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' })
}

describe('workflows', () => {
  it.each(files)('%s: least privilege, and only inputs that action.yml declares', (file) => {
    const wf = load(file)
    for (const [scope, level] of Object.entries(wf.permissions)) expect([scope, level]).toEqual([scope, scope === 'pull-requests' ? 'write' : 'read'])
    for (const step of Object.values(wf.jobs).flatMap((j) => j.steps).filter(isGate)) {
      for (const name of Object.keys(step.with ?? {})) expect([name, name in action.inputs]).toEqual([name, true])
    }
  })

  it('the examples cover pull requests, merge to main and manual promotion; promotions of a model queue in one group', () => {
    const pr = load('docs/workflows/pr-comment.yml')
    const merge = load('docs/workflows/merge-to-main.yml')
    const manual = load('docs/workflows/manual-promotion.yml')
    expect(Object.keys(pr.on)).toEqual(['pull_request'])
    expect(Object.keys(merge.on)).toEqual(['push'])
    expect(Object.keys(manual.on)).toEqual(['workflow_dispatch'])
    expect(Object.keys((manual.on.workflow_dispatch as { inputs: object }).inputs)).toEqual(['model', 'promote-to', 'dry-run'])
    expect(merge.concurrency!['cancel-in-progress']).toBe(false)
    expect(manual.concurrency).toEqual(merge.concurrency)
    expect(pr.permissions['pull-requests']).toBe('write')
    const gate = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps).find(isGate)!
    expect(gate(pr).with?.promote ?? 'auto').not.toBe('true')
    expect(gate(manual).with).toMatchObject({ 'promote-to': '${{ inputs.promote-to }}', 'dry-run': '${{ inputs.dry-run }}' })
  })

  it("manual-promotion.yml turns a bare version number into the model's registry URI", () => {
    const step = load('docs/workflows/manual-promotion.yml').jobs.gate!.steps.find((s) => s.id === 'model')!
    const work = tempDir('manual-')
    for (const [given, uri] of [['12', 'models:/classifier/12'], ['models:/classifier@challenger', 'models:/classifier@challenger'], ['models:/other/3', 'models:/other/3']]) {
      const out = path.join(work, 'output')
      writeFileSync(out, '')
      const r = bash(step.run!, work, { MODEL: given!, GITHUB_OUTPUT: out })
      expect([r.status, readFileSync(out, 'utf8')]).toEqual([0, `uri=${uri}\n`])
    }
  })

  it('e2e.yml passes when its steps run here in order', async () => {
    const steps = load('.github/workflows/e2e.yml').jobs.gate!.steps
    // a workspace like the runner's checkout: the fixtures at the same relative paths
    const work = tempDir('e2e-yml-')
    symlinkSync(path.join(ROOT, 'fixtures'), path.join(work, 'fixtures'))
    const results: Record<string, { outputs: Record<string, string>; outcome: string }> = {}
    const expand = (text: string) =>
      text.replace(/\$\{\{\s*steps\.([\w-]+)\.(?:outputs\.([\w-]+)|(outcome))\s*\}\}/g, (_, id: string, output?: string) =>
        output ? (results[id]?.outputs[output] ?? '') : (results[id]?.outcome ?? ''))
    let ran = 0
    for (const step of steps) {
      if (step.uses?.startsWith('actions/')) continue
      const label = step.id ?? step.name ?? step.run
      if (isGate(step)) {
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
        // no output-dir: the action's default, relative to the workspace
        const r = await runDist({ 'output-dir': action.inputs['output-dir']!.default!, ...inputs }, { cwd: work })
        const outcome = r.code === 0 ? 'success' : 'failure'
        if (step.id) results[step.id] = { outputs: r.outputs, outcome }
        if (!step['continue-on-error']) expect([label, outcome, r.errors]).toEqual([label, 'success', []])
      } else {
        const r = bash(expand(step.run!), work, Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])))
        expect([label, r.status, r.stderr]).toEqual([label, 0, ''])
      }
      ran++
    }
    expect(ran).toBeGreaterThanOrEqual(4)
  })
})

describe('docs/workflows/sharded-evaluation.yml', () => {
  type Job = { needs?: string; strategy?: { matrix: { shard: number[] } }; permissions?: Record<string, string>; steps: Step[] }
  const wf = load('docs/workflows/sharded-evaluation.yml') as unknown as Omit<Workflow, 'jobs'> & { jobs: Record<string, Job> }

  it('a matrix of shard jobs and one merge job that needs them, downloads their artifacts and promotes', () => {
    const shard = wf.jobs.shard!
    const merge = wf.jobs.merge!
    const n = shard.strategy!.matrix.shard.length
    expect(shard.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    const shardGate = shard.steps.find(isGate)!
    expect(shardGate.with!.shard).toBe(`\${{ matrix.shard }}/${n}`)
    expect(merge.needs).toBe('shard')
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!
    const mergeGate = merge.steps.find(isGate)!
    // the download pattern matches the names the shard jobs upload (<artifact-name>-shard-<i>-of-<n>)
    const pattern = new RegExp(`^${String(download.with!.pattern).replace(/\*/g, '.*')}$`)
    for (let i = 1; i <= n; i++) expect(`${shardGate.with!['artifact-name']}-shard-${i}-of-${n}`).toMatch(pattern)
    expect(mergeGate.with!.merge).toBe(download.with!.path)
    expect(mergeGate.with!.model).toBe(shardGate.with!.model)
    expect(mergeGate.with!.baseline).toBe(shardGate.with!.baseline)
    // only the merge job comments; the shards need nothing but to read the repository
    expect(wf.permissions).toEqual({ contents: 'read' })
    expect(merge.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
    expect(mergeGate.with!.promote ?? 'auto').toBe('auto')
  })

  it('its shard and merge steps run here through dist/ on a fixture, with its inputs', async () => {
    const shard = wf.jobs.shard!.steps.find(isGate)!
    const merge = wf.jobs.merge!.steps.find(isGate)!
    const n = wf.jobs.shard!.strategy!.matrix.shard.length
    const work = tempDir('sharded-yml-')
    // the registry and the photos stand in as a local model and the shapes folder; the rest is the file's
    const local = { model: path.join(ROOT, 'fixtures', 'images', 'shapes-cnn.onnx'), 'test-data': path.join(ROOT, 'fixtures', 'images', 'shapes'), baseline: path.join(ROOT, 'fixtures', 'images', 'shapes-cnn.onnx'), 'image-size': '32', crop: '28' }
    const inputs = (s: Step) => Object.fromEntries(Object.entries(s.with ?? {}).map(([k, v]) => [k, String(v)]))
    for (let i = 1; i <= n; i++) {
      const w: Record<string, string> = { ...inputs(shard), ...local, shard: String(shard.with!.shard).replace('${{ matrix.shard }}', String(i)) }
      const r = await runDist({ ...w, 'output-dir': path.join(work, String(merge.with!.merge), `${w['artifact-name']}-shard-${i}-of-${n}`) }, { cwd: work })
      expect([i, r.code, r.errors]).toEqual([i, 0, []])
    }
    const { 'test-data': _unused, ...mergeLocal } = local
    void _unused
    const r = await runDist({ ...inputs(merge), ...mergeLocal, thresholds: 'accuracy: 0.5\naccuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }', comment: 'false' }, { cwd: work })
    expect([r.code, r.errors]).toEqual([0, []])
    expect(r.metrics().n_samples).toBe(36)
    expect(r.metrics().gate.checks.map((c: { metric: string }) => c.metric)).toEqual(['accuracy', 'accuracy_vs_baseline'])
  })
})
