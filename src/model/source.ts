/** Where model files come from: a local path here; the registry adds models:/ URIs. */
import { InputError } from '../errors.js'

export interface ResolvedModel {
  /** A local .onnx file to load. */
  readonly path: string
  /** What the user named, for reports (a path or a registry URI). */
  readonly uri: string
  /** Registry name and version when the model came from a registry. */
  readonly name?: string
  readonly version?: string
}

export interface ModelSource {
  /**
   * Resolves a model reference. Undefined means "there is no such model yet" (e.g. no version in
   * Production on a first run), which only a baseline may be.
   */
  resolve(ref: string, input: 'model' | 'baseline'): Promise<ResolvedModel | undefined>
  /** Why the last baseline resolved to nothing, as a fact (e.g. "alias @champion of m is not set"). */
  readonly absence?: string
}

export function isRegistryUri(ref: string): boolean {
  return ref.startsWith('models:/') || ref.toLowerCase() === 'production' || ref.toLowerCase() === 'champion'
}

/** Local files only; registry references need a registry-backed source. */
export const localModels: ModelSource = {
  async resolve(ref, input) {
    if (isRegistryUri(ref)) {
      throw new InputError(`input '${input}' is '${ref}', a registry reference: set tracking-uri (or MLFLOW_TRACKING_URI) to the MLflow server`, input)
    }
    return { path: ref, uri: ref }
  }
}
