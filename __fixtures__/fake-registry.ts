/**
 * An in-memory RegistryClient for unit tests of resolution and promotion: the registry semantics
 * of ../shared/mlflow.md (stages, archive of the other holders, aliases, tags) without HTTP. The
 * HTTP behaviour itself is proven against __fixtures__/fake-mlflow.ts through dist/.
 */
import { writeFile } from 'node:fs/promises'
import { RegistryError } from '../src/errors.js'
import type { ArtifactFile, ModelVersion, RegisteredModel, RegistryClient } from '../src/registry/client.js'
import { RegistryUnreachable } from '../src/registry/http.js'
import type { Stage } from '../src/registry/uri.js'

interface Version {
  version: string
  stage: string
  source: string
  status: string
  tags: Map<string, string>
}

export class FakeRegistry implements RegistryClient {
  readonly server = 'http://127.0.0.1:5000'
  readonly models = new Map<string, { versions: Map<string, Version>; aliases: Map<string, string> }>()
  readonly artifacts = new Map<string, Uint8Array>()
  /** Every call, as `method name` strings, to assert what was (not) written. */
  readonly calls: string[] = []
  /** Runs before the named call is handled: plays another job, or a lost answer. */
  readonly hooks = new Map<string, (r: FakeRegistry) => void>()
  /** Calls that get no answer (after their hook ran): the client sees RegistryUnreachable. */
  readonly unanswered = new Set<string>()

  add(name: string, files: Record<string, Uint8Array>, stage = 'None', status = 'READY'): string {
    if (!this.models.has(name)) this.models.set(name, { versions: new Map(), aliases: new Map() })
    const m = this.models.get(name)!
    const version = String(m.versions.size + 1)
    for (const [p, b] of Object.entries(files)) this.artifacts.set(`models/${name}/${version}/${p}`, b)
    m.versions.set(version, { version, stage, source: `mlflow-artifacts:/models/${name}/${version}`, status, tags: new Map() })
    return version
  }

  stages(name: string): Record<string, string> {
    return Object.fromEntries([...this.models.get(name)!.versions.values()].map((v) => [v.version, v.stage]))
  }

  tags(name: string, version: string): Record<string, string> {
    return Object.fromEntries(this.models.get(name)!.versions.get(version)!.tags)
  }

  alias(name: string, alias: string): string | undefined {
    return this.models.get(name)?.aliases.get(alias)
  }

  setAliasNow(name: string, alias: string, version: string): void {
    this.models.get(name)!.aliases.set(alias, version)
  }

  /** What transition-stage does on a real server. */
  move(name: string, version: string, stage: string, archiveExisting: boolean): void {
    const m = this.models.get(name)!
    if (archiveExisting) for (const v of m.versions.values()) if (v.version !== version && v.stage === stage) v.stage = 'Archived'
    m.versions.get(version)!.stage = stage
  }

  writes(): string[] {
    return this.calls.filter((c) => /^(transitionStage|setAlias|setVersionTag|uploadArtifact|createRun|logBatch|finishRun|createRegisteredModel|createVersion)\b/.test(c))
  }

  private enter(call: string): void {
    this.calls.push(call)
    const method = call.split(' ')[0]!
    this.hooks.get(method)?.(this)
    if (this.unanswered.has(method)) throw new RegistryUnreachable(`tracking-uri: cannot reach the MLflow server at ${this.server} (no answer within 1 s)`, 'no answer within 1 s')
  }

  private view(name: string, v: Version): ModelVersion {
    return { name, version: v.version, current_stage: v.stage, source: v.source, status: v.status, tags: [...v.tags].map(([key, value]) => ({ key, value })) }
  }

  async registeredModel(name: string): Promise<RegisteredModel | undefined> {
    this.enter(`registeredModel ${name}`)
    const m = this.models.get(name)
    if (!m) return undefined
    const latest = ['None', 'Staging', 'Production', 'Archived']
      .map((st) => [...m.versions.values()].filter((v) => v.stage === st).sort((a, b) => Number(b.version) - Number(a.version))[0])
      .filter((v): v is Version => v !== undefined)
      .map((v) => this.view(name, v))
    return { name, latest, aliases: [...m.aliases].map(([alias, version]) => ({ alias, version })) }
  }

