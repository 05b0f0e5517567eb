/** An in-memory CommentStore: comments per pull request, pull requests per commit, and failures on demand. */
import type { CommentStore, IssueComment, PullRequestRef } from '../src/github/comments.js'

export class FakeCommentStore implements CommentStore {
  readonly comments = new Map<number, IssueComment[]>()
  readonly pulls = new Map<string, PullRequestRef[]>()
  readonly calls: string[] = []
  /** Thrown by every write, e.g. an Octokit-like { status: 403 }. */
  failWrites: unknown = undefined
  private nextId = 1000

  addComment(issue: number, body: string): IssueComment {
    const c = { id: this.nextId++, body, url: `https://github.com/o/r/pull/${issue}#issuecomment-${this.nextId}` }
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), c])
    return c
  }

  async listComments(issue: number): Promise<IssueComment[]> {
    this.calls.push(`list ${issue}`)
    return [...(this.comments.get(issue) ?? [])]
  }

  async createComment(issue: number, body: string): Promise<IssueComment> {
    this.calls.push(`create ${issue}`)
    if (this.failWrites) throw this.failWrites
    return this.addComment(issue, body)
  }

  async updateComment(id: number, body: string): Promise<IssueComment> {
    this.calls.push(`update ${id}`)
    if (this.failWrites) throw this.failWrites
    for (const [issue, list] of this.comments) {
      const i = list.findIndex((c) => c.id === id)
      if (i >= 0) {
        const updated = { ...list[i]!, body }
        list[i] = updated
        this.comments.set(issue, list)
        return updated
      }
    }
    throw Object.assign(new Error('Not Found'), { status: 404 })
  }

  async pullsForCommit(sha: string): Promise<PullRequestRef[]> {
    this.calls.push(`pulls ${sha}`)
    return this.pulls.get(sha) ?? []
  }
}
