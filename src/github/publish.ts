/**
 * After the verdict: upload the report artifact, write or update the sticky pull-request comment,
 * and give back the Markdown for the job summary. Nothing here can change the verdict or undo a
 * promotion: every failure of GitHub or the artifact store becomes a warning.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Tristate } from '../inputs.js'
import type { Logger } from '../log.js'
import { commentMarker, modelName, renderReport } from '../report/comment.js'
import type { MetricsDocument } from '../report/metrics-json.js'
import type { ArtifactStore } from './artifact.js'
import type { CommentStore, IssueComment } from './comments.js'
import { isPullRequestEvent, isPushToDefaultBranch, type RunContext } from './context.js'

export interface PublishSettings {
  readonly model: string
  readonly comment: Tristate
  readonly uploadArtifact: boolean
  readonly artifactName: string
  readonly outputDir: string
}

export interface PublishInput {
  readonly document: MetricsDocument
  readonly promoted: boolean
}

export interface PublishDeps {
  /** Absent without a github-token. */
  readonly comments: CommentStore | undefined
  /** Absent outside a GitHub runner (no ACTIONS_RUNTIME_TOKEN). */
  readonly artifacts: ArtifactStore | undefined
  readonly log: Logger
}

export interface Published {
  /** The report with the run and artifact links: the job summary. */
  readonly markdown: string
  readonly commentUrl: string | undefined
  readonly artifactUrl: string | undefined
}

/** Where the comment goes: a pull request number, or why none. */
export type CommentTarget = { readonly issue: number } | { readonly skip: string; readonly warn: boolean }

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort()
}

/** Says what went wrong with GitHub in words a workflow author can act on. */
export function describeGitHubFailure(error: unknown, what: string): string {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } }
  const headers = e.response?.headers ?? {}
  // Octokit appends ' - <documentation url>' to the API's message
  const message = (e.message ?? String(error)).split('\n')[0]!.replace(/ - https:\/\/docs\.github\.com\S*$/, '')
  if (e.status === 429 || ((e.status === 403) && headers['x-ratelimit-remaining'] === '0')) {
    const reset = Number(headers['x-ratelimit-reset'])
    return `${what}: GitHub's API rate limit is exhausted${Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : ''}; the verdict stands, re-run the job later for the comment`
  }
  if (e.status === 403 || e.status === 401) {
    return `${what}: the token may not do this (HTTP ${e.status}: ${message}); give the job \`permissions: pull-requests: write\` (forks get a read-only token on pull_request)`
  }
  if (e.status === 404) return `${what}: not found (HTTP 404: ${message}); check the repository and that github-token can see it`
  return `${what}: ${e.status ? `HTTP ${e.status}: ` : ''}${message}`
}

const NO_STORE = 'no github-token was given (or GITHUB_REPOSITORY is unset)'

/**
 * auto: the pull request of a pull_request event, the merged pull request of a push to the default
 * branch. true: also the merged pull request of the commit on any other event (workflow_dispatch).
 */
export async function commentTarget(mode: Tristate, ctx: RunContext, store: CommentStore | undefined): Promise<CommentTarget> {
  if (mode === 'false') return { skip: 'comment is false', warn: false }
  if (isPullRequestEvent(ctx)) {
    const pr = ctx.pullRequest
    if (!pr) return { skip: `the ${ctx.eventName} payload names no pull request`, warn: true }
    if (pr.fromFork && ctx.eventName === 'pull_request') {
      return { skip: `pull request #${pr.number} comes from a fork, whose token is read-only`, warn: true }
    }
    if (!store) return { skip: NO_STORE, warn: true }
    return { issue: pr.number }
  }
  const lookUp = isPushToDefaultBranch(ctx) || (mode === 'true' && ctx.sha !== '')
  if (!lookUp) {
    return { skip: ctx.eventName ? `a ${ctx.eventName} run has no pull request to comment on (set comment: true to look up the merged one)` : 'not running in GitHub Actions', warn: mode === 'true' }
  }
  if (!store) return { skip: NO_STORE, warn: true }
  const pulls = await store.pullsForCommit(ctx.sha)
  // the pull request this commit merged; a push may also belong to open pull requests of other branches
  const merged = pulls.find((p) => p.mergedAt !== null && p.mergeCommitSha === ctx.sha) ?? pulls.find((p) => p.mergedAt !== null)
  if (!merged) return { skip: `commit ${ctx.sha.slice(0, 7)} belongs to no merged pull request`, warn: false }
  return { issue: merged.number }
}

