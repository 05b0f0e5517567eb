/**
 * Which CSV columns feed which model input: the `inputs` mapping's column group for an input it
 * names, else the column named like the input, else the columns `<input>_0, <input>_1, …`. Checked
 * against the header and the model before a row is read: one error for the first input whose
 * columns are missing, shared with another input, the label, or too many or too few for its shape.
 */
import { DataError, ModelError } from '../errors.js'
import { listed } from './batch.js'
import { defaultColumns, parseColumnGroup, resolveColumnGroup } from './column-groups.js'
import { isModelDtype, MODEL_DTYPES, type ModelDtype } from './feeds.js'
import type { FedInput, InputInfo } from './types.js'

export interface CsvFeed {
  readonly info: InputInfo
  readonly dtype: ModelDtype
  /** Header positions, in the order their values fill the input. */
  readonly columns: readonly number[]
  /** Per-sample dims fed: the model's where it fixes them. */
  readonly dims: readonly number[]
  readonly fed: FedInput
}

export function planCsvInputs(
  file: string,
  header: readonly string[],
  labelIndex: number,
  inputs: readonly InputInfo[],
  mapping: ReadonlyMap<string, string> | undefined
): CsvFeed[] {
  const input = mapping ? 'inputs' : 'test-data'
  const names = inputs.map((i) => i.name)
  for (const key of mapping?.keys() ?? []) {
    if (!names.includes(key)) throw new DataError(`inputs: '${key}' is not an input of the model; its inputs are ${names.map((n) => `'${n}'`).join(', ')}; remove it from inputs or rename it`, 'inputs')
  }
  const owner = new Map<number, string>()
  return inputs.map((info) => {
    const takes = `model input '${info.name}' takes ${info.type} [${info.shape.join(', ') || '?'}]`
    if (!isModelDtype(info.type)) throw new ModelError(`${takes}; model-gate feeds ${MODEL_DTYPES.join(', ')} tensors; export the model with one of those input types`, 'model')
    const group = mapping?.get(info.name)
    const how = group !== undefined ? `inputs maps it to '${group}', and ${file}` : file
    const fail = (why: string) => new DataError(`${takes}, but ${how} ${why}`, input)
    const columns =
      group !== undefined
        ? resolveColumnGroup(parseColumnGroup(group), header, fail)
        : defaultColumns(info.name, header, fail) ??
          (() => {
            throw new DataError(
              `${takes}, but ${file} has no column '${info.name}' and no columns ${info.name}_0, ${info.name}_1, … (its columns are: ${listed(header)}); name its columns so, or map it with inputs: ${info.name}=<columns>`,
              'test-data'
            )
          })()
    const seen = new Set<number>()
    for (const c of columns) {
      if (c === labelIndex) {
        throw new DataError(
          group !== undefined
            ? `${takes}, but inputs maps it to '${group}', which takes the label column '${header[c]}' (label-column); leave the label out of the model's inputs`
            : `${takes}, and its column in ${file} is the label column '${header[c]}' (label-column); rename one of them, or map the input with inputs: ${info.name}=<columns>`,
          input
        )
      }
      if (seen.has(c)) throw new DataError(`${takes}, but inputs maps it to '${group}', which names column '${header[c]}' twice; name each column once`, input)
      seen.add(c)
      const other = owner.get(c)
      if (other !== undefined) {
        throw new DataError(`column '${header[c]}' of ${file} would feed both model input '${other}' and '${info.name}'; give each column to one input (inputs: ${other}=…, ${info.name}=…)`, input)
      }
      owner.set(c, info.name)
    }
    const shown = columns.map((c) => header[c]!)
    const holds = `${file} gives it ${columns.length} column${columns.length === 1 ? '' : 's'} (${listed(shown, 8)})`
    const dims = csvDims(info, columns.length, takes, holds, input)
    const source = group ?? (columns.length === 1 ? shown[0]! : `${info.name}_0..${info.name}_${columns.length - 1}`)
    return { info, dtype: info.type, columns, dims, fed: { name: info.name, source: `${file}:${source}`, dtype: info.type, data_dtype: 'CSV numbers', shape: ['N', ...dims] } }
  })
}

/**
 * A CSV row's k values as a sample of the model's input: [] for a model input [N] (k must be 1),
 * [k] for [N, k] or [N, d] with d symbolic, the model's own dims when they are all fixed and hold k
 * values ([N, 2, 3] from 6 columns). Symbolic axes beyond one cannot be taken from a flat row.
 */
function csvDims(info: InputInfo, k: number, takes: string, holds: string, input: string): number[] {
  if (info.shape.length === 0) return [k]
  const model = info.shape.slice(1)
  if (model.length === 0) {
    if (k === 1) return []
    throw new DataError(`${takes}: one value a sample; ${holds}; map it to one column`, input)
  }
  const fixed = model.every((d) => typeof d === 'number' && d > 0)
  if (fixed) {
    const want = (model as number[]).reduce((a, b) => a * b, 1)
    if (want === k) return model as number[]
    throw new DataError(`${takes}: ${want} value${want === 1 ? '' : 's'} a sample; ${holds}; map it to ${want} column${want === 1 ? '' : 's'}`, input)
  }
  if (model.length === 1) return [k]
  throw new DataError(`${takes}: axes the model leaves open beyond the batch, which a flat CSV row cannot fill; ${holds}; save the test set as an .npz with the model's axes`, input)
}
