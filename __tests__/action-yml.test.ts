/**
 * action.yml is what GitHub reads before running anything: it must parse, and agree with the inputs
 * the code reads, their defaults, the outputs main.ts sets, and the README.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseDocument } from 'yaml'
import { INPUT_DEFAULTS, INPUT_NAMES } from '../src/inputs.js'
import { ROOT } from './helpers/run-dist.js'

const text = (f: string) => readFileSync(path.join(ROOT, f), 'utf8')
const doc = parseDocument(text('action.yml'))
const action = doc.toJS() as {
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}
/** Every name the code reads with get()/optional()/core.getInput(), and sets with core.setOutput(). */
const read = new Set([...text('src/inputs.ts').matchAll(/\b(?:get|optional)\('([a-z-]+)'\)/g)].map((m) => m[1]!))
const set = new Set([...text('src/main.ts').matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!))

describe('action.yml', () => {
  it('is valid YAML that runs dist/index.js on node24', () => {
    expect(doc.errors.map((e) => e.message)).toEqual([])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares every input the code reads, and nothing it ignores', () => {
    expect(read.size).toBeGreaterThan(20)
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort())
  })

  it('lists the same inputs as INPUT_NAMES, the CLI flags', () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES])
  })

  it('gives the same defaults as inputs.ts', () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) expect([name, String(action.inputs[name]?.default)]).toEqual([name, value])
  })

  it('declares every output main.ts sets', () => {
    for (const name of set) expect(Object.keys(action.outputs)).toContain(name)
  })

  it('is documented: the README names every input and output', () => {
    const readme = text('README.md')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect([name, readme.includes(`\`${name}\``)]).toEqual([name, true])
  })
})

describe('the workflows', () => {
  const files = [
    ...readdirSync(path.join(ROOT, '.github', 'workflows')).map((f) => path.join('.github', 'workflows', f)),
    ...readdirSync(path.join(ROOT, 'docs', 'workflows')).map((f) => path.join('docs', 'workflows', f))
  ]
  type Step = { uses?: string; with?: Record<string, unknown> }
  const steps = (f: string): Step[] => {
    const wf = parseDocument(text(f)).toJS() as { jobs: Record<string, { steps: Step[] }> }
    return Object.values(wf.jobs).flatMap((j) => j.steps)
  }

  it('parse, and every model-gate step uses declared inputs only', () => {
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const f of files) {
      expect([f, parseDocument(text(f)).errors.length]).toEqual([f, 0])
      for (const step of steps(f).filter((s) => s.uses === './' || s.uses?.startsWith('model-gate/model-gate@'))) {
        for (const input of Object.keys(step.with ?? {})) expect([f, input, input in action.inputs]).toEqual([f, input, true])
      }
    }
  })

  it('the end-to-end workflow runs the Action on fixtures that exist', () => {
    const own = steps('.github/workflows/e2e.yml').filter((s) => s.uses === './')
    expect(own.length).toBeGreaterThanOrEqual(3)
    for (const s of own) for (const key of ['model', 'test-data']) expect(existsSync(path.join(ROOT, String(s.with![key])))).toBe(true)
  })

  it('promotion workflows serialise promotions and keep least privilege', () => {
    for (const f of ['docs/workflows/merge-to-main.yml', 'docs/workflows/manual-promotion.yml', 'docs/workflows/register-and-promote-aliases.yml', 'docs/workflows/sharded-evaluation.yml']) {
      const wf = parseDocument(text(f)).toJS() as { concurrency: { group: string; 'cancel-in-progress': boolean }; permissions: Record<string, string> }
      expect(wf.concurrency).toEqual({ group: 'model-gate-promote-classifier', 'cancel-in-progress': false })
      expect(wf.permissions.contents).toBe('read')
    }
  })
})
