/** A metrics.json document computed by the real accumulators from synthetic scores, for report tests. */
import type { Verdict } from '../../src/gate/decide.js'
import { finalizeClassification, initClassification, updateClassification } from '../../src/metrics/classification.js'
import { finalizeSamples, initSamples, updateSamples, type Samples } from '../../src/metrics/samples.js'
import { metricsDocument, type MetricsDocument } from '../../src/report/metrics-json.js'

/** n samples over k classes; sample i has label i % k and is predicted right unless wrong(i). */
export function syntheticEvaluation(
  n: number,
  k: number,
  wrong: (i: number) => boolean,
  options: { classNames?: string[]; verdict?: Verdict; extra?: Record<string, unknown>; modelUri?: string } = {}
): { document: MetricsDocument; samples: Samples } {
  const scores = new Float64Array(n * k)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = i % k
    const predicted = wrong(i) ? (i + 1) % k : i % k
    for (let j = 0; j < k; j++) scores[i * k + j] = j === predicted ? 2 + (i % 3) : 0
  }
  const state = initClassification(k, 'logits')
  updateClassification(state, { scores, labels, size: n, offset: 0 })
  const samples = updateSamples(initSamples(n), scores, labels, n, k, 'logits')
  const metrics = finalizeClassification(state, options.classNames)
  const document = metricsDocument(
    {
      model: { uri: options.modelUri ?? 'models/candidate.onnx', sha256: '0'.repeat(64), input: 'x', output: 'logits', output_kind: 'logits' },
      metrics,
      samples: finalizeSamples(samples),
      runtime: { device: 'cpu', provider: 'cpu', batch_size: 64, seconds: 0.5, samples_per_second: n / 0.5 }
    },
    { path: 'data/test.npz', sha256: '1'.repeat(64) },
    options.verdict ?? { passed: true, checks: [{ metric: 'accuracy', op: '>=', threshold: 0.5, value: metrics.accuracy, passed: metrics.accuracy >= 0.5 }] },
    options.extra
  )
  return { document, samples: finalizeSamples(samples) }
}
