/** dist/cli.js: the same engine and reports as the Action, exit 0/1 by the gate, 2 on errors. */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, tempDir } from './helpers/run-dist.js'

const FIX = path.join(ROOT, 'fixtures', 'classify')
const golden = JSON.parse(readFileSync(path.join(FIX, 'goldens', 'iris-csv.json'), 'utf8'))

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })))
}

const iris = ['--model', golden.inputs.model, '--test-data', golden.inputs['test-data'], '--label-column', 'species', '--class-names', golden.inputs['class-names']]

describe('model-gate evaluate', () => {
  it('prints a readable table and writes the same metrics.json as the Action', async () => {
    const out = tempDir('cli-')
    const r = await cli(['evaluate', ...iris, '--thresholds', 'accuracy: ">= 0.9"', '--output-dir', out, '--device', 'cpu'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^accuracy\s+0\.9833$/m)
    expect(r.stdout).toMatch(/^virginica\s+1\.0000\s+0\.9500\s+0\.9744\s+20$/m)
    expect(r.stdout).toMatch(/model-gate: gate passed/)
    const fromCli = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'))
    expect(fromCli.accuracy).toBe(golden.accuracy)
    const action = (await runDist({ ...golden.inputs, thresholds: 'accuracy: ">= 0.9"', device: 'cpu' })).metrics()
    for (const key of ['accuracy', 'loss', 'macro_f1', 'per_class', 'confusion_matrix', 'gate', 'classes', 'data']) expect([key, fromCli[key]]).toEqual([key, action[key]])
  })

  it('exits 1 when the gate fails, 0 with --fail-on-gate false', async () => {
    const failed = await cli(['evaluate', ...iris, '--thresholds', 'accuracy: ">= 0.99"', '--output-dir', tempDir('cli-')])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(/model-gate: gate FAILED \(accuracy\)/)
    expect((await cli(['evaluate', ...iris, '--thresholds', 'accuracy: ">= 0.99"', '--fail-on-gate', 'false', '--output-dir', tempDir('cli-')])).code).toBe(0)
  })

  it('exits 2 with one line for bad input', async () => {
    const missing = await cli(['evaluate', '--model', 'nope.onnx', '--test-data', golden.inputs['test-data'], '--label-column', 'species', '--class-names', golden.inputs['class-names'], '--output-dir', tempDir('cli-')])
    expect(missing.code).toBe(2)
    // in a terminal: --flags, and paths relative to the current folder
    expect(missing.stderr.trim().split('\n')).toEqual(['error: --model: cannot read nope.onnx (no such file); check the path, relative to the current folder'])
    const cat = await cli(['evaluate', '--model', 'fixtures/classify/digits-cnn.onnx', '--test-data', 'fixtures/classify/digits-test.npz', '--thresholds', '"f1[cat]": 0.8', '--output-dir', tempDir('cli-')])
    expect([cat.code, cat.stdout]).toEqual([2, expect.not.stringMatching(/samples on cpu/)])
    expect(cat.stderr.trim()).toBe("error: --thresholds: 'f1[cat]' names class 'cat', but the model has 10 classes, numbered 0 to 9, and no --class-names; set --class-names (the names in the model's output order) or use a class index")
    const pct = await cli(['evaluate', '--model', 'fixtures/classify/digits-cnn.onnx', '--test-data', 'fixtures/classify/digits-test.npz', '--thresholds', 'accuracy: 90'])
    expect(pct.stderr.trim()).toBe("error: --thresholds: 'accuracy' is compared with 90, but accuracy is between 0 and 1; 90 looks like a percentage: write 0.9 for 90%")
    const flag = await cli(['evaluate', '--modle', 'x'])
    expect(flag.code).toBe(2)
    expect(flag.stderr.trim()).toBe("error: Unknown option '--modle'; see model-gate --help")
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^usage: model-gate evaluate/)
  })
})
