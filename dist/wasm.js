/**
 * The project's WebAssembly modules (the .wat files under src/, assembled ahead of time into the
 * <name>-wasm-bytes.ts beside them by
 * __tests__/generated.test.ts): instantiated synchronously from their bytes, each once a thread.
 */
/** A module's exports, or null where this runtime cannot run it (no WebAssembly, or no SIMD): callers fall back to JavaScript. */
function instantiate(base64) {
    try {
        return new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64'))).exports;
    }
    catch {
        return null;
    }
}
/** Grows `memory` to hold at least `bytes` (a module's memory never shrinks: callers cap what they put in it). */
function reserve(memory, bytes) {
    const need = bytes - memory.buffer.byteLength;
    if (need > 0)
        memory.grow(Math.ceil(need / 65536));
}
/** `n` rounded up to a multiple of 16, for SIMD-friendly, typed-array-aligned offsets. */
const align16 = (n) => (n + 15) & -16;

export { align16 as a, instantiate as i, reserve as r };
