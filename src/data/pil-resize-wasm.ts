/**
 * pilBilinearWindow (pil-resize.ts) in WebAssembly SIMD (pil-resize.wat): the same coefficients, the
 * same int32 products and sums and the same clipping, four or sixteen bytes at a time, so the same
 * bytes (pil-resize.test.ts holds the two equal); and the lookup that turns them into the tensor's
 * floats. A photo run's own time (besides onnxruntime's) went mostly to this resize, on the main
 * thread while onnxruntime waits for the next batch; in SIMD it takes ~5× less (npm run bench -- images).
 * Where WebAssembly SIMD is missing, or an image would need a very large memory, the JavaScript
 * version runs instead.
 */
import { coefficients, pilBilinearWindow, type Coefficients } from './pil-resize.js'
import { PIL_RESIZE_WASM } from './pil-resize-wasm-bytes.js'
import { align16, instantiate, reserve, type WasmMemory } from '../wasm.js'

interface Exports {
  readonly memory: WasmMemory
  horizontal(src: number, w: number, first: number, rows: number, bounds: number, kk: number, ksize: number, from: number, count: number, out: number): void
  vertical(tmp: number, stride: number, first: number, bounds: number, kk: number, ksize: number, top: number, ch: number, out: number): void
  normalise(src: number, pixels: number, lut: number, nchw: number, out: number): void
}

/** The SIMD loads read up to 16 bytes past a row, and stores write up to 16 past it. */
const PAD = 16
/** Memory the module may grow to; a larger image is resized in JavaScript (a wasm memory never shrinks). */
const MAX_BYTES = 256 * 1024 * 1024

let instance: Exports | null | undefined

function load(): Exports | null {
  // null: no WebAssembly SIMD in this runtime, and the JavaScript resize gives the same bytes
  if (instance === undefined) instance = instantiate<Exports>(PIL_RESIZE_WASM)
  return instance
}

/** Whether resizeWindow runs in WebAssembly here (else in JavaScript): for the tests, which must not compare the JavaScript resize with itself. */
export function wasmResize(): boolean {
  return load() !== null
}

function putCoefficients(mem: WasmMemory, at: number, c: Coefficients): { bounds: number; kk: number; end: number } {
  new Int32Array(mem.buffer, at, c.bounds.length).set(c.bounds)
  const kk = align16(at + c.bounds.byteLength)
  new Int32Array(mem.buffer, kk, c.kk.length).set(c.kk)
  return { bounds: at, kk, end: align16(kk + c.kk.byteLength) }
}

/**
 * pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch): the cw×ch window at (left, top) of
 * src resized to outW×outH, as interleaved RGB bytes. The array returned may be a view of the
 * module's memory, valid until the next call: copy or consume it first.
 */
export function resizeWindow(src: Uint8Array, w: number, h: number, outW: number, outH: number, left: number, top: number, cw: number, ch: number): Uint8Array {
  const wasm = load()
  const horiz = outW !== w ? coefficients(w, outW) : undefined
  const vert = outH !== h ? coefficients(h, outH) : undefined
  const first = vert ? vert.bounds[top * 2]! : top
  const last = vert ? vert.bounds[(top + ch - 1) * 2]! + vert.bounds[(top + ch - 1) * 2 + 1]! : top + ch
  const rows = last - first
  const coefBytes = (c: Coefficients | undefined) => (c ? align16(c.bounds.byteLength) + align16(c.kk.byteLength) : 0)
  const total = align16(src.length + PAD) + coefBytes(horiz) + coefBytes(vert) + align16(cw * rows * 3 + PAD) + align16(cw * ch * 3 + PAD)
  if (wasm === null || total > MAX_BYTES || (!horiz && !vert)) return pilBilinearWindow(src, w, h, outW, outH, left, top, cw, ch)
  const mem = wasm.memory
  reserve(mem, total)
  new Uint8Array(mem.buffer, 0, src.length).set(src)
  let at = align16(src.length + PAD)
  const hc = horiz ? putCoefficients(mem, at, horiz) : undefined
  at = hc?.end ?? at
  const vc = vert ? putCoefficients(mem, at, vert) : undefined
  at = vc?.end ?? at
  // tmp: the window's columns over the source rows its vertical pass reads, horizontally resized (or copied)
  const tmp = at
  const out = align16(tmp + cw * rows * 3 + PAD)
  if (hc) wasm.horizontal(0, w, first, rows, hc.bounds, hc.kk, horiz!.ksize, left, cw, tmp)
  else for (let y = 0; y < rows; y++) new Uint8Array(mem.buffer, tmp + y * cw * 3, cw * 3).set(src.subarray(((y + first) * w + left) * 3, ((y + first) * w + left + cw) * 3))
  if (!vc) return new Uint8Array(mem.buffer, tmp, cw * ch * 3)
  wasm.vertical(tmp, cw * 3, first, vc.bounds, vc.kk, vert!.ksize, top, ch, out)
  return new Uint8Array(mem.buffer, out, cw * ch * 3)
}

/**
 * ToTensor + Normalize of `pixels` interleaved RGB pixels by the channels' lookup tables, written to
 * into[at…] planar (nchw) or interleaved: the tables' own floats, so the same values as the
 * JavaScript loop. Reads the bytes where they are when they are resizeWindow's window (no copy).
 * Returns false, having written nothing, where the module cannot run or would need too large a memory.
 */
export function normaliseRgb(into: Float32Array, at: number, data: Uint8Array, pixels: number, nchw: boolean, lut: readonly Float32Array[]): boolean {
  const wasm = load()
  if (wasm === null) return false
  const mem = wasm.memory
  const inside = data.buffer === mem.buffer
  const src = inside ? data.byteOffset : 0
  const tables = align16(src + pixels * 3 + PAD)
  const out = tables + 3 * 256 * 4
  const total = out + pixels * 3 * 4
  if (total > MAX_BYTES) return false
  // growing detaches the views of the old memory: data is copied in (or its offset kept) after
  reserve(mem, total)
  if (!inside) new Uint8Array(mem.buffer, 0, pixels * 3).set(data.subarray(0, pixels * 3))
  for (let c = 0; c < 3; c++) new Float32Array(mem.buffer, tables + c * 1024, 256).set(lut[c]!)
  wasm.normalise(src, pixels, tables, nchw ? 1 : 0, out)
  into.set(new Float32Array(mem.buffer, out, pixels * 3), at)
  return true
}
