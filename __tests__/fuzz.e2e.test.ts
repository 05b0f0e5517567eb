/**
 * The promise, property-tested through dist/: mutated .npz/.npy/CSV/JSONL test sets are either read
 * to the clean twin's exact numbers, or refused with one ::error:: naming the input and the fix —
 * never turned into other numbers. A few seeded cases per property here; `npm run fuzz` runs many
 * (MODEL_GATE_FUZZ_RUNS, MODEL_GATE_FUZZ_SEED; MODEL_GATE_FUZZ_REPORT=1 prints what was refused).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { unzipSync, zipSync } from 'fflate'
import { byteMutations, cleanNumbers, expectPromise, fuzzParameters, fuzzTimeout, Tally, textMutation, writeTwin, type CleanNumbers, type Mutation } from './helpers/fuzz.js'
import { npy } from './helpers/npy.js'
import { ROOT, runDist } from './helpers/run-dist.js'

const CLASSIFY = path.join(ROOT, 'fixtures', 'classify')
const DIGITS = path.join(CLASSIFY, 'digits-cnn.onnx')
const IRIS = path.join(CLASSIFY, 'iris-mlp.onnx')
const IRIS_CLASSES = 'setosa,versicolor,virginica'
const BOUNDS = { timeoutMs: 30_000, maxRssMiB: 1024 }

const deflatedNpz = new Uint8Array(readFileSync(path.join(CLASSIFY, 'digits-test.npz')))
const members = unzipSync(deflatedNpz)
const storedNpz = zipSync(members, { level: 0 })
const xNpy = members['x.npy']!
const yNpy = members['y.npy']!
const N = 450
const yValues = new BigInt64Array(yNpy.slice(128).buffer) // the fixture's y.npy has a 128-byte header
const csvText = readFileSync(path.join(CLASSIFY, 'iris-test.csv'), 'utf8').replace(/\r\n/g, '\n') // CRLF is one of the mutations
const csvLines = csvText.trimEnd().split('\n')
const csvHeader = csvLines[0]!.split(',')
const speciesAt = csvHeader.indexOf('species')
const jsonlText =
  csvLines
    .slice(1)
    .map((l) => {
      const cells = l.split(',')
      return JSON.stringify({ features: cells.filter((_, i) => i !== speciesAt).map(Number), species: cells[speciesAt] })
    })
    .join('\n') + '\n'

const npzInputs = (file: string) => ({ model: DIGITS, 'test-data': file })
const csvInputs = (file: string) => ({ model: IRIS, 'test-data': file, 'label-column': 'species', 'class-names': IRIS_CLASSES })

const clean: Record<'npz' | 'npy' | 'csv' | 'jsonl', CleanNumbers> = {} as never

beforeAll(async () => {
  clean.npz = cleanNumbers(await runDist({ ...npzInputs(writeTwin('clean.npz', deflatedNpz)), device: 'cpu' }))
  cleanX = writeTwin('x.npy', xNpy)
  cleanY = writeTwin('y.npy', yNpy)
  clean.npy = cleanNumbers(await runDist({ model: DIGITS, 'test-data': cleanX, labels: cleanY, device: 'cpu' }))
  clean.csv = cleanNumbers(await runDist({ ...csvInputs(writeTwin('clean.csv', new TextEncoder().encode(csvText))), device: 'cpu' }))
  clean.jsonl = cleanNumbers(await runDist({ ...csvInputs(writeTwin('clean.jsonl', new TextEncoder().encode(jsonlText))), device: 'cpu' }))
  // the four clean twins are the same data: a reader that differs on clean input fails here already
  expect(clean.npy).toEqual(clean.npz)
  expect(clean.jsonl).toEqual(clean.csv)
}, 60_000)

async function check(t: Tally, inputs: Record<string, string>, c: CleanNumbers, names: string[], must?: 'clean' | 'refused', reference?: () => string | undefined) {
  const v = await expectPromise(inputs, c, { ...BOUNDS, inputs: names, reference })
  t.add(v)
  if (must && v.outcome !== must) throw new Error(`expected ${must}, got ${v.outcome}${v.outcome === 'refused' ? `: ${v.error}` : ''}`)
  return v
}

describe('.npz bytes, mutated anywhere (CRC-32 and sizes protect every member)', () => {
  for (const [kind, bytes, quick] of [['deflated', deflatedNpz, 4], ['stored', storedNpz, 3]] as const) {
    it(`${kind}: clean numbers or one refusal`, async () => {
      const t = new Tally()
      await fc.assert(
        fc.asyncProperty(byteMutations(bytes.length), async (m: Mutation) => {
          await check(t, npzInputs(writeTwin(`${kind}.npz`, m.apply(bytes))), clean.npz, ['test-data', 'label-key', 'input-key'])
        }),
        fuzzParameters(quick)
      )
      t.report(`npz ${kind}`)
    }, fuzzTimeout(quick))
  }
})

/**
 * numpy as the reference reader: a header lie can describe a valid array of other values (say <f4
 * rewritten <i4), which must then give other numbers. Different numbers are right only when numpy
 * loads both files and reads something else than the clean arrays.
 */
