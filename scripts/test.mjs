// npm test: dist/ must match the sources, types and lint must pass, then every test (unit tests and end-to-end runs of dist/).
import { spawnSync } from 'node:child_process'
import { ensureChromium } from './ensure-chromium.mjs'

// the report's charts are rendered in headless Chromium by the tests: install it first if missing
ensureChromium()

const steps = [
  ['node', ['scripts/check-dist.mjs']],
  ['npx', ['tsc', '--noEmit']],
  ['npx', ['eslint', '.']],
  ['npx', ['jest', ...process.argv.slice(2)], { NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1' }]
]
for (const [cmd, args, env] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
