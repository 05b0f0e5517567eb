/**
 * CUDA provisioning through dist/, end to end, without a GPU: a copy of dist/ whose pin
 * (cuda-provider.json) names a package served by a node:http server on 127.0.0.1, laid out as
 * NuGet's Microsoft.ML.OnnxRuntime.Gpu.Linux (a zip; the provider .so files are stand-ins), the GPU
 * faked with MODEL_GATE_TEST_FAKE_GPU, and the CUDA 12 / cuDNN 9 libraries faked by copies of libz
 * under their sonames on LD_LIBRARY_PATH (the dynamic loader finds and loads them for real). The
 * stand-in providers cannot start CUDA, so every run ends on CPU: what is tested is the download,
 * checksum, extraction, tool cache, placement next to libonnxruntime and every fallback reason.
 * A real CUDA session is not tested here: there is no GPU (docs/workflows/gpu.yml runs one).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { zipSync } from 'fflate'
import { ROOT, runDist, tempDir, type DistRun } from './helpers/run-dist.js'

const DIGITS = path.join(ROOT, 'fixtures', 'classify', 'digits-cnn.onnx')
const DIGITS_DATA = path.join(ROOT, 'fixtures', 'classify', 'digits-test.npz')
const NATIVE = 'runtimes/linux-x64/native'
const PIN = JSON.parse(readFileSync(path.join(ROOT, 'src', 'cuda', 'cuda-provider.json'), 'utf8'))
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

const STAND_INS: Record<string, Uint8Array> = {
  'libonnxruntime_providers_shared.so': new TextEncoder().encode('stand-in for libonnxruntime_providers_shared.so\n'),
  'libonnxruntime_providers_cuda.so': new TextEncoder().encode('stand-in for libonnxruntime_providers_cuda.so\n'.repeat(5000)),
  'libonnxruntime_providers_tensorrt.so': new TextEncoder().encode('stand-in for libonnxruntime_providers_tensorrt.so\n')
}

/** A .nupkg as NuGet lays it out: nuspec, [Content_Types].xml, runtimes/<rid>/native/…, deflated. */
function nupkg(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync({
    '_rels/.rels': new TextEncoder().encode('<Relationships/>'),
    'Microsoft.ML.OnnxRuntime.Gpu.Linux.nuspec': new TextEncoder().encode(`<package><metadata><id>${PIN.package}</id><version>${PIN.onnxruntime}</version></metadata></package>`),
    '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
    'runtimes/linux-x64/native/libonnxruntime.so': new Uint8Array(200_000).fill(7),
    ...Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${NATIVE}/${name}`, bytes]))
  }, { level: 6 })
}

const GOOD = nupkg(STAND_INS)
const NO_CUDA = nupkg({ 'libonnxruntime_providers_shared.so': STAND_INS['libonnxruntime_providers_shared.so']! })

let server: Server
let base: string
const hits: Record<string, number> = {}
const work = tempDir('cuda-e2e-')

/** The pin as `npm run pin-cuda` would write it for GOOD, served from the local server. */
function goodPin(overrides: Record<string, unknown> = {}) {
  return {
    ...PIN,
    url: `${base}/nuget/good.nupkg`,
    sha256: sha256(GOOD),
    files: PIN.files.map((f: { name: string }) => ({ ...f, sha256: sha256(STAND_INS[f.name]!) })),
    ...overrides
  }
}

/** A copy of dist/ with its own pin and its own native folder (binding and libonnxruntime linked). */
function distCopy(pin: unknown): { script: string; native: string } {
  const dir = tempDir('cuda-dist-', )
  const dist = path.join(dir, 'dist')
  mkdirSync(dist)
  for (const f of readdirSync(path.join(ROOT, 'dist'))) if (f !== 'bin') cpSync(path.join(ROOT, 'dist', f), path.join(dist, f))
  const native = path.join(dist, 'bin', 'napi-v6', 'linux', 'x64')
  mkdirSync(native, { recursive: true })
  for (const f of ['onnxruntime_binding.node', 'libonnxruntime.so.1']) {
    try {
      linkSync(path.join(ROOT, 'dist', 'bin', 'napi-v6', 'linux', 'x64', f), path.join(native, f))
    } catch {
      copyFileSync(path.join(ROOT, 'dist', 'bin', 'napi-v6', 'linux', 'x64', f), path.join(native, f))
    }
  }
  writeFileSync(path.join(dist, 'cuda-provider.json'), JSON.stringify(pin, null, 2))
  return { script: path.join(dist, 'index.js'), native }
}

/** Copies of libz under the sonames of CUDA 12 / cuDNN 9: real ELF files the loader opens. */
function fakeCudaLibraries(except: string[] = []): string {
  const dir = tempDir('fake-cuda-libs-')
  const libz = ['/lib/x86_64-linux-gnu/libz.so.1', '/usr/lib/x86_64-linux-gnu/libz.so.1', '/usr/lib64/libz.so.1'].find((f) => existsSync(f))!
  for (const so of ['libcudart.so.12', 'libcublas.so.12', 'libcublasLt.so.12', 'libcurand.so.10', 'libcufft.so.11', 'libcudnn.so.9']) {
    if (!except.includes(so)) copyFileSync(libz, path.join(dir, so))
  }
  return dir
}

const LIBS = () => fakeCudaLibraries()

function run(copy: { script: string }, inputs: Record<string, string>, env: Record<string, string>, toolCache = path.join(work, 'tool-cache')): Promise<DistRun> {
  return runDist({ model: DIGITS, 'test-data': DIGITS_DATA, ...inputs }, { script: copy.script, env: { RUNNER_TOOL_CACHE: toolCache, ...env } })
}

const GPU = { MODEL_GATE_TEST_FAKE_GPU: '550.54.15' }

beforeAll(async () => {
  server = createServer((req, res) => {
    hits[req.url!] = (hits[req.url!] ?? 0) + 1
    const body = req.url === '/nuget/good.nupkg' ? GOOD : req.url === '/nuget/no-cuda.nupkg' ? NO_CUDA : undefined
    if (req.url === '/nuget/forbidden.nupkg') return res.writeHead(403).end('forbidden')
    if (!body) return res.writeHead(404).end('not found')
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(Buffer.from(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(work, { recursive: true, force: true })
})

const onCpu = (r: DistRun) => {
  expect(r.errors).toEqual([])
  expect(r.code).toBe(0)
  expect(r.metrics().runtime).toMatchObject({ device: 'cpu', provider: 'cpu' })
}
const oneError = (r: DistRun, pattern: RegExp) => {
  expect(r.code).toBe(1)
  expect(r.errors).toHaveLength(1)
  expect(r.errors[0]).toMatch(pattern)
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
}

describe('CUDA provider, downloaded, verified and cached', () => {
  it('auto: downloads the pinned package once, checks it, extracts only the provider files into the tool cache, places them next to libonnxruntime; the next job takes them from the cache', async () => {
    const cache = path.join(work, 'cache-download')
    const libs = LIBS()
    const copy = distCopy(goodPin())
    const first = await run(copy, {}, { ...GPU, LD_LIBRARY_PATH: libs }, cache)
    onCpu(first)
    expect(hits['/nuget/good.nupkg']).toBe(1)
    expect(first.stdout).toMatch(`CUDA provider: downloading ${PIN.package} ${PIN.onnxruntime} from ${base}/nuget/good.nupkg`)
    expect(first.stdout).toMatch(`CUDA provider: sha256 ${sha256(GOOD)} verified`)
    expect(first.stdout).toMatch(/extracted libonnxruntime_providers_shared\.so, libonnxruntime_providers_cuda\.so, libonnxruntime_providers_tensorrt\.so into the runner's tool cache/)
    // the stand-ins cannot start CUDA: auto says so and runs on CPU
    expect(first.stdout).toMatch(/device auto: running on CPU: onnxruntime could not start CUDA on device 0 \(.+\); check the GPU driver and the provider files/)
    oneError(await run(distCopy(goodPin()), { device: 'cuda:0' }, { ...GPU, LD_LIBRARY_PATH: libs }, cache), /^::error::device 'cuda:0' cannot use CUDA: onnxruntime could not start CUDA on device 0 \(.+\); check the GPU driver and the provider files; or use device: auto or cpu$/)
    for (const [name, bytes] of Object.entries(STAND_INS)) expect(sha256(readFileSync(path.join(copy.native, name)))).toBe(sha256(bytes))
    // only the provider files were extracted: not the package's own libonnxruntime.so or nuspec
    const cached = path.join(cache, 'onnxruntime-cuda-provider', `${PIN.onnxruntime}-${sha256(GOOD).slice(0, 12)}`, 'x64')
    expect(readdirSync(cached).sort()).toEqual(Object.keys(STAND_INS).sort())
    expect(existsSync(`${cached}.complete`)).toBe(true)

    const next = distCopy(goodPin())
    const second = await run(next, {}, { ...GPU, LD_LIBRARY_PATH: libs }, cache)
    onCpu(second)
    expect(hits['/nuget/good.nupkg']).toBe(1)
    expect(second.stdout).toMatch(`CUDA provider: onnxruntime ${PIN.onnxruntime} from the runner's tool cache (${cached})`)
    expect(existsSync(path.join(next.native, 'libonnxruntime_providers_cuda.so'))).toBe(true)
  })

  it('a checksum mismatch installs nothing: auto runs on CPU saying so, explicit cuda fails', async () => {
    const pin = goodPin({ sha256: 'f'.repeat(64) })
    const copy = distCopy(pin)
    const auto = await run(copy, {}, { ...GPU, LD_LIBRARY_PATH: LIBS() }, path.join(work, 'cache-mismatch'))
    onCpu(auto)
    expect(auto.stdout).toMatch(`device auto: running on CPU: checksum mismatch: ${PIN.package} ${PIN.onnxruntime} (${base}/nuget/good.nupkg) has sha256 ${sha256(GOOD)}, not the ${'f'.repeat(64)} pinned`)
    expect(readdirSync(copy.native).sort()).toEqual(['libonnxruntime.so.1', 'onnxruntime_binding.node'])
    oneError(await run(copy, { device: 'cuda' }, { ...GPU, LD_LIBRARY_PATH: LIBS() }, path.join(work, 'cache-mismatch')), /^::error::device 'cuda:0' cannot use CUDA: checksum mismatch: .* nothing was installed; or use device: auto or cpu$/)
  })

  it("a file's own checksum is checked too", async () => {
    const pin = goodPin()
    pin.files = pin.files.map((f: { name: string }) => (f.name === 'libonnxruntime_providers_cuda.so' ? { ...f, sha256: '0'.repeat(64) } : f))
    const auto = await run(distCopy(pin), {}, { ...GPU, LD_LIBRARY_PATH: LIBS() }, path.join(work, 'cache-file-mismatch'))
    onCpu(auto)
    expect(auto.stdout).toMatch(`running on CPU: checksum mismatch: ${NATIVE}/libonnxruntime_providers_cuda.so in`)
  })

  it('a refused download (HTTP 403) is one line: CPU for auto, the error for cuda', async () => {
    const copy = distCopy(goodPin())
    const env = { ...GPU, LD_LIBRARY_PATH: LIBS() }
    const url = `${base}/nuget/forbidden.nupkg`
    onCpu(await run(copy, { 'cuda-provider': url }, env, path.join(work, 'cache-403')))
    const auto = await run(copy, { 'cuda-provider': url }, env, path.join(work, 'cache-403'))
    expect(auto.stdout).toMatch(`device auto: running on CPU: downloading ${url} was refused (HTTP 403)`)
    oneError(await run(copy, { 'cuda-provider': url, device: 'cuda:1' }, env, path.join(work, 'cache-403')), new RegExp(`^::error::device 'cuda:1' cannot use CUDA: downloading ${url.replace(/[.]/g, '\\.')} was refused \\(HTTP 403\\)`))
  })

  it('a package without the CUDA provider, and a file that is no zip, are refused', async () => {
    const env = { ...GPU, LD_LIBRARY_PATH: LIBS() }
    const unpinned = distCopy(PIN)
    const noCuda = await run(unpinned, { 'cuda-provider': `${base}/nuget/no-cuda.nupkg` }, env, path.join(work, 'cache-no-cuda'))
    onCpu(noCuda)
    expect(noCuda.stdout).toMatch(`running on CPU: cuda-provider: ${base}/nuget/no-cuda.nupkg holds no ${NATIVE}/libonnxruntime_providers_cuda.so; it is not the ${PIN.package} ${PIN.onnxruntime} package`)
    const text = path.join(work, 'not-a-zip.nupkg')
    writeFileSync(text, 'this is not a zip file at all\n')
    const notZip = await run(unpinned, { 'cuda-provider': text }, env, path.join(work, 'cache-no-cuda'))
    onCpu(notZip)
    expect(notZip.stdout).toMatch(`running on CPU: cuda-provider: ${text} is not a readable .nupkg (zip): no end of central directory`)
  })
})

