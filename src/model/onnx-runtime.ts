/**
 * The Runtime backed by onnxruntime-node. CUDA is asked for only when an NVIDIA GPU, a recent
 * enough driver and the CUDA 12 / cuDNN 9 libraries are there, and onnxruntime's CUDA provider sits
 * next to libonnxruntime (installed at run time by src/cuda/provision.ts when it does not);
 * `auto` falls back to CPU and says why, once; explicit `cuda` fails with what to do.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as ort from 'onnxruntime-node'
import { describeMissing, missingLibraries } from '../cuda/libraries.js'
import { MIN_DRIVER, probeGpu } from '../cuda/gpu.js'
import { CudaUnavailable, ModelError } from '../errors.js'
import type { CudaProvider, Device } from '../inputs.js'
import type { Logger } from '../log.js'
import type { InputTensor, OutputTensor, Runtime, Session, TensorInfo } from './types.js'

const CUDA_LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so']

/** The folder holding the native binding: dist/bin/… in the bundle, node_modules/… from sources. */
export function nativeDir(): string {
  const rel = path.join('bin', 'napi-v6', process.platform, process.arch)
  const bundled = path.join(path.dirname(fileURLToPath(import.meta.url)), rel)
  if (existsSync(bundled)) return bundled
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json')
    return path.join(path.dirname(pkg), rel)
  } catch {
    return bundled
  }
}

export interface OnnxRuntimeOptions {
  /** Where the CUDA provider comes from when it is not installed (the cuda-provider input). */
  readonly cudaProvider?: CudaProvider
}

export class OnnxRuntime implements Runtime {
  /** Decided once per run: the baseline model loads through here too, and must not say it again. */
  private cuda: Promise<void> | undefined
  private fellBack = false

  constructor(private readonly options: OnnxRuntimeOptions = {}) {}

  async load(modelPath: string, device: Device, log: Logger, input: 'model' | 'baseline' = 'model', bytes?: Uint8Array): Promise<Session> {
    if (!existsSync(modelPath)) throw new ModelError(`${input}: ${modelPath} does not exist; check the path, relative to the workspace`, input)
    const dir = nativeDir()
    if (!existsSync(path.join(dir, 'onnxruntime_binding.node'))) {
      throw new ModelError(
        `device: this build of model-gate has no onnxruntime binding for ${process.platform}/${process.arch} (dist/ ships linux/x64 and linux/arm64); run the job on a Linux runner`,
        'device'
      )
    }
    if (device.kind === 'cpu' || (device.kind === 'auto' && this.fellBack)) return this.create(modelPath, 'cpu', input, 0, bytes)
    const name = device.kind === 'auto' ? 'auto' : `'cuda:${device.deviceId}'`
    try {
      await (this.cuda ??= this.prepareCuda(dir, log))
    } catch (e) {
      if (!(e instanceof CudaUnavailable)) throw e
      if (device.kind === 'auto') {
        this.fellBack = true
        log.info(`device auto: running on CPU: ${e.message}`)
        return this.create(modelPath, 'cpu', input, 0, bytes)
      }
      throw new ModelError(`device ${name} cannot use CUDA: ${e.message}; or use device: auto or cpu`, 'device')
    }
    if (device.kind === 'auto') {
      try {
        const session = await this.create(modelPath, 'cuda', input, 0, bytes)
        log.info('device auto: running on CUDA device 0')
        return session
      } catch (e) {
        if (!(e instanceof CudaUnavailable)) throw e
        this.fellBack = true
        log.info(`device auto: running on CPU: ${e.message}`)
        return this.create(modelPath, 'cpu', input, 0, bytes)
      }
    }
    try {
      return await this.create(modelPath, 'cuda', input, device.deviceId, bytes)
    } catch (e) {
      if (e instanceof CudaUnavailable) throw new ModelError(`device ${name} cannot use CUDA: ${e.message}; or use device: auto or cpu`, 'device')
      throw e
    }
  }

