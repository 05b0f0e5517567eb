/** In-memory CommentStore and ArtifactStore for unit tests of the publishing logic. */
import type { ArtifactStore } from '../src/github/artifact.js'
import type { CommentStore, StoredComment } from '../src/github/comments.js'

export class FakeCommentStore implements CommentStore {
  readonly bodies = new Map<number, { pr: number; body: string }>()
  pulls: { number: number; merged: boolean; mergeCommitSha: string | null }[] = []
  failWith: Error | undefined
  private next = 1

  private check(): void {
    if (this.failWith) throw this.failWith
  }
  async find(pr: number, marker: string): Promise<StoredComment | undefined> {
    this.check()
    for (const [id, c] of this.bodies) if (c.pr === pr && c.body.includes(marker)) return { id, url: `comment-${id}` }
    return undefined
  }
  async create(pr: number, body: string): Promise<StoredComment> {
    this.check()
    const id = this.next++
    this.bodies.set(id, { pr, body })
    return { id, url: `comment-${id}` }
  }
  async update(id: number, body: string): Promise<StoredComment> {
    this.check()
    this.bodies.get(id)!.body = body
    return { id, url: `comment-${id}` }
  }
  async pullsForCommit(): Promise<{ number: number; merged: boolean; mergeCommitSha: string | null }[]> {
    this.check()
    return this.pulls
  }
}

export class FakeArtifactStore implements ArtifactStore {
  readonly uploads: { name: string; files: readonly string[]; root: string }[] = []
  failWith: Error | undefined
  async upload(name: string, files: readonly string[], root: string): Promise<{ id: number | undefined }> {
    if (this.failWith) throw this.failWith
    this.uploads.push({ name, files, root })
    return { id: 77 }
  }
}
