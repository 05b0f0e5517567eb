/**
 * Promotion, with no optimistic concurrency to lean on (MLflow has none): read the state, refuse
 * when the evaluated version changed underneath, write, then read back and verify. Re-running a
 * promotion that already happened is a no-op that succeeds.
 */
import { RegistryError } from '../errors.js'
import { isPullRequestEvent, isPushToDefaultBranch, type RunContext } from '../github/context.js'
import type { Tristate } from '../inputs.js'
import type { Logger } from '../log.js'
import type { RegistryClient } from './client.js'
import { RegistryUnreachable } from './http.js'
import type { RegistryModel } from './source.js'
import { formatRef, formatTarget, type Target } from './uri.js'

export type PromotionStatus = 'promoted' | 'already-promoted' | 'dry-run' | 'rejected' | 'skipped' | 'failed'

/** The `promotion` section of metrics.json. */
export interface PromotionRecord {
  readonly status: PromotionStatus
  readonly reason: string
  readonly target: string
  readonly name: string | null
  readonly version: string | null
  /** Versions that held the target before (stage holders, or the alias's version). */
  readonly previous: readonly string[]
  /** Versions this promotion archived (or would have, in a dry run). */
  readonly archived: readonly string[]
  readonly verified: boolean
  readonly dry_run: boolean
  readonly tags: Readonly<Record<string, string>>
}

export type PromotionAction = { readonly act: 'promote' | 'reject' | 'skip'; readonly reason: string }

/** Whether this run may touch the registry at all, and what it does there. Pure. */
export function promotionAction(p: {
  promote: Tristate
  context: RunContext
  fromRegistry: boolean
  gatePassed: boolean
}): PromotionAction {
  if (p.promote === 'false') return { act: 'skip', reason: 'promote is false' }
  if (isPullRequestEvent(p.context)) {
    return { act: 'skip', reason: `never on ${p.context.eventName} events${p.context.pullRequest?.fromFork ? ' (a fork)' : ''}: promotion happens on the merge` }
  }
  if (!p.fromRegistry) return { act: 'skip', reason: 'model is a file, not a registry version' }
  if (p.promote === 'auto' && !isPushToDefaultBranch(p.context) && p.context.eventName !== 'workflow_dispatch') {
    return { act: 'skip', reason: `promote is auto and this is ${p.context.eventName ? `a ${p.context.eventName} event` : 'not a workflow run'}, not a push to the default branch or workflow_dispatch` }
  }
  if (!p.gatePassed) return { act: 'reject', reason: 'the gate failed' }
  return { act: 'promote', reason: 'the gate passed' }
}

export function skipped(reason: string, target: Target, model?: { name?: string; version?: string }): PromotionRecord {
  return {
    status: 'skipped', reason, target: formatTarget(target), name: model?.name ?? null, version: model?.version ?? null,
    previous: [], archived: [], verified: false, dry_run: false, tags: {}
  }
}

export interface Audit {
  readonly metrics: Readonly<Record<string, number>>
  readonly failedChecks: readonly string[]
  readonly context: RunContext
  readonly testSetSha256: string
}

function auditTags(passed: boolean, audit: Audit, previous: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = { 'model_gate.verdict': passed ? 'pass' : 'fail' }
  for (const [k, v] of Object.entries(audit.metrics)) tags[`model_gate.${k}`] = String(v)
  if (!passed) tags['model_gate.failed_checks'] = audit.failedChecks.join('; ').slice(0, 4000)
  if (audit.context.sha) tags['model_gate.commit'] = audit.context.sha
  if (audit.context.runUrl) tags['model_gate.run_url'] = audit.context.runUrl
  tags['model_gate.test_set_sha256'] = audit.testSetSha256
  tags['model_gate.previous_version'] = previous.length > 0 ? previous.join(',') : 'none'
  tags['model_gate.evaluated_at'] = new Date().toISOString()
  return tags
}

async function writeTags(client: RegistryClient, m: RegistryModel, tags: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(tags)) await client.setVersionTag(m.name, m.version, k, v)
}

/** What the registry holds now, as far as one promotion cares. */
export interface RegistryState {
  /** The evaluated version as the registry has it now; undefined when it was deleted. */
  readonly version: { readonly version: string; readonly stage: string; readonly promotedTo?: string } | undefined
  /** For a model evaluated through an alias: the version that alias points to now. */
  readonly refAlias: string | undefined
  /** Every version that holds the target now (ours included), in version order. */
  readonly holders: readonly string[]
}

export type Plan =
  | { readonly act: 'refuse'; readonly message: string }
  /** `completeAudit`: it holds the target but lacks its audit tags (an interrupted earlier run). */
  | { readonly act: 'noop'; readonly previous: readonly string[]; readonly completeAudit: boolean }
  | { readonly act: 'write'; readonly previous: readonly string[]; readonly archived: readonly string[] }

