/**
 * Conversion funnel over the events table (see events.ts): how many people did step 1, how many of
 * them went on to step 2 within the conversion window, and so on, with the drop-off, the median time
 * between steps and a breakdown by channel or campaign.
 *
 * Definitions (after PostHog's funnel insight: posthog.com/docs/user-guides/funnels,
 * posthog.com/tutorials/guide-to-funnels):
 * - A person is an event's `person` (a visitor linked to a customer counts as the customer).
 * - An attempt starts at any event of step 1. The conversion window is measured from that step-1
 *   event: a later step counts when its time is at most `window` after it (exactly at the end counts).
 * - `order`:
 *   - `sequential` (default, PostHog's "sequential"): each step after the previous one (the same
 *     instant counts), other events allowed in between; each step is a separate event, so a repeated
 *     step (`visit,visit,purchase`) needs two visits. The earliest qualifying event is taken for each
 *     step, which reaches the furthest step any choice could.
 *   - `strict`: each step is the person's very next event after the previous step (no other event of
 *     theirs in between, whether in the funnel or not).
 *   - `any`: the steps in any order, all within `window` of the first of them done; step names must
 *     differ. Step k is reached when k of the steps are done; the k-th time is the k-th step done.
 * - A person is counted once per funnel: their attempt that reached the furthest step, the earliest
 *   such attempt when several tie. Its step-1 event's channel or campaign is the person's breakdown
 *   value (first touch).
 * - Per step k: people who reached it; conversion = reached k / reached step 1; step conversion =
 *   reached k / reached k − 1; drop-off = reached k − 1 − reached k; median time (seconds) from step
 *   k − 1 to step k among those who reached k (in their counted attempt).
 * - Purchases: a step named `purchase` comes from the transactions when the events table has no
 *   `purchase` event (`purchases: 'auto'`, the default), or always (`'transactions'`), or never
 *   (`'events'`). An order is known by its date only: it counts at the last instant of that day
 *   (23:59:59.999999), so a same-day visit comes before it; a window of N days from a visit therefore
 *   takes an order on day N only when the visit was at the very end of its day.
 * - Other widgets' selection (`filter`, over the per-customer table) keeps only people who are
 *   customers it selects; anonymous visitors are then left out.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { CrmError, type OptionAccepts } from '../errors.js';
import { choice } from '../options.js';
import { ident, join, raw, sql, type SQL } from '../sql.js';
import { selectedBy } from './customers-at.js';
import { eventNames } from '../events.js';

export const FUNNEL_ORDERS = ['sequential', 'strict', 'any'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];
export const FUNNEL_BREAKDOWNS = ['none', 'channel', 'campaign'] as const;
export type FunnelBreakdown = (typeof FUNNEL_BREAKDOWNS)[number];

export interface ConversionFunnelOptions {
  /** Step event names, in order: `"visit,add_to_cart,purchase"` or an array. 2 to 10 steps. */
  steps?: string | readonly string[];
  /** Conversion window: `7d`, `48h`, `30m`, `2w`, or a number of days (default 14d). */
  window?: string | number;
  order?: FunnelOrder | string;
  breakdown?: FunnelBreakdown | string;
  purchases?: 'auto' | 'events' | 'transactions' | string;
}

export interface FunnelSettings {
  steps: string[];
  /** Window in seconds. */
  windowSeconds: number;
  order: FunnelOrder;
  breakdown: FunnelBreakdown;
  purchases: 'auto' | 'events' | 'transactions';
}

export interface FunnelStep {
  /** 1-based. */
  step: number;
  name: string;
  people: number;
  /** people / people at step 1 (null when nobody did step 1). */
  conversion: number | null;
  /** people / people at the previous step (null for step 1 or when that is 0). */
  stepConversion: number | null;
  /** People of the previous step who did not reach this one (0 for step 1). */
  dropOff: number;
  /** Median seconds from the previous step (null for step 1 or nobody). */
  medianSeconds: number | null;
}

export interface FunnelGroup {
  value: string | null;
  steps: FunnelStep[];
}