describe('CUDA provider: no pin, explicit sources, none', () => {
  it('without a pinned sha256, auto refuses to download; an explicit URL is used unverified, with its sha256 in a warning', async () => {
    const copy = distCopy({ ...PIN, url: `${base}/nuget/good.nupkg` })
    const env = { ...GPU, LD_LIBRARY_PATH: LIBS() }
    const auto = await run(copy, {}, env, path.join(work, 'cache-unpinned'))
    onCpu(auto)
    expect(auto.stdout).toMatch(`device auto: running on CPU: this build of model-gate pins no sha256 for ${PIN.package} ${PIN.onnxruntime}, so it does not download it: set cuda-provider to the package's URL or path to use it unverified, or pin it (npm run pin-cuda) and rebuild`)
    oneError(await run(copy, { device: 'cuda' }, env, path.join(work, 'cache-unpinned')), /^::error::device 'cuda:0' cannot use CUDA: this build of model-gate pins no sha256/)
    const before = hits['/nuget/good.nupkg'] ?? 0
    const explicit = await run(copy, { 'cuda-provider': `${base}/nuget/good.nupkg` }, env, path.join(work, 'cache-unpinned'))
    onCpu(explicit)
    expect(hits['/nuget/good.nupkg']).toBe(before + 1)
    expect(explicit.stdout).toMatch(`::warning::cuda-provider: ${base}/nuget/good.nupkg is used unverified (this build pins no sha256 for ${PIN.package} ${PIN.onnxruntime}); its sha256 is ${sha256(GOOD)}`)
    expect(existsSync(path.join(copy.native, 'libonnxruntime_providers_cuda.so'))).toBe(true)
  })

  it('a local .nupkg and a folder of provider files (self-hosted runners without internet)', async () => {
    const env = { ...GPU, LD_LIBRARY_PATH: LIBS() }
    const file = path.join(work, 'offline.nupkg')
    writeFileSync(file, GOOD)
    const fromFile = distCopy(goodPin({ url: `${base}/nuget/never-asked.nupkg` }))
    const r = await run(fromFile, { 'cuda-provider': file }, env, path.join(work, 'cache-local'))
    onCpu(r)
    expect(hits['/nuget/never-asked.nupkg']).toBeUndefined()
    expect(r.stdout).toMatch(`CUDA provider: sha256 ${sha256(GOOD)} verified`)
    expect(readFileSync(path.join(fromFile.native, 'libonnxruntime_providers_cuda.so'))).toEqual(Buffer.from(STAND_INS['libonnxruntime_providers_cuda.so']!))

    const folder = path.join(work, 'provider-files')
    mkdirSync(folder)
    for (const [name, bytes] of Object.entries(STAND_INS)) writeFileSync(path.join(folder, name), bytes)
    const fromFolder = distCopy(goodPin())
    const f = await run(fromFolder, { 'cuda-provider': folder }, env, path.join(work, 'cache-folder'))
    onCpu(f)
    expect(f.stdout).toMatch(`CUDA provider: installed from ${folder} next to libonnxruntime`)
    writeFileSync(path.join(folder, 'libonnxruntime_providers_cuda.so'), 'tampered')
    const tampered = await run(distCopy(goodPin()), { 'cuda-provider': folder }, env, path.join(work, 'cache-folder'))
    expect(tampered.stdout).toMatch(`running on CPU: cuda-provider: ${path.join(folder, 'libonnxruntime_providers_cuda.so')} does not match the pinned sha256`)
  })

  it('cuda-provider: none installs nothing', async () => {
    const copy = distCopy(goodPin())
    const before = hits['/nuget/good.nupkg'] ?? 0
    const r = await run(copy, { 'cuda-provider': 'none' }, { ...GPU, LD_LIBRARY_PATH: LIBS() }, path.join(work, 'cache-none'))
    onCpu(r)
    expect(hits['/nuget/good.nupkg'] ?? 0).toBe(before)
    expect(readdirSync(copy.native).sort()).toEqual(['libonnxruntime.so.1', 'onnxruntime_binding.node'])
    expect(r.stdout).toMatch(/device auto: running on CPU: cuda-provider is none and libonnxruntime_providers_cuda\.so, libonnxruntime_providers_shared\.so are not in .*; put them there, or set cuda-provider to auto, a URL or a path/)
  })
})

