/**
 * Typed, validated, read-only configuration, shared by the Action (main.ts) and the CLI.
 * Nothing here talks to @actions/core: inputs arrive through an InputReader.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { groupText, parseColumnGroup } from './data/column-groups.js'
import { InputError } from './errors.js'
import { formatBytes, MAX_TEXT_BYTES, regularFileSync } from './files.js'
import { parseThresholds, type Threshold } from './gate/thresholds.js'
import { parseModelUri } from './registry/uri.js'

export type Device = { readonly kind: 'auto' } | { readonly kind: 'cpu' } | { readonly kind: 'cuda'; readonly deviceId: number }
export type OutputKind = 'auto' | 'logits' | 'probabilities'
export type Tristate = 'auto' | 'true' | 'false'
/** `auto`, or a task's name; src/tasks/index.ts knows the tasks and refuses an unknown one. */
export type Task = string
/** Where onnxruntime's CUDA provider comes from when CUDA is wanted and it is not installed yet. */
export type CudaProvider =
  | { readonly kind: 'auto' }
  | { readonly kind: 'none' }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'path'; readonly path: string }

export interface Config {
  readonly model: string
  readonly testData: string
  readonly labels: string | undefined
  readonly inputKey: string
  readonly labelKey: string
  readonly labelColumn: string
  readonly featureColumns: readonly string[] | undefined
  readonly classNames: readonly string[] | undefined
  readonly inputName: string | undefined
  readonly outputName: string | undefined
  readonly outputKind: OutputKind
  readonly imageSize: number | undefined
  readonly crop: number | undefined
  readonly mean: readonly number[] | undefined
  readonly std: readonly number[] | undefined
  readonly layout: 'NCHW' | 'NHWC'
  readonly channels: 'rgb' | 'grayscale' | undefined
  readonly batchSize: number
  readonly device: Device
  readonly cudaProvider: CudaProvider
  readonly thresholds: readonly Threshold[]
  readonly failOnGate: boolean
  readonly outputDir: string
  readonly trackingUri: string | undefined
  readonly promote: Tristate
  readonly promoteTo: string
  readonly archiveExisting: boolean
  readonly baseline: string | undefined
  readonly dryRun: boolean
  readonly comment: Tristate
  readonly githubToken: string | undefined
  readonly uploadArtifact: boolean
  readonly artifactName: string
  readonly logRun: boolean
  readonly experiment: string
  readonly skipBadFiles: boolean,
  readonly task: Task
  /** A local .onnx to register as a new version of `model` (an alias or stage URI) before evaluating it. */
  readonly register: string | undefined
  /** `shard: i/n`: evaluate only the i-th of n contiguous slices, write its partial state; no gate, promotion or comment. */
  readonly shard: { readonly index: number; readonly count: number } | undefined
  /** `merge: <folder>`: the shards' partial states found below it, combined exactly, then gated as one run. */
  readonly merge: string | undefined
  /** Model input → the .npz array it is fed from (the `inputs` input); absent: each input from the array of its name. */
  readonly inputs: ReadonlyMap<string, string> | undefined
  /** A Hugging Face tokenizer.json: test-data is raw text (a CSV/JSONL column), tokenized to the model's inputs. */
  readonly tokenizer: string | undefined
  /** The column (JSONL key) holding the text; `text` when unset. */
  readonly textColumn: string
  /** Truncate token sequences at this length (and pad to it where the model fixes the sequence length). */
  readonly maxLength: number | undefined
}

/** Returns the raw value of an input, '' when it is not set (the contract of core.getInput). */
export type InputReader = (name: string) => string

/** Every input, in action.yml's order (the CLI takes each as a --flag). */
export const INPUT_NAMES = [
  'model', 'test-data', 'labels', 'input-key', 'label-key', 'label-column', 'feature-columns', 'class-names',
  'input-name', 'output-name', 'output-kind', 'image-size', 'crop', 'mean', 'std', 'layout', 'channels',
  'batch-size', 'device', 'thresholds', 'fail-on-gate', 'output-dir', 'tracking-uri', 'promote', 'promote-to',
  'archive-existing', 'baseline', 'dry-run', 'comment', 'github-token', 'upload-artifact', 'artifact-name',
  'log-run', 'experiment', 'skip-bad-files', 'task', 'register', 'cuda-provider', 'shard', 'merge',
  'inputs', 'tokenizer', 'text-column', 'max-length'
] as const

