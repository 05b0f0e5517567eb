/**
 * A decode worker (decode-pool.ts): files in, one sample's float32 values out, through the very
 * function the main thread uses, so the bytes are the same.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { DataError } from '../errors.js'
import type { Decoded, DecodeRequest, DecodeSpec } from './decode-pool.js'
import { decodeImage, lookupTables } from './images.js'

const spec = workerData as DecodeSpec
const lut = lookupTables(spec.mean, spec.std)
const per = spec.channels * spec.h * spec.w

parentPort!.on('message', ({ id, file }: DecodeRequest) => {
  const into = new Float32Array(per)
  let saturated = false
  decodeImage(file, spec, lut, into, 0, () => (saturated = true)).then(
    () => parentPort!.postMessage({ id, data: into, saturated } satisfies Decoded & { id: number }, [into.buffer]),
    (e: unknown) => {
      const error = e instanceof DataError ? { message: e.message, input: e.input, data: true } : { message: (e as Error)?.message ?? String(e), data: false }
      parentPort!.postMessage({ id, saturated, error } satisfies Decoded & { id: number })
    }
  )
})
