/**
 * The four analyses written by hand in plain TypeScript over arrays: the
 * baseline a developer would write without a query engine. Each follows the
 * definitions documented in packages/core/src/metrics/*.ts with their default
 * options, so its numbers can be checked against crmkit's SQL:
 *
 * - per-customer table: orders = distinct order_id, revenue = Σ amount,
 *   cost = Σ cost, profit = revenue − cost, first / last order day; as-of =
 *   the day after the last order (model.ts);
 * - segment pyramid by revenue, tiers "diamond:5,gold:15,regular" by share of
 *   customers: k = #{value ≥ v} in the first tier with k ≤ ⌈B · n⌉ (B · n to 9
 *   decimals, the Pareto top-cut rule), value ≤ 0 → last tier (segment-pyramid.ts);
 * - lifecycle funnel, thresholds 30 / 90 / 180 / 365 days (lifecycle-funnel.ts);
 * - Pareto curve by revenue: rank by value DESC, customer_id ASC; cut 20 %,
 *   target 80 %, Gini, series of ~500 points (pareto-curve.ts);
 * - profitability matrix: x = revenue, cost column, median splits (mean of
 *   the two middle values), "high" = strictly above, over-/under-served, and
 *   32 × 32 symlog bins (profit-matrix.ts).
 *
 * Also used by the Node smoke test, so nothing here touches the DOM.
 */

export const DAY_MS = 86_400_000;

/** Transactions as columns; order_date as whole days since 1970-01-01. */
export interface TxColumns {
  n: number;
  orderId: ArrayLike<string>;
  customerId: ArrayLike<string>;
  day: ArrayLike<number>;
  amount: ArrayLike<number>;
  cost: ArrayLike<number>;
}

/** One row per customer, as typed arrays. */
export interface Facts {
  n: number;
  ids: string[];
  orders: Int32Array;
  lines: Int32Array;
  revenue: Float64Array;
  cost: Float64Array;
  profit: Float64Array;
  firstDay: Int32Array;
  lastDay: Int32Array;
  /** The day after the last order. */
  asOfDay: number;
}

/** Per-customer aggregation (what crmkit materialises once per load). */
export function buildFacts(tx: TxColumns): Facts {
  const index = new Map<string, number>();
  const seenOrders = new Set<string>();
  let cap = 1024;
  let orders = new Int32Array(cap);
  let lines = new Int32Array(cap);
  let revenue = new Float64Array(cap);
  let cost = new Float64Array(cap);
  let firstDay = new Int32Array(cap);
  let lastDay = new Int32Array(cap);
  const ids: string[] = [];
  let maxDay = -Infinity;
  const grow = () => {
    cap *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    orders = g(orders);
    lines = g(lines);
    revenue = g(revenue);
    cost = g(cost);
    firstDay = g(firstDay);
    lastDay = g(lastDay);
  };
  for (let i = 0; i < tx.n; i++) {
    const id = tx.customerId[i];
    let c = index.get(id);
    const d = tx.day[i];
    if (c === undefined) {
      c = ids.length;
      if (c === cap) grow();
      index.set(id, c);
      ids.push(id);
      firstDay[c] = d;
      lastDay[c] = d;
    } else {
      if (d < firstDay[c]) firstDay[c] = d;
      if (d > lastDay[c]) lastDay[c] = d;
    }
    if (d > maxDay) maxDay = d;
    lines[c]++;
    revenue[c] += tx.amount[i];
    cost[c] += tx.cost[i];
    const o = tx.orderId[i];
    // An order_id belongs to one customer in this data; a pair key keeps it correct when not.
    const key = o + '\u0000' + id;
    if (!seenOrders.has(key)) {
      seenOrders.add(key);
      orders[c]++;
    }
  }
  const n = ids.length;
  const profit = new Float64Array(n);
  for (let c = 0; c < n; c++) profit[c] = revenue[c] - cost[c];
  return {
    n,
    ids,
    orders: orders.slice(0, n),
    lines: lines.slice(0, n),
    revenue: revenue.slice(0, n),
    cost: cost.slice(0, n),
    profit,
    firstDay: firstDay.slice(0, n),
    lastDay: lastDay.slice(0, n),
    asOfDay: maxDay + 1,
  };
}

