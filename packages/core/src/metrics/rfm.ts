/**
 * RFM: recency, frequency and monetary scores (1–5) per customer, and the
 * named segments they fall in.
 *
 * Definitions (orders of the period: before `asOf`, within `window` days when
 * set — see customers-at.ts)
 * - recency = asOf − last order, in days (1 = ordered the day before as-of);
 *   frequency = orders (`orderCount` in model.ts: distinct order_id, a row without one is an order of its own);
 *   monetary = revenue (Σ amount, returns netted), or profit with
 *   `by: 'profit'` (needs a cost column).
 * - Quintile score of a measure, n customers, best first (recency: fewest
 *   days; frequency and monetary: largest): k = #{customers at least as good},
 *   ties included; score = 6 − ⌈5k / n⌉. The best fifth scores 5, the worst 1.
 *   Equal values always get the same score, the lower one when a tied group
 *   straddles a fifth (e.g. the many one-order customers all score F = 1);
 *   some scores may then be unused. One customer alone scores 1, 1, 1.
 * - FM = ⌊(F + M) / 2⌋.
 * - Segment: the first rule of `RFM_SEGMENTS` that R and FM satisfy. The
 *   rules tile the 5 × 5 R × FM grid, so every customer has exactly one
 *   (R rows, FM columns):
 *
 *   | R \ FM | 1 | 2 | 3 | 4 | 5 |
 *   |---|---|---|---|---|---|
 *   | 5 | new | potential loyalists | potential loyalists | champions | champions |
 *   | 4 | promising | potential loyalists | potential loyalists | loyal | loyal |
 *   | 3 | about to sleep | about to sleep | need attention | loyal | loyal |
 *   | 2 | hibernating | hibernating | at risk | at risk | cannot lose |
 *   | 1 | lost | hibernating | at risk | at risk | cannot lose |
 *
 * - Scores are computed over every customer of the period; other widgets'
 *   selection (`filter`) only narrows which customers are counted.
 */
import type { Dataset } from '../model.js';
import { dateLit, raw, sql, type SQL } from '../sql.js';
import { cachedQuery, cachedQueryNow } from '../cache.js';
import { choice } from '../options.js';
import { assignmentPredicate, factsAt, groupTotalsQuery, period, runGroupTotals, type GroupTotal, type Period } from './customers-at.js';
import { valueExpr } from './segment-pyramid.js';

export interface RfmRule {
  segment: string;
  /** Inclusive R score range. */
  r: readonly [number, number];
  /** Inclusive FM score range. */
  fm: readonly [number, number];
  /** What it means, for documentation. */
  meaning: string;
}

/** The segment rules; the first match wins (lost is checked before hibernating, whose rectangle holds it). */
export const RFM_SEGMENTS: readonly RfmRule[] = [
  { segment: 'champions', r: [5, 5], fm: [4, 5], meaning: 'bought most recently, buy often and spend the most' },
  { segment: 'loyal', r: [3, 4], fm: [4, 5], meaning: 'buy often and spend well; not quite the most recent' },
  { segment: 'potential-loyalists', r: [4, 5], fm: [2, 3], meaning: 'recent customers with average frequency and spend' },
  { segment: 'new', r: [5, 5], fm: [1, 1], meaning: 'bought most recently, but little so far' },
  { segment: 'promising', r: [4, 4], fm: [1, 1], meaning: 'recent, little so far' },
  { segment: 'need-attention', r: [3, 3], fm: [3, 3], meaning: 'average on every count' },
  { segment: 'about-to-sleep', r: [3, 3], fm: [1, 2], meaning: 'below-average recency, frequency and spend' },
  { segment: 'at-risk', r: [1, 2], fm: [3, 4], meaning: 'used to buy often and spend well, but long ago' },
  { segment: 'cannot-lose', r: [1, 2], fm: [5, 5], meaning: 'the biggest, most frequent buyers of the past, gone quiet' },
  { segment: 'lost', r: [1, 1], fm: [1, 1], meaning: 'lowest recency, frequency and spend' },
  { segment: 'hibernating', r: [1, 2], fm: [1, 2], meaning: 'last order long ago, few orders, low spend' },
];

/** Segments in display order, most to least valuable. */
export const RFM_SEGMENT_ORDER = [
  'champions',
  'loyal',
  'potential-loyalists',
  'new',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cannot-lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENT_ORDER)[number];

export const RFM_BY = ['revenue', 'profit'] as const;

export interface RfmOptions {
  /** Monetary measure: revenue (default) or profit. */
  by?: (typeof RFM_BY)[number] | string;
  asOf?: string;
  window?: number | string | null;
}

