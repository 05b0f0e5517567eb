/**
 * An .npz test set may carry an `index` array beside its features: where each sample came from in
 * the user's own dataset (a row id, a file number). misclassified.csv names it, as an evaluate.py
 * that kept such ids would. Read only for the report, so a malformed one is a warning, never a failure.
 */
import { open } from 'node:fs/promises'
import { decodeLabels, parseNpyHeader } from '../data/npy.js'
import { MemberReader, readZipDirectory } from '../data/zip.js'

/** The `index` array of an .npz as strings, or undefined when it has none; a reason when unusable. */
export async function readNpzIndex(file: string, samples: number, key = 'index'): Promise<{ ids?: string[]; problem?: string }> {
  try {
    // that member alone, streamed: reading the whole archive for it held every feature byte in memory at the report
    const handle = await open(file, 'r')
    let bytes: Uint8Array
    try {
      const size = (await handle.stat()).size
      const members = await readZipDirectory(handle, size, file)
      const member = members.findLast((m) => m.name === `${key}.npy`)
      if (!member) return {}
      const reader = await MemberReader.open(handle, file, size, member, `${file}:${key}`, 'test-data')
      try {
        bytes = await reader.read(member.size)
        await reader.finish()
      } finally {
        reader.close()
      }
    } finally {
      await handle.close()
    }
    const header = parseNpyHeader(bytes, `${file}:${key}`)
    if (header.shape.length !== 1 || header.shape[0] !== samples) return { problem: `its '${key}' array has shape [${header.shape.join(', ')}], not [${samples}]` }
    return { ids: decodeLabels(bytes.subarray(header.dataOffset), header.dtype, samples).map(String) }
  } catch (e) {
    return { problem: `its '${key}' array cannot be read (${(e as Error).message.split('\n')[0]})` }
  }
}
