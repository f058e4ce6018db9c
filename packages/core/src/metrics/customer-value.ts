/**
 * Predicted customer value: the BG/NBD and Gamma-Gamma models
 * (`../models/`) fitted on the per-customer summary the engine builds from
 * the transactions, and what they say about each customer.
 *
 * Summary at a calibration end E (the last day of the period, inclusive;
 * only orders on or before E count), as lifetimes' `summary_data_from_
 * transaction_data` builds it:
 * - purchase days: the days a customer ordered (orders on one day count once,
 *   their amounts summed);
 * - x = purchase days − 1 (repeat purchases), t_x = last − first purchase day,
 *   T = E − first purchase day, in days or weeks (days ÷ 7);
 * - monetary m̄ = mean value of the repeat purchase days (the first left out),
 *   for x ≥ 1; revenue = Σ amount on or before E.
 *
 * Fitting: BG/NBD by maximum likelihood over the distinct (x, t_x, T) triples
 * with their counts; Gamma-Gamma on the customers with x ≥ 1 and m̄ > 0.
 * Both fits cover every customer of the period (other widgets' selection
 * narrows who is *shown*, not the population the model learns from).
 *
 * Per customer (scores at as-of, i.e. E = as-of − 1 day):
 * - p_alive = P(alive | x, t_x, T);
 * - expected = E[Y(days) | x, t_x, T], repeat purchases in the next `days` days;
 * - aov = E[M | x, m̄] (Gamma-Gamma; m̄ < 0 counts as 0; x = 0: the population mean);
 * - clv = aov · Σ_{k=1..months} (E[Y(30k)] − E[Y(30(k−1))]) / (1 + discount)^k,
 *   months of 30 days discounted monthly (lifetimes' `customer_lifetime_value`);
 * - tier by clv rank (ties by customer_id): top 5 %, high next 15 %, medium
 *   next 30 %, low the rest (cut-offs ⌈share · n⌉ over every scored customer);
 * - likely alive: p_alive ≥ 0.5.
 *
 * Worth winning back: customers whose lifecycle stage at as-of (default
 * thresholds, lifecycle-funnel.ts) is dozing or half-asleep and who are likely
 * alive, ranked by p_alive × aov (the value of their next purchase weighed by
 * the chance they are still there).
 *
 * Holdout validation: a second fit with the calibration ending at
 * `calibration-end` (default: halfway between the first and the last order
 * day); for each calibration frequency x = 0 … 6 and 7+, the mean actual
 * repeat purchase days in the holdout (calibration-end, last order day] and
 * the mean predicted E[Y(holdout length) | x, t_x, T] (Fader, Hardie & Lee
 * 2005, figure 3).
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { dateLit, ident, raw, sql, type SQL } from '../sql.js';
import { cachedQuery, cachedValue, stableHash } from '../cache.js';
import { asOfOption, choice, dateOption, daysOption, numberOption } from '../options.js';
import { addDays, assignmentPredicate, selectedBy } from './customers-at.js';
import { lifecycleAssignmentQuery } from './lifecycle-funnel.js';
import { aliveOdds, expectedNumerator, fitBgNbd, type BgNbdFit, type BgNbdParams } from '../models/bgnbd.js';
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from '../models/gamma-gamma.js';

export const TIME_UNITS = ['weeks', 'days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const VALUE_TIERS = ['top', 'high', 'medium', 'low'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];
/** Cumulative share of customers (by clv rank) up to the end of each tier. */
const TIER_UPTO = [0.05, 0.2, 0.5, 1];
/** Frequency groups of the validation: 0 … 6 and 7+. */
export const VALIDATION_GROUPS = 8;
const DAY = 86_400_000;

export interface CustomerValueOptions {
  /** Scores at this date (exclusive: orders before it count); default the day after the last order. */
  asOf?: string;
  /** Last day of the validation's calibration period; default halfway between the first and last order day. */
  calibrationEnd?: string;
  unit?: string;
  /** Expected purchases over the next this many days (default 90). */
  days?: number | string;
  /** CLV horizon in months of 30 days (default 12). */
  months?: number | string;
  /** Monthly discount rate (default 0.01). */
  discount?: number | string;
}

