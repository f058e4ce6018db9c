/**
 * Gamma-Gamma model of spend per transaction: Fader, Hardie & Lee (2005),
 * "RFM and CLV: using iso-value curves for customer base analysis", Journal
 * of Marketing Research 42(4):415–430, and Fader & Hardie, "The Gamma-Gamma
 * model of monetary value" (2013).
 *
 * A customer's transactions are Gamma(p, ν) with ν ~ Gamma(q, γ) across
 * customers. Fitted on customers with x ≥ 1 repeat transactions and their
 * mean repeat transaction value m̄ > 0 (the first purchase left out, as in
 * lifetimes). Log-likelihood of one customer:
 *   ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + γ)
 *
 * Expected average transaction value (conditional):
 *   E[M | x, m̄] = p(γ + x m̄) / (px + q − 1)      (x = 0: the population mean pγ/(q−1))
 * which needs q > 1 (otherwise the mean spend is infinite).
 *
 * Fitted by maximum likelihood over the log-parameters (Nelder–Mead from
 * three starts whose mean spend equals the data's); above 2,000 customers the
 * starts run on every k-th customer and the best is polished on all of them
 * by BFGS with the analytic gradient (`gammaGammaGradient`); standard errors
 * from the inverse of the Hessian (differences of that gradient).
 */
import { CrmError } from '../errors.js';
import { digamma, lgamma } from './special.js';
import { bfgs, hessianFromGradient, invert, minimize } from './optimize.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** One entry per repeat customer: repeat transactions x ≥ 1 and their mean value m > 0. */
export interface GammaGammaData {
  x: ArrayLike<number>;
  m: ArrayLike<number>;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  se: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  evals: number;
}

export const GG_MIN_CUSTOMERS = 10;
const LOG_BOUND = 12;
/** Above this many customers the search starts on every k-th one. */
const THIN_ABOVE = 2000;

export function gammaGammaLogLikelihood(g: GammaGammaParams, d: GammaGammaData): number {
  return prepare(d)(g);
}

/** What the likelihood needs that does not depend on the parameters: customers per x, Σ x ln m̄, Σ ln m̄. */
function summarise(d: GammaGammaData) {
  const n = d.x.length;
  const count = new Map<number, number>();
  let sxlm = 0;
  let slm = 0;
  for (let i = 0; i < n; i++) {
    const lm = Math.log(d.m[i]);
    sxlm += d.x[i] * lm;
    slm += lm;
    count.set(d.x[i], (count.get(d.x[i]) ?? 0) + 1);
  }
  return { n, count, sxlm, slm, xs: [...count.keys()], x: Float64Array.from(d.x), m: Float64Array.from(d.m) };
}

/**
 * The log-likelihood as a function of the parameters, with what does not
 * depend on them worked out once: ln Γ terms per distinct x, Σ x ln m̄ and
 * Σ ln m̄, so an evaluation costs one logarithm per customer.
 *   Σℓ = Σ_x n_x [ln Γ(px+q) − ln Γ(px) + px ln x] − N ln Γ(q) + N q ln γ + p Σ x ln m̄ − Σ ln m̄ − Σ (px+q) ln(x m̄ + γ)
 */
function prepare(d: GammaGammaData): (g: GammaGammaParams) => number {
  const { n, count, sxlm, slm, xs, x, m } = summarise(d);
  return ({ p, q, gamma }) => {
    if (!(p > 0 && q > 0 && gamma > 0)) return NaN;
    let ll = -n * lgamma(q) + n * q * Math.log(gamma) + p * sxlm - slm;
    for (const v of xs) ll += count.get(v)! * (lgamma(p * v + q) - lgamma(p * v) + p * v * Math.log(v));
    for (let i = 0; i < n; i++) ll -= (p * x[i] + q) * Math.log(x[i] * m[i] + gamma);
    return ll;
  };
}

/**
 * The log-likelihood and its gradient in (p, q, γ), with S₁ = Σ x ln m̄:
 *   ∂p = Σ_x n_x x (ψ(px+q) − ψ(px) + ln x) + S₁ − Σ x ln(x m̄ + γ)
 *   ∂q = Σ_x n_x ψ(px+q) − N ψ(q) + N ln γ − Σ ln(x m̄ + γ)
 *   ∂γ = N q/γ − Σ (px+q)/(x m̄ + γ)
 */
