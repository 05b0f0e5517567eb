/**
 * Runs the built Action (dist/index.js) in a child process, as GitHub does: inputs as INPUT_*
 * variables, outputs through GITHUB_OUTPUT. Real onnxruntime never loads inside Jest's sandbox.
 */
import { expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname ?? '.', '..', '..')
export const SHARED = path.resolve(ROOT, '..', 'shared')

export interface DistRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly outDir: string
  readonly summary: string
  /** The ::error:: lines printed. */
  readonly errors: string[]
  /** Killed after options.timeoutMs. */
  readonly timedOut: boolean
  /** Peak resident set size of the child (VmHWM, KiB) when options.measureRss is set. */
  readonly peakRssKiB: number | undefined
  metrics(): any
}

export function tempDir(prefix = 'model-gate-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    out[m[1]!] = value.join('\n')
  }
  return out
}

export async function runDist(
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; script?: string; cwd?: string; timeoutMs?: number; measureRss?: boolean } = {}
): Promise<DistRun> {
  const dir = tempDir()
  const outDir = inputs['output-dir'] ?? path.join(dir, 'report')
  const outputFile = path.join(dir, 'github-output')
  const summaryFile = path.join(dir, 'step-summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [k, v] of Object.entries({ 'output-dir': outDir, ...inputs })) env[`INPUT_${k.toUpperCase()}`] = v
  const script = options.script ?? path.join(ROOT, 'dist', 'index.js')
  const rssFile = path.join(dir, 'peak-rss')
  if (options.measureRss) env.BENCH_RSS_FILE = rssFile
  const args = options.measureRss ? ['--import', path.join(ROOT, 'scripts', 'bench-rss.mjs'), script] : [script]
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env })
  let stdout = ''
  let stderr = ''
  let timedOut = false
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), options.timeoutMs)
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1)))
  clearTimeout(timer)
  return {
    code,
    stdout,
    stderr,
    outDir,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors: stdout.split('\n').filter((l) => l.startsWith('::error')),
    timedOut,
    peakRssKiB: options.measureRss && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined,
    metrics() {
      const f = path.join(outDir, 'metrics.json')
      if (!existsSync(f)) throw new Error(`no metrics.json in ${outDir}; stdout:\n${stdout}\nstderr:\n${stderr}`)
      return JSON.parse(readFileSync(f, 'utf8'))
    }
  }
}

/** The run failed with exactly one ::error:: line matching `pattern`, and no stack trace anywhere. */
export function expectOneError(run: DistRun, pattern: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.errors).toHaveLength(1)
  expect(run.errors[0]).toMatch(pattern)
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

/** Bad input refused: one clear error (expectOneError), and the gate never reported as passed. */
export function expectRefused(run: DistRun, pattern: RegExp): void {
  expectOneError(run, pattern)
  expect(run.outputs.passed).not.toBe('true')
}
