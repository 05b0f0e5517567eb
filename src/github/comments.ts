/**
 * The sticky pull-request comment: one per pull request and model, found again by a hidden marker
 * and updated in place. CommentStore is the outside effect (Octokit here, a fake in tests).
 */
import type { getOctokit } from '@actions/github'

export interface StoredComment {
  readonly id: number
  readonly url: string
}

export interface CommentStore {
  /** The first comment on the pull request whose body starts with `marker`. */
  find(pr: number, marker: string): Promise<StoredComment | undefined>
  create(pr: number, body: string): Promise<StoredComment>
  update(id: number, body: string): Promise<StoredComment>
  /** Pull requests associated with a commit (the merged one, on a push to main). */
  pullsForCommit(sha: string): Promise<{ number: number; merged: boolean; mergeCommitSha: string | null }[]>
}

/** The hidden marker that identifies this model's comment. */
export function commentMarker(modelKey: string): string {
  return `<!-- model-gate:${modelKey.replace(/--/g, '−−')} -->`
}

export class OctokitComments implements CommentStore {
  private client: Promise<ReturnType<typeof getOctokit>> | undefined

  constructor(
    private readonly token: string,
    private readonly apiUrl: string,
    private readonly owner: string,
    private readonly repo: string
  ) {}

  /** Octokit (and its HTTP stack) is loaded on the first call: most runs never comment. */
  private get octokit(): Promise<ReturnType<typeof getOctokit>> {
    return (this.client ??= import('@actions/github').then(({ getOctokit }) => getOctokit(this.token, { baseUrl: this.apiUrl })))
  }

  async find(pr: number, marker: string): Promise<StoredComment | undefined> {
    const octokit = await this.octokit
    const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: this.owner, repo: this.repo, issue_number: pr, per_page: 100 })
    for await (const page of iterator) {
      // ours start with the marker; a reply that quotes one ("> <!-- model-gate:…") is someone
      // else's comment, which the token may not edit and must not overwrite
      const found = page.data.find((c) => c.body?.startsWith(marker))
      if (found) return { id: found.id, url: found.html_url }
    }
    return undefined
  }

  async create(pr: number, body: string): Promise<StoredComment> {
    const r = await (await this.octokit).rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: pr, body })
    return { id: r.data.id, url: r.data.html_url }
  }

  async update(id: number, body: string): Promise<StoredComment> {
    const r = await (await this.octokit).rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: id, body })
    return { id: r.data.id, url: r.data.html_url }
  }

  async pullsForCommit(sha: string): Promise<{ number: number; merged: boolean; mergeCommitSha: string | null }[]> {
    const r = await (await this.octokit).rest.repos.listPullRequestsAssociatedWithCommit({ owner: this.owner, repo: this.repo, commit_sha: sha })
    return r.data.map((p) => ({ number: p.number, merged: p.merged_at !== null, mergeCommitSha: p.merge_commit_sha ?? null }))
  }
}
