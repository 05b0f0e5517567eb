/**
 * Image test sets, read the way torchvision reads them, so a model trained with ImageFolder gets
 * the same class indices and (nearly) the same tensors:
 *   <root>/<class>/**\/<image>   classes sorted by code point (Python's sorted(os.scandir)),
 *                               files in sorted(os.walk) order
 *   <root>/labels.csv           (file,label) beside the images, labels as indices or class names
 * Each image: decode with sharp (libvips) → RGB, no EXIF rotation (PIL's loader does none) → resize
 * the shorter side to image-size (bilinear with antialiasing, as PIL's BILINEAR resize is) →
 * center crop with torchvision's offsets (zero padding when the crop is larger) → [0,1] → mean/std
 * in float32 (a per-channel lookup table, bit-equal to ToTensor + Normalize on the same pixels).
 * Decoding runs on libuv's thread pool with a bounded window of images in flight, so the model does
 * not wait for the decoder and memory stays a few batches whatever the number of images.
 */
import { createReadStream } from 'node:fs'
import { opendir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { parse } from 'csv-parse'
import type sharpType from 'sharp'
import { DataError } from '../errors.js'
import { sha256File } from './hash.js'
import type { LabelMap } from './labels.js'
import type { Batch, TestSet } from './types.js'

/** torchvision's IMG_EXTENSIONS, less the ones libvips in sharp's prebuilt binaries cannot read (.ppm .pgm .bmp). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp']
export const LABELS_FILE = 'labels.csv'

export interface ImageOptions {
  readonly imageSize: number | undefined
  readonly crop: number | undefined
  readonly mean: readonly number[] | undefined
  readonly std: readonly number[] | undefined
  readonly layout: 'NCHW' | 'NHWC'
  readonly channels: 'rgb' | 'grayscale' | undefined
  readonly skipBadFiles: boolean
}

/** What went wrong with the files skipped under skip-bad-files. */
export interface SkipReport {
  readonly count: number
  /** The first few, with the reason. */
  readonly files: readonly string[]
}

interface Entry {
  readonly file: string
  readonly label: number
}

/** Python compares str by code point; JavaScript's default sort compares UTF-16 units (differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const x = ia.next()
    const y = ib.next()
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!
    if (d !== 0) return d
  }
}

const isImage = (name: string): boolean => IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase())

/** sorted(os.walk(dir, followlinks=True)), files sorted within each folder: image files only. */
async function walkImages(dir: string): Promise<string[]> {
  const folders: { dir: string; files: string[] }[] = []
  const visit = async (d: string): Promise<void> => {
    const files: string[] = []
    const subdirs: string[] = []
    for await (const e of await opendir(d)) {
      const full = path.join(d, e.name)
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory())
      if (isDir) subdirs.push(full)
      else if (isImage(e.name)) files.push(e.name)
    }
    folders.push({ dir: d, files: files.sort(compareCodePoints) })
    for (const s of subdirs) await visit(s)
  }
  await visit(dir)
  folders.sort((a, b) => compareCodePoints(a.dir, b.dir))
  return folders.flatMap((f) => f.files.map((name) => path.join(f.dir, name)))
}

/** Round half to even, as Python's round() does in torchvision's center_crop. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x)
  const r = x - f
  if (r > 0.5) return f + 1
  if (r < 0.5) return f
  return f % 2 === 0 ? f : f + 1
}

/** torchvision center_crop's top (or left) offset into the image; negative = zero padding. */
export function cropOffset(have: number, want: number): number {
  return have >= want ? roundHalfEven((have - want) / 2) : -Math.floor((want - have) / 2)
}

/** torchvision Resize(int): the shorter side becomes `size`, the longer int(size * long / short). */
export function resizedSize(width: number, height: number, size: number): [number, number] {
  if (width <= height) return [size, Math.trunc((size * height) / width)]
  return [Math.trunc((size * width) / height), size]
}

/**
 * Width and height from a PNG or baseline/progressive JPEG header, without a libvips call (that
 * call costs about as much as decoding a small image); undefined for anything else.
 */
