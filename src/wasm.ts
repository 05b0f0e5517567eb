/**
 * The project's WebAssembly modules (the .wat files under src/, assembled ahead of time into the
 * <name>-wasm-bytes.ts beside them by
 * __tests__/generated.test.ts): instantiated synchronously from their bytes, each once a thread.
 */

// Node's WebAssembly global; its types ship with TypeScript's DOM library, which this project does not load
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { readonly exports: unknown }
}

/** A module's exports, or null where this runtime cannot run it (no WebAssembly, or no SIMD): callers fall back to JavaScript. */
export function instantiate<T>(base64: string): T | null {
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64'))).exports as T
  } catch {
    return null
  }
}

/** Grows `memory` to hold at least `bytes` (a module's memory never shrinks: callers cap what they put in it). */
export function reserve(memory: WasmMemory, bytes: number): void {
  const need = bytes - memory.buffer.byteLength
  if (need > 0) memory.grow(Math.ceil(need / 65536))
}

/** `n` rounded up to a multiple of 16, for SIMD-friendly, typed-array-aligned offsets. */
export const align16 = (n: number): number => (n + 15) & ~15
