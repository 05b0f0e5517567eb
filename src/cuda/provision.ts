/**
 * Installs onnxruntime's CUDA execution provider next to libonnxruntime.so.1, the Actions way: the
 * Microsoft.ML.OnnxRuntime.Gpu.Linux NuGet package of the bundled onnxruntime version (the one
 * onnxruntime-node's own postinstall would fetch) is downloaded with @actions/tool-cache, checked
 * against the sha256 pinned in cuda-provider.json, the needed files are extracted from it and kept
 * in the runner's tool cache, so the next job on that runner skips the download. Every failure is a
 * CudaUnavailable with one line saying why; the caller falls back to CPU (device: auto) or fails.
 *
 * This module loads @actions/tool-cache and its HTTP stack: it is imported only when CUDA is wanted.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { copyFile, link, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { CudaUnavailable } from '../errors.js'
import type { CudaProvider } from '../inputs.js'
import type { Logger } from '../log.js'
import { extractEntries, ZipFormatError } from './zip.js'

export interface PinnedFile {
  readonly name: string
  readonly path: string
  readonly required: boolean
  readonly sha256: string | null
}

export interface Pin {
  readonly onnxruntime: string
  readonly package: string
  readonly platform: string
  readonly url: string
  readonly sha256: string | null
  readonly files: readonly PinnedFile[]
}

/** The tool-cache entry: one per onnxruntime version and package content. */
export const TOOL_NAME = 'onnxruntime-cuda-provider'

/** cuda-provider.json: next to this chunk in dist/, next to this file in the sources. */
export function readPin(): Pin {
  return JSON.parse(readFileSync(new URL('./cuda-provider.json', import.meta.url), 'utf8')) as Pin
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file, { highWaterMark: 4 << 20 }), hash)
  return hash.digest('hex')
}

/** Hard link when the tool cache and dist/ share a file system, else a copy; renamed into place. */
async function place(fromDir: string, files: readonly PinnedFile[], nativeDir: string): Promise<void> {
  for (const f of files) {
    const from = path.join(fromDir, f.name)
    if (!existsSync(from)) continue
    const to = path.join(nativeDir, f.name)
    const part = `${to}.${process.pid}.part`
    try {
      await rm(part, { force: true })
      await link(from, part).catch(() => copyFile(from, part))
      await rename(part, to)
    } catch (e) {
      await rm(part, { force: true }).catch(() => {})
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message
      throw new CudaUnavailable(`cannot write the CUDA provider files next to libonnxruntime in ${nativeDir} (${code}); run model-gate from a writable checkout`)
    }
  }
}

function cachedFiles(dir: string, files: readonly PinnedFile[]): boolean {
  return files.every((f) => !f.required || existsSync(path.join(dir, f.name)))
}

/** What `source` names, for messages. */
function label(source: CudaProvider, pin: Pin): string {
  if (source.kind === 'url') return source.url
  if (source.kind === 'path') return source.path
  return `${pin.package} ${pin.onnxruntime} (${pin.url})`
}

