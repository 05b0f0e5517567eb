/**
 * Model references resolved through the registry: models:/ URIs (and `production` / `champion`
 * for the baseline) become a version and a downloaded .onnx file; plain paths stay local.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RegistryError } from '../errors.js'
import type { Logger } from '../log.js'
import { isRegistryUri, type ModelSource, type ResolvedModel } from '../model/source.js'
import { proxiedPath, type ModelVersion, type RegisteredModel, type RegistryClient } from './client.js'
import { formatRef, formatTarget, parseModelUri, type ModelRef, type Target } from './uri.js'

export interface RegistryModel extends ResolvedModel {
  readonly name: string
  readonly version: string
  /** How it was found, to check before promoting that it still holds. */
  readonly ref: ModelRef
  readonly stage: string
}

export class RegistryModelSource implements ModelSource {
  /** Filled when `model` resolves: `production` for the baseline means this model's target. */
  private modelName: string | undefined
  /** The candidate, once `model` resolved: a baseline that is this very version compares nothing. */
  private candidate: { readonly name: string; readonly version: string; readonly ref: ModelRef } | undefined
  /** Why the last baseline resolved to nothing (a first run), in the registry's own terms. */
  absence: string | undefined

  constructor(
    private readonly client: RegistryClient,
    private readonly target: Target,
    private readonly log: Logger,
    private readonly tempRoot: string = process.env.RUNNER_TEMP || tmpdir()
  ) {}

  /** The model is a file standing in for a version of `name` (register on a pull request): `production` means name's target. */
  assume(name: string): void {
    this.modelName = name
  }

  async resolve(ref: string, input: 'model' | 'baseline'): Promise<RegistryModel | ResolvedModel | undefined> {
    if (!isRegistryUri(ref)) return { path: ref, uri: ref }
    const parsed = this.parse(ref, input)
    const version = await this.find(parsed, input)
    if (!version) return this.missing(parsed, input)
    if (version.status !== undefined && version.status !== 'READY') {
      throw new RegistryError(
        `${input}: version ${version.version} of ${parsed.name} (${formatRef(parsed)}) is ${version.status}, not READY: its files are still being copied or the copy failed; wait and re-run, or register the version again`,
        input
      )
    }
    if (input === 'model') {
      this.modelName = parsed.name
      this.candidate = { name: parsed.name, version: version.version, ref: parsed }
    } else if (this.candidate && this.candidate.name === parsed.name && this.candidate.version === version.version) {
      await this.selfBaseline(parsed, version)
    }
    const file = await this.download(version, input)
    this.log.info(`${input} ${formatRef(parsed)} is version ${version.version} (stage ${version.current_stage}), downloaded ${path.basename(file)}`)
    return { path: file, uri: formatRef(parsed), name: parsed.name, version: version.version, ref: parsed, stage: version.current_stage }
  }

  /**
   * Nothing answers the reference. For a baseline stage or alias that is a first run only when the
   * registry shows no production model at all: no version in Production, none holding another
   * alias. Otherwise comparing with nothing would pass every baseline check — the trap of moving
   * from stages to aliases — so it is refused, naming the version that serves today and the fix.
   * A version number that does not exist, or any `model`, is an error.
   */
  private async missing(ref: ModelRef, input: 'model' | 'baseline'): Promise<undefined> {
    const model = await this.client.registeredModel(ref.name, input)
    const where = `the registry at ${this.client.server}`
    if (input === 'baseline' && ref.kind !== 'version') {
      if (!model) {
        this.absence = `model '${ref.name}' does not exist in ${where}`
        this.log.warning(`baseline ${formatRef(ref)}: ${this.absence}; treating this as a first run — check the name if the model exists`)
        return undefined
      }
      const fact = ref.kind === 'stage' ? `no version of ${ref.name} is in stage ${ref.stage}` : `alias @${ref.alias} of ${ref.name} is not set`
      const serving = this.servingElsewhere(ref, model)
      if (serving) {
        const uri = serving.stage ? `models:/${ref.name}/${serving.stage}` : `models:/${ref.name}@${serving.alias}`
        const holds = serving.stage ? `is in stage ${serving.stage}` : `holds alias @${serving.alias}`
        const point = ref.kind === 'alias' ? `point @${ref.alias} at version ${serving.version} first` : `transition version ${serving.version} to ${ref.stage} first`
        throw new RegistryError(
          `baseline: ${fact}, but version ${serving.version} ${holds}: this is no first run, and comparing with nothing would pass every baseline check. ` +
            `For the run that moves to ${ref.kind === 'alias' ? `@${ref.alias}` : ref.stage}, set baseline: ${uri} (compare with the version that serves today); or ${point}`,
          'baseline'
        )
      }
      this.absence = `${fact}; first run: no version of ${ref.name} is in a serving stage or holds an alias`
      return undefined
    }
    const what =
      !model ? `there is no registered model named '${ref.name}'`
      : ref.kind === 'version' ? `${ref.name} has no version ${ref.version}`
      : ref.kind === 'stage' ? `no version of ${ref.name} is in ${ref.stage}`
      : `${ref.name} has no alias @${ref.alias}`
    throw new RegistryError(`${input}: ${formatRef(ref)} does not exist in ${where}: ${what}; check the name and the version, stage or alias`, input)
  }

