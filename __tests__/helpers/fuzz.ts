/**
 * Property-based fault injection through the built dist/: fast-check generates mutations of valid
 * input bytes, each mutated twin is run in a child process, and the promise is checked — either the
 * clean twin's exact numbers, or exit 1 with exactly one ::error:: line that names the input and
 * says what to do, no stack trace, no passed=true, within a time and memory bound.
 *
 * Seeded (MODEL_GATE_FUZZ_SEED), so a failure reproduces: fast-check prints the seed and path of
 * the counterexample. `npm test` runs few cases per property; `npm run fuzz` (every __tests__/fuzz*.test.ts) runs
 * MODEL_GATE_FUZZ_RUNS per property (default 100 there).
 *
 * Reusable for other input kinds (PNG, ONNX): build a Mutation arbitrary (byteMutations, or your
 * own), write the mutated bytes with writeTwin, and check the run with expectPromise.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { runDist, tempDir, type DistRun } from './run-dist.js'

export const FUZZ_SEED = Number(process.env.MODEL_GATE_FUZZ_SEED ?? 20261201)

/** Cases per property: `quick` in npm test, MODEL_GATE_FUZZ_RUNS when set (npm run fuzz). */
export function fuzzRuns(quick: number): number {
  const env = Number(process.env.MODEL_GATE_FUZZ_RUNS)
  return Number.isInteger(env) && env > 0 ? env : quick
}

/** fast-check parameters: seeded, and the first failure ends the run (each case is a process). */
export function fuzzParameters(quick: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(quick), endOnFailure: true }
}

/** A jest timeout that grows with the number of cases (each a child process of about a second). */
export function fuzzTimeout(quick: number, perCaseMs = 6000): number {
  return 30_000 + fuzzRuns(quick) * perCaseMs
}

