/** The report artifact: output-dir uploaded with @actions/artifact. ArtifactStore is the outside effect. */

export interface ArtifactStore {
  /** Uploads `files` (absolute paths under `root`) as artifact `name`; returns its id. */
  upload(name: string, files: readonly string[], root: string): Promise<{ id: number | undefined }>
}

export class ActionsArtifacts implements ArtifactStore {
  async upload(name: string, files: readonly string[], root: string): Promise<{ id: number | undefined }> {
    // @actions/artifact (and its own HTTP stack) is loaded only when there is something to upload
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const r = await new DefaultArtifactClient().uploadArtifact(name, [...files], root)
    return { id: r.id }
  }
}
