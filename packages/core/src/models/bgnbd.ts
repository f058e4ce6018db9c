/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat
 * buying: Fader, Hardie & Lee (2005), "Counting your customers the easy way:
 * an alternative to the Pareto/NBD model", Marketing Science 24(2):275–284.
 *
 * Per customer, over a calibration period: x = repeat purchase occasions
 * (purchases after the first, several on one day counting once), t_x = time
 * from the first to the last purchase, T = time from the first purchase to
 * the end of the period. While alive a customer buys at rate λ ~ Gamma(r, α);
 * after each repeat purchase they drop out with probability p ~ Beta(a, b).
 *
 * Log-likelihood of one customer (eq. 6 of the paper, in lifetimes' form):
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)
 *   A₃ = −(r+x) ln(α+T)
 *   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)        (x > 0 only)
 *   ℓ = A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄)
 *
 * Fitted by maximum likelihood over the log-parameters (Nelder–Mead from
 * several starts, optimize.ts) on data grouped by distinct (x, t_x, T) with
 * a count per group; above 4,000 groups the starts run on every k-th group
 * (counts × k) and the best is polished on all of them. Standard errors come from the inverse of the numerical
 * Hessian of −ℓ in the natural parameters.
 *
 * Per customer:
 *   P(alive | x, t_x, T) = 1 / (1 + [x > 0] a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))      (eq. 11 of the note)
 *   E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)]
 *                         / (1 + [x > 0] a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)),   z = t/(α+T+t)   (eq. 10)
 * The ₂F₁ term is evaluated through Euler's transformation
 *   (1−z)^(r+x) ₂F₁(r+x, b+x; c; z) = (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; c; z),
 * whose series terms fall instead of growing with x (special.ts handles z near 1).
 */
import { CrmError } from '../errors.js';
import { lgamma } from './special.js';
import { hyp2f1 } from './special.js';
import { hessian, invert, minimize } from './optimize.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Customers grouped by (x, t_x, T): `n[i]` customers share the i-th triple. x whole numbers ≥ 0, 0 ≤ t_x ≤ T. */
export interface BgNbdData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  n: ArrayLike<number>;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Standard errors of r, α, a, b (from the numerical Hessian). */
  se: BgNbdParams;
  logLikelihood: number;
  customers: number;
  /** Customers with x ≥ 1. */
  repeatCustomers: number;
  /** Distinct (x, t_x, T) triples the likelihood was summed over. */
  groups: number;
  evals: number;
}

/** Fewest customers and repeat customers a fit is tried on. */
export const BGNBD_MIN_CUSTOMERS = 30;
export const BGNBD_MIN_REPEAT = 10;
/** |ln θ| beyond this is a parameter running off to 0 or ∞: the data do not pin the model down. */
const LOG_BOUND = 12;
/** Above this many groups the search starts on a thinned copy (see `thin`). */
const THIN_ABOVE = 4000;

/** Σ n·ℓ over the groups. NaN for parameters ≤ 0. */
export function bgnbdLogLikelihood(p: BgNbdParams, d: BgNbdData): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
  const base = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
  const la = Math.log(a);
  // Terms that depend on x alone, once per distinct x (x is a whole number).
  const cxs: number[] = [];
  const lnab: number[] = [];
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i];
    let cx = cxs[x];
    if (cx === undefined) {
      cx = cxs[x] = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
      lnab[x] = x > 0 ? la - Math.log(b + x - 1) : 0;
    }
    const lT = Math.log(alpha + d.T[i]);
    // A₃, and with x > 0 ln(e^A₃ + e^A₄) = A₃ + ln(1 + e^(A₄ − A₃))
    let l = -(r + x) * lT;
    if (x > 0) {
      const e = lnab[x] + (r + x) * (lT - Math.log(alpha + d.tx[i]));
      l += e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    }
    ll += d.n[i] * (base + cx + l);
  }
  return ll;
}

/**
 * Every k-th group (k = ⌈groups / size⌉) with its count × k: a smaller
 * likelihood of about the same shape, for finding the optimum's
 * neighbourhood before polishing on every group.
 */
function thin(d: BgNbdData, size: number): BgNbdData {
  const k = Math.ceil(d.x.length / size);
  const out = { x: [] as number[], tx: [] as number[], T: [] as number[], n: [] as number[] };
  for (let i = 0; i < d.x.length; i += k) {
    out.x.push(d.x[i]);
    out.tx.push(d.tx[i]);
    out.T.push(d.T[i]);
    out.n.push(d.n[i] * k);
  }
  return out;
}

