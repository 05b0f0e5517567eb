/**
 * A GitHub REST API double on 127.0.0.1 with the request and response shapes Octokit sees from
 * api.github.com, for the calls model-gate makes: list/create/update issue comments and the pull
 * requests of a commit. Requests are logged; faults (403, rate limit) can be injected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeComment {
  id: number
  body: string
  html_url: string
  user: { login: string; type: string }
  created_at: string
  updated_at: string
}

export interface FakePull {
  number: number
  state: 'open' | 'closed'
  merged_at: string | null
  merge_commit_sha: string | null
}

export class FakeGitHub {
  readonly comments = new Map<number, FakeComment[]>()
  readonly pullsByCommit = new Map<string, FakePull[]>()
  readonly requests: { method: string; path: string; authorization?: string; body?: any }[] = []
  readonly faults: { method?: string; path: string; status: number; times: number; headers?: Record<string, string>; message?: string }[] = []
  token = 'ghs_test-token'
  owner = 'acme'
  repo = 'models'
  private server: Server | undefined
  private nextId = 1000

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r())
  }

  /** A comment someone else left, so the marker search has to page past it. */
  addComment(pr: number, body: string, login = 'octocat'): FakeComment {
    const c = this.comment(pr, body, login)
    this.comments.set(pr, [...(this.comments.get(pr) ?? []), c])
    return c
  }

  private comment(pr: number, body: string, login = 'github-actions[bot]'): FakeComment {
    const id = this.nextId++
    const now = new Date().toISOString()
    return { id, body, html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pr}#issuecomment-${id}`, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: now, updated_at: now }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers })
    res.end(status === 204 ? undefined : JSON.stringify(body))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    const body = raw ? JSON.parse(raw) : undefined
    this.requests.push({ method, path: url.pathname, authorization: req.headers.authorization, body })
    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
    }
    const fault = this.faults.find((f) => f.times > 0 && url.pathname.includes(f.path) && (!f.method || f.method === method))
    if (fault) {
      fault.times--
      return this.send(res, fault.status, { message: fault.message ?? 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: String(fault.status) }, fault.headers)
    }
    const repo = `/repos/${this.owner}/${this.repo}`
    let m: RegExpExecArray | null
    if ((m = new RegExp(`^${repo}/issues/(\\d+)/comments$`).exec(url.pathname))) {
      const pr = Number(m[1])
      const list = this.comments.get(pr) ?? []
      if (method === 'GET') {
        const per = Number(url.searchParams.get('per_page') ?? 30)
        const page = Number(url.searchParams.get('page') ?? 1)
        const last = Math.max(1, Math.ceil(list.length / per))
        const headers: Record<string, string> = {}
        if (page < last) headers.link = `<${this.url}${url.pathname}?per_page=${per}&page=${page + 1}>; rel="next", <${this.url}${url.pathname}?per_page=${per}&page=${last}>; rel="last"`
        return this.send(res, 200, list.slice((page - 1) * per, page * per), headers)
      }
      if (method === 'POST') {
        if (typeof body?.body !== 'string') return this.send(res, 422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.' })
        if (body.body.length > 65536) return this.tooLong(res)
        const c = this.comment(pr, body.body)
        this.comments.set(pr, [...list, c])
        return this.send(res, 201, c)
      }
    }
    if ((m = new RegExp(`^${repo}/issues/comments/(\\d+)$`).exec(url.pathname)) && method === 'PATCH') {
      const id = Number(m[1])
      for (const list of this.comments.values()) {
        const c = list.find((x) => x.id === id)
        if (c) {
          if (body.body.length > 65536) return this.tooLong(res)
          c.body = body.body
          c.updated_at = new Date().toISOString()
          return this.send(res, 200, c)
        }
      }
      return this.send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/comments#update-an-issue-comment', status: '404' })
    }
    if ((m = new RegExp(`^${repo}/commits/([0-9a-f]+)/pulls$`).exec(url.pathname)) && method === 'GET') {
      return this.send(res, 200, (this.pullsByCommit.get(m[1]!) ?? []).map((p) => ({ ...p, url: `${this.url}${repo}/pulls/${p.number}`, html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.number}` })))
    }
    return this.send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
  }

  private tooLong(res: ServerResponse): void {
    this.send(res, 422, {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422'
    })
  }
}
