// One run of a built Action for the benchmarks: node <build> with quiet inputs (CPU, no upload,
// comment or promotion), its peak RSS noted by bench-rss.mjs and, if asked, the moment of its first
// session.run by bench-first-run.mjs. Shared by bench.mjs, bench-images.mjs, bench-npz-rss.mjs and
// bench-rss-formats.mjs, which each built this environment and spawned the process themselves.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const scripts = path.dirname(fileURLToPath(import.meta.url))

/**
 * @param {{ build: string, tmp: string, inputs: Record<string, string>, env?: Record<string, string>, firstRun?: boolean }} run
 *   build: the dist/index.js to run; inputs: Action inputs by name (model, test-data, batch-size, …);
 *   env: more environment (test hooks); firstRun: also note when the first session.run starts
 * @returns {Promise<{ metrics: any, rssMiB: number, seconds: number, firstRun: number | undefined }>}
 */
export function runAction({ build, tmp, inputs, env: extra = {}, firstRun = false }) {
  const out = path.join(tmp, 'report')
  const env = {
    PATH: process.env.PATH,
    INPUT_DEVICE: 'cpu',
    'INPUT_OUTPUT-DIR': out,
    'INPUT_UPLOAD-ARTIFACT': 'false',
    INPUT_COMMENT: 'false',
    INPUT_PROMOTE: 'false',
    GITHUB_OUTPUT: path.join(tmp, 'out'),
    GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
    BENCH_RSS_FILE: path.join(tmp, 'rss'),
    ...(firstRun ? { BENCH_FIRST_RUN_FILE: path.join(tmp, 'first-run') } : {}),
    ...extra
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  const preload = ['--import', path.join(scripts, 'bench-rss.mjs'), ...(firstRun ? ['--import', path.join(scripts, 'bench-first-run.mjs')] : [])]
  const t0 = process.hrtime.bigint()
  const child = spawn(process.execPath, [...preload, build], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9
      if (code !== 0) return reject(new Error(`${build} exited ${code}:\n${log.slice(-2000)}`))
      resolve({
        metrics: JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')),
        rssMiB: Number(readFileSync(env.BENCH_RSS_FILE, 'utf8')) / 1024,
        seconds,
        firstRun: firstRun ? JSON.parse(readFileSync(env.BENCH_FIRST_RUN_FILE, 'utf8')).firstRun : undefined
      })
    })
  )
}