export function headerSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[12] === 0x49 && b[13] === 0x48) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
    return { width: v.getUint32(16), height: v.getUint32(20) }
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++
      continue
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! }
    }
    i += 2 + len
  }
  return undefined
}

type Sharp = typeof sharpType
let sharpModule: Promise<Sharp> | undefined

/** sharp is loaded on first use: its native binding ships only for linux-x64, and only image sets need it. */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then(
    (m) => {
      const sharp = ((m as unknown as { default?: Sharp }).default ?? m) as Sharp
      // One libvips thread per image: the parallelism comes from several images at once.
      sharp.concurrency(1)
      sharp.cache(false)
      return sharp
    },
    (e: Error) => {
      throw new DataError(
        `test-data: image folders need sharp's native binding, which cannot load on ${process.platform}/${process.arch} (${e.message.split('\n')[0]}); dist/ ships it for linux/x64: run on a Linux x64 runner, or give the test set as .npz`,
        'test-data'
      )
    }
  )
  return sharpModule
}

class ImageTestSet implements TestSet {
  readonly size: number
  sampleShape: readonly number[]
  private skippedFiles: string[] = []
  private skippedCount = 0
  private channels: 'rgb' | 'grayscale'
  private readonly explicitChannels: boolean

  constructor(
    readonly path: string,
    readonly classNames: readonly string[] | undefined,
    private readonly list: () => AsyncIterable<Entry>,
    count: number,
    private readonly hw: [number, number],
    private readonly options: ImageOptions
  ) {
    this.size = count
    this.explicitChannels = options.channels !== undefined
    this.channels = options.channels ?? 'rgb'
    this.sampleShape = this.shape()
    this.checkNormalisation()
  }

  private get nChannels(): number {
    return this.channels === 'rgb' ? 3 : 1
  }

  private shape(): number[] {
    const [h, w] = this.hw
    return this.options.layout === 'NCHW' ? [this.nChannels, h, w] : [h, w, this.nChannels]
  }

  private checkNormalisation(): void {
    for (const name of ['mean', 'std'] as const) {
      const v = this.options[name]
      if (v && v.length !== 1 && v.length !== this.nChannels) {
        throw new DataError(
          `input '${name}' has ${v.length} values but the images are read as ${this.channels} (${this.nChannels} channel${this.nChannels > 1 ? 's' : ''}); give one value per channel, or set channels`,
          name
        )
      }
    }
  }

  /** channels left empty: take it from the model's input (1 channel → grayscale). */
  matchModel(inputShape: readonly (number | string)[]): void {
    if (this.explicitChannels || inputShape.length !== 4) return
    const c = this.options.layout === 'NCHW' ? inputShape[1] : inputShape[3]
    if (c === 1 || c === 3) {
      this.channels = c === 1 ? 'grayscale' : 'rgb'
      this.sampleShape = this.shape()
      this.checkNormalisation()
    }
  }

  get skipped(): SkipReport {
    return { count: this.skippedCount, files: this.skippedFiles }
  }

  async sha256(): Promise<string> {
    const hash = createHash('sha256')
    for await (const e of this.list()) hash.update(`${path.relative(this.path, e.file)} ${await sha256File(e.file)}\n`)
    return hash.digest('hex')
  }

  /** Float32 value of every byte value per channel: fround at each step, as torch computes in float32. */
  private tables(): Float32Array[] {
    const f = Math.fround
    const pick = (v: readonly number[] | undefined, c: number, d: number): number => (v ? (v.length === 1 ? v[0]! : v[c]!) : d)
    return Array.from({ length: this.nChannels }, (_, c) => {
      const t = new Float32Array(256)
      const mean = f(pick(this.options.mean, c, 0))
      const std = f(pick(this.options.std, c, 1))
      for (let p = 0; p < 256; p++) {
        const x = f(p / 255)
        t[p] = this.options.mean || this.options.std ? f(f(x - mean) / std) : x
      }
      return t
    })
  }

