/**
 * The built dist/ against scikit-learn / scipy on the fixtures of fixtures/stats (goldens from
 * make_stats.py, computed from the same models' onnxruntime outputs): probability metrics, the
 * paired comparison with a baseline model, and significance-aware baseline thresholds.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runDist, type DistRun } from './helpers/run-dist.js'

const goldens = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'stats', 'goldens.json'), 'utf8'))
const cases = goldens.cases as Record<string, { inputs: Record<string, string>; n_samples: number; [m: string]: unknown }>

function close(actual: unknown, expected: number, what: string, tol = 1e-9): void {
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${what}: got ${String(actual)}, scikit-learn/scipy says ${expected}`)
  }
}

function ok(run: DistRun): any {
  if (run.code !== 0) throw new Error(`dist exited ${run.code}\n${run.stdout}\n${run.stderr}`)
  return run.metrics()
}

describe('probability metrics from dist/ equal scikit-learn', () => {
  for (const name of ['digits-a', 'digits-b', 'digits-weak', 'cancer-probs', 'cancer-rounded']) {
    it(name, async () => {
      const g = cases[name]!
      const m = ok(await runDist({ ...g.inputs, thresholds: '"top_k_accuracy[2]": 0\nece: 1' }))
      expect(m.n_samples).toBe(g.n_samples)
      close(m.accuracy, g.accuracy as number, 'accuracy')
      for (const key of ['ece', 'brier', 'roc_auc']) close(m[key], g[key] as number, key)
      if (g.average_precision === null) expect(m.average_precision).toBeNull()
      else close(m.average_precision, g.average_precision as number, 'average_precision')
      for (const [k, v] of Object.entries(g.top_k_accuracy as Record<string, number>)) close(m.top_k_accuracy[k], v, `top_k_accuracy[${k}]`)
      // the gate saw the same numbers
      const check = m.gate.checks.find((c: { metric: string }) => c.metric === 'top_k_accuracy[2]')
      close(check.value, (g.top_k_accuracy as Record<string, number>)['2']!, 'gate top_k_accuracy[2]')
      // and the report shows intervals around the measured accuracy
      const ci = m.confidence_intervals.metrics.accuracy
      expect(ci.low).toBeLessThanOrEqual(m.accuracy)
      expect(ci.high).toBeGreaterThanOrEqual(m.accuracy)
      expect(m.confidence_intervals.resamples).toBeGreaterThanOrEqual(1000)
    })
  }
})

describe('paired comparison with a baseline model', () => {
  const thresholds = (extra = '') => `accuracy_vs_baseline: { max_drop: 0.0, significance: 0.05 }\n${extra}`

  it('a non-significant drop passes max_drop with significance, and fails without it', async () => {
    const pair = goldens.pairs['digits-b-vs-digits-a']
    const inputs = { model: cases['digits-b']!.inputs.model!, 'test-data': cases['digits-b']!.inputs['test-data']!, baseline: cases['digits-a']!.inputs.model! }
    const run = await runDist({ ...inputs, thresholds: thresholds('macro_f1_vs_baseline: { max_drop: 0.0 }') })
    const m = run.metrics()
    expect(m.comparison.mcnemar.model_only).toBe(pair.model_only)
    expect(m.comparison.mcnemar.baseline_only).toBe(pair.baseline_only)
    close(m.comparison.mcnemar.p_value, pair.p_value, 'McNemar p-value')
    close(m.comparison.paired_bootstrap.differences.accuracy.value, pair.accuracy_difference, 'accuracy difference')
    const [acc, f1] = m.gate.checks
    expect(acc).toMatchObject({ metric: 'accuracy_vs_baseline', op: 'max_drop', passed: true })
    expect(acc.significance).toMatchObject({ test: 'mcnemar', significant: false, alpha: 0.05 })
    // the same drop without significance: a point comparison, which fails
    expect(f1).toMatchObject({ metric: 'macro_f1_vs_baseline', passed: false })
    expect(m.gate.passed).toBe(false)
    expect(run.code).toBe(1)
    expect(run.summary).toContain("McNemar's exact test")
  })

  it('a significant drop fails', async () => {
    const pair = goldens.pairs['digits-weak-vs-digits-a']
    const run = await runDist({ model: cases['digits-weak']!.inputs.model!, 'test-data': cases['digits-weak']!.inputs['test-data']!, baseline: cases['digits-a']!.inputs.model!, thresholds: thresholds() })
    const m = run.metrics()
    const p = m.comparison.mcnemar.p_value
    expect(Math.abs(p - pair.p_value)).toBeLessThanOrEqual(1e-9 * pair.p_value)
    expect(m.gate.checks[0]).toMatchObject({ passed: false, significance: { test: 'mcnemar', significant: true } })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('accuracy_vs_baseline')
  })

  it('min_gain with significance promotes only a significant gain', async () => {
    const t = 'accuracy_vs_baseline: { min_gain: 0.0, significance: 0.05 }\nloss_vs_baseline: { min_gain: 0.0, significance: 0.05 }'
    // digits-a over digits-b: a gain of 6 discordant samples, not significant → fails
    const small = (await runDist({ model: cases['digits-a']!.inputs.model!, 'test-data': cases['digits-a']!.inputs['test-data']!, baseline: cases['digits-b']!.inputs.model!, thresholds: t })).metrics()
    expect(small.gate.checks[0]).toMatchObject({ passed: false, significance: { significant: false } })
    // digits-a over digits-weak: significant on both accuracy (McNemar) and loss (paired bootstrap)
    const big = (await runDist({ model: cases['digits-a']!.inputs.model!, 'test-data': cases['digits-a']!.inputs['test-data']!, baseline: cases['digits-weak']!.inputs.model!, thresholds: t })).metrics()
    expect(big.gate.checks.map((c: { passed: boolean }) => c.passed)).toEqual([true, true])
    expect(big.gate.checks[1].significance.test).toBe('paired_bootstrap')
    expect(big.gate.passed).toBe(true)
  })

  it('refuses significance against a metrics.json baseline, naming the fix', async () => {
    const first = await runDist({ ...cases['digits-a']!.inputs })
    const run = await runDist({ ...cases['digits-b']!.inputs, baseline: path.join(first.outDir, 'metrics.json'), thresholds: thresholds() })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('significance')
    expect(run.errors[0]).toContain('metrics.json')
  })
})

describe('regression models', () => {
  const mlp = cases['diabetes-mlp']!
  const weak = cases['diabetes-weak']!

  it('r2, mse, rmse, mae from dist/ equal scikit-learn, and gate on them (task auto from float targets)', async () => {
    const run = await runDist({ ...mlp.inputs, thresholds: 'r2: 0.3\nrmse: "< 70"\nmae: 100' })
    const m = ok(run)
    expect(m.task).toBe('regression')
    expect(m.n_samples).toBe(mlp.n_samples)
    for (const k of ['r2', 'mse', 'rmse', 'mae']) close(m[k], mlp[k] as number, k)
    expect(m.gate.checks.map((c: { metric: string; op: string; passed: boolean }) => [c.metric, c.op, c.passed])).toEqual([
      ['r2', '>=', true],
      ['rmse', '<', true],
      ['mae', '<=', true]
    ])
    close(m.confidence_intervals.metrics.r2.value, mlp.r2 as number, 'interval centre')
    expect(run.summary).toContain('Regression model')
  })

  it('reads float targets from a CSV too, and compares with a baseline model on the same samples', async () => {
    const run = await runDist({ ...weak.inputs, baseline: mlp.inputs.model!, thresholds: 'r2_vs_baseline: { max_drop: 0.01 }\nmse_vs_baseline: { max_drop: 0, significance: 0.05 }' })
    const m = run.metrics()
    for (const k of ['r2', 'mse', 'rmse', 'mae']) close(m[k], weak[k] as number, k)
    close(m.baseline.r2, mlp.r2 as number, 'baseline r2')
    close(m.comparison.paired_bootstrap.differences.mse.value, (weak.mse as number) - (mlp.mse as number), 'mse difference')
    const [r2, mse] = m.gate.checks
    // R² dropped by 0.05 > 0.01 without significance asked: fails on the point estimate
    expect(r2).toMatchObject({ metric: 'r2_vs_baseline', passed: false })
    expect(mse.significance.test).toBe('paired_bootstrap')
    expect(mse.passed).toBe(!mse.significance.significant)
  })

  it('a classification metric on a regression model is an error naming it', async () => {
    const run = await runDist({ ...mlp.inputs, thresholds: 'accuracy: 0.9' })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain("'accuracy'")
  })

  it('task: regression on a multi-column classifier says what to do', async () => {
    const run = await runDist({ ...cases['digits-a']!.inputs, task: 'regression' })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('one continuous output')
  })
})