/** One change to a file's bytes, with a description for the counterexample. */
export interface Mutation {
  readonly label: string
  apply(bytes: Uint8Array): Uint8Array
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * Byte-level mutations of a file of `size` bytes, positions within [from, to) (default: anywhere):
 * truncate, flip a bit, overwrite a byte, insert bytes, delete a range, duplicate a range.
 * Positions are drawn as fractions so one arbitrary serves files of any size.
 */
export function byteMutation(size: number, region: { from?: number; to?: number } = {}): fc.Arbitrary<Mutation> {
  const from = region.from ?? 0
  const to = Math.max(from + 1, Math.min(region.to ?? size, size))
  const pos = fc.integer({ min: from, max: to - 1 })
  const len = fc.integer({ min: 1, max: 64 })
  return fc.oneof(
    pos.map((p): Mutation => ({ label: `truncate at ${p}`, apply: (b) => b.slice(0, p) })),
    fc.tuple(pos, fc.integer({ min: 0, max: 7 })).map(([p, bit]): Mutation => ({
      label: `flip bit ${bit} of byte ${p}`,
      apply: (b) => {
        const c = b.slice()
        if (p < c.length) c[p]! ^= 1 << bit
        return c
      }
    })),
    fc.tuple(pos, fc.integer({ min: 0, max: 255 })).map(([p, v]): Mutation => ({
      label: `set byte ${p} to ${v}`,
      apply: (b) => {
        const c = b.slice()
        if (p < c.length) c[p] = v
        return c
      }
    })),
    fc.tuple(pos, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([p, ins]): Mutation => ({
      label: `insert [${[...ins].join(',')}] at ${p}`,
      apply: (b) => concat(b.subarray(0, p), ins, b.subarray(p))
    })),
    fc.tuple(pos, len).map(([p, n]): Mutation => ({ label: `delete ${n} bytes at ${p}`, apply: (b) => concat(b.subarray(0, p), b.subarray(p + n)) })),
    fc.tuple(pos, len).map(([p, n]): Mutation => ({ label: `duplicate ${n} bytes at ${p}`, apply: (b) => concat(b.subarray(0, p + n), b.subarray(p, p + n), b.subarray(p + n)) }))
  )
}

/** One to `most` mutations applied in turn. */
export function byteMutations(size: number, region: { from?: number; to?: number } = {}, most = 3): fc.Arbitrary<Mutation> {
  return fc.array(byteMutation(size, region), { minLength: 1, maxLength: most }).map((ms): Mutation => ({
    label: ms.map((m) => m.label).join(', then '),
    apply: (b) => ms.reduce((acc, m) => m.apply(acc), b)
  }))
}

/** A text-level mutation: a function of the text, with its description. */
export function textMutation(label: string, apply: (text: string) => string): Mutation {
  return { label, apply: (b) => new TextEncoder().encode(apply(new TextDecoder().decode(b))) }
}

const twins = tempDir('model-gate-fuzz-')
let twinCount = 0

/** Writes mutated bytes to a fresh file named like the original (the extension picks the reader). */
export function writeTwin(name: string, bytes: Uint8Array): string {
  const file = path.join(twins, `${twinCount++}-${name}`)
  writeFileSync(file, bytes)
  return file
}

/** The numbers a mutated twin must reproduce exactly if it is accepted. */
export interface CleanNumbers {
  readonly n_samples: number
  readonly accuracy: number
  readonly loss: number
  readonly confusion_matrix: number[][]
}

export function cleanNumbers(r: DistRun): CleanNumbers {
  if (r.code !== 0) throw new Error(`the clean twin failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
  const m = r.metrics()
  return { n_samples: m.n_samples, accuracy: m.accuracy, loss: m.loss, confusion_matrix: m.confusion_matrix }
}

export interface PromiseBounds {
  /** Inputs a refusal may name: the error must start with one of them (e.g. test-data, labels). */
  readonly inputs: readonly string[]
  /** Wall-clock bound for one run. */
  readonly timeoutMs?: number
  /** Peak RSS bound for one run (the Action with onnxruntime loaded is about 150–250 MiB). */
  readonly maxRssMiB?: number
  /**
   * A reference reader (numpy, Pillow) for mutations that can make a valid but different test set:
   * called when the run was accepted with other numbers; returns why that is right (the reference
   * reads different data too), or undefined when the reference reads the clean data or refuses.
   */
  readonly reference?: () => string | undefined
}

export type Verdict = { readonly outcome: 'clean' } | { readonly outcome: 'different'; readonly why: string } | { readonly outcome: 'refused'; readonly error: string }

const STACK = /^\s+at .+:\d+:\d+\)?$/m
const LEAKS = /unexpected error|RangeError|TypeError|Maximum call stack|Invalid typed array|ENOENT|Quote Not Closed|Invalid Record Length|\[object Object\]|undefined/

/** Runs dist/ on `inputs` and checks the promise against `clean`; throws (with the run's output) when it is broken. */
export async function expectPromise(inputs: Record<string, string>, clean: CleanNumbers, bounds: PromiseBounds): Promise<Verdict> {
  const r = await runDist({ device: 'cpu', ...inputs }, { timeoutMs: bounds.timeoutMs ?? 30_000, measureRss: true })
  return checkPromise(r, clean, bounds)
}

export function checkPromise(r: DistRun, clean: CleanNumbers, bounds: PromiseBounds): Verdict {
  const fail = (why: string): never => {
    throw new Error(`${why}\nexit ${r.code}${r.timedOut ? ' (killed: timed out)' : ''}\nerrors: ${JSON.stringify(r.errors)}\nstdout (tail): ${r.stdout.slice(-1500)}\nstderr (tail): ${r.stderr.slice(-1500)}`)
  }
  if (r.timedOut) fail(`the run did not end within ${bounds.timeoutMs ?? 30_000} ms`)
  if (STACK.test(r.stdout + r.stderr)) fail('a stack trace was printed')
  const rssMiB = (r.peakRssKiB ?? 0) / 1024
  if (bounds.maxRssMiB !== undefined && rssMiB > bounds.maxRssMiB) fail(`peak RSS ${rssMiB.toFixed(0)} MiB is above the bound of ${bounds.maxRssMiB} MiB`)
  if (r.code === 0) {
    if (r.errors.length > 0) fail('exit 0 with an ::error:: line')
    const got = cleanNumbers(r)
    const same = got.n_samples === clean.n_samples && got.accuracy === clean.accuracy && got.loss === clean.loss && JSON.stringify(got.confusion_matrix) === JSON.stringify(clean.confusion_matrix)
    if (same) return { outcome: 'clean' }
    const why = bounds.reference?.()
    if (why === undefined) fail(`accepted with numbers that differ from the clean twin's: ${JSON.stringify(got)} vs ${JSON.stringify(clean)}`)
    return { outcome: 'different', why: why! }
  }
  if (r.code !== 1) fail(`exit code ${r.code}, expected 0 or 1`)
  if (r.outputs.passed === 'true') fail('passed=true on a refused run')
  if (r.errors.length !== 1) fail(`${r.errors.length} ::error:: lines, expected exactly one`)
  const error = r.errors[0]!.replace(/^::error::/, '')
  const names = bounds.inputs.map((i) => i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  if (!new RegExp(`^(?:input ')?(?:${names})\\b`).test(error)) fail(`the error does not start with the input it is about (${bounds.inputs.join(', ')}): ${error}`)
  if (!/; \S/.test(error)) fail(`the error does not say what to do (no '; <fix>' clause): ${error}`)
  if (LEAKS.test(error)) fail(`the error leaks an internal message: ${error}`)
  return { outcome: 'refused', error }
}

/** Counts outcomes and distinct refusals of a property, for the campaign report (MODEL_GATE_FUZZ_REPORT=1 prints them). */
export class Tally {
  clean = 0
  different = 0
  refused = 0
  readonly kinds = new Map<string, number>()

  add(v: Verdict): void {
    if (v.outcome === 'clean') this.clean++
    else if (v.outcome === 'different') this.different++
    else {
      this.refused++
      // the message without paths and numbers: one entry per kind of refusal
      const kind = v.error.replace(/\/[^\s:,;()']+/g, '<file>').replace(/\d+(\.\d+)?/g, 'N').slice(0, 110)
      this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1)
    }
  }

  report(title: string): void {
    if (!process.env.MODEL_GATE_FUZZ_REPORT) return
    const lines = [...this.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(4)}  ${k}`)
    process.stdout.write(`\n[fuzz] ${title}: ${this.clean + this.different + this.refused} cases, ${this.clean} clean, ${this.different} valid but different (the reference reader agrees), ${this.refused} refused\n${lines.join('\n')}\n`)
  }
}
