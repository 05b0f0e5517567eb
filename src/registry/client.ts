/**
 * The registry as model-gate uses it: a small interface (fakes implement it in tests) and its
 * MLflow REST implementation, written against what a real MLflow 2.x server answers.
 */
import { RegistryError } from '../errors.js'
import { MlflowAnswer, MlflowHttp, type Call } from './http.js'
import type { Stage } from './uri.js'

export interface ModelVersion {
  readonly name: string
  readonly version: string
  readonly current_stage: string
  readonly source: string
  readonly run_id?: string
  /** READY, or PENDING_REGISTRATION / FAILED_REGISTRATION while (or when) its files are copied. */
  readonly status?: string
  readonly aliases?: readonly string[]
  readonly tags?: readonly { key: string; value: string }[]
}

/** A registered model as `registered-models/get` shows it: the newest version per stage, and its aliases. */
export interface RegisteredModel {
  readonly name: string
  readonly latest: readonly ModelVersion[]
  readonly aliases: readonly { readonly alias: string; readonly version: string }[]
}

export interface ArtifactFile {
  readonly path: string
  readonly is_dir: boolean
  readonly file_size?: number
}

export interface RegistryClient {
  /** The tracking server, for messages and reports. */
  readonly server: string
  /** Undefined when no registered model has that name. */
  registeredModel(name: string, input: string): Promise<RegisteredModel | undefined>
  /** Undefined when the model or the version does not exist. */
  getVersion(name: string, version: string, input: string): Promise<ModelVersion | undefined>
  /** The highest version in `stage`; undefined when none is, or the model does not exist. */
  latestInStage(name: string, stage: Stage, input: string): Promise<ModelVersion | undefined>
  /** Undefined when the alias (or the model) does not exist. */
  byAlias(name: string, alias: string, input: string): Promise<ModelVersion | undefined>
  /** Every version of a model (paged through). */
  allVersions(name: string, input: string): Promise<ModelVersion[]>
  /** Where a version's files are: `mlflow-artifacts:/…` when the server proxies artifacts. */
  downloadUri(name: string, version: string, input: string): Promise<string>
  runArtifactUri(runId: string, input: string): Promise<string>
  /** Lists a folder of the proxied artifact store, path relative to its root. */
  listArtifacts(path: string, input: string): Promise<ArtifactFile[]>
  downloadArtifact(path: string, file: string, input: string): Promise<void>
  uploadArtifact(path: string, bytes: Uint8Array, input: string): Promise<void>
  transitionStage(name: string, version: string, stage: Stage, archiveExisting: boolean, input?: string): Promise<ModelVersion>
  setAlias(name: string, alias: string, version: string, input?: string): Promise<void>
  setVersionTag(name: string, version: string, key: string, value: string): Promise<void>
  /** Experiment id by name, created when missing. */
  experiment(name: string, input?: string): Promise<string>
  createRun(experimentId: string, runName: string, tags: Record<string, string>, input?: string): Promise<{ runId: string; artifactUri: string }>
  logBatch(runId: string, metrics: Record<string, number>, params: Record<string, string>): Promise<void>
  finishRun(runId: string, status: 'FINISHED' | 'FAILED', input?: string): Promise<void>
  /** Creates a registered model; one that exists already (another job) is no error. */
  createRegisteredModel(name: string): Promise<void>
  /** A new version, sent once (no automatic retry: a lost answer is checked by the caller). */
  createVersion(name: string, source: string, runId: string, tags: Record<string, string>, description: string): Promise<ModelVersion>
  /** The newest version of `name` carrying tag `key` = `value`, if any. */
  findVersionByTag(name: string, key: string, value: string, input: string): Promise<ModelVersion | undefined>
}

const API = 'api/2.0/mlflow/'
const ARTIFACTS = 'api/2.0/mlflow-artifacts/artifacts'

const notFound = (a: MlflowAnswer) => a.status === 404 && a.errorCode === 'RESOURCE_DOES_NOT_EXIST'

export class MlflowClient implements RegistryClient {
  constructor(private readonly http: MlflowHttp) {}

  get server(): string {
    return this.http.server
  }

