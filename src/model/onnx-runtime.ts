/**
 * The Runtime backed by onnxruntime-node. CUDA is asked for only when its provider libraries sit
 * next to libonnxruntime (the npm postinstall that downloads them is skipped offline); `auto`
 * falls back to CPU and says why, explicit `cuda` fails with what to do.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as ort from 'onnxruntime-node'
import { ModelError } from '../errors.js'
import type { Device } from '../inputs.js'
import type { Logger } from '../log.js'
import type { InputTensor, OutputTensor, Runtime, Session, TensorInfo } from './types.js'

const CUDA_LIBS = process.platform === 'win32'
  ? ['onnxruntime_providers_cuda.dll', 'onnxruntime_providers_shared.dll']
  : ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so']

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

function cudaMissing(dir: string): string[] {
  if (process.platform !== 'linux' && process.platform !== 'win32') return ['(CUDA is not available on this platform)']
  return CUDA_LIBS.filter((lib) => !existsSync(path.join(dir, lib)))
}

export class OnnxRuntime implements Runtime {
  async load(modelPath: string, device: Device, log: Logger, input: 'model' | 'baseline' = 'model'): Promise<Session> {
    if (!existsSync(modelPath)) throw new ModelError(`${input}: ${modelPath} does not exist; check the path, relative to the workspace`, input)
    const dir = nativeDir()
    if (!existsSync(path.join(dir, 'onnxruntime_binding.node'))) {
      throw new ModelError(
        `device: this build of model-gate has no onnxruntime binding for ${process.platform}/${process.arch} (dist/ ships linux/x64 and linux/arm64); run the job on a Linux runner`,
        'device'
      )
    }
    if (device.kind === 'cpu') return this.create(modelPath, 'cpu', input)
    const missing = cudaMissing(dir)
    if (device.kind === 'auto') {
      if (missing.length > 0) {
        log.info(`device auto: CUDA provider not installed (${missing.join(', ')} missing in ${dir}); running on CPU`)
        return this.create(modelPath, 'cpu', input)
      }
      try {
        const session = await this.create(modelPath, 'cuda', input, 0)
        log.info('device auto: running on CUDA device 0')
        return session
      } catch (e) {
        if (e instanceof ModelError && e.message.startsWith(`${input}: `)) throw e
        log.info(`device auto: CUDA is not usable here (${(e as Error).message.split('\n')[0]}); running on CPU`)
        return this.create(modelPath, 'cpu', input)
      }
    }
    if (missing.length > 0) {
      throw new ModelError(
        `device '${device.kind}:${device.deviceId}' needs the onnxruntime CUDA 12 provider, but ${missing.join(', ')} is missing in ${dir}; ` +
          `install it there (from onnxruntime-node's CUDA build) on a GPU runner, or use device: auto or cpu`,
        'device'
      )
    }
    return this.create(modelPath, 'cuda', input, device.deviceId)
  }

  private async create(modelPath: string, provider: 'cpu' | 'cuda', input: 'model' | 'baseline', deviceId = 0): Promise<Session> {
    let session: ort.InferenceSession
    try {
      session = await ort.InferenceSession.create(modelPath, {
        executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId }] : ['cpu'],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3
      })
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0]!.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex -- strip the ANSI colours onnxruntime logs with
      if (provider === 'cuda') throw new ModelError(`device cuda:${deviceId}: onnxruntime could not start CUDA (${msg}); use device: auto or cpu, or check the GPU driver`, 'device')
      throw new ModelError(`${input}: ${modelPath} is not a valid ONNX model onnxruntime can load (${msg}); export it again with torch.onnx.export or check the file`, input)
    }
    return new OrtSession(session, provider)
  }
}

function info(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  return meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: 'unknown', shape: [] }
}

class OrtSession implements Session {
  readonly inputs: readonly TensorInfo[]
  readonly outputs: readonly TensorInfo[]

  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: 'cpu' | 'cuda'
  ) {
    this.inputs = session.inputMetadata.map(info)
    this.outputs = session.outputMetadata.map(info)
  }

  async run(input: InputTensor, outputNames: readonly string[]): Promise<Record<string, OutputTensor>> {
    const tensor = new ort.Tensor(input.type, input.data, input.dims)
    let result: ort.InferenceSession.ReturnType
    try {
      result = await this.session.run({ [input.name]: tensor }, outputNames)
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0]!
      throw new ModelError(`model rejected input '${input.name}' of shape [${input.dims.join(', ')}] (${msg}); check input-name, the test data shape and layout`, 'model')
    } finally {
      tensor.dispose()
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
