// Tools the tests use from Debian's packages, which a fresh machine may not have: chromium (the
// report's Mermaid charts are checked in a real browser), python3-torch + python3-sklearn (the
// README's evaluate.py bridge runs as written) and python3-pandas (MLflow's own mlflow.onnx reads a
// version that `register` wrote). Installed with apt-get when we are root (CI is) or have sudo
// without a password (GitHub's runners); otherwise said plainly, and the tests that need them fail.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

export const CHROMIUM = process.env.MODEL_GATE_CHROMIUM ?? '/usr/bin/chromium'

const python = (module) => spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0
const NEEDS = [
  { what: 'chromium', packages: ['chromium', 'fonts-dejavu-core'], present: () => existsSync(CHROMIUM) },
  { what: 'python3 with torch and sklearn', packages: ['python3-torch', 'python3-sklearn', 'python3-onnx'], present: () => python('torch, sklearn, onnx') },
  { what: 'python3 with pandas', packages: ['python3-pandas'], present: () => python('pandas') }
]

export function ensureTools() {
  const missing = NEEDS.filter((n) => !n.present())
  if (missing.length === 0) return true
  const packages = missing.flatMap((n) => n.packages)
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
  if (!root && !sudo) {
    console.error(`\n*** missing ${missing.map((n) => n.what).join(', ')} and this is not root: apt-get install -y ${packages.join(' ')}; the tests that use them will fail ***\n`)
    return false
  }
  console.log(`test: missing ${missing.map((n) => n.what).join(', ')}: installing Debian's ${packages.join(' ')} with apt-get`)
  const apt = (args) => spawnSync(sudo ? 'sudo' : 'apt-get', sudo ? ['-n', 'apt-get', ...args] : args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  let r = apt(['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-q', '--no-install-recommends', ...packages])
  if (r.status !== 0) {
    apt(['-o', 'DPkg::Lock::Timeout=600', 'update', '-q'])
    r = apt(['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-q', '--no-install-recommends', ...packages])
  }
  const still = NEEDS.filter((n) => !n.present())
  if (still.length > 0) {
    console.error(`\n*** could not install ${still.map((n) => n.what).join(', ')} (apt-get exited ${r.status}); the tests that use them will fail ***\n`)
    return false
  }
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = ensureTools() ? 0 : 1
