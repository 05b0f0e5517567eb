/** The one place that talks to @actions/core: read inputs, call the pipeline, set outputs, fail. */
import * as core from '@actions/core'
import { mkdirSync, existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describeError, InputError } from './errors.js'
import { explainCheck } from './gate/explain.js'
import { readConfig } from './inputs.js'
import type { Logger } from './log.js'
import { OnnxRuntime } from './model/onnx-runtime.js'
import { ActionsArtifacts } from './github/artifact.js'
import { OctokitComments } from './github/comments.js'
import { readRunContext } from './github/context.js'
import { runModelGate } from './pipeline.js'
import { MlflowClient } from './registry/client.js'
import { httpOptionsFromEnv, MlflowHttp } from './registry/http.js'

const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  group: (name, fn) => core.group(name, fn)
}

/**
 * On a runner GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name files that exist; run from a terminal
 * (`env … GITHUB_OUTPUT=/tmp/outputs node dist/index.js`) they may not, and @actions/core refuses to
 * append to a missing file. Create them, so a passing gate does not end in an error.
 */
function ensureFiles(env: NodeJS.ProcessEnv): void {
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) {
    const file = env[name]
    if (!file || existsSync(file)) continue
    try {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
      writeFileSync(file, '')
    } catch (e) {
      throw new InputError(`${name} is ${file}, which does not exist and cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); point it at a writable file or unset it`, name)
    }
  }
}

export async function run(): Promise<void> {
  try {
    ensureFiles(process.env)
    const config = readConfig((name) => core.getInput(name))
    let registry: MlflowClient | undefined
    if (config.trackingUri) {
      const http = httpOptionsFromEnv(config.trackingUri, process.env, (m) => core.info(m))
      for (const secret of [http.token, http.password]) if (secret) core.setSecret(secret)
      if (http.username !== undefined) core.setSecret(Buffer.from(`${http.username}:${http.password ?? ''}`).toString('base64'))
      registry = new MlflowClient(new MlflowHttp(http))
    }
    const context = readRunContext()
    const comments = config.githubToken && context.owner ? new OctokitComments(config.githubToken, context.apiUrl, context.owner, context.repo) : undefined
    const artifacts = process.env.ACTIONS_RUNTIME_TOKEN ? new ActionsArtifacts() : undefined
    const outcome = await runModelGate(config, { runtime: new OnnxRuntime({ cudaProvider: config.cudaProvider }), log: coreLogger, registry, context, comments, artifacts })
    const doc = outcome.document
    core.setOutput('passed', String(outcome.passed))
    // The task's headline metrics; those of the other task are empty (a regression run has no accuracy).
    const h = outcome.headline
    const value = (v: number | undefined) => (v === undefined ? '' : String(v))
    core.setOutput('accuracy', value(h.accuracy))
    core.setOutput('macro-f1', value(h.macro_f1))
    core.setOutput('loss', value(h.loss))
    core.setOutput('r2', value(h.r2))
    core.setOutput('rmse', value(h.rmse))
    core.setOutput('metrics-file', outcome.metricsFile)
    core.setOutput('report-file', outcome.reportFile)
    core.setOutput('promoted', String(outcome.promoted))
    core.setOutput('model-version', outcome.modelVersion ?? '')
    core.setOutput('comment-url', outcome.commentUrl ?? '')
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(outcome.markdown).write()
    if (outcome.failure) {
      core.setFailed(outcome.failure)
    } else if (!outcome.passed) {
      const failed = doc.gate.checks.filter((c) => !c.passed).map(explainCheck)
      const message = `model-gate: gate failed: ${failed.join('; ')}`
      if (config.failOnGate) core.setFailed(message)
      else core.warning(`${message} (fail-on-gate is false, so the step passes)`)
    }
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