  private async call<T>(call: Omit<Call, 'path'> & { route: string }, tolerate?: (a: MlflowAnswer) => boolean): Promise<T | undefined> {
    const r = await this.http.json<T>({ ...call, path: API + call.route }, tolerate)
    return r instanceof MlflowAnswer ? undefined : r
  }

  async registeredModel(name: string, input: string): Promise<RegisteredModel | undefined> {
    type Answer = { registered_model: { name: string; latest_versions?: ModelVersion[]; aliases?: { alias: string; version: string }[] } }
    const r = await this.call<Answer>({ method: 'GET', route: 'registered-models/get', query: { name }, input }, notFound)
    if (!r) return undefined
    // empty lists come as absent keys
    return { name: r.registered_model.name, latest: r.registered_model.latest_versions ?? [], aliases: r.registered_model.aliases ?? [] }
  }

  async getVersion(name: string, version: string, input: string): Promise<ModelVersion | undefined> {
    const r = await this.call<{ model_version: ModelVersion }>({ method: 'GET', route: 'model-versions/get', query: { name, version }, input }, notFound)
    return r?.model_version
  }

  async latestInStage(name: string, stage: Stage, input: string): Promise<ModelVersion | undefined> {
    const r = await this.call<{ model_versions?: ModelVersion[] }>({ method: 'POST', route: 'registered-models/get-latest-versions', json: { name, stages: [stage] }, input }, notFound)
    return r?.model_versions?.[0]
  }

  async byAlias(name: string, alias: string, input: string): Promise<ModelVersion | undefined> {
    // A missing alias (and a missing model) is a 400 INVALID_PARAMETER_VALUE, not a 404.
    const missing = (a: MlflowAnswer) => notFound(a) || (a.status === 400 && /alias .* not found/i.test(a.message))
    const r = await this.call<{ model_version: ModelVersion }>({ method: 'GET', route: 'registered-models/alias', query: { name, alias }, input }, missing)
    return r?.model_version
  }

  async allVersions(name: string, input: string): Promise<ModelVersion[]> {
    const out: ModelVersion[] = []
    let token: string | undefined
    do {
      const query: Record<string, string> = { filter: `name='${name.replace(/'/g, "\\'")}'`, max_results: '200' }
      if (token) query.page_token = token
      const r = await this.call<{ model_versions?: ModelVersion[]; next_page_token?: string }>({ method: 'GET', route: 'model-versions/search', query, input })
      out.push(...(r?.model_versions ?? []))
      token = r?.next_page_token
    } while (token)
    return out
  }

  async downloadUri(name: string, version: string, input: string): Promise<string> {
    const r = await this.call<{ artifact_uri: string }>({ method: 'GET', route: 'model-versions/get-download-uri', query: { name, version }, input })
    return r!.artifact_uri
  }

  async runArtifactUri(runId: string, input: string): Promise<string> {
    const r = await this.call<{ run: { info: { artifact_uri: string } } }>({ method: 'GET', route: 'runs/get', query: { run_id: runId }, input })
    return r!.run.info.artifact_uri
  }

  async listArtifacts(path: string, input: string): Promise<ArtifactFile[]> {
    const r = await this.http.json<{ files?: ArtifactFile[] }>({ method: 'GET', path: ARTIFACTS, query: { path }, input })
    return (r as { files?: ArtifactFile[] }).files ?? []
  }

  async downloadArtifact(path: string, file: string, input: string): Promise<void> {
    await this.http.download({ method: 'GET', path: `${ARTIFACTS}/${encodePath(path)}`, input }, file)
  }

  async uploadArtifact(path: string, bytes: Uint8Array, input: string): Promise<void> {
    await this.http.json({ method: 'PUT', path: `${ARTIFACTS}/${encodePath(path)}`, bytes, input })
  }

  async transitionStage(name: string, version: string, stage: Stage, archiveExisting: boolean, input = 'promote-to'): Promise<ModelVersion> {
    const r = await this.call<{ model_version: ModelVersion }>({
      method: 'POST',
      route: 'model-versions/transition-stage',
      json: { name, version, stage, archive_existing_versions: archiveExisting },
      input
    })
    return r!.model_version
  }

