/**
 * log-run: one MLflow tracking run per evaluation, with the headline metrics, the parameters that
 * shaped them, and metrics.json / report.md as run artifacts, so the registry's audit tags link to
 * something a person can open.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { RegistryError } from '../errors.js'
import type { RunContext } from '../github/context.js'
import { proxiedPath, type RegistryClient } from './client.js'

export interface TrackingRun {
  readonly run_id: string
  readonly experiment_id: string
  readonly artifact_uri: string
}

/** What log-run reads of metrics.json: the verdict and what was evaluated. */
export interface TrackedDocument {
  readonly model: { readonly uri: string; readonly sha256: string }
  readonly data: { readonly sha256: string }
  readonly gate: { readonly passed: boolean }
}

export async function logRun(
  client: RegistryClient,
  experiment: string,
  doc: TrackedDocument,
  /** The task's metrics, by MLflow metric key. */
  tracked: Readonly<Record<string, number>>,
  files: readonly string[],
  context: RunContext,
  params: Readonly<Record<string, string>>
): Promise<TrackingRun> {
  const experimentId = await client.experiment(experiment)
  const tags: Record<string, string> = { 'model_gate.verdict': doc.gate.passed ? 'pass' : 'fail', 'model_gate.model': doc.model.uri }
  if (context.sha) tags['mlflow.source.git.commit'] = context.sha
  if (context.runUrl) tags['model_gate.run_url'] = context.runUrl
  const { runId, artifactUri } = await client.createRun(experimentId, `model-gate ${doc.model.uri}`.slice(0, 250), tags)
  let status: 'FINISHED' | 'FAILED' = 'FAILED'
  try {
    const metrics: Record<string, number> = { ...tracked }
    metrics.gate_passed = doc.gate.passed ? 1 : 0
    await client.logBatch(runId, metrics, { ...params, test_data_sha256: doc.data.sha256, model_sha256: doc.model.sha256 })
    const root = proxiedPath(artifactUri)
    if (root === undefined) {
      throw new RegistryError(`log-run: the run's artifact store is ${artifactUri}, not the tracking server's proxy; run the server with --serve-artifacts to keep the report files`, 'log-run')
    }
    for (const f of files) await client.uploadArtifact(`${root}/model-gate/${path.basename(f)}`, await readFile(f), 'log-run')
    status = 'FINISHED'
  } finally {
    await client.finishRun(runId, status)
  }
  return { run_id: runId, experiment_id: experimentId, artifact_uri: artifactUri }
}