export interface CustomerValueSettings {
  asOf: string;
  /** Last day of the scoring period: as-of − 1 day. */
  scoreEnd: string;
  calibrationEnd: string;
  holdoutEnd: string;
  unit: TimeUnit;
  days: number;
  months: number;
  discount: number;
}

export interface ModelFit {
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  /** Last day of the period the models were fitted on. */
  end: string;
  unit: TimeUnit;
}

export interface ValueTierRow {
  tier: ValueTier;
  customers: number;
  likelyAlive: number;
  /** Σ revenue up to as-of. */
  historical: number;
  /** Σ predicted CLV over the horizon. */
  predicted: number;
  expected: number;
  meanAlive: number | null;
}

export interface AliveBin {
  /** Lower edge: 0, 0.1, … 0.9 (the last bin includes 1). */
  from: number;
  to: number;
  customers: number;
}

export interface WinBackCustomer {
  customerId: string;
  stage: string;
  pAlive: number;
  aov: number;
  clv: number;
  revenue: number;
}

export interface ValidationRow {
  /** Calibration repeat purchases; the last group is 7+ (`x` = 7). */
  x: number;
  customers: number;
  actual: number;
  predicted: number;
}

export interface Validation {
  fit: ModelFit;
  calibrationEnd: string;
  holdoutEnd: string;
  /** Holdout length in the model's unit. */
  holdout: number;
  groups: ValidationRow[];
  /** Σ actual and Σ predicted repeat purchases in the holdout. */
  actualTotal: number;
  predictedTotal: number;
}

export interface CustomerValueResult {
  settings: CustomerValueSettings;
  fit: ModelFit;
  tiers: ValueTierRow[];
  alive: AliveBin[];
  customers: number;
  likelyAlive: number;
  winBack: { customers: number; clv: number; top: WinBackCustomer[] };
  /** Undefined when the validation could not be fitted; `validationError` says why. */
  validation?: Validation;
  validationError?: CrmError;
}

export function customerValueSettings(ds: Pick<Dataset, 'asOf' | 'minDate' | 'maxDate'>, opts: CustomerValueOptions = {}): CustomerValueSettings {
  const asOf = asOfOption(opts.asOf, ds.asOf);
  const span = Math.round((Date.parse(ds.maxDate) - Date.parse(ds.minDate)) / DAY);
  const calibrationEnd = dateOption(opts.calibrationEnd, 'calibration-end') ?? addDays(ds.minDate, Math.floor(span / 2));
  const s: CustomerValueSettings = {
    asOf,
    scoreEnd: addDays(asOf, -1),
    calibrationEnd,
    holdoutEnd: ds.maxDate,
    unit: opts.unit === undefined || opts.unit === '' ? 'weeks' : choice(opts.unit, 'unit', TIME_UNITS),
    days: daysOption(opts.days, 'days') ?? 90,
    months: numberOption(opts.months, 'months', { min: 1, max: 600, integer: true }) ?? 12,
    discount: numberOption(opts.discount, 'discount', { min: 0, max: 1 }) ?? 0.01,
  };
  return s;
}

/**
 * Per customer with an order on or before `end`: customer_id, x, tx_days,
 * t_days (T), monetary (mean repeat purchase day value, NULL when x = 0),
 * revenue; and with `holdoutEnd`, holdout = purchase days in (end, holdoutEnd].
 */
export function valueSummaryQuery(ds: Pick<Dataset, 'transactions'>, end: string, holdoutEnd?: string): SQL {
  const E = dateLit(end);
  const holdout = holdoutEnd ? sql`, coalesce(h.days, 0)::INTEGER AS holdout` : raw('');
  const holdoutJoin = holdoutEnd
    ? sql`LEFT JOIN (SELECT customer_id, count(DISTINCT CAST(order_date AS DATE)) AS days FROM ${ident(ds.transactions)}
          WHERE order_date > ${E} AND order_date <= ${dateLit(holdoutEnd)} GROUP BY 1) AS h USING (customer_id)`
    : raw('');
  return sql`WITH d AS (
      SELECT customer_id, CAST(order_date AS DATE) AS day, sum(amount) AS value
      FROM ${ident(ds.transactions)} WHERE order_date <= ${E} GROUP BY 1, 2),
    f AS (
      SELECT customer_id, count(*) - 1 AS x, min(day) AS first_day, max(day) AS last_day,
        sum(value) AS total, arg_min(value, day) AS first_value
      FROM d GROUP BY 1)
    SELECT customer_id, CAST(x AS INTEGER) AS x,
      CAST(date_diff('day', first_day, last_day) AS INTEGER) AS tx_days,
      CAST(date_diff('day', first_day, ${E}) AS INTEGER) AS t_days,
      CAST(CASE WHEN x > 0 THEN (total - first_value) / x END AS DOUBLE) AS monetary,
      CAST(total AS DOUBLE) AS revenue${holdout}
    FROM f ${holdoutJoin}`;
}