function numpyReadsOtherData(xFile: string, yFile: string): string | undefined {
  const script = [
    'import sys, numpy as np',
    'x = np.load(sys.argv[1]); y = np.load(sys.argv[2])',
    'cx = np.load(sys.argv[3]); cy = np.load(sys.argv[4])',
    'same = x.shape == cx.shape and y.shape == cy.shape and np.array_equal(x.astype(np.float32), cx) and np.array_equal(y, cy)',
    'print("same" if same else f"numpy reads {x.dtype}{x.shape} and {y.dtype}{y.shape}")'
  ].join('\n')
  const r = spawnSync('/usr/bin/python3', ['-c', script, xFile, yFile, cleanX, cleanY], { encoding: 'utf8' })
  const out = r.stdout.trim()
  return r.status === 0 && out !== 'same' ? out : undefined
}

let cleanX = ''
let cleanY = ''

describe('.npy features and labels: lies in the header, truncation, trailing bytes', () => {
  const quick = 4
  it('clean numbers or one refusal', async () => {
    const t = new Tally()
    const which = fc.constantFrom('x', 'y')
    const tail = (size: number) =>
      fc.oneof(
        fc.integer({ min: 0, max: size - 1 }).map((p): Mutation => ({ label: `truncate at ${p}`, apply: (b) => b.slice(0, p) })),
        fc.uint8Array({ minLength: 1, maxLength: 64 }).map((extra): Mutation => ({ label: `append ${extra.length} bytes`, apply: (b) => Uint8Array.from([...b, ...extra]) }))
      )
    const mutation = fc.oneof(
      which.chain((w) => byteMutations((w === 'x' ? xNpy : yNpy).length, { to: 128 }).map((m) => [w, m] as const)),
      which.chain((w) => tail((w === 'x' ? xNpy : yNpy).length).map((m) => [w, m] as const))
    )
    await fc.assert(
      fc.asyncProperty(mutation, async ([w, m]) => {
        const x = writeTwin('x.npy', w === 'x' ? m.apply(xNpy) : xNpy)
        const y = writeTwin('y.npy', w === 'y' ? m.apply(yNpy) : yNpy)
        await check(t, { model: DIGITS, 'test-data': x, labels: y }, clean.npy, ['test-data', 'labels'], undefined, () => numpyReadsOtherData(x, y))
      }),
      fuzzParameters(quick)
    )
    t.report('npy')
  }, fuzzTimeout(quick))
})

