/** Paired comparison of two classifiers on the same test set: McNemar's exact test on per-sample correctness. */

export interface McNemar {
  /** Samples the model gets right and the baseline wrong. */
  readonly model_only: number
  /** Samples the baseline gets right and the model wrong. */
  readonly baseline_only: number
  /** Two-sided exact p-value: scipy.stats.binomtest(model_only, model_only + baseline_only, 0.5). */
  readonly p_value: number
}

// Lanczos approximation (g = 7, n = 9): log Γ to about 15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
]

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  x -= 1
  let a = LANCZOS[0]!
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed down from k so small tails keep full relative precision. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  let term = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) - n * Math.LN2)
  let sum = 0
  for (let i = k; i >= 0 && term > 0; i--) {
    sum += term
    if (term < sum * 1e-17) break
    term *= i / (n - i + 1)
  }
  return Math.min(1, sum)
}

/**
 * Two-sided exact binomial test of k successes in n at p = 1/2, as scipy.stats.binomtest: the
 * probability of every outcome no more likely than k. With p = 1/2 that is both tails.
 */
export function binomTestHalf(k: number, n: number): number {
  if (n === 0) return 1
  const low = Math.min(k, n - k)
  if (2 * low === n) return 1
  return Math.min(1, 2 * binomialHalfCdf(low, n))
}

export function mcnemarExact(labels: ArrayLike<number>, model: ArrayLike<number>, baseline: ArrayLike<number>): McNemar {
  let b = 0
  let c = 0
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!
    const m = model[i] === y
    const base = baseline[i] === y
    if (m && !base) b++
    else if (base && !m) c++
  }
  return { model_only: b, baseline_only: c, p_value: binomTestHalf(b, b + c) }
}
