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
 * Fitted by maximum likelihood over the log-parameters on data grouped by
 * distinct (x, t_x, T) with a count per group: BFGS with the analytic
 * gradient (`bgnbdGradient`) from three starts (Nelder–Mead if none of them
 * gets anywhere); above 2,000 groups the starts run on every k-th group
 * (counts × k) and the best is polished on all of them. Standard errors come from the inverse
 * of the Hessian of −ℓ in the natural parameters (central differences of that
 * gradient).
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
import { digamma, hyp2f1, lgamma } from './special.js';
import { bfgs, hessianFromGradient, invert, minimize, type MinimizeResult } from './optimize.js';

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
  /** Standard errors of r, α, a, b (inverse of the Hessian by differences of the gradient). */
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
const THIN_ABOVE = 2000;

/** Σ n·ℓ over the groups. NaN for parameters ≤ 0. */
export function bgnbdLogLikelihood(p: BgNbdParams, d: BgNbdData): number {
  return prepare(d)(p);
}

/**
 * The groups as typed arrays, with t_x and T as indexes into `t`, the distinct
 * times (so ln(α + t) is worked out once per distinct time, not per group).
 */
function indexGroups(d: BgNbdData) {
  const n = d.x.length;
  const at = new Map<number, number>();
  const times: number[] = [];
  const index = (v: number) => {
    let i = at.get(v);
    if (i === undefined) at.set(v, (i = times.push(v) - 1));
    return i;
  };
  const x = new Int32Array(n);
  const ti = new Int32Array(n);
  const Ti = new Int32Array(n);
  const w = new Float64Array(n);
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    x[i] = d.x[i];
    Ti[i] = index(d.T[i]);
    ti[i] = d.x[i] > 0 ? index(d.tx[i]) : 0;
    w[i] = d.n[i];
    if (x[i] > maxX) maxX = x[i];
  }
  return { n, x, ti, Ti, w, maxX, t: Float64Array.from(times) };
}

/**
 * The log-likelihood as a function of the parameters, with the data indexed
 * once: ln(α + t) is computed per distinct value of t_x and T (a few
 * thousand at most, however many customers), the ln Γ terms per distinct x.
 */
function prepare(d: BgNbdData): (p: BgNbdParams) => number {
  const { n, x, ti, Ti, w, maxX, t } = indexGroups(d);
  const lt = new Float64Array(t.length);
  const cx = new Float64Array(maxX + 1);
  const lnab = new Float64Array(maxX + 1);
  const seen = new Uint8Array(maxX + 1);
  return ({ r, alpha, a, b }) => {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
    const base = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
    const la = Math.log(a);
    for (let j = 0; j < t.length; j++) lt[j] = Math.log(alpha + t[j]);
    seen.fill(0);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      if (!seen[xi]) {
        seen[xi] = 1;
        cx[xi] = lgamma(r + xi) + lgamma(b + xi) - lgamma(a + b + xi);
        lnab[xi] = xi > 0 ? la - Math.log(b + xi - 1) : 0;
      }
      const lT = lt[Ti[i]];
      // A₃, and with x > 0 ln(e^A₃ + e^A₄) = A₃ + ln(1 + e^(A₄ − A₃))
      let l = -(r + xi) * lT;
      if (xi > 0) {
        const e = lnab[xi] + (r + xi) * (lT - lt[ti[i]]);
        l += e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
      }
      ll += w[i] * (base + cx[xi] + l);
    }
    return ll;
  };
}

/**
 * The log-likelihood and its gradient in (r, α, a, b), for the polish on
 * every group (BFGS). With σ = 1/(1 + e^(−e)), e = A₄ − A₃, per group:
 *   ∂r = −ψ(r) + ln α + ψ(r+x) − ln(α+T) + [x>0] σ (ln(α+T) − ln(α+t_x))
 *   ∂α = r/α − (r+x)/(α+T) + [x>0] σ (r+x) (1/(α+T) − 1/(α+t_x))
 *   ∂a = ψ(a+b) − ψ(a+b+x) + [x>0] σ/a
 *   ∂b = ψ(a+b) − ψ(b) + ψ(b+x) − ψ(a+b+x) − [x>0] σ/(b+x−1)
 */
