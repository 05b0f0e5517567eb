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

/** Versions other than ours that hold the target now. */
async function holders(client: RegistryClient, m: RegistryModel, target: Target): Promise<string[]> {
  if (target.kind === 'alias') {
    const v = await client.byAlias(m.name, target.alias, 'promote-to')
    return v && v.version !== m.version ? [v.version] : []
  }
  const all = await client.allVersions(m.name, 'promote-to')
  return all.filter((v) => v.current_stage === target.stage && v.version !== m.version).map((v) => v.version).sort((a, b) => Number(a) - Number(b))
}

async function atTargetNow(client: RegistryClient, m: RegistryModel, target: Target): Promise<boolean> {
  if (target.kind === 'alias') return (await client.byAlias(m.name, target.alias, 'promote-to'))?.version === m.version
  return (await client.getVersion(m.name, m.version, 'promote-to'))?.current_stage === target.stage
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
  // 1. Read: the version must still be what was evaluated.
  const now = await client.getVersion(m.name, m.version, 'model')
  if (!now) throw new RegistryError(`model: ${what} was deleted after it was evaluated; nothing was promoted`, 'model')
  const atTarget = async () => (target.kind === 'stage' ? now.current_stage === target.stage : (await client.byAlias(m.name, target.alias, 'promote-to'))?.version === m.version)
  if (m.ref.kind === 'stage' && now.current_stage !== m.ref.stage && !(await atTarget())) {
    throw new RegistryError(
      `model: ${what} left ${m.ref.stage} (it is now ${now.current_stage}) after it was evaluated as ${formatRef(m.ref)}; nothing was promoted. Re-run to evaluate what ${m.ref.stage} holds now`,
      'model'
    )
  }
  if (m.ref.kind === 'alias') {
    const holder = await client.byAlias(m.name, m.ref.alias, 'model')
    if (holder?.version !== m.version && !(await atTarget())) {
      throw new RegistryError(
        `model: @${m.ref.alias} moved from version ${m.version} to ${holder ? `version ${holder.version}` : 'nothing'} after it was evaluated; nothing was promoted. Re-run to evaluate the version it points to now`,
        'model'
      )
    }
  }
  const previous = await holders(client, m, target)
  const archived = target.kind === 'stage' && options.archiveExisting ? previous : []
  const tags = auditTags(true, audit, previous)
  const record = (status: PromotionStatus, reason: string, verified: boolean, written: Record<string, string>): PromotionRecord => ({
    status, reason, target: targetName, name: m.name, version: m.version, previous, archived, verified, dry_run: options.dryRun, tags: written
  })

  // 2. Already there (a re-run): nothing to write.
  if ((await atTarget()) && (target.kind === 'alias' || archived.length === 0)) {
    log.info(`${what} already holds ${targetName}: nothing to do`)
    return record('already-promoted', `${what} already holds ${targetName}`, true, {})
  }
  if (options.dryRun) {
    log.info(`dry run: would move ${what} to ${targetName}${archived.length ? `, archiving version ${archived.join(', ')}` : ''}; the registry is unchanged`)
    return record('dry-run', 'dry-run is true', false, {})
  }

  // 3. Write the move. The audit tags follow it, so a refused or failed write leaves the registry
  // exactly as it was.
  try {
    if (target.kind === 'stage') await client.transitionStage(m.name, m.version, target.stage, options.archiveExisting)
    else await client.setAlias(m.name, target.alias, m.version)
  } catch (e) {
    // The answer can be lost after the server applied the write (a timeout, a 5xx from a proxy):
    // the read-back below decides. Only when it did not land is the error the outcome.
    if (!(e instanceof RegistryError) || !(await atTargetNow(client, m, target))) throw e
    log.warning(`the registry's answer to the promotion was lost (${e.message.split(';')[0]}), but reading back shows it landed`)
  }

  // 4. Read back and verify.
  const after = await client.getVersion(m.name, m.version, 'promote-to')
  const still = await holders(client, m, target)
  const ok = target.kind === 'stage' ? after?.current_stage === target.stage && (!options.archiveExisting || still.length === 0) : still.length === 0 && (await client.byAlias(m.name, target.alias, 'promote-to'))?.version === m.version
  if (!ok) {
    const seen = target.kind === 'stage' ? `${what} is in ${after?.current_stage ?? 'nothing'}${still.length ? ` and version ${still.join(', ')} also holds ${target.stage}` : ''}` : `@${target.alias} points to version ${still.join(', ') || 'nothing'}`
    throw new RegistryError(
      `promote-to: moved ${what} to ${targetName}, but reading back shows ${seen}; another promotion probably ran at the same time — check the registry and serialise promotions with a workflow concurrency group`,
      'promote-to'
    )
  }
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
