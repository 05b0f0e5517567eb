/**
 * Array test sets: .npz (a zip of .npy) and .npy features with a labels .npy. Both are streamed
 * from disk: a features .npy by file offset, an .npz member by member (stored members by offset,
 * deflated ones through a streaming inflate), so memory stays at one chunk of rows plus the labels,
 * whatever the size of the file.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { DataError, ModelError } from '../errors.js'
import { convertValues, isModelDtype, MODEL_DTYPES, nativeValues, numpyName, type FeedData, type ModelDtype } from './feeds.js'
import { formatBytes, maxBufferBytes, regularFile } from '../files.js'
import { checkFinite, listed } from './batch.js'
import { mappedSource } from './column-groups.js'
import { fedLength, isSequenceInput, resizeRows } from './sequences.js'
import { sha256File, sha256Files } from './hash.js'
import { decodeFloat32, decodeLabelColumn, elementCount, labelsAt, parseNpyHeader, type LabelColumn, type NpyHeader } from './npy.js'
import type { Batch, BoundInputs, InputInfo as TensorInfo, TestSet } from './types.js'
import { MemberReader, readZipDirectory, type ZipMember } from './zip.js'

const CHUNK_BYTES = 4 << 20

/** Reads `count` samples starting at `start` as float32. */
type RowReader = (start: number, count: number) => Promise<Float32Array>

/**
 * Opened once per pass, so the same test set can be read again (e.g. for the baseline model).
 * finish() runs after the last row of a complete pass: where a checksum is verified.
 */
type OpenRows = () => Promise<{ read: RowReader; finish(): Promise<void>; close(): Promise<void> }>

class ArrayTestSet implements TestSet {
  readonly classNames = undefined

  constructor(
    readonly path: string,
    readonly sampleShape: readonly number[],
    readonly size: number,
    private readonly labels: LabelColumn,
    /** The labels array, for errors about a label: `test.npz:y`, `labels.npy`. */
    private readonly labelsWhat: string,
    private readonly openRows: OpenRows,
    private readonly hash: () => Promise<string>,
    readonly bind?: TestSet['bind'],
    readonly unfed?: Error
  ) {}

  get exactSingle(): boolean {
    return this.bind !== undefined
  }

  sha256(): Promise<string> {
    return this.hash()
  }

  async *batches(batchSize: number): AsyncIterable<Batch> {
    const sampleSize = elementCount(this.sampleShape)
    const rows = await this.openRows()
    // Read whole batches in chunks of about CHUNK_BYTES: one file read per sample is what made a
    // fixed-batch-1 model spend more time in I/O than in onnxruntime. Memory stays one chunk.
    const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_BYTES / (batchSize * Math.max(1, sampleSize) * 4)))
    try {
      for (let chunkStart = 0; chunkStart < this.size; chunkStart += chunkRows) {
        const chunkSize = Math.min(chunkRows, this.size - chunkStart)
        const chunk = await rows.read(chunkStart, chunkSize)
        checkFinite(chunk, sampleSize, chunkStart, this.path)
        for (let i = 0; i < chunkSize; i += batchSize) {
          const size = Math.min(batchSize, chunkSize - i)
          const offset = chunkStart + i
          const where = (j: number) => `${this.labelsWhat} row ${offset + j}`
          yield { features: chunk.subarray(i * sampleSize, (i + size) * sampleSize), labels: labelsAt(this.labels, offset, offset + size), size, offset, where }
        }
      }
      await rows.finish()
    } finally {
      await rows.close()
    }
  }
}

