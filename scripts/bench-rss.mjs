// Preloaded by bench.mjs with `node --import`: records the process's peak resident set size (KiB)
// when it exits, so the bundle itself needs no benchmarking hooks. On Linux it reads VmHWM:
// getrusage's maxRSS also counts the parent's memory at fork time, which would charge the bench's
// own arrays to the Action.
import { readFileSync, writeFileSync } from 'node:fs'

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1])
  } catch {
    // no /proc: fall back to getrusage
  }
  return process.resourceUsage().maxRSS
}

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(peakKiB()))
})
