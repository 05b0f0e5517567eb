/**
 * Where people see the verdict: the report artifact and the sticky pull-request comment. Failures
 * here (no token, a fork's read-only token, rate limits, an artifact service hiccup) are warnings:
 * they never change the verdict or undo a promotion.
 */
import type { Tristate } from '../inputs.js'
import type { Logger } from '../log.js'
import type { ArtifactStore } from './artifact.js'
import { commentMarker, type CommentStore } from './comments.js'
import { isPullRequestEvent, isPushToDefaultBranch, type RunContext } from './context.js'

/** "pull request #12 at `abc1234`", "push to main at `abc1234`", "workflow_dispatch on main at `abc1234`". */
export function describeRun(ctx: RunContext): string | undefined {
  if (!ctx.eventName) return undefined
  const at = ctx.sha ? ` at \`${ctx.sha.slice(0, 7)}\`` : ''
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined
  if (ctx.pullRequest) return `pull request #${ctx.pullRequest.number}${at}`
  if (ctx.eventName === 'push' && branch) return `push to ${branch}${at}`
  return `${ctx.eventName}${branch ? ` on ${branch}` : ''}${at}`
}

/** What to do about a failed GitHub call: wait for the rate limit, or grant the permission. */
function remedy(e: unknown): string {
  const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } }
  const headers = err.response?.headers ?? {}
  if (err.status === 429 || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(err.message ?? '')) {
    const reset = Number(headers['x-ratelimit-reset'])
    return `GitHub's API rate limit is used up${reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : ''}: re-run the job later for the comment`
  }
  if (err.status === 401 || err.status === 403) return "a fork's or read-only token cannot comment: give the job pull-requests: write"
  return 'the report is in the job summary and the artifact'
}

function why(e: unknown): string {
  const status = (e as { status?: number }).status
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!
  return status ? `GitHub answered ${status}: ${message}` : message
}

export async function uploadReport(
  store: ArtifactStore | undefined,
  name: string,
  files: readonly string[],
  root: string,
  ctx: RunContext,
  log: Logger
): Promise<string | undefined> {
  if (!store) {
    log.info('report artifact: not uploaded outside a GitHub Actions job (no ACTIONS_RUNTIME_TOKEN); the files are in output-dir')
    return undefined
  }
  try {
    const { id } = await store.upload(name, files, root)
    log.info(`report artifact '${name}' uploaded (${files.length} files${id !== undefined ? `, id ${id}` : ''})`)
    return id !== undefined && ctx.owner ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${id}` : ctx.runUrl
  } catch (e) {
    const reason = why(e)
    const hint = /exist|409|conflict/i.test(reason) ? '; give each model-gate step in a run its own artifact-name' : ''
    log.warning(`report artifact '${name}' was not uploaded (${reason}); the verdict stands and the files are in output-dir${hint}`)
    return undefined
  }
}

/** The pull request this run reports on, or why there is none. Pure but for the commit lookup. */
async function pullRequestFor(ctx: RunContext, store: CommentStore, mode: Tristate): Promise<number | string> {
  if (ctx.pullRequest) return ctx.pullRequest.number
  // a push to another branch merged nothing; comment: true also looks on other events (workflow_dispatch)
  if (ctx.sha && (isPushToDefaultBranch(ctx) || mode === 'true')) {
    const pulls = await store.pullsForCommit(ctx.sha)
    const merged = pulls.find((p) => p.merged && p.mergeCommitSha === ctx.sha) ?? pulls.find((p) => p.merged)
    return merged ? merged.number : `no merged pull request has commit ${ctx.sha.slice(0, 7)}`
  }
  return `a ${ctx.eventName || 'local'} run has no pull request`
}

export async function postComment(
  store: CommentStore | undefined,
  mode: Tristate,
  ctx: RunContext,
  modelKey: string,
  body: (marker: string) => string,
  log: Logger
): Promise<string | undefined> {
  if (mode === 'false') return undefined
  const wants = ctx.pullRequest !== undefined || isPushToDefaultBranch(ctx) || mode === 'true'
  if (!wants) return undefined
  if (ctx.pullRequest?.fromFork && isPullRequestEvent(ctx)) {
    log.warning(`comment skipped: pull request #${ctx.pullRequest.number} comes from a fork, whose token cannot write comments; the verdict is in the job summary`)
    return undefined
  }
  if (!store) {
    log.warning('comment skipped: no github-token (give the job `permissions: pull-requests: write` and keep the default github-token)')
    return undefined
  }
  try {
    const pr = await pullRequestFor(ctx, store, mode)
    if (typeof pr === 'string') {
      log.info(`comment skipped: ${pr}`)
      return undefined
    }
    const marker = commentMarker(modelKey)
    const text = body(marker)
    const existing = await store.find(pr, marker)
    const saved = existing ? await store.update(existing.id, text) : await store.create(pr, text)
    log.info(`${existing ? 'updated' : 'created'} the model-gate comment on pull request #${pr}: ${saved.url}`)
    return saved.url
  } catch (e) {
    log.warning(`comment skipped: ${why(e)}; the verdict stands (${remedy(e)})`)
    return undefined
  }
}