const unitDays = (u: TimeUnit) => (u === 'weeks' ? 7 : 1);

/** A step of the first fit and score, as a User Timing measure (`crmkit:value:<step>`) a profile or the bench can read. */
function measure<T>(step: string, work: () => Promise<T>): Promise<T>;
function measure<T>(step: string, work: () => T): T;
function measure<T>(step: string, work: () => T | Promise<T>): T | Promise<T> {
  const start = performance.now();
  const done = () => {
    try {
      performance.measure(`crmkit:value:${step}`, { start, end: performance.now() });
    } catch {
      // A runtime without User Timing's measure options: no record, same result.
    }
  };
  const r = work();
  if (r instanceof Promise) return r.finally(done);
  done();
  return r;
}

/**
 * The scoring summary at `scoreEnd` and the holdout check's at
 * `calibrationEnd` from one pass over the transactions (one GROUP BY of the
 * purchase days, the costly part, instead of one per end): the columns of
 * `valueSummaryQuery` at `scoreEnd` (x = −1 for a customer whose first order
 * is after it), and c_x, c_tx_days, c_t_days, c_monetary and holdout
 * (purchase days in (calibrationEnd, holdoutEnd]) at `calibrationEnd`
 * (c_x = −1 when the first order is after it). The same figures as
 * `valueSummaryQuery` at each end.
 */
export function valueSummariesQuery(ds: Pick<Dataset, 'transactions'>, s: Pick<CustomerValueSettings, 'scoreEnd' | 'calibrationEnd' | 'holdoutEnd'>): SQL {
  const E = dateLit(s.scoreEnd);
  const C = dateLit(s.calibrationEnd);
  const H = dateLit(s.holdoutEnd);
  const upTo = dateLit(s.scoreEnd > s.holdoutEnd ? s.scoreEnd : s.holdoutEnd);
  // When the scoring end is the holdout's (as-of the day after the last order, the default), every purchase day
  // read is on or before both: the scoring figures need no filter and the holdout days are the days read less
  // the calibration's (fewer aggregates over the purchase days, the costly part of this pass).
  const all = s.scoreEnd === s.holdoutEnd;
  const scoring = all
    ? raw('count(*) - 1 AS x, max(day) AS last_day, sum(value) AS total')
    : sql`count(*) FILTER (WHERE day <= ${E}) - 1 AS x, max(day) FILTER (WHERE day <= ${E}) AS last_day, sum(value) FILTER (WHERE day <= ${E}) AS total`;
  const holdout = all ? raw('x - c_x') : raw('holdout');
  const holdoutAgg = all ? raw('') : sql`,
        count(*) FILTER (WHERE day > ${C} AND day <= ${H}) AS holdout`;
  return sql`WITH d AS (
      SELECT customer_id, CAST(order_date AS DATE) AS day, sum(amount) AS value
      FROM ${ident(ds.transactions)} WHERE order_date <= ${upTo} GROUP BY 1, 2),
    f AS (
      SELECT customer_id, min(day) AS first_day, arg_min(value, day) AS first_value,
        ${scoring},
        count(*) FILTER (WHERE day <= ${C}) - 1 AS c_x, max(day) FILTER (WHERE day <= ${C}) AS c_last_day, sum(value) FILTER (WHERE day <= ${C}) AS c_total${holdoutAgg}
      FROM d GROUP BY 1)
    SELECT customer_id, CAST(x AS INTEGER) AS x,
      CAST(date_diff('day', first_day, last_day) AS INTEGER) AS tx_days,
      CAST(date_diff('day', first_day, ${E}) AS INTEGER) AS t_days,
      CAST(CASE WHEN x > 0 THEN (total - first_value) / x END AS DOUBLE) AS monetary,
      CAST(total AS DOUBLE) AS revenue,
      CAST(c_x AS INTEGER) AS c_x,
      CAST(date_diff('day', first_day, c_last_day) AS INTEGER) AS c_tx_days,
      CAST(date_diff('day', first_day, ${C}) AS INTEGER) AS c_t_days,
      CAST(CASE WHEN c_x > 0 THEN (c_total - first_value) / c_x END AS DOUBLE) AS c_monetary,
      CAST(${holdout} AS INTEGER) AS holdout
    FROM f`;
}