export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  'input-key': 'x',
  'label-key': 'y',
  'label-column': 'label',
  'output-kind': 'auto',
  layout: 'NCHW',
  'batch-size': '64',
  device: 'auto',
  'fail-on-gate': 'true',
  'output-dir': 'model-gate-report',
  promote: 'auto',
  'promote-to': 'Production',
  'archive-existing': 'true',
  'dry-run': 'false',
  comment: 'auto',
  'upload-artifact': 'true',
  'artifact-name': 'model-gate-report',
  'log-run': 'false',
  experiment: 'model-gate',
  'skip-bad-files': 'false',
  task: 'auto',
  'cuda-provider': 'auto',
  'text-column': 'text'
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406]
const IMAGENET_STD = [0.229, 0.224, 0.225]

export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: string): string => {
    const value = read(name).trim()
    return value === '' ? (INPUT_DEFAULTS[name] ?? '') : value
  }
  const optional = (name: string): string | undefined => get(name) || undefined

  const model = get('model')
  if (!model) throw new InputError("input 'model' is required: give a path to a .onnx file or a registry URI such as models:/my-model/Staging", 'model')
  const merge = optional('merge')
  const shard = readShard(optional('shard'))
  if (merge !== undefined && shard !== undefined) throw new InputError("inputs 'shard' and 'merge' are both set: a shard job sets shard (i/n), the one job that needs them sets merge", 'merge')
  const testData = get('test-data')
  if (!testData && merge === undefined) throw new InputError("input 'test-data' is required: give a .npz, .npy, .csv, .jsonl file or an image folder", 'test-data')

  return Object.freeze({
    model,
    testData,
    labels: optional('labels'),
    inputKey: get('input-key'),
    labelKey: get('label-key'),
    labelColumn: get('label-column'),
    featureColumns: optional('feature-columns') ? splitList(get('feature-columns')) : undefined,
    classNames: readClassNames(optional('class-names')),
    inputName: optional('input-name'),
    outputName: optional('output-name'),
    outputKind: oneOf('output-kind', get('output-kind'), ['auto', 'logits', 'probabilities'] as const),
    imageSize: optional('image-size') ? positiveInt('image-size', get('image-size')) : undefined,
    crop: optional('crop') ? positiveInt('crop', get('crop')) : undefined,
    mean: readNormalisation('mean', optional('mean'), IMAGENET_MEAN),
    std: readNormalisation('std', optional('std'), IMAGENET_STD),
    layout: oneOf('layout', get('layout').toUpperCase(), ['NCHW', 'NHWC'] as const),
    channels: optional('channels') ? oneOf('channels', get('channels').toLowerCase(), ['rgb', 'grayscale'] as const) : undefined,
    batchSize: positiveInt('batch-size', get('batch-size')),
    device: parseDevice(get('device')),
    cudaProvider: parseCudaProvider(get('cuda-provider')),
    thresholds: readThresholds(optional('thresholds')),
    failOnGate: bool('fail-on-gate', get('fail-on-gate')),
    outputDir: path.resolve(get('output-dir')),
    trackingUri: optional('tracking-uri') ?? (env.MLFLOW_TRACKING_URI?.trim() || undefined),
    promote: oneOf('promote', get('promote').toLowerCase(), ['auto', 'true', 'false'] as const),
    promoteTo: get('promote-to'),
    archiveExisting: bool('archive-existing', get('archive-existing')),
    baseline: optional('baseline'),
    dryRun: bool('dry-run', get('dry-run')),
    comment: oneOf('comment', get('comment').toLowerCase(), ['auto', 'true', 'false'] as const),
    githubToken: optional('github-token'),
    uploadArtifact: bool('upload-artifact', get('upload-artifact')),
    artifactName: get('artifact-name'),
    logRun: bool('log-run', get('log-run')),
    experiment: get('experiment'),
    skipBadFiles: bool('skip-bad-files', get('skip-bad-files')),
    task: get('task').toLowerCase(),
    register: shard !== undefined || merge !== undefined ? noRegister(optional('register'), shard !== undefined ? 'shard' : 'merge') : readRegister(optional('register'), model),
    shard,
    merge: merge === undefined ? undefined : path.resolve(merge),
    inputs: readInputMapping(optional('inputs')),
    tokenizer: optional('tokenizer'),
    textColumn: get('text-column'),
    maxLength: optional('max-length') ? positiveInt('max-length', get('max-length')) : undefined
  })
}