export interface ConversionFunnelResult {
  settings: FunnelSettings;
  /** No events table is loaded. */
  noEvents: boolean;
  /** Purchases were taken from the transactions. */
  purchasesFromTransactions: boolean;
  steps: FunnelStep[];
  /** Per breakdown value (most people at step 1 first), when a breakdown is set. */
  groups: FunnelGroup[];
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

function invalid(option: string, value: unknown, accepts: OptionAccepts): CrmError {
  return new CrmError('invalid-option', { value: String(value), option, accepts });
}

/** Check and normalise the options. */
export function funnelSettings(opts: ConversionFunnelOptions = {}): FunnelSettings {
  const raw_ = opts.steps ?? '';
  const steps = (typeof raw_ === 'string' ? raw_.split(',') : [...raw_]).map((s) => String(s).trim());
  if (steps.length < 2 || steps.length > 10 || steps.some((s) => s === '' || s.length > 200 || s.includes('\u0000'))) {
    throw invalid('steps', raw_, { kind: 'event-steps', min: 2, max: 10 });
  }
  let windowSeconds = 14 * 86_400;
  const w = opts.window;
  if (w !== undefined && w !== null && w !== '') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(String(w));
    const n = m ? Number(m[1]) * UNIT[(m[2] || 'd').toLowerCase()] : NaN;
    if (!m || !Number.isFinite(n) || n < 1 || n > 3650 * 86_400) throw invalid('window', w, { kind: 'duration', maxDays: 3650 });
    windowSeconds = Math.round(n);
  }
  const order = choice(opts.order || 'sequential', 'order', FUNNEL_ORDERS);
  const breakdown = choice(opts.breakdown || 'none', 'breakdown', FUNNEL_BREAKDOWNS);
  const purchases = choice(opts.purchases || 'auto', 'purchases', ['auto', 'events', 'transactions'] as const);
  if (order === 'any' && new Set(steps).size !== steps.length) throw invalid('steps', raw_, { kind: 'event-steps', min: 2, max: 10, distinct: true });
  return { steps, windowSeconds, order, breakdown, purchases };
}

/** The events the funnel reads: the events table (and the transactions' orders as purchases). */
function eventsSource(ds: Dataset, s: FunnelSettings, fromTransactions: boolean, withCode = false): SQL {
  // `person`: the key steps are matched and people counted by (the events table's whole-number `pid`, or the
  // id itself when orders join in); `name`: the person's id, which the selection of other widgets names.
  if (!fromTransactions) return sql`SELECT pid AS person, person AS name, "timestamp" AS ts, event, channel, campaign${withCode ? raw(', event_code') : raw('')} FROM ${ident(ds.events!)}`;
  const channel = ds.fields.has('channel') ? raw('channel') : raw('CAST(NULL AS VARCHAR)');
  return sql`SELECT person, person AS name, "timestamp" AS ts, event, channel, campaign FROM ${ident(ds.events!)} WHERE event <> 'purchase'
    UNION ALL SELECT customer_id, customer_id, CAST(order_date AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND, 'purchase', ${channel}, CAST(NULL AS VARCHAR) FROM ${ident(ds.transactions)}`;
}

/**
 * One row per person who did step 1: `person` (the events table's `pid`, or the id when orders join in),
 * `b` (breakdown value), `level` (steps reached, 1…n)
 * and `t1`…`tn` (the time of each step reached, NULL beyond).
 */
