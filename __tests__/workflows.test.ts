/**
 * The workflows: .github/workflows/e2e.yml is run here step by step through dist/ (its `uses: ./`
 * steps with their `with:` inputs, then its shell check against the outputs), and the example
 * workflows in docs/workflows must parse, pass only inputs action.yml declares, ask for least
 * privilege and serialise promotions of a model with one concurrency group.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string>
  run?: string
  env?: Record<string, string>
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, { steps: Step[] }>
}

const load = (f: string) => parse(readFileSync(path.join(ROOT, f), 'utf8')) as Workflow
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }
const isGate = (s: Step) => s.uses === './' || /^model-gate\/model-gate@/.test(s.uses ?? '')
const files = [
  ...readdirSync(path.join(ROOT, '.github', 'workflows')).map((f) => `.github/workflows/${f}`),
  ...readdirSync(path.join(ROOT, 'docs', 'workflows')).map((f) => `docs/workflows/${f}`)
].filter((f) => f.endsWith('.yml'))

describe('workflows', () => {
  it.each(files)('%s: least privilege, and only inputs action.yml declares', (file) => {
    const wf = load(file)
    for (const [scope, level] of Object.entries(wf.permissions)) {
      expect([scope, level]).toEqual([scope, scope === 'pull-requests' ? 'write' : 'read'])
    }
    for (const step of Object.values(wf.jobs).flatMap((j) => j.steps).filter(isGate)) {
      for (const name of Object.keys(step.with ?? {})) expect([name, name in action.inputs]).toEqual([name, true])
    }
  })

  it('the example workflows cover the three uses and serialise promotions per model', () => {
    const pr = load('docs/workflows/pr-comment.yml')
    const merge = load('docs/workflows/merge-to-main.yml')
    const manual = load('docs/workflows/manual-promotion.yml')
    expect(Object.keys(pr.on)).toEqual(['pull_request'])
    expect(Object.keys(merge.on)).toEqual(['push'])
    expect(Object.keys(manual.on)).toEqual(['workflow_dispatch'])
    expect(Object.keys((manual.on.workflow_dispatch as { inputs: object }).inputs)).toEqual(['model', 'promote-to', 'dry-run'])
    // promotions share one group and are queued, never cancelled half-way
    expect(merge.concurrency).toEqual({ group: 'model-gate-promote-digits', 'cancel-in-progress': false })
    expect(manual.concurrency).toEqual(merge.concurrency)
    expect(pr.concurrency!.group).toMatch(/digits$/)
    const step = manual.jobs.promote!.steps.find(isGate)!
    expect(step.with).toMatchObject({ 'promote-to': "${{ inputs['promote-to'] }}", 'dry-run': "${{ inputs['dry-run'] }}" })
    expect(step.with!.model).toContain('inputs.model')
    // pull requests never ask for promotion
    expect(pr.jobs.gate!.steps.find(isGate)!.with!.promote).toBeUndefined()
    expect(merge.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
  })

  it('e2e.yml: its uses: ./ steps, run through dist/, give what its check step expects', async () => {
    const wf = load('.github/workflows/e2e.yml')
    const steps = wf.jobs.action!.steps
    const work = tempDir('e2e-yml-')
    const outputs: Record<string, Record<string, string>> = {}
    for (const step of steps.filter(isGate)) {
      const inputs = { ...step.with!, 'output-dir': path.join(work, step.with!['output-dir']!) }
      const r = await runDist(inputs)
      expect([step.id, r.errors]).toEqual([step.id, []])
      expect([step.id, r.code]).toEqual([step.id, 0])
      outputs[step.id!] = r.outputs
    }
    const check = steps.find((s) => s.run !== undefined)!
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
    for (const [k, v] of Object.entries(check.env ?? {})) {
      const m = /^\$\{\{ steps\.(\w+)\.outputs\.([\w-]+) \}\}$/.exec(v)
      expect(m).not.toBeNull()
      env[k] = outputs[m![1]!]![m![2]!]!
    }
    // the way GitHub runs a `run:` step with the default shell
    const script = path.join(work, 'check.sh')
    writeFileSync(script, check.run!)
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: work, env, encoding: 'utf8' })
    expect([r.status, r.stderr]).toEqual([0, ''])
  })
})
