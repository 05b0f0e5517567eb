/**
 * One registry for the end-to-end scenarios, three ways: the in-repo fake (__fixtures__/fake-mlflow.ts),
 * or a real MLflow server (2.17.2, 3.5.1) seen through a recording proxy, so the same assertions —
 * what the registry holds afterwards, and what the Action sent — hold against each of them.
 */
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeMlflow, type LoggedRequest } from '../../__fixtures__/fake-mlflow.js'

export interface TrackedRun {
  status: string
  metrics: Record<string, number>
  params: Record<string, string>
  tags: Record<string, string>
}

export interface Backend {
  /** `fake`, `MLflow 2.17.2`, `MLflow 3.5.1`. */
  readonly label: string
  readonly real: boolean
  /** What the Action talks to. */
  readonly url: string
  /** Every request the Action sent, as the fake logs them. */
  readonly requests: LoggedRequest[]
  writes(): LoggedRequest[]
  /** A version whose artifact folder holds `files`; `source` overrides where it points. */
  addVersion(name: string, files: Record<string, Buffer>, stage?: string, source?: string): Promise<string>
  /** A finished training run holding `files` under `model/`; returns its id, for a runs:/ source. */
  addRun(files: Record<string, Buffer>): Promise<string>
  setAlias(name: string, alias: string, version: string): Promise<void>
  stages(name: string): Promise<Record<string, string>>
  alias(name: string, alias: string): Promise<string | undefined>
  tags(name: string, version: string): Promise<Record<string, string>>
  version(name: string, version: string): Promise<{ source: string; run_id: string; status: string; current_stage: string } | undefined>
  experimentId(name: string): Promise<string | undefined>
  run(runId: string): Promise<TrackedRun>
  artifact(path: string): Promise<Buffer | undefined>
  listArtifacts(path: string): Promise<string[]>
  /** The fake itself, for fault injection; undefined for a real server. */
  readonly fake: FakeMlflow | undefined
  stop(): Promise<void>
}

const READS = new Set(['registered-models/get-latest-versions'])
const isWrite = (r: LoggedRequest) => r.method !== 'GET' && !READS.has(r.route)

export async function fakeBackend(): Promise<Backend> {
  const f = await new FakeMlflow().start()
  return {
    label: 'fake',
    real: false,
    url: f.url,
    requests: f.requests,
    fake: f,
    writes: () => f.writes(),
    addVersion: async (name, files, stage, source) => f.addVersion(name, files, stage, source),
    async addRun(files) {
      if (!f.experiments.has('train')) f.experiments.set('train', String(f.experiments.size + 1))
      const exp = f.experiments.get('train')!
      const id = `train${f.runs.size + 1}`.padEnd(32, '0')
      f.runs.set(id, { experiment_id: exp, status: 'FINISHED', metrics: {}, params: {}, tags: {} })
      for (const [p, b] of Object.entries(files)) f.artifacts.set(`${exp}/${id}/artifacts/model/${p}`, b)
      return id
    },
    setAlias: async (name, alias, version) => f.setAlias(name, alias, version),
    stages: async (name) => f.stages(name),
    alias: async (name, alias) => f.alias(name, alias),
    tags: async (name, v) => Object.fromEntries(f.version(name, v).tags),
    async version(name, v) {
      const mv = f.models.get(name)?.versions.get(v)
      return mv && { source: mv.source, run_id: mv.run_id, status: mv.status ?? 'READY', current_stage: mv.current_stage }
    },
    experimentId: async (name) => f.experiments.get(name),
    async run(id) {
      const r = f.runs.get(id)!
      return { status: r.status, metrics: r.metrics, params: r.params, tags: r.tags }
    },
    artifact: async (p) => f.artifacts.get(p),
    listArtifacts: async (dir) => [...f.artifacts.keys()].filter((k) => k.startsWith(dir + '/')).map((k) => k.slice(dir.length + 1)),
    stop: () => f.stop()
  }
}

/** A tiny REST client for seeding and reading a real server (the test's side, not the Action's). */
export class Rest {
  constructor(readonly base: string) {}

  async call<T = any>(method: string, route: string, body?: unknown, tolerate: number[] = []): Promise<T> {
    const url = new URL(route.startsWith('/') ? route.slice(1) : `api/2.0/mlflow/${route}`, this.base + '/')
    if (method === 'GET' && body) for (const [k, v] of Object.entries(body as Record<string, string>)) url.searchParams.set(k, v)
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' || body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body)
    })
    const text = await res.text()
    if (!res.ok && !tolerate.includes(res.status)) throw new Error(`${method} ${url.pathname} answered ${res.status}: ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : {}) as T
  }

  async bytes(p: string): Promise<Buffer | undefined> {
    const res = await fetch(new URL(`api/2.0/mlflow-artifacts/artifacts/${p}`, this.base + '/'))
    if (!res.ok) return undefined
    return Buffer.from(await res.arrayBuffer())
  }

  async put(p: string, bytes: Buffer): Promise<void> {
    await this.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${p}`, bytes)
  }

  async experiment(name: string): Promise<string> {
    const got = await this.call('GET', 'experiments/get-by-name', { experiment_name: name }, [404])
    if (got.experiment) return got.experiment.experiment_id
    return (await this.call('POST', 'experiments/create', { name })).experiment_id
  }
}

