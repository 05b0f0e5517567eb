import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openTestSet, type TestSetOptions } from '../src/data/index.js'
import { DataError } from '../src/errors.js'
import { ROOT } from './helpers/run-dist.js'

const dir = mkdtempSync(path.join(tmpdir(), 'jsonl-test-'))
const base: TestSetOptions = { testData: '', labels: undefined, inputKey: 'x', labelKey: 'y', labelColumn: 'label', featureColumns: undefined, classNames: undefined }
const IRIS = ['setosa', 'versicolor', 'virginica']

async function collect(options: Partial<TestSetOptions>, batchSize = 7) {
  const set = await openTestSet({ ...base, ...options })
  const features: number[] = []
  const labels: number[] = []
  for await (const b of set.batches(batchSize)) {
    features.push(...b.features)
    labels.push(...b.labels)
  }
  return { set, features, labels }
}

function file(name: string, content: string): string {
  const f = path.join(dir, name)
  writeFileSync(f, content)
  return f
}

describe('jsonl', () => {
  it('named keys and a features array read the same samples as the CSV they came from', async () => {
    const featureColumns = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']
    const csv = await collect({ testData: path.join(ROOT, 'fixtures/classify/iris-test.csv'), labelColumn: 'species', featureColumns, classNames: IRIS })
    const keys = await collect({ testData: path.join(ROOT, 'fixtures/images/iris-keys.jsonl'), labelColumn: 'species', classNames: IRIS })
    const arr = await collect({ testData: path.join(ROOT, 'fixtures/images/iris-features.jsonl'), classNames: IRIS })
    expect(csv.labels).toHaveLength(60)
    expect(keys.features).toEqual(csv.features)
    expect(keys.labels).toEqual(csv.labels)
    expect(arr.features).toEqual(csv.features)
    expect(arr.labels).toEqual(csv.labels)
    expect(keys.set.sampleShape).toEqual([4])
  })

  it('keeps the shape of nested feature arrays and skips blank lines', async () => {
    const f = file('nested.jsonl', '{"features": [[[1, 2], [3, 4]]], "label": 1}\n\n{"features": [[[5, 6], [7, 8]]], "label": 0}\n')
    const r = await collect({ testData: f })
    expect(r.set.sampleShape).toEqual([1, 2, 2])
    expect(r.features).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(r.labels).toEqual([1, 0])
  })

  it('names the line of bad JSON, a missing key, a non-number and a shape change', async () => {
    const cases: [string, RegExp][] = [
      ['{"a": 1, "label": 0}\n{"a": 1, "label": 0\n', /line 2 is not valid JSON/],
      ['{"a": 1, "label": 0}\n{"b": 1, "label": 0}\n', /line 2 has no key 'a'/],
      ['{"a": 1, "label": 0}\n{"a": "x", "label": 0}\n', /line 2, key 'a' holds "x", not a number/],
      ['{"features": [1, 2], "label": 0}\n{"features": [1], "label": 0}\n', /line 2 has 1 feature values where the first record has 2/],
      ['{"a": 1, "label": 0}\n{"a": 2}\n', /line 2 has no key 'label'/],
      ['[1, 2]\n', /line 1 is not a JSON object/]
    ]
    for (const [i, [text, message]] of cases.entries()) {
      const err = await collect({ testData: file(`bad${i}.jsonl`, text) }).catch((e) => e)
      expect(err).toBeInstanceOf(DataError)
      expect((err as Error).message).toMatch(message)
    }
  })

  it('a missing label key is an error naming label-column', async () => {
    const err = await collect({ testData: file('nolabel.jsonl', '{"a": 1, "y": 0}\n') }).catch((e) => e)
    expect(err).toMatchObject({ input: 'label-column' })
    expect((err as Error).message).toMatch(/no key 'label' \(label-column\); its keys are: a, y/)
  })
})