/** "pull request #12 at `abc1234`", "push to main at `abc1234`", "workflow_dispatch on main at `abc1234`". */
export function describeRun(ctx: RunContext): string | undefined {
  if (!ctx.eventName) return undefined
  const at = ctx.sha ? ` at \`${ctx.sha.slice(0, 7)}\`` : ''
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined
  if (isPullRequestEvent(ctx) && ctx.pullRequest) return `pull request #${ctx.pullRequest.number}${at}`
  if (ctx.eventName === 'push' && branch) return `push to ${branch}${at}`
  return `${ctx.eventName}${branch ? ` on ${branch}` : ''}${at}`
}

/** Finds the comment that carries `marker` and updates it, or creates one. */
export async function upsertComment(store: CommentStore, issue: number, marker: string, body: string): Promise<{ comment: IssueComment; created: boolean }> {
  // ours start with the marker; a reply that quotes one ("> <!-- …") is someone else's comment
  const existing = (await store.listComments(issue)).find((c) => c.body.startsWith(marker))
  if (existing) return { comment: await store.updateComment(existing.id, body), created: false }
  return { comment: await store.createComment(issue, body), created: true }
}

export async function publishResults(input: PublishInput, settings: PublishSettings, ctx: RunContext, deps: PublishDeps): Promise<Published> {
  return deps.log.group('Publish', () => publish(input, settings, ctx, deps))
}

async function publish(input: PublishInput, settings: PublishSettings, ctx: RunContext, deps: PublishDeps): Promise<Published> {
  const { log } = deps
  const artifactUrl = await uploadReport(settings, ctx, deps)
  const options = {
    runUrl: ctx.runUrl,
    artifactUrl,
    artifactName: settings.uploadArtifact && deps.artifacts ? settings.artifactName : undefined,
    promoted: input.promoted,
    runDescription: describeRun(ctx),
    promotionNote: isPullRequestEvent(ctx) ? 'pull requests are evaluated only, never promoted' : undefined
  }
  const markdown = renderReport(input.document, options)

  let commentUrl: string | undefined
  try {
    const target = await commentTarget(settings.comment, ctx, deps.comments)
    if ('skip' in target) {
      const say = `pull-request comment skipped: ${target.skip}`
      if (target.warn) log.warning(say)
      else log.info(say)
    } else {
      const marker = commentMarker(modelName(settings.model))
      const body = renderReport(input.document, { ...options, marker })
      const { comment, created } = await upsertComment(deps.comments!, target.issue, marker, body)
      commentUrl = comment.url
      log.info(`${created ? 'created' : 'updated'} the comment on pull request #${target.issue}: ${comment.url}`)
    }
  } catch (e) {
    log.warning(describeGitHubFailure(e, 'pull-request comment not written'))
  }
  return { markdown, commentUrl, artifactUrl }
}

async function uploadReport(settings: PublishSettings, ctx: RunContext, deps: PublishDeps): Promise<string | undefined> {
  if (!settings.uploadArtifact) return undefined
  if (!deps.artifacts) {
    deps.log.info(`report artifact not uploaded: no ACTIONS_RUNTIME_TOKEN (not on a GitHub runner); the files are in ${settings.outputDir}`)
    return undefined
  }
  try {
    const files = await listFiles(settings.outputDir)
    const up = await deps.artifacts.upload(settings.artifactName, files, settings.outputDir)
    const url = up.id !== undefined && ctx.owner && ctx.runId ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${up.id}` : undefined
    deps.log.info(`uploaded the report artifact '${settings.artifactName}' (${files.length} files${up.size !== undefined ? `, ${up.size} bytes` : ''})${url ? `: ${url}` : ''}`)
    return url
  } catch (e) {
    deps.log.warning(
      `${describeGitHubFailure(e, `report artifact '${settings.artifactName}' not uploaded`)}${/conflict|already exists|409/i.test(String((e as Error).message)) ? ' (several model-gate steps in one run need distinct artifact-name values)' : ''}`
    )
    return undefined
  }
}