export function gammaGammaGradient(d: GammaGammaData): (g: GammaGammaParams) => [number, number[]] {
  const { n, count, sxlm, slm, xs, x, m } = summarise(d);
  return ({ p, q, gamma }) => {
    if (!(p > 0 && q > 0 && gamma > 0)) return [NaN, [NaN, NaN, NaN]];
    let ll = -n * lgamma(q) + n * q * Math.log(gamma) + p * sxlm - slm;
    let gp = sxlm;
    let gq = -n * digamma(q) + n * Math.log(gamma);
    let gg = (n * q) / gamma;
    for (const v of xs) {
      const c = count.get(v)!;
      ll += c * (lgamma(p * v + q) - lgamma(p * v) + p * v * Math.log(v));
      gp += c * v * (digamma(p * v + q) - digamma(p * v) + Math.log(v));
      gq += c * digamma(p * v + q);
    }
    for (let i = 0; i < n; i++) {
      const z = x[i] * m[i] + gamma;
      const lz = Math.log(z);
      const k = p * x[i] + q;
      ll -= k * lz;
      gp -= x[i] * lz;
      gq -= lz;
      gg -= k / z;
    }
    return [ll, [gp, gq, gg]];
  };
}

const toParams = (v: readonly number[]): GammaGammaParams => ({ p: v[0], q: v[1], gamma: v[2] });

export function fitGammaGamma(d: GammaGammaData): GammaGammaFit {
  const n = d.x.length;
  if (n < GG_MIN_CUSTOMERS) {
    throw new CrmError('model-fit', {
      model: { name: 'gamma-gamma', problem: 'too-few-repeat', count: n, needed: GG_MIN_CUSTOMERS },
    });
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d.m[i] / n;
  // E[M] = pγ/(q−1): each start has that mean equal to the data's.
  const starts = [
    [1, 2, mean],
    [5, 4, 3 * mean / 5],
    [20, 10, 9 * mean / 20],
  ].map((s) => s.map(Math.log));
  // Many customers: search on every k-th one first (counted k times), then polish on all of them.
  // The gradient on every customer: for the polish and the standard errors.
  const G = gammaGammaGradient(d);
  let best;
  if (n > THIN_ABOVE) {
    const k = Math.ceil(n / THIN_ABOVE);
    const sub = { x: [] as number[], m: [] as number[] };
    for (let i = 0; i < n; i += k) (sub.x.push(d.x[i]), sub.m.push(d.m[i]));
    const coarse = prepare(sub);
    const rough = minimize((v: number[]) => -k * coarse(toParams(v.map(Math.exp))), starts, { maxEvals: 3000, xtol: 1e-4, ftol: 1e-9 });
    // Polish on every customer with the gradient (BFGS over the log-parameters), starting from the inverse
    // Hessian of the thinned copy (× k, in log-parameters) so its first steps have the right length.
    const descent = (grad: typeof G, times: number) => (v: number[]): [number, number[]] => {
      const th = v.map(Math.exp);
      const [l, g] = grad(toParams(th));
      return [-times * l, g.map((gi, i) => -times * gi * th[i])];
    };
    const roughDescent = descent(gammaGammaGradient(sub), k);
    const start = invert(hessianFromGradient((v) => roughDescent(v)[1], rough.x));
    best = bfgs(descent(G, 1), rough.x, start ? { inverseHessian: start } : {});
    best.evals += rough.evals + 6;
  } else {
    const ll = prepare(d);
    best = minimize((v: number[]) => -ll(toParams(v.map(Math.exp))), starts, { maxEvals: 3000 });
  }
  const params = toParams(best.x.map(Math.exp));
  const degenerate = (why: string) =>
    new CrmError('model-fit', {
      model: { name: 'gamma-gamma', problem: 'degenerate', reason: why },
    });
  const off = best.x.findIndex((v) => !(Math.abs(v) < LOG_BOUND));
  if (off >= 0) throw degenerate(`${['p', 'q', 'gamma'][off]} = ${best.x.map(Math.exp)[off]}`);
  if (!(params.q > 1)) throw degenerate(`q = ${params.q} ≤ 1, so the mean spend is infinite`);
  const H = hessianFromGradient((v) => G(toParams(v))[1].map((g) => -g), [params.p, params.q, params.gamma]);
  const variances = invert(H)?.map((row, i) => row[i]);
  if (!variances || variances.some((v) => !(v > 0) || !Number.isFinite(v))) throw degenerate('the likelihood is flat or not at a maximum');
  return { params, se: toParams(variances.map(Math.sqrt)), logLikelihood: -best.value, customers: n, evals: best.evals };
}

/** E[M | x, m̄]: expected average transaction value; the population mean when x = 0. */
export function expectedAverageValue(g: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = g;
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