/** Both summaries of `valueSummariesQuery` as a table built once per load and set of ends. */
function summariesFor(ds: Dataset, s: CustomerValueSettings): Promise<SQL> {
  return cachedQuery(ds, 'value_summary', valueSummariesQuery(ds, s));
}

/** The scoring summary (at `s.scoreEnd`) out of the combined table: `valueSummaryQuery`'s columns. */
async function scoringSummary(ds: Dataset, s: CustomerValueSettings): Promise<SQL> {
  return sql`SELECT customer_id, x, tx_days, t_days, monetary, revenue FROM (${await summariesFor(ds, s)}) AS s WHERE x >= 0`;
}

/** The calibration summary (at `s.calibrationEnd`) out of the combined table, with the holdout purchase days. */
async function calibrationSummary(ds: Dataset, s: CustomerValueSettings): Promise<SQL> {
  return sql`SELECT customer_id, c_x AS x, c_tx_days AS tx_days, c_t_days AS t_days, c_monetary AS monetary, holdout FROM (${await summariesFor(ds, s)}) AS s WHERE c_x >= 0`;
}

/** The summary at `end` as something to select from (a table built once per load and end). */
function summaryAt(ds: Dataset, end: string): Promise<SQL> {
  return cachedQuery(ds, 'value_summary', valueSummaryQuery(ds, end));
}

/** A numeric column of a query result as a Float64Array (INTEGER and DOUBLE columns alike). */
function column(t: Awaited<ReturnType<Dataset['engine']['query']>>, name: string): Float64Array {
  return Float64Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);
}

/** The distinct (x, tx_days, t_days) triples a fit was made on (in days), for scoring them without asking the engine again. */
const fitTriples = new WeakMap<ModelFit, { x: Float64Array; tx: Float64Array; t: Float64Array }>();

async function fitModels(ds: Dataset, end: string, unit: TimeUnit, summaryOf?: () => Promise<SQL>): Promise<ModelFit> {
  const k = unitDays(unit);
  const summary = await measure('summary', () => (summaryOf ? summaryOf() : summaryAt(ds, end)));
  // Columns straight into typed arrays (no object per group or per customer).
  // Both queries asked at once: the engine (a worker in the page) answers the second while the page fits the first.
  const spendAsked = ds.engine.query(sql`SELECT x, monetary AS m FROM (${summary}) WHERE x > 0 AND monetary > 0`);
  spendAsked.catch(() => undefined);
  const g = await measure('groups', () => ds.engine.query(sql`SELECT x, tx_days AS tx, t_days AS t, CAST(count(*) AS DOUBLE) AS n FROM (${summary}) GROUP BY ALL`));
  const x = column(g, 'x');
  const txDays = column(g, 'tx');
  const tDays = column(g, 't');
  const bgnbd = measure('bgnbd', () => fitBgNbd({ x, tx: txDays.map((v) => v / k), T: tDays.map((v) => v / k), n: column(g, 'n') }));
  const spend = await measure('spend', () => spendAsked);
  const gammaGamma = measure('gamma-gamma', () => fitGammaGamma({ x: column(spend, 'x'), m: column(spend, 'm') }));
  const fit: ModelFit = { bgnbd, gammaGamma, end, unit };
  fitTriples.set(fit, { x, tx: txDays, t: tDays });
  return fit;
}

/**
 * The models fitted on the summary at `end`: one fit per load, end and unit
 * (the per-load cache of `../cache.ts`, dropped with the load), shared by the
 * widget, the customer list and card, and anything else that scores.
 */
