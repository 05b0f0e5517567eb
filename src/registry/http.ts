/**
 * HTTP to an MLflow tracking server over undici: auth, timeouts, retries with backoff on 429/5xx
 * and connection errors (never on other 4xx), and MLflow's error bodies turned into messages that
 * name the input and what to do.
 */
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { Dispatcher } from 'undici'
import { RegistryError } from '../errors.js'

export interface HttpOptions {
  /** tracking URI, e.g. https://mlflow.example.com/prefix (a path prefix is kept). */
  readonly trackingUri: string
  readonly token?: string
  readonly username?: string
  readonly password?: string
  readonly timeoutMs: number
  readonly maxRetries: number
  /** First backoff in ms; doubles each retry. */
  readonly backoffMs: number
  readonly onRetry?: (message: string) => void
  /** Progress of long downloads, a line every `progressMs`. */
  readonly onProgress?: (message: string) => void
  readonly progressMs?: number
}

/** MLflow's own client environment variables, so teams keep the settings they already have. */
export function httpOptionsFromEnv(trackingUri: string, env: NodeJS.ProcessEnv, onRetry?: (m: string) => void): HttpOptions {
  const num = (name: string, fallback: number): number => {
    const v = Number(env[name])
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(v) && v >= 0 ? v : fallback
  }
  return {
    trackingUri,
    token: env.MLFLOW_TRACKING_TOKEN || undefined,
    username: env.MLFLOW_TRACKING_USERNAME || undefined,
    password: env.MLFLOW_TRACKING_PASSWORD || undefined,
    timeoutMs: num('MLFLOW_HTTP_REQUEST_TIMEOUT', 120) * 1000,
    maxRetries: num('MLFLOW_HTTP_REQUEST_MAX_RETRIES', 4),
    backoffMs: num('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 1) * 1000,
    onRetry,
    onProgress: onRetry,
    progressMs: num('MODEL_GATE_PROGRESS_SECONDS', 5) * 1000
  }
}

export interface Call {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT'
  /** Below the server root, e.g. `api/2.0/mlflow/registered-models/get`. */
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly json?: unknown
  readonly bytes?: Uint8Array
  /** The action input the call is about, named in errors. */
  readonly input: string
  /** Overrides MLFLOW_HTTP_REQUEST_MAX_RETRIES: 0 for a write whose blind repeat would duplicate it. */
  readonly retries?: number
}

/** An answer the server gave (after retries): status and, when it sent one, MLflow's error. */
export class MlflowAnswer {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly message: string,
    readonly isJson: boolean
  ) {}
}

/** The server gave no answer (refused, reset, timed out) even after retries. A write's outcome is then unknown. */
export class RegistryUnreachable extends RegistryError {
  constructor(
    message: string,
    /** Why, in a few words, e.g. `ECONNREFUSED` or `no answer within 120 s`. */
    readonly why: string
  ) {
    super(message, 'tracking-uri')
  }
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504])

/**
 * The proxy answers a file that is not there with a 500 (mlflow.md), which is no passing fault:
 * retrying it only delays the error.
 */
function missingArtifact(status: number, errorCode: string | undefined, message: string): boolean {
  return status === 500 && errorCode === 'INTERNAL_ERROR' && /No such file or directory|FileNotFoundError/.test(message)
}
const RETRY_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'
])

