/**
 * Special functions the customer-value models need: log-gamma (Lanczos),
 * the sign of Γ for negative arguments, log-beta, and the Gauss
 * hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1.
 *
 * ₂F₁ is summed as its power series while that converges quickly (z ≤ 0.9,
 * or when the series has few terms). Near 1 the series needs thousands of
 * terms and its terms can grow before they fall, so there it uses the
 * standard linear transformation z → 1 − z (Abramowitz & Stegun 15.3.6):
 *
 *   F(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) · F(a,b;a+b−c+1;1−z)
 *              + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) · F(c−a,c−b;c−a−b+1;1−z)
 *
 * which holds when c − a − b is not an integer; within 1e-5 of one, where
 * its two terms cancel, it is the mean of the values at c ± 0.0001 (the
 * first-order error cancels).
 */

const G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln |Γ(x)|; Infinity at 0 and the negative integers. */
export function lgamma(x: number): number {
  if (x < 0.5) {
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(s)) - lgamma(1 - x);
  }
  x -= 1;
  let a = LANCZOS[0];
  const t = x + G + 0.5;
  for (let i = 1; i < G + 2; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The sign of Γ(x): +1 for x > 0, alternating between the negative integers. */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** The power series of ₂F₁, summed until the terms stop mattering (or `maxTerms`). */
function series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (term === 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 4)) return sum;
    if (!Number.isFinite(sum)) return sum;
  }
  return sum;
}

/** Γ(p)Γ(q)/(Γ(r)Γ(s)) with signs, through log-gamma. */
function gammaRatio(p: number, q: number, r: number, s: number): number {
  // 1/Γ at a pole is 0.
  for (const v of [r, s]) if (v <= 0 && Number.isInteger(v)) return 0;
  const sign = gammaSign(p) * gammaSign(q) * gammaSign(r) * gammaSign(s);
  return sign * Math.exp(lgamma(p) + lgamma(q) - lgamma(r) - lgamma(s));
}

/**
 * ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c not zero or a negative integer.
 * Throws a RangeError outside that domain.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z = ${z} is outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a pole`);
  if (z === 0 || a === 0 || b === 0) return 1;
  // A terminating series (a or b a negative integer) is exact at any z.
  if ((a < 0 && Number.isInteger(a)) || (b < 0 && Number.isInteger(b))) return series(a, b, c, z, 1e6);
  if (z <= 0.9) return series(a, b, c, z, 100_000);
  const d = c - a - b;
  // Near an integer c − a − b the two terms below cancel: average c ± 1e-4 instead (error O(1e-8 · ln²(1 − z)) relative).
  if (Math.abs(d - Math.round(d)) < 1e-5) return (nearOne(a, b, c + 1e-4, z) + nearOne(a, b, c - 1e-4, z)) / 2;
  return nearOne(a, b, c, z);
}

/** ₂F₁ for z near 1 by the z → 1 − z transformation (c − a − b not an integer). */
function nearOne(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  const w = 1 - z;
  const first = gammaRatio(c, d, c - a, c - b) * series(a, b, 1 - d, w, 100_000);
  const second = Math.pow(w, d) * gammaRatio(c, -d, a, b) * series(c - a, c - b, d + 1, w, 100_000);
  return first + second;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence up to x ≥ 10, then the asymptotic series (error below 1e-13). */
export function digamma(x: number): number {
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return acc + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}
