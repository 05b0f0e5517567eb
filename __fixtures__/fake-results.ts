/**
 * A fake of the Actions results service (the artifact backend @actions/artifact talks to) on
 * 127.0.0.1: twirp CreateArtifact / FinalizeArtifact, and the Azure block-blob upload of the zip
 * (Put Block, Put Block List) to the signed URL it hands out. Keeps each finished zip.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'

export interface StoredArtifact {
  readonly id: number
  readonly name: string
  readonly zip: Buffer
  readonly request: Record<string, unknown>
}

/** An unsigned JWT with the claim @actions/artifact reads the run and job ids from. */
export function runtimeToken(runId = 'run-backend-id', jobId = 'job-backend-id'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead:1 Actions.Results:${runId}:${jobId}` })}.sig`
}

export class FakeResults {
  readonly artifacts: StoredArtifact[] = []
  readonly calls: string[] = []
  private readonly pending = new Map<string, { request: Record<string, unknown>; blocks: Map<string, Buffer>; zip?: Buffer }>()
  private server: Server | undefined
  url = ''

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (d: Buffer) => chunks.push(d))
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', this.url)
    this.calls.push(`${req.method} ${url.pathname}${url.searchParams.get('comp') ? `?comp=${url.searchParams.get('comp')}` : ''}`)
    if (req.method === 'POST' && url.pathname.startsWith(SERVICE)) {
      if (!/^Bearer .+\..+\..+$/.test(req.headers.authorization ?? '')) return this.json(res, 401, { code: 'unauthenticated', msg: 'no runtime token' })
      const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>
      const name = String(request.name)
      if (url.pathname.endsWith('/CreateArtifact')) {
        if (this.artifacts.some((a) => a.name === name) || this.pending.has(name)) {
          return this.json(res, 409, { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' })
        }
        this.pending.set(name, { request, blocks: new Map() })
        return this.json(res, 200, { ok: true, signed_upload_url: `${this.url}/devstoreaccount1/actions-results/${encodeURIComponent(name)}.zip?sig=fake-signature&se=2099-01-01` })
      }
      if (url.pathname.endsWith('/FinalizeArtifact')) {
        const p = this.pending.get(name)
        if (!p?.zip) return this.json(res, 404, { code: 'not_found', msg: 'no upload for this artifact' })
        this.pending.delete(name)
        const id = 9000 + this.artifacts.length
        this.artifacts.push({ id, name, zip: p.zip, request: { ...p.request, ...request } })
        return this.json(res, 200, { ok: true, artifact_id: String(id) })
      }
      return this.json(res, 404, { code: 'bad_route', msg: `no handler for ${url.pathname}` })
    }
    // Azure block blob: PUT ?comp=block&blockid=…, then PUT ?comp=blocklist with the ids in order
    const blob = /\/devstoreaccount1\/actions-results\/(.+)\.zip$/.exec(url.pathname)
    if (req.method === 'PUT' && blob && url.searchParams.get('sig') === 'fake-signature') {
      const p = this.pending.get(decodeURIComponent(blob[1]!))
      if (!p) return this.json(res, 404, {})
      const headers = { 'x-ms-request-id': `fake-${this.calls.length}`, 'x-ms-version': '2025-01-05', date: new Date().toUTCString() }
      const comp = url.searchParams.get('comp')
      if (comp === 'block') {
        p.blocks.set(url.searchParams.get('blockid')!, body)
        res.writeHead(201, { ...headers, 'x-ms-request-server-encrypted': 'true' })
        return void res.end()
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map((m) => m[1]!)
        p.zip = Buffer.concat(ids.map((id) => p.blocks.get(id) ?? Buffer.alloc(0)))
        res.writeHead(201, { ...headers, etag: '"0x8D"', 'last-modified': new Date().toUTCString() })
        return void res.end()
      }
      if (comp === null) {
        // a small blob may come as one Put Blob
        p.zip = body
        res.writeHead(201, { ...headers, etag: '"0x8D"', 'last-modified': new Date().toUTCString() })
        return void res.end()
      }
    }
    this.json(res, 404, { message: `unexpected ${req.method} ${url.pathname}` })
  }
}
