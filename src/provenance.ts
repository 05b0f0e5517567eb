/**
 * Where a metrics.json came from, so a number can be traced back: model-gate's and onnxruntime's
 * versions, the preprocessing applied to the test set, and the commit, event and time of the run.
 */
import { readFileSync } from 'node:fs'
import type { RunContext } from './github/context.js'
import { preprocessingOf, type Config } from './inputs.js'

/** model-gate's version from package.json, one folder up from src/ and from dist/ alike. */
export function modelGateVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? null
  } catch {
    return null
  }
}

export function provenance(config: Config, context: RunContext, onnxruntime: string | undefined, now = new Date()): Record<string, unknown> {
  return {
    model_gate: modelGateVersion(),
    onnxruntime: onnxruntime ?? null,
    preprocessing: preprocessingOf(config),
    commit: context.sha || null,
    ref: context.ref || null,
    event: context.eventName || null,
    run_url: context.runUrl ?? null,
    timestamp: now.toISOString()
  }
}
