/**
 * Does an ONNX model keep tensors in files beside it (TensorProto data_location = EXTERNAL)?
 * onnxruntime resolves those files against the model's folder when it loads the model from a path,
 * but against the process's working directory when it loads it from bytes; so a model with external
 * data must be loaded from its path. A minimal protobuf walk over the messages that can hold a
 * tensor: initializers, sparse initializers, node attributes (Constant values, subgraphs of If/Loop/
 * Scan), functions and training graphs. The big raw_data fields are skipped by their length.
 */

// field numbers from onnx.proto
const MODEL = { graph: 7, trainingInfo: 20, functions: 25 }
const TRAINING_INFO = { initialization: 1, algorithm: 2 }
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15 }
const NODE = { attribute: 5 }
const FUNCTION = { node: 7 }
const ATTRIBUTE = { t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 }
const SPARSE = { values: 1, indices: 2 }
const TENSOR = { externalData: 13, dataLocation: 14 }
const EXTERNAL = 1

class Malformed extends Error {}

type Visit = (field: number, wire: number, start: number, end: number, value: number) => void

/** Calls `visit` for each field of the message in bytes[start, end); LEN fields get their payload's range. */
function fields(b: Uint8Array, start: number, end: number, visit: Visit): void {
  let p = start
  const varint = (): number => {
    let v = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (p >= end) throw new Malformed()
      const byte = b[p++]!
      v += (byte & 0x7f) * scale
      if (byte < 0x80) return v
      scale *= 128
    }
    throw new Malformed()
  }
  while (p < end) {
    const key = varint()
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (wire === 0) visit(field, wire, p, p, varint())
    else if (wire === 1 || wire === 5) {
      p += wire === 1 ? 8 : 4
      if (p > end) throw new Malformed()
    } else if (wire === 2) {
      const len = varint()
      if (p + len > end) throw new Malformed()
      visit(field, wire, p, p + len, len)
      p += len
    } else throw new Malformed() // groups (3, 4) are not used by onnx.proto
  }
}

/**
 * true: some tensor's data is external; false: none is; undefined: the bytes are not a model this
 * walk can read (let onnxruntime say what is wrong, from the path).
 */
export function hasExternalData(bytes: Uint8Array): boolean | undefined {
  let found = false
  const tensor = (s: number, e: number): void => {
    fields(bytes, s, e, (f, w, _s, _e, v) => {
      if ((f === TENSOR.dataLocation && w === 0 && v === EXTERNAL) || (f === TENSOR.externalData && w === 2)) found = true
    })
  }
  const sparse = (s: number, e: number): void => {
    fields(bytes, s, e, (f, w, fs, fe) => {
      if (w === 2 && (f === SPARSE.values || f === SPARSE.indices)) tensor(fs, fe)
    })
  }
  const attribute = (s: number, e: number): void => {
    fields(bytes, s, e, (f, w, fs, fe) => {
      if (w !== 2) return
      if (f === ATTRIBUTE.t || f === ATTRIBUTE.tensors) tensor(fs, fe)
      else if (f === ATTRIBUTE.g || f === ATTRIBUTE.graphs) graph(fs, fe)
      else if (f === ATTRIBUTE.sparseTensor || f === ATTRIBUTE.sparseTensors) sparse(fs, fe)
    })
  }
  const node = (s: number, e: number): void => {
    fields(bytes, s, e, (f, w, fs, fe) => {
      if (f === NODE.attribute && w === 2) attribute(fs, fe)
    })
  }
  const graph = (s: number, e: number): void => {
    fields(bytes, s, e, (f, w, fs, fe) => {
      if (w !== 2) return
      if (f === GRAPH.initializer) tensor(fs, fe)
      else if (f === GRAPH.sparseInitializer) sparse(fs, fe)
      else if (f === GRAPH.node) node(fs, fe)
    })
  }
  try {
    let sawGraph = false
    fields(bytes, 0, bytes.length, (f, w, fs, fe) => {
      if (w !== 2) return
      if (f === MODEL.graph) {
        sawGraph = true
        graph(fs, fe)
      } else if (f === MODEL.functions) {
        fields(bytes, fs, fe, (g, gw, gs, ge) => {
          if (g === FUNCTION.node && gw === 2) node(gs, ge)
        })
      } else if (f === MODEL.trainingInfo) {
        fields(bytes, fs, fe, (g, gw, gs, ge) => {
          if (gw === 2 && (g === TRAINING_INFO.initialization || g === TRAINING_INFO.algorithm)) graph(gs, ge)
        })
      }
    })
    return sawGraph ? found : undefined
  } catch (e) {
    // RangeError: subgraphs nested deeper than the stack; onnxruntime will say what it makes of them
    if (e instanceof Malformed || e instanceof RangeError) return undefined
    throw e
  }
}