// ------------------------------------------------------------------ results compared across paths

export interface PyramidSummary {
  tiers: { tier: string; customers: number; value: number }[];
}
export interface FunnelSummary {
  stages: { stage: string; customers: number; revenue: number }[];
}
export interface ParetoSummaryCheck {
  n: number;
  total: number;
  kCut: number;
  topShare: number;
  kTarget: number;
  gini: number;
  /** Points in the downsampled series. */
  points: number;
}
export interface MatrixSummaryCheck {
  n: number;
  xSplit: number;
  ySplit: number;
  profitSplit: number;
  quadrants: { quadrant: string; n: number; revenue: number }[];
  overServed: number;
  underServed: number;
  /** Non-empty 2-D bins and the customers in them. */
  bins: number;
  binned: number;
}
export interface Summaries {
  pyramid: PyramidSummary;
  funnel: FunnelSummary;
  pareto: ParetoSummaryCheck;
  matrix: MatrixSummaryCheck;
}

export const TIERS = [
  { name: 'diamond', upToBp: 500 },
  { name: 'gold', upToBp: 2000 },
  { name: 'regular', upToBp: 10_000 },
] as const;
export const STAGES = ['new', 'core', 'dozing', 'half-asleep', 'dormant'] as const;
export const QUADRANT_NAMES = ['carriage', 'passive', 'aggressive', 'bargain'] as const;

