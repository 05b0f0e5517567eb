#!/usr/bin/env node
// `npm run pin-cuda [-- path/to/package.nupkg]`: pins the onnxruntime CUDA provider package that
// cuda-provider: auto installs. Needs network. Downloads Microsoft.ML.OnnxRuntime.Gpu.Linux of the
// version in src/cuda/cuda-provider.json (or hashes the .nupkg given), checks it against the SHA-512
// that NuGet's catalog publishes for that version (so the pin is NuGet's package, not whatever the
// download returned), and writes the sha256 of the package and of each provider file into the pin.
// Then `npm run build` copies it into dist/. Run it again whenever onnxruntime-node is upgraded
// (the build refuses a pin of another onnxruntime version).
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// PIN_FILE and NUGET_API let the script's own test run it against a local server
const pinFile = process.env.PIN_FILE ?? path.join(root, 'src', 'cuda', 'cuda-provider.json')
const pin = JSON.parse(readFileSync(pinFile, 'utf8'))
const ortVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')).version
const api = process.env.NUGET_API ?? 'https://api.nuget.org'
const id = pin.package.toLowerCase()

function fail(message) {
  console.error(`pin-cuda: ${message}`)
  process.exit(1)
}

/* global fetch -- Node 20's */
async function get(url, what) {
  let res
  try {
    res = await fetch(url)
  } catch (e) {
    fail(`cannot reach ${url} (${e.cause?.code ?? e.message}); pin-cuda needs network access to NuGet`)
  }
  if (!res.ok) fail(`${url} answered HTTP ${res.status} for ${what}`)
  return res
}

if (pin.onnxruntime !== ortVersion) {
  // a new onnxruntime-node: the package of its version, at NuGet's flat-container address
  pin.onnxruntime = ortVersion
  pin.url = `${api}/v3-flatcontainer/${id}/${ortVersion}/${id}.${ortVersion}.nupkg`
}
const local = process.argv[2]
const bytes = local
  ? readFileSync(local)
  : Buffer.from(await (await get(pin.url, `${pin.package} ${pin.onnxruntime}`)).arrayBuffer())

const registration = await (await get(`${api}/v3/registration5-semver1/${id}/${pin.onnxruntime}.json`, 'the registration leaf')).json()
const catalog = await (await get(registration.catalogEntry, 'the catalog entry')).json()
if (catalog.packageHashAlgorithm !== 'SHA512') fail(`NuGet's catalog gives a ${catalog.packageHashAlgorithm} hash, not SHA512`)
const sha512 = createHash('sha512').update(bytes).digest('base64')
if (sha512 !== catalog.packageHash) fail(`the package's SHA-512 ${sha512} is not the ${catalog.packageHash} NuGet publishes: not pinned`)

const wanted = new Set(pin.files.map((f) => f.path))
const files = unzipSync(bytes, { filter: (f) => wanted.has(f.name) })
pin.sha256 = createHash('sha256').update(bytes).digest('hex')
pin.nuget_sha512 = sha512
pin.files = pin.files.map((f) => {
  if (!files[f.path] && f.required) fail(`${pin.package} ${pin.onnxruntime} holds no ${f.path}`)
  return { ...f, sha256: files[f.path] ? createHash('sha256').update(files[f.path]).digest('hex') : null }
})
writeFileSync(pinFile, `${JSON.stringify(pin, null, 2)}\n`)
console.log(`pin-cuda: ${pin.package} ${pin.onnxruntime}: sha256 ${pin.sha256} (SHA-512 matches NuGet's), written to ${path.relative(root, pinFile)}; now npm run build`)
