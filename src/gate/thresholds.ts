/**
 * The threshold grammar of DESIGN.md: a mapping from metric to condition, YAML or JSON.
 * Structure is checked by ajv's code for THRESHOLDS_SCHEMA, generated ahead of time
 * (thresholds-validator.ts); names are checked here so an error can list what is allowed.
 */
import type { ValidateFunction } from 'ajv'
import { parse as parseYaml } from 'yaml'
import { ThresholdError } from '../errors.js'
import { validate as generatedValidate } from './thresholds-validator.js'

export type Op = '>=' | '>' | '<=' | '<'

/** `metric op value`, e.g. accuracy >= 0.9. */
export interface BoundThreshold {
  readonly kind: 'bound'
  readonly metric: string
  readonly op: Op
  readonly value: number
}

/** `<metric>_vs_baseline: { max_drop, min_gain, significance }`, compared with the baseline model. */
export interface BaselineThreshold {
  readonly kind: 'baseline'
  readonly metric: string
  readonly maxDrop: number | undefined
  readonly minGain: number | undefined
  readonly significance: number | undefined
}

export type Threshold = BoundThreshold | BaselineThreshold

/** Metrics a threshold can name without an argument. */
export const SCALAR_METRICS = [
  'accuracy', 'loss', 'macro_f1', 'weighted_f1', 'micro_f1',
  'macro_precision', 'macro_recall', 'weighted_precision', 'weighted_recall',
  'micro_precision', 'micro_recall', 'min_class_f1',
  'ece', 'brier', 'roc_auc', 'average_precision',
  'r2', 'mse', 'rmse', 'mae'
] as const

/** Metrics that take an argument in brackets: a class (name or index), or k. */
export const INDEXED_METRICS = ['f1', 'precision', 'recall', 'top_k_accuracy'] as const

/** Lower is better for these: a bare number means `<=`, and a "drop" is an increase. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['loss', 'ece', 'brier', 'mse', 'rmse', 'mae'])

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`
// The operator may be left out of a quoted number ("0.9" is 0.9, as YAML's unquoted 0.9 would be).
const CONDITION = new RegExp(String.raw`^\s*(>=|>|<=|<)?\s*(${NUMBER})\s*$`)
const INDEXED = /^([a-z_][a-z0-9_]*)\[(.+)\]$/

export const THRESHOLDS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    anyOf: [
      { type: 'number' },
      { type: 'string', pattern: CONDITION.source },
      {
        type: 'object',
        properties: {
          max_drop: { type: 'number', minimum: 0 },
          min_gain: { type: 'number' },
          significance: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }
        },
        additionalProperties: false,
        minProperties: 1
      }
    ]
  }
} as const

// ajv's standalone code, made from this schema by __tests__/generated.test.ts (which fails
// when it is stale): compiling the schema at run time cost ~15 ms of every start-up, and loading ajv more.
// The schema is checked against JSON Schema's meta-schema by gate.test.ts.
const validate = generatedValidate as ValidateFunction

const ALLOWED_TEXT =
  `allowed metrics: ${SCALAR_METRICS.join(', ')}, ${INDEXED_METRICS.map((m) => `${m}[${m === 'top_k_accuracy' ? 'k' : 'class'}]`).join(', ')}, ` +
  `and <metric>_vs_baseline: { max_drop, min_gain, significance }`

/** Parses thresholds written as YAML or JSON (JSON is YAML). Throws ThresholdError naming the culprit. */
export function parseThresholds(text: string): Threshold[] {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (e) {
    const first = ((e as Error).message.split('\n')[0] ?? '').trim()
    throw new ThresholdError(
      `input 'thresholds' is not valid YAML or JSON (${first}); quote conditions, e.g. accuracy: ">= 0.90"`,
      'thresholds'
    )
  }
  if (doc === null || doc === undefined) return []
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ThresholdError(`input 'thresholds' must be a mapping from metric to condition, e.g. accuracy: ">= 0.90"`, 'thresholds')
  }
  const entries = Object.entries(doc as Record<string, unknown>)
  for (const [metric] of entries) checkName(metric)
  if (!validate(doc)) {
    const err = validate.errors?.[0]
    const key = decodeURIComponent((err?.instancePath ?? '').split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~')
    const raw = (doc as Record<string, unknown>)[key]
    throw new ThresholdError(
      `input 'thresholds': '${key}' has the malformed condition ${shownCondition(raw)}; ` +
        `write a number, or a string "<op> <number>" with op one of >=, >, <=, < (e.g. ">= 0.90"), ` +
        `or for <metric>_vs_baseline an object { max_drop: >= 0, min_gain, significance: in (0,1) }`,
      'thresholds'
    )
  }
  const thresholds = entries.map(([metric, condition]) => toThreshold(metric, condition))
  for (const t of thresholds) checkRange(t)
  return thresholds
}

/** Metrics that live in [0, 1]; r2 is at most 1; errors and loss are at least 0. */
function metricRange(family: string): [number, number] {
  if (family === 'r2') return [-Infinity, 1]
  if (LOWER_IS_BETTER.has(family) && family !== 'ece' && family !== 'brier') return [0, Infinity]
  return family === 'brier' ? [0, 2] : [0, 1]
}

/**
 * A threshold no value of the metric can meet or miss is a typo, known before any inference:
 * `accuracy: 90` is almost surely a percentage, so it is refused with that hint.
 */