export function funnelPeopleQuery(ds: Dataset, s: FunnelSettings, fromTransactions: boolean, filter?: SQL): SQL {
  const n = s.steps.length;
  const W = sql`INTERVAL ${raw(String(s.windowSeconds))} SECOND`;
  const b = s.breakdown === 'none' ? raw('CAST(NULL AS VARCHAR)') : ident(s.breakdown);
  const names = [...new Set(s.steps)];
  // Same-instant events are ordered by their step's position (then name), so a step at the same instant as the previous one counts.
  const rank = sql`CASE event ${join(names.map((nm) => sql`WHEN ${nm} THEN ${s.steps.indexOf(nm)}`), ' ')} ELSE ${n} END`;
  const onlySteps = s.order === 'strict' ? raw('TRUE') : sql`event IN (${join(names)})`;
  // In order with different step names, an event can only ever be one step: times alone order the steps (no
  // numbering of each person's events, the costly part). Repeated names and strict order number them.
  const byTime = s.order === 'sequential' && names.length === n;
  const seq = byTime ? raw('') : sql`, row_number() OVER (PARTITION BY person ORDER BY ts, ${rank}, event) AS seq`;
  const ev = sql`SELECT person, ts, event, ${b} AS b${seq}
    FROM (${eventsSource(ds, s, fromTransactions)}) WHERE ${onlySteps} AND ${selectedBy(ds, filter, raw('name'))}`;
  const t = (k: number) => ident(`t${k}`);
  const q = (k: number) => ident(`q${k}`);
  const ctes: SQL[] = [sql`ev AS (${ev})`];
  let attempts: SQL;
  if (s.order === 'any') {
    const next = s.steps.map((nm, i) => sql`min(ts) FILTER (WHERE event = ${nm}) OVER w AS ${ident(`n${i}`)}`);
    ctes.push(sql`nx AS (SELECT person, b, ts, ${join(next)} FROM ev WINDOW w AS (PARTITION BY person ORDER BY seq ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING))`);
    const inWin = s.steps.map((_, i) => sql`CASE WHEN ${ident(`n${i}`)} <= ts + ${W} THEN ${ident(`n${i}`)} END`);
    ctes.push(sql`tl AS (SELECT person, b, list_sort(list_filter([${join(inWin)}], x -> x IS NOT NULL)) AS tl FROM nx)`);
    attempts = sql`SELECT person, b, len(tl) AS level, ${join(s.steps.map((_, i) => sql`tl[${i + 1}] AS ${t(i + 1)}`))} FROM tl`;
  } else {
    ctes.push(sql`a1 AS (SELECT person, b, ${byTime ? raw('') : sql`seq AS q1, `}ts AS t1 FROM ev WHERE event = ${s.steps[0]})`);
    for (let k = 2; k <= n; k++) {
      const prev = ident(`a${k - 1}`);
      // Only an attempt that reached step k − 1 goes on: DuckDB's ASOF LEFT JOIN (1.4) can match a row whose
      // inequality key is NULL to some row of its person (seen on tens of thousands of events), so it is checked here.
      const keep = sql`CASE WHEN p.${t(k - 1)} IS NOT NULL AND x.ts <= p.t1 + ${W} THEN`;
      const join_ =
        s.order === 'strict'
          ? sql`LEFT JOIN ev x ON x.person = p.person AND x.seq = p.${q(k - 1)} + 1 AND x.event = ${s.steps[k - 1]}`
          : byTime
            ? sql`ASOF LEFT JOIN (SELECT person, ts FROM ev WHERE event = ${s.steps[k - 1]}) x ON x.person = p.person AND p.${t(k - 1)} <= x.ts`
            : sql`ASOF LEFT JOIN (SELECT person, seq, ts FROM ev WHERE event = ${s.steps[k - 1]}) x ON x.person = p.person AND p.${q(k - 1)} < x.seq`;
      ctes.push(sql`${ident(`a${k}`)} AS (SELECT p.*, ${byTime ? raw('') : sql`${keep} x.seq END AS ${q(k)}, `}${keep} x.ts END AS ${t(k)} FROM ${prev} p ${join_})`);
    }
    const level = join(s.steps.map((_, i) => sql`(${t(i + 1)} IS NOT NULL)::INTEGER`), ' + ');
    attempts = sql`SELECT person, b, ${level} AS level, ${join(s.steps.map((_, i) => t(i + 1)))} FROM ${ident(`a${n}`)}`;
  }
  ctes.push(sql`att AS (${attempts})`);
  // Each person's attempt that got furthest, the earliest of those: one aggregation (no sort of the attempts).
  const key = sql`level * 1e13 - epoch_ms(t1)`;
  const best = s.steps.map((_, i) => sql`arg_max(${t(i + 1)}, ${key}) AS ${t(i + 1)}`);
  // arg_max_null: the counted attempt's value even when it is NULL (arg_max would skip to another attempt's).
  return sql`WITH ${join(ctes)} SELECT person, arg_max_null(b, ${key}) AS b, max(level) AS level, ${join(best)} FROM att GROUP BY person`;
}

/** Counts and median times per step (and per breakdown value, `g` = 0) from the people query. */
export function conversionFunnelQuery(ds: Dataset, s: FunnelSettings, fromTransactions: boolean, filter?: SQL): SQL {
  const cols: SQL[] = [];
  for (let k = 1; k <= s.steps.length; k++) {
    cols.push(sql`count(*) FILTER (WHERE level >= ${k}) AS ${ident(`p${k}`)}`);
    if (k > 1) cols.push(sql`median(epoch(${ident(`t${k}`)}) - epoch(${ident(`t${k - 1}`)})) FILTER (WHERE level >= ${k}) AS ${ident(`m${k}`)}`);
  }
  return sql`SELECT b, grouping(b) AS g, ${join(cols)} FROM (${funnelPeopleQuery(ds, s, fromTransactions, filter)}) GROUP BY GROUPING SETS ((), (b)) ORDER BY g DESC, p1 DESC, b`;
}

