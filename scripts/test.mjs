// npm test: dist/ must match the sources, types and lint must pass, then every test (unit tests and end-to-end runs of dist/).
// The registry scenarios also run against real MLflow servers: given as MODEL_GATE_MLFLOW_2_URI /
// MODEL_GATE_MLFLOW_3_URI, or started here (2.17.2 and 3.5.1, on free ports, stopped afterwards) when
// ../shared/tools/mlflow/mlflow-up.sh is beside the checkout. Without either, the test output says so.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureTools } from './ensure-tools.mjs'

// chromium and Debian's Python packages the tests use: installed first when missing
ensureTools()

const UP = path.resolve(import.meta.dirname, '..', '..', 'shared', 'tools', 'mlflow', 'mlflow-up.sh')
const SERVERS = [
  { version: '2.17.2', env: 'MODEL_GATE_MLFLOW_2_URI' },
  { version: '3.5.1', env: 'MODEL_GATE_MLFLOW_3_URI' }
]
const say = (m) => process.stdout.write(`test: ${m}\n`)

function run(cmd, args, env = {}, stdio = 'inherit') {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio, env: { ...process.env, ...env } })
    let out = ''
    child.stdout?.on('data', (d) => (out += d))
    child.stderr?.on('data', (d) => process.stderr.write(d))
    child.on('close', (code) => resolve({ code: code ?? 1, out }))
  })
}

/** A port in 5500-5599 nothing listens on now (mlflow-up.sh refuses a port that answers). */
async function freePort(taken) {
  const start = 5500 + Math.floor(Math.random() * 100)
  for (let i = 0; i < 100; i++) {
    const port = 5500 + ((start - 5500 + i) % 100)
    if (taken.has(port)) continue
    const ok = await new Promise((resolve) => {
      const s = createServer()
      s.once('error', () => resolve(false))
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (ok) return port
  }
  throw new Error('no free port in 5500-5599')
}

const started = []
async function startServers() {
  const env = {}
  const missing = SERVERS.filter((s) => !process.env[s.env])
  for (const s of SERVERS.filter((x) => process.env[x.env])) say(`real MLflow ${s.version} server from ${s.env}=${process.env[s.env]}`)
  if (missing.length === 0) return env
  if (!existsSync(UP)) {
    for (const s of missing) say(`NO real MLflow ${s.version} server: ${s.env} is not set and ${UP} does not exist; its registry scenarios will be skipped`)
    return env
  }
  const taken = new Set()
  await Promise.all(
    missing.map(async (s) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort(taken)
        taken.add(port)
        const data = mkdtempSync(path.join(tmpdir(), `model-gate-mlflow-${s.version}-`))
        const t0 = Date.now()
        const r = await run('bash', [UP, String(port), data], { MLFLOW_UP_VERSION: s.version }, ['ignore', 'pipe', 'pipe'])
        const pgid = Number(r.out.trim().split('\n').pop())
        if (r.code === 0 && Number.isInteger(pgid) && pgid > 0) {
          started.push({ ...s, pgid, data })
          env[s.env] = `http://127.0.0.1:${port}`
          say(`started real MLflow ${s.version} at ${env[s.env]} in ${((Date.now() - t0) / 1000).toFixed(1)} s (process group ${pgid})`)
          return
        }
        rmSync(data, { recursive: true, force: true })
      }
      say(`could NOT start a real MLflow ${s.version} server with ${UP}; its registry scenarios will be skipped`)
    })
  )
  return env
}

const alive = (pgid) => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

async function stopServers() {
  for (const s of started.splice(0)) {
    try {
      process.kill(-s.pgid, 'SIGTERM')
    } catch {
      // already gone
    }
    // gunicorn takes 1-3 s to exit
    for (let i = 0; i < 50 && alive(s.pgid); i++) await new Promise((r) => setTimeout(r, 100))
    if (alive(s.pgid)) process.kill(-s.pgid, 'SIGKILL')
    rmSync(s.data, { recursive: true, force: true })
    say(`stopped MLflow ${s.version} (process group ${s.pgid})`)
  }
}

// Every temporary file the tests make (dist/ copies, reports, fixtures written on the fly) goes
// under one folder that is removed afterwards: a run used to leave ~0.5 GB in the temp dir.
// MODEL_GATE_KEEP_TMP=1 keeps it for a look at a failure. Jest's transform cache stays where it was.
const scratch = mkdtempSync(path.join(tmpdir(), 'model-gate-npm-test-'))
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () =>
    void stopServers().then(() => {
      rmSync(scratch, { recursive: true, force: true })
      process.exit(130)
    })
  )
}

let code = 0
try {
  // the servers come up while dist/, types and lint are checked
  const servers = startServers()
  const steps = [
    ['node', ['scripts/check-dist.mjs']],
    ['npx', ['tsc', '--noEmit']],
    ['npx', ['eslint', '.']]
  ]
  for (const [cmd, args] of steps) {
    code = (await run(cmd, args)).code
    if (code !== 0) break
  }
  const env = await servers
  if (code === 0) code = (await run('npx', ['jest', `--cacheDirectory=${path.join(tmpdir(), 'model-gate-jest-cache')}`, ...process.argv.slice(2)], { NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1', TMPDIR: scratch, ...env })).code
} finally {
  await stopServers()
  if (process.env.MODEL_GATE_KEEP_TMP === '1') say(`temporary files kept in ${scratch}`)
  else rmSync(scratch, { recursive: true, force: true })
}
process.exit(code)
