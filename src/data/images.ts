/**
 * Image test sets as people keep them: a torchvision ImageFolder (`<root>/<class>/<image>`, classes
 * sorted by name so indices match a model trained with ImageFolder), or a folder of images with a
 * labels.csv (file,label). Decoded with sharp on libuv's thread pool, a batch at a time, while the
 * model runs on the previous batch; preprocessed as torchvision's Resize → CenterCrop → ToTensor →
 * Normalize would.
 */
import { constants as bufferConstants } from 'node:buffer'
import { totalmem } from 'node:os'
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { DataError, InputError } from '../errors.js'
import { readSmallFileSync } from '../files.js'
import { DecodePool, decodedError, poolAvailable, type Decoded, type DecodeSpec } from './decode-pool.js'
import { sha256Files } from './hash.js'
import { decodeLikePillow, imageDimensions } from './pil-decode.js'
import { normaliseRgb, resizeWindow } from './pil-resize-wasm.js'
import type { Batch, TestSet } from './types.js'

/**
 * torchvision's IMG_EXTENSIONS, all of them: sharp decodes the first six, pil-decode.ts the BMP,
 * PPM and PGM files libvips has no loader for. Not .gif, which ImageFolder does not pick up, so
 * counting them would change the test set.
 */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'] as const
/** torchvision's has_file_allowed_extension: the lower-cased name ends with one (".png" alone counts). */
const isImageName = (name: string) => IMAGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))

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

/**
 * Python's str ordering: by code point. JavaScript's < compares UTF-16 units, which puts a character
 * above U+FFFF (a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF (full-width digits, …).
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const sx = x >= 0xd800 && x <= 0xdfff
    const sy = y >= 0xd800 && y <= 0xdfff
    // two surrogates compare as their code points do; a surrogate is above any other unit
    return sx === sy ? x - y : sx ? 1 : -1
  }
  return a.length - b.length
}

/** Is `full` a directory, following a symbolic link as os.scandir's is_dir() does. */
async function isDir(full: string, e: { isDirectory(): boolean; isSymbolicLink(): boolean }): Promise<boolean> {
  if (e.isDirectory()) return true
  return e.isSymbolicLink() && ((await stat(full).catch(() => undefined))?.isDirectory() ?? false)
}

/**
 * All image files below `top`, in torchvision's make_dataset order: `sorted(os.walk(top,
 * followlinks=True))` (by folder path, so "a/b-c" before "a/b/c"), then sorted names within each.
 * Links are followed; one back to a folder that holds it (through the folders walked, or on disk:
 * the test set's root, /) would count the tree again and again (os.walk would loop until the path
 * is too long): it is skipped, with a warning.
 */
async function walk(top: string, warnings: string[]): Promise<string[]> {
  const roots: { root: string; files: string[] }[] = []
  const visit = async (dir: string, chain: readonly string[]): Promise<void> => {
    // os.walk's default onerror: a folder it cannot list yields nothing
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    const files: string[] = []
    const dirs: string[] = []
    for (const e of entries) {
      const full = path.join(dir, e.name)
      if (await isDir(full, e)) dirs.push(full)
      else if (isImageName(e.name)) files.push(e.name)
    }
    roots.push({ root: dir, files })
    for (const d of dirs) {
      const real = await realpath(d).catch(() => undefined)
      if (real === undefined) continue
      if (chain.some((c) => c === real || c.startsWith(real + path.sep))) {
        warnings.push(`test-data: ${d} links back to ${real}, a folder that holds it; skipped it so that its images are not counted again`)
        continue
      }
      await visit(d, [...chain, real])
    }
  }
  await visit(top, [await realpath(top).catch(() => top)])
  roots.sort((a, b) => byCodePoint(a.root, b.root))
  return roots.flatMap((r) => r.files.sort(byCodePoint).map((f) => path.join(r.root, f)))
}

/**
 * The largest image-size or crop whose one image fits: a side S makes at least S×S pixels, each 3
 * bytes of RGB and 3 float32 values (15 bytes) before batching, within this machine's memory and
 * within JavaScript's largest typed array (3·S² values).
 */
