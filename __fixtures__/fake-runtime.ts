/**
 * A Runtime that needs no onnxruntime: a "model" is a function from one sample's features to its
 * scores. Lets the engine and runner be tested inside Jest, where the native addon cannot load.
 */
import type { Device } from '../src/inputs.js'
import type { Logger } from '../src/log.js'
import type { InputTensor, OutputTensor, Runtime, Session, TensorInfo } from '../src/model/types.js'

export interface FakeModel {
  readonly inputs: readonly TensorInfo[]
  readonly outputs: readonly TensorInfo[]
  /** Scores of every output for one sample; keys are output names. */
  readonly score: (sample: Float32Array | Float64Array) => Record<string, { type: string; values: number[] }>
}

export class FakeSession implements Session {
  readonly calls: { dims: readonly number[]; outputs: readonly string[] }[] = []
  released = false

  constructor(
    private readonly model: FakeModel,
    readonly provider: 'cpu' | 'cuda' = 'cpu'
  ) {}

  get inputs(): readonly TensorInfo[] {
    return this.model.inputs
  }

  get outputs(): readonly TensorInfo[] {
    return this.model.outputs
  }

  async run(given: InputTensor | readonly InputTensor[], outputNames: readonly string[]): Promise<Record<string, OutputTensor>> {
    // fake models take one float input
    const input = (Array.isArray(given) ? given[0] : given) as InputTensor & { data: Float32Array | Float64Array }
    this.calls.push({ dims: input.dims, outputs: outputNames })
    const rows = input.dims[0]!
    const per = input.data.length / rows
    const out: Record<string, { type: string; values: number[]; cols: number }> = {}
    for (let r = 0; r < rows; r++) {
      const scored = this.model.score(input.data.subarray(r * per, (r + 1) * per))
      for (const name of outputNames) {
        const s = scored[name]!
        out[name] ??= { type: s.type, values: [], cols: s.values.length }
        out[name]!.values.push(...s.values)
      }
    }
    const result: Record<string, OutputTensor> = {}
    for (const [name, o] of Object.entries(out)) {
      const rank1 = this.model.outputs.find((x) => x.name === name)?.shape.length === 1
      result[name] = {
        type: o.type,
        dims: rank1 ? [rows] : [rows, o.cols],
        data: o.type === 'int64' ? BigInt64Array.from(o.values.map(BigInt)) : Float32Array.from(o.values)
      }
    }
    return result
  }

  async release(): Promise<void> {
    this.released = true
  }
}

export class FakeRuntime implements Runtime {
  readonly sessions: FakeSession[] = []
  readonly devices: Device[] = []

  constructor(private readonly model: FakeModel) {}

  async load(_modelPath: string, device: Device, _log: Logger): Promise<Session> {
    this.devices.push(device)
    const s = new FakeSession(this.model)
    this.sessions.push(s)
    return s
  }
}

/** A linear "model": scores[k] = Σ_i w[k][i]·x[i]. */
export function linearModel(weights: number[][], inputShape: (number | string)[], outputName = 'logits'): FakeModel {
  return {
    inputs: [{ name: 'x', type: 'float32', shape: inputShape }],
    outputs: [{ name: outputName, type: 'float32', shape: ['N', weights.length] }],
    score: (x) => ({ [outputName]: { type: 'float32', values: weights.map((w) => w.reduce((a, wi, i) => a + wi * x[i]!, 0)) } })
  }
}