/** Every shard job would register its own version: register once, in a job the shards need. */
function noRegister(file: string | undefined, mode: 'shard' | 'merge'): undefined {
  if (file === undefined) return undefined
  throw new InputError(`inputs 'register' and '${mode}' are both set: register the model once in a job before the shard jobs, and give the shards and the merge its registry URI as model`, 'register')
}

/** `i/n` with 1 ≤ i ≤ n. */
function readShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value)
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || index < 1 || count < 1 || index > count || count > 10_000) {
    throw new InputError(`input 'shard' is '${value}': use i/n, the i-th of n slices with 1 ≤ i ≤ n (e.g. \${{ matrix.shard }}/4)`, 'shard')
  }
  return { index, count }
}

/**
 * `inputs: input_ids=ids, attention_mask=mask` (commas or new lines): model input → array, key, or
 * (a CSV) a column group such as `dense=age bmi s1..s6` (src/data/column-groups.ts), kept in its plain form.
 */
export function readInputMapping(value: string | undefined): ReadonlyMap<string, string> | undefined {
  if (value === undefined) return undefined
  const map = new Map<string, string>()
  for (const item of value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=\s"]+)\s*=\s*(\S.*)$/.exec(item)
    if (!m) throw new InputError(`input 'inputs' has '${item}': write model-input=array pairs, e.g. inputs: input_ids=ids, attention_mask=mask (or, for a CSV, model-input=columns: dense=age bmi bp)`, 'inputs')
    if (map.has(m[1]!)) throw new InputError(`input 'inputs' maps '${m[1]}' twice; give each model input one array`, 'inputs')
    map.set(m[1]!, groupText(parseColumnGroup(m[2]!)))
  }
  return map.size > 0 ? map : undefined
}

/** `register` needs an .onnx file, and `model` to say where the new version goes (an alias or a stage). */
function readRegister(file: string | undefined, model: string): string | undefined {
  if (file === undefined) return undefined
  if (!/\.onnx$/i.test(file)) throw new InputError(`input 'register' is '${file}': give the path of an .onnx file to register`, 'register')
  const ref = model.startsWith('models:/') ? parseModelUri(model, 'model') : undefined
  if (!ref || ref.kind === 'version' || (ref.kind === 'stage' && (ref.stage === 'None' || ref.stage === 'Archived'))) {
    throw new InputError(
      `input 'register' needs model to name where the new version goes: models:/<name>@<alias> (e.g. models:/classifier@challenger) or models:/<name>/Staging, not '${model}'`,
      'register'
    )
  }
  return file
}

export function parseDevice(value: string): Device {
  const v = value.trim().toLowerCase()
  if (v === 'auto' || v === 'cpu') return { kind: v }
  const m = /^cuda(?::(\d+))?$/.exec(v)
  if (m) return { kind: 'cuda', deviceId: m[1] ? Number(m[1]) : 0 }
  throw new InputError(`input 'device' is '${value}': use auto, cpu, cuda or cuda:<id> (e.g. cuda:0)`, 'device')
}

/** auto | none | an http(s) URL | a path (a .nupkg, or a folder with the provider files). */
export function parseCudaProvider(value: string): CudaProvider {
  const v = value.trim()
  if (v.toLowerCase() === 'auto' || v.toLowerCase() === 'none') return { kind: v.toLowerCase() as 'auto' | 'none' }
  if (/^https?:\/\//i.test(v)) {
    try {
      return { kind: 'url', url: new URL(v).href }
    } catch {
      throw new InputError(`input 'cuda-provider' is '${value}', not a valid URL: use auto, none, the package's URL or a local path`, 'cuda-provider')
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^file:/i.test(v)) {
    throw new InputError(`input 'cuda-provider' is '${value}': use auto, none, an http(s) URL of the .nupkg, or a local path`, 'cuda-provider')
  }
  return { kind: 'path', path: path.resolve(/^file:/i.test(v) ? new URL(v).pathname : v) }
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '')
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(`input '${name}' is '${value}': use one of ${allowed.join(', ')}`, name)
}