const byNumber = (a: string, b: string) => Number(a) - Number(b)

/** Reads the state a promotion decides on: our version, the evaluated alias, the target's holders. */
export async function readState(client: RegistryClient, m: RegistryModel, target: Target): Promise<RegistryState> {
  const now = await client.getVersion(m.name, m.version, 'model')
  const refAlias = m.ref.kind === 'alias' ? (await client.byAlias(m.name, m.ref.alias, 'model'))?.version : undefined
  let holders: string[]
  if (target.kind === 'alias') {
    const v = target.kind === m.ref.kind && m.ref.kind === 'alias' && m.ref.alias === target.alias ? refAlias : (await client.byAlias(m.name, target.alias, 'promote-to'))?.version
    holders = v === undefined ? [] : [v]
  } else {
    const all = await client.allVersions(m.name, 'promote-to')
    // our own stage comes from model-versions/get: a search page may be a moment older
    holders = all.filter((v) => (v.version === m.version ? now?.current_stage : v.current_stage) === target.stage).map((v) => v.version)
    if (now?.current_stage === target.stage && !holders.includes(m.version)) holders.push(m.version)
    holders.sort(byNumber)
  }
  const promotedTo = now?.tags?.find((t) => t.key === 'model_gate.promoted_to')?.value
  return { version: now && { version: now.version, stage: now.current_stage, promotedTo }, refAlias, holders }
}

/**
 * Decides a promotion from the state read just before it. Pure: the same state always gives the
 * same plan, so a re-run after a promotion that happened plans nothing.
 */
export function planPromotion(m: Pick<RegistryModel, 'name' | 'version' | 'ref'>, target: Target, archiveExisting: boolean, state: RegistryState): Plan {
  const what = `version ${m.version} of ${m.name}`
  if (!state.version) return { act: 'refuse', message: `model: ${what} was deleted after it was evaluated; nothing was promoted` }
  const atTarget = state.holders.includes(m.version)
  const previous = state.holders.filter((v) => v !== m.version)
  // Having reached the target since (an earlier run of this promotion) is not a change underneath.
  if (!atTarget && m.ref.kind === 'stage' && state.version.stage !== m.ref.stage) {
    return {
      act: 'refuse',
      message: `model: ${what} left ${m.ref.stage} (it is now ${state.version.stage}) after it was evaluated as ${formatRef(m.ref)}; nothing was promoted. Re-run to evaluate what ${m.ref.stage} holds now`
    }
  }
  if (!atTarget && m.ref.kind === 'alias' && state.refAlias !== m.version) {
    return {
      act: 'refuse',
      message: `model: @${m.ref.alias} moved from version ${m.version} to ${state.refAlias !== undefined ? `version ${state.refAlias}` : 'nothing'} after it was evaluated; nothing was promoted. Re-run to evaluate the version it points to now`
    }
  }
  const archived = target.kind === 'stage' && archiveExisting ? previous : []
  if (atTarget && archived.length === 0) return { act: 'noop', previous, completeAudit: state.version.promotedTo !== formatTarget(target) }
  return { act: 'write', previous, archived }
}

/** Whether the state read back after the write shows the promotion done; the problem otherwise. Pure. */
export function verifyPromotion(m: Pick<RegistryModel, 'name' | 'version'>, target: Target, archiveExisting: boolean, state: RegistryState): string | undefined {
  const others = state.holders.filter((v) => v !== m.version)
  if (target.kind === 'alias') {
    return state.holders.includes(m.version) ? undefined : `@${target.alias} points to version ${others.join(', ') || 'nothing'}`
  }
  const ok = state.version?.stage === target.stage && (!archiveExisting || others.length === 0)
  if (ok) return undefined
  const stage = state.version?.stage
  const elsewhere = others.length ? ` and version ${others.join(', ')} ${stage === target.stage ? 'also holds' : 'holds'} ${target.stage}` : ''
  return `version ${m.version} of ${m.name} is ${stage === undefined ? 'gone' : `in ${stage}`}${elsewhere}`
}

export async function tagRejected(client: RegistryClient, m: RegistryModel, target: Target, audit: Audit, dryRun: boolean, log: Logger): Promise<PromotionRecord> {
  const tags = auditTags(false, audit, [])
  delete tags['model_gate.previous_version']
  if (!dryRun) await writeTags(client, m, tags)
  log.info(`version ${m.version} of ${m.name} is not promoted: the gate failed${dryRun ? ' (dry run: no tags written)' : '; tagged model_gate.verdict=fail'}`)
  return {
    status: 'rejected', reason: 'the gate failed', target: formatTarget(target), name: m.name, version: m.version,
    previous: [], archived: [], verified: false, dry_run: dryRun, tags
  }
}

