/**
 * Lifecycle funnel: customers in stages at an as-of date by recency and
 * frequency, and how many moved between stages since (or until) a second
 * date.
 *
 * Definitions, at date D (exclusive: only orders before D count; default D =
 * the day after the last order). A customer is anyone with an order before D.
 * tenure = D − first order, recency = D − last order, in days (an order on
 * the day before D is 1 day ago); orders as `orderCount` in model.ts counts
 * them (distinct order_id; a row without one is an order of its own). The
 * first rule that holds decides:
 *
 * | stage | rule (defaults) |
 * |---|---|
 * | new | tenure ≤ newDays (30) |
 * | core | recency ≤ activeDays (90) and orders ≥ 2 |
 * | dozing | recency ≤ halfAsleepDays (180) |
 * | half-asleep | recency ≤ dormantDays (365) |
 * | dormant | recency > dormantDays |
 *
 * So dozing is "last order 91–180 days ago", half-asleep 181–365, dormant
 * over 365 — and the gap is defined: a customer with a single order placed
 * newDays + 1 … activeDays days ago (past the new-customer window, never came
 * back) is **dozing**: core needs a repeat order, and such a customer is
 * slipping away. New comes first, so a repeat customer whose first order is
 * within newDays is new, not core. Thresholds must satisfy
 * 1 ≤ newDays ≤ activeDays < halfAsleepDays < dormantDays.
 *
 * Per stage: customers, share of customers, revenue (Σ amount before D,
 * returns netted) and share of revenue (undefined when the total is ≤ 0).
 *
 * compareTo: a second date. Flows go from the earlier of the two dates to the
 * later: each customer of the later date is counted once, from their stage at
 * the earlier date (`none` when they had no order before it yet) to their
 * stage at the later one. Summaries: `slipping` = customers who moved to a
 * sleepier stage (to dozing, half-asleep or dormant, from a stage above it);
 * `returning` = customers who were dozing, half-asleep or dormant and moved
 * to a livelier stage.
 *
 * Other widgets' selection (`filter`) narrows which customers are counted.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { dateLit, raw, sql, type SQL } from '../sql.js';
import { cachedQuery, cachedQueryNow } from '../cache.js';
import { asOfOption, dateOption, daysOption } from '../options.js';
import { assignmentPredicate, factsAt, groupTotalsQuery, runGroupTotals, selectedBy } from './customers-at.js';

export const LIFECYCLE_STAGES = ['new', 'core', 'dozing', 'half-asleep', 'dormant'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
/** Where a customer comes from who had not ordered yet at the earlier date. */
export const NOT_YET = 'none';

export interface LifecycleOptions {
  asOf?: string;
  compareTo?: string;
  newDays?: number | string;
  activeDays?: number | string;
  halfAsleepDays?: number | string;
  dormantDays?: number | string;
}

export interface LifecycleSettings {
  asOf: string;
  compareTo: string | null;
  newDays: number;
  activeDays: number;
  halfAsleepDays: number;
  dormantDays: number;
}

export interface LifecycleStageRow {
  /** 0 = new … 4 = dormant. */
  level: number;
  stage: LifecycleStage;
  customers: number;
  share: number | null;
  revenue: number;
  revenueShare: number | null;
}

export interface LifecycleFlow {
  from: LifecycleStage | typeof NOT_YET;
  to: LifecycleStage;
  customers: number;
}

export interface LifecycleResult {
  settings: LifecycleSettings;
  asOf: string;
  stages: LifecycleStageRow[];
  customers: number;
  revenue: number;
  /** With compareTo: the earlier and later date, the flows between them, and the slipping / returning totals. */
  compare?: { from: string; to: string; flows: LifecycleFlow[]; slipping: number; returning: number };
}

