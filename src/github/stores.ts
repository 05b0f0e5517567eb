/** The real GitHub and artifact stores, for main.ts; tests use the fakes in __fixtures__/. */
import { ActionsArtifactStore, type ArtifactStore } from './artifact.js'
import { OctokitCommentStore, type CommentStore } from './comments.js'
import type { RunContext } from './context.js'

export function githubStores(token: string | undefined, ctx: RunContext, env: NodeJS.ProcessEnv = process.env): { comments: CommentStore | undefined; artifacts: ArtifactStore | undefined } {
  return {
    comments: token && ctx.owner ? new OctokitCommentStore(token, ctx.owner, ctx.repo, ctx.apiUrl) : undefined,
    artifacts: env.ACTIONS_RUNTIME_TOKEN ? new ActionsArtifactStore() : undefined
  }
}
