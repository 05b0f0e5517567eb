/**
 * The threshold grammar of DESIGN.md: a mapping from metric to condition, YAML or JSON.
 * Structure is checked with ajv; names are checked here so an error can list what is allowed.
 */
import { Ajv } from 'ajv'
import { parse as parseYaml } from 'yaml'
import { ThresholdError } from '../errors.js'

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
const CONDITION = new RegExp(String.raw`^\s*(>=|>|<=|<)\s*(${NUMBER})\s*$`)
const INDEXED = /^([a-z_][a-z0-9_]*)\[(.+)\]$/

const schema = {
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

const validate = new Ajv({ allErrors: false, strict: true }).compile(schema)

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
  return entries.map(([metric, condition]) => toThreshold(metric, condition))
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
    return { kind: 'bound', metric, op: m[1] as Op, value: Number(m[2]) }
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
