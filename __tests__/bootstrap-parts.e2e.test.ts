/**
 * The fused bootstrap split over worker threads (dist/bootstrap-worker.js) gives the intervals and
 * the paired comparison one thread gives, bit for bit: through dist/, a run with a baseline model
 * and a significance threshold, in 1, 2 and 3 parts, and with workers that fail (the main thread
 * then runs their parts).
 */
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { ROOT, runDist, type DistRun } from './helpers/run-dist.js'

const STATS = path.join(ROOT, 'fixtures', 'stats')
const inputs = {
  model: path.join(STATS, 'digits-a.onnx'),
  'test-data': path.join(STATS, 'digits-test.npz'),
  baseline: path.join(STATS, 'digits-b.onnx'),
  thresholds: 'accuracy: 0.5\naccuracy_vs_baseline: { max_drop: 0.05, significance: 0.05 }',
  comment: 'false',
  'upload-artifact': 'false'
}

/** metrics.json but where and when it ran. */
function numbers(run: DistRun): unknown {
  expect(run.errors).toEqual([])
  expect(run.code).toBe(0)
  const { runtime, provenance, ...rest } = run.metrics()
  void runtime
  void provenance
  return rest
}

describe('bootstrap in parts', () => {
  it('1, 2 and 3 parts, and failing workers, give the same metrics.json', async () => {
    const one = await runDist(inputs, { env: { MODEL_GATE_TEST_BOOTSTRAP_PARTS: '1' } })
    const whole = numbers(one) as { confidence_intervals: { metrics: Record<string, { low: number; high: number }> }; comparison: unknown }
    // the runs below must have something to agree on: intervals and the paired comparison
    expect(whole.confidence_intervals.metrics.accuracy!.low).toBeLessThan(whole.confidence_intervals.metrics.accuracy!.high)
    expect(JSON.stringify(whole.comparison)).toContain('bootstrap')
    expect(one.stdout).not.toContain('bootstrap:')
    // the model's intervals and the paired comparison each run in parts
    for (const [env, said] of [
      [{ MODEL_GATE_TEST_BOOTSTRAP_PARTS: '2' }, 'bootstrap: 2 of 4 parts ran on worker threads'],
      [{ MODEL_GATE_TEST_BOOTSTRAP_PARTS: '3' }, 'bootstrap: 4 of 6 parts ran on worker threads'],
      [{ MODEL_GATE_TEST_BOOTSTRAP_PARTS: '3', MODEL_GATE_TEST_BOOTSTRAP_FAIL: '1' }, 'bootstrap: 0 of 6 parts ran on worker threads']
    ] as const) {
      const run = await runDist(inputs, { env })
      expect(numbers(run)).toEqual(whole)
      expect(run.stdout).toContain(said)
    }
  }, 120_000)
})
