/**
 * Array test sets: .npz (a zip of .npy, read with fflate) and .npy features with a labels .npy.
 * A features .npy is streamed by file offset, so memory stays at one batch whatever its size;
 * an .npz is inflated once (the arrays themselves) and sliced into batches.
 */
import { open, readFile } from 'node:fs/promises'
import { unzipSync } from 'fflate'
import { DataError } from '../errors.js'
import { checkFinite } from './batch.js'
import { sha256File, sha256Files } from './hash.js'
import { decodeFloat32, decodeLabels, elementCount, parseNpyHeader, type NpyHeader } from './npy.js'
import type { Batch, RawLabel, TestSet } from './types.js'

const CHUNK_BYTES = 4 << 20

/** Reads `count` samples starting at `start` as float32. */
type RowReader = (start: number, count: number) => Promise<Float32Array>

/** Opened once per pass, so the same test set can be read again (e.g. for the baseline model). */
type OpenRows = () => Promise<{ read: RowReader; close(): Promise<void> }>

class ArrayTestSet implements TestSet {
  readonly classNames = undefined

  constructor(
    readonly path: string,
    readonly sampleShape: readonly number[],
    readonly size: number,
    private readonly labels: readonly RawLabel[],
    private readonly openRows: OpenRows,
    private readonly hash: () => Promise<string>
  ) {}

  sha256(): Promise<string> {
    return this.hash()
  }

  async *batches(batchSize: number): AsyncIterable<Batch> {
    const sampleSize = elementCount(this.sampleShape)
    const rows = await this.openRows()
    // Read whole batches in chunks of about CHUNK_BYTES: one file read per sample is what made a
    // fixed-batch-1 model spend more time in I/O than in onnxruntime. Memory stays one chunk.
    const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_BYTES / (batchSize * sampleSize * 4)))
    try {
      for (let chunkStart = 0; chunkStart < this.size; chunkStart += chunkRows) {
        const chunkSize = Math.min(chunkRows, this.size - chunkStart)
        const chunk = await rows.read(chunkStart, chunkSize)
        checkFinite(chunk, sampleSize, chunkStart, this.path)
        for (let i = 0; i < chunkSize; i += batchSize) {
          const size = Math.min(batchSize, chunkSize - i)
          const offset = chunkStart + i
          yield { features: chunk.subarray(i * sampleSize, (i + size) * sampleSize), labels: this.labels.slice(offset, offset + size), size, offset }
        }
      }
    } finally {
      await rows.close()
    }
  }
}

function checkPair(features: NpyHeader, labels: NpyHeader, what: string, labelsInput: string): void {
  if (features.shape.length < 1) throw new DataError(`${what}: the features array is a scalar; it needs a sample axis first`, 'test-data')
  if (labels.shape.length !== 1 && !(labels.shape.length === 2 && labels.shape[1] === 1)) {
    throw new DataError(`${what}: labels must be a 1-D array of class indices or names, got shape [${labels.shape.join(', ')}]`, labelsInput)
  }
  if (labels.shape[0] !== features.shape[0]) {
    throw new DataError(
      `${what}: ${features.shape[0]} samples but ${labels.shape[0]} labels; the label count must equal the sample count`,
      labelsInput
    )
  }
}

export async function openNpz(file: string, inputKey: string, labelKey: string): Promise<TestSet> {
  const bytes = await readFileOrFail(file, 'test-data')
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, { filter: (f) => f.name === `${inputKey}.npy` || f.name === `${labelKey}.npy` })
  } catch (e) {
    throw new DataError(`test-data: ${file} is not a readable .npz archive (${(e as Error).message}); save it with numpy.savez`, 'test-data')
  }
  const x = entries[`${inputKey}.npy`]
  const y = entries[`${labelKey}.npy`]
  if (!x || !y) {
    const names: string[] = []
    unzipSync(bytes, { filter: (f) => (names.push(f.name.replace(/\.npy$/, '')), false) })
    const missing = !x ? ['input-key', inputKey] : ['label-key', labelKey]
    throw new DataError(
      `test-data: ${file} has no array '${missing[1]}' (${missing[0]}); it holds ${names.join(', ')} — set ${missing[0]} to one of them`,
      missing[0]
    )
  }
  const xh = parseNpyHeader(x, `${file}:${inputKey}`)
  const yh = parseNpyHeader(y, `${file}:${labelKey}`)
  checkPair(xh, yh, file, 'label-key')
  const n = xh.shape[0]!
  const sampleShape = xh.shape.slice(1)
  const sampleSize = elementCount(sampleShape)
  const labels = decodeLabels(y.subarray(yh.dataOffset), yh.dtype, n)
  const data = x.subarray(xh.dataOffset)
  const read: RowReader = async (start, count) =>
    decodeFloat32(data.subarray(start * sampleSize * xh.itemSize, (start + count) * sampleSize * xh.itemSize), xh.dtype, count * sampleSize)
  return new ArrayTestSet(file, sampleShape, n, labels, async () => ({ read, close: async () => {} }), () => sha256File(file))
}

export async function openNpy(file: string, labelsFile: string | undefined): Promise<TestSet> {
  if (!labelsFile) {
    throw new DataError(`test-data ${file} is a features .npy: give its labels .npy in the 'labels' input (or use an .npz with both arrays)`, 'labels')
  }
  const y = await readFileOrFail(labelsFile, 'labels')
  const handle = await openOrFail(file)
  let xh: NpyHeader
  let fileSize: number
  try {
    const head = new Uint8Array(4096)
    await handle.read(head, 0, head.length, 0)
    xh = parseNpyHeader(head, file)
    fileSize = (await handle.stat()).size
  } finally {
    await handle.close()
  }
  const yh = parseNpyHeader(y, labelsFile)
  checkPair(xh, yh, file, 'labels')
  const n = xh.shape[0]!
  const sampleShape = xh.shape.slice(1)
  const sampleSize = elementCount(sampleShape)
  if (fileSize < xh.dataOffset + n * sampleSize * xh.itemSize) {
    throw new DataError(`test-data: ${file} is truncated: its header promises ${n} samples of [${sampleShape.join(', ')}]`, 'test-data')
  }
  const labels = decodeLabels(y.subarray(yh.dataOffset), yh.dtype, n)
  const openRows: OpenRows = async () => {
    const h = await openOrFail(file)
    const read: RowReader = async (start, count) => {
      const length = count * sampleSize * xh.itemSize
      const buf = new Uint8Array(length)
      await h.read(buf, 0, length, xh.dataOffset + start * sampleSize * xh.itemSize)
      return xh.dtype === 'f4' ? new Float32Array(buf.buffer, 0, count * sampleSize) : decodeFloat32(buf, xh.dtype, count * sampleSize)
    }
    return { read, close: () => h.close() }
  }
  const hash = () => sha256Files([{ name: 'features', path: file }, { name: 'labels', path: labelsFile }])
  return new ArrayTestSet(file, sampleShape, n, labels, openRows, hash)
}

async function openOrFail(file: string) {
  return open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`test-data: cannot open ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); check the path, relative to the workspace`, 'test-data')
  })
}

export async function readFileOrFail(file: string, input: string): Promise<Uint8Array> {
  try {
    return await readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? (e as Error).message
    throw new DataError(`${input}: cannot read ${file} (${why}); check the path, relative to the workspace`, input)
  }
}
