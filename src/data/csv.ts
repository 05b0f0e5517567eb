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
import { planCsvInputs, type CsvFeed } from './csv-inputs.js'
import { convertValues, type FeedData } from './feeds.js'
import type { Batch, BoundInputs, InputInfo, RawLabel, TestSet } from './types.js'

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
    bind: async (inputs, mapping) => {
      if (options.featureColumns) {
        throw new DataError(
          `input 'feature-columns' is set, but the model's inputs (${inputs.map((i) => i.name).join(', ')}) are fed from ${file} by name; give each input its columns with inputs (e.g. inputs: ${inputs[0]?.name ?? 'x'}=<columns>) and leave feature-columns unset`,
          'feature-columns'
        )
      }
      return bindCsv(file, header, labelIndex, inputs, mapping)
    },
    async *labelBatches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(0, batchSize, file)
      for await (const { record, line } of csvRecords(file)) {
        builder.push([], record[labelIndex]!, line)
        if (builder.full) yield builder.take()!
      }
      const last = builder.take()
      if (last) yield last
    },
    async *batches(batchSize: number): AsyncIterable<Batch> {
      const builder = new BatchBuilder(featureIndex.length, batchSize, file)
      const row = new Float32Array(featureIndex.length)
      for await (const { record, line } of csvRecords(file)) {
        for (let j = 0; j < featureIndex.length; j++) {
          const text = record[featureIndex[j]!]!
          const v = cellNumber(text)
          if (v === undefined) {
            throw new DataError(
              `test-data: ${file} line ${line}, column '${featureNames[j]}' holds '${shorten(text)}', not a number; fix the value or leave the column out with feature-columns`,
              'test-data'
            )
          }
          row[j] = v
        }
        builder.push(row, record[labelIndex]!, line)
        if (builder.full) yield builder.take()!
      }
      const last = builder.take()
      if (last) yield last
    }
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** A cell as a number: decimal numbers only (and nan/inf, refused later as such): Number() would also read 0x10 as 16. */
function cellNumber(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text)
  if (/^[+-]?(nan|inf|infinity)$/i.test(text)) return Number(text.replace(/inf$/i, 'Infinity'))
  return undefined
}

/** The rows after the header, with the line each ends on; csv-parse's errors in words. */
async function* csvRecords(file: string): AsyncIterable<{ record: string[]; line: number }> {
  const source = createReadStream(file)
  const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, max_record_size: MAX_RECORD_BYTES, info: true }))
  source.on('error', (e) => parser.destroy(e))
  let first = true
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (first) {
        // the header, read again here so that a quoted header spanning lines is skipped whole
        first = false
        continue
      }
      yield { record, line: info.lines }
    }
  } catch (e) {
    throw csvError(e, file)
  } finally {
    source.destroy()
  }
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * Binds a CSV's columns to a model's inputs (planCsvInputs says which feed which): every cell read
 * as a decimal number and converted once to its input's dtype, checked to fit. An int64 input reads
 * whole numbers as written, so 2^53 + 1 stays itself rather than becoming a float first.
 */
async function bindCsv(
  file: string,
  header: readonly string[],
  labelIndex: number,
  inputs: readonly InputInfo[],
  mapping: ReadonlyMap<string, string> | undefined
): Promise<BoundInputs> {
  const feeds = planCsvInputs(file, header, labelIndex, inputs, mapping)
  async function* batches(batchSize: number): AsyncIterable<Batch> {
    const fresh = () => feeds.map((f) => (f.dtype === 'int64' ? new BigInt64Array(batchSize * f.columns.length) : new Float64Array(batchSize * f.columns.length)))
    let values = fresh()
    let labels: RawLabel[] = []
    let lines: number[] = []
    let offset = 0
    const misfit = (f: CsvFeed, line: number, column: number) => (value: string, why: string) =>
      new DataError(`test-data: model input '${f.info.name}' takes ${f.dtype}; ${file} line ${line}, column '${header[column]}' has ${value}, which ${why}`, 'test-data')
    const take = (): Batch => {
      const size = labels.length
      const at = Int32Array.from(lines)
      const fed: Record<string, { data: FeedData; dims: readonly number[] }> = {}
      feeds.forEach((f, k) => {
        const per = f.columns.length
        const v = values[k]!.subarray(0, size * per)
        const data =
          v instanceof BigInt64Array
            ? v
            : convertValues(v, 'f8', f.dtype, (i, value, why) => misfit(f, at[Math.floor(i / per)]!, f.columns[i % per]!)(value, why))
        fed[f.info.name] = { data, dims: f.dims }
      })
      const batch: Batch = { features: new Float32Array(0), labels, size, offset, lines: at, where: (i) => `${file} line ${at[i]}`, inputs: fed }
      offset += size
      values = fresh()
      labels = []
      lines = []
      return batch
    }
    for await (const { record, line } of csvRecords(file)) {
      const r = labels.length
      feeds.forEach((f, k) => {
        const out = values[k]!
        const per = f.columns.length
        f.columns.forEach((c, j) => {
          const text = record[c]!
          if (out instanceof BigInt64Array) {
            out[r * per + j] = int64Cell(text, misfit(f, line, c), () => notNumber(file, line, header[c]!, text, f.info.name))
            return
          }
          const v = cellNumber(text)
          if (v === undefined) throw notNumber(file, line, header[c]!, text, f.info.name)
          out[r * per + j] = v
        })
      })
      labels.push(record[labelIndex]!)
      lines.push(line)
      if (labels.length === batchSize) yield take()
    }
    if (labels.length > 0) yield take()
  }
  return { fed: feeds.map((f) => f.fed), batches }
}

function notNumber(file: string, line: number, column: string, text: string, input: string): DataError {
  return new DataError(`test-data: ${file} line ${line}, column '${column}' holds '${shorten(text)}', not a number; model input '${input}' is fed from it: fix the value`, 'test-data')
}

function int64Cell(text: string, misfit: (value: string, why: string) => Error, notNumber: () => Error): bigint {
  if (/^[+-]?\d+$/.test(text)) {
    const b = BigInt(text)
    if (b < INT64_MIN || b > INT64_MAX) throw misfit(text, `is outside int64's range ${INT64_MIN}..${INT64_MAX}`)
    return b
  }
  const v = cellNumber(text)
  if (v === undefined) throw notNumber()
  // 1.0 and 1e3 are whole numbers; a fraction, NaN or a float beyond 2^53 is refused as for any source
  return (convertValues(Float64Array.of(v), 'f8', 'int64', (_, value, why) => misfit(value, why)) as BigInt64Array)[0]!
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
