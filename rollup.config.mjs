// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) as ESM, with onnxruntime-node's
// native binding copied beside them so dist/ runs from a checkout without node_modules.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'


const outDir = process.env.MODEL_GATE_DIST ?? 'dist'

/**
 * Platforms whose onnxruntime binaries ship in dist/. GitHub-hosted Linux runners are x64, and
 * arm64 Linux runners exist (25 MB more). macOS (86 MB) and Windows (64–70 MB) are left out:
 * model gates run on Linux runners, and the CLI from npm brings its own node_modules there.
 */
const PLATFORMS = ['linux/x64', 'linux/arm64']

/**
 * onnxruntime-node loads its addon with a computed require,
 * `require(`../bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`)`,
 * which no bundler follows. Rewrite it to a createRequire() relative to the bundle, whose
 * folder gets a copy of bin/napi-v6/<platform>/<arch> (addon and libonnxruntime travel together).
 */
/** @returns {import("rollup").Plugin} */
function onnxruntimeBinding() {
  const pattern = /require\(`\.\.\/bin\/napi-v6\/\$\{process\.platform\}\/\$\{process\.arch\}\/onnxruntime_binding\.node`\)/
  return {
    name: 'onnxruntime-binding',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('onnxruntime-node/dist/binding.js')) return null
      if (!pattern.test(code)) this.error('onnxruntime-node/dist/binding.js changed: update the onnxruntime-binding plugin')
      const fixed = code.replace(
        pattern,
        // On a platform whose binding is not shipped, loading must not crash the import (no
        // ::error:: line could be written then): hand out functions that throw when used, and let
        // OnnxRuntime.load report the platform clearly before it gets that far. onnxruntime-node
        // lists its backends at import: that list is empty then.
        '(() => { try { return ' +
          '__modelGateRequire(`./bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`)' +
          ' } catch (e) { const fail = function () { throw e }; return new Proxy({}, { get: (_, k) => (k === "listSupportedBackends" ? () => [] : fail) }) } })()'
      )
      return { code: fixed, map: null }
    },
    renderChunk(code) {
      // undici probes for node:sqlite (Node 22+) with a require in try/catch; left unconverted
      // (commonjs `ignore`), it must stay a runtime require, never a static import Node 20 rejects.
      code = code.replaceAll("require('node:sqlite')", "__modelGateRequire('node:sqlite')")
      // import.meta.url of the chunk, which sits in the root of dist/ next to bin/.
      if (!code.includes('__modelGateRequire')) return null
      return { code: `import { createRequire as __modelGateCreateRequire } from 'node:module';\nconst __modelGateRequire = __modelGateCreateRequire(import.meta.url);\n${code}`, map: null }
    },
    writeBundle() {
      // A copy of dist/ alone must still load these files as ES modules.
      writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n')
      const src = path.join('node_modules', 'onnxruntime-node', 'bin', 'napi-v6')
      const dest = path.join(outDir, 'bin', 'napi-v6')
      rmSync(dest, { recursive: true, force: true })
      for (const platform of PLATFORMS) {
        const from = path.join(src, platform)
        if (!existsSync(from)) this.error(`missing ${from}: run npm ci`)
        mkdirSync(path.join(dest, platform), { recursive: true })
        for (const f of readdirSync(from)) cpSync(path.join(from, f), path.join(dest, platform, f))
      }
    }
  }
}

/** @type {import("rollup").RollupOptions} */
const config = {
  input: { index: 'src/index.ts', cli: 'src/cli.ts' },
  output: {
    dir: outDir,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name].js',
    banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    sourcemap: false
  },
  // Some dependencies still probe for optional modules with try/require; keep those lazy.
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return
    warn(warning)
  },
  plugins: [
    onnxruntimeBinding(),
    typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], outDir, noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs({ ignoreDynamicRequires: true, ignore: ['node:sqlite'] }),
    json()
  ]
}

export default config