  async getVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    this.enter(`getVersion ${name} ${version}`)
    const v = this.models.get(name)?.versions.get(version)
    return v && this.view(name, v)
  }

  async latestInStage(name: string, stage: Stage): Promise<ModelVersion | undefined> {
    this.enter(`latestInStage ${name} ${stage}`)
    const v = [...(this.models.get(name)?.versions.values() ?? [])].filter((x) => x.stage === stage).sort((a, b) => Number(b.version) - Number(a.version))[0]
    return v && this.view(name, v)
  }

  async byAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    this.enter(`byAlias ${name} ${alias}`)
    const version = this.models.get(name)?.aliases.get(alias)
    const v = version === undefined ? undefined : this.models.get(name)!.versions.get(version)
    return v && this.view(name, v)
  }

  async allVersions(name: string): Promise<ModelVersion[]> {
    this.enter(`allVersions ${name}`)
    return [...(this.models.get(name)?.versions.values() ?? [])].map((v) => this.view(name, v))
  }

  async downloadUri(name: string, version: string): Promise<string> {
    this.enter(`downloadUri ${name} ${version}`)
    return this.models.get(name)!.versions.get(version)!.source
  }

  async runArtifactUri(runId: string): Promise<string> {
    this.enter(`runArtifactUri ${runId}`)
    return `mlflow-artifacts:/0/${runId}/artifacts`
  }

  async listArtifacts(path: string): Promise<ArtifactFile[]> {
    this.enter(`listArtifacts ${path}`)
    const prefix = path === '' ? '' : `${path}/`
    const out = new Map<string, ArtifactFile>()
    for (const [k, b] of this.artifacts) {
      if (!k.startsWith(prefix)) continue
      const [head, ...rest] = k.slice(prefix.length).split('/')
      out.set(head!, rest.length ? { path: head!, is_dir: true } : { path: head!, is_dir: false, file_size: b.length })
    }
    return [...out.values()]
  }

  async downloadArtifact(path: string, file: string, input: string): Promise<void> {
    this.enter(`downloadArtifact ${path}`)
    const b = this.artifacts.get(path)
    if (!b) throw new RegistryError(`${input}: ${path} is not in the server's artifact store`, input)
    await writeFile(file, b)
  }

  async uploadArtifact(path: string, bytes: Uint8Array): Promise<void> {
    this.enter(`uploadArtifact ${path}`)
    this.artifacts.set(path, bytes)
  }

  async transitionStage(name: string, version: string, stage: Stage, archiveExisting: boolean): Promise<ModelVersion> {
    this.enter(`transitionStage ${name} ${version} ${stage} ${archiveExisting}`)
    this.move(name, version, stage, archiveExisting)
    return this.view(name, this.models.get(name)!.versions.get(version)!)
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    this.enter(`setAlias ${name} ${alias} ${version}`)
    this.setAliasNow(name, alias, version)
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    this.enter(`setVersionTag ${name} ${version} ${key}`)
    this.models.get(name)!.versions.get(version)!.tags.set(key, value)
  }

  async experiment(name: string): Promise<string> {
    this.enter(`experiment ${name}`)
    return '1'
  }

  async createRun(experimentId: string, runName: string): Promise<{ runId: string; artifactUri: string }> {
    this.enter(`createRun ${experimentId} ${runName}`)
    return { runId: 'r1', artifactUri: `mlflow-artifacts:/${experimentId}/r1/artifacts` }
  }

  async logBatch(runId: string): Promise<void> {
    this.enter(`logBatch ${runId}`)
  }

  async finishRun(runId: string, status: string): Promise<void> {
    this.enter(`finishRun ${runId} ${status}`)
  }

  async createRegisteredModel(name: string): Promise<void> {
    this.enter(`createRegisteredModel ${name}`)
    if (!this.models.has(name)) this.models.set(name, { versions: new Map(), aliases: new Map() })
  }

  async createVersion(name: string, source: string, _runId: string, tags: Record<string, string>): Promise<ModelVersion> {
    this.enter(`createVersion ${name}`)
    const m = this.models.get(name)!
    const version = String(m.versions.size + 1)
    const v: Version = { version, stage: 'None', source, status: 'READY', tags: new Map(Object.entries(tags)) }
    m.versions.set(version, v)
    return this.view(name, v)
  }

  async findVersionByTag(name: string, key: string, value: string): Promise<ModelVersion | undefined> {
    this.enter(`findVersionByTag ${name}`)
    const v = [...(this.models.get(name)?.versions.values() ?? [])].filter((x) => x.tags.get(key) === value).sort((a, b) => Number(b.version) - Number(a.version))[0]
    return v && this.view(name, v)
  }
}
