/** The pieces of CUDA provisioning that need no process: input parsing, the GPU probe's test hook, the library check, zip reading. */
import { describe, expect, it } from '@jest/globals'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { parseCudaProvider } from '../src/inputs.js'
import { probeGpu } from '../src/cuda/gpu.js'
import { CUDA_RUNTIME_LIBRARIES, describeMissing, dlopenable, missingLibraries } from '../src/cuda/libraries.js'
import { extractEntries, ZipFormatError } from '../src/cuda/zip.js'
import { InputError } from '../src/errors.js'
import { tempDir } from './helpers/run-dist.js'

describe('cuda-provider input', () => {
  it('takes auto, none, an http(s) URL, a file: URL or a path', () => {
    expect(parseCudaProvider('auto')).toEqual({ kind: 'auto' })
    expect(parseCudaProvider(' NONE ')).toEqual({ kind: 'none' })
    expect(parseCudaProvider('https://mirror.example/pkg.nupkg')).toEqual({ kind: 'url', url: 'https://mirror.example/pkg.nupkg' })
    expect(parseCudaProvider('file:///opt/p.nupkg')).toEqual({ kind: 'path', path: '/opt/p.nupkg' })
    expect(parseCudaProvider('pkgs/p.nupkg')).toEqual({ kind: 'path', path: path.resolve('pkgs/p.nupkg') })
  })

  it('refuses other URL schemes, naming the input', () => {
    expect(() => parseCudaProvider('ftp://host/p.nupkg')).toThrow(InputError)
    expect(() => parseCudaProvider('ftp://host/p.nupkg')).toThrow(/input 'cuda-provider' is 'ftp:\/\/host\/p\.nupkg': use auto, none, an http\(s\) URL/)
  })
})

describe('GPU probe', () => {
  it('the test hook fakes a GPU with a driver, or none; drivers are compared as versions', () => {
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: 'none' })).toEqual({ present: false, why: 'no NVIDIA GPU (MODEL_GATE_TEST_FAKE_GPU=none)' })
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: '550.54.15' })).toEqual({ present: true, driver: '550.54.15', tooOld: false })
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: '525.60.13' })).toMatchObject({ tooOld: false })
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: '525.60.2' })).toMatchObject({ tooOld: true })
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: '470.82.01' })).toMatchObject({ tooOld: true })
    expect(probeGpu({ MODEL_GATE_TEST_FAKE_GPU: '1000.1' })).toMatchObject({ tooOld: false })
  })

  it('asks an nvidia-smi found on PATH, and starts no process when there is none', () => {
    // with a driver loaded, /proc/driver/nvidia answers first and nvidia-smi is never asked
    if (existsSync('/proc/driver/nvidia/version')) return expect(probeGpu({ PATH: '' })).toMatchObject({ present: true })
    const bin = tempDir('fake-smi-')
    const smi = path.join(bin, 'nvidia-smi')
    writeFileSync(smi, '#!/bin/sh\necho 535.104.05\n')
    chmodSync(smi, 0o755)
    expect(probeGpu({ PATH: `${path.join(bin, 'none')}${path.delimiter}${bin}` })).toEqual({ present: true, driver: '535.104.05', tooOld: false })
    // not executable: skipped like the shell would
    chmodSync(smi, 0o644)
    expect(probeGpu({ PATH: bin })).toEqual({ present: false, why: 'no NVIDIA GPU here (no /proc/driver/nvidia, no nvidia-smi on PATH)' })
    expect(probeGpu({ PATH: '' })).toEqual({ present: false, why: 'no NVIDIA GPU here (no /proc/driver/nvidia, no nvidia-smi on PATH)' })
  })
})

describe('CUDA runtime libraries', () => {
  it('asks the dynamic loader: a real library loads, an absent soname does not', () => {
    expect(dlopenable('libz.so.1')).toBe(true)
    expect(dlopenable('libmodel-gate-no-such-library.so.7')).toBe(false)
    expect(missingLibraries((so) => so !== 'libcudnn.so.9').map((l) => l.soname)).toEqual(['libcudnn.so.9'])
    expect(missingLibraries(() => true)).toEqual([])
  })

  it('names what to install, once per package', () => {
    const text = describeMissing(CUDA_RUNTIME_LIBRARIES.filter((l) => l.soname.startsWith('libcublas')))
    expect(text).toMatch('libcublas.so.12 (cuBLAS 12), libcublasLt.so.12 (cuBLASLt 12) are not found')
    expect(text).toMatch("apt, from NVIDIA's CUDA repository: libcublas-12-x; or pip: nvidia-cublas-cu12 ")
  })
})

describe('zip entries', () => {
  it('extracts only the entries asked for, stored or deflated, and hashes them', async () => {
    const dir = tempDir('zip-')
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) % 251)
    const zip = path.join(dir, 'p.nupkg')
    writeFileSync(zip, zipSync({ 'a/keep.so': [big, { level: 9 }], 'a/stored.so': [new TextEncoder().encode('stored'), { level: 0 }], 'a/empty.so': new Uint8Array(0), 'b/skip.bin': new Uint8Array(1000) }))
    const want = new Map([['a/keep.so', path.join(dir, 'keep.so')], ['a/stored.so', path.join(dir, 'stored.so')], ['a/empty.so', path.join(dir, 'empty.so')], ['a/absent.so', path.join(dir, 'absent.so')]])
    const hashes = await extractEntries(zip, want)
    expect([...hashes.keys()].sort()).toEqual(['a/empty.so', 'a/keep.so', 'a/stored.so'])
    expect(readFileSync(path.join(dir, 'keep.so'))).toEqual(Buffer.from(big))
    expect(readFileSync(path.join(dir, 'stored.so'), 'utf8')).toBe('stored')
    expect(readFileSync(path.join(dir, 'empty.so')).length).toBe(0)
    expect(hashes.get('a/empty.so')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('a file that is not a zip, and a truncated one, are ZipFormatErrors', async () => {
    const dir = tempDir('zip-')
    writeFileSync(path.join(dir, 'x'), 'not a zip')
    await expect(extractEntries(path.join(dir, 'x'), new Map([['a', path.join(dir, 'a')]]))).rejects.toThrow(ZipFormatError)
    const zip = Buffer.from(zipSync({ 'a/keep.so': new Uint8Array(100_000).map((_, i) => (i * 2654435761) >>> 24) }))
    const cut = Buffer.concat([zip.subarray(0, 200), zip.subarray(zip.length - 200)])
    writeFileSync(path.join(dir, 'cut'), cut)
    await expect(extractEntries(path.join(dir, 'cut'), new Map([['a/keep.so', path.join(dir, 'k')]]))).rejects.toThrow(ZipFormatError)
  })
})