export async function provision(source: CudaProvider, nativeDir: string, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const pin = readPin()
  const pinned = pin.sha256 !== null
  if (source.kind === 'none') throw new CudaUnavailable('cuda-provider is none and the provider files are not installed')
  if (source.kind === 'auto' && !pinned) {
    throw new CudaUnavailable(
      `this build of model-gate pins no sha256 for ${pin.package} ${pin.onnxruntime}, so it does not download it: set cuda-provider to the package's URL or path to use it unverified, or pin it (npm run pin-cuda) and rebuild`
    )
  }
  // The CLI off a runner: a cache in the user's cache folder instead of the runner's tool cache.
  env.RUNNER_TOOL_CACHE ||= path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'model-gate', 'tool-cache')
  const tc = await import('@actions/tool-cache')
  const what = label(source, pin)

  // A folder with the files already extracted (a self-hosted runner's own copy).
  if (source.kind === 'path' && existsSync(source.path) && statSync(source.path).isDirectory()) {
    for (const f of pin.files) {
      const file = path.join(source.path, f.name)
      if (!existsSync(file)) {
        if (f.required) throw new CudaUnavailable(`cuda-provider: ${source.path} has no ${f.name}; give the folder holding the provider files, or the .nupkg`)
        continue
      }
      if (f.sha256 !== null && (await sha256File(file)) !== f.sha256) throw new CudaUnavailable(`cuda-provider: ${file} does not match the pinned sha256 of ${f.name} for onnxruntime ${pin.onnxruntime}; nothing was installed`)
    }
    if (pin.files.some((f) => f.sha256 === null)) log.warning(`cuda-provider: the files in ${source.path} are used unverified (this build pins no sha256 for them)`)
    await place(source.path, pin.files, nativeDir)
    log.info(`CUDA provider: installed from ${source.path} next to libonnxruntime in ${nativeDir}`)
    return
  }

  if (pinned) {
    const hit = tc.find(TOOL_NAME, `${pin.onnxruntime}-${pin.sha256!.slice(0, 12)}`, 'x64')
    if (hit && cachedFiles(hit, pin.files)) {
      await place(hit, pin.files, nativeDir)
      log.info(`CUDA provider: onnxruntime ${pin.onnxruntime} from the runner's tool cache (${hit}), installed next to libonnxruntime`)
      return
    }
  }

  const work = await mkdtemp(path.join(env.RUNNER_TEMP || tmpdir(), 'model-gate-cuda-'))
  try {
    let nupkg: string
    if (source.kind === 'path') {
      if (!existsSync(source.path)) throw new CudaUnavailable(`cuda-provider: ${source.path} does not exist; give the path of the ${pin.package} ${pin.onnxruntime} .nupkg, a folder with its files, a URL, or auto`)
      nupkg = source.path
    } else {
      const url = source.kind === 'url' ? source.url : pin.url
      log.info(`CUDA provider: downloading ${pin.package} ${pin.onnxruntime} from ${url}`)
      try {
        nupkg = await tc.downloadTool(url, path.join(work, 'provider.nupkg'))
      } catch (e) {
        const status = (e as { httpStatusCode?: number }).httpStatusCode
        throw new CudaUnavailable(
          status !== undefined
            ? `downloading ${url} was refused (HTTP ${status}); check cuda-provider, or give a URL or path the runner can reach`
            : `cannot download ${url} (${(e as Error).message.split('\n')[0]}); a runner without internet needs cuda-provider set to a reachable URL or a local path`
        )
      }
    }
    const sha = await sha256File(nupkg)
    if (pinned && sha !== pin.sha256) {
      throw new CudaUnavailable(`checksum mismatch: ${what} has sha256 ${sha}, not the ${pin.sha256} pinned for ${pin.package} ${pin.onnxruntime}; nothing was installed`)
    }
    if (!pinned) log.warning(`cuda-provider: ${what} is used unverified (this build pins no sha256 for ${pin.package} ${pin.onnxruntime}); its sha256 is ${sha}`)
    else log.info(`CUDA provider: sha256 ${sha} verified`)

    const version = `${pin.onnxruntime}-${sha.slice(0, 12)}`
    const known = tc.find(TOOL_NAME, version, 'x64')
    if (known && cachedFiles(known, pin.files)) {
      await place(known, pin.files, nativeDir)
      log.info(`CUDA provider: onnxruntime ${pin.onnxruntime} from the runner's tool cache (${known}), installed next to libonnxruntime`)
      return
    }
    const extracted = path.join(work, 'files')
    await mkdir(extracted)
    let hashes: Map<string, string>
    try {
      hashes = await extractEntries(nupkg, new Map(pin.files.map((f) => [f.path, path.join(extracted, f.name)])))
    } catch (e) {
      if (e instanceof ZipFormatError) throw new CudaUnavailable(`cuda-provider: ${what} is not a readable .nupkg (zip): ${e.message}`)
      throw e
    }
    for (const f of pin.files) {
      const got = hashes.get(f.path)
      if (got === undefined) {
        if (f.required) throw new CudaUnavailable(`cuda-provider: ${what} holds no ${f.path}; it is not the ${pin.package} ${pin.onnxruntime} package`)
        continue
      }
      if (f.sha256 !== null && got !== f.sha256) throw new CudaUnavailable(`checksum mismatch: ${f.path} in ${what} has sha256 ${got}, not the pinned ${f.sha256}; nothing was installed`)
    }
    const cached = await tc.cacheDir(extracted, TOOL_NAME, version, 'x64')
    await place(cached, pin.files, nativeDir)
    log.info(`CUDA provider: extracted ${[...hashes.keys()].map((p) => path.basename(p)).join(', ')} into the runner's tool cache (${cached}), installed next to libonnxruntime`)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