/** Indices 0..n-1 sorted by value descending (ties: customer_id ascending). */
function rankOrder(values: Float64Array, ids: string[]): Uint32Array {
  const idx = new Uint32Array(values.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  // Sorting a typed array with a comparator is stable and avoids boxing the indices.
  return idx.sort((a, b) => values[b] - values[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
}

export function pyramid(f: Facts): PyramidSummary {
  const n = f.n;
  const v = f.revenue;
  const order = rankOrder(v, f.ids);
  const last = TIERS.length - 1;
  const customers = new Array<number>(TIERS.length).fill(0);
  const value = new Array<number>(TIERS.length).fill(0);
  // Walk tied groups: every member's #{value ≥ v} is the end of its group.
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && v[order[j]] === v[order[i]]) j++;
    const atLeast = j;
    const val = v[order[i]];
    let level = last;
    if (val > 0) {
      for (let t = 0; t < last; t++) {
        if (atLeast <= Math.ceil(Math.round((TIERS[t].upToBp / 10_000) * n * 1e9) / 1e9)) {
          level = t;
          break;
        }
      }
    }
    for (let k = i; k < j; k++) {
      customers[level]++;
      value[level] += v[order[k]];
    }
    i = j;
  }
  return { tiers: TIERS.map((t, i) => ({ tier: t.name, customers: customers[i], value: value[i] })) };
}

export function funnel(f: Facts): FunnelSummary {
  const customers = new Array<number>(STAGES.length).fill(0);
  const revenue = new Array<number>(STAGES.length).fill(0);
  const D = f.asOfDay;
  for (let c = 0; c < f.n; c++) {
    const tenure = D - f.firstDay[c];
    const recency = D - f.lastDay[c];
    const level = tenure <= 30 ? 0 : recency <= 90 && f.orders[c] >= 2 ? 1 : recency <= 180 ? 2 : recency <= 365 ? 3 : 4;
    customers[level]++;
    revenue[level] += f.revenue[c];
  }
  return { stages: STAGES.map((s, i) => ({ stage: s, customers: customers[i], revenue: revenue[i] })) };
}

export function pareto(f: Facts, cut = 0.2, target = 0.8, points = 500): ParetoSummaryCheck {
  const n = f.n;
  const v = f.revenue;
  const order = rankOrder(v, f.ids);
  const cum = new Float64Array(n + 1);
  let rv = 0;
  for (let k = 1; k <= n; k++) {
    const x = v[order[k - 1]];
    cum[k] = cum[k - 1] + x;
    rv += k * x;
  }
  const total = cum[n];
  const kCut = Math.ceil(Math.round(cut * n * 1e9) / 1e9);
  let kTarget = 0;
  for (let k = 1; k <= n; k++) {
    if (cum[k] / total >= target) {
      kTarget = k;
      break;
    }
  }
  // Downsampled series, as the widget draws it.
  let negatives = 0;
  let peak = 1;
  for (let k = 1; k <= n; k++) {
    if (v[order[k - 1]] < 0) negatives++;
    if (cum[k] > cum[peak]) peak = k;
  }
  const step = Math.ceil(n / points);
  const series: { x: number; y: number }[] = [{ x: 0, y: 0 }];
  for (let k = 1; k <= n; k++) {
    const key = k === 1 || k === n || k === kCut || k === kTarget || k === peak || k === n - negatives || k === n - negatives + 1;
    if (k % step === 0 || key) series.push({ x: k / n, y: cum[k] / total });
  }
  return { n, total, kCut, topShare: cum[kCut] / total, kTarget, gini: (n + 1) / n - (2 * rv) / (n * total), points: series.length };
}

/** Median as DuckDB computes it: the mean of the two middle values when n is even. */
export function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Above `threshold` customers the matrix is drawn as bins (as crmkit's widget does), else as points. */
export function matrix(f: Facts, bins = 32, threshold = 2000): MatrixSummaryCheck {
  const n = f.n;
  const x = f.revenue;
  const cost = f.cost;
  const profit = f.profit;
  const xs = median(x);
  const ys = median(cost);
  const ps = median(profit);
  const qn = [0, 0, 0, 0];
  const qr = [0, 0, 0, 0];
  let over = 0;
  let under = 0;
  const sym = (t: number) => Math.sign(t) * Math.log1p(Math.abs(t));
  let lx = Infinity, hx = -Infinity, ly = Infinity, hy = -Infinity;
  const tx = new Float64Array(n);
  const ty = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const hiX = x[c] > xs;
    const hiC = cost[c] > ys;
    const q = hiX ? (hiC ? 0 : 1) : hiC ? 2 : 3;
    qn[q]++;
    qr[q] += x[c];
    if (hiC && profit[c] <= ps) over++;
    if (!hiC && profit[c] > ps) under++;
    const a = (tx[c] = sym(x[c]));
    const b = (ty[c] = sym(cost[c]));
    if (a < lx) lx = a;
    if (a > hx) hx = a;
    if (b < ly) ly = b;
    if (b > hy) hy = b;
  }
  const counts = new Int32Array(bins * bins);
  for (let c = 0; c < n && n > threshold; c++) {
    const bx = hx === lx ? 0 : Math.min(bins - 1, Math.floor(((tx[c] - lx) / (hx - lx)) * bins));
    const by = hy === ly ? 0 : Math.min(bins - 1, Math.floor(((ty[c] - ly) / (hy - ly)) * bins));
    counts[bx * bins + by]++;
  }
  let nonEmpty = 0;
  let binned = 0;
  for (const k of counts) if (k) (nonEmpty++, (binned += k));
  return {
    n,
    xSplit: xs,
    ySplit: ys,
    profitSplit: ps,
    quadrants: QUADRANT_NAMES.map((q, i) => ({ quadrant: q, n: qn[i], revenue: qr[i] })),
    overServed: over,
    underServed: under,
    bins: nonEmpty,
    binned,
  };
}

// ------------------------------------------------------------------ plain-TS readers

const COMMA = 44, NL = 10, CR = 13, QUOTE = 34;

/**
 * Transactions from CSV bytes, parsed in one pass over the bytes (a 10 M-row
 * file is larger than the longest string V8 can hold). Handles quoted fields;
 * needs the header names order_id, customer_id, order_date, amount, cost.
 */
export function csvToColumns(bytes: Uint8Array): TxColumns {
  const dec = new TextDecoder();
  let p = 0;
  const len = bytes.length;
  const fieldEnd = (start: number): number => {
    let i = start;
    while (i < len && bytes[i] !== COMMA && bytes[i] !== NL && bytes[i] !== CR) i++;
    return i;
  };
  // Header.
  const headers: string[] = [];
  for (;;) {
    const e = fieldEnd(p);
    headers.push(dec.decode(bytes.subarray(p, e)).trim());
    p = e + 1;
    if (bytes[e] !== COMMA) {
      if (bytes[e] === CR && bytes[p] === NL) p++;
      break;
    }
  }
  const col = (name: string) => {
    const i = headers.indexOf(name);
    if (i < 0) throw new Error(`the CSV has no ${name} column`);
    return i;
  };
  const iOrder = col('order_id'), iCust = col('customer_id'), iDate = col('order_date'), iAmount = col('amount'), iCost = col('cost');
  let cap = Math.max(1024, Math.ceil(len / 48));
  let orderId: string[] = new Array(cap);
  let customerId: string[] = new Array(cap);
  let day = new Int32Array(cap);
  let amount = new Float64Array(cap);
  let cost = new Float64Array(cap);
  let n = 0;
  // Short ASCII fields: decoding through a cache of small strings is faster than TextDecoder per field.
  const text = (s: number, e: number): string => {
    if (bytes[s] === QUOTE) return dec.decode(bytes.subarray(s + 1, e - 1)).replaceAll('""', '"');
    let out = '';
    for (let i = s; i < e; i++) {
      const b = bytes[i];
      if (b > 127) return dec.decode(bytes.subarray(s, e));
      out += String.fromCharCode(b);
    }
    return out;
  };
  const num = (s: number, e: number): number => {
    // Plain decimal numbers without exponent; anything else through Number().
    let i = s, neg = false, v = 0, scale = 0, frac = false;
    if (bytes[i] === 45) (neg = true), i++;
    for (; i < e; i++) {
      const b = bytes[i];
      if (b >= 48 && b <= 57) {
        v = v * 10 + (b - 48);
        if (frac) scale++;
      } else if (b === 46 && !frac) frac = true;
      else return Number(text(s, e));
    }
    const r = scale ? v / 10 ** scale : v;
    return neg ? -r : r;
  };
  const dayOf = (s: number, e: number): number => {
    if (e - s === 10 && bytes[s + 4] === 45 && bytes[s + 7] === 45) {
      const y = (bytes[s] - 48) * 1000 + (bytes[s + 1] - 48) * 100 + (bytes[s + 2] - 48) * 10 + (bytes[s + 3] - 48);
      const m = (bytes[s + 5] - 48) * 10 + (bytes[s + 6] - 48);
      const d = (bytes[s + 8] - 48) * 10 + (bytes[s + 9] - 48);
      return Date.UTC(y, m - 1, d) / DAY_MS;
    }
    return Math.floor(Date.parse(text(s, e)) / DAY_MS);
  };
  const starts = new Int32Array(headers.length);
  const ends = new Int32Array(headers.length);
  while (p < len) {
    if (bytes[p] === NL || bytes[p] === CR) {
      p++;
      continue;
    }
    let f = 0;
    for (;;) {
      let e: number;
      if (bytes[p] === QUOTE) {
        e = p + 1;
        for (;;) {
          while (e < len && bytes[e] !== QUOTE) e++;
          if (bytes[e + 1] === QUOTE) e += 2;
          else break;
        }
        e++;
      } else e = fieldEnd(p);
      if (f < starts.length) (starts[f] = p), (ends[f] = e);
      f++;
      p = e + 1;
      if (bytes[e] !== COMMA) break;
    }
    if (n === cap) {
      cap *= 2;
      orderId.length = cap;
      customerId.length = cap;
      const d2 = new Int32Array(cap); d2.set(day); day = d2;
      const a2 = new Float64Array(cap); a2.set(amount); amount = a2;
      const c2 = new Float64Array(cap); c2.set(cost); cost = c2;
    }
    orderId[n] = text(starts[iOrder], ends[iOrder]);
    customerId[n] = text(starts[iCust], ends[iCust]);
    day[n] = dayOf(starts[iDate], ends[iDate]);
    amount[n] = num(starts[iAmount], ends[iAmount]);
    cost[n] = ends[iCost] > starts[iCost] ? num(starts[iCost], ends[iCost]) : 0;
    n++;
  }
  orderId.length = n;
  customerId.length = n;
  return { n, orderId, customerId, day: day.subarray(0, n), amount: amount.subarray(0, n), cost: cost.subarray(0, n) };
}

/** Columns decoded from Parquet (hyparquet) → TxColumns. Dates arrive as Date objects. */
export function parquetColumnsToTx(cols: Record<string, ArrayLike<unknown>>, n: number): TxColumns {
  const dates = cols.order_date;
  const day = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    day[i] = Math.floor((d instanceof Date ? d.getTime() : Date.parse(String(d))) / DAY_MS);
  }
  const nums = (a: ArrayLike<unknown>) => (a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>, (x) => Number(x ?? 0)));
  return {
    n,
    orderId: cols.order_id as ArrayLike<string>,
    customerId: cols.customer_id as ArrayLike<string>,
    day,
    amount: nums(cols.amount),
    cost: nums(cols.cost),
  };
}