  private async decode(sharp: Sharp, file: string, out: Float32Array, at: number, tables: Float32Array[]): Promise<void> {
    const { imageSize } = this.options
    // One read of the file: sharp then parses the header (metadata) and decodes from memory.
    const bytes = await readFile(file)
    let img = sharp(bytes, { failOn: 'error', limitInputPixels: false }).removeAlpha().toColourspace('srgb')
    let width: number
    let height: number
    if (imageSize !== undefined) {
      const meta = headerSize(bytes) ?? (await img.metadata())
      if (!meta.width || !meta.height) throw new Error('no image size in the header')
      ;[width, height] = resizedSize(meta.width, meta.height, imageSize)
      if (width !== meta.width || height !== meta.height) {
        img = img.resize({ width, height, fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false })
      }
    }
    const { data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
    width = info.width
    height = info.height
    const ch = info.channels
    const [outH, outW] = this.hw
    if (this.options.crop === undefined && (width !== outW || height !== outH)) {
      throw new DataError(
        `test-data: ${file} is ${width}×${height} after resizing but the first image is ${outW}×${outH}; set crop (e.g. crop: ${Math.min(outW, outH)}) so every image has the same size`,
        'crop'
      )
    }
    const top = cropOffset(height, outH)
    const left = cropOffset(width, outW)
    const gray = this.channels === 'grayscale'
    const nc = this.nChannels
    const nchw = this.options.layout === 'NCHW'
    const plane = outH * outW
    for (let y = 0; y < outH; y++) {
      const sy = y + top
      for (let x = 0; x < outW; x++) {
        const sx = x + left
        const inside = sy >= 0 && sy < height && sx >= 0 && sx < width
        const src = (sy * width + sx) * ch
        for (let c = 0; c < nc; c++) {
          let p = 0
          if (inside) {
            // PIL convert('L'): ITU-R 601-2 luma in 16-bit fixed point, rounded
            p = gray ? (ch >= 3 ? (data[src]! * 19595 + data[src + 1]! * 38470 + data[src + 2]! * 7471 + 0x8000) >> 16 : data[src]!) : data[src + (ch >= 3 ? c : 0)]!
          }
          const i = nchw ? c * plane + y * outW + x : (y * outW + x) * nc + c
          out[at + i] = tables[c]![p]!
        }
      }
    }
  }

  async *batches(batchSize: number): AsyncIterable<Batch> {
    const sharp = await loadSharp()
    const tables = this.tables()
    const sampleSize = this.sampleShape.reduce((a, b) => a * b, 1)
    // Images in flight: enough to keep libuv's pool busy while a batch runs, bounded for memory.
    const window = Math.max(8, 2 * batchSize)
    this.skippedCount = 0
    this.skippedFiles = []
    type Pending = { entry: Entry; buf: Float32Array; done: Promise<Error | undefined> }
    const queue: Pending[] = []
    const start = (entry: Entry): void => {
      const buf = new Float32Array(sampleSize)
      const done = this.decode(sharp, entry.file, buf, 0, tables).then(
        () => undefined,
        (e: Error) => e
      )
      queue.push({ entry, buf, done })
    }
    const iterator = this.list()[Symbol.asyncIterator]()
    let exhausted = false
    const fill = async (): Promise<void> => {
      while (!exhausted && queue.length < window) {
        const next = await iterator.next()
        if (next.done) exhausted = true
        else start(next.value)
      }
    }
    let features = new Float32Array(sampleSize * batchSize)
    let labels = new Int32Array(batchSize)
    let filled = 0
    let offset = 0
    try {
      await fill()
      while (queue.length > 0) {
        const head = queue.shift()!
        const error = await head.done
        await fill()
        if (error) {
          if (error instanceof DataError) throw error
          const why = error.message.split('\n')[0]
          if (!this.options.skipBadFiles) {
            throw new DataError(`test-data: cannot decode image ${head.entry.file} (${why}); fix or remove it, or set skip-bad-files: true to skip and count such files`, 'test-data')
          }
          this.skippedCount++
          if (this.skippedFiles.length < 20) this.skippedFiles.push(`${head.entry.file}: ${why}`)
          continue
        }
        features.set(head.buf, filled * sampleSize)
        labels[filled++] = head.entry.label
        if (filled === batchSize) {
          yield { features, labels, size: filled, offset }
          offset += filled
          filled = 0
          features = new Float32Array(sampleSize * batchSize)
          labels = new Int32Array(batchSize)
        }
      }
      if (filled > 0) yield { features: features.subarray(0, filled * sampleSize), labels: labels.subarray(0, filled), size: filled, offset }
    } finally {
      // Let decodes already started finish (they write into buffers nobody reads), then stop listing.
      await Promise.all(queue.map((q) => q.done))
      await iterator.return?.(undefined)
    }
  }
}

/** Opens `<root>/<class>/<image>` or `<root>/labels.csv` + images. */
export async function openImageFolder(root: string, options: ImageOptions, labelMap: LabelMap): Promise<TestSet> {
  const labelsCsv = path.join(root, LABELS_FILE)
  const hasCsv = await stat(labelsCsv).then((s) => s.isFile(), () => false)
  let list: () => AsyncIterable<Entry>
  let classNames: string[] | undefined
  if (hasCsv) {
    list = () => readLabelsCsv(root, labelsCsv, labelMap)
    classNames = undefined
  } else {
    const classes: string[] = []
    for await (const e of await opendir(root)) {
      if (e.isDirectory() || (e.isSymbolicLink() && (await stat(path.join(root, e.name)).catch(() => undefined))?.isDirectory())) classes.push(e.name)
    }
    classes.sort(compareCodePoints)
    if (classes.length === 0) {
      throw new DataError(
        `test-data: ${root} is a folder without class folders or ${LABELS_FILE}; lay it out as <root>/<class>/<image> (as torchvision ImageFolder) or add ${LABELS_FILE} with file,label columns`,
        'test-data'
      )
    }
    classNames = classes
    // One class folder listed at a time while reading: memory does not grow with the number of images.
    list = async function* () {
      for (let c = 0; c < classes.length; c++) {
        for (const file of await walkImages(path.join(root, classes[c]!))) yield { file, label: c }
      }
    }
  }
  let count = 0
  let first: string | undefined
  for await (const e of list()) {
    first ??= e.file
    count++
  }
  if (first === undefined) {
    throw new DataError(`test-data: ${root} holds no images (${IMAGE_EXTENSIONS.join(' ')}); check the path and the file extensions`, 'test-data')
  }
  const hw = await sampleSize(first, options)
  return new ImageTestSet(root, classNames, list, count, hw, options)
}

/** [height, width] of every sample: the crop, or the first image after resizing. */
async function sampleSize(first: string, options: ImageOptions): Promise<[number, number]> {
  if (options.crop !== undefined) return [options.crop, options.crop]
  const sharp = await loadSharp()
  const meta = await sharp(first).metadata().catch((e: Error) => {
    throw new DataError(`test-data: cannot decode image ${first} (${e.message.split('\n')[0]}); fix or remove it`, 'test-data')
  })
  if (!meta.width || !meta.height) throw new DataError(`test-data: cannot read the size of ${first}`, 'test-data')
  if (options.imageSize === undefined) return [meta.height, meta.width]
  const [w, h] = resizedSize(meta.width, meta.height, options.imageSize)
  return [h, w]
}

async function* readLabelsCsv(root: string, file: string, labelMap: LabelMap): AsyncIterable<Entry> {
  const parser = createReadStream(file).pipe(parse({ bom: true, columns: true, skip_empty_lines: true, trim: true }))
  let sample = 0
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (sample === 0 && (!('file' in record) || !('label' in record))) {
        throw new DataError(`test-data: ${file} needs a header row with the columns file,label; it has ${Object.keys(record).join(', ')}`, 'test-data')
      }
      yield { file: path.resolve(root, record.file!), label: labelMap.toIndex(record.label!, sample) }
      sample++
    }
  } catch (e) {
    if (e instanceof DataError) throw e
    throw new DataError(`test-data: ${file} is not valid CSV (${(e as Error).message})`, 'test-data')
  }
}