/** Downloads and uploads of the artifact proxy live under this path. */
const ARTIFACTS_PREFIX = 'api/2.0/mlflow-artifacts/artifacts/'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class MlflowHttp {
  private readonly base: URL

  constructor(readonly options: HttpOptions) {
    let base: URL
    try {
      base = new URL(options.trackingUri.endsWith('/') ? options.trackingUri : options.trackingUri + '/')
    } catch {
      throw new RegistryError(`input 'tracking-uri' is '${options.trackingUri}', not a URL; use e.g. https://mlflow.example.com`, 'tracking-uri')
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new RegistryError(`input 'tracking-uri' is '${options.trackingUri}': model-gate talks to an MLflow server over http(s); databricks and file stores are not supported`, 'tracking-uri')
    }
    this.base = base
  }

  get server(): string {
    return this.base.origin + this.base.pathname.replace(/\/$/, '')
  }

  private url(call: Call): URL {
    const u = new URL(call.path, this.base)
    for (const [k, v] of Object.entries(call.query ?? {})) u.searchParams.set(k, v)
    return u
  }

  private headers(call: Call): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' }
    if (this.options.token) h.authorization = `Bearer ${this.options.token}`
    else if (this.options.username !== undefined) {
      h.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`
    }
    if (call.json !== undefined) h['content-type'] = 'application/json'
    return h
  }

  /** Sends with retries; returns the final response, whatever its status. */
  private async send(call: Call) {
    const what = `${call.method} ${this.url(call).pathname}`
    const maxRetries = call.retries ?? this.options.maxRetries
    for (let attempt = 0; ; attempt++) {
      let retryWhy: string
      let retryAfter = 0
      try {
        // loaded on the first call, so a run without a registry never reads undici
        const { request } = await import('undici')
        const res = await request(this.url(call), {
          method: call.method,
          headers: this.headers(call),
          body: call.json !== undefined ? JSON.stringify(call.json) : call.bytes,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs
        })
        if (!RETRY_STATUS.has(res.statusCode) || attempt >= maxRetries) return res
        retryWhy = `answered ${res.statusCode}`
        retryAfter = Number(res.headers['retry-after']) * 1000 || 0
        if (res.statusCode === 500 && call.path.startsWith(ARTIFACTS_PREFIX)) {
          const a = await this.answer(res)
          if (missingArtifact(a.status, a.errorCode, a.message)) return a
        } else {
          await res.body.dump()
        }
      } catch (e) {
        const code = (e as { code?: string }).code ?? ''
        if (!RETRY_CODES.has(code) || attempt >= maxRetries) {
          const why = code.includes('TIMEOUT') ? `no answer within ${this.options.timeoutMs / 1000} s` : code || (e as Error).message
          throw new RegistryUnreachable(
            `tracking-uri: cannot reach the MLflow server at ${this.server} (${why}${attempt > 0 ? `, after ${attempt + 1} attempts` : ''}); check tracking-uri and that the server is up (MLFLOW_HTTP_REQUEST_TIMEOUT sets the timeout)`,
            why
          )
        }
        retryWhy = code
      }
      const delay = Math.min(Math.max(retryAfter, this.options.backoffMs * 2 ** attempt), 30_000)
      this.options.onRetry?.(`registry: ${what} ${retryWhy}; retry ${attempt + 1} of ${maxRetries} in ${(delay / 1000).toFixed(2)} s`)
      await sleep(delay)
    }
  }

  private async answer(res: Dispatcher.ResponseData): Promise<MlflowAnswer> {
    const text = await res.body.text()
    const type = String(res.headers['content-type'] ?? '')
    if (type.includes('json')) {
      try {
        const body = JSON.parse(text) as { error_code?: string; message?: string }
        return new MlflowAnswer(res.statusCode, body.error_code, body.message ?? text, true)
      } catch {
        // fall through: not the JSON it claims to be
      }
    }
    return new MlflowAnswer(res.statusCode, undefined, text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200), false)
  }

  /** A JSON call; 2xx → the parsed body. `tolerate` lists answers the caller handles itself. */
  async json<T>(call: Call, tolerate?: (a: MlflowAnswer) => boolean): Promise<T | MlflowAnswer> {
    const res = await this.send(call)
    if (res instanceof MlflowAnswer) {
      if (tolerate?.(res)) return res
      throw this.error(call, res)
    }
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const text = await res.body.text()
      try {
        return (text.trim() === '' ? {} : JSON.parse(text)) as T
      } catch {
        throw new RegistryError(`tracking-uri: ${this.server} answered ${call.method} ${call.path} with something that is not JSON; check that tracking-uri points at the MLflow server itself`, 'tracking-uri')
      }
    }
    const a = await this.answer(res)
    if (tolerate?.(a)) return a
    throw this.error(call, a)
  }

  /**
   * Streams a download to a file, with a progress line on long ones. The timeout is per chunk
   * (undici's bodyTimeout: the longest silence between two pieces of the body), never per file, so
   * a big model through a slow proxy takes as long as it takes while a stalled one fails; a stall
   * starts the download again, with the same retries and backoff as any call.
   */
  async download(call: Call, file: string): Promise<void> {
    const name = call.path.split('/').pop() ?? 'file'
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(call)
      if (res instanceof MlflowAnswer) throw this.error(call, res)
      if (res.statusCode < 200 || res.statusCode >= 300) throw this.error(call, await this.answer(res))
      const total = Number(res.headers['content-length']) || undefined
      const started = performance.now()
      let done = 0
      let last = started
      let reported = false
      const every = this.options.progressMs ?? 5000
      const mb = (n: number) => (n / 1e6).toFixed(1)
      res.body.on('data', (chunk: Buffer) => {
        done += chunk.length
        const now = performance.now()
        if (now - last < every) return
        last = now
        reported = true
        const rate = done / 1e6 / ((now - started) / 1000)
        this.options.onProgress?.(`download ${name}: ${mb(done)}${total ? ` / ${mb(total)}` : ''} MB (${rate.toFixed(1)} MB/s)`)
      })
      try {
        await pipeline(res.body, createWriteStream(file))
      } catch (e) {
        const code = (e as { code?: string }).code ?? ''
        if (!RETRY_CODES.has(code) && code !== 'UND_ERR_ABORTED') throw e
        const why = code === 'UND_ERR_BODY_TIMEOUT' ? `no data for ${this.options.timeoutMs / 1000} s` : code
        if (attempt >= this.options.maxRetries) {
          throw new RegistryUnreachable(
            `${call.input}: the download of ${call.path.slice(ARTIFACTS_PREFIX.length)} from ${this.server} stalled (${why}, after ${mb(done)} MB${attempt > 0 ? `, ${attempt + 1} attempts` : ''}); check the server and its artifact proxy (MLFLOW_HTTP_REQUEST_TIMEOUT sets how long a silence may last)`,
            why
          )
        }
        const delay = Math.min(this.options.backoffMs * 2 ** attempt, 30_000)
        this.options.onRetry?.(`registry: download ${name} stalled (${why}) after ${mb(done)} MB; retry ${attempt + 1} of ${this.options.maxRetries} in ${(delay / 1000).toFixed(2)} s`)
        await sleep(delay)
        continue
      }
      if (reported) this.options.onProgress?.(`download ${name}: ${mb(done)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      return
    }
  }

  error(call: Call, a: MlflowAnswer): RegistryError {
    const what = `${call.method} ${call.path.replace(/^api\/2\.0\//, '')}`
    if (a.status === 401) {
      return new RegistryError(
        `tracking-uri: ${this.server} answered 401 (not authenticated) to ${what}; set MLFLOW_TRACKING_TOKEN (Bearer), or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic, MLflow's basic-auth app) as secrets`,
        'tracking-uri'
      )
    }
    if (a.status === 403 && /Invalid Host header/i.test(a.message)) {
      // MLflow 3's DNS-rebinding guard: it knows only localhost, 127.0.0.1 and private addresses by default
      const host = this.base.host
      return new RegistryError(
        `tracking-uri: ${this.server} answered 403 "Invalid Host header - possible DNS rebinding attack detected" to ${what}: MLflow 3 refuses requests for a host name it does not know (here '${host}'), whatever the credentials — it is not a permission problem. ` +
          `Start the server with --allowed-hosts ${host} (or MLFLOW_SERVER_ALLOWED_HOSTS=${host}), or reach it by a name it allows (localhost, 127.0.0.1 or a private IP address)`,
        'tracking-uri'
      )
    }
    if (a.status === 403) {
      return new RegistryError(
        `${call.input}: ${this.server} answered 403 (permission denied) to ${what}; give the credentials' user EDIT (or MANAGE) permission on the registered model`,
        call.input
      )
    }
    if (missingArtifact(a.status, a.errorCode, a.message)) {
      return new RegistryError(
        `${call.input}: ${call.path.slice(ARTIFACTS_PREFIX.length)} is not in the server's artifact store (MLflow answered 500: no such file); the version's files were deleted or never uploaded: register the version again with its .onnx`,
        call.input
      )
    }
    if (!a.isJson) {
      return new RegistryError(
        `tracking-uri: ${this.server} answered ${a.status} to ${what} with no MLflow error${a.message ? ` ("${a.message}")` : ''}; check that tracking-uri is the MLflow server's base URL`,
        'tracking-uri'
      )
    }
    return new RegistryError(`${call.input}: MLflow answered ${a.status} ${a.errorCode ?? ''} to ${what}: ${a.message.split('\n')[0]}`, call.input)
  }
}