export function modelFit(ds: Dataset, end: string, unit: TimeUnit, summaryOf?: () => Promise<SQL>): Promise<ModelFit> {
  // `summaryOf`: where the summary at `end` already is (the combined table of `valueSummariesQuery`); the same fit either way.
  return cachedValue(ds, 'value_fit', `${end}|${unit}`, () => fitModels(ds, end, unit, summaryOf));
}

/**
 * Scores per distinct (x, tx_days, t_days): p_alive, expected purchases in
 * `days`, and the discounted purchase factor for the CLV (Σ ΔE_k / (1+d)^k).
 * The conditional expectation's hypergeometric part depends on (x, T) only and
 * is computed once per pair.
 */
export function scoreTriples(
  p: BgNbdParams,
  triples: { x: ArrayLike<number>; tx: ArrayLike<number>; t: ArrayLike<number> },
  o: { unit: TimeUnit; days: number; months: number; discount: number },
): { pAlive: Float64Array; expected: Float64Array; factor: Float64Array } {
  const k = unitDays(o.unit);
  const n = triples.x.length;
  const out = { pAlive: new Float64Array(n), expected: new Float64Array(n), factor: new Float64Array(n) };
  // Numerators per (x, T), `w` apart in one array (no object per pair): [at `days`, at 30, 60, … 30·months days].
  const w = o.months + 1;
  const tops = new Float64Array(n * w);
  const pairAt = new Map<number, number>();
  const discounts = new Float64Array(o.months + 1);
  for (let m = 1; m <= o.months; m++) discounts[m] = Math.pow(1 + o.discount, m);
  for (let i = 0; i < n; i++) {
    const x = triples.x[i];
    const tx = triples.tx[i] / k;
    const T = triples.t[i] / k;
    const key = x * 1_048_576 + triples.t[i];
    let top = pairAt.get(key);
    if (top === undefined) {
      top = pairAt.size * w;
      pairAt.set(key, top);
      tops[top] = expectedNumerator(p, o.days / k, x, T);
      for (let m = 1; m <= o.months; m++) tops[top + m] = expectedNumerator(p, (30 * m) / k, x, T);
    }
    const den = 1 + aliveOdds(p, x, tx, T);
    out.pAlive[i] = 1 / den;
    out.expected[i] = tops[top] / den;
    let prev = 0;
    let f = 0;
    for (let m = 1; m <= o.months; m++) {
      const e = tops[top + m] / den;
      f += (e - prev) / discounts[m];
      prev = e;
    }
    out.factor[i] = f;
  }
  for (const a of [out.pAlive, out.expected, out.factor]) {
    if (a.some((v) => !Number.isFinite(v))) {
      throw new CrmError('model-fit', {
        model: { name: 'bgnbd', problem: 'degenerate', reason: 'non-finite prediction' },
      });
    }
  }
  return out;
}

/** Scored triple tables per engine and data set prefix (a reload drops the last load's), by name: one build however many callers. */
const tripleTables = new WeakMap<object, Map<string, { ds: Dataset; tables: Map<string, Promise<void>> }>>();

