/**
 * scripts/pin-cuda.mjs against a node:http server on 127.0.0.1 that answers as NuGet's v3 API does
 * (the flat-container package, the registration leaf, the catalog entry with the package's SHA-512):
 * it pins the sha256 of the package and of each provider file, and refuses a package whose SHA-512
 * is not the one NuGet publishes. The real NuGet is not reachable where this was written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { zipSync } from 'fflate'
import { ROOT, tempDir } from './helpers/run-dist.js'

const PIN = JSON.parse(readFileSync(path.join(ROOT, 'src', 'cuda', 'cuda-provider.json'), 'utf8'))
const id = PIN.package.toLowerCase()
const files = Object.fromEntries(PIN.files.filter((f: { required: boolean }) => f.required).map((f: { path: string }) => [f.path, new TextEncoder().encode(`stand-in ${f.path}`)]))
const pkg = zipSync(files)
const sha = (algo: string, b: Uint8Array, enc: 'hex' | 'base64') => createHash(algo).update(b).digest(enc)
let published = sha('sha512', pkg, 'base64')
let server: Server
let api: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === `/v3-flatcontainer/${id}/${PIN.onnxruntime}/${id}.${PIN.onnxruntime}.nupkg`) return res.writeHead(200).end(Buffer.from(pkg))
    if (req.url === `/v3/registration5-semver1/${id}/${PIN.onnxruntime}.json`) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ catalogEntry: `${api}/v3/catalog0/data/${id}.${PIN.onnxruntime}.json` }))
    if (req.url === `/v3/catalog0/data/${id}.${PIN.onnxruntime}.json`) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ packageHash: published, packageHashAlgorithm: 'SHA512' }))
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

/** Runs the script in a child process (asynchronously: the server answers from this one). */
async function pinCuda() {
  const file = path.join(tempDir('pin-'), 'cuda-provider.json')
  writeFileSync(file, JSON.stringify({ ...PIN, url: `${api}/v3-flatcontainer/${id}/${PIN.onnxruntime}/${id}.${PIN.onnxruntime}.nupkg` }))
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'pin-cuda.mjs')], { env: { PATH: process.env.PATH ?? '', NUGET_API: api, PIN_FILE: file } })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const status: number | null = await new Promise((resolve) => child.on('close', resolve))
  return { status, stderr, pin: JSON.parse(readFileSync(file, 'utf8')) }
}

describe('npm run pin-cuda', () => {
  it("pins the package and each provider file when the package's SHA-512 is NuGet's", async () => {
    published = sha('sha512', pkg, 'base64')
    const r = await pinCuda()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.pin.sha256).toBe(sha('sha256', pkg, 'hex'))
    expect(r.pin.nuget_sha512).toBe(published)
    for (const f of r.pin.files) expect([f.name, f.sha256]).toEqual([f.name, files[f.path] ? sha('sha256', files[f.path]!, 'hex') : null])
  })

  it('refuses, and pins nothing, when the download is not the package NuGet publishes', async () => {
    published = sha('sha512', new TextEncoder().encode('another package'), 'base64')
    const r = await pinCuda()
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^pin-cuda: the package's SHA-512 .* is not the .* NuGet publishes: not pinned\n$/)
    expect(r.pin.sha256).toBeNull()
  })
})
