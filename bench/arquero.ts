/**
 * The four analyses in Arquero (dataframe verbs in JS), with the same
 * definitions and defaults as bench/analyses.ts and crmkit's SQL.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { QUADRANT_NAMES, STAGES, TIERS, type FunnelSummary, type MatrixSummaryCheck, type ParetoSummaryCheck, type PyramidSummary } from './analyses.js';

const { op } = aq;
const DAY_MS = 86_400_000;

/** Transactions from a CSV URL (streamed; order_date parsed to day numbers, ids kept as text). */
export async function loadCSV(url: string): Promise<ColumnTable> {
  return aq.loadCSV(url, {
    parse: {
      order_id: String,
      customer_id: String,
      order_date: (s: string) => Math.floor(Date.parse(s) / DAY_MS),
      amount: Number,
      cost: Number,
    },
  });
}

/** Transactions from decoded Parquet columns (the same JS decode crmkit uses). */
export function fromColumns(cols: Record<string, ArrayLike<unknown>>): ColumnTable {
  const dates = cols.order_date as ArrayLike<Date>;
  const day = new Int32Array(dates.length);
  for (let i = 0; i < dates.length; i++) day[i] = Math.floor(dates[i].getTime() / DAY_MS);
  return aq.table({ order_id: cols.order_id, customer_id: cols.customer_id, order_date: day, amount: cols.amount, cost: cols.cost });
}

/** The per-customer table. */
export function facts(tx: ColumnTable): { facts: ColumnTable; asOfDay: number } {
  const asOfDay = (tx.rollup({ d: op.max('order_date') }).get('d', 0) as number) + 1;
  const f = tx
    .groupby('customer_id')
    .rollup({
      orders: op.distinct('order_id'),
      lines: op.count(),
      revenue: op.sum('amount'),
      cost: op.sum('cost'),
      first: op.min('order_date'),
      last: op.max('order_date'),
    })
    .derive({ profit: (d: { revenue: number; cost: number }) => d.revenue - d.cost });
  return { facts: f, asOfDay };
}

type Row = Record<string, number>;

export function pyramid(f: ColumnTable): PyramidSummary {
  const n = f.numRows();
  // cume_dist over value DESC counts the customers with value ≥ v (peers included).
  const p = f
    .orderby(aq.desc('revenue'))
    .derive({ at_least: () => op.cume_dist() })
    // the tiers down to a cumulative bound B hold the first ⌈B · n⌉ customers (B · n to 9 decimals), as in SQL
    .params({ n, k0: Math.ceil(Math.round((TIERS[0].upToBp / 10_000) * n * 1e9) / 1e9), k1: Math.ceil(Math.round((TIERS[1].upToBp / 10_000) * n * 1e9) / 1e9) })
    .derive({
      level: (d: Row, $: Row) => {
        const k = Math.round(d.at_least * $.n);
        return d.revenue <= 0 ? 2 : k <= $.k0 ? 0 : k <= $.k1 ? 1 : 2;
      },
    })
    .groupby('level')
    .rollup({ customers: op.count(), value: op.sum('revenue') })
    .objects() as Row[];
  return { tiers: TIERS.map((t, i) => ({ tier: t.name, customers: p.find((r) => r.level === i)?.customers ?? 0, value: p.find((r) => r.level === i)?.value ?? 0 })) };
}

export function funnel(f: ColumnTable, asOfDay: number): FunnelSummary {
  const g = f
    .params({ D: asOfDay })
    .derive({
      level: (d: Row, $: Row) => {
        const tenure = $.D - d.first;
        const recency = $.D - d.last;
        return tenure <= 30 ? 0 : recency <= 90 && d.orders >= 2 ? 1 : recency <= 180 ? 2 : recency <= 365 ? 3 : 4;
      },
    })
    .groupby('level')
    .rollup({ customers: op.count(), revenue: op.sum('revenue') })
    .objects() as Row[];
  return { stages: STAGES.map((s, i) => ({ stage: s, customers: g.find((r) => r.level === i)?.customers ?? 0, revenue: g.find((r) => r.level === i)?.revenue ?? 0 })) };
}

