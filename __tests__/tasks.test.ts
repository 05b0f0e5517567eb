/**
 * The task seam: readers hand the label column over as the file holds it, and each task decides
 * what a label means; regression's pictures and residual list are made from its per-sample outcomes.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openTestSet, type TestSetOptions } from '../src/data/index.js'
import type { RawLabel } from '../src/data/types.js'
import { TASKS } from '../src/tasks/index.js'
import { predictedVsTrueChart, residualChart, residualsCsv } from '../src/tasks/regression/report.js'
import { npy, writeNpz } from './helpers/npy.js'

const dir = mkdtempSync(path.join(tmpdir(), 'tasks-test-'))
const base: TestSetOptions = { testData: '', labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined }

async function labelsOf(file: string, content: string | Uint8Array, options: Partial<TestSetOptions> = {}): Promise<RawLabel[]> {
  const f = path.join(dir, file)
  writeFileSync(f, content)
  const set = await openTestSet({ ...base, ...options, testData: f })
  const out: RawLabel[] = []
  for await (const b of set.batches(2)) out.push(...b.labels)
  return out
}

describe('readers hand over the label column as stored', () => {
  it('CSV as text, JSONL as JSON has it, arrays as numbers or text', async () => {
    expect(await labelsOf('a.csv', 'f,label\n1,0\n2,2.5\n3,cat\n')).toEqual(['0', '2.5', 'cat'])
    expect(await labelsOf('a.jsonl', '{"f": 1, "label": 1}\n{"f": 2, "label": "dog"}\n{"f": 3, "label": -0.5}\n')).toEqual([1, 'dog', -0.5])
    const x = npy(Float32Array.from([1, 2, 3]), [3, 1])
    const npz = path.join(dir, 'a.npz')
    writeNpz(npz, { x, y: npy(Float64Array.from([151, 75.5, -3]), [3]) })
    const set = await openTestSet({ ...base, testData: npz })
    const got: RawLabel[] = []
    for await (const b of set.batches(2)) got.push(...b.labels)
    expect(got).toEqual([151, 75.5, -3])
    // the same column means a class index to one task and a target to another: no reader decides
    expect(TASKS.map((t) => t.name)).toEqual(['classification', 'regression'])
  })
})

describe("regression's report", () => {
  const target = Float64Array.from({ length: 40 }, (_, i) => i)
  const predicted = Float64Array.from(target, (t, i) => t + (i % 2 === 0 ? 1 : -1) * (i === 7 ? 10 : 1))
  const samples = { target, predicted }

  it('predicted vs true: 20 equal groups by true value, mean true as bars, mean prediction as a line', () => {
    const chart = predictedVsTrueChart(samples)
    expect(chart.split('\n')[0]).toBe('```mermaid')
    expect(chart).toContain('xychart-beta')
    const bars = /bar \[(.*)\]/.exec(chart)![1]!.split(', ').map(Number)
    const line = /line \[(.*)\]/.exec(chart)![1]!.split(', ').map(Number)
    expect(bars).toHaveLength(20)
    // groups of 2 consecutive targets: means 0.5, 2.5, …
    expect(bars.slice(0, 3)).toEqual([0.5, 2.5, 4.5])
    // sample 6 is +1, sample 7 is −10: group 4's mean prediction is (7 + −3) / 2
    expect(line[3]).toBe(2)
  })

  it('residuals: a histogram whose counts add up to the samples', () => {
    const chart = residualChart(samples)
    const counts = /bar \[(.*)\]/.exec(chart)![1]!.split(', ').map(Number)
    expect(counts).toHaveLength(15)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40)
    // one sample at −10, the others at ±1: the lowest bin holds it alone
    expect(counts[0]).toBe(1)
  })

  it('residuals.csv: every sample, the worst first', () => {
    const rows = residualsCsv(samples).trim().split('\n')
    expect(rows[0]).toBe('index,true,predicted,residual')
    expect(rows).toHaveLength(41)
    expect(rows[1]).toBe('7,7,-3,-10')
  })

  it('a constant prediction of a constant target still draws', () => {
    const flat = { target: Float64Array.from([5, 5, 5]), predicted: Float64Array.from([5, 5, 5]) }
    expect(residualChart(flat)).toContain('bar [3]')
    expect(predictedVsTrueChart(flat)).toMatch(/y-axis "value" 4\.75 --> 5\.25/)
  })
})