async function scoredTriples(ds: Dataset, s: CustomerValueSettings, fit: ModelFit): Promise<string> {
  const key = JSON.stringify([ds.version, fit.end, fit.unit, fit.bgnbd.params, s.days, s.months, s.discount]);
  const name = `${ds.id}value_${stableHash(key)}`;
  let m = tripleTables.get(ds.engine);
  if (!m) tripleTables.set(ds.engine, (m = new Map()));
  const slot = m.get(ds.id);
  if (slot && slot.ds !== ds) {
    m.delete(ds.id);
    for (const [t, made] of slot.tables) await made.then(() => ds.engine.exec(sql`DROP TABLE IF EXISTS ${ident(t)}`)).catch(() => undefined);
  }
  let own = m.get(ds.id);
  if (!own) m.set(ds.id, (own = { ds, tables: new Map() }));
  let made = own.tables.get(name);
  if (!made) {
    made = (async () => {
      // The fit's groups are the distinct triples: scored once each, then joined back to the customers in SQL.
      let triples = fitTriples.get(fit);
      if (!triples) {
        const t = await ds.engine.query(sql`SELECT DISTINCT x, tx_days, t_days FROM (${await summaryAt(ds, fit.end)})`);
        triples = { x: column(t, 'x'), tx: column(t, 'tx_days'), t: column(t, 't_days') };
      }
      const x = Int32Array.from(triples.x);
      const tx = Int32Array.from(triples.tx);
      const T = Int32Array.from(triples.t);
      const sc = measure('score', () => scoreTriples(fit.bgnbd.params, { x, tx, t: T }, s));
      // Arrow's builders come with the engine's code when it is needed, not with the page.
      const { Table, makeVector, tableToIPC } = await import('apache-arrow');
      const table = new Table({ x: makeVector(x), tx_days: makeVector(tx), t_days: makeVector(T), p_alive: makeVector(sc.pAlive), expected: makeVector(sc.expected), factor: makeVector(sc.factor) });
      await measure('write', () => ds.engine.insertArrowIPC(name, tableToIPC(table, 'stream')));
    })();
    own.tables.set(name, made);
    const tables = own.tables;
    // A failed build is tried again by the next caller.
    made.catch(() => tables.get(name) === made && tables.delete(name));
  }
  await made;
  return name;
}

/** The assignment's SQL over the scored triples (one row per customer with an order before as-of). */
function assignmentInline(summary: SQL, fit: ModelFit, triples: string): SQL {
  const { p, q, gamma } = fit.gammaGamma.params;
  // E[M | x, m̄] (gamma-gamma.ts), in SQL.
  const aov = sql`CASE WHEN v.x = 0 THEN ${(p * gamma) / (q - 1)}::DOUBLE
      ELSE ${p}::DOUBLE * (${gamma}::DOUBLE + v.x * greatest(v.monetary, 0)) / (${p}::DOUBLE * v.x + ${q}::DOUBLE - 1) END`;
  // n = every scored customer: the customers the BG/NBD fit counted (one per summary row), so no second window pass.
  const tiers = TIER_UPTO.map((u, i) => sql`WHEN rank <= ceil(${u}::DOUBLE * n - 1e-9) THEN ${VALUE_TIERS[i]}`.text).join(' ');
  return sql`WITH v AS (${summary}),
    c AS (SELECT v.customer_id, v.x, v.tx_days, v.t_days, v.monetary, v.revenue, t.p_alive, t.expected, ${aov} AS aov, t.factor
          FROM v JOIN ${ident(triples)} AS t USING (x, tx_days, t_days)),
    r AS (SELECT *, aov * factor AS clv, row_number() OVER (ORDER BY aov * factor DESC, customer_id) AS rank, ${fit.bgnbd.customers}::BIGINT AS n FROM c)
    SELECT customer_id, x, tx_days, t_days, monetary, revenue, p_alive, expected, aov, clv, CAST(rank AS INTEGER) AS rank,
      CASE ${raw(tiers)} END AS tier
    FROM r`;
}

export interface ScoredValue {
  settings: CustomerValueSettings;
  fit: ModelFit;
  /** SQL selecting the scored customers (cached table once built). */
  assignment: SQL;
}

/** Fit (cached) and score every customer at as-of. */
export async function scoreCustomerValue(ds: Dataset, opts: CustomerValueOptions = {}): Promise<ScoredValue> {
  const settings = customerValueSettings(ds, opts);
  const fit = await modelFit(ds, settings.scoreEnd, settings.unit, () => scoringSummary(ds, settings));
  const triples = await scoredTriples(ds, settings, fit);
  const assignment = await measure('assignment', async () => cachedQuery(ds, 'value', assignmentInline(await scoringSummary(ds, settings), fit, triples)));
  return { settings, fit, assignment };
}

/** Selection predicate: the customers of a scored group (`tier = 'top'`, a P(alive) bin, the win-back group). */
export function valuePredicate(scored: ScoredValue, where: SQL): SQL {
  return assignmentPredicate(scored.assignment, where);
}

/** Selection predicate: the customers of a value tier. */
export function valueTierPredicate(scored: ScoredValue, tier: ValueTier): SQL {
  return valuePredicate(scored, sql`tier = ${tier}`);
}

