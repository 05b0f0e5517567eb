/**
 * One regression test per root cause of issue 10 (data readers, files and sizes, messages), run
 * through the built dist/: each bad input is refused with one ::error:: line naming the input and the
 * fix, and each odd-but-valid input gives the clean numbers.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { npy, writeNpz } from './helpers/npy.js'
import { ROOT, runDist, tempDir, expectRefused } from './helpers/run-dist.js'

const CLASSIFY = path.join(ROOT, 'fixtures', 'classify')
const DIGITS = path.join(CLASSIFY, 'digits-cnn.onnx')
const DIGITS_DATA = path.join(CLASSIFY, 'digits-test.npz')
const IRIS = path.join(CLASSIFY, 'iris-mlp.onnx')
const IRIS_CSV = path.join(CLASSIFY, 'iris-test.csv')
const IRIS_CLASSES = 'setosa,versicolor,virginica'
const dir = tempDir('bad-input-e2e-')

const members = unzipSync(new Uint8Array(readFileSync(DIGITS_DATA)))
const N = 450
const y = new BigInt64Array(members['y.npy']!.slice(128).buffer)
const file = (name: string, bytes: Uint8Array | string) => {
  const f = path.join(dir, name)
  writeFileSync(f, bytes)
  return f
}
const npzWithY = (name: string, yBytes: Uint8Array) => file(name, zipSync({ 'x.npy': members['x.npy']!, 'y.npy': yBytes }))
const irisLines = readFileSync(IRIS_CSV, 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n')
const speciesAt = irisLines[0]!.split(',').indexOf('species')
const irisRows = (edit: (cells: string[], i: number) => string[]) => irisLines.map((l, i) => (i === 0 ? l : edit(l.split(','), i).join(','))).join('\n') + '\n'
const iris = (f: string, extra: Record<string, string> = {}) => runDist({ model: IRIS, 'test-data': f, 'label-column': 'species', 'class-names': IRIS_CLASSES, device: 'cpu', ...extra })
const irisJsonl = (edit: (rec: Record<string, unknown>, i: number) => Record<string, unknown> | string = (r) => r) =>
  irisLines
    .slice(1)
    .map((l, i) => {
      const cells = l.split(',')
      const rec = edit({ features: cells.filter((_, j) => j !== speciesAt).map(Number), species: cells[speciesAt] }, i)
      return typeof rec === 'string' ? rec : JSON.stringify(rec)
    })
    .join('\n') + '\n'


let cleanDigits: number
let cleanIris: number

describe('labels are class indices as written in the file', () => {
  it('int64 y + 2**32 in an .npz is refused, not read as y (no wrap modulo 2**32)', async () => {
    const f = npzWithY('wrap.npz', npy(BigInt64Array.from(y, (v) => v + 2n ** 32n), [N]))
    expectRefused(await runDist({ model: DIGITS, 'test-data': f }), new RegExp(`wrap\\.npz:y row 0 has the label ${2n ** 32n + y[0]!}, which is not a class index \\(a whole number from 0 up to the number of classes\\); fix that label`))
  })

  it('uint64 2**63 + k and int64 2**31 are refused with the value written, not read as 0 or a negative', async () => {
    const u = BigUint64Array.from(y, (v) => BigInt.asUintN(64, v))
    u[7] = 2n ** 63n + 3n
    expectRefused(await runDist({ model: DIGITS, 'test-data': npzWithY('u64.npz', npy(u, [N])) }), /u64\.npz:y row 7 has the label 9223372036854775811, which is not a class index/)
    const i = y.slice()
    i[9] = 2n ** 31n
    expectRefused(await runDist({ model: DIGITS, 'test-data': npzWithY('i31.npz', npy(i, [N])) }), /i31\.npz:y row 9 has the label 2147483648, which is not a class index/)
  })

  it('labels .npy written as float64 0.0, 1.0, … are whole numbers: the same numbers as int64', async () => {
    const clean = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, device: 'cpu' })
    cleanDigits = clean.metrics().accuracy
    const x = file('x.npy', members['x.npy']!)
    const asFloat = await runDist({ model: DIGITS, 'test-data': x, labels: file('yf.npy', npy(Float64Array.from(y, Number), [N])), device: 'cpu' })
    expect(asFloat.code).toBe(0)
    expect(asFloat.metrics().confusion_matrix).toEqual(clean.metrics().confusion_matrix)
    expect(asFloat.metrics().accuracy).toBe(cleanDigits)
  })

  it('CSV labels 4294967296 and 1e400 are refused with file, value and line; 1.0 is class 1', async () => {
    const clean = await iris(IRIS_CSV)
    cleanIris = clean.metrics().accuracy
    const names = IRIS_CLASSES.split(',')
    const numeric = (label: (i: number, name: string) => string) => irisRows((c, i) => c.map((v, j) => (j === speciesAt ? label(i, v) : v)))
    const asFloat = await iris(file('float-labels.csv', numeric((_, v) => `${names.indexOf(v)}.0`)))
    expect(asFloat.code).toBe(0)
    expect(asFloat.metrics().confusion_matrix).toEqual(clean.metrics().confusion_matrix)
    expectRefused(await iris(file('big-label.csv', numeric((i, v) => (i === 4 ? '4294967296' : String(names.indexOf(v)))))), /big-label\.csv line 5 has the label '4294967296', which is not a class index \(a whole number from 0 to 2/)
    expectRefused(await iris(file('inf-label.csv', numeric((i, v) => (i === 3 ? '1e400' : String(names.indexOf(v)))))), /inf-label\.csv line 4 has the label '1e400', which is not a class index/)
  })

  it('JSONL labels 1e400 and 4294967296 are refused with the value as written and the line', async () => {
    const f = file('inf.jsonl', irisJsonl((r, i) => (i === 2 ? JSON.stringify(r).replace(/"species":"[^"]*"/, '"species":1e400') : r)))
    expectRefused(await iris(f), /inf\.jsonl line 3 has the label 1e400, which is not a class index/)
    const g = file('big.jsonl', irisJsonl((r, i) => (i === 5 ? { ...r, species: 4294967296 } : r)))
    expectRefused(await iris(g), /big\.jsonl line 6 has the label 4294967296, which is not a class index/)
  })
})

describe('CSV headers', () => {
  it('a repeated feature or label name is refused, naming the column and both positions', async () => {
    const dup = [...irisLines]
    dup[0] = dup[0]!.replace('sepal width (cm)', 'sepal length (cm)')
    expectRefused(await iris(file('dup.csv', dup.join('\n'))), /dup\.csv has two columns named 'sepal length \(cm\)' \(test-data\), at positions 1 and 2; rename one of them, or pick the feature columns with feature-columns/)
    const dupLabel = irisLines.map((l, i) => `${l},${i === 0 ? 'species' : 'x'}`)
    expectRefused(await iris(file('dup-label.csv', dupLabel.join('\n'))), /dup-label\.csv has two columns named 'species' \(label-column\), at positions 3 and 6; rename one/)
  })

  it('a repeated name left out by feature-columns is fine: the columns are picked unambiguously', async () => {
    const lines = irisLines.map((l, i) => `${l},${i === 0 ? 'extra' : '0'},${i === 0 ? 'extra' : '1'}`)
    const r = await iris(file('dup-extra.csv', lines.join('\n')), { 'feature-columns': 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)' })
    expect(r.code).toBe(0)
    expect(r.metrics().accuracy).toBe(cleanIris)
    expectRefused(
      await iris(file('dup-extra2.csv', lines.join('\n')), { 'feature-columns': 'sepal length (cm),extra,petal length (cm),petal width (cm)' }),
      /has two columns named 'extra' \(feature-columns\), at positions 6 and 7/
    )
  })

  it('a header longer than 64 KiB is read whole', async () => {
    const pad = Array.from({ length: 12_000 }, (_, i) => `unused_${i}`)
    const lines = irisLines.map((l, i) => `${(i === 0 ? pad : pad.map(() => '0')).join(',')},${l}`)
    expect(lines[0]!.length).toBeGreaterThan(128 * 1024)
    const r = await iris(file('wide.csv', lines.join('\n')), { 'feature-columns': 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)' })
    expect(r.code).toBe(0)
    expect(r.metrics().accuracy).toBe(cleanIris)
  })
})

describe('.npz members are checked as numpy checks them', () => {
  for (const deflate of [false, true]) {
    it(`a corrupted ${deflate ? 'deflated' : 'stored'} member is refused (numpy: BadZipFile: Bad CRC-32)`, async () => {
      const f = path.join(dir, `crc-${deflate}.npz`)
      const x = members['x.npy']!.slice()
      writeNpz(f, { x, y: members['y.npy']! }, deflate)
      const bytes = new Uint8Array(readFileSync(f))
      if (!deflate) {
        // flip a feature bit inside the stored member's data: the archive stays well-formed
        bytes[bytes.length / 2]! ^= 0x10
      } else {
        // keep the deflate stream intact but change x.npy's CRC-32 in the central directory (its first entry)
        const central = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
        bytes[central + 16]! ^= 0xff
      }
      writeFileSync(f, bytes)
      const r = await runDist({ model: DIGITS, 'test-data': f })
      expectRefused(r, new RegExp(`crc-${deflate}\\.npz:x is damaged \\(Bad CRC-32: the directory records 0x[0-9a-f]{8}, the bytes give 0x[0-9a-f]{8}\\); save it again with numpy\\.savez`))
      const numpy = spawnSync('/usr/bin/python3', ['-c', 'import sys, numpy as np; np.load(sys.argv[1])["x"]', f], { encoding: 'utf8' })
      expect(numpy.status).not.toBe(0)
      expect(numpy.stderr).toMatch(/BadZipFile|Error/)
    })
  }

  it('a deflated .npz is read member by member to the same numbers', async () => {
    const f = path.join(dir, 'deflated.npz')
    writeNpz(f, { x: members['x.npy']!, y: members['y.npy']! }, true)
    const stored = path.join(dir, 'stored.npz')
    writeNpz(stored, { x: members['x.npy']!, y: members['y.npy']! }, false)
    for (const g of [f, stored]) expect((await runDist({ model: DIGITS, 'test-data': g, device: 'cpu' })).metrics().accuracy).toBe(cleanDigits)
  })
})

describe('files and sizes', () => {
  const fifo = path.join(dir, 'pipe')
  spawnSync('mkfifo', [fifo])
  const cases: [string, Record<string, string>][] = [
    ['model', { model: '%' }],
    ['test-data', { 'test-data': '%' }],
    ['labels', { 'test-data': path.join(dir, 'x.npy'), labels: '%' }],
    ["input 'class-names'", { 'class-names': '%' }],
    ["input 'thresholds'", { thresholds: '%' }],
    ['baseline', { baseline: '%' }]
  ]
  for (const [name, inputs] of cases) {
    it(`${name}: a FIFO and /dev/zero are refused at once`, async () => {
      writeFileSync(path.join(dir, 'x.npy'), members['x.npy']!)
      for (const [what, target] of [['a FIFO \\(named pipe\\)', fifo], ['a character device', '/dev/zero']] as const) {
        const filled = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v === '%' ? target : v]))
        const r = await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, device: 'cpu', ...filled }, { timeoutMs: 20_000 })
        expect(r.timedOut).toBe(false)
        expectRefused(r, new RegExp(`^::error::${name}: ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is ${what}, not a regular file`))
      }
    })
  }

  it('batch-size too big for memory on a CSV is refused, saying how far to lower it', async () => {
    expectRefused(await iris(IRIS_CSV, { 'batch-size': '1000000000' }), /input 'batch-size' is 1000000000: 1,000,000,000 samples × 4 values take .* GiB, more than one batch may take on this machine .*; lower batch-size to at most [\d,]+/)
  })

  it('a model with a huge fixed batch is refused before anything is allocated', async () => {
    const f = file('three.npz', zipSync({ 'x.npy': npy(new Float32Array(6), [2, 3]), 'y.npy': npy(BigInt64Array.from([0n, 1n]), [2]) }))
    expectRefused(await runDist({ model: path.join(ROOT, 'fixtures', 'edge', 'huge-batch.onnx'), 'test-data': f }), /model input x \(float32 \[1000000000, 3\]\) has a fixed batch of 1000000000: .*; export the model with a dynamic or smaller batch dimension/)
  })

  it('a .npy shape larger than its bytes is refused, for labels as for features', async () => {
    const x = file('x.npy', members['x.npy']!)
    const yNpy = members['y.npy']!
    const lie = (text: string) => file(`y-${text.replace(/\W/g, '')}.npy`, new Uint8Array(Buffer.from(Buffer.from(yNpy).toString('latin1').replace('(450,)', text), 'latin1')))
    const bigY = npy(new BigInt64Array(N + 1000), [N + 1000]).slice(0, 128 + 8 * N)
    expectRefused(await runDist({ model: DIGITS, 'test-data': file('xbig.npy', npy(new Float32Array(64 * (N + 1000)), [N + 1000, 1, 8, 8])), labels: file('ybig.npy', bigY) }), /labels: .*ybig\.npy is truncated: its header promises 1450 labels of i8, 11\.3 KiB, but the file holds 3\.5 KiB; save it again with numpy\.save/)
    expectRefused(await runDist({ model: DIGITS, 'test-data': x, labels: lie('(540.5,)') }), /labels: .*: the \.npy header's shape \(540\.5,\) has the dimension '540\.5', not a whole number; save the array again with numpy\.save/)
    expectRefused(await runDist({ model: DIGITS, 'test-data': x, labels: lie('(450L,)') }), /labels: .*: the \.npy header's shape \(450L,\) has the dimension '450L', not a whole number/)
  })
})

describe('messages name the input and the fix', () => {
  it("csv-parse's Quote Not Closed and Invalid Record Length are said in words, with the line", async () => {
    const quote = [...irisLines]
    quote[3] = `"${quote[3]}`
    expectRefused(await iris(file('quote.csv', quote.join('\n'))), /quote\.csv: a quoted field is never closed .*; close the quote/)
    const short = [...irisLines]
    short[4] = short[4]!.split(',').slice(0, 3).join(',')
    expectRefused(await iris(file('short.csv', short.join('\n'))), /short\.csv line 5 has 3 fields where the header has 5; every row needs one value per column/)
  })

  it('deeply nested JSONL is refused without a stack overflow; strings in features are named as strings', async () => {
    const nested = `{"features":${'['.repeat(200_000)}1${']'.repeat(200_000)},"species":"setosa"}`
    const first = file('deep-first.jsonl', irisJsonl((r, i) => (i === 0 ? nested : r)))
    expectRefused(await iris(first), /deep-first\.jsonl line 1, 'features' nests arrays more than 64 deep; give each sample as an array of numbers/)
    const later = file('deep-later.jsonl', irisJsonl((r, i) => (i === 1 ? nested : r)))
    expectRefused(await iris(later), /deep-later\.jsonl line 2 has 1 values under 'features', the first record 4 \(shape \[4\]\); every record needs the same shape/)
    const str = file('str.jsonl', irisJsonl((r, i) => (i === 2 ? { ...r, features: ['5.1', 3, 1, 0.2] } : r)))
    expectRefused(await iris(str), /str\.jsonl line 3, 'features' holds "5\.1" at position 0, not a number; every feature must be a number/)
    // in the first record it decides the layout: still named as a string, not as 'no numeric features'
    const strFirst = file('str-first.jsonl', irisJsonl((r, i) => (i === 0 ? { ...r, features: ['5.1', 3, 1, 0.2] } : r)))
    expectRefused(await iris(strFirst), /str-first\.jsonl line 1, 'features' holds "5\.1", not a number; every feature must be a number/)
  })

  it('a bad baseline file is reported as baseline, not model', async () => {
    expectRefused(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, baseline: file('garbage.onnx', 'not a model'.repeat(10)) }), /^::error::baseline: .*garbage\.onnx is not a valid ONNX model/)
    expectRefused(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, baseline: path.join(dir, 'missing.onnx') }), /^::error::baseline: cannot read .*missing\.onnx \(no such file\)/)
  })

  it('an extra empty class folder is reported as the folder count, not as class-names', async () => {
    const images = path.join(ROOT, 'fixtures', 'images')
    const golden = JSON.parse(readFileSync(path.join(images, 'goldens', 'shapes.json'), 'utf8'))
    const copy = path.join(dir, 'shapes')
    cpSync(path.join(images, 'shapes'), copy, { recursive: true })
    mkdirSync(path.join(copy, 'zzz-empty'))
    const inputs = Object.fromEntries(Object.entries(golden.inputs as Record<string, string>).map(([k, v]) => [k, k === 'model' ? path.resolve(ROOT, v) : v]))
    const r = await runDist({ ...inputs, 'test-data': copy, device: 'cpu' })
    expectRefused(r, /test-data: .*shapes (has 4 class folders \(circle, square, triangle, zzz-empty\) but the model's output '.*' has 3 classes; remove the folders|.*zzz-empty)/)
    expect(r.errors[0]).not.toMatch(/class-names lists/)
  })

  it('.nan and .inf thresholds are named as such, not as null', async () => {
    expectRefused(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'accuracy: .nan' }), /'accuracy' has the malformed condition \.nan \(not a finite number\); write a number/)
    expectRefused(await runDist({ model: DIGITS, 'test-data': DIGITS_DATA, thresholds: 'loss: -.inf' }), /'loss' has the malformed condition -\.inf \(not a finite number\)/)
  })

  it('a truncated .npy header says how to fix it', async () => {
    const x = file('cut-header.npy', members['x.npy']!.slice(0, 60))
    expectRefused(await runDist({ model: DIGITS, 'test-data': x, labels: file('y.npy', members['y.npy']!) }), /test-data: .*cut-header\.npy: truncated \.npy header .*; save the array again with numpy\.save/)
  })

  it('a class-names JSON file with a byte-order mark is read as JSON', async () => {
    const names = file('classes.json', `\uFEFF${JSON.stringify(IRIS_CLASSES.split(','))}`)
    const r = await runDist({ model: IRIS, 'test-data': IRIS_CSV, 'label-column': 'species', 'class-names': names, device: 'cpu' })
    expect(r.code).toBe(0)
    expect(r.metrics().classes).toEqual(IRIS_CLASSES.split(','))
    expect(r.metrics().accuracy).toBe(cleanIris)
  })
})
