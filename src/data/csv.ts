/**
 * CSV test sets with a header row, parsed streaming with csv-parse: one batch in memory at a time.
 * The label column is handed over as written (class indices, names or targets); every other
 * column is a feature unless feature-columns lists them.
 */
import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import { DataError, ModelGateError } from '../errors.js'
import { formatBytes, MAX_TEXT_BYTES, regularFile } from '../files.js'
import { BatchBuilder, listed } from './batch.js'
import { sha256File } from './hash.js'
import type { Batch, TestSet } from './types.js'

export interface CsvOptions {
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
}

/**
 * csv-parse refuses a record longer than this (the default has no limit): a file that is one endless
 * line, such as a binary file named .csv, fails here instead of growing until memory runs out.
 */
const MAX_RECORD_BYTES = MAX_TEXT_BYTES

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

export async function openCsv(file: string, options: CsvOptions): Promise<TestSet> {
  const header = await readHeader(file)
  const positions = new Map<string, number[]>()
  header.forEach((h, i) => positions.set(h, [...(positions.get(h) ?? []), i]))
  const at = (name: string): readonly number[] => positions.get(name) ?? []
  const twice = (name: string, input: string, hint: string) => {
    const p = at(name)
    if (p.length > 1) {
      throw new DataError(`test-data: ${file} has two columns named '${name}' (${input}), at positions ${p[0]! + 1} and ${p[1]! + 1}; ${hint}`, input)
    }
  }
  const labels = at(options.labelColumn)
  if (labels.length === 0) {
    throw new DataError(`test-data: ${file} has no column '${options.labelColumn}' (label-column); its columns are: ${listed(header)}`, 'label-column')
  }
  twice(options.labelColumn, 'label-column', 'rename one of them so the label is unambiguous')
  const labelIndex = labels[0]!
  let featureIndex: number[]
  let featureNames: string[]
  if (options.featureColumns) {
    featureNames = [...options.featureColumns]
    const repeated = featureNames.find((n, i) => featureNames.indexOf(n) !== i)
    if (repeated !== undefined) throw new DataError(`input 'feature-columns' lists '${repeated}' twice; list each feature column once`, 'feature-columns')
    featureIndex = featureNames.map((name) => {
      const p = at(name)
      if (p.length === 0) throw new DataError(`test-data: ${file} has no column '${name}' (feature-columns); its columns are: ${listed(header)}`, 'feature-columns')
      twice(name, 'feature-columns', 'rename one of them in the file so feature-columns can pick one')
      if (p[0] === labelIndex) throw new DataError(`input 'feature-columns' lists the label column '${name}'; leave the label out of the features`, 'feature-columns')
      return p[0]!
    })
  } else {
    featureIndex = header.flatMap((_, i) => (i === labelIndex ? [] : [i]))
    featureNames = featureIndex.map((i) => header[i]!)
    for (const name of featureNames) twice(name, 'test-data', 'rename one of them, or pick the feature columns with feature-columns (leaving the repeated name out)')
  }
  if (featureIndex.length === 0) throw new DataError(`test-data: ${file} has no feature column besides '${options.labelColumn}'; add feature columns`, 'test-data')

  return {
    path: file,
    sampleShape: [featureIndex.length],
    size: undefined,
    classNames: undefined,
    sha256: () => sha256File(file),
    async *batches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(featureIndex.length, batchSize, file)
      const row = new Float32Array(featureIndex.length)
      const source = createReadStream(file)
      const parser = source.pipe(
        parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, max_record_size: MAX_RECORD_BYTES, info: true })
      )
      source.on('error', (e) => parser.destroy(e))
      let first = true
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          if (first) {
            // the header, read again here so that a quoted header spanning lines is skipped whole
            first = false
            continue
          }
          const line = info.lines
          for (let j = 0; j < featureIndex.length; j++) {
            const text = record[featureIndex[j]!]!
            // Decimal numbers only (and nan/inf, refused below as such): Number() would also read 0x10 as 16.
            const v = DECIMAL.test(text) ? Number(text) : /^[+-]?(nan|inf|infinity)$/i.test(text) ? Number(text.replace(/inf$/i, 'Infinity')) : NaN
            if (Number.isNaN(v) && !/^[+-]?nan$/i.test(text)) {
              throw new DataError(
                `test-data: ${file} line ${line}, column '${featureNames[j]}' holds '${text.length > 40 ? `${text.slice(0, 40)}…` : text}', not a number; fix the value or leave the column out with feature-columns`,
                'test-data'
              )
            }
            row[j] = v
          }
          builder.push(row, record[labelIndex]!, line)
          if (builder.full) yield builder.take()!
        }
      } catch (e) {
        throw csvError(e, file)
      } finally {
        source.destroy()
      }
      const last = builder.take()
      if (last) yield last
    }
  }
}

/** csv-parse's errors in words a user can act on, with the line. */
function csvError(e: unknown, file: string): unknown {
  if (e instanceof ModelGateError) return e
  const err = e as Error & { code?: string; lines?: number; record?: unknown[] }
  const line = err.lines !== undefined ? ` line ${err.lines}` : ''
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new DataError(`test-data: ${file}: a quoted field is never closed (the file ends inside it${line ? `, at${line}` : ''}); close the quote (") or remove it`, 'test-data')
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
      const m = /expect (\d+), got (\d+)/.exec(err.message)
      return new DataError(
        `test-data: ${file}${line} has ${m ? `${m[2]} fields where the header has ${m[1]}` : 'a different number of fields than the header'}; every row needs one value per column`,
        'test-data'
      )
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return new DataError(`test-data: ${file}${line} has a stray quote ("); quote the whole field and double the quotes inside it ("")`, 'test-data')
    case 'CSV_MAX_RECORD_SIZE':
      return new DataError(`test-data: ${file}${line} has a row longer than ${formatBytes(MAX_RECORD_BYTES)}; the file is not a CSV test set (one sample per line)`, 'test-data')
  }
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return new DataError(`test-data: cannot read ${file} (${code}); check the path, relative to the workspace`, 'test-data')
  return new DataError(`test-data: ${file} is not valid CSV${line} (${err.message}); fix that row`, 'test-data')
}

/** The header row, read whole however long it is (csv-parse stops after the first record). */
async function readHeader(file: string): Promise<string[]> {
  await regularFile(file, { label: 'test-data', input: 'test-data', error: DataError })
  const source = createReadStream(file)
  const parser = source.pipe(parse({ bom: true, trim: true, to: 1, max_record_size: MAX_RECORD_BYTES }))
  source.on('error', (e) => parser.destroy(e))
  let header: string[] | undefined
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record
      break
    }
  } catch (e) {
    throw csvError(e, file)
  } finally {
    source.destroy()
  }
  if (!header || header.every((h) => h === '')) throw new DataError(`test-data: ${file} is empty or has no header row; the first line must name the columns`, 'test-data')
  return header
}
