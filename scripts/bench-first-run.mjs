// Preloaded with `node --import` by bench-startup.mjs: records when the process first calls
// session.run (ms since the process started) by wrapping onnxruntime's native binding as it loads,
// so neither the bundle nor the bare loop carries a benchmarking hook.
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const dlopen = process.dlopen
let first
process.dlopen = function (module, filename, ...rest) {
  const result = dlopen.call(this, module, filename, ...rest)
  const Session = String(filename).endsWith('onnxruntime_binding.node') ? module.exports?.InferenceSession : undefined
  if (typeof Session === 'function') {
    // the native class's methods are read-only: hand out a subclass that notes the first run
    class TimedSession extends Session {
      run(...args) {
        first ??= performance.now()
        return super.run(...args)
      }
    }
    module.exports = { ...module.exports, InferenceSession: TimedSession }
  }
  return result
}

process.on('exit', () => {
  if (process.env.BENCH_FIRST_RUN_FILE) writeFileSync(process.env.BENCH_FIRST_RUN_FILE, JSON.stringify({ firstRun: first ?? null, exit: performance.now() }))
})