/** Labels that are not a class index, as each format can write them. */
describe('labels that are not class indices are refused, naming the file and the row', () => {
  const quick = 6
  it('in .npz/.npy (int64, uint64, float64) and CSV/JSONL text', async () => {
    const t = new Tally()
    const row = fc.integer({ min: 0, max: N - 1 })
    const npzLie = fc.tuple(row, fc.constantFrom('2**32+y', '2**31', '2**63+y (uint64)', '10', '-1', '1.5', '4294967296.0')).map(([r, lie]) => {
      const label = yValues[r]!
      let y: Uint8Array
      if (lie === '2**63+y (uint64)') {
        const v = BigUint64Array.from(yValues, (v) => BigInt.asUintN(64, v))
        v[r] = 2n ** 63n + BigInt.asUintN(64, label)
        y = npy(v, [N])
      } else if (lie === '1.5' || lie === '4294967296.0') {
        const v = Float64Array.from(yValues, Number)
        v[r] = Number(lie)
        y = npy(v, [N])
      } else {
        const v = yValues.slice()
        v[r] = lie === '2**32+y' ? 2n ** 32n + label : lie === '2**31' ? 2n ** 31n : BigInt(lie)
        y = npy(v, [N])
      }
      return { format: 'npz', r, lie, y }
    })
    const lines = csvLines.length - 1
    const textLie = fc.tuple(fc.constantFrom('csv', 'jsonl'), fc.integer({ min: 0, max: lines - 1 }), fc.constantFrom('4294967296', '1e400', '2147483648', '3', '7.0', '1.5')).map(([format, r, lie]) => ({ format, r, lie, y: undefined }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(npzLie, textLie), async ({ format, r, lie, y }) => {
        let file: string
        let also = ''
        let inputs: Record<string, string>
        if (format === 'npz') {
          const both = [writeTwin('lie.npz', zipSync({ 'x.npy': xNpy, 'y.npy': y! })), writeTwin('x.npy', xNpy), writeTwin('y.npy', y!)]
          const asNpy = r % 2 === 1 // half the cases through the .npy reader
          file = asNpy ? both[2]! : both[0]!
          also = both[1]! // a label only the model's class count refuses is reported on the test-data file
          inputs = asNpy ? { model: DIGITS, 'test-data': both[1]!, labels: both[2]! } : npzInputs(both[0]!)
        } else if (format === 'csv') {
          const rows = csvLines.map((l, i) => (i === r + 1 ? l.split(',').map((c, j) => (j === speciesAt ? lie : c)).join(',') : l))
          file = writeTwin('lie.csv', new TextEncoder().encode(rows.join('\n') + '\n'))
          inputs = csvInputs(file)
        } else {
          const recs = jsonlText.trimEnd().split('\n').map((l, i) => (i === r ? l.replace(/"species":"[^"]*"/, `"species":${lie}`) : l))
          file = writeTwin('lie.jsonl', new TextEncoder().encode(recs.join('\n') + '\n'))
          inputs = csvInputs(file)
        }
        const v = await check(t, inputs, format === 'npz' ? clean.npz : clean.csv, ['test-data', 'labels', 'label-key', 'task', 'class-names'], 'refused')
        if (v.outcome === 'refused' && !v.error.startsWith('task')) {
          // the reader names the file and where in it; a label only the model's class count refuses names the sample
          expect([path.basename(file), path.basename(also || file)].some((f) => v.error.includes(f))).toBe(true)
          expect(v.error).toMatch(format === 'npz' ? new RegExp(`(row|sample) ${r}\\b`) : new RegExp(`line ${format === 'csv' ? r + 2 : r + 1}\\b`))
        }
      }),
      fuzzParameters(quick)
    )
    t.report('label lies')
  }, fuzzTimeout(quick))
})

describe('CSV: encodings that change nothing, and structure that must be refused', () => {
  const quick = 5
  it('BOM, CRLF, blank lines and quoting give the clean numbers; duplicate names, short rows and open quotes are refused', async () => {
    const t = new Tally()
    const same = fc.constantFrom(
      textMutation('BOM', (s) => `\uFEFF${s}`),
      textMutation('CRLF', (s) => s.replace(/\n/g, '\r\n')),
      textMutation('blank lines', (s) => s.replace(/\n/g, '\n\n')),
      textMutation('spaces around values', (s) => s.replace(/,/g, ' , ')),
      textMutation('every field quoted', (s) => s.split('\n').map((l) => (l ? l.split(',').map((c) => `"${c}"`).join(',') : l)).join('\n'))
    ).map((m) => ({ m, must: 'clean' as const }))
    const cols = csvHeader.length
    const refused = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: cols - 1 }), fc.integer({ min: 0, max: cols - 1 })).filter(([a, b]) => a !== b).map(([a, b]) =>
        textMutation(`column ${b + 1} renamed to column ${a + 1}'s name`, (s) => {
          const [h, ...rest] = s.split('\n')
          const names = h!.split(',')
          names[b] = names[a]!
          return [names.join(','), ...rest].join('\n')
        })
      ),
      fc.integer({ min: 1, max: csvLines.length - 1 }).map((r) => textMutation(`line ${r + 1} cut before its last field`, (s) => {
        const ls = s.split('\n')
        ls[r] = ls[r]!.slice(0, ls[r]!.lastIndexOf(','))
        return ls.join('\n')
      })),
      fc.integer({ min: 1, max: csvLines.length - 1 }).map((r) => textMutation(`an unclosed quote on line ${r + 1}`, (s) => {
        const ls = s.split('\n')
        ls[r] = `"${ls[r]}`
        return ls.join('\n')
      })),
      fc.integer({ min: 1, max: csvLines.length - 1 }).map((r) => textMutation(`an extra field on line ${r + 1}`, (s) => {
        const ls = s.split('\n')
        ls[r] = `${ls[r]},1`
        return ls.join('\n')
      }))
    ).map((m) => ({ m, must: 'refused' as const }))
    const headerBytes = new TextEncoder().encode(csvLines[0]!).length
    const either = byteMutations(headerBytes, {}, 2).map((m) => ({ m, must: undefined }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(same, refused, either), async ({ m, must }) => {
        const file = writeTwin('mutated.csv', m.apply(new TextEncoder().encode(csvText)))
        await check(t, csvInputs(file), clean.csv, ['test-data', 'label-column', 'feature-columns', 'class-names'], must)
      }),
      fuzzParameters(quick)
    )
    t.report('csv')
  }, fuzzTimeout(quick))
})

