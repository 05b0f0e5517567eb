/**
 * The shape of the code: no import cycle anywhere under src/, and no import upwards through the
 * layers (data, model, metrics, gate know nothing of tasks, reports, the registry or the pipeline).
 * The import graph comes from the TypeScript compiler's own pre-processor, type-only imports included.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { ROOT } from './helpers/run-dist.js'

const SRC = path.join(ROOT, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** src-relative file → the src-relative files it imports. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const f of files) {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true)
    const deps = info.importedFiles
      .map((i) => i.fileName)
      .filter((n) => n.startsWith('.'))
      .map((n) => path.relative(SRC, path.resolve(path.dirname(f), n.replace(/\.js$/, '.ts'))))
    graph.set(path.relative(SRC, f), deps)
  }
  return graph
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
}

/**
 * Layers, lowest first: a file may import its own layer and those below, never above. The layer of
 * a file is that of its top folder under src/ (or of the file itself at the top); a few leaf files
 * that import nothing of the project but errors sit low, named by path.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'log.ts', 'files.ts', 'wasm.ts', 'registry/uri.ts', 'report/format.ts'],
  ['data', 'metrics', 'gate'],
  ['inputs.ts', 'model', 'cuda'],
  ['engine.ts', 'report', 'github', 'registry'],
  ['tasks', 'shard'],
  ['baseline.ts', 'provenance.ts', 'pipeline.ts'],
  ['main.ts', 'cli.ts', 'index.ts']
]

function layer(file: string): number {
  const top = file.split(path.sep)[0]!
  const exact = LAYERS.findIndex((l) => l.includes(file.split(path.sep).join('/')))
  const i = exact >= 0 ? exact : LAYERS.findIndex((l) => l.includes(top))
  if (i < 0) throw new Error(`src/${file} is in no layer of __tests__/imports.test.ts: add its folder to LAYERS`)
  return i
}

describe('imports under src/', () => {
  const graph = importGraph(sources(SRC))

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(50)
    expect(graph.get('pipeline.ts')).toContain(path.join('tasks', 'index.ts'))
  })

  it('form no cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('never go up a layer', () => {
    const upward: string[] = []
    for (const [file, deps] of graph) for (const d of deps) if (layer(d) > layer(file)) upward.push(`${file} -> ${d}`)
    expect(upward).toEqual([])
  })

  it('the cycle finder finds cycles (the two this repository had)', () => {
    const had = new Map([
      ['gate/decide.ts', ['metrics/paired.ts']],
      ['metrics/paired.ts', ['metrics/bootstrap.ts']],
      ['metrics/bootstrap.ts', ['metrics/lookup.ts']],
      ['metrics/lookup.ts', ['gate/decide.ts']],
      ['pipeline.ts', ['regression/pipeline.ts', 'errors.ts']],
      ['regression/pipeline.ts', ['pipeline.ts']],
      ['errors.ts', []]
    ])
    expect(cycles(had)).toEqual([
      ['gate/decide.ts', 'metrics/bootstrap.ts', 'metrics/lookup.ts', 'metrics/paired.ts'],
      ['pipeline.ts', 'regression/pipeline.ts']
    ])
  })
})