/** Selection predicate: customers with from ≤ P(alive) < to (to = 1 includes 1). */
export function aliveBinPredicate(scored: ScoredValue, from: number, to: number): SQL {
  return valuePredicate(scored, to >= 1 ? sql`p_alive >= ${from}` : sql`p_alive >= ${from} AND p_alive < ${to}`);
}

/** Dozing or half-asleep at as-of (default thresholds) and likely alive. */
function winBackWhere(ds: Dataset, s: CustomerValueSettings): SQL {
  return sql`p_alive >= 0.5 AND customer_id IN (SELECT customer_id FROM (${lifecycleAssignmentQuery(ds, { asOf: s.asOf })}) AS l WHERE stage IN ('dozing', 'half-asleep'))`;
}

/** Selection predicate: the worth-winning-back customers. */
export function winBackPredicate(ds: Dataset, scored: ScoredValue): SQL {
  return valuePredicate(scored, winBackWhere(ds, scored.settings));
}

/**
 * The holdout validation: its own fit (calibration window), worked out once
 * per load, calibration end, holdout end and unit (it does not depend on other
 * widgets' selection).
 */
export function runValidation(ds: Dataset, s: CustomerValueSettings): Promise<Validation> {
  return cachedValue(ds, 'value_validation', `${s.calibrationEnd}|${s.holdoutEnd}|${s.unit}|${ds.minDate}`, () => validate(ds, s));
}

async function validate(ds: Dataset, s: CustomerValueSettings): Promise<Validation> {
  if (s.calibrationEnd >= s.holdoutEnd || s.calibrationEnd < ds.minDate) {
    throw new CrmError('model-fit', { model: { name: 'bgnbd', problem: 'no-holdout' }, value: s.calibrationEnd, option: 'calibration-end', first: ds.minDate, last: addDays(ds.maxDate, -1) });
  }
  // The calibration summary comes with the scoring one (one pass over the transactions for both).
  const fit = await modelFit(ds, s.calibrationEnd, s.unit, () => calibrationSummary(ds, s));
  const k = unitDays(s.unit);
  const holdoutDays = Math.round((Date.parse(s.holdoutEnd) - Date.parse(s.calibrationEnd)) / DAY);
  const holdout = holdoutDays / k;
  const rows = await queryRows<{ x: number; tx: number; t: number; n: number; actual: number }>(
    ds.engine,
    sql`SELECT x, tx_days AS tx, t_days AS t, CAST(count(*) AS DOUBLE) AS n, CAST(sum(holdout) AS DOUBLE) AS actual
        FROM (${await calibrationSummary(ds, s)}) GROUP BY ALL`,
  );
  const groups: ValidationRow[] = Array.from({ length: VALIDATION_GROUPS }, (_, x) => ({ x, customers: 0, actual: 0, predicted: 0 }));
  let actualTotal = 0;
  let predictedTotal = 0;
  // E[Y(holdout)]'s numerator depends on (x, T) only: once per pair (conditionalExpected = numerator / (1 + odds)).
  const tops = new Map<number, number>();
  for (const r of rows) {
    const key = r.x * 1_048_576 + r.t;
    let top = tops.get(key);
    if (top === undefined) tops.set(key, (top = expectedNumerator(fit.bgnbd.params, holdout, r.x, r.t / k)));
    const e = top / (1 + aliveOdds(fit.bgnbd.params, r.x, r.tx / k, r.t / k));
    const g = groups[Math.min(r.x, VALIDATION_GROUPS - 1)];
    g.customers += r.n;
    g.actual += r.actual;
    g.predicted += e * r.n;
    actualTotal += r.actual;
    predictedTotal += e * r.n;
  }
  for (const g of groups) {
    g.actual = g.customers ? g.actual / g.customers : 0;
    g.predicted = g.customers ? g.predicted / g.customers : 0;
  }
  return { fit, calibrationEnd: s.calibrationEnd, holdoutEnd: s.holdoutEnd, holdout, groups: groups.filter((g) => g.customers > 0), actualTotal, predictedTotal };
}

/**
 * Everything the widget shows, for the customers `filter` selects (the models
 * always learn from every customer). With `validation: false` the holdout
 * check is left out (the widget works it out after drawing the rest, with
 * `runValidation`).
 */