describe('CUDA fallbacks before any download', () => {
  const copy = () => distCopy(goodPin({ url: `${base}/nuget/must-not-be-fetched.nupkg` }))
  afterAll(() => expect(hits['/nuget/must-not-be-fetched.nupkg']).toBeUndefined())

  it('no GPU: auto says once, plainly, that it runs on CPU and why; cuda fails', async () => {
    const c = copy()
    const auto = await run(c, { baseline: DIGITS, thresholds: 'accuracy_vs_baseline: { max_drop: 0.01 }' }, { MODEL_GATE_TEST_FAKE_GPU: 'none' })
    onCpu(auto)
    // the baseline model loads through the same runtime: still one line
    expect(auto.stdout.match(/device auto: running on CPU/g)).toHaveLength(1)
    expect(auto.stdout).toMatch('device auto: running on CPU: no NVIDIA GPU (MODEL_GATE_TEST_FAKE_GPU=none)')
    oneError(await run(c, { device: 'cuda:0' }, { MODEL_GATE_TEST_FAKE_GPU: 'none' }), /^::error::device 'cuda:0' cannot use CUDA: no NVIDIA GPU/)
  })

  it('this machine, undisguised: no /proc/driver/nvidia and no nvidia-smi', async () => {
    const auto = await run(copy(), {}, {})
    onCpu(auto)
    expect(auto.stdout).toMatch(/device auto: running on CPU: (no NVIDIA GPU here \(no \/proc\/driver\/nvidia, no nvidia-smi on PATH\)|nvidia-smi .*)/)
  })

  it('a driver too old for CUDA 12', async () => {
    const c = copy()
    const auto = await run(c, {}, { MODEL_GATE_TEST_FAKE_GPU: '470.82.01', LD_LIBRARY_PATH: LIBS() })
    onCpu(auto)
    expect(auto.stdout).toMatch('device auto: running on CPU: the NVIDIA driver is 470.82.01, too old for CUDA 12 (needs 525.60.13 or newer): update the driver')
    oneError(await run(c, { device: 'cuda' }, { MODEL_GATE_TEST_FAKE_GPU: '470.82.01' }), /^::error::device 'cuda:0' cannot use CUDA: the NVIDIA driver is 470\.82\.01, too old/)
  })

  it('CUDA 12 / cuDNN 9 libraries missing: named, with what to install', async () => {
    const c = copy()
    const none = await run(c, {}, GPU)
    onCpu(none)
    expect(none.stdout).toMatch(/running on CPU: the CUDA 12 \/ cuDNN 9 runtime libraries libcudart\.so\.12 \(CUDA 12 runtime\), libcublas\.so\.12 \(cuBLAS 12\), libcublasLt\.so\.12 \(cuBLASLt 12\), libcurand\.so\.10 \(cuRAND \(CUDA 12\)\), libcufft\.so\.11 \(cuFFT \(CUDA 12\)\), libcudnn\.so\.9 \(cuDNN 9\) are not found by the dynamic loader: install them \(apt, from NVIDIA's CUDA repository: cuda-cudart-12-x libcublas-12-x libcurand-12-x libcufft-12-x libcudnn9-cuda-12; or pip: .*\), or run the job in an nvidia\/cuda:12\.x-cudnn-runtime container/)
    const cudnnOnly = await run(c, {}, { ...GPU, LD_LIBRARY_PATH: fakeCudaLibraries(['libcudnn.so.9']) })
    onCpu(cudnnOnly)
    expect(cudnnOnly.stdout).toMatch(/running on CPU: the CUDA 12 \/ cuDNN 9 runtime libraries libcudnn\.so\.9 \(cuDNN 9\) is not found by the dynamic loader: install them \(apt, from NVIDIA's CUDA repository: libcudnn9-cuda-12; or pip: nvidia-cudnn-cu12/)
    oneError(await run(c, { device: 'cuda' }, GPU), /^::error::device 'cuda:0' cannot use CUDA: the CUDA 12 \/ cuDNN 9 runtime libraries libcudart\.so\.12/)
  })
})
