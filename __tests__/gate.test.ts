import { describe, expect, it } from '@jest/globals'
import { decide } from '../src/gate/decide.js'
import { Ajv } from 'ajv'
import { parseThresholds, THRESHOLDS_SCHEMA } from '../src/gate/thresholds.js'
import { ThresholdError } from '../src/errors.js'

const values: Record<string, number> = { accuracy: 0.91, loss: 0.3, macro_f1: 0.84, 'f1[cat]': 0.8 }
const lookup = (m: string) => values[m]

describe('thresholds', () => {
  it("the schema is valid JSON Schema (the Action compiles it without ajv's meta-schema check, to start faster)", () => {
    const ajv = new Ajv({ strict: true })
    expect(ajv.validateSchema(THRESHOLDS_SCHEMA)).toBe(true)
    expect(ajv.errors ?? null).toBeNull()
  })

  it('parses the grammar of DESIGN.md from YAML', () => {
    const t = parseThresholds(`
accuracy: ">= 0.90"
macro_f1: 0.85
loss: "<= 0.35"
min_class_f1: "> 0.7"
"f1[cat]": ">= 0.80"
accuracy_vs_baseline: { max_drop: 0.005 }
`)
    expect(t).toEqual([
      { kind: 'bound', metric: 'accuracy', op: '>=', value: 0.9 },
      { kind: 'bound', metric: 'macro_f1', op: '>=', value: 0.85 },
      { kind: 'bound', metric: 'loss', op: '<=', value: 0.35 },
      { kind: 'bound', metric: 'min_class_f1', op: '>', value: 0.7 },
      { kind: 'bound', metric: 'f1[cat]', op: '>=', value: 0.8 },
      { kind: 'baseline', metric: 'accuracy', maxDrop: 0.005, minGain: undefined, significance: undefined }
    ])
  })

  it('parses JSON too, and a bare number on loss means <=', () => {
    expect(parseThresholds('{"loss": 0.4, "accuracy": "<0.99"}')).toEqual([
      { kind: 'bound', metric: 'loss', op: '<=', value: 0.4 },
      { kind: 'bound', metric: 'accuracy', op: '<', value: 0.99 }
    ])
  })

  it('names an unknown metric and lists the allowed ones', () => {
    expect(() => parseThresholds('acuracy: 0.9')).toThrow(ThresholdError)
    expect(() => parseThresholds('acuracy: 0.9')).toThrow(/unknown metric 'acuracy'.*allowed metrics: accuracy, loss/)
  })

  it('names a malformed condition', () => {
    expect(() => parseThresholds('accuracy: "=> 0.9"')).toThrow(/'accuracy' has the malformed condition "=> 0.9"/)
    expect(() => parseThresholds('accuracy: [1]')).toThrow(/'accuracy' has the malformed condition/)
    expect(() => parseThresholds('accuracy_vs_baseline: { max_drop: -1 }')).toThrow(/accuracy_vs_baseline/)
    expect(() => parseThresholds('top_k_accuracy[0]: 0.9')).toThrow(/whole k/)
  })

  it('explains unquoted YAML conditions', () => {
    expect(() => parseThresholds('accuracy: >= 0.9\nloss: 1')).toThrow(/quote conditions/)
  })
})

describe('decide', () => {
  it('reports every check with value, operator and threshold', () => {
    const v = decide(parseThresholds('accuracy: ">= 0.90"\nmacro_f1: 0.85\nloss: 0.35'), lookup)
    expect(v.passed).toBe(false)
    expect(v.checks).toEqual([
      { metric: 'accuracy', op: '>=', threshold: 0.9, value: 0.91, passed: true },
      { metric: 'macro_f1', op: '>=', threshold: 0.85, value: 0.84, passed: false },
      { metric: 'loss', op: '<=', threshold: 0.35, value: 0.3, passed: true }
    ])
  })

  it('passes with no thresholds', () => {
    expect(decide([], lookup)).toEqual({ passed: true, checks: [] })
  })

  it('compares with a baseline both ways, and passes a first run', () => {
    const t = parseThresholds('accuracy_vs_baseline: { max_drop: 0.005 }\nloss_vs_baseline: { max_drop: 0.01 }')
    expect(decide(t, lookup, (m) => ({ accuracy: 0.915, loss: 0.295 })[m]).passed).toBe(true)
    expect(decide(t, lookup, (m) => ({ accuracy: 0.92, loss: 0.3 })[m]).checks[0]!.passed).toBe(false)
    expect(decide(t, lookup, (m) => ({ accuracy: 0.91, loss: 0.28 })[m]).checks[1]!.passed).toBe(false)
    const first = decide(t, lookup, () => undefined)
    expect(first.passed).toBe(true)
    expect(first.checks[0]!.note).toMatch(/first run/)
  })

  it('refuses a metric the evaluation does not produce', () => {
    expect(() => decide(parseThresholds('"f1[dog]": 0.5'), lookup)).toThrow(/'f1\[dog\]'/)
  })
})
