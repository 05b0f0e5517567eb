/**
 * A test registry that answers over real HTTP on 127.0.0.1 as a real MLflow 2.x server does
 * (../shared/mlflow.md): pretty JSON success bodies with empty fields omitted, one-line JSON errors,
 * HTML 404/405 for unknown routes, a 500 for a missing artifact, 400 for a missing alias, versions as
 * strings, stage names case-insensitive, no optimistic concurrency. Faults can be injected, and every
 * request is logged so tests can prove what was (not) written.
 *
 * The same scenarios run against real 2.17.2 and 3.5.1 servers (registry-mlflow2/3.e2e.test.ts);
 * where they answered differently, the fake was changed to match: artifact downloads are chunked
 * with no Content-Length; 3.x's Host-header guard (`allowedHosts`); model-versions/create and a
 * search filtered by tag, which `register` uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const STAGES = ['None', 'Staging', 'Production', 'Archived']

export interface FakeVersion {
  version: string
  current_stage: string
  source: string
  run_id: string
  tags: Map<string, string>
  last_updated_timestamp: number
  /** READY unless a test says otherwise (PENDING_REGISTRATION, FAILED_REGISTRATION). */
  status?: string
}

interface FakeModel {
  name: string
  versions: Map<string, FakeVersion>
  aliases: Map<string, string>
  next: number
}

export interface LoggedRequest {
  readonly method: string
  /** Path below /api/2.0/mlflow/ (or the artifacts path), without the query. */
  readonly route: string
  readonly query: URLSearchParams
  readonly body: any
  readonly authorization: string | undefined
}

export interface Fault {
  readonly method?: string
  /** A substring of the route. */
  readonly route: string
  /** How many matching requests it affects. */
  times: number
  /** Matching requests to let through first. */
  skip?: number
  readonly status?: number
  /** Never answer (the client must time out), after `before` ran. */
  readonly hang?: boolean
  /** Handle the request (the write lands), then answer `status` instead: a lost answer. */
  readonly lose?: boolean
  /** Runs against the state before the request is handled (e.g. a concurrent stage change). */
  readonly before?: (registry: FakeMlflow) => void
  /** An artifact download sent slowly: `chunkBytes` every `delayMs`; silent for good after `stallAfterBytes`. */
  readonly trickle?: { readonly chunkBytes: number; readonly delayMs: number; readonly stallAfterBytes?: number }
}

const READS = new Set(['registered-models/get-latest-versions'])

export class FakeMlflow {
  readonly models = new Map<string, FakeModel>()
  readonly artifacts = new Map<string, Buffer>()
  readonly experiments = new Map<string, string>()
  readonly runs = new Map<string, { experiment_id: string; status: string; metrics: Record<string, number>; params: Record<string, string>; tags: Record<string, string> }>()
  readonly requests: LoggedRequest[] = []
  readonly faults: Fault[] = []
  auth: { basic?: { user: string; password: string }; bearer?: string } | undefined
  /** A path prefix the server is mounted under (a reverse proxy's), e.g. `/mlflow`. */
  prefix = ''
  /** MLflow 3's DNS-rebinding guard: Host headers it accepts (all when undefined, as 2.x). */
  allowedHosts: string[] | undefined
  private server: Server | undefined
  private clock = 1_700_000_000_000

  get url(): string {
    const a = this.server!.address() as AddressInfo
    return `http://127.0.0.1:${a.port}`
  }