export function lifecycleSettings(ds: Pick<Dataset, 'asOf'>, opts: LifecycleOptions = {}): LifecycleSettings {
  const s: LifecycleSettings = {
    asOf: asOfOption(opts.asOf, ds.asOf),
    compareTo: dateOption(opts.compareTo, 'compare-to') ?? null,
    newDays: daysOption(opts.newDays, 'new-days') ?? 30,
    activeDays: daysOption(opts.activeDays, 'active-days') ?? 90,
    halfAsleepDays: daysOption(opts.halfAsleepDays, 'half-asleep-days') ?? 180,
    dormantDays: daysOption(opts.dormantDays, 'dormant-days') ?? 365,
  };
  if (!(s.newDays <= s.activeDays && s.activeDays < s.halfAsleepDays && s.halfAsleepDays < s.dormantDays)) {
    throw new CrmError('invalid-option', {
      option: 'thresholds',
      thresholds: { newDays: s.newDays, activeDays: s.activeDays, halfAsleepDays: s.halfAsleepDays, dormantDays: s.dormantDays },
    });
  }
  if (s.compareTo === s.asOf) throw new CrmError('invalid-option', {
      value: s.compareTo,
      option: 'compare-to',
      expectedForm: 'date-other-than-as-of',
    });
  return s;
}

/**
 * One row per customer with an order before `at` (default: as-of):
 * customer_id, stage, level, orders, revenue, recency_days, tenure_days.
 * From this load's cached table when it is built (see cache.ts).
 */
export function lifecycleAssignmentQuery(ds: Dataset, opts: LifecycleOptions = {}, at?: string): SQL {
  return cachedQueryNow(ds, 'lifecycle', assignmentInline(ds, opts, at));
}

function assignmentInline(ds: Dataset, opts: LifecycleOptions, at?: string): SQL {
  const s = lifecycleSettings(ds, opts);
  const d = dateOption(at, 'date') ?? s.asOf;
  const D = dateLit(d);
  return sql`WITH f AS (
        SELECT customer_id, CAST(orders AS INTEGER) AS orders, CAST(revenue AS DOUBLE) AS revenue,
          CAST(date_diff('day', last_order, ${D}) AS INTEGER) AS recency_days,
          CAST(date_diff('day', first_order, ${D}) AS INTEGER) AS tenure_days
        FROM (${factsAt(ds, { asOf: d, from: null })}) AS x),
      s AS (SELECT *, CASE
          WHEN tenure_days <= ${s.newDays} THEN 0
          WHEN recency_days <= ${s.activeDays} AND orders >= 2 THEN 1
          WHEN recency_days <= ${s.halfAsleepDays} THEN 2
          WHEN recency_days <= ${s.dormantDays} THEN 3
          ELSE 4 END AS level
        FROM f)
    SELECT customer_id, ${[...LIFECYCLE_STAGES]}[level + 1] AS stage, level, orders, revenue, recency_days, tenure_days FROM s`;
}

/** Per stage (all five, most to least engaged) at as-of, for the customers `filter` selects; value = revenue. */
export function lifecycleFunnelQuery(ds: Dataset, opts: LifecycleOptions = {}, filter?: SQL): SQL {
  return groupTotalsQuery(ds, lifecycleAssignmentQuery(ds, opts), { group: 'stage', value: 'revenue', groups: LIFECYCLE_STAGES }, filter);
}

/** The earlier and later of as-of and compare-to. */
function span(s: LifecycleSettings): { from: string; to: string } {
  if (!s.compareTo) throw new CrmError('invalid-option', { option: 'compare-to', value: '', expectedForm: 'compare-to' });
  return s.compareTo < s.asOf ? { from: s.compareTo, to: s.asOf } : { from: s.asOf, to: s.compareTo };
}

/**
 * Per customer of the later date: customer_id, from_stage (`none` when not
 * yet a customer), to_stage. From this load's cached table when it is built.
 */
export function lifecycleTransitionsAssignment(ds: Dataset, opts: LifecycleOptions): SQL {
  return cachedQueryNow(ds, 'lifecycle_flows', transitionsInline(ds, opts));
}

