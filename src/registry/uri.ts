/** Registry references: models:/ URIs, stage names and promotion targets. */
import { InputError } from '../errors.js'

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const
export type Stage = (typeof STAGES)[number]

export type ModelRef =
  | { readonly name: string; readonly kind: 'version'; readonly version: string }
  | { readonly name: string; readonly kind: 'stage'; readonly stage: Stage }
  | { readonly name: string; readonly kind: 'alias'; readonly alias: string }

/** Where a passing model goes: a stage, or an alias written `@champion`. */
export type Target = { readonly kind: 'stage'; readonly stage: Stage } | { readonly kind: 'alias'; readonly alias: string }

/** MLflow matches stage names case-insensitively; undefined when it is not a stage. */
export function canonicalStage(s: string): Stage | undefined {
  return STAGES.find((st) => st.toLowerCase() === s.trim().toLowerCase())
}

export function formatRef(ref: ModelRef): string {
  if (ref.kind === 'alias') return `models:/${ref.name}@${ref.alias}`
  return `models:/${ref.name}/${ref.kind === 'version' ? ref.version : ref.stage}`
}

export function formatTarget(t: Target): string {
  return t.kind === 'alias' ? `@${t.alias}` : t.stage
}

const ALIAS = /^[A-Za-z0-9_-]+$/

/** `models:/<name>/<version>`, `models:/<name>/<stage>`, `models:/<name>@<alias>`. */
export function parseModelUri(uri: string, input: string): ModelRef {
  const rest = uri.slice('models:/'.length)
  const fail = (why: string): never => {
    throw new InputError(
      `input '${input}' is '${uri}', ${why}; write models:/<name>/<version>, models:/<name>/<stage> (${STAGES.join(', ')}) or models:/<name>@<alias>`,
      input
    )
  }
  if (!uri.startsWith('models:/') || rest === '') fail('not a registry model URI')
  const at = rest.lastIndexOf('@')
  const slash = rest.lastIndexOf('/')
  if (at > 0 && at > slash) {
    const alias = rest.slice(at + 1)
    if (!ALIAS.test(alias)) fail(`whose alias '${alias}' has characters MLflow does not allow`)
    return { name: rest.slice(0, at), kind: 'alias', alias }
  }
  if (slash <= 0 || slash === rest.length - 1) fail('missing the version, stage or alias')
  const name = rest.slice(0, slash)
  const last = rest.slice(slash + 1)
  if (/^\d+$/.test(last)) return { name, kind: 'version', version: String(Number(last)) }
  const stage = canonicalStage(last)
  if (!stage) fail(`whose '${last}' is neither a version number nor a stage`)
  return { name, kind: 'stage', stage: stage! }
}

export function parseTarget(promoteTo: string): Target {
  const v = promoteTo.trim()
  if (v.startsWith('@')) {
    const alias = v.slice(1)
    if (!ALIAS.test(alias)) throw new InputError(`input 'promote-to' is '${promoteTo}': an alias has letters, digits, _ and - only, e.g. @champion`, 'promote-to')
    return { kind: 'alias', alias }
  }
  const stage = canonicalStage(v)
  if (!stage || stage === 'None' || stage === 'Archived') {
    throw new InputError(`input 'promote-to' is '${promoteTo}': use Staging, Production, or an alias written @name (e.g. @champion)`, 'promote-to')
  }
  return { kind: 'stage', stage }
}
