/**
 * A small derivative-free minimiser (Nelder–Mead) and a numerical Hessian,
 * for the maximum-likelihood fits of the customer-value models.
 *
 * - `nelderMead(f, x0)`: the standard simplex method (reflection 1,
 *   expansion 2, contraction ½, shrink ½; Lagarias et al. 1998), initial
 *   simplex x0 + step along each axis. Stops when the simplex's values differ
 *   by less than `ftol` (relative) and its points by less than `xtol`, or
 *   after `maxEvals`. A non-finite value counts as +∞ (a wall), so `f` may
 *   return NaN outside its domain.
 * - `minimize(f, starts)`: Nelder–Mead from each start, then restarted from
 *   the best point until a restart no longer improves it (a collapsed simplex
 *   can stop short of the optimum); returns the best.
 * - `hessian(f, x)`: central second differences with steps relative to |x|.
 * - `invert(m)`: Gauss–Jordan with partial pivoting; null when singular.
 */

export interface MinimizeResult {
  x: number[];
  value: number;
  evals: number;
  converged: boolean;
  /** BFGS: the final estimate of the inverse Hessian (a warm start for a polish of a similar function). */
  inverseHessian?: number[][];
}

export interface NelderMeadOptions {
  step?: number;
  ftol?: number;
  xtol?: number;
  maxEvals?: number;
}

export function nelderMead(f: (x: number[]) => number, x0: readonly number[], o: NelderMeadOptions = {}): MinimizeResult {
  const { step = 0.5, ftol = 1e-12, xtol = 1e-9, maxEvals = 4000 } = o;
  const n = x0.length;
  let evals = 0;
  const F = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    pts.push(p);
  }
  let vals = pts.map(F);
  let converged = false;
  const add = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));
  while (evals < maxEvals) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    const P = order.map((i) => pts[i]);
    const V = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...P);
    vals = V;
    const spreadF = Math.abs(vals[n] - vals[0]);
    let spreadX = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) spreadX = Math.max(spreadX, Math.abs(pts[i][j] - pts[0][j]));
    if (Number.isFinite(vals[n]) && spreadF <= ftol * (Math.abs(vals[0]) + 1e-300) && spreadX <= xtol) {
      converged = true;
      break;
    }
    const centroid = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const worst = pts[n];
    const xr = add(centroid, worst, -1);
    const fr = F(xr);
    if (fr < vals[0]) {
      const xe = add(centroid, worst, -2);
      const fe = F(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
      continue;
    }
    if (fr < vals[n - 1]) {
      pts[n] = xr;
      vals[n] = fr;
      continue;
    }
    // Contraction: outside when the reflection beat the worst, else inside.
    const outside = fr < vals[n];
    const xc = outside ? add(centroid, xr, 0.5) : add(centroid, worst, 0.5);
    const fc = F(xc);
    if (fc < (outside ? fr : vals[n])) {
      pts[n] = xc;
      vals[n] = fc;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      pts[i] = add(pts[0], pts[i], 0.5);
      vals[i] = F(pts[i]);
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  return { x: pts[best], value: vals[best], evals, converged };
}

/** Nelder–Mead from every start, then restarts from the best until no gain; the best result. */
export function minimize(f: (x: number[]) => number, starts: readonly (readonly number[])[], o: NelderMeadOptions = {}): MinimizeResult {
  let best: MinimizeResult | undefined;
  let evals = 0;
  for (const s of starts) {
    const r = nelderMead(f, s, o);
    evals += r.evals;
    if (!best || r.value < best.value) best = r;
  }
  if (!best) throw new RangeError('minimize: no starting point');
  for (let k = 0; k < 5; k++) {
    const r = nelderMead(f, best.x, { ...o, step: Math.min(o.step ?? 0.1, 0.1) });
    evals += r.evals;
    const gain = best.value - r.value;
    if (r.value <= best.value) best = r;
    if (!(gain > 1e-9 * (Math.abs(best.value) + 1))) break;
  }
  return { ...best, evals };
}

/** The matrix of second derivatives of `f` at `x` by central differences (steps 1e-4 · max(|xᵢ|, 1e-2)). */
export function hessian(f: (x: number[]) => number, x: readonly number[]): number[][] {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-2));
  const at = (di: number, si: number, dj: number, sj: number) => {
    const p = x.slice();
    p[di] += si * h[di];
    p[dj] += sj * h[dj];
    return f(p);
  };
  const f0 = f(x.slice());
  const H: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    const p = x.slice();
    p[i] += h[i];
    const fp = f(p);
    p[i] -= 2 * h[i];
    const fm = f(p);
    H[i][i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      H[i][j] = H[j][i] = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h[i] * h[j]);
    }
  }
  return H;
}