  /** Throws CudaUnavailable with the reason when CUDA cannot be used; installs the provider if needed. */
  private async prepareCuda(dir: string, log: Logger): Promise<void> {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new CudaUnavailable(`onnxruntime-node's CUDA provider exists for linux/x64 only, this is ${process.platform}/${process.arch}`)
    }
    const gpu = probeGpu()
    if (!gpu.present) throw new CudaUnavailable(gpu.why)
    if (gpu.tooOld) throw new CudaUnavailable(`the NVIDIA driver is ${gpu.driver}, too old for CUDA 12 (needs ${MIN_DRIVER} or newer): update the driver`)
    const missing = missingLibraries()
    if (missing.length > 0) throw new CudaUnavailable(describeMissing(missing))
    if (CUDA_LIBS.every((lib) => existsSync(path.join(dir, lib)))) return
    const source = this.options.cudaProvider ?? { kind: 'auto' }
    if (source.kind === 'none') {
      throw new CudaUnavailable(`cuda-provider is none and ${CUDA_LIBS.join(', ')} are not in ${dir}; put them there, or set cuda-provider to auto, a URL or a path`)
    }
    // @actions/tool-cache and its HTTP client load only here
    const { provision } = await import('../cuda/provision.js')
    await provision(source, dir, log)
  }

  /** @param bytes the model file as already read and hashed, so it is not read a second time */
  private async create(modelPath: string, provider: 'cpu' | 'cuda', input: 'model' | 'baseline', deviceId = 0, bytes?: Uint8Array): Promise<Session> {
    let session: ort.InferenceSession
    try {
      const options: ort.InferenceSession.SessionOptions = {
        executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId }] : ['cpu'],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3
      }
      session = bytes ? await ort.InferenceSession.create(bytes, options) : await ort.InferenceSession.create(modelPath, options)
    } catch (e) {
      // from the path once more: its error is the one users know, and a failure stays the model's, worded as before
      if (bytes) return this.create(modelPath, provider, input, deviceId)
      const msg = (e as Error).message.split('\n')[0]!.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex -- strip the ANSI colours onnxruntime logs with
      if (provider === 'cuda') throw new CudaUnavailable(`onnxruntime could not start CUDA on device ${deviceId} (${msg}); check the GPU driver and the provider files`)
      throw new ModelError(`${input}: ${modelPath} is not a valid ONNX model onnxruntime can load (${msg}); export it again with torch.onnx.export or check the file`, input)
    }
    return new OrtSession(session, provider)
  }
}

function info(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  return meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: 'unknown', shape: [] }
}

class OrtSession implements Session {
  readonly version = (ort.env.versions as Record<string, string | undefined>).node
  readonly inputs: readonly TensorInfo[]
  readonly outputs: readonly TensorInfo[]

  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: 'cpu' | 'cuda'
  ) {
    this.inputs = session.inputMetadata.map(info)
    this.outputs = session.outputMetadata.map(info)
  }

  async run(input: InputTensor | readonly InputTensor[], outputNames: readonly string[]): Promise<Record<string, OutputTensor>> {
    const inputs: readonly InputTensor[] = Array.isArray(input) ? input : [input as InputTensor]
    const feeds: Record<string, ort.Tensor> = {}
    for (const t of inputs) feeds[t.name] = new ort.Tensor(t.type, t.data, t.dims)
    let result: ort.InferenceSession.ReturnType
    try {
      result = await this.session.run(feeds, outputNames)
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0]!
      const what = inputs.map((t) => `'${t.name}' of shape [${t.dims.join(', ')}]`).join(', ')
      throw new ModelError(`model rejected input ${what} (${msg}); check input-name, the test data shape and layout`, 'model')
    } finally {
      for (const t of Object.values(feeds)) t.dispose()
    }
    const out: Record<string, OutputTensor> = {}
    for (const [name, t] of Object.entries(result)) {
      out[name] = { type: t.type, dims: [...t.dims], data: t.data as OutputTensor['data'] }
    }
    return out
  }

  async release(): Promise<void> {
    await this.session.release()
  }
}
