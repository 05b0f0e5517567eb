/**
 * File inputs and the size limits that follow from this machine's memory. Every file input is
 * stat-ed before it is opened: a FIFO would block the read forever and /dev/zero would be read until
 * memory runs out, so anything but a regular file (or a folder, where one is allowed) is refused at
 * once, naming the input.
 */
import { constants } from 'node:buffer'
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { InputError, type ModelGateError } from './errors.js'

export interface FileRule {
  /** How the message starts, e.g. `test-data` or `input 'class-names'`. */
  readonly label: string
  /** The input to name in the error. */
  readonly input: string
  readonly folder?: boolean
  /** Which named error to throw (InputError when absent). */
  readonly error?: new (message: string, input: string) => ModelGateError
}

function kind(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)'
  if (s.isCharacterDevice()) return 'a character device'
  if (s.isBlockDevice()) return 'a block device'
  if (s.isSocket()) return 'a socket'
  if (s.isDirectory()) return 'a folder'
  return 'not a regular file'
}

function check(file: string, s: Stats | undefined, code: string | undefined, rule: FileRule): Stats {
  if (!s) {
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot stat it')
    throw new (rule.error ?? InputError)(`${rule.label}: cannot read ${file} (${why}); check the path, relative to the workspace`, rule.input)
  }
  if (s.isFile() || (rule.folder && s.isDirectory())) return s
  throw new (rule.error ?? InputError)(`${rule.label}: ${file} is ${kind(s)}, not a regular file${rule.folder ? ' or a folder' : ''}; give the path of a file${rule.folder ? ' or folder' : ''}`, rule.input)
}

/** Stats `file` and refuses anything that is not a regular file (or a folder when allowed). */
export async function regularFile(file: string, rule: FileRule): Promise<Stats> {
  let code: string | undefined
  const s = await stat(file).catch((e: NodeJS.ErrnoException) => void (code = e.code))
  return check(file, s ?? undefined, code, rule)
}

export function regularFileSync(file: string, rule: FileRule): Stats {
  let s: Stats | undefined
  let code: string | undefined
  try {
    s = statSync(file)
  } catch (e) {
    code = (e as NodeJS.ErrnoException).code
  }
  return check(file, s, code, rule)
}

/**
 * The largest buffer one allocation may take: what the platform allows for a single buffer, and at
 * most a quarter of this machine's memory, so the model's own activations and the per-sample
 * outcomes still fit beside it.
 */
export function maxBufferBytes(): number {
  return Math.min(constants.MAX_LENGTH, Math.floor(totalmem() / 4))
}

/** A text file read whole (thresholds, class-names, metrics.json) must fit in one string. */
export const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return i === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[i]}`
}

/** A text file read whole: a regular file that fits in one string, without its byte-order mark. */
export async function readTextFile(file: string, rule: FileRule): Promise<string> {
  const info = await regularFile(file, rule)
  if (info.size > MAX_TEXT_BYTES) {
    throw new (rule.error ?? InputError)(`${rule.label}: ${file} is ${formatBytes(info.size)}, more than one string can hold (${formatBytes(MAX_TEXT_BYTES)}); point it at the right file`, rule.input)
  }
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new (rule.error ?? InputError)(`${rule.label}: cannot read ${file} (${code ?? (e as Error).message}); check the path, relative to the workspace`, rule.input)
  }
}

/** Files up to this size are read in one synchronous call by readSmallFileSync (image files, file hashes). */
export const SMALL_FILE_BYTES = 1024 * 1024

/**
 * A small regular file's bytes in one synchronous read, or undefined when it is not a regular file
 * or is (or has grown) larger than `most` bytes: callers then take their asynchronous way. An image
 * folder is thousands of small files, and the thread-pool round trips of an asynchronous read
 * (open, stat, read, read, close) cost ~0.25 ms a file, several times the read itself (the hashes
 * of 1,700 small JPEGs: 440 ms, against 12 ms this way). Opened non-blocking, so a FIFO put where
 * a file was cannot stop the main thread.
 */
export function readSmallFileSync(file: string, most = SMALL_FILE_BYTES): Buffer | undefined {
  const fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || info.size > most) return undefined
    // one byte more than it had: a file that grew since its stat goes the long way
    const buffer = Buffer.allocUnsafeSlow(info.size + 1)
    let n = 0
    for (;;) {
      const r = readSync(fd, buffer, n, buffer.length - n, null)
      if (r === 0) break
      n += r
      if (n === buffer.length) return undefined
    }
    return buffer.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}
