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
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'))

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
      // The CUDA provider pin travels beside the chunk that reads it, and must be the bundled
      // onnxruntime's: its provider libraries only work with the libonnxruntime of the same version.
      const pin = readJson('src/cuda/cuda-provider.json')
      const ortVersion = readJson('node_modules/onnxruntime-node/package.json').version
      if (pin.onnxruntime !== ortVersion) this.error(`src/cuda/cuda-provider.json pins onnxruntime ${pin.onnxruntime}, but ${ortVersion} is installed: run npm run pin-cuda`)
      cpSync('src/cuda/cuda-provider.json', path.join(outDir, 'cuda-provider.json'))
      const src = path.join('node_modules', 'onnxruntime-node', 'bin', 'napi-v6')
      const dest = path.join(outDir, 'bin', 'napi-v6')
      rmSync(dest, { recursive: true, force: true })
      mkdirSync(path.join(outDir, 'bin'), { recursive: true })
      writeFileSync(
        path.join(outDir, 'bin', 'NOTICE.md'),
        '# Native binaries shipped in dist/bin\n\n' +
          '| folder | package | licence |\n| --- | --- | --- |\n' +
          `| napi-v6/ | onnxruntime-node ${readJson('node_modules/onnxruntime-node/package.json').version} (onnxruntime) | MIT, https://github.com/microsoft/onnxruntime/blob/main/LICENSE |\n` +
          SHARP_PLATFORMS.map((p) => `| sharp/@img/sharp-${p}/ | @img/sharp-${p} ${readJson(`node_modules/@img/sharp-${p}/package.json`).version} | Apache-2.0 (LICENSE beside it) |\n` +
            `| sharp/@img/sharp-libvips-${p}/ | @img/sharp-libvips-${p} ${readJson(`node_modules/@img/sharp-libvips-${p}/package.json`).version} (libvips and its libraries) | LGPL-3.0-or-later; bundled libraries in LICENSES.md beside it |\n`).join('')
      )
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
 * sharp loads `@img/sharp-<platform>/sharp.node` through package exports, and that addon finds
 * libvips through an RPATH of `$ORIGIN/../../sharp-libvips-<platform>/lib`. Point the require at a
 * copy under dist/bin/sharp/@img/ that keeps the same relative layout. Only the platforms npm
 * installed here can be shipped: linux-x64 (0.4 MB addon + 18 MB libvips).
 */
const SHARP_PLATFORMS = ['linux-x64']

/** @returns {import("rollup").Plugin} */
function sharpBinding() {
  const addon = (platform) => {
    const lib = path.join('node_modules', '@img', `sharp-${platform}`, 'lib')
    const file = existsSync(lib) ? readdirSync(lib).find((f) => f.endsWith('.node')) : undefined
    return file && { lib, file }
  }
  return {
    name: 'sharp-binding',
    renderChunk(code) {
      if (!code.includes('@img/sharp-')) return null
      let fixed = code
      for (const platform of SHARP_PLATFORMS) {
        const a = addon(platform)
        if (!a) this.error(`sharp's binding for ${platform} is not installed: run npm ci on ${platform}`)
        const pattern = new RegExp(String.raw`require\$?\w*\("@img/sharp-${platform}/sharp\.node"\)`, 'g')
        if (!pattern.test(fixed)) this.error('sharp changed how it loads its binding: update the sharp-binding plugin')
        fixed = fixed.replace(pattern, `__modelGateRequire("./bin/sharp/@img/sharp-${platform}/lib/${a.file}")`)
      }
      if (!fixed.includes('__modelGateCreateRequire')) {
        fixed = `import { createRequire as __modelGateCreateRequire } from 'node:module';\nconst __modelGateRequire = __modelGateCreateRequire(import.meta.url);\n${fixed}`
      }
      return { code: fixed, map: null }
    },
    writeBundle() {
      const dest = path.join(outDir, 'bin', 'sharp', '@img')
      rmSync(path.join(outDir, 'bin', 'sharp'), { recursive: true, force: true })
      for (const platform of SHARP_PLATFORMS) {
        const a = addon(platform)
        mkdirSync(path.join(dest, `sharp-${platform}`, 'lib'), { recursive: true })
        cpSync(path.join(a.lib, a.file), path.join(dest, `sharp-${platform}`, 'lib', a.file))
        // licences travel with the binaries: sharp's Apache-2.0 text, and libvips' table of the
        // (LGPL-3.0 and other) libraries it bundles
        const sharpPkg = path.join('node_modules', '@img', `sharp-${platform}`)
        cpSync(path.join(sharpPkg, 'LICENSE'), path.join(dest, `sharp-${platform}`, 'LICENSE'))
        const vipsPkg = path.join('node_modules', '@img', `sharp-libvips-${platform}`)
        mkdirSync(path.join(dest, `sharp-libvips-${platform}`), { recursive: true })
        cpSync(path.join(vipsPkg, 'README.md'), path.join(dest, `sharp-libvips-${platform}`, 'LICENSES.md'))
        const vips = path.join('node_modules', '@img', `sharp-libvips-${platform}`, 'lib')
        mkdirSync(path.join(dest, `sharp-libvips-${platform}`, 'lib'), { recursive: true })
        for (const f of readdirSync(vips).filter((f) => f.includes('.so') || f.endsWith('.dylib') || f.endsWith('.dll'))) {
          cpSync(path.join(vips, f), path.join(dest, `sharp-libvips-${platform}`, 'lib', f))
        }
      }
    }
  }
}