export function pareto(f: ColumnTable, cut = 0.2, target = 0.8, points = 500): ParetoSummaryCheck {
  const ranked = f
    .select('customer_id', 'revenue')
    .orderby(aq.desc('revenue'), 'customer_id')
    .derive({ rank: () => op.row_number(), cum: aq.rolling((d: Row) => op.sum(d.revenue), [-Infinity, 0]) });
  const s = ranked.rollup({ n: op.count(), total: op.sum('revenue'), rv: (d: Row) => op.sum(d.rank * d.revenue), negatives: (d: Row) => op.sum(d.revenue < 0 ? 1 : 0), peak: op.max('cum') }).object() as Row;
  const { n, total, rv, negatives, peak } = s;
  const kCut = Math.ceil(Math.round(cut * n * 1e9) / 1e9);
  const key = ranked
    .params({ total, target, peak, kCut })
    .rollup({
      kTarget: (d: Row, $: Row) => op.min(d.cum / $.total >= $.target ? d.rank : Infinity),
      peakRank: (d: Row, $: Row) => op.min(d.cum === $.peak ? d.rank : Infinity),
      cutCum: (d: Row, $: Row) => op.max(d.rank === $.kCut ? d.cum : -Infinity),
    })
    .object() as Row;
  const step = Math.ceil(n / points);
  const series = ranked
    .params({ step, n, kCut, kTarget: key.kTarget, peakRank: key.peakRank, tail: n - negatives })
    .filter((d: Row, $: Row) => d.rank % $.step === 0 || d.rank === 1 || d.rank === $.n || d.rank === $.kCut || d.rank === $.kTarget || d.rank === $.peakRank || d.rank === $.tail || d.rank === $.tail + 1)
    .derive({ x: (d: Row, $: Row) => d.rank / $.n })
    .numRows();
  return { n, total, kCut, topShare: key.cutCum / total, kTarget: key.kTarget, gini: (n + 1) / n - (2 * rv) / (n * total), points: series + 1 };
}

export function matrix(f: ColumnTable, bins = 32, threshold = 2000): MatrixSummaryCheck {
  const m = f.rollup({ xs: op.median('revenue'), ys: op.median('cost'), ps: op.median('profit') }).object() as Row;
  const a = f.params({ xs: m.xs, ys: m.ys, ps: m.ps }).derive({
    q: (d: Row, $: Row) => (d.revenue > $.xs ? (d.cost > $.ys ? 0 : 1) : d.cost > $.ys ? 2 : 3),
    over: (d: Row, $: Row) => (d.cost > $.ys && d.profit <= $.ps ? 1 : 0),
    under: (d: Row, $: Row) => (d.cost <= $.ys && d.profit > $.ps ? 1 : 0),
    tx: (d: Row) => op.sign(d.revenue) * op.log1p(op.abs(d.revenue)),
    ty: (d: Row) => op.sign(d.cost) * op.log1p(op.abs(d.cost)),
  });
  const q = a.groupby('q').rollup({ n: op.count(), revenue: op.sum('revenue') }).objects() as Row[];
  const t = a.rollup({ over: op.sum('over'), under: op.sum('under'), lx: op.min('tx'), hx: op.max('tx'), ly: op.min('ty'), hy: op.max('ty') }).object() as Row;
  const b = (f.numRows() > threshold ? a : a.slice(0, 0))
    .params({ ...t, nb: bins })
    .derive({
      bx: (d: Row, $: Row) => ($.hx === $.lx ? 0 : op.least($.nb - 1, op.floor(((d.tx - $.lx) / ($.hx - $.lx)) * $.nb))),
      by: (d: Row, $: Row) => ($.hy === $.ly ? 0 : op.least($.nb - 1, op.floor(((d.ty - $.ly) / ($.hy - $.ly)) * $.nb))),
    })
    .groupby('bx', 'by')
    .count();
  return {
    n: f.numRows(),
    xSplit: m.xs,
    ySplit: m.ys,
    profitSplit: m.ps,
    quadrants: QUADRANT_NAMES.map((name, i) => ({ quadrant: name, n: q.find((r) => r.q === i)?.n ?? 0, revenue: q.find((r) => r.q === i)?.revenue ?? 0 })),
    overServed: t.over,
    underServed: t.under,
    bins: b.numRows(),
    binned: (b.rollup({ s: op.sum('count') }).get('s', 0) as number | undefined) ?? 0,
  };
}