function checkPair(features: NpyHeader, labels: NpyHeader, what: string, labelsInput: string): void {
  if (features.shape.length < 1) throw new DataError(`${what}: the features array is a scalar; it needs a sample axis first`, 'test-data')
  if (features.dtype.startsWith('U')) throw new DataError(`${what}: the features array holds strings (${features.dtype}); save numeric features (float32)`, 'test-data')
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

/** Labels are read whole (they are per-sample, like the outcomes): refuse more than one buffer may hold. */
function checkLabelBytes(h: NpyHeader, what: string, input: string): void {
  const bytes = dataBytes(h)
  if (bytes > maxBufferBytes()) {
    throw new DataError(`${input}: ${what} holds ${formatBytes(bytes)} of labels, more than one buffer may take on this machine (${formatBytes(maxBufferBytes())}); evaluate a smaller test set`, input)
  }
}

/** Data bytes an array's header promises. */
function dataBytes(h: NpyHeader): number {
  return elementCount(h.shape) * h.itemSize
}

/** Reads an .npy header through `read(position, length)`, whatever its length, within `size` bytes. */
async function readHeader(read: (length: number) => Promise<Uint8Array>, what: string, input: string): Promise<NpyHeader> {
  const prefix = await read(10)
  if (prefix.length < 10) return parseNpyHeader(prefix, what, input)
  const wide = prefix[6]! >= 2
  const more = wide ? await read(2) : new Uint8Array(0)
  const lengthBytes = wide ? Uint8Array.of(prefix[8]!, prefix[9]!, more[0] ?? 0, more[1] ?? 0) : Uint8Array.of(prefix[8]!, prefix[9]!)
  const headerLength = wide ? new DataView(lengthBytes.buffer).getUint32(0, true) : new DataView(lengthBytes.buffer).getUint16(0, true)
  const body = await read(headerLength)
  const all = new Uint8Array(prefix.length + more.length + body.length)
  all.set(prefix)
  all.set(more, prefix.length)
  all.set(body, prefix.length + more.length)
  return parseNpyHeader(all, what, input)
}

async function openFile(file: string, label: string, input: string): Promise<{ handle: FileHandle; size: number }> {
  const info = await regularFile(file, { label, input, error: DataError })
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`${label}: cannot open ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); check the path, relative to the workspace`, input)
  })
  return { handle, size: info.size }
}