  /** Requests that change state (POST/PUT/DELETE, less the POST that only reads). */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !READS.has(r.route))
  }

  // --- seeding, as a training job would have left the registry ---------------------------------
  addModel(name: string): void {
    if (!this.models.has(name)) this.models.set(name, { name, versions: new Map(), aliases: new Map(), next: 1 })
  }

  /** Registers a version whose artifact folder holds `files` (path → bytes); returns its number. */
  addVersion(name: string, files: Record<string, Buffer>, stage = 'None', source?: string): string {
    this.addModel(name)
    const m = this.models.get(name)!
    const version = String(m.next++)
    const src = source ?? `mlflow-artifacts:/models/${name}/${version}`
    for (const [p, bytes] of Object.entries(files)) this.artifacts.set(`models/${name}/${version}/${p}`, bytes)
    m.versions.set(version, { version, current_stage: stage, source: src, run_id: '', tags: new Map(), last_updated_timestamp: this.tick() })
    return version
  }

  version(name: string, version: string): FakeVersion {
    return this.models.get(name)!.versions.get(version)!
  }

  stages(name: string): Record<string, string> {
    return Object.fromEntries([...this.models.get(name)!.versions.values()].map((v) => [v.version, v.current_stage]))
  }

  alias(name: string, alias: string): string | undefined {
    return this.models.get(name)!.aliases.get(alias)
  }

  setAlias(name: string, alias: string, version: string): void {
    this.models.get(name)!.aliases.set(alias, version)
  }

  /** What transition-stage does; also for tests that play another job writing at the same time. */
  transition(name: string, version: string, stage: string, archiveExisting: boolean): void {
    const m = this.models.get(name)!
    const v = m.versions.get(version)!
    if (archiveExisting) {
      for (const other of m.versions.values()) {
        if (other !== v && other.current_stage === stage) {
          other.current_stage = 'Archived'
          other.last_updated_timestamp = this.tick()
        }
      }
    }
    v.current_stage = stage
    v.last_updated_timestamp = this.tick()
  }

  private tick(): number {
    return (this.clock += 1000)
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  // --- HTTP ----------------------------------------------------------------------------------------
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://x')
    if (this.prefix) url.pathname = url.pathname.startsWith(this.prefix + '/') ? url.pathname.slice(this.prefix.length) : '/not-under-prefix'
    const method = req.method ?? 'GET'
    const api = /^\/(?:ajax-)?api\/2\.0\/mlflow\/(.*)$/.exec(url.pathname)
    const art = /^\/api\/2\.0\/mlflow-artifacts\/artifacts(?:\/(.*))?$/.exec(url.pathname)
    const route = api ? api[1]! : art ? `artifacts/${art[1] ?? ''}` : url.pathname
    let body: any
    if (api && raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        body = undefined
      }
    }
    this.requests.push({ method, route, query: url.searchParams, body, authorization: req.headers.authorization })

    const matching = this.faults.find((f) => f.times > 0 && route.includes(f.route) && (!f.method || f.method === method))
    const fault = matching && (matching.skip ?? 0) > 0 ? (matching.skip!--, undefined) : matching
    if (fault) {
      fault.times--
      // `before` first: a fault may apply a write and then lose its answer
      fault.before?.(this)
      if (fault.hang) return // never answers
      if (fault.lose) {
        try {
          this.routes[`${method} ${route}`]?.((k: string) => (method === 'GET' ? url.searchParams.get(k) ?? undefined : body?.[k]), body ?? {})
        } catch {
          // the answer is lost either way
        }
      }
      if (fault.status) return this.error(res, fault.status, 'TEMPORARILY_UNAVAILABLE', `injected ${fault.status}`)
    }
    if (this.allowedHosts && !this.allowedHosts.includes(String(req.headers.host)) && url.pathname !== '/health') {
      // as MLflow 3.5.1 answers: plain text, before auth and routing
      res.writeHead(403, { 'content-type': 'text/plain' })
      return void res.end('Invalid Host header - possible DNS rebinding attack detected')
    }
    if (this.auth && !this.authorised(req.headers.authorization)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="mlflow"' })
      return void res.end('You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.')
    }
    if (art) return this.artifact(method, art[1], url, raw, res, fault?.trickle)
    if (!api) return this.html(res, 404)
    if (method === 'POST' && !String(req.headers['content-type'] ?? '').includes('application/json')) {
      res.writeHead(400, { 'content-type': 'text/plain' })
      return void res.end("Bad Request. Content-Type must be one of ['application/json'].")
    }
    const q = (k: string) => (method === 'GET' ? url.searchParams.get(k) ?? undefined : body?.[k])
    try {
      const handler = this.routes[`${method} ${route}`]
      if (!handler) return this.html(res, Object.keys(this.routes).some((k) => k.endsWith(` ${route}`)) ? 405 : 404)
      const out = handler(q, body ?? {})
      return this.ok(res, out)
    } catch (e) {
      if (e instanceof MlflowFail) return this.error(res, e.status, e.code, e.message)
      throw e
    }
  }

  private authorised(header: string | undefined): boolean {
    if (this.auth?.bearer !== undefined) return header === `Bearer ${this.auth.bearer}`
    const b = this.auth?.basic
    return header === `Basic ${Buffer.from(`${b!.user}:${b!.password}`).toString('base64')}`
  }

  private ok(res: ServerResponse, out: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(out, null, 2))
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error_code: code, message }))
  }

  private html(res: ServerResponse, status: 404 | 405): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html lang=en><title>${status} ${status === 404 ? 'Not Found' : 'Method Not Allowed'}</title><h1>${status === 404 ? 'Not Found' : 'Method Not Allowed'}</h1></html>`)
  }

  private artifact(method: string, p: string | undefined, url: URL, raw: Buffer, res: ServerResponse, trickle?: Fault['trickle']): void {
    const decoded = p === undefined ? undefined : decodeURIComponent(p)
    if ((decoded ?? url.searchParams.get('path') ?? '').split('/').includes('..')) return this.error(res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid path')
    if (method === 'PUT' && decoded) {
      this.artifacts.set(decoded, raw)
      return this.ok(res, {})
    }
    if (method !== 'GET') return this.html(res, 405)
    if (decoded === undefined || decoded === '') {
      const dir = (url.searchParams.get('path') ?? '').replace(/\/$/, '')
      const prefix = dir === '' ? '' : dir + '/'
      const entries = new Map<string, { path: string; is_dir: boolean; file_size?: number }>()
      for (const [k, v] of this.artifacts) {
        if (!k.startsWith(prefix)) continue
        const [head, ...tail] = k.slice(prefix.length).split('/')
        entries.set(head!, tail.length > 0 ? { path: head!, is_dir: true } : { path: head!, is_dir: false, file_size: v.length })
      }
      return this.ok(res, entries.size ? { files: [...entries.values()] } : {})
    }
    const bytes = this.artifacts.get(decoded)
    if (!bytes) {
      return this.error(res, 500, 'INTERNAL_ERROR', `The following failures occurred while downloading one or more artifacts from /mlartifacts: {'${decoded}': "FileNotFoundError(2, 'No such file or directory')"}`)
    }
    // chunked, no Content-Length: what 2.17.2 and 3.5.1 send for a proxied artifact
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${decoded.split('/').pop()}`, 'transfer-encoding': 'chunked' })
    if (!trickle) return void res.end(bytes)
    let sent = 0
    const next = () => {
      if (res.destroyed) return
      if (trickle.stallAfterBytes !== undefined && sent >= trickle.stallAfterBytes) return // silent from here on
      const piece = bytes.subarray(sent, sent + trickle.chunkBytes)
      sent += piece.length
      if (sent >= bytes.length) return void res.end(piece)
      res.write(piece)
      setTimeout(next, trickle.delayMs)
    }
    next()
  }

  // --- the REST contract ---------------------------------------------------------------------------
  private model(name: unknown): FakeModel {
    if (typeof name !== 'string' || name === '') throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'. See the API docs for more information about request parameters.")
    const m = this.models.get(name)
    if (!m) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`)
    return m
  }

  private versionArg(v: unknown): string {
    if (typeof v === 'number') throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid value ${v} for parameter 'version' supplied: Hint: Value was of type '${Number.isInteger(v) ? 'int' : 'float'}'. See the API docs for more information about request parameters.`)
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Model version must be an integer, got '${String(v)}'`)
    return String(Number(v))
  }

  private getVersion(name: unknown, version: unknown): [FakeModel, FakeVersion] {
    const v = this.versionArg(version)
    const m = this.models.get(String(name))
    const mv = m?.versions.get(v)
    if (!m || !mv) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${String(name)}, version=${v}) not found`)
    return [m, mv]
  }

  private stage(s: unknown): string {
    const found = STAGES.find((st) => st.toLowerCase() === String(s).toLowerCase())
    if (!found) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid Model Version stage: ${String(s)}. Value must be one of None, Staging, Production, Archived.`)
    return found
  }

  private view(m: FakeModel, v: FakeVersion, withAliases: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: m.name, version: v.version, creation_timestamp: 1_700_000_000_000, last_updated_timestamp: v.last_updated_timestamp,
      current_stage: v.current_stage, description: '', source: v.source, run_id: v.run_id, status: v.status ?? 'READY', run_link: ''
    }
    if (v.tags.size) out.tags = [...v.tags].map(([key, value]) => ({ key, value }))
    const aliases = [...m.aliases].filter(([, ver]) => ver === v.version).map(([a]) => a)
    if (withAliases && aliases.length) out.aliases = aliases
    return out
  }

  private readonly routes: Record<string, (q: (k: string) => any, body: any) => unknown> = {
    'GET registered-models/get': (q) => {
      const m = this.model(q('name'))
      const latest = STAGES.map((st) => [...m.versions.values()].filter((v) => v.current_stage === st).sort((a, b) => Number(b.version) - Number(a.version))[0]).filter(Boolean)
      const out: Record<string, unknown> = { name: m.name, creation_timestamp: 1_700_000_000_000, last_updated_timestamp: this.clock }
      if (latest.length) out.latest_versions = latest.map((v) => this.view(m, v!, false))
      if (m.aliases.size) out.aliases = [...m.aliases].map(([alias, version]) => ({ alias, version }))
      return { registered_model: out }
    },
    'POST registered-models/create': (_q, b) => {
      if (typeof b.name !== 'string') throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'.")
      if (this.models.has(b.name)) throw new MlflowFail(400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${b.name}) already exists.`)
      this.addModel(b.name)
      return { registered_model: { name: b.name, creation_timestamp: this.clock, last_updated_timestamp: this.clock } }
    },
    'POST model-versions/create': (_q, b) => {
      const m = this.model(b.name)
      if (typeof b.source !== 'string' || b.source === '') throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'source'.")
      const version = String(m.next++)
      const tags = new Map<string, string>((b.tags ?? []).map((t: { key: string; value: string }) => [t.key, t.value]))
      const v: FakeVersion = { version, current_stage: 'None', source: b.source, run_id: b.run_id ?? '', tags, last_updated_timestamp: this.tick() }
      m.versions.set(version, v)
      return { model_version: this.view(m, v, false) }
    },
    'GET model-versions/get': (q) => {
      const [m, v] = this.getVersion(q('name'), q('version'))
      return { model_version: this.view(m, v, true) }
    },
    'POST registered-models/get-latest-versions': (_q, b) => {
      const m = this.model(b.name)
      if (b.stages !== undefined && !Array.isArray(b.stages)) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', "Invalid value for parameter 'stages'")
      const stages = b.stages?.length ? b.stages.map((s: unknown) => this.stage(s)) : STAGES
      const out = stages
        .map((st: string) => [...m.versions.values()].filter((v) => v.current_stage === st).sort((x, y) => Number(y.version) - Number(x.version))[0])
        .filter(Boolean)
        .map((v: FakeVersion) => this.view(m, v, false))
      return out.length ? { model_versions: out } : {}
    },
    'GET model-versions/search': (q) => {
      // name='m', optionally `and tags.\`k\`='v'` (what a real server accepts; current_stage is refused there)
      const f = /^name\s*=\s*'((?:[^'\\]|\\.)*)'(?:\s+and\s+tags\.`([^`]+)`\s*=\s*'((?:[^'\\]|\\.)*)')?$/i.exec(String(q('filter') ?? '').trim())
      if (!f) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid filter '${String(q('filter'))}'`)
      const m = this.models.get(f[1]!.replace(/\\'/g, "'"))
      const tagged = (v: FakeVersion) => f[2] === undefined || v.tags.get(f[2]) === f[3]!.replace(/\\'/g, "'")
      const all = m ? [...m.versions.values()].filter(tagged).sort((a, b) => b.last_updated_timestamp - a.last_updated_timestamp || Number(b.version) - Number(a.version)) : []
      const max = Number(q('max_results') ?? 1000)
      const offset = q('page_token') ? JSON.parse(Buffer.from(String(q('page_token')), 'base64').toString()).offset : 0
      const page = all.slice(offset, offset + max).map((v) => this.view(m!, v, false))
      const out: Record<string, unknown> = {}
      if (page.length) out.model_versions = page
      if (offset + max < all.length) out.next_page_token = Buffer.from(JSON.stringify({ offset: offset + max })).toString('base64')
      return out
    },
    'GET model-versions/get-download-uri': (q) => {
      const [, v] = this.getVersion(q('name'), q('version'))
      return { artifact_uri: v.source }
    },
    'POST model-versions/transition-stage': (_q, b) => {
      const [m, v] = this.getVersion(b.name, b.version)
      const stage = this.stage(b.stage)
      if (b.archive_existing_versions !== undefined && typeof b.archive_existing_versions !== 'boolean') {
        throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid value ${JSON.stringify(b.archive_existing_versions)} for parameter 'archive_existing_versions' supplied: Hint: Value was of type 'str'.`)
      }
      if (b.archive_existing_versions && (stage === 'None' || stage === 'Archived')) {
        throw new MlflowFail(500, 'INTERNAL_ERROR', `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are Staging, Production`)
      }
      this.transition(m.name, v.version, stage, b.archive_existing_versions === true)
      return { model_version: this.view(m, v, false) }
    },
    'POST registered-models/alias': (_q, b) => {
      const m = this.model(b.name)
      const version = this.versionArg(b.version)
      this.getVersion(b.name, version)
      m.aliases.set(String(b.alias), version)
      return {}
    },
    'GET registered-models/alias': (q) => {
      const m = this.models.get(String(q('name')))
      const version = m?.aliases.get(String(q('alias')))
      if (!m || version === undefined) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Registered model alias ${String(q('alias'))} not found.`)
      const [, v] = this.getVersion(m.name, version)
      return { model_version: this.view(m, v, true) }
    },
    'DELETE registered-models/alias': (_q, b) => {
      this.model(b.name).aliases.delete(String(b.alias))
      return {}
    },
    'POST model-versions/set-tag': (_q, b) => {
      const [, v] = this.getVersion(b.name, b.version)
      if (typeof b.value !== 'string') throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid value ${b.value} for parameter 'value' supplied: Hint: Value was of type '${typeof b.value}'.`)
      if (!/^[A-Za-z0-9_\-. :/]+$/.test(String(b.key))) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Invalid tag name: '${String(b.key)}'`)
      v.tags.set(b.key, b.value)
      return {}
    },
    'GET experiments/get-by-name': (q) => {
      const name = String(q('experiment_name'))
      const id = this.experiments.get(name)
      if (id === undefined) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`)
      return { experiment: { experiment_id: id, name, artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: 'active' } }
    },
    'POST experiments/create': (_q, b) => {
      if (this.experiments.has(b.name)) throw new MlflowFail(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${b.name}' already exists.`)
      const id = String(this.experiments.size + 1)
      this.experiments.set(b.name, id)
      return { experiment_id: id }
    },
    'POST runs/create': (_q, b) => {
      if (![...this.experiments.values()].includes(b.experiment_id)) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${b.experiment_id} exists`)
      const id = `run${this.runs.size + 1}`.padEnd(32, '0')
      const tags = Object.fromEntries((b.tags ?? []).map((t: { key: string; value: string }) => [t.key, t.value]))
      this.runs.set(id, { experiment_id: b.experiment_id, status: 'RUNNING', metrics: {}, params: {}, tags })
      const info = { run_id: id, run_uuid: id, experiment_id: b.experiment_id, run_name: b.run_name, user_id: '', status: 'RUNNING', start_time: b.start_time ?? 0, artifact_uri: `mlflow-artifacts:/${b.experiment_id}/${id}/artifacts`, lifecycle_stage: 'active' }
      return { run: { info, data: { tags: b.tags ?? [] } } }
    },
    'GET runs/get': (q) => {
      const id = String(q('run_id'))
      const r = this.runs.get(id)
      if (!r) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${id} not found`)
      return { run: { info: { run_id: id, experiment_id: r.experiment_id, status: r.status, artifact_uri: `mlflow-artifacts:/${r.experiment_id}/${id}/artifacts` }, data: {} } }
    },
    'POST runs/log-batch': (_q, b) => {
      const r = this.runs.get(b.run_id)
      if (!r) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${b.run_id} not found`)
      if ((b.metrics ?? []).length > 1000) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', 'A batch logging request can contain at most 1000 metrics')
      for (const [i, m] of (b.metrics ?? []).entries()) {
        if (m.timestamp === undefined) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', `Missing value for required parameter 'metrics[${i}].timestamp'`)
        r.metrics[m.key] = m.value
      }
      for (const p of b.params ?? []) {
        if (p.key in r.params && r.params[p.key] !== p.value) throw new MlflowFail(400, 'INVALID_PARAMETER_VALUE', 'Changing param values is not allowed.')
        r.params[p.key] = p.value
      }
      return {}
    },
    'POST runs/update': (_q, b) => {
      const r = this.runs.get(b.run_id)
      if (!r) throw new MlflowFail(404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${b.run_id} not found`)
      if (['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(b.status)) r.status = b.status
      return { run_info: { run_id: b.run_id, status: r.status } }
    }
  }
}

class MlflowFail extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}
