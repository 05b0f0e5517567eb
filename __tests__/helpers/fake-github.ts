/**
 * A fake GitHub REST API on 127.0.0.1 with the request and response shapes of the real one, for
 * the endpoints model-gate calls: issue comments (list with Link pagination, create, update) and the
 * pull requests of a commit. Tokens are `write` or `read` (a fork's token); rate limiting on demand.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: { login: string; id: number; type: string }
  created_at: string
  updated_at: string
  author_association: string
}

export interface FakePull {
  number: number
  state: 'open' | 'closed'
  merged_at: string | null
  merge_commit_sha: string | null
  head: { ref: string; sha: string; repo: { full_name: string } }
  base: { ref: string; sha: string; repo: { full_name: string } }
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | undefined
  body: unknown
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = []
  /** comments by `owner/repo#number` */
  readonly comments = new Map<string, FakeComment[]>()
  /** pull requests by `owner/repo@sha` */
  readonly pulls = new Map<string, FakePull[]>()
  readonly tokens = new Map<string, 'write' | 'read'>()
  rateLimited = false
  private nextId = 1_000_001
  private server: Server | undefined
  url = ''

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = ''
      req.on('data', (d) => (raw += d))
      req.on('end', () => this.handle(req, res, raw))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  seedComment(repo: string, issue: number, body: string, login = 'someone'): FakeComment {
    const c = this.makeComment(repo, issue, body, login)
    this.comments.set(`${repo}#${issue}`, [...(this.comments.get(`${repo}#${issue}`) ?? []), c])
    return c
  }

  commentsOn(repo: string, issue: number): FakeComment[] {
    return this.comments.get(`${repo}#${issue}`) ?? []
  }

  private makeComment(repo: string, issue: number, body: string, login: string): FakeComment {
    const id = this.nextId++
    const now = new Date().toISOString()
    return {
      id,
      node_id: `IC_kwDO${id}`,
      url: `${this.url}/repos/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${this.url}/repos/${repo}/issues/${issue}`,
      body,
      user: { login, id: 41898282, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: now,
      updated_at: now,
      author_association: 'NONE'
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': this.rateLimited ? '0' : '999',
      'x-ratelimit-reset': this.rateLimited ? '1893456000' : '1700000000',
      'x-ratelimit-resource': 'core',
      'x-github-request-id': `FAKE:${this.requests.length}`,
      ...headers
    })
    res.end(text)
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', this.url)
    let body: unknown = undefined
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest', status: '400' })
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body })

    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const access = token ? this.tokens.get(token) : undefined
    if (!access) return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
    if (this.rateLimited) {
      return this.send(res, 403, {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        status: '403'
      })
    }
    const write = req.method !== 'GET'
    if (write && access === 'read') {
      return this.send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '403'
      })
    }

    let m: RegExpExecArray | null
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
      const [, repo, n] = m
      const key = `${repo}#${n}`
      if (req.method === 'GET') {
        const all = this.comments.get(key) ?? []
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
        const page = Number(url.searchParams.get('page') ?? 1)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const links: string[] = []
        const link = (p: number, rel: string) => `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
        return this.send(res, 200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {})
      }
      if (req.method === 'POST') {
        const text = (body as { body?: unknown } | undefined)?.body
        if (typeof text !== 'string') return this.send(res, 422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', status: '422' })
        if (text.length > 65536) return this.tooLong(res)
        const c = this.seedComment(repo!, Number(n), text, 'github-actions[bot]')
        return this.send(res, 201, c, { location: c.url })
      }
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)) && req.method === 'PATCH') {
      const [, repo, id] = m
      const text = (body as { body?: unknown } | undefined)?.body
      if (typeof text !== 'string') return this.send(res, 422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', status: '422' })
      if (text.length > 65536) return this.tooLong(res)
      for (const [key, list] of this.comments) {
        if (!key.startsWith(`${repo}#`)) continue
        const c = list.find((x) => x.id === Number(id))
        if (c) {
          c.body = text
          c.updated_at = new Date().toISOString()
          return this.send(res, 200, c)
        }
      }
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/commits\/([0-9a-f]{7,40})\/pulls$/.exec(url.pathname)) && req.method === 'GET') {
      const [, repo, sha] = m
      const pulls = (this.pulls.get(`${repo}@${sha}`) ?? []).map((p) => ({
        url: `${this.url}/repos/${repo}/pulls/${p.number}`,
        id: 500 + p.number,
        html_url: `https://github.com/${repo}/pull/${p.number}`,
        title: `pull request ${p.number}`,
        user: { login: 'someone', id: 1, type: 'User' },
        draft: false,
        ...p
      }))
      return this.send(res, 200, pulls)
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
