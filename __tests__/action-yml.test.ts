/**
 * action.yml is what GitHub reads before running anything: it must parse, and agree with the inputs
 * the code reads, their defaults, the outputs main.ts sets, and the README.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseDocument } from 'yaml'
import { INPUT_DEFAULTS } from '../src/inputs.js'
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