function checkRange(t: Threshold): void {
  const family = metricFamily(t.metric)
  const [low, high] = metricRange(family)
  const name = t.kind === 'baseline' ? `${t.metric}_vs_baseline` : t.metric
  const percent = (v: number) => (v > 1 && v <= 100 && high === 1 ? `; ${v} looks like a percentage: write ${v / 100} for ${v}%` : '')
  if (t.kind === 'bound') {
    if (t.value < low || t.value > high) {
      const range = high === Infinity ? `at least ${low}` : low === -Infinity ? `at most ${high}` : `between ${low} and ${high}`
      throw new ThresholdError(`input 'thresholds': '${name}' is compared with ${t.value}, but ${family} is ${range}${percent(t.value)}`, 'thresholds')
    }
    return
  }
  if (high !== 1) return
  for (const [key, v] of [['max_drop', t.maxDrop], ['min_gain', t.minGain]] as const) {
    if (v !== undefined && Math.abs(v) > 1) {
      throw new ThresholdError(`input 'thresholds': '${name}' has ${key}: ${v}, but ${family} changes by at most 1${percent(Math.abs(v))}`, 'thresholds')
    }
  }
}

/**
 * Checks what the thresholds name against the classes, before any inference: a class name that is
 * not a class (or any name when the classes have none), an index or k beyond the class count.
 * `classes` are the names when known; `count` the number of classes when the model says.
 */
export function checkThresholdClasses(thresholds: readonly Threshold[], classes: readonly string[] | undefined, count: number | undefined): void {
  const k = classes?.length ?? count
  for (const t of thresholds) {
    const name = t.kind === 'baseline' ? `${t.metric}_vs_baseline` : t.metric
    const m = INDEXED.exec(t.metric)
    if (!m) continue
    const [, family, arg] = m as unknown as [string, string, string]
    if (family === 'top_k_accuracy') {
      if (k !== undefined && Number(arg) > k) {
        throw new ThresholdError(`input 'thresholds': '${name}' asks for the top ${arg} of ${k} classes; use k from 1 to ${k}`, 'thresholds')
      }
      continue
    }
    if (classes?.includes(arg)) continue
    const isIndex = /^\d+$/.test(arg)
    if (isIndex && (k === undefined || Number(arg) < k)) continue
    const listed = classes ? `the classes are ${listClasses(classes)}` : k !== undefined ? `the model has ${k} classes, numbered 0 to ${k - 1}, and no class-names` : 'no class-names are given'
    const fix = isIndex ? `use an index from 0 to ${(k ?? 1) - 1}` : classes ? 'use one of those names (or an index)' : 'set class-names (the names in the model\'s output order) or use a class index'
    throw new ThresholdError(`input 'thresholds': '${name}' names class '${arg}', but ${listed}; ${fix}`, 'thresholds')
  }
}

function listClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 20).join(', ')
  return classes.length > 20 ? `${shown}, … (${classes.length} in all)` : shown
}

/** A condition as the user wrote it; YAML's .nan and .inf have no JSON spelling (JSON.stringify says null). */
function shownCondition(raw: unknown): string {
  const yaml = (v: number) => (Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf')
  if (typeof raw === 'number' && !Number.isFinite(raw)) return `${yaml(raw)} (not a finite number)`
  if (raw !== null && typeof raw === 'object') {
    const bad = Object.entries(raw).find(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    if (bad) return `{ ${bad[0]}: ${yaml(bad[1] as number)} } (not a finite number)`
  }
  return JSON.stringify(raw) ?? String(raw)
}

function toThreshold(metric: string, condition: unknown): Threshold {
  const base = baselineBase(metric)
  if (base !== undefined) {
    if (typeof condition !== 'object' || condition === null) {
      throw new ThresholdError(`input 'thresholds': '${metric}' compares with the baseline and needs an object such as { max_drop: 0.005 }`, 'thresholds')
    }
    const c = condition as { max_drop?: number; min_gain?: number; significance?: number }
    if (c.max_drop === undefined && c.min_gain === undefined) {
      throw new ThresholdError(`input 'thresholds': '${metric}' needs max_drop or min_gain (significance alone compares nothing)`, 'thresholds')
    }
    return { kind: 'baseline', metric: base, maxDrop: c.max_drop, minGain: c.min_gain, significance: c.significance }
  }
  if (typeof condition === 'number') {
    return { kind: 'bound', metric, op: LOWER_IS_BETTER.has(metricFamily(metric)) ? '<=' : '>=', value: condition }
  }
  if (typeof condition === 'string') {
    const m = CONDITION.exec(condition)!
    const op = (m[1] as Op | undefined) ?? (LOWER_IS_BETTER.has(metricFamily(metric)) ? '<=' : '>=')
    return { kind: 'bound', metric, op, value: Number(m[2]) }
  }
  throw new ThresholdError(`input 'thresholds': '${metric}' takes a number or a condition such as ">= 0.90", not an object (objects are for <metric>_vs_baseline)`, 'thresholds')
}

/** `accuracy_vs_baseline` → `accuracy`; undefined when the key is not a baseline comparison. */
function baselineBase(metric: string): string | undefined {
  return metric.endsWith('_vs_baseline') ? metric.slice(0, -'_vs_baseline'.length) : undefined
}

/** `f1[cat]` → `f1`; `accuracy` → `accuracy`. */
export function metricFamily(metric: string): string {
  return INDEXED.exec(metric)?.[1] ?? metric
}

function checkName(metric: string): void {
  const name = baselineBase(metric) ?? metric
  if ((SCALAR_METRICS as readonly string[]).includes(name)) return
  const m = INDEXED.exec(name)
  if (m && (INDEXED_METRICS as readonly string[]).includes(m[1]!)) {
    if (m[1] === 'top_k_accuracy' && !/^[1-9]\d*$/.test(m[2]!)) {
      throw new ThresholdError(`input 'thresholds': '${metric}' needs a whole k of at least 1, e.g. top_k_accuracy[5]`, 'thresholds')
    }
    return
  }
  throw new ThresholdError(`input 'thresholds' names the unknown metric '${metric}'; ${ALLOWED_TEXT}`, 'thresholds')
}
