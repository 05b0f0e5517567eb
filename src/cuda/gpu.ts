/**
 * Is there an NVIDIA GPU with a driver new enough for CUDA 12? Read from /proc/driver/nvidia (no
 * process to start), else from nvidia-smi. MODEL_GATE_TEST_FAKE_GPU is a hook for model-gate's own
 * tests only (there is no GPU where they run): `none` pretends there is none, a version such as
 * `550.54.15` pretends a GPU with that driver. Users never need it.
 */
import { execFileSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const FAKE_GPU_ENV = 'MODEL_GATE_TEST_FAKE_GPU'

/** CUDA 12.x runs on drivers from 525.60.13 on (NVIDIA's minor-version compatibility). */
export const MIN_DRIVER = '525.60.13'

export type GpuProbe = { readonly present: false; readonly why: string } | { readonly present: true; readonly driver: string; readonly tooOld: boolean }

function newer(a: string, b: string): boolean {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  }
  return true
}

function found(driver: string): GpuProbe {
  return { present: true, driver, tooOld: !newer(driver, MIN_DRIVER) }
}

export function probeGpu(env: NodeJS.ProcessEnv = process.env): GpuProbe {
  const fake = env[FAKE_GPU_ENV]?.trim()
  if (fake) return fake === 'none' ? { present: false, why: `no NVIDIA GPU (${FAKE_GPU_ENV}=none)` } : found(fake)
  if (process.platform !== 'linux') return { present: false, why: `no CUDA provider for ${process.platform}` }
  try {
    const m = /Kernel Module\s+(?:for\s+\S+\s+)?(\d+\.\d+(?:\.\d+)?)/.exec(readFileSync('/proc/driver/nvidia/version', 'utf8'))
    if (m) return found(m[1]!)
  } catch {
    // no driver loaded in this kernel, or a container without /proc/driver/nvidia: ask nvidia-smi
  }
  // looked up first: starting a process only to learn it is not there costs every CPU run ~2 ms
  if (!onPath('nvidia-smi', env)) return noGpu()
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=driver_version', '--format=csv,noheader'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'], env })
    const v = /(\d+\.\d+(?:\.\d+)?)/.exec(out)
    if (v) return found(v[1]!)
    return { present: false, why: `nvidia-smi lists no GPU` }
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string }
    if (err.code === 'ENOENT') return noGpu()
    const said = `${err.stdout ?? ''}`.trim().split('\n')[0] || err.message.split('\n')[0]
    return { present: false, why: `nvidia-smi finds no working NVIDIA driver (${said})` }
  }
}

function noGpu(): GpuProbe {
  return { present: false, why: `no NVIDIA GPU here (${existsSync('/proc/driver/nvidia') ? '/proc/driver/nvidia has no driver version' : 'no /proc/driver/nvidia'}, no nvidia-smi on PATH)` }
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    try {
      accessSync(path.join(dir, command), constants.X_OK)
      return true
    } catch {
      // not in this folder
    }
  }
  return false
}
