/** The report Markdown (comment, summary, report.md), the SVG matrix and the misclassified CSV. */
import { describe, expect, it } from '@jest/globals'
import { parse } from 'csv-parse/sync'
import { confusionMatrixSvg } from '../src/report/confusion-svg.js'
import { commentMarker, delta, modelName, renderReport, worstConfusions } from '../src/report/comment.js'
import { misclassifiedCsv } from '../src/report/misclassified.js'
import { syntheticEvaluation } from './helpers/document.js'

describe('renderReport', () => {
  it('puts the verdict first, then metrics, gate, per class, matrix, confusions, promotion, links', () => {
    const { document } = syntheticEvaluation(60, 3, (i) => i % 10 === 0)
    const text = renderReport(document, { marker: commentMarker('candidate'), runUrl: 'https://github.com/o/r/actions/runs/1', artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/9', artifactName: 'rep' })
    const lines = text.split('\n')
    expect(lines[0]).toBe('<!-- model-gate:candidate -->')
    expect(lines[1]).toBe('## model-gate: ✅ passed: `models/candidate.onnx`')
    const order = ['| accuracy |', '### Gate', '### Per class', '### Confusion matrix', '### Worst confusions', '### Promotion', '[workflow run](https://github.com/o/r/actions/runs/1)']
    const at = order.map((s) => text.indexOf(s))
    expect(at.every((x) => x > 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(text).toContain('[report artifact `rep`](https://github.com/o/r/actions/runs/1/artifacts/9)')
    // 3 classes: short tables are not folded
    expect(text).not.toContain('<details>')
  })

  it('names the failed checks under a failed verdict', () => {
    const { document } = syntheticEvaluation(20, 2, (i) => i < 15, {
      verdict: { passed: false, checks: [{ metric: 'accuracy', op: '>=', threshold: 0.9, value: 0.25, passed: false }, { metric: 'loss', op: '<=', threshold: 9, value: 1, passed: true }] }
    })
    const text = renderReport(document)
    expect(text.split('\n')[0]).toBe('## model-gate: ❌ failed: `models/candidate.onnx` (1 of 2 checks failed)')
    expect(text).toContain('Failed: `accuracy` = 0.2500.')
  })

  it('shows the change against the baseline with ▲/▼, warning on the worse direction', () => {
    const { document } = syntheticEvaluation(50, 5, (i) => i % 5 === 0, {
      extra: { baseline: { source: 'models:/m/Production', version: '3', accuracy: 0.7, loss: 0.1, macro_f1: 0.9, weighted_f1: 0.8, macro_precision: 0.8, macro_recall: 0.8 } }
    })
    const text = renderReport(document)
    expect(text).toContain(`| accuracy | 0.8000 | 0.7000 | ▲ +0.1000 |`)
    expect(text).toMatch(/\| loss \(lower is better\) \| [0-9.]+ \| 0\.1000 \| ▲ \+[0-9.]+ ⚠️ \|/)
    expect(text).toContain('Baseline: `models:/m/Production` (version 3).')
    expect(delta(0.5, 0.6, true)).toBe('▼ −0.1000')
    expect(delta(0.5, 0.6)).toBe('▼ −0.1000 ⚠️')
    expect(delta(0.5, undefined)).toBe('')
  })

  it('folds long tables into <details>', () => {
    const { document } = syntheticEvaluation(240, 12, (i) => i % 7 === 0)
    const text = renderReport(document)
    expect(text).toContain('<details><summary>12 classes (lowest F1:')
    expect(text).toContain('<details><summary>12 × 12 matrix</summary>')
  })

  it('stays under the limit by dropping detail, never the verdict, metrics, promotion or links', () => {
    const k = 400
    const { document } = syntheticEvaluation(4000, k, (i) => i % 3 === 0, { classNames: Array.from({ length: k }, (_, i) => `class-with-a-long-name-${i}`) })
    const full = renderReport(document, { limit: Infinity })
    expect(full.length).toBeGreaterThan(65536)
    const text = renderReport(document, { marker: commentMarker('m'), runUrl: 'https://github.com/o/r/actions/runs/1' })
    expect(text.length).toBeLessThanOrEqual(65000)
    expect(text.split('\n').slice(0, 2)).toEqual(['<!-- model-gate:m -->', '## model-gate: ✅ passed: `models/candidate.onnx`'])
    expect(text).toContain('### Confusion matrix\n\n_Left out to fit')
    expect(text).toContain('| accuracy |')
    expect(text).toContain('### Promotion')
    expect(text).toContain('[workflow run](https://github.com/o/r/actions/runs/1)')
  })

  it('renders a promotion block when metrics.json has one, and the reason when nothing was promoted', () => {
    const { document } = syntheticEvaluation(20, 2, () => false, { extra: {} })
    const promoted = renderReport({ ...document, promotion: { promoted: true, name: 'digits', version: '7', target: 'Production', archived: ['5'] } })
    expect(promoted).toContain('🚀 Promoted `digits` version 7 to `Production`.')
    expect(promoted).toContain('| archived | 5 |')
    const dry = renderReport({ ...document, promotion: { promoted: false, dry_run: true, would_promote: true, version: '7', target: '@champion' } })
    expect(dry).toContain('🧪 Dry run: would promote version 7 to `@champion`.')
    // the registry step's record (status, reason, target, name, version, archived, verified, …)
    const record = { status: 'promoted', reason: 'the gate passed', target: 'Production', name: 'digits', version: '7', previous: ['5'], archived: ['5'], verified: true, dry_run: false, tags: { 'model_gate.verdict': 'pass' } }
    const text = renderReport({ ...document, promotion: record })
    expect(text).toContain('🚀 Promoted `digits` version 7 to `Production` (archived version 5); verified by reading the registry back.')
    expect(text).toContain('| previous | 5 |')
    expect(renderReport({ ...document, promotion: { ...record, status: 'skipped', reason: 'never on pull_request events: promotion happens on the merge' } })).toContain(
      '⏸️ Not promoted to `Production`.\n\nnever on pull_request events: promotion happens on the merge'
    )
    expect(renderReport({ ...document, promotion: { ...record, status: 'rejected', reason: 'the gate failed' } })).toContain("⛔ Not promoted to `Production`.\n\nthe gate failed")
    expect(renderReport(document, { promotionNote: 'pull requests are evaluated only, never promoted' })).toContain('⏸️ Not promoted: pull requests are evaluated only, never promoted')
    expect(renderReport(document, { promoted: true })).toContain('🚀 Promoted.')
  })
})

describe('markers and names', () => {
  it('uses the registered model name for registry URIs, the path otherwise', () => {
    expect(modelName('models:/digits/Staging')).toBe('digits')
    expect(modelName('models:/digits@champion')).toBe('digits')
    expect(modelName('./models/a.onnx')).toBe('models/a.onnx')
    // a name cannot close the HTML comment early
    expect(commentMarker('a-->b')).toBe('<!-- model-gate:a-_b -->')
  })
})

describe('worst confusions, SVG and CSV', () => {
  it('ranks the off-diagonal cells and lists misclassified samples in test-set order', () => {
    const { document, samples } = syntheticEvaluation(30, 3, (i) => i % 3 === 0 || i === 4, { classNames: ['cat', 'dog, big', 'bird'] })
    // label i % 3 predicted as (i + 1) % 3: class 0 → 1 ten times, class 1 → 2 once (sample 4)
    expect(worstConfusions(document)).toEqual([
      { true: 'cat', predicted: 'dog, big', count: 10, share: 1 },
      { true: 'dog, big', predicted: 'bird', count: 1, share: 0.1 }
    ])
    const rows = parse(misclassifiedCsv(samples, document.classes)) as string[][]
    expect(rows[0]).toEqual(['index', 'true', 'predicted', 'confidence'])
    expect(misclassifiedCsv(samples, document.classes).split('\n')[3]).toBe(`4,"dog, big",bird,${samples.confidence[4]}`)
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ...[0, 3].map((i) => [String(i), 'cat', 'dog, big']),
      ['4', 'dog, big', 'bird'],
      ...[6, 9, 12, 15, 18, 21, 24, 27].map((i) => [String(i), 'cat', 'dog, big'])
    ])
    // the probability of the predicted class, as recorded per sample
    for (const r of rows.slice(1)) expect(Number(r[3])).toBe(samples.confidence[Number(r[0])])
    const svg = confusionMatrixSvg(document.classes, document.confusion_matrix)
    expect(svg).toContain('dog, big')
    expect(svg).toContain('<title>true cat, predicted dog, big: 10</title>')
  })

  it('keeps the SVG of a 1000-class matrix to the cells that hold samples', () => {
    const k = 1000
    const matrix = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 40 : j === (i + 1) % k ? 3 : 0)))
    const svg = confusionMatrixSvg(Array.from({ length: k }, (_, i) => `c${i}`), matrix)
    // the background, then one cell per non-zero count
    expect(svg.match(/<rect /g)).toHaveLength(2 + 2 * k)
    expect(svg.length).toBeLessThan(1_000_000)
  })
})
