// Fails when the committed dist/ differs from a fresh build of the sources: users run dist/.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const fresh = mkdtempSync(path.join(tmpdir(), 'model-gate-dist-'))
try {
  execFileSync('npx', ['rollup', '--config', 'rollup.config.mjs', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, MODEL_GATE_DIST: fresh }
  })
  const list = (root, dir = '') =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const rel = path.join(dir, name)
      return statSync(path.join(root, rel)).isDirectory() ? list(root, rel) : [rel]
    })
  const want = list(fresh).sort()
  let have = []
  try {
    have = list('dist').sort()
  } catch {
    // no dist/ at all: every file below is missing
  }
  const problems = []
  for (const f of want) {
    if (!have.includes(f)) problems.push(`missing  dist/${f}`)
    else if (!readFileSync(path.join(fresh, f)).equals(readFileSync(path.join('dist', f)))) problems.push(`stale    dist/${f}`)
  }
  // the CUDA provider files that model-gate installs at run time on a GPU machine are not build output
  const installed = (f) => /^bin[\\/]napi-v6[\\/].*libonnxruntime_providers_\w+\.so$/.test(f)
  for (const f of have) if (!want.includes(f) && !installed(f)) problems.push(`extra    dist/${f}`)
  if (problems.length > 0) {
    console.error(`check-dist: dist/ does not match the sources:\n  ${problems.join('\n  ')}\nRun \`npm run build\` and commit dist/.`)
    process.exit(1)
  }
  console.log(`check-dist: dist/ is up to date (${want.length} files)`)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
