/**
 * JSONL test sets, one JSON object a line, read streaming: one batch in memory at a time.
 * Features are a `features` array (nested arrays keep their shape, e.g. [1, 28, 28]) or named keys:
 * feature-columns, else every key of the first record but the label key, in that record's order.
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { DataError } from '../errors.js'
import { BatchBuilder } from './batch.js'
import { sha256File } from './hash.js'
import type { LabelMap } from './labels.js'
import type { Batch, RawLabel, TestSet } from './types.js'

export interface JsonlOptions {
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
}

type Extract = (record: Record<string, unknown>, row: Float32Array, line: number) => void

async function* lines(file: string): AsyncIterable<{ text: string; line: number }> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  let line = 0
  try {
    for await (const text of rl) {
      line++
      if (text.trim() !== '') yield { text, line }
    }
  } finally {
    rl.close()
  }
}

function parseLine(file: string, text: string, line: number): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new DataError(`test-data: ${file} line ${line} is not valid JSON (${(e as Error).message}); each line must be one JSON object`, 'test-data')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(`test-data: ${file} line ${line} is not a JSON object; each line must be one object with features and a label`, 'test-data')
  }
  return value as Record<string, unknown>
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = []
  let v = value
  while (Array.isArray(v)) {
    shape.push(v.length)
    v = v[0]
  }
  return shape
}

export async function openJsonl(file: string, options: JsonlOptions, labelMap: LabelMap): Promise<TestSet> {
  let first: Record<string, unknown> | undefined
  let firstLine = 0
  for await (const { text, line } of lines(file)) {
    first = parseLine(file, text, line)
    firstLine = line
    break
  }
  if (!first) throw new DataError(`test-data: ${file} holds no records; each line must be one JSON object`, 'test-data')
  const labelKey = options.labelColumn
  if (!(labelKey in first)) {
    throw new DataError(`test-data: ${file} line ${firstLine} has no key '${labelKey}' (label-column); its keys are: ${Object.keys(first).join(', ')}`, 'label-column')
  }

  let sampleShape: number[]
  let extract: Extract
  const bad = (line: number, what: string, v: unknown): never => {
    throw new DataError(`test-data: ${file} line ${line}, ${what} holds ${JSON.stringify(v)?.slice(0, 40)}, not a number; fix the value`, 'test-data')
  }
  if (options.featureColumns === undefined && Array.isArray(first.features)) {
    sampleShape = shapeOf(first.features)
    const size = sampleShape.reduce((a, b) => a * b, 1)
    extract = (record, row, line) => {
      const flat = Array.isArray(record.features) ? (record.features as unknown[]).flat(Infinity) : undefined
      if (!flat || flat.length !== size) {
        throw new DataError(
          `test-data: ${file} line ${line} has ${flat ? flat.length : 'no'} feature values where the first record has ${size} (shape [${sampleShape.join(', ')}]); every record needs the same shape`,
          'test-data'
        )
      }
      for (let j = 0; j < size; j++) {
        const v = flat[j]
        row[j] = typeof v === 'number' ? v : bad(line, `features[${j}]`, v)
      }
    }
  } else {
    const names = options.featureColumns ?? Object.keys(first).filter((k) => k !== labelKey)
    if (names.length === 0) throw new DataError(`test-data: ${file} has no feature key besides '${labelKey}'`, 'test-data')
    sampleShape = [names.length]
    extract = (record, row, line) => {
      for (let j = 0; j < names.length; j++) {
        const name = names[j]!
        if (!(name in record)) {
          throw new DataError(`test-data: ${file} line ${line} has no key '${name}'${options.featureColumns ? ' (feature-columns)' : ''}; every record needs the same keys`, 'test-data')
        }
        const v = record[name]
        row[j] = typeof v === 'number' ? v : bad(line, `key '${name}'`, v)
      }
    }
  }
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1)
  if (sampleSize === 0) throw new DataError(`test-data: ${file} line ${firstLine} has an empty features array`, 'test-data')

  return {
    path: file,
    sampleShape,
    size: undefined,
    classNames: undefined,
    sha256: () => sha256File(file),
    async *batches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(sampleSize, batchSize, file)
      const row = new Float32Array(sampleSize)
      let sample = 0
      for await (const { text, line } of lines(file)) {
        const record = parseLine(file, text, line)
        extract(record, row, line)
        const label = record[labelKey]
        if (typeof label !== 'number' && typeof label !== 'string') {
          throw new DataError(`test-data: ${file} line ${line} has ${label === undefined ? `no key '${labelKey}'` : `'${labelKey}': ${JSON.stringify(label)}`}; every record needs a class index or name there`, 'label-column')
        }
        builder.push(row, labelMap.toIndex(label as RawLabel, sample))
        sample++
        if (builder.full) yield builder.take()!
      }
      const last = builder.take()
      if (last) yield last
    }
  }
}