export async function promote(
  client: RegistryClient,
  m: RegistryModel,
  target: Target,
  options: { archiveExisting: boolean; dryRun: boolean },
  audit: Audit,
  log: Logger
): Promise<PromotionRecord> {
  const what = `version ${m.version} of ${m.name}`
  const targetName = formatTarget(target)
  // 1. Read, and decide: the version must still be what was evaluated.
  const plan = planPromotion(m, target, options.archiveExisting, await readState(client, m, target))
  if (plan.act === 'refuse') throw new RegistryError(plan.message, 'model')
  const archived = plan.act === 'write' ? plan.archived : []
  const tags = auditTags(true, audit, plan.previous)
  const record = (status: PromotionStatus, reason: string, verified: boolean, written: Record<string, string>): PromotionRecord => ({
    status, reason, target: targetName, name: m.name, version: m.version, previous: plan.previous, archived, verified, dry_run: options.dryRun, tags: written
  })

  // 2. Already there (a re-run): nothing to write.
  if (plan.act === 'noop') {
    if (!plan.completeAudit || options.dryRun) {
      log.info(`${what} already holds ${targetName}: nothing to do`)
      return record('already-promoted', `${what} already holds ${targetName}`, true, {})
    }
    // An earlier run moved it but stopped before its audit tags (or someone moved it by hand):
    // record the verdict. Which version held the target before, and when it moved, are no longer
    // known, so those tags are left out rather than guessed.
    const finish: Record<string, string> = { ...tags, 'model_gate.promoted_to': targetName }
    delete finish['model_gate.previous_version']
    await writeTags(client, m, finish)
    log.info(`${what} already holds ${targetName}; wrote the audit tags an earlier run did not`)
    return record('already-promoted', `${what} already holds ${targetName}`, true, finish)
  }
  if (options.dryRun) {
    log.info(`dry run: would move ${what} to ${targetName}${archived.length ? `, archiving version ${archived.join(', ')}` : ''}; the registry is unchanged`)
    return record('dry-run', 'dry-run is true', false, {})
  }

  // 3. Write the move. The audit tags follow it, so a refused or failed write leaves the registry
  // exactly as it was.
  let unanswered: RegistryUnreachable | undefined
  try {
    if (target.kind === 'stage') await client.transitionStage(m.name, m.version, target.stage, options.archiveExisting)
    else await client.setAlias(m.name, target.alias, m.version)
  } catch (e) {
    // No answer is not a refusal: the write may have landed. The read-back below tells. A 5xx
    // that outlasted the retries (a proxy, an overloaded server) counts as no answer too.
    const fivexx = e instanceof RegistryError && !(e instanceof RegistryUnreachable) ? /answered (5\d\d)/.exec(e.message) : null
    if (fivexx) unanswered = new RegistryUnreachable(e instanceof Error ? e.message : '', `answered ${fivexx[1]}`)
    else if (e instanceof RegistryUnreachable) unanswered = e
    else throw e
  }

  // 4. Read back and verify.
  let problem: string | undefined
  try {
    problem = verifyPromotion(m, target, options.archiveExisting, await readState(client, m, target))
  } catch (e) {
    if (unanswered) {
      throw new RegistryError(
        `promote-to: moving ${what} to ${targetName} got no answer (${unanswered.why}) and the registry cannot be read back (${(e as Error).message}); whether it moved is unknown: check the registry, then re-run (a promotion that happened is not repeated)`,
        'promote-to'
      )
    }
    if (!(e instanceof RegistryError)) throw e
    throw new RegistryError(
      `promote-to: moved ${what} to ${targetName}, but reading it back failed (${e.message}); it is not verified and carries no audit tags: check the registry, then re-run (a promotion that happened is verified, not repeated)`,
      'promote-to'
    )
  }
  if (problem && unanswered) {
    throw new RegistryError(
      `promote-to: moving ${what} to ${targetName} got no answer (${unanswered.why}); reading back shows ${problem}, so nothing was promoted. Re-run when the server answers`,
      'promote-to'
    )
  }
  if (problem) {
    throw new RegistryError(
      `promote-to: moved ${what} to ${targetName}, but reading back shows ${problem}; another promotion probably ran at the same time — check the registry and serialise promotions with a workflow concurrency group`,
      'promote-to'
    )
  }
  if (unanswered) log.info(`moving ${what} to ${targetName} got no answer (${unanswered.why}), but reading back shows it done`)
  const done = { ...tags, 'model_gate.promoted_to': targetName, 'model_gate.promoted_at': new Date().toISOString() }
  try {
    await writeTags(client, m, done)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new RegistryError(`promote-to: ${what} was promoted to ${targetName} and verified, but writing its audit tags failed (${why}); the promotion stands, add the tags by hand or re-run`, 'promote-to')
  }
  log.info(`promoted ${what} to ${targetName}${archived.length ? `, archived version ${archived.join(', ')}` : ''}; verified by reading back`)
  return record('promoted', 'the gate passed', true, done)
}
