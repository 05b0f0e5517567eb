/** The one place that talks to @actions/core: read inputs, call the pipeline, set outputs, fail. */
import * as core from '@actions/core'
import { describeError } from './errors.js'
import { readRunContext } from './github/context.js'
import { publishResults } from './github/publish.js'
import { githubStores } from './github/stores.js'
import { readConfig } from './inputs.js'
import type { Logger } from './log.js'
import { OnnxRuntime } from './model/onnx-runtime.js'
import { runModelGate } from './pipeline.js'

const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  group: (name, fn) => core.group(name, fn)
}

export async function run(): Promise<void> {
  try {
    const config = readConfig((name) => core.getInput(name))
    const outcome = await runModelGate(config, { runtime: new OnnxRuntime(), log: coreLogger })
    const doc = outcome.document
    core.setOutput('passed', String(outcome.passed))
    core.setOutput('accuracy', String(doc.accuracy))
    core.setOutput('macro-f1', String(doc.macro_f1))
    core.setOutput('loss', String(doc.loss))
    core.setOutput('metrics-file', outcome.metricsFile)
    core.setOutput('report-file', outcome.reportFile)
    core.setOutput('promoted', String(outcome.promoted))
    core.setOutput('model-version', outcome.modelVersion ?? '')
    // comment and artifact failures are warnings: the verdict below stands either way
    const ctx = readRunContext()
    const published = await publishResults(outcome, config, ctx, { ...githubStores(config.githubToken, ctx), log: coreLogger })
    core.setOutput('comment-url', published.commentUrl ?? '')
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(published.markdown).write()
    if (!outcome.passed) {
      const failed = doc.gate.checks.filter((c) => !c.passed).map((c) => `${c.metric} = ${c.value.toFixed(4)} (needs ${c.op} ${c.threshold})`)
      const message = `model-gate: gate failed: ${failed.join('; ')}`
      if (config.failOnGate) core.setFailed(message)
      else core.warning(`${message} (fail-on-gate is false, so the step passes)`)
    }
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
