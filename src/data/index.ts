/** Opens a test set by what the path is: .npz, .npy, .csv (and, from their readers, more). */
import path from 'node:path'
import { DataError } from '../errors.js'
import { regularFile } from '../files.js'
import type { ImageOptions } from './images.js'
import type { TestSet } from './types.js'

export type { Batch, TestSet } from './types.js'
export { LabelMap } from './labels.js'

export interface TestSetOptions extends Partial<Omit<ImageOptions, 'classNames'>> {
  readonly testData: string
  readonly labels: string | undefined
  readonly inputKey: string
  readonly labelKey: string
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
  readonly classNames: readonly string[] | undefined
  /** Raw text through a tokenizer.json (test-data a CSV/JSONL with the text in textColumn). */
  readonly tokenizer?: string | undefined
  readonly textColumn?: string
  readonly maxLength?: number | undefined
}

export const TEST_DATA_FORMATS = '.npz, .npy (with labels), .csv, .jsonl, or an image folder (<root>/<class>/<image>, or images with a labels.csv)'

// Each format's reader is imported when a test set of that format is opened: a run loads and compiles
// only its own (an .npy gate does not parse the image, CSV, JSONL and tokenizer code at start-up).
export async function openTestSet(options: TestSetOptions): Promise<TestSet> {
  const file = options.testData
  const info = await regularFile(file, { label: 'test-data', input: 'test-data', folder: true, error: DataError }).catch((e: unknown) => {
    if (e instanceof DataError && / \(no such file\)/.test(e.message)) throw new DataError(`test-data: ${file} does not exist; check the path, relative to the workspace`, 'test-data')
    throw e
  })
  const ext = path.extname(file).toLowerCase()
  if (info.isFile() && info.size === 0) throw new DataError(`test-data: ${file} is empty; point it at a non-empty test set`, 'test-data')
  if (info.isDirectory()) {
    const o = options
    const { openImageFolder } = await import('./images.js')
    return openImageFolder(file, {
      imageSize: o.imageSize, crop: o.crop, mean: o.mean, std: o.std, layout: o.layout ?? 'NCHW', channels: o.channels, classNames: o.classNames, skipBadFiles: o.skipBadFiles ?? false
    })
  }
  if (info.isFile() && options.tokenizer !== undefined) {
    const { openTextSet } = await import('./text.js')
    return openTextSet(file, { tokenizer: options.tokenizer, textColumn: options.textColumn ?? 'text', labelColumn: options.labelColumn, maxLength: options.maxLength })
  }
  if (info.isFile()) {
    switch (ext) {
      case '.npz':
        return (await import('./arrays.js')).openNpz(file, options.inputKey, options.labelKey, options.maxLength)
      case '.npy':
        return (await import('./arrays.js')).openNpy(file, options.labels)
      case '.csv':
        return (await import('./csv.js')).openCsv(file, options)
      case '.jsonl':
      case '.ndjson':
        return (await import('./jsonl.js')).openJsonl(file, options)
    }
  }
  throw new DataError(`test-data: cannot read ${file}: use one of ${TEST_DATA_FORMATS}`, 'test-data')
}