export function maxImageSide(memory = totalmem()): number {
  return Math.floor(Math.sqrt(Math.min(memory / 15, bufferConstants.MAX_LENGTH / 3)))
}

/**
 * An image's bytes. ImageFolder lists any name with an image extension, so it may be a FIFO (reading
 * it would wait forever) or a link to /dev/zero (forever, filling memory): only regular files are read.
 */
export async function readImage(file: string): Promise<Uint8Array> {
  // a small file in one synchronous read (files.ts)
  const small = readSmallFileSync(file)
  if (small) return small
  const info = await stat(file)
  if (!info.isFile()) throw new Error('not a regular file')
  return readFile(file)
}

/**
 * The decoder's complaint, first line, readable: libvips says "Unknown error" for a corrupt zlib
 * stream in a PNG (the fault campaign met it on one mutant in five) and ends some lines with ':'.
 */
function decodeReason(e: unknown): string {
  // libvips' own detail after sharp's message ("…: VipsJpeg: premature end of JPEG image") comes from
  // its process-wide error buffer, which files failing at once on other threads read and clear: it
  // is there on one run and not the next, so the reason stops at sharp's part, the same every run
  const line = ((e as Error).message ?? String(e)).split('\n')[0]!.trim().replace(/:\s*Vips\w*:.*$/, '').replace(/:$/, '')
  return line === '' || line === 'Unknown error' ? 'corrupt or truncated image data' : line
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
  const warnings: string[] = []
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
    // find_classes: os.scandir entries whose is_dir() is true, so a linked class folder counts
    const entries = await readdir(root, { withFileTypes: true })
    const classes: string[] = []
    for (const e of entries) if (await isDir(path.join(root, e.name), e)) classes.push(e.name)
    classes.sort(byCodePoint)
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
      const inClass = await walk(path.join(root, c), warnings)
      files.push(...inClass)
      rawLabels.push(...inClass.map(() => c))
    }
  }
  if (files.length === 0) throw new DataError(`test-data: ${root} holds no images (${IMAGE_EXTENSIONS.join(', ')})`, 'test-data')
  const set = new ImageFolderSet(root, files, rawLabels, classNames, options, warnings)
  await set.prepare()
  return set
}

class ImageFolderSet implements AdaptableTestSet {
  readonly size: number
  private channels: 1 | 3
  private readonly skippedFiles: { file: string; reason: string }[] = []
  /** Every skipped file, full path: the test-set hash covers the files evaluated, no others. */
  private readonly skippedPaths = new Set<string>()
  private readonly saturated = new Set<string>()

  constructor(
    readonly path: string,
    private readonly files: readonly string[],
    private readonly labels: readonly string[],
    readonly classNames: readonly string[] | undefined,
    private readonly options: ImageOptions,
    private readonly listWarnings: readonly string[] = []
  ) {
    this.size = files.length
    this.channels = options.channels === 'grayscale' ? 1 : 3
    const max = maxImageSide()
    for (const [name, side] of [['image-size', options.imageSize], ['crop', options.crop]] as const) {
      if (side !== undefined && side > max) {
        throw new InputError(
          `${name} ${side} would make every image at least ${side}×${side} pixels (${(side * side * 15 / 1e9).toPrecision(3)} GB as RGB and float32), more than fits here (${(totalmem() / 1e9).toFixed(1)} GB of memory, and 3·side² values in one array); lower ${name} (at most ${max} here)`,
          name
        )
      }
    }
    if (options.channels !== undefined) this.checkNormalisation('')
  }

  /** mean/std: one value for every channel, or one per channel. */
  private checkNormalisation(from: string): void {
    const o = this.options
    for (const [name, values] of [['mean', o.mean], ['std', o.std]] as const) {
      if (values && values.length !== 1 && values.length !== this.channels) {
        throw new InputError(
          `${name} has ${values.length} values but the images have ${this.channels} channel(s)${from}; give one value, or one per channel`,
          name
        )
      }
    }
  }