export function bgnbdGradient(d: BgNbdData): (p: BgNbdParams) => [number, number[]] {
  const { n, x, ti, Ti, w, maxX, t } = indexGroups(d);
  // Weight per x, for the terms that depend on x alone.
  const W = new Float64Array(maxX + 1);
  for (let i = 0; i < n; i++) W[x[i]] += w[i];
  const total = W.reduce((s, v) => s + v, 0);
  const lt = new Float64Array(t.length);
  const it = new Float64Array(t.length);
  // ln(b + x − 1) per distinct x (worked out once per evaluation, not per group).
  const lbx = new Float64Array(maxX + 1);
  return ({ r, alpha, a, b }) => {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return [NaN, [NaN, NaN, NaN, NaN]];
    for (let j = 0; j < t.length; j++) {
      lt[j] = Math.log(alpha + t[j]);
      it[j] = 1 / (alpha + t[j]);
    }
    for (let v = 1; v <= maxX; v++) if (W[v]) lbx[v] = Math.log(b + v - 1);
    const la = Math.log(a);
    let ll = total * (-lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b));
    let gr = total * (-digamma(r) + Math.log(alpha));
    let ga = total * (r / alpha);
    let gA = total * digamma(a + b);
    let gb = total * (digamma(a + b) - digamma(b));
    for (let v = 0; v <= maxX; v++) {
      if (!W[v]) continue;
      ll += W[v] * (lgamma(r + v) + lgamma(b + v) - lgamma(a + b + v));
      gr += W[v] * digamma(r + v);
      gA -= W[v] * digamma(a + b + v);
      gb += W[v] * (digamma(b + v) - digamma(a + b + v));
    }
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const wi = w[i];
      const lT = lt[Ti[i]];
      const iT = it[Ti[i]];
      ll -= wi * (r + xi) * lT;
      gr -= wi * lT;
      ga -= wi * (r + xi) * iT;
      if (xi > 0) {
        const bx = b + xi - 1;
        const e = la - lbx[xi] + (r + xi) * (lT - lt[ti[i]]);
        const q = Math.exp(-Math.abs(e));
        ll += wi * (Math.max(e, 0) + Math.log1p(q));
        const sg = e > 0 ? 1 / (1 + q) : q / (1 + q);
        const ws = wi * sg;
        gr += ws * (lT - lt[ti[i]]);
        ga += ws * (r + xi) * (iT - it[ti[i]]);
        gA += ws / a;
        gb -= ws / bx;
      }
    }
    return [ll, [gr, ga, gA, gb]];
  };
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
    throw new CrmError('model-fit', {
      model: { name: 'bgnbd', problem: few ? 'too-few-customers' : 'too-few-repeat', count: few ? customers : repeat, needed: few ? BGNBD_MIN_CUSTOMERS : BGNBD_MIN_REPEAT } },
    );
  }
  if (!(sT > 0)) {
    throw new CrmError('model-fit', {
      model: { name: 'bgnbd', problem: 'no-first-purchase' },
    });
  }
  // Rate of repeat buying per unit of time: r/α starts near it.
  const rate = Math.max(sx / sT, 1e-6);
  const negLL = (data: BgNbdData) => {
    const ll = prepare(data);
    return (v: number[]) => -ll(toParams(v.map(Math.exp)));
  };
  const starts = [
    [0.3, 0.3 / rate, 1, 2],
    [1, 1 / rate, 0.5, 1],
    [3, 3 / rate, 2, 5],
  ].map((s) => s.map(Math.log));
  // BFGS over the log-parameters (∂/∂ln θ = θ ∂/∂θ) from each start; Nelder–Mead when none of them gets anywhere.
  const descend = (G: ReturnType<typeof bgnbdGradient>) => {
    return (v: number[]): [number, number[]] => {
      const th = v.map(Math.exp);
      const [ll, g] = G(toParams(th));
      return [-ll, g.map((gi, i) => -gi * th[i])];
    };
  };
  // Many groups: search on every k-th group first, then polish on all of them.
  const coarse = d.x.length > THIN_ABOVE ? thin(d, THIN_ABOVE) : d;
  // The gradient on every group, indexed once: for the polish and the standard errors.
  const G = bgnbdGradient(d);
  const fg = descend(coarse === d ? G : bgnbdGradient(coarse));
  let best: MinimizeResult | undefined;
  let evals = 0;
  for (const s of starts) {
    const r = bfgs(fg, s);
    evals += r.evals;
    if (Number.isFinite(r.value) && (!best || r.value < best.value)) best = r;
  }
  if (!best) best = minimize(negLL(coarse), starts, { maxEvals: 3000 });
  // The polish starts from the search's estimate of the inverse Hessian (the thinned copy's counts × k make it the same scale).
  if (coarse !== d) best = bfgs(descend(G), best.x, { inverseHessian: best.inverseHessian });
  best.evals += evals;
  const params = toParams(best.x.map(Math.exp));
  const degenerate = (why: string) =>
    new CrmError('model-fit', {
      model: { name: 'bgnbd', problem: 'degenerate', reason: why },
    });
  const off = best.x.findIndex((v) => !(Math.abs(v) < LOG_BOUND));
  if (off >= 0) throw degenerate(`${['r', 'alpha', 'a', 'b'][off]} = ${params[(['r', 'alpha', 'a', 'b'] as const)[off]]}`);
  const H = hessianFromGradient((v) => G(toParams(v))[1].map((g) => -g), [params.r, params.alpha, params.a, params.b]);
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
  return 1 / (1 + aliveOdds(p, x, tx, T));
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in the next `t` units of time. */
export function conditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedNumerator(p, t, x, T) / (1 + aliveOdds(p, x, tx, T));
}

/**
 * The numerator of E[Y(t) | x, t_x, T], which depends on x and T only:
 * (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)], z = t/(α+T+t).
 */
export function expectedNumerator(p: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const term = Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  return (c / (a - 1)) * (1 - term);
}

/** [x > 0] a/(b+x−1) · ((α+T)/(α+t_x))^(r+x): the odds that a customer has dropped out (P(alive) = 1/(1 + odds)). */
export function aliveOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  return x > 0 ? (p.a / (p.b + x - 1)) * Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx))) : 0;
}

/** E[X(t)]: expected repeat purchases of a new customer in `t` units of time after the first purchase (eq. 9). */
export function expectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(1 - z, r) * hyp2f1(r, b, a + b - 1, z));
}
