/**
 * The same engine for a terminal, to reproduce a CI verdict locally:
 *   model-gate evaluate --model m.onnx --test-data test/ --thresholds gate.yml [--output-dir dir]
 * Every Action input is a --flag of the same name. Writes the same metrics.json and report.md,
 * prints a table, and exits 0 when the gate passes, 1 when it fails, 2 on an error (one line).
 */
import { parseArgs } from 'node:util'
import { describeError } from './errors.js'
import { readConfig } from './inputs.js'
import type { Logger } from './log.js'
import { OnnxRuntime } from './model/onnx-runtime.js'
import { runModelGate } from './pipeline.js'
import type { MetricsDocument } from './report/metrics-json.js'

/** Inputs that make sense outside a workflow (registry ones too: promotion is for the Action). */
const FLAGS = [
  'model', 'test-data', 'labels', 'input-key', 'label-key', 'label-column', 'feature-columns', 'class-names',
  'input-name', 'output-name', 'output-kind', 'image-size', 'crop', 'mean', 'std', 'layout', 'channels',
  'skip-bad-files', 'batch-size', 'device', 'thresholds', 'fail-on-gate', 'output-dir', 'tracking-uri', 'baseline'
] as const

const USAGE = `usage: model-gate evaluate --model <file.onnx> --test-data <path> [--thresholds <yaml|file>] [--output-dir <dir>] [options]

Evaluates an ONNX classifier on a test set exactly as the model-gate Action does, writes
metrics.json and report.md to --output-dir (default model-gate-report), prints the results and
exits 0 when the gate passes, 1 when it fails, 2 on an error.

options (the Action's inputs): ${FLAGS.map((f) => `--${f}`).join(' ')}
  --json      print metrics.json to stdout instead of the table
  --quiet     no progress log on stderr
  --help`

export interface CliIo {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  readonly env: NodeJS.ProcessEnv
}

function consoleLogger(err: (line: string) => void): Logger {
  return {
    info: (m) => err(m),
    warning: (m) => err(`warning: ${m}`),
    group: async (name, fn) => {
      err(`── ${name}`)
      return fn()
    }
  }
}

const num = (v: number): string => v.toFixed(4)

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)))
  return rows.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd())
}

/** The terminal rendering of a result: headline metrics, gate checks, per-class scores. */
export function renderTable(doc: MetricsDocument): string[] {
  const lines: string[] = []
  lines.push(`model-gate: ${doc.gate.passed ? 'PASSED' : 'FAILED'}  (${doc.n_samples} samples, ${doc.classes.length} classes, ${doc.runtime.device}, ${doc.runtime.seconds.toFixed(2)} s)`, '')
  lines.push(...table([['metric', 'value'], ...(['accuracy', 'macro_f1', 'weighted_f1', 'macro_precision', 'macro_recall', 'loss'] as const).map((k) => [k, num(doc[k])])]), '')
  if (doc.gate.checks.length === 0) lines.push('gate: no thresholds set (passes on any result)')
  else lines.push(...table([['', 'check', 'value', 'condition'], ...doc.gate.checks.map((c) => [c.passed ? 'pass' : 'FAIL', c.metric, num(c.value), `${c.op} ${num(c.threshold)}`])]))
  lines.push('')
  lines.push(...table([['class', 'precision', 'recall', 'f1', 'support'], ...doc.per_class.map((c) => [c.class, num(c.precision), num(c.recall), num(c.f1), String(c.support)])]))
  const skipped = doc.skipped_files as { count: number } | undefined
  if (skipped && skipped.count > 0) lines.push('', `skipped ${skipped.count} undecodable file(s) (skip-bad-files)`)
  return lines
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    const options = Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }]))
    ;({ values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    }))
  } catch (e) {
    io.err(`model-gate: ${(e as Error).message}; see model-gate --help`)
    return 2
  }
  if (values.help) {
    io.out(USAGE)
    return 0
  }
  if (positionals.length !== 1 || positionals[0] !== 'evaluate') {
    io.err(`model-gate: ${positionals.length === 0 ? 'no command' : `unknown command '${positionals.join(' ')}'`}; the command is: model-gate evaluate --model … --test-data … (see --help)`)
    return 2
  }
  try {
    const config = readConfig((name) => (typeof values[name] === 'string' ? (values[name] as string) : ''), io.env)
    const log = values.quiet ? { info: () => {}, warning: (m: string) => io.err(`warning: ${m}`), group: <T>(_: string, fn: () => Promise<T>) => fn() } : consoleLogger(io.err)
    const outcome = await runModelGate(config, { runtime: new OnnxRuntime(), log })
    if (values.json) io.out(JSON.stringify(outcome.document, null, 2))
    else {
      for (const line of renderTable(outcome.document)) io.out(line)
      io.out('')
      io.out(`wrote ${outcome.metricsFile} and ${outcome.reportFile}`)
    }
    return outcome.passed || !config.failOnGate ? 0 : 1
  } catch (e) {
    io.err(`model-gate: error: ${describeError(e)}`)
    return 2
  }
}

const entry = process.argv[1]
if (entry && /(?:^|[\\/])(?:cli\.js|model-gate)$/.test(entry)) {
  const code = await main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env })
  process.exitCode = code
}