/** A breakdown with more distinct values than this is left to the SQL path (each step-1 event's value is looked up in a list of them). */
const MAX_CODED_VALUES = 100;

/** DuckDB's `median` (quantile_cont 0.5) of `v`: the middle value, or the two middle ones interpolated. */
function median(v: Float64Array): number | null {
  if (!v.length) return null;
  v.sort();
  const pos = (v.length - 1) / 2;
  const lo = Math.floor(pos);
  return lo === pos ? v[lo] : v[lo] + (v[lo + 1] - v[lo]) * (pos - lo);
}

/** A growable list of doubles. */
class Doubles {
  a = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  values(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

/**
 * The rows of `conversionFunnelQuery` for an in-order funnel whose steps have different names (the
 * common case), worked out in the page over the funnel's events: the engine only filters them and
 * numbers their step (one scan: no sort, no join per step); here they are put in order per person
 * (a counting sort on the whole-number person key, then each person's few events by time and step),
 * and each person's attempts are followed through "the next event of step k at or after the previous
 * step's" with a table of the next event of each step (so a person with many events costs linear time).
 * The same definitions as `funnelPeopleQuery` (tests check both paths give the same figures).
 * Undefined when the case is not this one (other orders, purchases from the transactions, a breakdown
 * with very many values): the SQL then.
 */
/**
 * The steps' event codes from the events table's dictionary (`eventNames` in events.ts; 0 for a name no event
 * has), or undefined when the table has none (an events table made some other way): the text is compared then.
 */
async function stepCodes(ds: Dataset, steps: readonly string[]): Promise<number[] | undefined> {
  let rows: { event: string; event_code: number }[];
  try {
    rows = await queryRows<{ event: string; event_code: number }>(
      ds.engine,
      sql`SELECT event, event_code FROM ${ident(eventNames(ds.events!))} WHERE event IN (${join(steps.map((nm) => sql`${nm}`))})`,
    );
    // The column too (a table written before codes were).
    await ds.engine.query(sql`SELECT event_code FROM ${ident(ds.events!)} LIMIT 0`);
  } catch {
    return undefined;
  }
  return steps.map((nm) => Number(rows.find((r) => r.event === nm)?.event_code ?? 0));
}

async function sequentialRows(ds: Dataset, s: FunnelSettings, fromTransactions: boolean, filter?: SQL): Promise<Record<string, unknown>[] | undefined> {
  const n = s.steps.length;
  if (s.order !== 'sequential' || new Set(s.steps).size !== n || fromTransactions) return undefined;
  let values: string[] = [];
  if (s.breakdown !== 'none') {
    const v = await queryRows<{ b: string }>(
      ds.engine,
      sql`SELECT DISTINCT ${ident(s.breakdown)} AS b FROM ${ident(ds.events!)} WHERE event = ${s.steps[0]} AND ${ident(s.breakdown)} IS NOT NULL LIMIT ${MAX_CODED_VALUES + 1}`,
    );
    if (v.length > MAX_CODED_VALUES) return undefined;
    values = v.map((r) => String(r.b));
  }
  // Step number k (0-based), through the events' name codes when the table has them (numbers compared per row, not
  // text; a step no event has gets code 0, which no event has either); the breakdown value of step-1 events as its
  // position in `values` (0: none).
  const codes = await stepCodes(ds, s.steps);
  const k = codes
    ? sql`CASE event_code ${join(codes.map((c, i) => sql`WHEN ${c} THEN ${i}`), ' ')} END`
    : sql`CASE event ${join(s.steps.map((nm, i) => sql`WHEN ${nm} THEN ${i}`), ' ')} END`;
  // (No breakdown, or no values: no column, every code 0.)
  const code = values.length ? sql`, CAST(CASE WHEN k = 0 THEN coalesce(list_position([${join(values)}], b), 0) ELSE 0 END AS INTEGER) AS c` : raw('');
  const t = await ds.engine.query(sql`SELECT person, t, CAST(k AS TINYINT) AS k${code}
    FROM (SELECT person, CAST(epoch_us(ts) AS DOUBLE) AS t, ${k} AS k, ${s.breakdown === 'none' ? raw('NULL') : ident(s.breakdown)} AS b
          FROM (${eventsSource(ds, s, false, !!codes)}) WHERE ${selectedBy(ds, filter, raw('name'))})
    WHERE k IS NOT NULL`);
  const P = t.getChild('person')!.toArray() as Int32Array;
  const T = t.getChild('t')!.toArray() as Float64Array;
  const K = t.getChild('k')!.toArray() as Int8Array;
  const C = values.length ? (t.getChild('c')!.toArray() as Int32Array) : new Int32Array(P.length);
  const m = P.length;
  // Counting sort by person: `order` lists the events person by person, `start[p]` … `start[p + 1]` being p's.
  let maxP = 0;
  for (let i = 0; i < m; i++) if (P[i] > maxP) maxP = P[i];
  const start = new Int32Array(maxP + 2);
  for (let i = 0; i < m; i++) start[P[i] + 1]++;
  for (let p = 1; p <= maxP + 1; p++) start[p] += start[p - 1];
  const fill = start.slice(0, maxP + 1);
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[fill[P[i]]++] = i;
  // Within a person: by time, then step (a step at the same instant as the previous one comes after it).
  const before = (i: number, j: number) => T[i] < T[j] || (T[i] === T[j] && K[i] < K[j]);
  // next[s][j]: the position (in `order`) of the person's first step-s event at or after position j, or −1.
  const next = Array.from({ length: n }, (_, st) => new Int32Array(st ? m : 0));
  const at = new Int32Array(n);
  const W = s.windowSeconds * 1e6;
  // Index 0: everyone; 1 … V: the breakdown values; V + 1: people whose step-1 event has no value.
  const by = s.breakdown !== 'none';
  const groups = by ? values.length + 2 : 1;
  const reached = new Float64Array(groups * n);
  const gaps: Doubles[] = Array.from({ length: groups * n }, () => new Doubles());
  const times = new Float64Array(n);
  const best = new Float64Array(n);
  // Millions of events take a second or more: the page gets its thread back every ~40 ms meanwhile.
  let slice = performance.now();
  for (let p = 0; p <= maxP; p++) {
    if ((p & 4095) === 0 && performance.now() - slice > 40) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      slice = performance.now();
    }
    const from = start[p];
    const to = start[p + 1];
    if (from === to) continue;
    // Insertion sort: a person's events are few, and often already in order.
    for (let j = from + 1; j < to; j++) {
      const e = order[j];
      let i = j - 1;
      while (i >= from && before(e, order[i])) {
        order[i + 1] = order[i];
        i--;
      }
      order[i + 1] = e;
    }
    at.fill(-1);
    for (let j = to - 1; j >= from; j--) {
      at[K[order[j]]] = j;
      for (let st = 1; st < n; st++) next[st][j] = at[st];
    }
    let level = 0;
    let group = 0;
    for (let j = from; j < to && level < n; j++) {
      const e = order[j];
      if (K[e] !== 0) continue;
      const t1 = T[e];
      times[0] = t1;
      let l = 1;
      let pos = j;
      for (; l < n; l++) {
        const q = pos + 1 < to ? next[l][pos + 1] : -1;
        if (q < 0 || T[order[q]] > t1 + W) break;
        times[l] = T[order[q]];
        pos = q;
      }
      // The attempt that got furthest, the earliest of those.
      if (l > level) {
        level = l;
        group = by ? C[e] || values.length + 1 : 0;
        best.set(times);
      }
    }
    if (!level) continue;
    for (let st = 0; st < level; st++) {
      reached[st] += 1;
      if (group) reached[group * n + st] += 1;
      if (st > 0) {
        const gap = (best[st] - best[st - 1]) / 1e6;
        gaps[st].push(gap);
        if (group) gaps[group * n + st].push(gap);
      }
    }
  }
  const row = (g: number, b: string | null, total: boolean) => {
    const r: Record<string, unknown> = { b, g: total ? 1 : 0 };
    for (let st = 0; st < n; st++) {
      r[`p${st + 1}`] = reached[g * n + st];
      if (st > 0) r[`m${st + 1}`] = median(gaps[g * n + st].values());
    }
    return r;
  };
  const rows = [row(0, null, true)];
  if (by) {
    const out = [...values.map((v, i) => row(i + 1, v, false)), row(values.length + 1, null, false)].filter((r) => Number(r.p1) > 0);
    // As the SQL orders them: most people at step 1 first, then by value (none last).
    const text = (r: Record<string, unknown>) => r.b as string | null;
    out.sort((a, b) => {
      const x = text(a);
      const y = text(b);
      return Number(b.p1) - Number(a.p1) || (x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1);
    });
    rows.push(...out);
  }
  return rows;
}

/** Whether the funnel takes purchases from the transactions. */
async function purchasesFromTransactions(ds: Dataset, s: FunnelSettings): Promise<boolean> {
  if (!s.steps.includes('purchase') || s.purchases === 'events') return false;
  if (s.purchases === 'transactions') return true;
  const r = await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${ident(ds.events!)} WHERE event = 'purchase' LIMIT 1)`);
  return Number(r[0].n) === 0;
}

function stepsOf(row: Record<string, unknown>, s: FunnelSettings): FunnelStep[] {
  const p = (k: number) => Number(row[`p${k}`] ?? 0);
  return s.steps.map((name, i) => {
    const k = i + 1;
    const people = p(k);
    const m = k > 1 ? row[`m${k}`] : null;
    return {
      step: k,
      name,
      people,
      conversion: p(1) ? people / p(1) : null,
      stepConversion: k > 1 && p(k - 1) ? people / p(k - 1) : null,
      dropOff: k > 1 ? p(k - 1) - people : 0,
      medianSeconds: m === null || m === undefined ? null : Number(m),
    };
  });
}

export async function runConversionFunnel(ds: Dataset, opts: ConversionFunnelOptions = {}, filter?: SQL): Promise<ConversionFunnelResult> {
  const settings = funnelSettings(opts);
  if (!ds.events) return { settings, noEvents: true, purchasesFromTransactions: false, steps: stepsOf({}, settings), groups: [] };
  const fromTx = await purchasesFromTransactions(ds, settings);
  const rows = (await sequentialRows(ds, settings, fromTx, filter)) ?? (await queryRows<Record<string, unknown>>(ds.engine, conversionFunnelQuery(ds, settings, fromTx, filter)));
  const total = rows.find((r) => Number(r.g) === 1) ?? {};
  const groups = settings.breakdown === 'none' ? [] : rows.filter((r) => Number(r.g) === 0).map((r) => ({ value: (r.b as string | null) ?? null, steps: stepsOf(r, settings) }));
  return { settings, noEvents: false, purchasesFromTransactions: fromTx, steps: stepsOf(total, settings), groups };
}

/**
 * The customers of one group of the funnel: `converted` = reached step `step`; `dropped` = reached
 * step − 1 but not step. `value`: only that breakdown value (undefined: all). People who are not
 * customers (anonymous visitors) match nothing in the per-customer table.
 */
export async function funnelGroupPredicate(
  ds: Dataset,
  opts: ConversionFunnelOptions,
  pick: { step: number; group: 'converted' | 'dropped'; value?: string | null },
): Promise<SQL> {
  const s = funnelSettings(opts);
  if (!ds.events) throw new CrmError('invalid-option', { option: 'events', needs: { kind: 'events' } });
  const fromTx = await purchasesFromTransactions(ds, s);
  const k = Math.round(pick.step);
  if (!(k >= 1 && k <= s.steps.length) || (pick.group === 'dropped' && k < 2)) throw invalid('step', pick.step, { kind: 'step', min: pick.group === 'dropped' ? 2 : 1, max: s.steps.length });
  const cond = pick.group === 'converted' ? sql`level >= ${k}` : sql`level = ${k - 1}`;
  const by = pick.value === undefined ? raw('TRUE') : pick.value === null ? raw('b IS NULL') : sql`b = ${pick.value}`;
  const people = sql`SELECT person FROM (${funnelPeopleQuery(ds, s, fromTx)}) WHERE ${cond} AND ${by}`;
  // Keys are the events table's `pid` unless orders joined in (see eventsSource): back to ids.
  return fromTx ? sql`customer_id IN (${people})` : sql`customer_id IN (SELECT person FROM ${ident(ds.events)} WHERE pid IN (${people}))`;
}

