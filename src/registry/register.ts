/**
 * `register`: a local .onnx becomes a new version of the model named in `model`, laid out as
 * `mlflow.onnx.log_model` + `mlflow.register_model` leave it (a run holding `model/model.onnx` and
 * an `MLmodel` file; a version whose source is that folder), then the alias or stage that `model`
 * names is pointed at it. Every write is read back. MLflow has no idempotency keys, so the version
 * carries a tag (file sha256 and commit) by which a retry finds it instead of creating another.
 */
import { createHash, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, RegistryError } from '../errors.js'
import { isPullRequestEvent, type RunContext } from '../github/context.js'
import type { Logger } from '../log.js'
import { proxiedPath, type ModelVersion, type RegistryClient } from './client.js'
import { RegistryUnreachable } from './http.js'
import { formatRef, parseModelUri, type ModelRef } from './uri.js'

export const REGISTER_KEY_TAG = 'model_gate.register_key'

export interface Registered {
  readonly name: string
  readonly version: string
  /** Whether this run created it (false: a retry found the version an earlier attempt created). */
  readonly created: boolean
  readonly runId: string
  readonly source: string
}

/** The MLmodel file of the onnx flavor, as mlflow.onnx.save_model writes it (mlflow.onnx.load_model reads `flavors.onnx.data`). */
export function mlmodelYaml(runId: string, size: number, now = new Date()): string {
  const utc = now.toISOString().replace('T', ' ').replace('Z', '000')
  return [
    'artifact_path: model',
    'flavors:',
    '  onnx:',
    '    code: null',
    '    data: model.onnx',
    '    onnx_session_options: null',
    '    providers:',
    '    - CUDAExecutionProvider',
    '    - CPUExecutionProvider',
    '  python_function:',
    '    code: null',
    '    data: model.onnx',
    '    loader_module: mlflow.onnx',
    `model_size_bytes: ${size}`,
    `model_uuid: ${randomUUID().replace(/-/g, '')}`,
    `run_id: ${runId}`,
    `utc_time_created: '${utc}'`,
    ''
  ].join('\n')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function registerModel(
  client: RegistryClient,
  file: string,
  ref: ModelRef,
  options: { experiment: string; context: RunContext; log: Logger; waitSeconds?: number; pollMs?: number }
): Promise<Registered> {
  const { log } = options
  if (ref.kind === 'version') {
    throw new InputError(`input 'register' needs model to name where the new version goes, models:/<name>@<alias> or models:/<name>/<stage>, not the version number in '${formatRef(ref)}'`, 'register')
  }
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`input 'register': cannot read ${file} (${e.code === 'ENOENT' ? 'no such file' : e.code}); give the path of the .onnx to register, relative to the workspace`, 'register')
  })
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const key = `${sha256}@${options.context.sha ?? 'local'}`
  const name = ref.name

  // 1. The registered model, created when missing (another job may create it at the same time).
  if (!(await client.registeredModel(name, 'register'))) {
    await client.createRegisteredModel(name)
    log.info(`register: created registered model '${name}'`)
  }

  // 2. A version an earlier attempt of this run registered: found by its tag, never made twice.
  let found = await client.findVersionByTag(name, REGISTER_KEY_TAG, key, 'register')
  let created = false
  let runId = found?.run_id ?? ''
  if (found) {
    log.info(`register: version ${found.version} of ${name} already holds ${path.basename(file)} (sha256 ${sha256.slice(0, 12)}) from this commit; not registering it again`)
  } else {
    // 3. A run in `experiment`, holding the files as MLflow's client lays them out.
    const experimentId = await client.experiment(options.experiment, 'register')
    const tags: Record<string, string> = { 'model_gate.register_sha256': sha256, 'mlflow.source.name': file }
    if (options.context.sha) tags['mlflow.source.git.commit'] = options.context.sha
    const run = await client.createRun(experimentId, `register ${name} ${sha256.slice(0, 12)}`, tags, 'register')
    runId = run.runId
    const root = proxiedPath(run.artifactUri)
    if (root === undefined) {
      await client.finishRun(runId, 'FAILED', 'register')
      throw new RegistryError(`register: the run's artifact store is ${run.artifactUri}, not the tracking server's proxy; run the server with --serve-artifacts`, 'register')
    }
    const dir = `${root}/model`
    const mlmodel = Buffer.from(mlmodelYaml(runId, bytes.length))
    await client.uploadArtifact(`${dir}/model.onnx`, bytes, 'register')
    await client.uploadArtifact(`${dir}/MLmodel`, mlmodel, 'register')
    const listed = await client.listArtifacts(dir, 'register')
    const size = (n: string) => listed.find((f) => f.path.split('/').pop() === n)?.file_size
    if (size('model.onnx') !== bytes.length || size('MLmodel') !== mlmodel.length) {
      await client.finishRun(runId, 'FAILED', 'register')
      throw new RegistryError(
        `register: uploaded model.onnx (${bytes.length} bytes) and MLmodel to mlflow-artifacts:/${dir}, but the server lists ${listed.map((f) => `${f.path} (${f.file_size ?? '?'} bytes)`).join(', ') || 'nothing'}; check the server's artifact store`,
        'register'
      )
    }
    await client.finishRun(runId, 'FINISHED', 'register')

    // 4. The version. Its create call is not retried blindly: an answer lost after the write would
    // make a second version, so every failed attempt is followed by a look for the tag.
    const source = `mlflow-artifacts:/${dir}`
    const versionTags = { [REGISTER_KEY_TAG]: key, 'model_gate.source_sha256': sha256, 'model_gate.source_file': file, ...(options.context.sha ? { 'model_gate.commit': options.context.sha } : {}) }
    for (let attempt = 0; !found; attempt++) {
      try {
        found = await client.createVersion(name, source, runId, versionTags, `registered by model-gate from ${file}`)
        created = true
      } catch (e) {
        if (!(e instanceof RegistryUnreachable) && !(e instanceof RegistryError && /answered 5\d\d/.test(e.message))) throw e
        found = await client.findVersionByTag(name, REGISTER_KEY_TAG, key, 'register')
        if (found) log.info(`register: creating the version got no answer (${(e as Error).message.slice(0, 80)}…), but version ${found.version} with this file's tag exists: using it`)
        else if (attempt >= 2) throw e
      }
    }
    log.info(`register: created version ${found.version} of ${name} from ${file} (run ${runId}, sha256 ${sha256.slice(0, 12)})`)
  }

  // 5. Wait until the server says READY; the tag a retry looks for must be there (read back).
  const ready = await waitReady(client, found, options.waitSeconds ?? 300, options.pollMs ?? 1000)
  if (!ready.tags?.some((t) => t.key === REGISTER_KEY_TAG && t.value === key)) {
    await client.setVersionTag(name, ready.version, REGISTER_KEY_TAG, key)
    const back = await client.getVersion(name, ready.version, 'register')
    if (!back?.tags?.some((t) => t.key === REGISTER_KEY_TAG && t.value === key)) {
      throw new RegistryError(`register: version ${ready.version} of ${name} does not keep its ${REGISTER_KEY_TAG} tag; a re-run could not find it, so nothing more is done: check the server`, 'register')
    }
  }
  // 6. Point the alias, or move to the stage, that `model` names; read back.
  if (ref.kind === 'alias') {
    const now = await client.byAlias(name, ref.alias, 'register')
    if (now?.version !== ready.version) {
      await client.setAlias(name, ref.alias, ready.version, 'register')
      const back = await client.byAlias(name, ref.alias, 'register')
      if (back?.version !== ready.version) throw new RegistryError(`register: set @${ref.alias} of ${name} to version ${ready.version}, but reading back shows ${back ? `version ${back.version}` : 'no alias'}; another job probably moved it — serialise with a workflow concurrency group`, 'register')
    }
    log.info(`register: @${ref.alias} of ${name} points to version ${ready.version}`)
  } else {
    if (ready.current_stage !== ref.stage) {
      await client.transitionStage(name, ready.version, ref.stage, false, 'register')
      const back = await client.getVersion(name, ready.version, 'register')
      if (back?.current_stage !== ref.stage) throw new RegistryError(`register: moved version ${ready.version} of ${name} to ${ref.stage}, but reading back shows ${back?.current_stage ?? 'no such version'}`, 'register')
    }
    log.info(`register: version ${ready.version} of ${name} is in ${ref.stage}`)
  }
  return { name, version: ready.version, created, runId, source: ready.source }
}