export interface RfmSettings extends Period {
  by: (typeof RFM_BY)[number];
}

/** A segment's totals (`GroupTotal` with the segment as `segment`; level 0 = champions … 10 = lost) and the means of its customers' recency and orders. */
export type RfmSegmentRow = Omit<GroupTotal, 'key'> & { segment: RfmSegment; recencyDays: number | null; frequency: number | null };

export interface RfmResult {
  by: RfmSettings['by'];
  asOf: string;
  from: string | null;
  segments: RfmSegmentRow[];
  customers: number;
  value: number;
}

export function rfmSettings(ds: Pick<Dataset, 'asOf' | 'fields'>, opts: RfmOptions = {}): RfmSettings {
  const by = choice(opts.by || 'revenue', 'by', RFM_BY);
  valueExpr(ds, by);
  return { by, ...period(ds, opts) };
}

/** ⌈5k / n⌉ turned into a score, 5 = best fifth. */
const score = (k: string) => raw(`6 - (5 * ${k} + n - 1) // n`);

/**
 * One row per customer of the period: customer_id, recency_days, frequency,
 * monetary, r, f, m, fm and segment. Over every customer (no filter). From
 * this load's cached table when it is built (see cache.ts).
 */
export function rfmScoresQuery(ds: Dataset, opts: RfmOptions = {}): SQL {
  return cachedQueryNow(ds, 'rfm', scoresInline(ds, rfmSettings(ds, opts)));
}

function scoresInline(ds: Dataset, s: RfmSettings): SQL {
  const cases = RFM_SEGMENTS.map((x) => sql`WHEN r BETWEEN ${x.r[0]} AND ${x.r[1]} AND fm BETWEEN ${x.fm[0]} AND ${x.fm[1]} THEN ${x.segment}`);
  return sql`WITH b AS (
        SELECT customer_id, CAST(date_diff('day', last_order, ${dateLit(s.asOf)}) AS INTEGER) AS recency_days,
          CAST(orders AS INTEGER) AS frequency, ${valueExpr(ds, s.by)} AS monetary
        FROM (${factsAt(ds, s)}) AS f),
      k AS (SELECT *, count(*) OVER () AS n,
          count(*) OVER (ORDER BY recency_days ASC) AS r_k,
          count(*) OVER (ORDER BY frequency DESC) AS f_k,
          count(*) OVER (ORDER BY monetary DESC) AS m_k
        FROM b),
      s AS (SELECT customer_id, recency_days, frequency, monetary,
          CAST(${score('r_k')} AS INTEGER) AS r, CAST(${score('f_k')} AS INTEGER) AS f, CAST(${score('m_k')} AS INTEGER) AS m
        FROM k)
    SELECT *, (f + m) // 2 AS fm,
      CASE ${raw(cases.map(String).join(' '))} END AS segment
    FROM s`;
}

/** Per segment (all eleven, in display order), the customers `filter` selects; Σ value is Σ monetary. */
export function rfmSegmentsQuery(ds: Dataset, opts: RfmOptions = {}, filter?: SQL): SQL {
  const extra = { recencyDays: sql`avg(recency_days)`, frequency: sql`avg(frequency)` };
  return groupTotalsQuery(ds, rfmScoresQuery(ds, opts), { group: 'segment', value: 'monetary', groups: RFM_SEGMENT_ORDER, extra }, filter);
}

/** Selection predicate over the per-customer table: the customers of `segment`. */
export function rfmSegmentPredicate(ds: Dataset, opts: RfmOptions, segment: string): SQL {
  return assignmentPredicate(rfmScoresQuery(ds, opts), sql`segment = ${segment}`);
}

export async function runRfm(ds: Dataset, opts: RfmOptions = {}, filter?: SQL): Promise<RfmResult> {
  const s = rfmSettings(ds, opts);
  // Scores are computed once per load and options; a filtered run only groups the selected customers.
  await cachedQuery(ds, 'rfm', scoresInline(ds, s));
  const rows = await runGroupTotals<Pick<RfmSegmentRow, 'recencyDays' | 'frequency'>>(ds, rfmSegmentsQuery(ds, opts, filter));
  const segments = rows.map(({ key, ...x }) => ({ segment: key as RfmSegment, ...x }));
  return {
    by: s.by,
    asOf: s.asOf,
    from: s.from,
    segments,
    customers: segments.reduce((a, x) => a + x.customers, 0),
    value: segments.reduce((a, x) => a + x.value, 0),
  };
}