// ------------------------------------------------------------------ agreement

export interface Disagreement {
  analysis: string;
  field: string;
  expected: number | string;
  actual: number | string;
}

const close = (a: number, b: number, rel = 1e-9) => a === b || Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Compare two paths' summaries. Counts and ranks must be equal; sums and
 * shares agree to 1e-9 relative (floating-point sums in a different order).
 */
export function compareSummaries(expected: Summaries, actual: Summaries): Disagreement[] {
  const out: Disagreement[] = [];
  const eq = (analysis: string, field: string, e: number | string, a: number | string, exact: boolean) => {
    const ok = typeof e === 'number' && typeof a === 'number' ? (exact ? e === a : close(e, a)) : e === a;
    if (!ok) out.push({ analysis, field, expected: e, actual: a });
  };
  expected.pyramid.tiers.forEach((t, i) => {
    const o = actual.pyramid.tiers[i] ?? { tier: '?', customers: NaN, value: NaN };
    eq('pyramid', `${t.tier}.customers`, t.customers, o.customers, true);
    eq('pyramid', `${t.tier}.value`, t.value, o.value, false);
  });
  expected.funnel.stages.forEach((s, i) => {
    const o = actual.funnel.stages[i] ?? { stage: '?', customers: NaN, revenue: NaN };
    eq('funnel', `${s.stage}.customers`, s.customers, o.customers, true);
    eq('funnel', `${s.stage}.revenue`, s.revenue, o.revenue, false);
  });
  const pe = expected.pareto, pa = actual.pareto;
  for (const k of ['n', 'kCut', 'kTarget', 'points'] as const) eq('pareto', k, pe[k], pa[k], true);
  for (const k of ['total', 'topShare', 'gini'] as const) eq('pareto', k, pe[k], pa[k], false);
  const me = expected.matrix, ma = actual.matrix;
  for (const k of ['n', 'overServed', 'underServed', 'bins', 'binned'] as const) eq('matrix', k, me[k], ma[k], true);
  for (const k of ['xSplit', 'ySplit', 'profitSplit'] as const) eq('matrix', k, me[k], ma[k], false);
  me.quadrants.forEach((q, i) => {
    const o = ma.quadrants[i] ?? { quadrant: '?', n: NaN, revenue: NaN };
    eq('matrix', `${q.quadrant}.n`, q.n, o.n, true);
    eq('matrix', `${q.quadrant}.revenue`, q.revenue, o.revenue, false);
  });
  return out;
}