function bool(name: string, value: string): boolean {
  const v = value.toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  throw new InputError(`input '${name}' is '${value}': use true or false`, name)
}

function positiveInt(name: string, value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InputError(`input '${name}' is '${value}': use a whole number of at least 1`, name)
  }
  return n
}

function readNormalisation(name: string, value: string | undefined, imagenet: number[]): number[] | undefined {
  if (value === undefined) return undefined
  if (value.toLowerCase() === 'imagenet') return imagenet
  const parts = splitList(value).map(Number)
  if (parts.length === 0 || parts.some((x) => !Number.isFinite(x)) || (name === 'std' && parts.some((x) => x <= 0))) {
    throw new InputError(
      `input '${name}' is '${value}': use 'imagenet' or a comma list of numbers, one per channel (e.g. 0.5,0.5,0.5)${name === 'std' ? ', each above 0' : ''}`,
      name
    )
  }
  return parts
}

/** class-names: a comma list inline, or a file with one name a line or a JSON array. */
function readClassNames(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  let names: string[]
  if (looksLikeFile(value)) {
    const text = readText('class-names', value)
    if (text.trim().startsWith('[')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (e) {
        throw new InputError(`input 'class-names': ${value} is not valid JSON (${(e as Error).message}); use a JSON array of strings or one name a line`, 'class-names')
      }
      if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
        throw new InputError(`input 'class-names': ${value} must hold a JSON array of names`, 'class-names')
      }
      names = parsed.map(String)
    } else {
      names = text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '')
    }
  } else {
    names = splitList(value)
  }
  if (names.length === 0) throw new InputError(`input 'class-names' names no class: give a comma list or a file`, 'class-names')
  const dup = names.find((n, i) => names.indexOf(n) !== i)
  if (dup !== undefined) throw new InputError(`input 'class-names' lists '${dup}' twice: each class needs its own name`, 'class-names')
  return names
}

function readThresholds(value: string | undefined): Threshold[] {
  if (value === undefined) return []
  // A single line without YAML punctuation that names an existing file is a file; anything else is inline.
  const source = looksLikeFile(value) ? readText('thresholds', value) : value
  return parseThresholds(source)
}

function looksLikeFile(value: string): boolean {
  if (value.includes('\n') || /[:{[]/.test(value.replace(/^[A-Za-z]:[\\/]/, ''))) return false
  return /\.(ya?ml|json|txt|names)$/i.test(value) || existsSync(value)
}

function readText(name: string, file: string): string {
  const info = regularFileSync(file, { label: `input '${name}'`, input: name })
  if (info.size > MAX_TEXT_BYTES) {
    throw new InputError(`input '${name}': ${file} is ${formatBytes(info.size)}, more than one string can hold (${formatBytes(MAX_TEXT_BYTES)}); point it at the right file`, name)
  }
  try {
    // A byte-order mark is not part of the text: a JSON class-names file with one is still JSON.
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new InputError(`input '${name}': cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}); check the path, relative to the workspace`, name)
  }
}

/**
 * The inputs that decide what the model is fed and how its outputs are read, as metrics.json's
 * provenance records them; shards must agree on these and a few more (src/shard/run.ts).
 */
export function preprocessingOf(config: Config): Record<string, unknown> {
  return {
    image_size: config.imageSize ?? null,
    crop: config.crop ?? null,
    mean: config.mean ?? null,
    std: config.std ?? null,
    layout: config.layout,
    channels: config.channels ?? null,
    input_key: config.inputKey,
    label_key: config.labelKey,
    label_column: config.labelColumn,
    feature_columns: config.featureColumns ?? null,
    class_names: config.classNames ?? null,
    output_kind: config.outputKind,
    inputs: config.inputs ? Object.fromEntries(config.inputs) : null,
    tokenizer: config.tokenizer ?? null,
    text_column: config.tokenizer ? config.textColumn : null,
    max_length: config.maxLength ?? null
  }
}