const toParams = (v: readonly number[]): BgNbdParams => ({ r: v[0], alpha: v[1], a: v[2], b: v[3] });

/** Maximum-likelihood fit; a CrmError `model-fit` when the data cannot support one. */
export function fitBgNbd(d: BgNbdData): BgNbdFit {
  let customers = 0;
  let repeat = 0;
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < d.x.length; i++) {
    customers += d.n[i];
    if (d.x[i] > 0) repeat += d.n[i];
    sx += d.n[i] * d.x[i];
    sT += d.n[i] * d.T[i];
  }
  if (customers < BGNBD_MIN_CUSTOMERS || repeat < BGNBD_MIN_REPEAT) {
    const few = customers < BGNBD_MIN_CUSTOMERS;
    throw new CrmError(
      'model-fit',
      few
        ? `The BG/NBD model needs at least ${BGNBD_MIN_CUSTOMERS} customers in the calibration period; there are ${customers}.`
        : `The BG/NBD model needs at least ${BGNBD_MIN_REPEAT} customers who bought again in the calibration period; there are ${repeat}.`,
      { model: { name: 'bgnbd', problem: few ? 'too-few-customers' : 'too-few-repeat', count: few ? customers : repeat, needed: few ? BGNBD_MIN_CUSTOMERS : BGNBD_MIN_REPEAT } },
    );
  }
  if (!(sT > 0)) {
    throw new CrmError('model-fit', 'The BG/NBD model needs customers whose first purchase is before the end of the calibration period.', {
      model: { name: 'bgnbd', problem: 'degenerate' },
    });
  }
  // Rate of repeat buying per unit of time: r/α starts near it.
  const rate = Math.max(sx / sT, 1e-6);
  const negLL = (data: BgNbdData) => (v: number[]) => -bgnbdLogLikelihood(toParams(v.map(Math.exp)), data);
  const starts = [
    [0.3, 0.3 / rate, 1, 2],
    [1, 1 / rate, 0.5, 1],
    [3, 3 / rate, 2, 5],
  ].map((s) => s.map(Math.log));
  // Many groups: search on every k-th group first, then polish on all of them.
  const coarse = d.x.length > THIN_ABOVE ? thin(d, THIN_ABOVE) : d;
  let best = minimize(negLL(coarse), starts, { maxEvals: 3000 });
  if (coarse !== d) {
    const evals = best.evals;
    best = minimize(negLL(d), [best.x], { step: 0.05, maxEvals: 3000 });
    best.evals += evals;
  }
  const params = toParams(best.x.map(Math.exp));
  const degenerate = (why: string) =>
    new CrmError('model-fit', `The BG/NBD fit did not settle on usable parameters (${why}): the data do not say enough about repeat buying and drop-out.`, {
      model: { name: 'bgnbd', problem: 'degenerate', reason: why },
    });
  const off = best.x.findIndex((v) => !(Math.abs(v) < LOG_BOUND));
  if (off >= 0) throw degenerate(`${['r', 'alpha', 'a', 'b'][off]} = ${params[(['r', 'alpha', 'a', 'b'] as const)[off]]}`);
  const H = hessian((v) => -bgnbdLogLikelihood(toParams(v), d), [params.r, params.alpha, params.a, params.b]);
  const cov = invert(H);
  const variances = cov?.map((row, i) => row[i]);
  if (!variances || variances.some((v) => !(v > 0) || !Number.isFinite(v))) throw degenerate('the likelihood is flat or not at a maximum');
  const sd = variances.map(Math.sqrt);
  return {
    params,
    se: toParams(sd),
    logLikelihood: -best.value,
    customers,
    repeatCustomers: repeat,
    groups: d.x.length,
    evals: best.evals,
  };
}

/** P(alive | x, t_x, T). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return 1 / (1 + (p.a / (p.b + x - 1)) * Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx))));
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in the next `t` units of time. */
export function conditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const term = Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  const top = (c / (a - 1)) * (1 - term);
  const odds = x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 0;
  return top / (1 + odds);
}

/** E[X(t)]: expected repeat purchases of a new customer in `t` units of time after the first purchase (eq. 9). */
export function expectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(1 - z, r) * hyp2f1(r, b, a + b - 1, z));
}
