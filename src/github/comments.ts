/**
 * Pull-request comments and the pull requests of a commit, behind a small interface so the
 * publishing logic runs against a fake in tests; the real one is Octokit from @actions/github.
 */
import { getOctokit } from '@actions/github'

export interface IssueComment {
  readonly id: number
  readonly body: string
  /** html_url: where a person reads it. */
  readonly url: string
}

export interface PullRequestRef {
  readonly number: number
  readonly state: string
  readonly mergedAt: string | null
  readonly mergeCommitSha: string | null
  readonly baseRef: string
}

export interface CommentStore {
  /** Every comment on the issue or pull request, oldest first. */
  listComments(issue: number): Promise<IssueComment[]>
  createComment(issue: number, body: string): Promise<IssueComment>
  updateComment(id: number, body: string): Promise<IssueComment>
  /** GET /repos/{owner}/{repo}/commits/{sha}/pulls: the pull requests a commit belongs to. */
  pullsForCommit(sha: string): Promise<PullRequestRef[]>
}

interface RawComment {
  id: number
  body?: string | null
  html_url: string
}

const toComment = (c: RawComment): IssueComment => ({ id: c.id, body: c.body ?? '', url: c.html_url })

export class OctokitCommentStore implements CommentStore {
  private readonly octokit: ReturnType<typeof getOctokit>

  constructor(
    token: string,
    private readonly owner: string,
    private readonly repo: string,
    apiUrl: string
  ) {
    // baseUrl explicitly: @actions/github reads GITHUB_API_URL once, when it is first imported
    this.octokit = getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, '') })
  }

  async listComments(issue: number): Promise<IssueComment[]> {
    const all = await this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: this.owner, repo: this.repo, issue_number: issue, per_page: 100 })
    return all.map(toComment)
  }

  async createComment(issue: number, body: string): Promise<IssueComment> {
    const r = await this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: issue, body })
    return toComment(r.data)
  }

  async updateComment(id: number, body: string): Promise<IssueComment> {
    const r = await this.octokit.rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: id, body })
    return toComment(r.data)
  }

  async pullsForCommit(sha: string): Promise<PullRequestRef[]> {
    const r = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: this.owner, repo: this.repo, commit_sha: sha, per_page: 100 })
    return r.data.map((p) => ({ number: p.number, state: p.state, mergedAt: p.merged_at ?? null, mergeCommitSha: p.merge_commit_sha ?? null, baseRef: p.base.ref }))
  }
}
