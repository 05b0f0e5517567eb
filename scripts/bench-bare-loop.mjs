// The floor for a small gate: a process that imports onnxruntime-node, creates the session and runs
// every sample of a features .npy through it, nothing else. Usage: node bench-bare-loop.mjs model.onnx x.npy
import { readFileSync } from 'node:fs'
import ort from 'onnxruntime-node'

const [model, xFile] = process.argv.slice(2)
const bytes = readFileSync(xFile)
const headerLen = bytes.readUInt16LE(8)
const header = bytes.subarray(10, 10 + headerLen).toString('latin1')
const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').filter((s) => s.trim()).map(Number)
const x = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLen, bytes.byteOffset + bytes.length))
const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] })
const input = session.inputNames[0]
const per = x.length / shape[0]
const batch = Number(session.inputMetadata[0].shape[0]) || 1
let sum = 0
for (let s = 0; s < shape[0]; s += batch) {
  const out = await session.run({ [input]: new ort.Tensor('float32', x.subarray(s * per, (s + batch) * per), [batch, ...shape.slice(1)]) })
  sum += out[session.outputNames[0]].data[0]
}
if (!Number.isFinite(sum)) process.exitCode = 1
await session.release()
