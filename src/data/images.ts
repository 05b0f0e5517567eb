/**
 * Image test sets as people keep them: a torchvision ImageFolder (`<root>/<class>/<image>`, classes
 * sorted by name so indices match a model trained with ImageFolder), or a folder of images with a
 * labels.csv (file,label). Decoded with sharp on libuv's thread pool, a batch at a time, while the
 * model runs on the previous batch; preprocessed as torchvision's Resize → CenterCrop → ToTensor →
 * Normalize would.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { DataError, InputError } from '../errors.js'
import { sha256Files } from './hash.js'
import { pilBilinear } from './pil-resize.js'
import { LabelMap } from './labels.js'
import type { Batch, TestSet } from './types.js'

/**
 * torchvision's IMG_EXTENSIONS that sharp's prebuilt libvips decodes. Not .bmp/.ppm/.pgm (libvips
 * has no loader for them without ImageMagick: "unsupported image format"), and not .gif, which
 * ImageFolder does not pick up, so counting them would change the test set.
 */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff'])

export interface ImageOptions {
  readonly imageSize: number | undefined
  readonly crop: number | undefined
  readonly mean: readonly number[] | undefined
  readonly std: readonly number[] | undefined
  readonly layout: 'NCHW' | 'NHWC'
  readonly channels: 'rgb' | 'grayscale' | undefined
  readonly classNames: readonly string[] | undefined
  readonly skipBadFiles: boolean
}

/** What an image set skipped with skip-bad-files, for the report. */
export interface SkippedFiles {
  readonly count: number
  readonly files: readonly { file: string; reason: string }[]
}

/** An image set that can take its channel count from the model it feeds. */
export interface AdaptableTestSet extends TestSet {
  adapt(inputShape: readonly (number | string)[]): void
  skipped(): SkippedFiles
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** All image files below `dir`, sorted as os.walk + sorted() visit them in torchvision. */
async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byCodePoint(a.name, b.name))
  const files: string[] = []
  const dirs: string[] = []
  for (const e of entries) {
    const full = path.join(dir, e.name)
    if (e.isDirectory() || (e.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory())) dirs.push(full)
    else if (IMAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase())) files.push(full)
  }
  for (const d of dirs) files.push(...(await walk(d)))
  return files
}

/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop uses it). */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/**
 * ToTensor + Normalize in float32, as torch computes them: each step rounded to float32 (one
 * rounding of the float64 result instead differs by an ulp for about two thirds of the byte values).
 */
export function normalised(v8: number, mean: number, std: number): number {
  const f = Math.fround
  return f(f(f(v8 / 255) - f(mean)) / f(std))
}

/** torchvision Resize(int): the shorter side becomes `size`, the longer int(size * long / short). */
export function resizedSize(w: number, h: number, size: number): [number, number] {
  if (w <= h) return [size, Math.trunc((size * h) / w)]
  return [Math.trunc((size * w) / h), size]
}