  /** channels left empty: take them from the model input ([N, C, H, W] or [N, H, W, C]). */
  adapt(inputShape: readonly (number | string)[]): void {
    if (this.options.channels !== undefined) return
    const c = inputShape.length !== 4 ? undefined : this.options.layout === 'NCHW' ? inputShape[1] : inputShape[3]
    if (c === 1 || c === 3) this.channels = c
    this.checkNormalisation(c === 1 || c === 3 ? `, as the model input [${inputShape.join(', ')}] takes (channels left empty)` : '')
  }

  /** What the listing and decoding noticed (links skipped, 16-bit files saturated), for the log. */
  warnings(): string[] {
    const out = [...this.listWarnings]
    if (this.saturated.size > 0) {
      const first = [...this.saturated].sort(byCodePoint)[0]!
      out.push(
        `test-data: ${this.saturated.size} 16-bit grayscale image(s) come out almost white, e.g. ${first}: Pillow's convert('RGB'), which torchvision's ImageFolder applies, clips 16-bit values to 255, and model-gate does the same so that the numbers are what torchvision gives; convert them to 8-bit if the model was trained on scaled ones`
      )
    }
    return out
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
    return { count: this.skippedPaths.size, files: this.skippedFiles }
  }

  /** The files evaluated: one skipped with skip-bad-files may not even be readable (a dangling link). */
  sha256(): Promise<string> {
    return sha256Files(this.files.filter((f) => !this.skippedPaths.has(f)).map((f) => ({ name: path.relative(this.path, f), path: f })))
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
    for (const f of this.files) {
      try {
        const m = await imageDimensions(await readImage(f))
        const [w, h] = this.options.imageSize ? resizedSize(m.width, m.height, this.options.imageSize) : [m.width, m.height]
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

  /** What every image comes out as: the workers get the same. */
  private spec(): DecodeSpec {
    const [h, w] = this.side()
    const o = this.options
    return { h, w, imageSize: o.imageSize, crop: o.crop, channels: this.channels, nchw: o.layout === 'NCHW', mean: o.mean, std: o.std }
  }

  /** One image → normalised float32 in the set's layout, or a DataError naming the file. */
  private decode(file: string, into: Float32Array, at: number): Promise<void> {
    return decodeImage(file, this.spec(), this.lookup(), into, at, () => this.saturated.add(path.relative(this.path, file)))
  }

  private lut: Float32Array[] | undefined
  /** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
  private lookup(): Float32Array[] {
    if (this.lut) return this.lut
    this.lut = lookupTables(this.options.mean, this.options.std)
    return this.lut
  }

  /** Files decoded ahead in a worker while the model loads (prefetch), for the spec they were decoded with. */
  private ahead: { spec: DecodeSpec; pool: DecodePool; files: Map<string, Promise<Decoded>> } | undefined
  private workers = 0

  /**
   * Starts decoding the first `count` files in a worker thread: onnxruntime creates a session on
   * the main thread, blocking it, so decoding there would wait. The channels are the set's own until
   * the model says otherwise (adapt); files decoded for other channels are decoded again.
   */
  async prefetch(count: number): Promise<void> {
    if (!poolAvailable()) return
    let spec: DecodeSpec
    try {
      spec = this.spec()
    } catch {
      return // no image could be sized: batches() says so
    }
    void this.ahead?.pool.close()
    this.ahead = undefined
    try {
      const pool = await DecodePool.start(spec, 1)
      const files = new Map(this.files.slice(0, count).map((f) => [f, pool.decode(f)] as const))
      for (const d of files.values()) d.catch(() => {}) // consumed by batches(), or dropped with the run
      this.ahead = { spec, pool, files }
    } catch {
      // no worker (a platform without threads): batches() decodes on the main thread
    }
  }

  /** Decode on `workers` worker threads (the model runs on a GPU), with the next batch in flight. */
  parallel(workers: number): boolean {
    this.workers = poolAvailable() ? workers : 0
    return this.workers > 0
  }

  async *batches(batchSize: number): AsyncIterable<Batch> {
    await this.firstSide()
    if (this.options.channels === undefined) this.checkNormalisation('')
    const per = this.sampleShape.reduce((a, b) => a * b, 1)
    const spec = this.spec()
    const ahead = this.ahead && sameSpec(this.ahead.spec, spec) ? this.ahead : undefined
    if (this.ahead && !ahead) void this.ahead.pool.close()
    this.ahead = undefined
    let pool: DecodePool | undefined
    if (this.workers > 0) {
      if (ahead) ahead.pool.grow(this.workers)
      pool = ahead?.pool ?? (await DecodePool.start(spec, this.workers))
    }
    const early = ahead?.files ?? new Map<string, Promise<Decoded>>()
    const place = (file: string, d: Decoded, features: Float32Array, at: number) => {
      if (d.saturated) this.saturated.add(path.relative(this.path, file))
      const e = decodedError(d)
      if (e) throw e
      features.set(d.data!, at)
    }
    // On the main thread, batch b is decoded only once the engine has asked for it, after scoring
    // b − 2 (Batch.features): two full-size buffers take turns. A fresh ~20–40 MB array a batch cost
    // the kernel's page faults and zeroing on every first write (~4% of a ResNet18 photo run).
    const ring: Float32Array[] = []
    const buffer = (start: number, samples: number) =>
      pool || samples !== batchSize ? new Float32Array(samples * per) : (ring[(start / batchSize) % 2] ??= new Float32Array(samples * per))
    /** Starts decoding the batch at `start`: settled, never rejected (a batch decoded ahead may never be awaited). */
    const submit = (start: number) => {
      const chunk = this.files.slice(start, start + batchSize)
      const features = buffer(start, chunk.length)
      const outcomes = Promise.allSettled(
        chunk.map((f, i) => {
          const d = early.get(f)
          early.delete(f)
          if (d) return d.then((r) => place(f, r, features, i * per))
          if (pool) return pool.decode(f).then((r) => place(f, r, features, i * per))
          return this.decode(f, features, i * per)
        })
      )
      return { start, chunk, features, outcomes }
    }
    try {
      let offset = 0
      let next = this.files.length > 0 ? submit(0) : undefined
      while (next) {
        const { start, chunk, features } = next
        const outcomes = await next.outcomes
        const upcoming = start + batchSize < this.files.length ? start + batchSize : undefined
        // workers decode the next batch while this one is scored (and the engine asks for the one
        // after); on the main thread, the next batch is decoded when the engine asks for it, as before
        next = pool && upcoming !== undefined ? submit(upcoming) : undefined
        const later = () => (next ??= upcoming !== undefined ? submit(upcoming) : undefined)
        if (ahead && early.size === 0 && ahead.pool !== pool) void ahead.pool.close()
        // In file order: the first bad file of a batch is the one reported, and skipped files are
        // listed in order, whichever decode finished first.
        const ok: boolean[] = []
        for (const [i, o] of outcomes.entries()) {
          if (o.status === 'fulfilled') {
            ok.push(true)
            continue
          }
          const e = o.reason as unknown
          const f = chunk[i]!
          if (!(e instanceof DataError) || !this.options.skipBadFiles || e.input !== 'test-data') throw e
          ok.push(false)
          if (this.skippedPaths.has(f)) continue // a second pass (the baseline model): counted once
          this.skippedPaths.add(f)
          if (this.skippedFiles.length < 20) this.skippedFiles.push({ file: path.relative(this.path, f), reason: e.message.replace(/^test-data: cannot decode \S+ \(|\); replace.*$/g, '') })
        }
        const keep = ok.map((k, i) => (k ? i : -1)).filter((i) => i >= 0)
        if (keep.length === 0) {
          later()
          continue
        }
        // Every pass reads the same files (the baseline reads the set again): record the first.
        if (this.kept.length === offset) for (const i of keep) this.kept.push(chunk[i]!)
        const labels = keep.map((i) => this.labels[start + i]!)
        const feats = keep.length === chunk.length ? features : Float32Array.from({ length: keep.length * per }, (_, j) => features[keep[Math.floor(j / per)]! * per + (j % per)]!)
        yield { features: feats, labels, size: keep.length, offset }
        offset += keep.length
        later()
      }
    } finally {
      await Promise.all([pool?.close(), ahead && ahead.pool !== pool ? ahead.pool.close() : undefined])
    }
  }
}

function sameSpec(a: DecodeSpec, b: DecodeSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** ToTensor's /255 then Normalize, for each 8-bit value and channel: 256 entries instead of a division per pixel. */
export function lookupTables(mean: readonly number[] = [0], std: readonly number[] = [1]): Float32Array[] {
  return [0, 1, 2].map((k) => Float32Array.from({ length: 256 }, (_, v) => normalised(v, mean[k % mean.length]!, std[k % std.length]!)))
}

/**
 * One image → normalised float32 in the set's layout at into[at…], or a DataError naming the file.
 * The same code on the main thread and in a decode worker (decode-worker.ts), so both give the same bytes.
 * @param saturated called when the file is 16-bit grayscale clipped to 255, for the warning
 */
export async function decodeImage(file: string, spec: DecodeSpec, lut: Float32Array[], into: Float32Array, at: number, saturated: () => void): Promise<void> {
  const { h, w } = spec
  const o = spec
  let data: Uint8Array
  let info: { width: number; height: number }
  try {
    // sharp decodes (libjpeg-turbo, libpng, libwebp…) and pil-decode.ts converts to 8-bit RGB as
    // Pillow's convert('RGB') does; the resize is Pillow's own algorithm (pil-resize.ts, in
    // WebAssembly SIMD by pil-resize-wasm.ts), so it equals torchvision's byte for byte, and for
    // small images it is several times faster than a libvips resize call. The resized bytes may
    // live in the module's memory until the next resize: fillPixels below reads them first.
    // No EXIF auto-rotation: torchvision's PIL loader does not apply it either.
    const decoded = await decodeLikePillow(await readImage(file))
    if (decoded.saturated) saturated()
    data = decoded.data
    info = { width: decoded.width, height: decoded.height }
    if (o.imageSize !== undefined && o.crop !== undefined) {
      // Resize then centre-crop, computed over the crop window only (the same bytes)
      const [rw, rh] = resizedSize(info.width, info.height, o.imageSize)
      if (o.crop > rw || o.crop > rh) {
        throw new DataError(`crop ${o.crop} is larger than ${file} (${rw}×${rh} after resizing); lower crop or raise image-size`, 'crop')
      }
      if (o.crop !== w || o.crop !== h) throw sizeMismatch(file, o.crop, o.crop, w, h)
      data = resizeWindow(data, info.width, info.height, rw, rh, roundHalfEven((rw - o.crop) / 2), roundHalfEven((rh - o.crop) / 2), o.crop, o.crop)
      info = { width: o.crop, height: o.crop }
    } else if (o.imageSize !== undefined) {
      const [rw, rh] = resizedSize(info.width, info.height, o.imageSize)
      data = resizeWindow(data, info.width, info.height, rw, rh, 0, 0, rw, rh)
      info = { width: rw, height: rh }
    } else if (o.crop !== undefined) {
      if (o.crop > info.width || o.crop > info.height) {
        throw new DataError(`crop ${o.crop} is larger than ${file} (${info.width}×${info.height}); lower crop or raise image-size`, 'crop')
      }
      data = cropRgb(data, info.width, roundHalfEven((info.width - o.crop) / 2), roundHalfEven((info.height - o.crop) / 2), o.crop)
      info = { width: o.crop, height: o.crop }
    }
  } catch (e) {
    if (e instanceof DataError) throw e
    throw new DataError(`test-data: cannot decode ${file} (${decodeReason(e)}); replace or remove it, or set skip-bad-files: true`, 'test-data')
  }
  if (info.width !== w || info.height !== h) throw sizeMismatch(file, info.width, info.height, w, h)
  fillPixels(into, at, data, h * w, spec.channels, spec.nchw, lut)
}

function sizeMismatch(file: string, width: number, height: number, w: number, h: number): DataError {
  return new DataError(`test-data: ${file} is ${width}×${height} after preprocessing, the first image ${w}×${h}; set image-size and crop so that every image comes out the same size`, 'image-size')
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
  if (normaliseRgb(into, at, data, plane, nchw, lut)) return
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