export async function runCustomerValue(ds: Dataset, opts: CustomerValueOptions = {}, filter?: SQL, how: { validation?: boolean } = {}): Promise<CustomerValueResult> {
  const scored = await scoreCustomerValue(ds, opts);
  const { settings: s, assignment } = scored;
  const sel = selectedBy(ds, filter);
  const tierRows = await queryRows<{ tier: ValueTier; customers: number; alive: number; historical: number; predicted: number; expected: number; mean_alive: number | null }>(
    ds.engine,
    sql`SELECT tier, count(*) AS customers, count(*) FILTER (WHERE p_alive >= 0.5) AS alive, sum(revenue) AS historical, sum(clv) AS predicted,
          sum(expected) AS expected, avg(p_alive) AS mean_alive
        FROM (${assignment}) AS a WHERE ${sel} GROUP BY tier`,
  );
  const tiers: ValueTierRow[] = VALUE_TIERS.map((tier) => {
    const r = tierRows.find((t) => t.tier === tier);
    return {
      tier,
      customers: Number(r?.customers ?? 0),
      likelyAlive: Number(r?.alive ?? 0),
      historical: Number(r?.historical ?? 0),
      predicted: Number(r?.predicted ?? 0),
      expected: Number(r?.expected ?? 0),
      meanAlive: r?.mean_alive ?? null,
    };
  });
  const bins = await queryRows<{ bin: number; customers: number }>(
    ds.engine,
    sql`SELECT CAST(least(floor(p_alive * 10), 9) AS INTEGER) AS bin, count(*) AS customers FROM (${assignment}) AS a WHERE ${sel} GROUP BY 1`,
  );
  const alive: AliveBin[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, customers: Number(bins.find((b) => b.bin === i)?.customers ?? 0) }));
  const win = await queryRows<{ customer_id: string; stage: string; p_alive: number; aov: number; clv: number; revenue: number }>(
    ds.engine,
    sql`SELECT a.customer_id, l.stage, a.p_alive, a.aov, a.clv, a.revenue
        FROM (${assignment}) AS a JOIN (${lifecycleAssignmentQuery(ds, { asOf: s.asOf })}) AS l USING (customer_id)
        WHERE a.p_alive >= 0.5 AND l.stage IN ('dozing', 'half-asleep') AND ${selectedBy(ds, filter, raw('a.customer_id'))}
        ORDER BY a.p_alive * a.aov DESC, a.customer_id`,
  );
  const out: CustomerValueResult = {
    settings: s,
    fit: scored.fit,
    tiers,
    alive,
    customers: tiers.reduce((a, t) => a + t.customers, 0),
    likelyAlive: tiers.reduce((a, t) => a + t.likelyAlive, 0),
    winBack: {
      customers: win.length,
      clv: win.reduce((a, w) => a + w.clv, 0),
      top: win.slice(0, 5).map((w) => ({ customerId: String(w.customer_id), stage: w.stage, pAlive: w.p_alive, aov: w.aov, clv: w.clv, revenue: w.revenue })),
    },
  };
  if (how.validation !== false) await addValidation(ds, out);
  return out;
}

/** Fill in `r.validation`, or `r.validationError` when it cannot be fitted (other errors are thrown). */
export async function addValidation(ds: Dataset, r: CustomerValueResult): Promise<void> {
  try {
    r.validation = await runValidation(ds, r.settings);
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    r.validationError = e;
  }
}

/** One customer's scores (for the card), or null when they had no order before as-of. */
export async function customerValueOf(ds: Dataset, customerId: string, opts: CustomerValueOptions = {}): Promise<{ pAlive: number; expected: number; aov: number; clv: number; tier: ValueTier } | null> {
  const { assignment } = await scoreCustomerValue(ds, opts);
  const r = await queryRows<{ p_alive: number; expected: number; aov: number; clv: number; tier: ValueTier }>(
    ds.engine,
    sql`SELECT p_alive, expected, aov, clv, tier FROM (${assignment}) AS a WHERE customer_id = ${customerId}`,
  );
  return r.length ? { pAlive: r[0].p_alive, expected: r[0].expected, aov: r[0].aov, clv: r[0].clv, tier: r[0].tier } : null;
}
