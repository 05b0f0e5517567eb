/**
 * JSON Lines test sets, read a line at a time: one record per line with the label under
 * label-column and the features either as one (nested) array — under input-key or `features` — or as
 * named numeric keys (feature-columns, or every numeric key but the label, in the first record's order).
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { DataError } from '../errors.js'
import { BatchBuilder } from './batch.js'
import { sha256File } from './hash.js'
import type { Batch, RawLabel, TestSet } from './types.js'

export interface JsonlOptions {
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
  readonly inputKey: string
}

type Layout = { readonly kind: 'array'; readonly key: string; readonly shape: number[] } | { readonly kind: 'keys'; readonly keys: readonly string[] }

function shapeOf(v: unknown): number[] | undefined {
  if (typeof v === 'number') return []
  if (!Array.isArray(v) || v.length === 0) return undefined
  const inner = shapeOf(v[0])
  return inner === undefined ? undefined : [v.length, ...inner]
}

function flatten(v: unknown, out: Float32Array, at: number): number {
  if (Array.isArray(v)) {
    for (const x of v) at = flatten(x, out, at)
    return at
  }
  if (at >= out.length) return at + 1
  out[at] = typeof v === 'number' ? v : v === null ? NaN : Number.NaN
  return at + 1
}

async function firstRecord(file: string): Promise<Record<string, unknown>> {
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`test-data: cannot open ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); check the path, relative to the workspace`, 'test-data')
  })
  try {
    const lines = handle.readLines()
    for await (const line of lines) {
      if (line.trim() === '') continue
      lines.close()
      return parseLine(line, file, 1)
    }
  } finally {
    await handle.close().catch(() => {})
  }
  throw new DataError(`test-data: ${file} has no records; write one JSON object per line`, 'test-data')
}

function parseLine(line: string, file: string, n: number): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch (e) {
    throw new DataError(`test-data: ${file} line ${n} is not valid JSON (${(e as Error).message}); write one JSON object per line`, 'test-data')
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DataError(`test-data: ${file} line ${n} is not a JSON object`, 'test-data')
  return v as Record<string, unknown>
}

export async function openJsonl(file: string, options: JsonlOptions): Promise<TestSet> {
  const first = await firstRecord(file)
  const label = options.labelColumn
  if (!(label in first)) {
    throw new DataError(`test-data: ${file} records have no key '${label}' (label-column); the first has: ${Object.keys(first).join(', ')}`, 'label-column')
  }
  let layout: Layout
  if (options.featureColumns) {
    for (const k of options.featureColumns) {
      if (!(k in first)) throw new DataError(`test-data: ${file} records have no key '${k}' (feature-columns); the first has: ${Object.keys(first).join(', ')}`, 'feature-columns')
    }
    layout = { kind: 'keys', keys: options.featureColumns }
  } else {
    const key = [options.inputKey, 'features'].find((k) => Array.isArray(first[k]))
    const shape = key !== undefined ? shapeOf(first[key]) : undefined
    if (key !== undefined && shape) layout = { kind: 'array', key, shape }
    else {
      const keys = Object.keys(first).filter((k) => k !== label && typeof first[k] === 'number')
      if (keys.length === 0) throw new DataError(`test-data: ${file} records have no numeric features: give an array under '${options.inputKey}' or 'features', or numeric keys`, 'test-data')
      layout = { kind: 'keys', keys }
    }
  }
  const size = layout.kind === 'array' ? layout.shape.reduce((a, b) => a * b, 1) : layout.keys.length

  return {
    path: file,
    sampleShape: layout.kind === 'array' ? layout.shape : [size],
    size: undefined,
    classNames: undefined,
    sha256: () => sha256File(file),
    async *batches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(size, batchSize, file)
      const row = new Float32Array(size)
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
      let n = 0
      try {
        for await (const line of lines) {
          n++
          if (line.trim() === '') continue
          const rec = parseLine(line, file, n)
          if (layout.kind === 'array') {
            const got = flatten(rec[layout.key], row, 0)
            if (got !== size) throw new DataError(`test-data: ${file} line ${n} has ${got} values under '${layout.key}', the first record ${size}; every record needs the same shape`, 'test-data')
          } else {
            layout.keys.forEach((k, j) => {
              const v = rec[k]
              if (typeof v !== 'number') throw new DataError(`test-data: ${file} line ${n}, key '${k}' is ${v === undefined ? 'missing' : JSON.stringify(v)}, not a number`, 'test-data')
              row[j] = v
            })
          }
          const raw = rec[label]
          if (typeof raw !== 'number' && typeof raw !== 'string') throw new DataError(`test-data: ${file} line ${n} has no label '${label}' (label-column)`, 'label-column')
          builder.push(row, raw as RawLabel)
          if (builder.full) yield builder.take()!
        }
      } finally {
        lines.close()
      }
      const last = builder.take()
      if (last) yield last
    }
  }
}
