// The report's Mermaid charts are checked in a real browser (Debian's chromium). A fresh machine may
// not have it: install it when we are root (CI is), and say so plainly when it cannot be had.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

export const CHROMIUM = process.env.MODEL_GATE_CHROMIUM ?? '/usr/bin/chromium'

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (!root) {
    console.error(`\n*** ${CHROMIUM} is missing and this is not root: install Debian's chromium (apt-get install -y chromium); the Mermaid chart tests will fail without it ***\n`)
    return false
  }
  console.log(`${CHROMIUM} is missing: installing Debian's chromium (apt-get install -y chromium) for the Mermaid chart tests`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env })
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env })
  if (r.status !== 0 || !existsSync(CHROMIUM)) {
    console.error(`\n*** could not install chromium (apt-get exited ${r.status}); the Mermaid chart tests will fail ***\n`)
    return false
  }
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = ensureChromium() ? 0 : 1
