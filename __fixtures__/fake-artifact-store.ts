/** An ArtifactStore that keeps what it was asked to upload (file names relative to the root) or fails. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { ArtifactStore, UploadedArtifact } from '../src/github/artifact.js'

export class FakeArtifactStore implements ArtifactStore {
  readonly uploads: { name: string; files: Record<string, string> }[] = []
  fail: unknown = undefined

  async upload(name: string, files: readonly string[], rootDir: string): Promise<UploadedArtifact> {
    if (this.fail) throw this.fail
    const kept: Record<string, string> = {}
    for (const f of files) kept[path.relative(rootDir, f)] = readFileSync(f, 'utf8')
    this.uploads.push({ name, files: kept })
    return { id: 4242 + this.uploads.length, size: Object.values(kept).reduce((a, s) => a + Buffer.byteLength(s), 0) }
  }
}
