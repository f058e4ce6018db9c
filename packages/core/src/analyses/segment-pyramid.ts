/**
 * `<crm-segment-pyramid>` described once: value tiers (segment-pyramid.ts) or the eleven RFM segments
 * (rfm.ts), picked by `mode`; a click on a layer selects its customers (kind `tier` or `rfm-segment`);
 * it lends the list and the card each customer's tier and RFM segment.
 */
import { analysis, option } from '../analysis.js';
import { plainOptions } from '../conditions.js';
import { choice } from '../options.js';
import { sql } from '../sql.js';
import { rfmScoresQuery, type RfmSegmentRow } from '../metrics/rfm.js';
import { segmentAssignmentQuery, type PyramidTier } from '../metrics/segment-pyramid.js';
import { rfmSegmentPredicate, runRfm, runSegmentPyramid, tierPredicate } from '../remote/runners.js';

export const PYRAMID_MODES = ['tiers', 'rfm'] as const;
export type PyramidMode = (typeof PYRAMID_MODES)[number];

/** One layer of the pyramid: a value tier or an RFM segment (core's totals, keyed by tier or segment). */
export type PyramidRow = Omit<PyramidTier, 'tier'> & { key: string } & Partial<Pick<RfmSegmentRow, 'recencyDays' | 'frequency'>>;

export interface PyramidView {
  mode: PyramidMode;
  by: 'revenue' | 'profit' | 'orders';
  tiersBy: 'customers' | 'value';
  asOf: string;
  from: string | null;
  rows: PyramidRow[];
  customers: number;
}

const mode = (v: unknown): PyramidMode => choice(v || 'tiers', 'mode', PYRAMID_MODES);

export const SEGMENT_PYRAMID = analysis({
  name: 'segment-pyramid',
  options: {
    by: option<'revenue' | 'profit' | 'orders' | string>({ default: 'revenue', effect: 'query', reflect: true }),
    window: option<number | string>({ default: '', effect: 'query' }),
    asOf: option<string>({ default: '', effect: 'query' }),
    tiers: option<string>({ default: '', effect: 'query' }),
    tiersBy: option<'customers' | 'value' | string>({ default: '', effect: 'query' }),
    mode: option<PyramidMode | string>({ default: 'tiers', effect: 'query', reflect: true, check: mode }),
  },
  async run(ds, o, filter): Promise<PyramidView> {
    const m = mode(o.mode);
    const opts = { by: o.by, window: o.window, asOf: o.asOf, tiers: o.tiers, tiersBy: o.tiersBy };
    if (m === 'rfm') {
      const r = await runRfm(ds, opts, filter);
      return { mode: m, by: r.by, tiersBy: 'customers', asOf: r.asOf, from: r.from, customers: r.customers, rows: r.segments.map(({ segment, ...s }) => ({ key: segment, ...s })) };
    }
    const r = await runSegmentPyramid(ds, opts, filter);
    return { mode: m, by: r.by, tiersBy: r.tiersBy, asOf: r.asOf, from: r.from, customers: r.customers, rows: r.tiers.map(({ tier, ...t }) => ({ key: tier, ...t })) };
  },
  pick(ds, o, key: string) {
    const m = mode(o.mode);
    const opts = { by: o.by, window: o.window, asOf: o.asOf, tiers: o.tiers, tiersBy: o.tiersBy };
    const predicate = m === 'rfm' ? rfmSegmentPredicate(ds, opts, key) : tierPredicate(ds, opts, key);
    return { predicate, kind: m === 'rfm' ? 'rfm-segment' : 'tier', condition: { widget: 'segment-pyramid', options: plainOptions({ mode: m, ...opts }), key } };
  },
  labels: [
    (ds) => ({ column: 'tier', query: sql`SELECT customer_id, tier FROM (${segmentAssignmentQuery(ds)})` }),
    (ds) => ({ column: 'segment', query: sql`SELECT customer_id, segment, r AS r_score, f AS f_score, m AS m_score FROM (${rfmScoresQuery(ds)})` }),
  ],
});
