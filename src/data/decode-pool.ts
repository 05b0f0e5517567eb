/**
 * Image decoding on worker threads (decode-worker.ts): each worker decodes and preprocesses whole
 * files with the same code as the main thread (images.ts decodeImage) and hands back one sample's
 * float32 values. Used to decode the first batch while onnxruntime, which blocks the main thread,
 * creates the session, and to decode on every core while a GPU runs the model.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { DataError } from '../errors.js'

/** How every image of a set comes out: side, preprocessing, channels, layout (what a decode worker is told). */
export interface DecodeSpec {
  readonly h: number
  readonly w: number
  readonly imageSize: number | undefined
  readonly crop: number | undefined
  readonly channels: 1 | 3
  readonly nchw: boolean
  readonly mean: readonly number[] | undefined
  readonly std: readonly number[] | undefined
}

/** What a worker made of one file: the sample, or the error decodeImage threw (as data: it crosses threads). */
export interface Decoded {
  readonly data?: Float32Array
  /** 16-bit grayscale clipped to 255 (the warning counts it, decoded or not). */
  readonly saturated: boolean
  readonly error?: { readonly message: string; readonly input?: string; readonly data: boolean }
}

export interface DecodeRequest {
  readonly id: number
  readonly file: string
}

// dist/ holds decode-worker.js beside every chunk; from the TypeScript sources (Jest) there is no
// worker file, and everything is decoded on the main thread as before.
const WORKER = new URL('./decode-worker.js', import.meta.url)

export function poolAvailable(): boolean {
  return WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER))
}

/** The error a worker reported, as the main thread's decode would have thrown it. */
export function decodedError(d: Decoded): Error | undefined {
  if (!d.error) return undefined
  return d.error.data ? new DataError(d.error.message, d.error.input) : new Error(d.error.message)
}

interface Slot {
  readonly worker: Worker
  readonly pending: Map<number, { resolve: (d: Decoded) => void; reject: (e: Error) => void }>
}

export class DecodePool {
  private readonly slots: Slot[] = []
  private nextId = 0
  private closed = false

  private constructor(readonly spec: DecodeSpec) {}

  /**
   * sharp is loaded by the main thread first: with glibc, libvips must stay loaded until every
   * thread that used it has ended (sharp's documentation on worker threads).
   */
  static async start(spec: DecodeSpec, size: number): Promise<DecodePool> {
    await import('sharp')
    const pool = new DecodePool(spec)
    pool.grow(size)
    return pool
  }

  get size(): number {
    return this.slots.length
  }

  grow(size: number): void {
    while (this.slots.length < size) {
      const worker = new Worker(WORKER, { workerData: this.spec })
      const slot: Slot = { worker, pending: new Map() }
      // a worker keeps the process alive only while it has work: an abandoned pool (the model failed
      // to load) must not hold the process open
      worker.unref()
      worker.on('message', (m: Decoded & { id: number }) => {
        const p = slot.pending.get(m.id)
        slot.pending.delete(m.id)
        if (slot.pending.size === 0) worker.unref()
        p?.resolve(m)
      })
      const fail = (e: Error) => {
        for (const p of slot.pending.values()) p.reject(e)
        slot.pending.clear()
      }
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`image decode worker stopped (exit code ${code})`)))
      this.slots.push(slot)
    }
  }

  /** Decodes one file on the least busy worker. */
  decode(file: string): Promise<Decoded> {
    if (this.closed) return Promise.reject(new Error('image decode pool is closed'))
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref()
      slot.pending.set(id, { resolve, reject })
      slot.worker.postMessage({ id, file } satisfies DecodeRequest)
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}