/**
 * A real server behind a recording proxy. Each backend wipes the models the scenarios use, so
 * every test starts from an empty registry as it does with a fresh fake.
 */
export async function realBackend(label: string, upstream: string, options: { host?: string } = {}): Promise<Backend> {
  const rest = new Rest(upstream.replace(/\/$/, ''))
  const requests: LoggedRequest[] = []
  const up = new URL(upstream)
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const url = new URL(req.url ?? '/', 'http://x')
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
      requests.push({ method: req.method ?? 'GET', route, query: url.searchParams, body, authorization: req.headers.authorization })
      const headers = { ...req.headers, host: options.host ?? up.host }
      const fwd = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      fwd.on('error', () => {
        res.destroy()
      })
      fwd.end(raw)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const ensureModel = async (name: string) => {
    await rest.call('POST', 'registered-models/create', { name }, [400])
  }
  const addRun = async (files: Record<string, Buffer>, sub = 'model'): Promise<{ runId: string; root: string }> => {
    const exp = await rest.experiment('train')
    const run = (await rest.call('POST', 'runs/create', { experiment_id: exp, start_time: Date.now(), run_name: 'train' })).run.info
    const root = String(run.artifact_uri).replace(/^mlflow-artifacts:\/+/, '')
    for (const [p, b] of Object.entries(files)) await rest.put(`${root}/${sub}/${p}`, b)
    await rest.call('POST', 'runs/update', { run_id: run.run_id, status: 'FINISHED', end_time: Date.now() })
    return { runId: run.run_id, root: `${root}/${sub}` }
  }

  const backend: Backend = {
    label,
    real: true,
    url,
    requests,
    fake: undefined,
    writes: () => requests.filter(isWrite),
    async addVersion(name, files, stage = 'None', source) {
      await ensureModel(name)
      // as mlflow.<flavor>.log_model + register_model lay it out: the files under a run, the version pointing there
      let runId = ''
      if (source === undefined) {
        const r = await addRun(files)
        runId = r.runId
        source = `mlflow-artifacts:/${r.root}`
      }
      const v = (await rest.call('POST', 'model-versions/create', { name, source, ...(runId ? { run_id: runId } : {}) })).model_version.version as string
      if (stage !== 'None') await rest.call('POST', 'model-versions/transition-stage', { name, version: v, stage, archive_existing_versions: false })
      return v
    },
    addRun: async (files) => (await addRun(files)).runId,
    async setAlias(name, alias, version) {
      await rest.call('POST', 'registered-models/alias', { name, alias, version })
    },
    async stages(name) {
      const r = await rest.call('GET', 'model-versions/search', { filter: `name='${name}'`, max_results: '1000' })
      return Object.fromEntries((r.model_versions ?? []).map((v: any) => [v.version, v.current_stage]).sort((a: string[], b: string[]) => Number(a[0]) - Number(b[0])))
    },
    async alias(name, alias) {
      const r = await rest.call('GET', 'registered-models/alias', { name, alias }, [400, 404])
      return r.model_version?.version
    },
    async tags(name, v) {
      const r = await rest.call('GET', 'model-versions/get', { name, version: v })
      return Object.fromEntries((r.model_version.tags ?? []).map((t: any) => [t.key, t.value]))
    },
    async version(name, v) {
      const r = await rest.call('GET', 'model-versions/get', { name, version: v }, [404])
      return r.model_version
    },
    async experimentId(name) {
      const r = await rest.call('GET', 'experiments/get-by-name', { experiment_name: name }, [404])
      return r.experiment?.experiment_id
    },
    async run(id) {
      const r = (await rest.call('GET', 'runs/get', { run_id: id })).run
      const kv = (xs: any[] | undefined) => Object.fromEntries((xs ?? []).map((x) => [x.key, x.value]))
      return { status: r.info.status, metrics: kv(r.data.metrics), params: kv(r.data.params), tags: kv(r.data.tags) }
    },
    artifact: (p) => rest.bytes(p),
    async listArtifacts(dir) {
      const walk = async (d: string): Promise<string[]> => {
        const r = await rest.call('GET', '/api/2.0/mlflow-artifacts/artifacts', { path: d })
        const out: string[] = []
        for (const f of r.files ?? []) {
          const name = String(f.path).split('/').pop()!
          if (f.is_dir) out.push(...(await walk(`${d}/${name}`)).map((x) => `${name}/${x}`))
          else out.push(name)
        }
        return out
      }
      return walk(dir)
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  return backend
}

/** Deletes the registered models the scenarios use on a real server (each test starts empty). */
export async function wipe(upstream: string, names: readonly string[]): Promise<void> {
  const rest = new Rest(upstream.replace(/\/$/, ''))
  for (const name of names) await rest.call('DELETE', 'registered-models/delete', { name }, [404])
}