  async setAlias(name: string, alias: string, version: string, input = 'promote-to'): Promise<void> {
    await this.call({ method: 'POST', route: 'registered-models/alias', json: { name, alias, version }, input })
  }

  async createRegisteredModel(name: string): Promise<void> {
    const exists = (a: MlflowAnswer) => a.status === 400 && a.errorCode === 'RESOURCE_ALREADY_EXISTS'
    await this.call({ method: 'POST', route: 'registered-models/create', json: { name }, input: 'register' }, exists)
  }

  async createVersion(name: string, source: string, runId: string, tags: Record<string, string>, description: string): Promise<ModelVersion> {
    const r = await this.call<{ model_version: ModelVersion }>({
      method: 'POST',
      route: 'model-versions/create',
      json: { name, source, run_id: runId, description, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
      input: 'register',
      retries: 0
    })
    return r!.model_version
  }

  async findVersionByTag(name: string, key: string, value: string, input: string): Promise<ModelVersion | undefined> {
    const q = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
    const r = await this.call<{ model_versions?: ModelVersion[] }>({
      method: 'GET',
      route: 'model-versions/search',
      query: { filter: `name='${q(name)}' and tags.\`${key}\`='${q(value)}'`, max_results: '10' },
      input
    })
    return (r?.model_versions ?? []).sort((a, b) => Number(b.version) - Number(a.version))[0]
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call({ method: 'POST', route: 'model-versions/set-tag', json: { name, version, key, value }, input: 'model' })
  }

  async experiment(name: string, input = 'experiment'): Promise<string> {
    const found = await this.call<{ experiment: { experiment_id: string } }>(
      { method: 'GET', route: 'experiments/get-by-name', query: { experiment_name: name }, input },
      notFound
    )
    if (found) return found.experiment.experiment_id
    // Another job may create it between the two calls: then it exists, which is all we wanted.
    const exists = (a: MlflowAnswer) => a.status === 400 && a.errorCode === 'RESOURCE_ALREADY_EXISTS'
    const created = await this.call<{ experiment_id: string }>({ method: 'POST', route: 'experiments/create', json: { name }, input }, exists)
    if (created) return created.experiment_id
    const again = await this.call<{ experiment: { experiment_id: string } }>({ method: 'GET', route: 'experiments/get-by-name', query: { experiment_name: name }, input })
    return again!.experiment.experiment_id
  }

  async createRun(experimentId: string, runName: string, tags: Record<string, string>, input = 'log-run'): Promise<{ runId: string; artifactUri: string }> {
    const r = await this.call<{ run: { info: { run_id: string; artifact_uri: string } } }>({
      method: 'POST',
      route: 'runs/create',
      json: { experiment_id: experimentId, run_name: runName, start_time: Date.now(), tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
      input
    })
    return { runId: r!.run.info.run_id, artifactUri: r!.run.info.artifact_uri }
  }

  async logBatch(runId: string, metrics: Record<string, number>, params: Record<string, string>): Promise<void> {
    const timestamp = Date.now()
    const m = Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step: 0 }))
    // at most 1000 metrics and 100 params a request
    for (let i = 0; i < Math.max(m.length, 1); i += 1000) {
      await this.call({
        method: 'POST',
        route: 'runs/log-batch',
        json: { run_id: runId, metrics: m.slice(i, i + 1000), params: i === 0 ? Object.entries(params).map(([key, value]) => ({ key, value })) : [] },
        input: 'log-run'
      })
    }
  }

  async finishRun(runId: string, status: 'FINISHED' | 'FAILED', input = 'log-run'): Promise<void> {
    await this.call({ method: 'POST', route: 'runs/update', json: { run_id: runId, status, end_time: Date.now() }, input })
  }
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/')
}

/** `mlflow-artifacts:/a/b` (or `mlflow-artifacts://host/a/b`) → `a/b`; undefined for other schemes. */
export function proxiedPath(uri: string): string | undefined {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/+(.*)$/.exec(uri)
  return m ? m[1]!.replace(/\/+$/, '') : undefined
}

export function requireVersion(v: ModelVersion | undefined, what: string, input: string): ModelVersion {
  if (!v) throw new RegistryError(`${input}: ${what} does not exist in the registry; check the name, version, stage or alias`, input)
  return v
}
