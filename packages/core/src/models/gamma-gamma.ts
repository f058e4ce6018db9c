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
 */
import { CrmError } from '../errors.js';
import { lgamma } from './special.js';
import { hessian, invert, minimize } from './optimize.js';

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

export function gammaGammaLogLikelihood(g: GammaGammaParams, d: GammaGammaData): number {
  const { p, q, gamma } = g;
  if (!(p > 0 && q > 0 && gamma > 0)) return NaN;
  const c = -lgamma(q) + q * Math.log(gamma);
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i];
    const m = d.m[i];
    const px = p * x;
    ll += lgamma(px + q) - lgamma(px) + c + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + gamma);
  }
  return ll;
}

const toParams = (v: readonly number[]): GammaGammaParams => ({ p: v[0], q: v[1], gamma: v[2] });

export function fitGammaGamma(d: GammaGammaData): GammaGammaFit {
  const n = d.x.length;
  if (n < GG_MIN_CUSTOMERS) {
    throw new CrmError('model-fit', `The Gamma-Gamma spend model needs at least ${GG_MIN_CUSTOMERS} customers who bought again (with a positive average repeat purchase); there are ${n}.`, {
      model: { name: 'gamma-gamma', problem: 'too-few-repeat', count: n, needed: GG_MIN_CUSTOMERS },
    });
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d.m[i] / n;
  const negLL = (v: number[]) => -gammaGammaLogLikelihood(toParams(v.map(Math.exp)), d);
  // E[M] = pγ/(q−1): each start has that mean equal to the data's.
  const starts = [
    [1, 2, mean],
    [5, 4, 3 * mean / 5],
    [20, 10, 9 * mean / 20],
  ].map((s) => s.map(Math.log));
  const best = minimize(negLL, starts, { maxEvals: 3000 });
  const params = toParams(best.x.map(Math.exp));
  const degenerate = (why: string) =>
    new CrmError('model-fit', `The Gamma-Gamma fit did not settle on usable parameters (${why}): repeat purchase values vary too little or too wildly between customers.`, {
      model: { name: 'gamma-gamma', problem: 'degenerate', reason: why },
    });
  const off = best.x.findIndex((v) => !(Math.abs(v) < LOG_BOUND));
  if (off >= 0) throw degenerate(`${['p', 'q', 'gamma'][off]} = ${best.x.map(Math.exp)[off]}`);
  if (!(params.q > 1)) throw degenerate(`q = ${params.q} ≤ 1, so the mean spend is infinite`);
  const H = hessian((v) => -gammaGammaLogLikelihood(toParams(v), d), [params.p, params.q, params.gamma]);
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