/** The inverse of a square matrix, or null when it is singular (or not finite). */
export function invert(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-300) || !Number.isFinite(a[p][c])) return null;
    [a[c], a[p]] = [a[p], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = a[r][c];
      if (k !== 0) for (let j = 0; j < 2 * n; j++) a[r][j] -= k * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * BFGS with a backtracking (Armijo) line search, for a function that gives
 * its gradient: `fg(x)` → [f, ∇f]. Stops when the largest gradient component
 * is below `gtol` · (|f| + 1), or a step changes no coordinate by more than
 * 1e-10, or after `maxIter` iterations. A non-finite value rejects the step.
 * `inverseHessian`: the estimate to start from (identity by default), e.g.
 * the one a search on a thinned copy of the data ended with, scaled to the
 * whole: the polish then takes its first steps at the right length.
 */
export function bfgs(fg: (x: number[]) => [number, number[]], x0: readonly number[], o: { gtol?: number; maxIter?: number; inverseHessian?: readonly (readonly number[])[] } = {}): MinimizeResult {
  const { gtol = 1e-9, maxIter = 200 } = o;
  const n = x0.length;
  let x = x0.slice();
  let [f, g] = fg(x);
  let evals = 1;
  // Inverse Hessian estimate, identity to start.
  let H: number[][] = o.inverseHessian
    ? o.inverseHessian.map((row) => row.slice())
    : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  let converged = false;
  for (let it = 0; it < maxIter && Number.isFinite(f); it++) {
    if (Math.max(...g.map(Math.abs)) <= gtol * (Math.abs(f) + 1)) {
      converged = true;
      break;
    }
    let d = H.map((row) => -dot(row, g));
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction: start again from steepest descent.
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      d = g.map((v) => -v);
      slope = dot(g, d);
    }
    let t = 1;
    // Keep the first trial step within 1 in log-parameter units.
    const big = Math.max(...d.map(Math.abs));
    if (big > 1) t = 1 / big;
    let xn: number[] = x;
    let fn = f;
    let gn = g;
    let ok = false;
    for (let k = 0; k < 40; k++) {
      xn = x.map((v, i) => v + t * d[i]);
      [fn, gn] = fg(xn);
      evals++;
      if (Number.isFinite(fn) && fn <= f + 1e-4 * t * slope) {
        ok = true;
        break;
      }
      t /= 2;
    }
    if (!ok) break;
    const s = xn.map((v, i) => v - x[i]);
    const y = gn.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    x = xn;
    f = fn;
    g = gn;
    if (Math.max(...s.map(Math.abs)) < 1e-10) {
      converged = true;
      break;
    }
    if (sy > 1e-12) {
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const Hy = H.map((row) => dot(row, y));
      const yHy = dot(y, Hy);
      H = H.map((row, i) => row.map((v, j) => v - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]));
    }
  }
  return { x, value: f, evals, converged, inverseHessian: H };
}

/** The Hessian from a gradient by central differences (steps 1e-5 · max(|xᵢ|, 1e-2)), symmetrised. */
export function hessianFromGradient(grad: (x: number[]) => number[], x: readonly number[]): number[][] {
  const n = x.length;
  const H: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    const h = 1e-5 * Math.max(Math.abs(x[i]), 1e-2);
    const p = x.slice();
    p[i] += h;
    const gp = grad(p);
    p[i] -= 2 * h;
    const gm = grad(p);
    for (let j = 0; j < n; j++) H[i][j] = (gp[j] - gm[j]) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
  return H;
}