async function waitReady(client: RegistryClient, v: ModelVersion, waitSeconds: number, pollMs: number): Promise<ModelVersion> {
  const deadline = Date.now() + waitSeconds * 1000
  let now: ModelVersion | undefined = v
  for (;;) {
    now = await client.getVersion(v.name, v.version, 'register')
    if (!now) throw new RegistryError(`register: version ${v.version} of ${v.name} was created but the server does not show it; check the registry`, 'register')
    if (now.status === undefined || now.status === 'READY') return now
    if (now.status === 'FAILED_REGISTRATION') {
      throw new RegistryError(`register: version ${v.version} of ${v.name} is FAILED_REGISTRATION (the server could not copy its files${(now as { status_message?: string }).status_message ? `: ${(now as { status_message?: string }).status_message}` : ''}); register again`, 'register')
    }
    if (Date.now() > deadline) throw new RegistryError(`register: version ${v.version} of ${v.name} is still ${now.status} after ${waitSeconds} s; re-run later (the version is found again, not registered twice)`, 'register')
    await sleep(pollMs)
  }
}

/**
 * The `register` step of a run: registers the file and returns the `model` reference to evaluate,
 * or — on a pull request, or in a dry run, which write nothing — the file itself.
 */
export async function registerForRun(
  p: { file: string; model: string; experiment: string; dryRun: boolean },
  client: RegistryClient | undefined,
  context: RunContext,
  log: Logger,
  source: { assume?: (name: string) => void }
): Promise<string> {
  if (!client) throw new InputError("input 'register' writes to the MLflow registry: set tracking-uri (or MLFLOW_TRACKING_URI)", 'register')
  const ref = parseModelUri(p.model, 'model')
  const readOnly = isPullRequestEvent(context) ? `never on ${context.eventName} events` : p.dryRun ? 'dry-run is true' : undefined
  if (readOnly) {
    // `baseline: production` still means this model's serving version
    source.assume?.(ref.name)
    log.info(`register: not registering (${readOnly}); evaluating ${p.file} as it is`)
    return p.file
  }
  await registerModel(client, p.file, ref, { experiment: p.experiment, context, log })
  return p.model
}