/** Reads from a file by position, never past its end (a short result means the file ended). */
function fileReader(handle: FileHandle, size: number, from = 0): (length: number) => Promise<Uint8Array> {
  let at = from
  return async (length) => {
    const n = Math.max(0, Math.min(length, size - at))
    const buf = new Uint8Array(n)
    let got = 0
    while (got < n) {
      const { bytesRead } = await handle.read(buf, got, n - got, at + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    at += got
    return got === n ? buf : buf.subarray(0, got)
  }
}

/** A member reader that reads short instead of throwing when the member ends inside a header. */
function memberHeaderReader(m: MemberReader): (length: number) => Promise<Uint8Array> {
  let at = 0
  return async (length) => {
    const n = Math.max(0, Math.min(length, m.member.size - at))
    at += n
    return m.read(n)
  }
}

/** @param maxLength pads or cuts pre-tokenized sequences fed by name (src/data/sequences.ts) */
export async function openNpz(file: string, inputKey: string, labelKey: string, maxLength?: number): Promise<TestSet> {
  const { handle, size: fileSize } = await openFile(file, 'test-data', 'test-data')
  let xm: ZipMember | undefined
  let xh: NpyHeader | undefined
  let unfed: Error | undefined
  let allMembers: readonly ZipMember[] = []
  let labels: LabelColumn
  let n: number
  try {
    const members = await readZipDirectory(handle, fileSize, file)
    const seen = new Set<string>()
    for (const m of members) {
      // Python's zipfile keeps the last of two same-named members; which one was meant is anyone's guess.
      if (seen.has(m.name)) throw new DataError(`test-data: ${file} holds two members named '${m.name}'; save it again with numpy.savez`, 'test-data')
      seen.add(m.name)
    }
    const find = (key: string, input: string): ZipMember => {
      const m = members.find((e) => e.name === `${key}.npy`)
      if (m) return m
      const names = members.map((e) => e.name.replace(/\.npy$/, ''))
      throw new DataError(`test-data: ${file} has no array '${key}' (${input}); it holds ${names.join(', ') || 'nothing'} — set ${input} to one of them`, input)
    }
    const ym = find(labelKey, 'label-key')
    const xWhat = `${file}:${inputKey}`
    const yWhat = `${file}:${labelKey}`
    allMembers = members
    try {
      xm = find(inputKey, 'input-key')
    } catch (e) {
      // An .npz of named arrays (input_ids, attention_mask, y) feeds a model through bind(); the
      // input-key array is needed only when nothing is fed by name.
      if (!(e instanceof DataError) || members.length < 2) throw e
      unfed = e
    }
    if (xm) {
      const xr = await MemberReader.open(handle, file, fileSize, xm, xWhat, 'test-data')
      try {
        xh = await readHeader(memberHeaderReader(xr), `test-data: ${xWhat}`, 'test-data')
      } finally {
        xr.close()
      }
    }
    const yr = await MemberReader.open(handle, file, fileSize, ym, yWhat, 'label-key')
    try {
      const yh = await readHeader(memberHeaderReader(yr), `test-data: ${yWhat}`, 'label-key')
      checkPair(xh ?? { ...yh, dtype: 'f4', shape: [yh.shape[0]!] }, yh, `test-data: ${file}`, 'label-key')
      const checked = xh && xm ? [[xh, xm, xWhat, 'test-data'], [yh, ym, yWhat, 'label-key']] as const : [[yh, ym, yWhat, 'label-key']] as const
      for (const [h, m, what, input] of checked) {
        if (h.dataOffset + dataBytes(h) !== m.size) {
          throw new DataError(
            `${input}: ${what} is damaged: its .npy header promises shape (${h.shape.join(', ')}) of ${h.dtype}, ${formatBytes(dataBytes(h))}, but the member holds ${formatBytes(m.size - h.dataOffset)}; save it again with numpy.savez`,
            input
          )
        }
      }
      n = yh.shape[0]!
      checkLabelBytes(yh, yWhat, 'test-data')
      const y = await yr.read(dataBytes(yh))
      await yr.finish()
      labels = decodeLabelColumn(y, yh.dtype, n)
    } finally {
      yr.close()
    }
  } finally {
    await handle.close()
  }
  const bind: TestSet['bind'] = (inputs, mapping) => bindNpz(file, allMembers, labels, labelKey, inputs, mapping, maxLength)
  if (!xh || !xm) {
    const empty: OpenRows = async () => ({ read: async (_, count) => new Float32Array(0 * count), finish: async () => {}, close: async () => {} })
    return new ArrayTestSet(file, [], n, labels, `${file}:${labelKey}`, empty, () => sha256File(file), bind, unfed)
  }
  const x = { m: xm, h: xh }
  const sampleShape = xh.shape.slice(1)
  const sampleSize = elementCount(sampleShape)
  const openRows: OpenRows = async () => {
    const { m: xm, h: xh } = x
    const { handle: h, size } = await openFile(file, 'test-data', 'test-data')
    let reader: MemberReader
    try {
      reader = await MemberReader.open(h, file, size, xm, `${file}:${inputKey}`, 'test-data')
      await reader.read(xh.dataOffset)
    } catch (e) {
      await h.close()
      throw e
    }
    let next = 0
    const read: RowReader = async (start, count) => {
      // Members are read in order: a deflate stream cannot seek.
      if (start !== next) throw new RangeError(`npz rows must be read in order: asked for ${start}, at ${next}`)
      next = start + count
      const bytes = await reader.read(count * sampleSize * xh.itemSize)
      return xh.dtype === 'f4' ? new Float32Array(bytes.buffer, bytes.byteOffset, count * sampleSize) : decodeFloat32(bytes, xh.dtype, count * sampleSize)
    }
    return {
      read,
      finish: () => reader.finish(),
      close: async () => {
        reader.close()
        await h.close()
      }
    }
  }
  return new ArrayTestSet(file, sampleShape, n, labels, `${file}:${labelKey}`, openRows, () => sha256File(file), bind)
}

export async function openNpy(file: string, labelsFile: string | undefined): Promise<TestSet> {
  if (!labelsFile) {
    throw new DataError(`test-data ${file} is a features .npy: give its labels .npy in the 'labels' input (or use an .npz with both arrays)`, 'labels')
  }
  const yf = await openFile(labelsFile, 'labels', 'labels')
  let labels: LabelColumn
  let xh: NpyHeader
  try {
    const yRead = fileReader(yf.handle, yf.size)
    const yh = await readHeader(yRead, `labels: ${labelsFile}`, 'labels')
    const xf = await openFile(file, 'test-data', 'test-data')
    try {
      xh = await readHeader(fileReader(xf.handle, xf.size), `test-data: ${file}`, 'test-data')
      checkPair(xh, yh, `test-data: ${file}`, 'labels')
      if (xf.size < xh.dataOffset + dataBytes(xh)) {
        throw new DataError(
          `test-data: ${file} is truncated: its header promises shape (${xh.shape.join(', ')}) of ${xh.dtype}, ${formatBytes(dataBytes(xh))}, but the file holds ${formatBytes(Math.max(0, xf.size - xh.dataOffset))}; save it again with numpy.save`,
          'test-data'
        )
      }
    } finally {
      await xf.handle.close()
    }
    if (yf.size < yh.dataOffset + dataBytes(yh)) {
      throw new DataError(
        `labels: ${labelsFile} is truncated: its header promises ${yh.shape[0]} labels of ${yh.dtype}, ${formatBytes(dataBytes(yh))}, but the file holds ${formatBytes(Math.max(0, yf.size - yh.dataOffset))}; save it again with numpy.save`,
        'labels'
      )
    }
    checkLabelBytes(yh, labelsFile, 'labels')
    labels = decodeLabelColumn(await yRead(dataBytes(yh)), yh.dtype, xh.shape[0]!)
  } finally {
    await yf.handle.close()
  }
  const n = xh.shape[0]!
  const sampleShape = xh.shape.slice(1)
  const sampleSize = elementCount(sampleShape)
  const openRows: OpenRows = async () => {
    const { handle: h } = await openFile(file, 'test-data', 'test-data')
    // Chunks take turns in two buffers (Batch.features): chunk c + 2 is read only once the engine has
    // asked past chunk c's last batch. A fresh buffer a chunk cost zeroing and page faults, and left
    // onnxruntime a cache-cold input (cnn64: ~4% of the engine's time).
    const ring: Uint8Array[] = []
    let turn = 0
    const read: RowReader = async (start, count) => {
      const length = count * sampleSize * xh.itemSize
      const spare = ring[turn % 2]
      const buf = spare && spare.length >= length ? spare.subarray(0, length) : (ring[turn % 2] = new Uint8Array(length))
      turn++
      await h.read(buf, 0, length, xh.dataOffset + start * sampleSize * xh.itemSize)
      return xh.dtype === 'f4' ? new Float32Array(buf.buffer, buf.byteOffset, count * sampleSize) : decodeFloat32(buf, xh.dtype, count * sampleSize)
    }
    return { read, finish: async () => {}, close: () => h.close() }
  }
  const hash = () => sha256Files([{ name: 'features', path: file }, { name: 'labels', path: labelsFile }])
  return new ArrayTestSet(file, sampleShape, n, labels, labelsFile, openRows, hash)
}

interface Feed {
  readonly info: TensorInfo
  readonly dtype: ModelDtype
  readonly source: string
  readonly member: ZipMember
  readonly header: NpyHeader
  /** Per-sample dims fed: the model's where it fixes them, the data's where it leaves them open. */
  readonly dims: readonly number[]
}

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ') || '?'}]`
}

/**
 * Binds an .npz's arrays to a model's inputs by name: each input from the array of its name, or the
 * one `mapping` names. Every array is checked against its input (present, one row per label, rank,
 * fixed dimensions, a dtype model-gate can convert) before anything is read; values are checked to
 * fit as each chunk is converted.
 */
async function bindNpz(
  file: string,
  members: readonly ZipMember[],
  labels: LabelColumn,
  labelKey: string,
  inputs: readonly TensorInfo[],
  mapping: ReadonlyMap<string, string> | undefined,
  maxLength: number | undefined
): Promise<BoundInputs> {
  const input = mapping ? 'inputs' : 'test-data'
  const arrays = members.map((m) => m.name.replace(/\.npy$/, ''))
  const names = inputs.map((i) => i.name)
  for (const key of mapping?.keys() ?? []) {
    if (!names.includes(key)) {
      throw new DataError(`inputs: '${key}' is not an input of the model; its inputs are ${names.map((n) => `'${n}'`).join(', ')}; remove it from inputs or rename it`, 'inputs')
    }
  }
  const feeds: Feed[] = []
  const { handle, size } = await openFile(file, 'test-data', 'test-data')
  try {
    for (const info of inputs) {
      const takes = `model input '${info.name}' takes ${info.type} ${shapeText(info.shape)}`
      if (!isModelDtype(info.type)) {
        throw new ModelError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors; export the model with one of those input types`, 'model')
      }
      const source = mappedSource(mapping, info.name, file, 'array')
      const member = members.find((m) => m.name === `${source}.npy`)
      if (!member) {
        const how = mapping?.has(info.name) ? `inputs maps it to '${source}', which is not in ${file}` : `no array in ${file} is named '${source}'`
        throw new DataError(`${takes}, but ${how} (it holds ${listed(arrays)}); add the array or map it with inputs: ${info.name}=<array>`, input)
      }
      const what = `${file}:${source}`
      const r = await MemberReader.open(handle, file, size, member, what, 'test-data')
      let header: NpyHeader
      try {
        header = await readHeader(memberHeaderReader(r), `test-data: ${what}`, 'test-data')
      } finally {
        r.close()
      }
      const holds = `${what} holds ${numpyName(header.dtype)} [${header.shape.join(', ')}]`
      if (header.dtype.startsWith('U')) throw new DataError(`${takes}; ${holds}: text, not numbers; tokenize it, or save numeric arrays`, input)
      if (header.dataOffset + dataBytes(header) !== member.size) {
        throw new DataError(`test-data: ${what} is damaged: its .npy header promises shape (${header.shape.join(', ')}) of ${header.dtype}, but the member holds ${formatBytes(member.size - header.dataOffset)}; save it again with numpy.savez`, 'test-data')
      }
      if (header.shape[0] !== labels.length) {
        throw new DataError(`${takes}; ${holds}: ${header.shape[0] ?? 'no'} samples, but ${file}:${labelKey} has ${labels.length} labels; every input needs one row per label`, input)
      }
      const sample = header.shape.slice(1)
      const dims = isSequenceInput(info) && sample.length === 1 ? [fedLength(info, sample[0]!, takes, holds, maxLength)] : fitDims(info, sample, takes, holds, input)
      feeds.push({ info, dtype: info.type, source, member, header, dims })
    }
  } finally {
    await handle.close()
  }
  const fed = feeds.map((f) => ({ name: f.info.name, source: `${file}:${f.source}`, dtype: f.dtype, data_dtype: numpyName(f.header.dtype), shape: [...f.header.shape] }))
  return { fed, batches: (batchSize) => namedBatches(file, feeds, labels, labelKey, batchSize) }
}

/** The per-sample dims to feed, or one error saying which axis of the data the model cannot take. */
export function fitDims(info: TensorInfo, sample: readonly number[], takes: string, holds: string, input: string): number[] {
  const model = info.shape.slice(1)
  if (info.shape.length === 0) return [...sample]
  const fixed = model.every((d) => typeof d === 'number' && d > 0)
  // Flat rows into a fully fixed shape (64 values into [1, 8, 8]) are the same values, as for a single input.
  if (fixed && model.length !== sample.length && elementCount(model as number[]) === elementCount(sample)) return model as number[]
  if (model.length !== sample.length) {
    throw new DataError(`${takes}: ${model.length + 1} axes; ${holds}: ${sample.length + 1} axes; save the array with the model's axes (samples first)`, input)
  }
  const dims: number[] = []
  for (let k = 0; k < model.length; k++) {
    const d = model[k]!
    if (typeof d === 'number' && d > 0 && d !== sample[k]) {
      throw new DataError(`${takes}; ${holds}: its axis ${k + 1} is ${sample[k]} where the model fixes ${d}; pad or cut the array to ${d} on that axis`, input)
    }
    dims.push(sample[k]!)
  }
  return dims
}

async function* namedBatches(file: string, feeds: readonly Feed[], labels: LabelColumn, labelKey: string, batchSize: number): AsyncIterable<Batch> {
  const { handle, size } = await openFile(file, 'test-data', 'test-data')
  const readers: MemberReader[] = []
  try {
    for (const f of feeds) {
      const r = await MemberReader.open(handle, file, size, f.member, `${file}:${f.source}`, 'test-data')
      readers.push(r)
      await r.read(f.header.dataOffset)
    }
    const per = feeds.map((f) => elementCount(f.header.shape.slice(1)))
    const fedPer = feeds.map((f) => elementCount(f.dims))
    const sampleBytes = feeds.reduce((a, f, i) => a + per[i]! * (f.header.itemSize + 8), 0)
    const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_BYTES / (batchSize * Math.max(1, sampleBytes))))
    const n = labels.length
    for (let chunkStart = 0; chunkStart < n; chunkStart += chunkRows) {
      const count = Math.min(chunkRows, n - chunkStart)
      const converted: FeedData[] = []
      for (let k = 0; k < feeds.length; k++) {
        const f = feeds[k]!
        const bytes = await readers[k]!.read(count * per[k]! * f.header.itemSize)
        // Sequences padded or cut to the fed length before converting: cut values are never read.
        const values = resizeRows(nativeValues(bytes, f.header.dtype, count * per[k]!), count, per[k]!, fedPer[k]!)
        converted.push(
          convertValues(values, f.header.dtype, f.dtype, (i, value, why) => {
            const sample = chunkStart + Math.floor(i / Math.max(1, fedPer[k]!))
            return new DataError(
              `test-data: model input '${f.info.name}' takes ${f.dtype}; ${file}:${f.source} holds ${numpyName(f.header.dtype)}, and sample ${sample} has ${value}, which ${why}`,
              'test-data'
            )
          })
        )
      }
      for (let i = 0; i < count; i += batchSize) {
        const rows = Math.min(batchSize, count - i)
        const offset = chunkStart + i
        const inputs: Record<string, { data: FeedData; dims: readonly number[] }> = {}
        feeds.forEach((f, k) => {
          inputs[f.info.name] = { data: converted[k]!.subarray(i * fedPer[k]!, (i + rows) * fedPer[k]!) as FeedData, dims: f.dims }
        })
        const where = (j: number) => `${file}:${labelKey} row ${offset + j}`
        yield { features: new Float32Array(0), labels: labelsAt(labels, offset, offset + rows), size: rows, offset, where, inputs }
      }
    }
    for (const r of readers) await r.finish()
  } finally {
    for (const r of readers) r.close()
    await handle.close()
  }
}
