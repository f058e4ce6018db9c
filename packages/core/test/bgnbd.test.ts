import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { refusal } from './refusal.js';
import { queryRows } from '../src/engine.js';
import { sql } from '../src/sql.js';
import { valueSummaryQuery, modelFit } from '../src/metrics/customer-value.js';
import { bgnbdGradient, bgnbdLogLikelihood, conditionalExpected, expectedPurchases, fitBgNbd, pAlive, type BgNbdParams } from '../src/models/bgnbd.js';
import { expectedAverageValue, fitGammaGamma, gammaGammaGradient, gammaGammaLogLikelihood } from '../src/models/gamma-gamma.js';
import { digamma, gammaSign, hyp2f1, lgamma } from '../src/models/special.js';
import { bfgs, hessian, hessianFromGradient, invert, minimize, nelderMead } from '../src/models/optimize.js';

const repo = (p: string) => new URL(`../../../${p}`, import.meta.url);

/** CDNOW_sample.txt: customer id, sample id, YYYYMMDD, cds, dollars (whitespace-separated). The sample id is the summary's ID. */
function cdnowSample() {
  return readFileSync(repo('datasets/cdnow/CDNOW_sample.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([, sample, date, cds, dollars]) => ({ customer_id: String(Number(sample)), order_date: date, quantity: Number(cds), amount: Number(dollars) }));
}

/** cdnow_customers_summary.csv: ID, frequency, recency (weeks), T (weeks), 2 decimals. */
function cdnowSummary() {
  return readFileSync(repo('datasets/cdnow/cdnow_customers_summary.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number))
    .map(([id, x, tx, T]) => ({ id: String(id), x, tx, T }));
}

describe('special functions', () => {
  it('log-gamma agrees with factorials and Γ(½) = √π, with signs below 0', () => {
    // Γ(n) = (n − 1)!: Γ(5) = 24, Γ(11) = 3 628 800
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // Γ(−½) = −2√π: |Γ| = 2√π, sign −1; Γ(−1.5) = 4√π/3, sign +1
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 12);
    expect(gammaSign(-0.5)).toBe(-1);
    expect(gammaSign(-1.5)).toBe(1);
    expect(lgamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - 0.5772156649 * 1e-8, 6);
  });

  it('₂F₁ matches closed forms, near z = 1 too (the z → 1 − z transformation)', () => {
    for (const z of [0.1, 0.5, 0.89, 0.91, 0.99, 0.999999]) {
      // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z (c − a − b = 0, an integer: the mean at c ± 0.0001 above 0.9)
      expect(hyp2f1(1, 1, 2, z) / (-Math.log(1 - z) / z)).toBeCloseTo(1, 5);
      // ₂F₁(a, b; b; z) = (1 − z)^(−a)
      expect(hyp2f1(0.3, 2.7, 2.7, z) / Math.pow(1 - z, -0.3)).toBeCloseTo(1, 9);
      // ₂F₁(½, ½; 3/2; s²) = arcsin(s)/s
      const s = Math.sqrt(z);
      expect(hyp2f1(0.5, 0.5, 1.5, z)).toBeCloseTo(Math.asin(s) / s, 9);
      // ₂F₁(a, 1−a; 3/2; sin²θ) = sin((2a−1)θ)/((2a−1) sin θ), a = 0.8: c − a − b = ½, non-integer
      const th = Math.asin(s);
      expect(hyp2f1(0.8, 0.2, 1.5, z)).toBeCloseTo(Math.sin(0.6 * th) / (0.6 * Math.sin(th)), 9);
    }
    // a terminating series: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    expect(hyp2f1(-2, 3, 4, 0.95)).toBeCloseTo(1 - (2 * 3 * 0.95) / 4 + (3 * 4 * 0.95 ** 2) / (4 * 5), 12);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('digamma and the likelihood gradients', () => {
  it('ψ matches known values', () => {
    // ψ(1) = −γ (Euler–Mascheroni), ψ(½) = −γ − 2 ln 2, ψ(x + 1) = ψ(x) + 1/x
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 12);
    expect(digamma(3.7) - digamma(2.7)).toBeCloseTo(1 / 2.7, 12);
    // ψ(0.01) = ψ(1.01) − 100, ψ(1 + ε) = −γ + ζ(2)ε − ζ(3)ε² + ζ(4)ε³ − ζ(5)ε⁴ …
    const eps = 0.01;
    const series = -0.5772156649015329 + 1.6449340668482264 * eps - 1.2020569031595942 * eps ** 2 + 1.0823232337111382 * eps ** 3 - 1.0369277551433699 * eps ** 4;
    expect(digamma(0.01)).toBeCloseTo(series - 100, 9);
  });

  it('the BG/NBD and Gamma-Gamma gradients are the derivatives of their likelihoods (central differences)', () => {
    const csv = cdnowSummary();
    const d = { x: csv.map((c) => c.x), tx: csv.map((c) => c.tx), T: csv.map((c) => c.T), n: csv.map(() => 1) };
    const p = [0.3, 5, 0.7, 2.2];
    const [ll, g] = bgnbdGradient(d)({ r: p[0], alpha: p[1], a: p[2], b: p[3] });
    const L = (v: number[]) => bgnbdLogLikelihood({ r: v[0], alpha: v[1], a: v[2], b: v[3] }, d);
    expect(ll).toBeCloseTo(L(p), 8);
    p.forEach((v, i) => {
      const h = 1e-6 * v;
      const up = p.slice(), dn = p.slice();
      up[i] += h;
      dn[i] -= h;
      expect(g[i] / ((L(up) - L(dn)) / (2 * h))).toBeCloseTo(1, 5);
    });
    const gd = { x: [1, 2, 2, 5, 3], m: [10, 25.5, 31, 12, 48] };
    const q = [3, 2.5, 20];
    const [gl, gg] = gammaGammaGradient(gd)({ p: q[0], q: q[1], gamma: q[2] });
    const G = (v: number[]) => gammaGammaLogLikelihood({ p: v[0], q: v[1], gamma: v[2] }, gd);
    expect(gl).toBeCloseTo(G(q), 10);
    q.forEach((v, i) => {
      const h = 1e-6 * v;
      const up = q.slice(), dn = q.slice();
      up[i] += h;
      dn[i] -= h;
      expect(gg[i] / ((G(up) - G(dn)) / (2 * h))).toBeCloseTo(1, 5);
    });
  });

  it('the thinned search polished by BFGS lands where Nelder–Mead on every group does', () => {
    // the CDNOW summary has 2,357 groups: above 2,000, so fitBgNbd searches on every 2nd group and polishes
    const csv = cdnowSummary();
    const d = { x: csv.map((c) => c.x), tx: csv.map((c) => c.tx), T: csv.map((c) => c.T), n: csv.map(() => 1) };
    const fast = fitBgNbd(d);
    const full = minimize((v) => -bgnbdLogLikelihood({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) }, d), [[0, 0, 0, 0]]);
    const slow = full.x.map(Math.exp);
    [fast.params.r, fast.params.alpha, fast.params.a, fast.params.b].forEach((v, i) => expect(v / slow[i]).toBeCloseTo(1, 5));
    expect(fast.logLikelihood).toBeCloseTo(-full.value, 5);
  });
});

describe('optimiser', () => {
  it('finds the Rosenbrock minimum at (1, 1) and its Hessian [[802, −400], [−400, 200]]', () => {
    const rosen = (v: number[]) => 100 * (v[1] - v[0] ** 2) ** 2 + (1 - v[0]) ** 2;
    const r = minimize(rosen, [[-1.2, 1], [2, 2]]);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    // ∂²/∂x² = 1200x² − 400y + 2 = 802, ∂²/∂x∂y = −400x = −400, ∂²/∂y² = 200 at (1, 1)
    const H = hessian(rosen, [1, 1]);
    expect(H[0][0]).toBeCloseTo(802, 2);
    expect(H[0][1]).toBeCloseTo(-400, 2);
    expect(H[1][1]).toBeCloseTo(200, 2);
    // inverse of [[802, −400], [−400, 200]]: det = 160 400 − 160 000 = 400 → [[0.5, 1], [1, 2.005]]
    const inv = invert([[802, -400], [-400, 200]])!;
    expect(inv[0][0]).toBeCloseTo(0.5, 12);
    expect(inv[0][1]).toBeCloseTo(1, 12);
    expect(inv[1][1]).toBeCloseTo(2.005, 12);
    expect(invert([[1, 2], [2, 4]])).toBeNull();
  });

  it('BFGS with the gradient finds the Rosenbrock minimum, and the Hessian from that gradient matches', () => {
    const fg = (v: number[]): [number, number[]] => [
      100 * (v[1] - v[0] ** 2) ** 2 + (1 - v[0]) ** 2,
      [-400 * v[0] * (v[1] - v[0] ** 2) - 2 * (1 - v[0]), 200 * (v[1] - v[0] ** 2)],
    ];
    const r = bfgs(fg, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    const H = hessianFromGradient((v) => fg(v)[1], [1, 1]);
    expect(H[0][0]).toBeCloseTo(802, 3);
    expect(H[0][1]).toBeCloseTo(-400, 3);
    expect(H[1][1]).toBeCloseTo(200, 3);
  });

  it('treats NaN as a wall', () => {
    // minimum of (x − 2)² on x > 0, NaN elsewhere, from x = 0.1
    const r = nelderMead((v) => (v[0] > 0 ? (v[0] - 2) ** 2 : NaN), [0.1]);
    expect(r.x[0]).toBeCloseTo(2, 6);
  });
});

describe('BG/NBD and Gamma-Gamma on the CDNOW sample (the published figures)', () => {
  it('the summary built by the engine from the transactions is cdnow_customers_summary.csv', async () => {
    const ds = await dataset(cdnowSample());
    const rows = await queryRows<{ customer_id: string; x: number; tx_days: number; t_days: number }>(
      ds.engine,
      sql`SELECT customer_id, x, tx_days, t_days FROM (${valueSummaryQuery(ds, '1997-09-30')}) ORDER BY CAST(customer_id AS INTEGER)`,
    );
    const csv = cdnowSummary();
    expect(rows.length).toBe(2357);
    expect(rows.map((r) => r.customer_id)).toEqual(csv.map((c) => c.id));
    // weeks = days ÷ 7, rounded to 2 decimals as the CSV is; x the repeat purchase days
    expect(rows.map((r) => [r.x, Number((r.tx_days / 7).toFixed(2)), Number((r.t_days / 7).toFixed(2))])).toEqual(csv.map((c) => [c.x, c.tx, c.T]));
    // customer 1: days 1997-01-01, 01-18, 08-02, 12-12 → 2 repeat days before 10-01;
    // t_x = 213 days = 30.43 weeks, T = 272 days = 38.86 weeks (the paper's example customer)
    expect(rows[0]).toEqual({ customer_id: '1', x: 2, tx_days: 213, t_days: 272 });
  });

  it('fits r = 0.243, α = 4.414, a = 0.793, b = 2.426 (LL −9582.4), E[Y(39) | 2, 30.43, 38.86] = 1.226, p = 6.25, q = 3.74, γ = 15.44', async () => {
    const ds = await dataset(cdnowSample());
    const fit = await modelFit(ds, '1997-09-30', 'weeks');
    const { r, alpha, a, b } = fit.bgnbd.params;
    // Fader, Hardie & Lee (2005), table 1 / section 5
    expect(r.toFixed(3)).toBe('0.243');
    expect(alpha.toFixed(3)).toBe('4.414');
    expect(a.toFixed(3)).toBe('0.793');
    expect(b.toFixed(3)).toBe('2.426');
    expect(fit.bgnbd.logLikelihood.toFixed(1)).toBe('-9582.4');
    expect(fit.bgnbd.customers).toBe(2357);
    expect(fit.bgnbd.repeatCustomers).toBe(946);
    // the paper's worked example (section 5): 1.226 expected purchases in weeks 40–78
    expect(conditionalExpected(fit.bgnbd.params, 39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
    // Fader & Hardie, "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat customers
    const g = fit.gammaGamma;
    expect(g.customers).toBe(946);
    expect(g.params.p.toFixed(2)).toBe('6.25');
    expect(g.params.q.toFixed(2)).toBe('3.74');
    expect(g.params.gamma.toFixed(2)).toBe('15.44');
    // standard errors (lifetimes reports 0.0126, 0.378, 0.186, 0.705 for the same fit)
    expect(fit.bgnbd.se.r).toBeCloseTo(0.0126, 3);
    expect(fit.bgnbd.se.alpha).toBeCloseTo(0.378, 2);
    expect(fit.bgnbd.se.a).toBeCloseTo(0.186, 2);
    expect(fit.bgnbd.se.b).toBeCloseTo(0.705, 2);
  });

  it('P(alive), E[X(t)] and E[M] follow their formulas at the published parameters', () => {
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    // x = 2, t_x = 30.43, T = 38.86: 1 / (1 + 0.793/3.426 · (43.274/34.844)^2.243)
    //   = 1 / (1 + 0.231465 · 1.241936^2.243 = 0.231465 · 1.62578 = 0.376312) = 0.726578
    expect(pAlive(p, 2, 30.43, 38.86)).toBeCloseTo(0.726578, 5);
    expect(pAlive(p, 0, 0, 38.86)).toBe(1);
    // E[X(t)] for a new customer is E[Y(t) | x = 0, t_x = 0, T = 0]: the direct ₂F₁(r, b; a+b−1; z) form
    // of one and the Euler-transformed form of the other must agree
    for (const t of [1, 39, 78, 520]) expect(expectedPurchases(p, t)).toBeCloseTo(conditionalExpected(p, t, 0, 0, 0), 9);
    expect(expectedPurchases(p, 1e-6)).toBeCloseTo(0, 5);
    // E[M | x, m̄] = p(γ + x m̄)/(px + q − 1): 6.25 (15.44 + 2·40)/(12.5 + 2.74) = 596.5/15.24 = 39.1404…
    expect(expectedAverageValue({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 40)).toBeCloseTo(596.5 / 15.24, 10);
    // x = 0: pγ/(q − 1) = 96.5/2.74
    expect(expectedAverageValue({ p: 6.25, q: 3.74, gamma: 15.44 }, 0, 0)).toBeCloseTo(96.5 / 2.74, 10);
  });

  it('grouping customers by (x, t_x, T) leaves the likelihood unchanged', () => {
    const csv = cdnowSummary();
    const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const one = bgnbdLogLikelihood(p, { x: csv.map((c) => c.x), tx: csv.map((c) => c.tx), T: csv.map((c) => c.T), n: csv.map(() => 1) });
    const g = new Map<string, number>();
    for (const c of csv) g.set(`${c.x},${c.tx},${c.T}`, (g.get(`${c.x},${c.tx},${c.T}`) ?? 0) + 1);
    const keys = [...g.keys()].map((k) => k.split(',').map(Number));
    expect(keys.length).toBeLessThan(csv.length);
    const grouped = bgnbdLogLikelihood(p, { x: keys.map((k) => k[0]), tx: keys.map((k) => k[1]), T: keys.map((k) => k[2]), n: [...g.values()] });
    expect(grouped).toBeCloseTo(one, 6);
  });
});

/** sfc32: a small seeded generator (the same one datasets/generate.ts uses). */
function sfc32(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Gamma(shape, rate) by Marsaglia & Tsang (shape < 1 through U^(1/shape)). */
function gammaDraw(u: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(u, shape + 1, rate) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      // Box–Muller normal
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

describe('simulation recovery', () => {
  it('recovers BG/NBD parameters drawn from (r 0.25, α 4, a 0.8, b 2.5) within two standard errors', () => {
    // The model's own story (as lifetimes simulates it): λ ~ Gamma(r, α), p ~ Beta(a, b); repeat
    // purchases at exponential gaps while T lasts; after each one the customer leaves with probability p.
    const truth: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    const u = sfc32(20051);
    const n = 6000;
    const x: number[] = [], tx: number[] = [], T: number[] = [];
    for (let i = 0; i < n; i++) {
      const lambda = gammaDraw(u, truth.r, truth.alpha);
      const g1 = gammaDraw(u, truth.a, 1);
      const p = g1 / (g1 + gammaDraw(u, truth.b, 1));
      const age = 26 + 13 * u(); // first purchases spread over a quarter, 39 weeks' horizon
      let t = 0, k = 0, last = 0;
      for (;;) {
        t += -Math.log(1 - u()) / lambda;
        if (t >= age) break;
        k++;
        last = t;
        if (u() < p) break;
      }
      x.push(k);
      tx.push(last);
      T.push(age);
    }
    const fit = fitBgNbd({ x, tx, T, n: x.map(() => 1) });
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[k] - truth[k]), `${k} = ${fit.params[k]} ± ${fit.se[k]}`).toBeLessThan(2 * fit.se[k]);
    }
  });

  it('recovers Gamma-Gamma parameters (p 6, q 4, γ 15) within two standard errors', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const u = sfc32(2);
    const x: number[] = [], m: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const nu = gammaDraw(u, truth.q, truth.gamma);
      const k = 1 + Math.floor(u() * 6);
      let s = 0;
      for (let j = 0; j < k; j++) s += gammaDraw(u, truth.p, nu);
      x.push(k);
      m.push(s / k);
    }
    const fit = fitGammaGamma({ x, m });
    for (const k of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit.params[k] - truth[k]), `${k} = ${fit.params[k]} ± ${fit.se[k]}`).toBeLessThan(2 * fit.se[k]);
    }
  });
});

describe('thin data', () => {
  it('refuses too few customers and too few repeat customers, with the counts', () => {
    const few = refusal(() => fitBgNbd({ x: [1, 0, 2], tx: [3, 0, 5], T: [10, 10, 10], n: [5, 10, 5] }));
    expect([few.code, few.detail.model]).toEqual(['model-fit', { name: 'bgnbd', problem: 'too-few-customers', count: 20, needed: 30 }]);
    const norepeat = refusal(() => fitBgNbd({ x: [0, 1], tx: [0, 2], T: [10, 10], n: [100, 3] }));
    expect(norepeat.detail.model).toEqual({ name: 'bgnbd', problem: 'too-few-repeat', count: 3, needed: 10 });
    expect(norepeat.message).toBe('The BG/NBD model needs at least 10 customers who bought again in the calibration period; there are 3.');
    const gg = refusal(() => fitGammaGamma({ x: [1, 2], m: [10, 20] }));
    expect(gg.detail.model).toEqual({ name: 'gamma-gamma', problem: 'too-few-repeat', count: 2, needed: 10 });
  });

  it('calls an optimum that runs off to the edge degenerate', () => {
    // every customer buys again at the same steady rate and nobody ever leaves: b → ∞ (no drop-out)
    const n = 200;
    const e = refusal(() => fitBgNbd({ x: Array(n).fill(10), tx: Array(n).fill(39), T: Array(n).fill(39), n: Array(n).fill(1) }));
    expect(e.code).toBe('model-fit');
    expect(e.detail.model?.problem).toBe('degenerate');
    // identical repeat values for everyone: no spread between customers, ν pinned → q, γ → ∞
    const g = refusal(() => fitGammaGamma({ x: Array(50).fill(2), m: Array(50).fill(20) }));
    expect(g.detail.model?.problem).toBe('degenerate');
  });
});