export async function openImageFolder(root: string, options: ImageOptions): Promise<AdaptableTestSet> {
  let files: string[]
  let rawLabels: string[]
  let classNames: readonly string[] | undefined
  const labelsCsv = path.join(root, 'labels.csv')
  const hasCsv = await stat(labelsCsv).then((s) => s.isFile(), () => false)
  if (hasCsv) {
    const rows = parseCsv(await readFile(labelsCsv), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[]
    if (rows.length === 0 || !('file' in rows[0]!) || !('label' in rows[0]!)) {
      throw new DataError(`test-data: ${labelsCsv} needs a header 'file,label' and one row per image`, 'test-data')
    }
    files = rows.map((r) => path.join(root, r.file!))
    rawLabels = rows.map((r) => r.label!)
    // Whole-number labels are class indices as they stand: naming classes after the labels found
    // would shift every index above a class absent from the test set (and sort '10' before '2').
    const indices = rawLabels.every((l) => /^\d+$/.test(l.trim()))
    classNames = options.classNames ?? (indices ? undefined : [...new Set(rawLabels)].sort(byCodePoint))
  } else {
    const classes = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort(byCodePoint)
    if (classes.length === 0) {
      throw new DataError(`test-data: ${root} has no class folders; lay it out as <root>/<class>/<image> (torchvision ImageFolder) or add a labels.csv (file,label)`, 'test-data')
    }
    if (options.classNames && options.classNames.join('\n') !== classes.join('\n')) {
      const missing = classes.filter((c) => !options.classNames!.includes(c))
      if (missing.length > 0) throw new InputError(`class-names does not list the folder${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${root}; list every class folder, in the model's order`, 'class-names')
    }
    classNames = options.classNames ?? classes
    files = []
    rawLabels = []
    for (const c of classes) {
      const inClass = await walk(path.join(root, c))
      files.push(...inClass)
      rawLabels.push(...inClass.map(() => c))
    }
  }
  if (files.length === 0) throw new DataError(`test-data: ${root} holds no images (${[...IMAGE_EXTENSIONS].join(', ')})`, 'test-data')
  const labelMap = new LabelMap(classNames)
  const labels = Int32Array.from(rawLabels, (l, i) => labelMap.toIndex(l, i))
  const set = new ImageFolderSet(root, files, labels, classNames, options)
  await set.prepare()
  return set
}

class ImageFolderSet implements AdaptableTestSet {
  readonly size: number
  private channels: 1 | 3
  private readonly skippedFiles: { file: string; reason: string }[] = []
  private skipCount = 0

  constructor(
    readonly path: string,
    private readonly files: readonly string[],
    private readonly labels: Int32Array,
    readonly classNames: readonly string[] | undefined,
    private readonly options: ImageOptions
  ) {
    this.size = files.length
    this.channels = options.channels === 'grayscale' ? 1 : 3
    const norm = options.mean ?? options.std
    if (norm && norm.length !== 1 && norm.length !== this.channels && options.channels !== undefined) {
      throw new InputError(`mean/std have ${norm.length} values but the images have ${this.channels} channel(s); give one value or one per channel`, options.mean ? 'mean' : 'std')
    }
  }

  /** channels left empty: take them from the model input ([N, C, H, W] or [N, H, W, C]). */
  adapt(inputShape: readonly (number | string)[]): void {
    if (this.options.channels !== undefined || inputShape.length !== 4) return
    const c = this.options.layout === 'NCHW' ? inputShape[1] : inputShape[3]
    if (c === 1 || c === 3) this.channels = c
  }

  get sampleShape(): readonly number[] {
    const [h, w] = this.side()
    return this.options.layout === 'NCHW' ? [this.channels, h, w] : [h, w, this.channels]
  }

  /** The files that became samples, in sample order (skip-bad-files leaves some out). */
  private readonly kept: string[] = []

  sampleFile(index: number): string | undefined {
    return this.kept[index]
  }

  skipped(): SkippedFiles {
    return { count: this.skipCount, files: this.skippedFiles }
  }

  sha256(): Promise<string> {
    return sha256Files(this.files.map((f) => ({ name: path.relative(this.path, f), path: f })))
  }

  private sideCache: [number, number] | undefined
  private side(): [number, number] {
    if (this.sideCache) return this.sideCache
    const crop = this.options.crop
    if (crop !== undefined) return (this.sideCache = [crop, crop])
    throw new Error('image size is known after the first image is read')
  }

  private async firstSide(): Promise<void> {
    if (this.sideCache || this.options.crop !== undefined) return
    // Without a crop every image must come out the same size: the first one's says which.
    const sharp = (await import('sharp')).default
    for (const f of this.files) {
      try {
        const m = await sharp(f).metadata()
        const [w, h] = this.options.imageSize ? resizedSize(m.width!, m.height!, this.options.imageSize) : [m.width!, m.height!]
        this.sideCache = [h, w]
        return
      } catch {
        // a bad file: decode() reports or skips it
      }
    }
    throw new DataError(`test-data: no image in ${this.path} could be decoded`, 'test-data')
  }

  async prepare(): Promise<void> {
    await this.firstSide()
  }

  /** One image → normalised float32 in the set's layout, or a DataError naming the file. */
  private async decode(file: string, into: Float32Array, at: number): Promise<void> {
    const sharp = (await import('sharp')).default
    const [h, w] = this.side()
    const o = this.options
    let data: Uint8Array
    let info: { width: number; height: number }
    try {
      // sharp decodes (libjpeg-turbo, libpng, libwebp…) to 8-bit RGB; the resize is Pillow's own
      // algorithm in JavaScript (pil-resize.ts), so it equals torchvision's byte for byte, and for
      // small images it is several times faster than a libvips resize call.
      // No EXIF auto-rotation: torchvision's PIL loader does not apply it either.
      const bytes = await readFile(file)
      const decoded = await sharp(bytes, { failOn: 'error' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
      data = decoded.data
      info = { width: decoded.info.width, height: decoded.info.height }
      if (o.imageSize !== undefined) {
        const [rw, rh] = resizedSize(info.width, info.height, o.imageSize)
        data = pilBilinear(data, info.width, info.height, rw, rh)
        info = { width: rw, height: rh }
      }
      if (o.crop !== undefined) {
        if (o.crop > info.width || o.crop > info.height) {
          throw new DataError(`crop ${o.crop} is larger than ${file} (${info.width}×${info.height}${o.imageSize !== undefined ? ' after resizing' : ''}); lower crop or raise image-size`, 'crop')
        }
        data = cropRgb(data, info.width, roundHalfEven((info.width - o.crop) / 2), roundHalfEven((info.height - o.crop) / 2), o.crop)
        info = { width: o.crop, height: o.crop }
      }
    } catch (e) {
      if (e instanceof DataError) throw e
      throw new DataError(`test-data: cannot decode ${file} (${(e as Error).message.split('\n')[0]}); replace or remove it, or set skip-bad-files: true`, 'test-data')
    }
    if (info.width !== w || info.height !== h) {
      throw new DataError(`test-data: ${file} is ${info.width}×${info.height} after preprocessing, the first image ${w}×${h}; set image-size and crop so that every image comes out the same size`, 'image-size')
    }
    fillPixels(into, at, data, h * w, this.channels, this.options.layout === 'NCHW', this.lookup())
  }

  private lut: Float32Array[] | undefined
  /** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
  private lookup(): Float32Array[] {
    if (this.lut) return this.lut
    const mean = this.options.mean ?? [0]
    const std = this.options.std ?? [1]
    this.lut = [0, 1, 2].map((k) => Float32Array.from({ length: 256 }, (_, v) => normalised(v, mean[k % mean.length]!, std[k % std.length]!)))
    return this.lut
  }

  async *batches(batchSize: number): AsyncIterable<Batch> {
    await this.firstSide()
    const per = this.sampleShape.reduce((a, b) => a * b, 1)
    let offset = 0
    for (let start = 0; start < this.files.length; start += batchSize) {
      const chunk = this.files.slice(start, start + batchSize)
      const features = new Float32Array(chunk.length * per)
      const ok = await Promise.all(
        chunk.map((f, i) =>
          this.decode(f, features, i * per).then(
            () => true,
            (e: unknown) => {
              if (!(e instanceof DataError) || !this.options.skipBadFiles || e.input !== 'test-data') throw e
              this.skipCount++
              if (this.skippedFiles.length < 20) this.skippedFiles.push({ file: path.relative(this.path, f), reason: e.message.replace(/^test-data: cannot decode \S+ \(|\); replace.*$/g, '') })
              return false
            }
          )
        )
      )
      const keep = ok.map((k, i) => (k ? i : -1)).filter((i) => i >= 0)
      if (keep.length === 0) continue
      // Every pass reads the same files (the baseline reads the set again): record the first.
      if (this.kept.length === offset) for (const i of keep) this.kept.push(chunk[i]!)
      const labels = Int32Array.from(keep, (i) => this.labels[start + i]!)
      const feats = keep.length === chunk.length ? features : Float32Array.from({ length: keep.length * per }, (_, j) => features[keep[Math.floor(j / per)]! * per + (j % per)]!)
      yield { features: feats, labels, size: keep.length, offset }
      offset += keep.length
    }
  }
}

/**
 * Interleaved 8-bit RGB → the model's float layout through per-channel lookup tables. A plain
 * function, not part of the async decode, so V8 optimises the loop on its own.
 */
function fillPixels(into: Float32Array, at: number, data: Uint8Array, plane: number, c: number, nchw: boolean, lut: Float32Array[]): void {
  if (c === 1) {
    // grayscale as PIL's convert('L'): ITU-R 601-2 luma with integer rounding
    const l0 = lut[0]!
    for (let p = 0; p < plane; p++) {
      const q = p * 3
      into[at + p] = l0[(data[q]! * 19595 + data[q + 1]! * 38470 + data[q + 2]! * 7471 + 0x8000) >> 16]!
    }
    return
  }
  const l0 = lut[0]!
  const l1 = lut[1]!
  const l2 = lut[2]!
  if (nchw) {
    for (let p = 0, q = 0; p < plane; p++, q += 3) {
      into[at + p] = l0[data[q]!]!
      into[at + plane + p] = l1[data[q + 1]!]!
      into[at + 2 * plane + p] = l2[data[q + 2]!]!
    }
    return
  }
  for (let q = 0; q < plane * 3; q += 3) {
    into[at + q] = l0[data[q]!]!
    into[at + q + 1] = l1[data[q + 1]!]!
    into[at + q + 2] = l2[data[q + 2]!]!
  }
}

/** A size×size square of interleaved RGB starting at (left, top). */
function cropRgb(src: Uint8Array, width: number, left: number, top: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 3)
  for (let y = 0; y < size; y++) out.set(src.subarray(((top + y) * width + left) * 3, ((top + y) * width + left + size) * 3), y * size * 3)
  return out
}