function transitionsInline(ds: Dataset, opts: LifecycleOptions): SQL {
  const { from, to } = span(lifecycleSettings(ds, opts));
  return sql`SELECT b.customer_id, coalesce(a.stage, ${NOT_YET}) AS from_stage, b.stage AS to_stage
    FROM (${assignmentInline(ds, opts, to)}) AS b
    LEFT JOIN (${assignmentInline(ds, opts, from)}) AS a USING (customer_id)`;
}

/** Customers per (from_stage, to_stage) pair with any, for the customers `filter` selects. */
export function lifecycleTransitionsQuery(ds: Dataset, opts: LifecycleOptions, filter?: SQL): SQL {
  return sql`SELECT from_stage, to_stage, count(*) AS customers
    FROM (${lifecycleTransitionsAssignment(ds, opts)}) AS m WHERE ${selectedBy(ds, filter)}
    GROUP BY from_stage, to_stage`;
}

/** Selection predicate: the customers in `stage` at `at` (default: as-of). */
export function stagePredicate(ds: Dataset, opts: LifecycleOptions, stage: string, at?: string): SQL {
  return assignmentPredicate(lifecycleAssignmentQuery(ds, opts, at), sql`stage = ${stage}`);
}

/**
 * Selection predicate: the customers who moved from `from` to `to` between the
 * two dates; `null` on either side means any stage (so `(x, null)` is everyone
 * who was in x at the earlier date, `none` those who were not customers yet).
 */
export function transitionPredicate(ds: Dataset, opts: LifecycleOptions, from: string | null, to: string | null): SQL {
  const where = [from === null ? null : sql`from_stage = ${from}`, to === null ? null : sql`to_stage = ${to}`].filter((x) => x !== null);
  return assignmentPredicate(lifecycleTransitionsAssignment(ds, opts), where.length ? raw(where.map(String).join(' AND ')) : raw('TRUE'));
}

const rank = (x: string) => (x === NOT_YET ? -1 : LIFECYCLE_STAGES.indexOf(x as LifecycleStage));

export async function runLifecycleFunnel(ds: Dataset, opts: LifecycleOptions = {}, filter?: SQL): Promise<LifecycleResult> {
  const settings = lifecycleSettings(ds, opts);
  // Stages (and moves) are assigned once per load and options; a filtered run only groups the selected customers.
  await cachedQuery(ds, 'lifecycle', assignmentInline(ds, opts));
  if (settings.compareTo) await cachedQuery(ds, 'lifecycle_flows', transitionsInline(ds, opts));
  const stages = (await runGroupTotals(ds, lifecycleFunnelQuery(ds, opts, filter))).map((g) => ({
    level: g.level,
    stage: g.key as LifecycleStage,
    customers: g.customers,
    share: g.customerShare,
    revenue: g.value,
    revenueShare: g.valueShare,
  }));
  const out: LifecycleResult = {
    settings,
    asOf: settings.asOf,
    stages,
    customers: stages.reduce((a, x) => a + x.customers, 0),
    revenue: stages.reduce((a, x) => a + x.revenue, 0),
  };
  if (settings.compareTo) {
    const flows = await queryRows<{ from_stage: LifecycleFlow['from']; to_stage: LifecycleStage; customers: number }>(ds.engine, lifecycleTransitionsQuery(ds, opts, filter));
    const list = flows.map((f) => ({ from: f.from_stage, to: f.to_stage, customers: Number(f.customers) })).sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
    const DOZING = LIFECYCLE_STAGES.indexOf('dozing');
    const sum = (keep: (f: LifecycleFlow) => boolean) => list.filter(keep).reduce((a, f) => a + f.customers, 0);
    out.compare = {
      ...span(settings),
      flows: list,
      slipping: sum((f) => f.from !== NOT_YET && rank(f.to) >= DOZING && rank(f.to) > rank(f.from)),
      returning: sum((f) => rank(f.from) >= DOZING && rank(f.to) < rank(f.from)),
    };
  }
  return out;
}
