/** The report artifact, behind a small interface; the real store is @actions/artifact. */
import { DefaultArtifactClient } from '@actions/artifact'

export interface UploadedArtifact {
  readonly id: number | undefined
  readonly size: number | undefined
}

export interface ArtifactStore {
  /** Uploads `files` (absolute paths under `rootDir`) as one artifact called `name`. */
  upload(name: string, files: readonly string[], rootDir: string): Promise<UploadedArtifact>
}

export class ActionsArtifactStore implements ArtifactStore {
  private readonly client = new DefaultArtifactClient()

  async upload(name: string, files: readonly string[], rootDir: string): Promise<UploadedArtifact> {
    const r = await this.client.uploadArtifact(name, [...files], rootDir)
    return { id: r.id, size: r.size }
  }
}
