/**
 * The CUDA 12 and cuDNN 9 libraries onnxruntime's CUDA provider links against. Checked by asking the
 * dynamic loader itself (dlopen by soname, through Node's process.dlopen), so LD_LIBRARY_PATH, the
 * ldconfig cache and the default folders count exactly as they will when onnxruntime loads the
 * provider: a library that loads but is no Node addon fails with "did not self-register", which
 * here means it is present.
 */
export interface RuntimeLibrary {
  readonly soname: string
  readonly what: string
  /** Debian/Ubuntu package in NVIDIA's CUDA repository. */
  readonly apt: string
  /** The pip wheel that ships it (its lib/ folder goes on LD_LIBRARY_PATH). */
  readonly pip: string
}

export const CUDA_RUNTIME_LIBRARIES: readonly RuntimeLibrary[] = [
  { soname: 'libcudart.so.12', what: 'CUDA 12 runtime', apt: 'cuda-cudart-12-x', pip: 'nvidia-cuda-runtime-cu12' },
  { soname: 'libcublas.so.12', what: 'cuBLAS 12', apt: 'libcublas-12-x', pip: 'nvidia-cublas-cu12' },
  { soname: 'libcublasLt.so.12', what: 'cuBLASLt 12', apt: 'libcublas-12-x', pip: 'nvidia-cublas-cu12' },
  { soname: 'libcurand.so.10', what: 'cuRAND (CUDA 12)', apt: 'libcurand-12-x', pip: 'nvidia-curand-cu12' },
  { soname: 'libcufft.so.11', what: 'cuFFT (CUDA 12)', apt: 'libcufft-12-x', pip: 'nvidia-cufft-cu12' },
  { soname: 'libcudnn.so.9', what: 'cuDNN 9', apt: 'libcudnn9-cuda-12', pip: 'nvidia-cudnn-cu12' }
]

export type Loader = (soname: string) => boolean

export const dlopenable: Loader = (soname) => {
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, soname)
    return true // a Node addon by that name: present too
  } catch (e) {
    return /did not self-register/i.test((e as Error).message)
  }
}

export function missingLibraries(load: Loader = dlopenable): RuntimeLibrary[] {
  return CUDA_RUNTIME_LIBRARIES.filter((lib) => !load(lib.soname))
}

/** "libcudnn.so.9 (cuDNN 9) … are not found by the dynamic loader: install …". */
export function describeMissing(missing: readonly RuntimeLibrary[]): string {
  const uniq = (xs: string[]) => [...new Set(xs)].join(' ')
  return (
    `the CUDA 12 / cuDNN 9 runtime libraries ${missing.map((l) => `${l.soname} (${l.what})`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not found by the dynamic loader: ` +
    `install them (apt, from NVIDIA's CUDA repository: ${uniq(missing.map((l) => l.apt))}; or pip: ${uniq(missing.map((l) => l.pip))} and put their lib folders on LD_LIBRARY_PATH), ` +
    `or run the job in an nvidia/cuda:12.x-cudnn-runtime container (docs/workflows/gpu.yml)`
  )
}
