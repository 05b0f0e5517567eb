/**
 * Start-up: what a run loads before its first session.run is what dist/index.js and dist/cli.js
 * import statically. The artifact client, Octokit, each undici copy and sharp must stay behind
 * dynamic import() (loaded when a run uploads, comments, calls the registry or reads images), or
 * every small gate pays for parsing megabytes of JavaScript it never runs.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './helpers/run-dist.js'

const DIST = path.join(ROOT, 'dist')

/** Chunks reached by static `import … from './x.js'` from an entry, the entry included. */
function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  const code = readFileSync(path.join(DIST, entry), 'utf8')
  for (const m of code.matchAll(/^import\s[^;]*?from\s+'\.\/([\w-]+\.js)';?$/gm)) staticGraph(m[1]!, seen)
  for (const m of code.matchAll(/^import\s+'\.\/([\w-]+\.js)';?$/gm)) staticGraph(m[1]!, seen)
  return seen
}

const dynamicTargets = (file: string) => [...readFileSync(path.join(DIST, file), 'utf8').matchAll(/\bimport\('\.\/([\w-]+\.js)'\)/g)].map((m) => m[1]!)

describe('start-up chunks', () => {
  for (const entry of ['index.js', 'cli.js']) {
    it(`${entry} loads none of the artifact client, Octokit, undici or sharp before it needs them`, () => {
      const loaded = [...staticGraph(entry)]
      // the test-set readers too: each run loads its own format's (data/index.ts)
      for (const heavy of ['artifact.js', 'github.js', 'undici.js', 'undici-github.js', 'undici-http-client.js', 'http-client.js', 'sharp.js', 'provision.js', 'tool-cache.js', 'tokenizers.js', 'images.js', 'csv.js', 'csv-parse.js', 'jsonl.js', 'text.js', 'arrays.js']) {
        expect(loaded).not.toContain(heavy)
      }
      const bytes = loaded.reduce((n, f) => n + readFileSync(path.join(DIST, f)).length, 0)
      // today ~0.8 MB (onnxruntime-common, yaml, the engine; ajv's compiler, the tokenizer and the
      // readers of the other formats no longer); it was 8.2 MB
      expect(bytes).toBeLessThan(900_000)
      // the thresholds schema is checked by code generated ahead of time, not compiled at start-up
      expect(loaded.some((f) => readFileSync(path.join(DIST, f), 'utf8').includes('new Ajv('))).toBe(false)
    })
  }

  it('the heavy chunks are still there, behind dynamic import()', () => {
    const dynamic = new Set(readdirSync(DIST).filter((f) => f.endsWith('.js')).flatMap(dynamicTargets))
    for (const chunk of ['artifact.js', 'github.js', 'undici.js', 'sharp.js', 'provision.js', 'tokenizers.js', 'images.js', 'csv.js', 'jsonl.js', 'text.js', 'arrays.js']) expect(dynamic).toContain(chunk)
  })
})