  /** A production model the missing baseline reference does not see: Production, or another alias (the candidate aside). */
  private servingElsewhere(ref: ModelRef, model: RegisteredModel): { version: string; stage?: string; alias?: string } | undefined {
    const candidate = this.candidate?.name === ref.name ? this.candidate : undefined
    const mine = (v: string) => candidate?.version === v
    if (!(ref.kind === 'stage' && ref.stage === 'Production')) {
      const prod = model.latest.filter((v) => v.current_stage === 'Production' && !mine(v.version)).sort((a, b) => Number(b.version) - Number(a.version))[0]
      if (prod) return { version: prod.version, stage: 'Production' }
    }
    const byRef = candidate?.ref.kind === 'alias' ? candidate.ref.alias : undefined
    const other = model.aliases.find((a) => !mine(a.version) && a.alias !== byRef && !(ref.kind === 'alias' && a.alias === ref.alias))
    return other && { version: other.version, alias: other.alias }
  }

  /**
   * The baseline is the candidate itself: any drop check would pass. That is right only on the
   * re-run of a promotion that finished (the candidate holds the target and says so in its tags).
   */
  private async selfBaseline(ref: ModelRef, found: ModelVersion): Promise<void> {
    const v = (await this.client.getVersion(found.name, found.version, 'baseline')) ?? found
    const target = formatTarget(this.target)
    const holds =
      this.target.kind === 'stage' ? v.current_stage === this.target.stage : (await this.client.byAlias(found.name, this.target.alias, 'baseline'))?.version === v.version
    const promoted = v.tags?.some((t) => t.key === 'model_gate.promoted_to' && t.value === target)
    if (holds && promoted) {
      this.log.info(`baseline ${formatRef(ref)} is version ${v.version}, the candidate itself: a re-run of the promotion that finished (it holds ${target}); baseline checks compare it with itself`)
      return
    }
    throw new RegistryError(
      `baseline: ${formatRef(ref)} is version ${v.version} of ${v.name}, the candidate itself: comparing a model with itself passes any baseline check. ` +
        `Point baseline at the version that serves today (e.g. models:/${v.name}/Production or models:/${v.name}@champion), or at an earlier metrics.json`,
      'baseline'
    )
  }

  private parse(ref: string, input: 'model' | 'baseline'): ModelRef {
    const word = ref.toLowerCase()
    if (word === 'production' || word === 'champion') {
      if (!this.modelName) {
        throw new RegistryError(
          `input 'baseline' is '${ref}', which needs model to be a registry URI (models:/<name>/…) to know which model's ${ref}; with a model file, name the baseline in full, e.g. models:/<name>/Production or models:/<name>@champion`,
          'baseline'
        )
      }
      // `production` is whatever holds promote-to now; `champion` is the @champion alias.
      if (word === 'champion') return { name: this.modelName, kind: 'alias', alias: 'champion' }
      return this.target.kind === 'alias'
        ? { name: this.modelName, kind: 'alias', alias: this.target.alias }
        : { name: this.modelName, kind: 'stage', stage: this.target.stage }
    }
    return parseModelUri(ref, input)
  }

  private async find(ref: ModelRef, input: string): Promise<ModelVersion | undefined> {
    if (ref.kind === 'version') return this.client.getVersion(ref.name, ref.version, input)
    if (ref.kind === 'stage') return this.client.latestInStage(ref.name, ref.stage, input)
    return this.client.byAlias(ref.name, ref.alias, input)
  }

  /** Finds the version's .onnx through the server's artifact proxy and downloads it. */
  private async download(v: ModelVersion, input: string): Promise<string> {
    let uri = v.source
    if (!proxiedPath(uri)) uri = await this.client.downloadUri(v.name, v.version, input)
    const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(uri)
    if (runs) uri = `${(await this.client.runArtifactUri(runs[1]!, input)).replace(/\/$/, '')}/${runs[2]}`
    const root = proxiedPath(uri)
    if (root === undefined) {
      throw new RegistryError(
        `${input}: version ${v.version} of ${v.name} keeps its files at ${uri}, which model-gate reads only through the tracking server's artifact proxy (mlflow-artifacts:/); run the server with --serve-artifacts, or give the .onnx path directly`,
        input
      )
    }
    const onnx = root.toLowerCase().endsWith('.onnx') ? root : await this.findOnnx(root, v, input)
    const dir = await mkdtemp(path.join(this.tempRoot, 'model-gate-'))
    const file = path.join(dir, path.basename(onnx))
    await this.client.downloadArtifact(onnx, file, input)
    return file
  }

  private async findOnnx(root: string, v: ModelVersion, input: string): Promise<string> {
    const top = await this.client.listArtifacts(root, input)
    const name = (f: { path: string }) => `${root}/${f.path.split('/').pop()}`
    const here = top.filter((f) => !f.is_dir && f.path.toLowerCase().endsWith('.onnx'))
    // mlflow.onnx.log_model writes model.onnx at the top; look one folder down as well
    const found = here.length > 0 ? here.map(name) : []
    if (found.length === 0) {
      for (const d of top.filter((f) => f.is_dir)) {
        const sub = `${root}/${d.path.split('/').pop()}`
        const inner = await this.client.listArtifacts(sub, input)
        found.push(...inner.filter((f) => !f.is_dir && f.path.toLowerCase().endsWith('.onnx')).map((f) => `${sub}/${f.path.split('/').pop()}`))
      }
    }
    if (found.length === 0) {
      const listing = top.map((f) => f.path.split('/').pop() + (f.is_dir ? '/' : '')).join(', ') || 'nothing'
      throw new RegistryError(
        `${input}: version ${v.version} of ${v.name} has no .onnx file in its artifacts (mlflow-artifacts:/${root} holds ${listing}); log the model with mlflow.onnx.log_model or register an ONNX export`,
        input
      )
    }
    const preferred = found.find((f) => f.endsWith('/model.onnx')) ?? found.sort()[0]!
    if (found.length > 1) this.log.info(`${input}: version ${v.version} has ${found.length} .onnx files; using ${preferred.split('/').pop()}`)
    return preferred
  }
}
