#!/usr/bin/env node
// `npm run demo`: runs the committed dist/index.js -- the Action's main job, exactly as GitHub runs
// it -- on a bundled fixture model and test set, with inputs passed as INPUT_* variables and outputs
// collected from GITHUB_OUTPUT. No registry and no GitHub API are involved.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(path.join(tmpdir(), 'model-gate-demo-'))
const outputs = path.join(tmp, 'outputs')
const summary = path.join(tmp, 'summary.md')
writeFileSync(outputs, '')
writeFileSync(summary, '')

const inputs = {
  model: 'fixtures/classify/digits-cnn.onnx',
  'test-data': 'fixtures/classify/digits-test.npz',
  thresholds: 'accuracy: ">= 0.80"\nmacro_f1: 0.80\nloss: "<= 0.6"\nmin_class_f1: ">= 0.5"',
  'output-dir': path.join(root, 'model-gate-report'),
  'upload-artifact': 'false',
  comment: 'false',
  promote: 'false',
  ...Object.fromEntries(process.argv.slice(2).map((a) => a.split(/=(.*)/s).slice(0, 2)))
}
const env = { ...process.env, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: tmp }
for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v

console.log(`$ node dist/index.js   (inputs: ${Object.keys(inputs).join(', ')})\n`)
const run = spawnSync(process.execPath, [path.join(root, 'dist', 'index.js')], { cwd: root, env, stdio: 'inherit' })
console.log('\n--- step outputs ---')
console.log(readFileSync(outputs, 'utf8').replace(/^(.+)<<(.+)\n([\s\S]*?)\n\2$/gm, '$1=$3'))
console.log(`--- reports in ${inputs['output-dir']} (metrics.json, report.md); job summary was ${readFileSync(summary).length} bytes ---`)
process.exit(run.status ?? 1)
