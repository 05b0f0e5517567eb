/**
 * One rounding for prose and tables: 4 decimals, with 4 significant digits for magnitudes below
 * 1e-4 so that a small number never reads as 0. Full precision stays in metrics.json and outputs.
 */
export function round4(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  // whole numbers above 1 are counts (support, samples); 0 and 1 are scores and keep 4 decimals
  if (Number.isInteger(v) && Math.abs(v) > 1) return String(v)
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toPrecision(4).replace('-', '−')
  return v.toFixed(4).replace('-', '−')
}

/** A signed change: +0.0123 or −0.0123. */
export function signed4(v: number): string {
  if (v === 0) return '±0'
  return v > 0 ? `+${round4(v)}` : `−${round4(-v)}`
}

/** A p-value: 4 decimals, or scientific notation below 1e-4. */
export function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4)
}

/** Which inputs were fed from what, for models fed by name (several inputs, integer inputs); undefined otherwise. */
export function inputsLine(inputs: readonly { name: string; source: string; dtype: string; data_dtype?: string; shape: readonly (number | string)[] }[] | undefined): string | undefined {
  if (!inputs || !inputs.some((i) => i.data_dtype !== undefined)) return undefined
  const fed = inputs.map((i) => `\`${escapeInline(i.name)}\` (${i.dtype}) ← \`${escapeInline(i.source)}\` (${i.data_dtype ?? '?'} [${i.shape.join(', ')}])`)
  return `Inputs: ${fed.join('; ')}.`
}

function escapeInline(s: string): string {
  return s.replace(/[`|\r\n]/g, ' ')
}