describe('JSONL: encodings that change nothing, and records that must be refused', () => {
  const quick = 4
  it('BOM, CRLF, blank lines, extra keys give the clean numbers; cut lines, deep nesting, strings, NaN and 1e400 features are refused', async () => {
    const t = new Tally()
    const lines = jsonlText.trimEnd().split('\n').length
    const same = fc.constantFrom(
      textMutation('BOM', (s) => `\uFEFF${s}`),
      textMutation('CRLF', (s) => s.replace(/\n/g, '\r\n')),
      textMutation('blank lines', (s) => s.replace(/\n/g, '\n\n')),
      textMutation('an extra key', (s) => s.replace(/\{"features"/g, '{"note":"x","features"')),
      textMutation('whitespace inside records', (s) => s.replace(/,/g, ', ').replace(/:/g, ' : '))
    ).map((m) => ({ m, must: 'clean' as const }))
    const atLine = (label: string, f: (l: string) => string) =>
      fc.integer({ min: 0, max: lines - 1 }).map((r) => textMutation(`${label} on line ${r + 1}`, (s) => s.split('\n').map((l, i) => (i === r ? f(l) : l)).join('\n')))
    const refused = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: lines - 1 }), fc.double({ min: 0.05, max: 0.95, noNaN: true })).map(([r, at]) =>
        textMutation(`cut inside line ${r + 1}, the rest dropped`, (s) => {
          const ls = s.split('\n')
          return [...ls.slice(0, r), ls[r]!.slice(0, Math.max(1, Math.floor(ls[r]!.length * at)))].join('\n')
        })
      ),
      atLine('features nested 100000 deep', (l) => l.replace(/"features":\[[^\]]*\]/, `"features":${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
      atLine('a string feature', (l) => l.replace(/"features":\[/, '"features":["abc",')),
      atLine('a NaN literal', (l) => l.replace(/"features":\[[^,]*/, '"features":[NaN')),
      atLine('a 1e400 feature', (l) => l.replace(/"features":\[[^,]*/, '"features":[1e400')),
      atLine('no label', (l) => l.replace(/,"species":"[^"]*"/, ''))
    ).map((m) => ({ m, must: 'refused' as const }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(same, refused), async ({ m, must }) => {
        const file = writeTwin('mutated.jsonl', m.apply(new TextEncoder().encode(jsonlText)))
        await check(t, csvInputs(file), clean.jsonl, ['test-data', 'label-column'], must)
      }),
      fuzzParameters(quick)
    )
    t.report('jsonl')
  }, fuzzTimeout(quick))
})

const INPUTS = path.join(ROOT, 'fixtures', 'inputs')
const WINE = path.join(INPUTS, 'wine-two.onnx')
const wineText = readFileSync(path.join(INPUTS, 'wine-two.csv'), 'utf8')
const wineLines = wineText.trimEnd().split('\n')

/** Moves column `from` of every line to position `to`. */
function moveColumn(s: string, from: number, to: number): string {
  return s.split('\n').map((l) => {
    if (!l) return l
    const cells = l.split(',')
    const [c] = cells.splice(from, 1)
    cells.splice(to, 0, c!)
    return cells.join(',')
  }).join('\n')
}

describe('CSV column groups: layouts that change nothing, and columns that must be refused', () => {
  const quick = 5
  it('columns moved outside the range, an extra text column and quoting give the .npz numbers; a broken group or cell is refused', async () => {
    const t = new Tally()
    const mapping = 'features=alcohol..od280'
    const cleanWine = cleanNumbers(await runDist({ model: WINE, 'test-data': path.join(INPUTS, 'wine-two.npz'), device: 'cpu' }))
    const rows = wineLines.length - 1
    const atCell = (label: string, cols: [number, number], cell: string) =>
      fc.tuple(fc.integer({ min: 1, max: rows }), fc.integer({ min: cols[0], max: cols[1] })).map(([r, c]) =>
        textMutation(`${label} at line ${r + 1}, column ${c + 1}`, (s) => s.split('\n').map((l, i) => (i === r ? l.split(',').map((v, j) => (j === c ? cell : v)).join(',') : l)).join('\n'))
      )
    const same = fc.oneof(
      fc.constantFrom(
        textMutation('bucket and label moved first', (s) => moveColumn(moveColumn(s, 12, 0), 13, 0)),
        textMutation('an id column of text at the end', (s) => s.split('\n').map((l, i) => (l ? `${l},${i === 0 ? 'id' : `w${i}`}` : l)).join('\n')),
        textMutation('every field quoted', (s) => s.split('\n').map((l) => (l ? l.split(',').map((c) => `"${c}"`).join(',') : l)).join('\n')),
        textMutation('CRLF', (s) => s.replace(/\n/g, '\r\n'))
      )
    ).map((m) => ({ m, must: 'clean' as const }))
    const refused = fc.oneof(
      fc.integer({ min: 0, max: 11 }).map((c) => textMutation(`column ${c + 1} renamed to od280`, (s) => s.replace(/^[^\n]+/, (h) => h.split(',').map((v, j) => (j === c && v !== 'od280' ? 'od280' : v)).join(',')))),
      fc.integer({ min: 1, max: 10 }).map((c) => textMutation(`label moved into the range at ${c + 1}`, (s) => moveColumn(s, 13, c))),
      fc.integer({ min: 0, max: 11 }).map((c) => textMutation(`column ${c + 1} dropped`, (s) => s.split('\n').map((l) => (l ? l.split(',').filter((_, j) => j !== c).join(',') : l)).join('\n'))),
      fc.integer({ min: 0, max: 13 }).map((c) => textMutation(`column ${c + 1} named 'od280' twice`, (s) => s.replace(/^[^\n]+/, (h) => `${h},od280`).split('\n').map((l, i) => (i > 0 && l ? `${l},1` : l)).join('\n'))),
      atCell('text in a feature', [0, 11], 'abc'),
      atCell('a fraction for bucket', [12, 12], '1.5'),
      atCell('an empty cell', [0, 12], '')
    ).map((m) => ({ m, must: 'refused' as const }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(same, refused), async ({ m, must }) => {
        const file = writeTwin('wine.csv', m.apply(new TextEncoder().encode(wineText)))
        await check(t, { model: WINE, 'test-data': file, inputs: mapping }, cleanWine, ['test-data', 'inputs', 'model input', 'label-column'], must)
      }),
      fuzzParameters(quick)
    )
    t.report('csv groups')
  }, fuzzTimeout(quick + 1))
})
