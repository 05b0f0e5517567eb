/**
 * An .npz test set may carry an `index` array beside its features: where each sample came from in
 * the user's own dataset (a row id, a file number). misclassified.csv names it, as an evaluate.py
 * that kept such ids would. Read only for the report, so a malformed one is a warning, never a failure.
 */
import { readFile } from 'node:fs/promises'
import { unzipSync } from 'fflate'
import { decodeLabels, parseNpyHeader } from '../data/npy.js'

/** The `index` array of an .npz as strings, or undefined when it has none; a reason when unusable. */
export async function readNpzIndex(file: string, samples: number, key = 'index'): Promise<{ ids?: string[]; problem?: string }> {
  try {
    const entries = unzipSync(await readFile(file), { filter: (f) => f.name === `${key}.npy` })
    const bytes = entries[`${key}.npy`]
    if (!bytes) return {}
    const header = parseNpyHeader(bytes, `${file}:${key}`)
    if (header.shape.length !== 1 || header.shape[0] !== samples) return { problem: `its '${key}' array has shape [${header.shape.join(', ')}], not [${samples}]` }
    return { ids: decodeLabels(bytes.subarray(header.dataOffset), header.dtype, samples).map(String) }
  } catch (e) {
    return { problem: `its '${key}' array cannot be read (${(e as Error).message.split('\n')[0]})` }
  }
}
