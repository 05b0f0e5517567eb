/**
 * log-run: one MLflow tracking run per evaluation, with the headline metrics, the parameters that
 * shaped them, and metrics.json / report.md as run artifacts, so the registry's audit tags link to
 * something a person can open.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { RegistryError } from '../errors.js'
import type { RunContext } from '../github/context.js'
import type { MetricsDocument } from '../report/metrics-json.js'
import { proxiedPath, type RegistryClient } from './client.js'

export interface TrackingRun {
  readonly run_id: string
  readonly experiment_id: string
  readonly artifact_uri: string
}

/** MLflow metric keys: letters, digits, _ - . space : / only. */
function key(s: string): string {
  return s.replace(/[^A-Za-z0-9_\-. :/]/g, '_')
}

export async function logRun(
  client: RegistryClient,
  experiment: string,
  doc: MetricsDocument,
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
    const metrics: Record<string, number> = {}
    for (const k of ['accuracy', 'loss', 'macro_f1', 'weighted_f1', 'micro_f1', 'macro_precision', 'macro_recall', 'weighted_precision', 'weighted_recall'] as const) metrics[k] = doc[k]
    for (const c of doc.per_class) {
      metrics[key(`f1.${c.class}`)] = c.f1
      metrics[key(`precision.${c.class}`)] = c.precision
      metrics[key(`recall.${c.class}`)] = c.recall
    }
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
