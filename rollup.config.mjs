// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) as ESM, with onnxruntime-node's
// native binding copied beside them so dist/ runs from a checkout without node_modules.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

/**
 * sharp (image folders) loads `@img/sharp-<platform>/sharp.node` by package name, which a copy of
 * dist/ without node_modules cannot resolve. Point it at dist/bin/img/, which gets the addon and
 * libvips laid out as in node_modules/@img, so the addon's RPATH
 * ($ORIGIN/../../sharp-libvips-<platform>/lib) finds libvips there. linux-x64 only: npm installs
 * just the host's @img packages (an arm64 copy would need a cross-platform install), and the image
 * reader turns a missing binding into one clear error.
 */
const SHARP_PLATFORMS = ['linux-x64']
/** @returns {import("rollup").Plugin} */
function sharpBinding() {
  const version = JSON.parse(readFileSync(path.join('node_modules', 'sharp', 'package.json'), 'utf8')).version
  return {
    name: 'sharp-binding',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('sharp/dist/sharp.mjs')) return null
      let fixed = code
      for (const platform of SHARP_PLATFORMS) {
        const from = `require("@img/sharp-${platform}/sharp.node")`
        if (!fixed.includes(from)) this.error(`sharp/dist/sharp.mjs changed (no ${from}): update the sharp-binding plugin`)
        fixed = fixed.replace(from, `require("./bin/img/sharp-${platform}/lib/sharp-${platform}-${version}.node")`)
      }
      return { code: fixed, map: null }
    },
    writeBundle() {
      const dest = path.join(outDir, 'bin', 'img')
      rmSync(dest, { recursive: true, force: true })
      for (const platform of SHARP_PLATFORMS) {
        const addon = path.join('node_modules', '@img', `sharp-${platform}`, 'lib', `sharp-${platform}-${version}.node`)
        const vipsDir = path.join('node_modules', '@img', `sharp-libvips-${platform}`, 'lib')
        if (!existsSync(addon) || !existsSync(vipsDir)) this.error(`missing ${addon} or ${vipsDir}: run npm ci on ${platform}`)
        mkdirSync(path.join(dest, `sharp-${platform}`, 'lib'), { recursive: true })
        cpSync(addon, path.join(dest, `sharp-${platform}`, 'lib', path.basename(addon)))
        mkdirSync(path.join(dest, `sharp-libvips-${platform}`, 'lib'), { recursive: true })
        for (const f of readdirSync(vipsDir).filter((f) => f.startsWith('libvips'))) {
          cpSync(path.join(vipsDir, f), path.join(dest, `sharp-libvips-${platform}`, 'lib', f))
        }
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
    sharpBinding(),
    typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], outDir, noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs({ ignoreDynamicRequires: true }),
    json()
  ]
}

export default config
