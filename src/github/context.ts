/**
 * What the workflow run is, read from the runner's environment and event payload (GITHUB_*),
 * without @actions/*: the pipeline decides promotion and comments from it.
 */
import { readFileSync } from 'node:fs'

export interface PullRequestInfo {
  readonly number: number
  /** True when the head branch lives in another repository: never promote, expect a read-only token. */
  readonly fromFork: boolean
}

export interface RunContext {
  /** push, pull_request, pull_request_target, workflow_dispatch, … ('' when run outside Actions). */
  readonly eventName: string
  readonly ref: string
  readonly sha: string
  readonly owner: string
  readonly repo: string
  readonly defaultBranch: string | undefined
  readonly pullRequest: PullRequestInfo | undefined
  readonly serverUrl: string
  readonly apiUrl: string
  readonly runId: string
  readonly runUrl: string | undefined
  /** The event payload as GitHub wrote it (workflow_dispatch inputs live in payload.inputs). */
  readonly payload: Readonly<Record<string, unknown>>
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>
    } catch {
      // An unreadable payload leaves only the environment: nothing is promoted or commented from it.
      payload = {}
    }
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const repository = payload.repository as { default_branch?: string } | undefined
  const pr = payload.pull_request as { number?: number; head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } } | undefined
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runId = env.GITHUB_RUN_ID ?? ''
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    owner,
    repo,
    defaultBranch: repository?.default_branch,
    pullRequest:
      pr && typeof pr.number === 'number'
        ? { number: pr.number, fromFork: (pr.head?.repo?.full_name ?? '') !== (pr.base?.repo?.full_name ?? `${owner}/${repo}`) }
        : undefined,
    serverUrl,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId,
    runUrl: owner && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    payload
  }
}

/** True on a push to the repository's default branch (a merge to main). */
export function isPushToDefaultBranch(ctx: RunContext): boolean {
  return ctx.eventName === 'push' && ctx.defaultBranch !== undefined && ctx.ref === `refs/heads/${ctx.defaultBranch}`
}

/** Pull-request events: evaluate and comment, never promote. */
export function isPullRequestEvent(ctx: RunContext): boolean {
  return ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target'
}
