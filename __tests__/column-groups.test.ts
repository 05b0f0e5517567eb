/**
 * The `inputs` mapping's column groups (names, first..last ranges, prefix* globs, quoted names) and
 * which CSV columns feed which model input: parsing, writing back, resolving against a header, and
 * one error per mismatch. The runs through dist/ are in csv-inputs.e2e.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { defaultColumns, groupText, mappedSource, parseColumnGroup, resolveColumnGroup, type ColumnPart } from '../src/data/column-groups.js'
import { planCsvInputs } from '../src/data/csv-inputs.js'
import { DataError } from '../src/errors.js'
import { readInputMapping } from '../src/inputs.js'

const fail = (why: string) => new DataError(`x ${why}`, 'inputs')

describe('parseColumnGroup', () => {
  it('reads names, ranges, prefixes and quoted names', () => {
    expect(parseColumnGroup('age  bmi\tbp')).toEqual([{ kind: 'name', name: 'age' }, { kind: 'name', name: 'bmi' }, { kind: 'name', name: 'bp' }])
    expect(parseColumnGroup('s1..s6 px_*')).toEqual([{ kind: 'range', from: 's1', to: 's6' }, { kind: 'prefix', prefix: 'px_' }])
    expect(parseColumnGroup('"sepal length (cm)".."petal ""w"" (cm)" od280/od315')).toEqual([
      { kind: 'range', from: 'sepal length (cm)', to: 'petal "w" (cm)' },
      { kind: 'name', name: 'od280/od315' }
    ])
    expect(parseColumnGroup('"a*" "b..c"')).toEqual([{ kind: 'name', name: 'a*' }, { kind: 'name', name: 'b..c' }])
    expect(parseColumnGroup('od.280')).toEqual([{ kind: 'name', name: 'od.280' }])
  })

  it('refuses what is malformed, naming it', () => {
    expect(() => parseColumnGroup('..b')).toThrow("a range '..' needs a column name on each side")
    expect(() => parseColumnGroup('a..')).toThrow("a range '..' needs a column name on each side")
    expect(() => parseColumnGroup('"open')).toThrow('a quoted column name is never closed')
    expect(() => parseColumnGroup('*')).toThrow("'*' alone would take every column")
    expect(() => parseColumnGroup('a*b')).toThrow("'*' may only end a prefix")
    expect(() => parseColumnGroup('"a"b')).toThrow("'b' follows a column name without a space")
    expect(() => parseColumnGroup('b=c')).toThrow("'b=c' holds '='")
    expect(() => parseColumnGroup('""')).toThrow('a quoted column name is empty')
  })

  // Column names as a CSV header may hold them, short of the mapping's own separators (commas, new lines).
  const columnName = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'b', 'Z', '0', '_', '.', ' ', '"', '*', '=', '(', 'é', '\t') }).filter((s) => s.trim() === s && s !== '')
  const bareName = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'b', '0', '_', '/', '-') })
  const part: fc.Arbitrary<ColumnPart> = fc.oneof(
    columnName.map((name) => ({ kind: 'name' as const, name })),
    fc.tuple(columnName, columnName).map(([from, to]) => ({ kind: 'range' as const, from, to })),
    bareName.map((prefix) => ({ kind: 'prefix' as const, prefix }))
  )

  it('reads back whatever it writes, through the inputs mapping too (property)', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = groupText(parts)
        expect(parseColumnGroup(text)).toEqual(parts)
        expect(readInputMapping(`dense = ${text}, bucket=bucket`)!.get('dense')).toBe(text)
      }),
      { numRuns: 500, examples: [[[{ kind: 'range', from: '.', to: 'a' }, { kind: 'name', name: 'a' }]], [[{ kind: 'range', from: 'a.', to: '.b' }]]] }
    )
  })

  it('never throws anything but its own error, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('a', ' ', '.', '"', '*', '=', 'x', '_') }), (text) => {
        try {
          const parts = parseColumnGroup(text)
          expect(parts.length).toBeGreaterThan(0)
        } catch (e) {
          expect((e as Error).constructor.name).toBe('InputError')
          expect((e as Error).message).toMatch(/^input 'inputs' has /)
        }
      })
    )
  })
})

describe('resolving a group against a header', () => {
  const header = ['id', 'age', 'bmi', 's1', 's2', 's3', 'px_0', 'px_1', 'label']

  it('takes ranges and prefixes in header order, names in the order written', () => {
    expect(resolveColumnGroup(parseColumnGroup('bmi age s1..s3'), header, fail)).toEqual([2, 1, 3, 4, 5])
    expect(resolveColumnGroup(parseColumnGroup('px_*'), header, fail)).toEqual([6, 7])
  })

  it('a range is the header positions between its ends, whatever the header (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom('a', 'b', 'c', '1', ' ') }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), (names, i, j) => {
        const [a, b] = [i % names.length, j % names.length].sort((x, y) => x - y) as [number, number]
        const got = resolveColumnGroup(parseColumnGroup(groupText([{ kind: 'range', from: names[a]!, to: names[b]! }])), names, fail)
        expect(got).toEqual(Array.from({ length: b - a + 1 }, (_, k) => a + k))
      })
    )
  })

  it('refuses a missing name, a backwards range, a prefix with no column and a repeated header name', () => {
    expect(() => resolveColumnGroup(parseColumnGroup('age weight'), header, fail)).toThrow("x has no column 'weight' (its columns are: id, age, bmi")
    expect(() => resolveColumnGroup(parseColumnGroup('s3..s1'), header, fail)).toThrow("x has the column 's1' (position 4) before 's3' (position 6); write the range in header order, s1..s3")
    expect(() => resolveColumnGroup(parseColumnGroup('q_*'), header, fail)).toThrow("x has no column starting with 'q_'")
    expect(() => resolveColumnGroup(parseColumnGroup('a'), ['a', 'b', 'a'], fail)).toThrow("x has two columns named 'a', at positions 1 and 3")
  })

  it('by default: the column named like the input, else <input>_0, <input>_1, … in index order', () => {
    const h = ['label', 'x_10', 'x_2', 'x_0', 'x_1', 'x_3', 'x_4', 'x_5', 'x_6', 'x_7', 'x_8', 'x_9', 'x_note', 'y']
    expect(defaultColumns('y', h, fail)).toEqual([13])
    expect(defaultColumns('x', h, fail)).toEqual([3, 4, 2, 5, 6, 7, 8, 9, 10, 11, 1])
    expect(defaultColumns('z', h, fail)).toBeUndefined()
    expect(() => defaultColumns('x', ['x_0', 'x_2'], fail)).toThrow("x has columns up to x_2 but no 'x_1'; number them from 0 without gaps")
  })

  it('an .npz or JSONL feeds an input from one array: a group is refused there', () => {
    const mapping = readInputMapping('ids=a b, mask="my mask"')
    expect(mappedSource(mapping, 'mask', 't.npz', 'array')).toBe('my mask')
    expect(mappedSource(mapping, 'other', 't.npz', 'array')).toBe('other')
    expect(() => mappedSource(mapping, 'ids', 't.npz', 'array')).toThrow("inputs: 'ids=a b' is a group of columns, which only a CSV test set has; t.npz feeds each model input from one array")
  })
})

describe('planCsvInputs', () => {
  const wine = [
    { name: 'features', type: 'float32', shape: ['N', 3] },
    { name: 'bucket', type: 'int64', shape: ['N'] }
  ]
  const header = ['a', 'b', 'c', 'bucket', 'label']
  const plan = (inputs: typeof wine, mapping?: string, h = header) => planCsvInputs('t.csv', h, h.indexOf('label'), inputs, readInputMapping(mapping))

  it('feeds a group of k columns as [N, k] and one column as [N] or [N, 1], as the model has it', () => {
    const feeds = plan(wine, 'features=a..c')
    expect(feeds.map((f) => [f.columns, f.dims])).toEqual([[[0, 1, 2], [3]], [[3], []]])
    expect(feeds.map((f) => f.fed.source)).toEqual(['t.csv:a..c', 't.csv:bucket'])
    expect(plan([{ name: 'features', type: 'float32', shape: ['N', 'F'] }, { name: 'bucket', type: 'int32', shape: ['N', 1] }], 'features=a b c')[1]!.dims).toEqual([1])
    // fixed trailing dims that hold k values take the model's shape
    expect(plan([{ name: 'img', type: 'float32', shape: ['N', 1, 3] }], 'img=a..c')[0]!.dims).toEqual([1, 3])
    expect(plan(wine, undefined, ['features_1', 'features_0', 'features_2', 'bucket', 'label']).map((f) => f.columns)).toEqual([[1, 0, 2], [3]])
  })

  it('one error per mismatch, naming the model input, what it takes and what the file holds', () => {
    expect(() => plan(wine, 'features=a..d')).toThrow("model input 'features' takes float32 [N, 3], but inputs maps it to 'a..d', and t.csv has no column 'd'")
    expect(() => plan(wine)).toThrow("model input 'features' takes float32 [N, 3], but t.csv has no column 'features' and no columns features_0, features_1, … (its columns are: a, b, c, bucket, label)")
    expect(() => plan(wine, 'features=a b bucket')).toThrow("column 'bucket' of t.csv would feed both model input 'features' and 'bucket'")
    expect(() => plan(wine, 'features=a..c, colour=b')).toThrow("inputs: 'colour' is not an input of the model; its inputs are 'features', 'bucket'")
    expect(() => plan(wine, 'features=b c label')).toThrow("model input 'features' takes float32 [N, 3], but inputs maps it to 'b c label', which takes the label column 'label' (label-column)")
    expect(() => plan(wine, 'features=a b')).toThrow("model input 'features' takes float32 [N, 3]: 3 values a sample; t.csv gives it 2 columns (a, b); map it to 3 columns")
    expect(() => plan(wine, 'features=a..c, bucket=a')).toThrow("column 'a' of t.csv would feed both model input 'features' and 'bucket'")
    expect(() => plan(wine, 'features=a..c a')).toThrow("which names column 'a' twice")
    expect(() => plan([{ name: 'bucket', type: 'int64', shape: ['N'] }], 'bucket=a b')).toThrow("model input 'bucket' takes int64 [N]: one value a sample; t.csv gives it 2 columns (a, b); map it to one column")
    expect(() => plan([{ name: 's', type: 'float32', shape: ['N', 'T', 'F'] }], 's=a..c')).toThrow('axes the model leaves open beyond the batch, which a flat CSV row cannot fill')
    expect(() => plan([{ name: 'label', type: 'int64', shape: ['N'] }])).toThrow("model input 'label' takes int64 [N], and its column in t.csv is the label column 'label' (label-column)")
  })
})
