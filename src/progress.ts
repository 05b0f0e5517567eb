/**
 * A progress line in the log every few seconds while a test set is evaluated: samples done (of
 * how many, when known), samples/s and the time left. Fed by the engine's BatchObserver.
 */
import type { BatchObserver } from './engine.js'
import type { Logger } from './log.js'

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?'
  const t = Math.round(s)
  if (t < 60) return `${t}s`
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`
}

/** Seconds between progress lines: MODEL_GATE_PROGRESS_SECONDS, else 5. */
export function progressInterval(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.MODEL_GATE_PROGRESS_SECONDS)
  return (env.MODEL_GATE_PROGRESS_SECONDS !== undefined && Number.isFinite(s) && s >= 0 ? s : 5) * 1000
}

export function progressObserver(log: Logger, total: number | undefined, everyMs = 5000, now: () => number = () => performance.now()): BatchObserver {
  const started = now()
  let last = started
  let done = 0
  return (_scores, _labels, size) => {
    done += size
    const t = now()
    if (t - last < everyMs) return
    last = t
    const rate = done / ((t - started) / 1000)
    const of = total !== undefined ? `/${total} (${((100 * done) / total).toFixed(1)}%)` : ''
    const eta = total !== undefined && rate > 0 ? `, ETA ${formatSeconds((total - done) / rate)}` : ''
    log.info(`progress: ${done}${of} samples, ${Math.round(rate)} samples/s${eta}`)
  }
}
