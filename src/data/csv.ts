/**
 * CSV test sets with a header row, parsed streaming with csv-parse: one batch in memory at a time.
 * The label column is handed over as written (class indices, names or targets); every other
 * column is a feature unless feature-columns lists them.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { DataError } from '../errors.js'
import { BatchBuilder } from './batch.js'
import { sha256File } from './hash.js'
import type { Batch, TestSet } from './types.js'

export interface CsvOptions {
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
}

export async function openCsv(file: string, options: CsvOptions): Promise<TestSet> {
  const header = await readHeader(file)
  const labelIndex = header.indexOf(options.labelColumn)
  if (labelIndex < 0) {
    throw new DataError(`test-data: ${file} has no column '${options.labelColumn}' (label-column); its columns are: ${header.join(', ')}`, 'label-column')
  }
  const featureNames = options.featureColumns ?? header.filter((_, i) => i !== labelIndex)
  const featureIndex = featureNames.map((name) => {
    const i = header.indexOf(name)
    if (i < 0) throw new DataError(`test-data: ${file} has no column '${name}' (feature-columns); its columns are: ${header.join(', ')}`, 'feature-columns')
    return i
  })
  if (featureIndex.length === 0) throw new DataError(`test-data: ${file} has no feature column besides '${options.labelColumn}'`, 'test-data')

  return {
    path: file,
    sampleShape: [featureIndex.length],
    size: undefined,
    classNames: undefined,
    sha256: () => sha256File(file),
    async *batches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(featureIndex.length, batchSize, file)
      const row = new Float32Array(featureIndex.length)
      const parser = createReadStream(file).pipe(
        parse({ bom: true, from_line: 2, skip_empty_lines: true, relax_column_count: false, trim: true })
      )
      let sample = 0
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          const line = sample + 2
          for (let j = 0; j < featureIndex.length; j++) {
            const text = record[featureIndex[j]!]!
            const v = text === '' ? NaN : Number(text)
            if (Number.isNaN(v) && !/^nan$/i.test(text)) {
              throw new DataError(
                `test-data: ${file} line ${line}, column '${featureNames[j]}' holds '${text}', not a number; fix the value or leave the column out with feature-columns`,
                'test-data'
              )
            }
            row[j] = v
          }
          builder.push(row, record[labelIndex]!)
          sample++
          if (builder.full) yield builder.take()!
        }
      } catch (e) {
        if (e instanceof DataError) throw e
        throw new DataError(`test-data: ${file} is not valid CSV (${(e as Error).message})`, 'test-data')
      }
      const last = builder.take()
      if (last) yield last
    }
  }
}

async function readHeader(file: string): Promise<string[]> {
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`test-data: cannot open ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); check the path, relative to the workspace`, 'test-data')
  })
  try {
    const buf = Buffer.alloc(1 << 16)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    const text = buf.subarray(0, bytesRead).toString('utf8')
    const firstLine = text.split(/\r?\n/)[0] ?? ''
    if (firstLine.trim() === '') throw new DataError(`test-data: ${file} is empty or has no header row; the first line must name the columns`, 'test-data')
    const [header] = parseSync(firstLine, { bom: true, trim: true }) as string[][]
    return header ?? []
  } finally {
    await handle.close()
  }
}
