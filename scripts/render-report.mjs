// Renders the Mermaid blocks of report Markdown files in headless Chromium with the mermaid package
// (what GitHub does with them), and optionally screenshots the whole report as GitHub shows it.
//
//   node scripts/render-report.mjs report.md …            → JSON: per block, rendered or the parse error
//   node scripts/render-report.mjs --screenshot out.png report.md
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { marked } from 'marked'
import { chromium } from 'playwright-core'
import { CHROMIUM } from './ensure-tools.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MERMAID = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export function mermaidBlocks(markdown) {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1])
}

async function withPage(fn) {
  const profile = mkdtempSync(path.join(tmpdir(), 'model-gate-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 980, height: 800 } })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    // nothing leaves the machine: every request but our own content is refused
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') || route.request().url() === 'about:blank' ? route.continue() : route.abort()))
    return await fn(page)
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

async function renderBlocks(page, blocks) {
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>')
  await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') })
  return page.evaluate(async (codes) => {
    const m = globalThis.mermaid
    m.initialize({ startOnLoad: false })
    const results = []
    for (const [i, code] of codes.entries()) {
      try {
        await m.parse(code)
        const { svg } = await m.render(`chart${i}`, code)
        const doc = new globalThis.DOMParser().parseFromString(svg, 'image/svg+xml')
        results.push({ ok: true, type: code.trim().split(/\s/)[0], bars: doc.querySelectorAll('.bar-plot-0 rect, g[class*="bar-plot"] rect').length, lines: doc.querySelectorAll('g[class*="line-plot"] path').length, error: /Syntax error/i.test(svg) ? 'syntax error drawn' : null, bytes: svg.length })
      } catch (e) {
        results.push({ ok: false, type: code.trim().split(/\s/)[0], error: String(e?.message ?? e) })
      }
    }
    return { version: m.version ?? null, results }
  }, blocks)
}

const CSS = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328;max-width:900px;margin:16px auto;padding:0 16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d1d9e0;padding:4px 10px}th{background:#f6f8fa}
code{background:#eff1f3;padding:1px 4px;border-radius:4px;font-size:12px}h2{border-bottom:1px solid #d1d9e0}
details{margin:6px 0}summary{cursor:pointer;color:#0969da}hr{border:0;border-top:1px solid #d1d9e0}`

async function screenshot(page, markdown, out) {
  const html = marked.parse(markdown.replace(/^```mermaid\n([\s\S]*?)^```$/gm, (_, code) => `<pre class="mermaid">${code.replace(/</g, '&lt;')}</pre>`))
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>${html}</body></html>`)
  await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') })
  await page.evaluate(async () => {
    globalThis.mermaid.initialize({ startOnLoad: false })
    await globalThis.mermaid.run({ querySelector: 'pre.mermaid' })
  })
  await page.screenshot({ path: out, fullPage: true })
}

async function main(argv) {
  const shot = argv.indexOf('--screenshot')
  const out = shot >= 0 ? argv.splice(shot, 2)[1] : undefined
  const files = argv
  const report = await withPage(async (page) => {
    const all = []
    for (const f of files) {
      const md = readFileSync(f, 'utf8')
      if (out) await screenshot(page, md, out)
      all.push({ file: f, ...(await renderBlocks(page, mermaidBlocks(md))) })
    }
    return all
  })
  console.log(JSON.stringify(report))
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2))