/**
 * @actions/core imports its OIDC client (and with it @actions/http-client and all of undici) at the
 * top of core.js, for getIDToken(), which model-gate never calls: every run would parse undici
 * before its first session.run. Import it inside getIDToken instead, which is async anyway.
 * @returns {import("rollup").Plugin}
 */
function lazyOidc() {
  const importLine = "import { OidcClient } from './oidc-utils.js';"
  const use = 'return yield OidcClient.getIDToken(aud);'
  return {
    name: 'lazy-oidc',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('@actions/core/lib/core.js')) return null
      if (!code.includes(importLine) || !code.includes(use)) this.error('@actions/core changed how it loads its OIDC client: update the lazy-oidc plugin')
      return { code: code.replace(importLine, '').replace(use, "return yield (yield import('./oidc-utils.js')).OidcClient.getIDToken(aud);"), map: null }
    }
  }
}

/** @type {import("rollup").RollupOptions} */
const config = {
  // worker threads are loaded by file name, beside the chunks: the bootstrap's, and the image decode
  // pool's (src/data/decode-pool.ts)
  input: { index: 'src/index.ts', cli: 'src/cli.ts', 'bootstrap-worker': 'src/metrics/bootstrap-worker.ts', 'decode-worker': 'src/data/decode-worker.ts' },
  output: {
    dir: outDir,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name].js',
    // sharp (and what only it uses) in a chunk of its own, loaded when a test set is an image folder;
    // rollup's CommonJS helpers in one of their own, or they land in the first chunk that uses them
    // (sharp's) and every run would load sharp to get them; each copy of undici (ours, and the ones
    // @actions/github and @actions/http-client pin) apart, loaded by what calls it
    manualChunks: (id) => {
      if (id.startsWith('\0commonjsHelpers')) return 'commonjs'
      if (/node_modules[\\/](sharp|@img|detect-libc)[\\/]/.test(id)) return 'sharp'
      // shared by sharp and @actions/tool-cache: neither should load the other to get it
      if (/node_modules[\\/]semver[\\/]/.test(id)) return 'semver'
      // CSV test sets, labels.csv of image folders and text CSVs: loaded with those readers only
      if (/node_modules[\\/]csv-parse[\\/]/.test(id)) return 'csv-parse'
      const undici = /node_modules[\\/](?:@actions[\\/]([^\\/]+)[\\/]node_modules[\\/])?undici[\\/]/.exec(id)
      if (undici) return undici[1] ? `undici-${undici[1]}` : 'undici'
      if (/node_modules[\\/](@actions[\\/]http-client|tunnel)[\\/]/.test(id)) return 'http-client'
      return undefined
    },
    banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    sourcemap: false
  },
  // Some dependencies still probe for optional modules with try/require; keep those lazy.
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return
    warn(warning)
  },
  plugins: [
    {
      // chunks are named by what they hold: drop the previous build's, so no stale file lingers in dist/
      name: 'clean-chunks',
      buildStart() {
        if (existsSync(outDir)) for (const f of readdirSync(outDir).filter((f) => f.endsWith('.js'))) rmSync(path.join(outDir, f))
      }
    },
    onnxruntimeBinding(),
    sharpBinding(),
    lazyOidc(),
    typescript({ tsconfig: 'tsconfig.json', include: ['src/**/*.ts'], outDir, noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs({ ignoreDynamicRequires: true, ignore: ['node:sqlite'] }),
    json()
  ]
}

export default config
