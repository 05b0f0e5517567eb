// docs/report-pass.png and docs/report-fail.png: the job summary of a passing and a failing gate with
// a baseline, from dist/ on the bundled fixtures, rendered in headless Chromium as GitHub shows it.
//   npm run screenshots
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cases = {
  pass: { model: 'digits-a.onnx', baseline: 'digits-b.onnx', thresholds: 'accuracy: ">= 0.9"\nloss: "<= 0.35"\naccuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }' },
  fail: { model: 'digits-weak.onnx', baseline: 'digits-a.onnx', thresholds: 'accuracy: ">= 0.9"\naccuracy_vs_baseline: { max_drop: 0.005, significance: 0.05 }' }
}
for (const [name, c] of Object.entries(cases)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'model-gate-shot-'))
  const summary = path.join(dir, 'summary.md')
  writeFileSync(summary, '')
  const env = {
    PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: path.join(dir, 'out'),
    INPUT_MODEL: `fixtures/stats/${c.model}`, 'INPUT_TEST-DATA': 'fixtures/stats/digits-test.npz', INPUT_BASELINE: `fixtures/stats/${c.baseline}`,
    INPUT_THRESHOLDS: c.thresholds, 'INPUT_OUTPUT-DIR': path.join(dir, 'report'),
    GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: 'b0a7000000000000000000000000000000000000', GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '99', GITHUB_SERVER_URL: 'https://github.com'
  }
  spawnSync(process.execPath, [path.join(ROOT, 'dist', 'index.js')], { cwd: ROOT, env, stdio: 'ignore' })
  const out = path.join(ROOT, 'docs', `report-${name}.png`)
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'render-report.mjs'), '--screenshot', out, summary], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  console.log(`${out}: ${r.stdout.trim()}`)
}
