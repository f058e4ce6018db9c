import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows } from '../src/engine.js';
import { raw, sql } from '../src/sql.js';
import {
  aliveBinPredicate,
  customerValueOf,
  customerValueSettings,
  runCustomerValue,
  scoreCustomerValue,
  valueSummariesQuery,
  valueSummaryQuery,
  valueTierPredicate,
  winBackPredicate,
} from '../src/metrics/customer-value.js';
import { conditionalExpected, pAlive } from '../src/models/bgnbd.js';
import { expectedAverageValue } from '../src/models/gamma-gamma.js';

const repo = (p: string) => new URL(`../../../${p}`, import.meta.url);
const sample = readFileSync(repo('datasets/cdnow/CDNOW_sample.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.trim().split(/\s+/))
  .map(([, id, date, cds, dollars]) => ({ customer_id: String(Number(id)), order_date: date, quantity: Number(cds), amount: Number(dollars) }));
const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

describe('customer-value summary', () => {
  it('counts purchase days, measures t_x and T to the calibration end, and averages the repeat days', async () => {
    const ds = await dataset([
      // a: two orders on Jan 1 (one purchase day worth 15), then Jan 15 and Feb 1; Mar 1 is the end day (counts)
      { customer_id: 'a', order_date: '2024-01-01', amount: 10 },
      { customer_id: 'a', order_date: '2024-01-01', amount: 5 },
      { customer_id: 'a', order_date: '2024-01-15', amount: 20 },
      { customer_id: 'a', order_date: '2024-03-01', amount: 30 },
      // holdout: two orders on Mar 10 (one day) and one on Mar 20 → 2 purchase days; Apr 2 is after the holdout
      { customer_id: 'a', order_date: '2024-03-10', amount: 1 },
      { customer_id: 'a', order_date: '2024-03-10', amount: 1 },
      { customer_id: 'a', order_date: '2024-03-20', amount: 1 },
      { customer_id: 'a', order_date: '2024-04-02', amount: 1 },
      // b: one order only
      { customer_id: 'b', order_date: '2024-02-20', amount: 40 },
      // c: first order after the end: not in the summary
      { customer_id: 'c', order_date: '2024-03-02', amount: 7 },
    ]);
    const rows = await queryRows(ds.engine, sql`SELECT * FROM (${valueSummaryQuery(ds, '2024-03-01', '2024-04-01')}) ORDER BY customer_id`);
    // a: days Jan 1, Jan 15, Mar 1 → x = 2; t_x = Jan 1 → Mar 1 = 31 + 29 = 60 days; T = 60;
    //    repeat days 20 and 30 → m̄ = 25; revenue 15 + 20 + 30 = 65
    // b: x = 0, t_x = 0, T = Feb 20 → Mar 1 = 10 days, m̄ NULL, revenue 40, no holdout purchase
    expect(rows).toEqual([
      { customer_id: 'a', x: 2, tx_days: 60, t_days: 60, monetary: 25, revenue: 65, holdout: 2 },
      { customer_id: 'b', x: 0, tx_days: 0, t_days: 10, monetary: null, revenue: 40, holdout: 0 },
    ]);
    // Both summaries from one pass: scoring at Apr 2 (every order), calibration at Mar 1 with the holdout to Apr 1.
    const both = await queryRows(
      ds.engine,
      sql`SELECT * FROM (${valueSummariesQuery(ds, { scoreEnd: '2024-04-02', calibrationEnd: '2024-03-01', holdoutEnd: '2024-04-01' })}) ORDER BY customer_id`,
    );
    // a at Apr 2: days Jan 1, Jan 15, Mar 1, Mar 10, Mar 20, Apr 2 → x = 5; t_x = T = 31 + 29 + 31 + 1 = 92 days;
    //   m̄ = (20 + 30 + 2 + 1 + 1) / 5 = 10.8; revenue 15 + 20 + 30 + 2 + 1 + 1 = 69; at Mar 1 as above
    // b at Apr 2: T = Feb 20 → Apr 2 = 10 + 32 = 42 days
    // c at Apr 2: first order Mar 2, T = 31 days; at Mar 1 not yet a customer (c_x = −1), its Mar 2 day is in the holdout
    expect(both.map((r) => ({ ...r, c_tx_days: r.c_x < 0 ? 'n/a' : r.c_tx_days, c_t_days: r.c_x < 0 ? 'n/a' : r.c_t_days }))).toEqual([
      { customer_id: 'a', x: 5, tx_days: 92, t_days: 92, monetary: 10.8, revenue: 69, c_x: 2, c_tx_days: 60, c_t_days: 60, c_monetary: 25, holdout: 2 },
      { customer_id: 'b', x: 0, tx_days: 0, t_days: 42, monetary: null, revenue: 40, c_x: 0, c_tx_days: 0, c_t_days: 10, c_monetary: null, holdout: 0 },
      { customer_id: 'c', x: 0, tx_days: 0, t_days: 31, monetary: null, revenue: 7, c_x: -1, c_tx_days: 'n/a', c_t_days: 'n/a', c_monetary: null, holdout: 1 },
    ]);
    // Scoring and holdout ending on the same day (the default: as-of the day after the last order), which the
    // query works out with fewer aggregates: Apr 1 for both (the Apr 2 order is after it).
    const same = await queryRows(
      ds.engine,
      sql`SELECT * FROM (${valueSummariesQuery(ds, { scoreEnd: '2024-04-01', calibrationEnd: '2024-03-01', holdoutEnd: '2024-04-01' })}) ORDER BY customer_id`,
    );
    // a at Apr 1: days Jan 1, Jan 15, Mar 1, Mar 10, Mar 20 → x = 4; t_x = 31 + 29 + 19 = 79 days; T = 31 + 29 + 31 = 91;
    //   m̄ = (20 + 30 + 2 + 1) / 4 = 13.25; revenue 15 + 20 + 30 + 2 + 1 = 68; at Mar 1 as above, holdout Mar 10 and Mar 20
    // b at Apr 1: T = Feb 20 → Apr 1 = 10 + 31 = 41 days; c at Apr 1: T = Mar 2 → Apr 1 = 30 days, its Mar 2 day in the holdout
    expect(same.map((r) => ({ ...r, c_tx_days: r.c_x < 0 ? 'n/a' : r.c_tx_days, c_t_days: r.c_x < 0 ? 'n/a' : r.c_t_days }))).toEqual([
      { customer_id: 'a', x: 4, tx_days: 79, t_days: 91, monetary: 13.25, revenue: 68, c_x: 2, c_tx_days: 60, c_t_days: 60, c_monetary: 25, holdout: 2 },
      { customer_id: 'b', x: 0, tx_days: 0, t_days: 41, monetary: null, revenue: 40, c_x: 0, c_tx_days: 0, c_t_days: 10, c_monetary: null, holdout: 0 },
      { customer_id: 'c', x: 0, tx_days: 0, t_days: 30, monetary: null, revenue: 7, c_x: -1, c_tx_days: 'n/a', c_t_days: 'n/a', c_monetary: null, holdout: 1 },
    ]);
  });

  it('the one-pass summaries are the summary at each end (CDNOW sample, every customer)', async () => {
    const ds = await dataset(sample);
    const s = { scoreEnd: '1998-06-30', calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' };
    const both = sql`(${valueSummariesQuery(ds, s)})`;
    const cols = (p: string) => `${p}x, ${p}tx_days, ${p}t_days, round(${p}monetary, 9)`;
    // Rows of one side missing from the other, both ways: none.
    const diff = async (a: string, b: string) =>
      Number((await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM ((${raw(a)}) EXCEPT ALL (${raw(b)}))`))[0].n);
    const scoring = `SELECT customer_id, ${cols('')}, round(revenue, 9) FROM ${both.text} WHERE x >= 0`;
    const scoringRef = `SELECT customer_id, ${cols('')}, round(revenue, 9) FROM (${valueSummaryQuery(ds, s.scoreEnd).text})`;
    const calibration = `SELECT customer_id, ${cols('c_')}, holdout FROM ${both.text} WHERE c_x >= 0`;
    const calibrationRef = `SELECT customer_id, ${cols('')}, holdout FROM (${valueSummaryQuery(ds, s.calibrationEnd, s.holdoutEnd).text})`;
    expect([await diff(scoring, scoringRef), await diff(scoringRef, scoring), await diff(calibration, calibrationRef), await diff(calibrationRef, calibration)]).toEqual([0, 0, 0, 0]);
    // 2,357 customers, all of them first bought in the first quarter of 1997 (in the calibration period)
    expect(Number((await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM ${both} AS b WHERE c_x >= 0`))[0].n)).toBe(2357);
  });

  it('checks its options', async () => {
    const ds = { asOf: '2024-04-03', minDate: '2024-01-01', maxDate: '2024-04-02' };
    // default calibration end: halfway, Jan 1 + ⌊92 / 2⌋ = 46 days = Feb 16
    expect(customerValueSettings(ds)).toEqual({ asOf: '2024-04-03', scoreEnd: '2024-04-02', calibrationEnd: '2024-02-16', holdoutEnd: '2024-04-02', unit: 'weeks', days: 90, months: 12, discount: 0.01 });
    expect(() => customerValueSettings(ds, { unit: 'months' })).toThrow(/invalid unit: months/);
    expect(() => customerValueSettings(ds, { discount: '-0.1' })).toThrow(/invalid discount/);
    expect(() => customerValueSettings(ds, { months: '1.5' })).toThrow(/invalid months/);
  });
});

describe('customer value on the CDNOW sample', () => {
  const opts = { calibrationEnd: '1997-09-30', days: 273, months: 12, discount: 0.01 };

  it('scores every customer with the fitted models, tiers them by CLV and validates on the holdout', async () => {
    const ds = await dataset(sample);
    const v = await runCustomerValue(ds, opts);
    // scoring fit: every order (as-of = the day after 1998-06-30)
    expect(v.settings.scoreEnd).toBe('1998-06-30');
    expect(v.customers).toBe(2357);
    // tiers: ⌈0.05 · 2357⌉ = 118, ⌈0.2 · 2357⌉ = 472 → 354, ⌈0.5 · 2357⌉ = 1179 → 707, the rest 1178
    expect(v.tiers.map((t) => t.customers)).toEqual([118, 354, 707, 1178]);
    expect(v.alive.reduce((a, b) => a + b.customers, 0)).toBe(2357);
    // historical = Σ amount of the sample (every order is before as-of)
    const total = sample.reduce((a, r) => a + r.amount, 0);
    expect(v.tiers.reduce((a, t) => a + t.historical, 0)).toBeCloseTo(total, 6);
    // predicted CLV falls from tier to tier (ranked by it)
    const avg = v.tiers.map((t) => t.predicted / t.customers);
    expect(avg[0]).toBeGreaterThan(avg[1]);
    expect(avg[1]).toBeGreaterThan(avg[2]);
    expect(avg[2]).toBeGreaterThan(avg[3]);

    // one customer by hand from the model formulas: customer 1's purchase days up to 1998-06-30
    const one = sample.filter((r) => r.customer_id === '1');
    const byDay = new Map<string, number>();
    for (const r of one) byDay.set(r.order_date, (byDay.get(r.order_date) ?? 0) + r.amount);
    const days = [...byDay.keys()].sort();
    const dayNo = (d: string) => Date.parse(iso(d)) / 86_400_000;
    const x = days.length - 1;
    const tx = (dayNo(days[x]) - dayNo(days[0])) / 7;
    const T = (dayNo('19980630') - dayNo(days[0])) / 7;
    const m = days.slice(1).reduce((a, d) => a + byDay.get(d)!, 0) / x;
    const p = v.fit.bgnbd.params;
    const aov = expectedAverageValue(v.fit.gammaGamma.params, x, m);
    let clv = 0;
    for (let k = 1; k <= 12; k++) clv += (aov * (conditionalExpected(p, (30 * k) / 7, x, tx, T) - conditionalExpected(p, (30 * (k - 1)) / 7, x, tx, T))) / 1.01 ** k;
    const got = await customerValueOf(ds, '1', opts);
    expect(got!.pAlive).toBeCloseTo(pAlive(p, x, tx, T), 12);
    expect(got!.expected).toBeCloseTo(conditionalExpected(p, 273 / 7, x, tx, T), 12);
    expect(got!.aov).toBeCloseTo(aov, 9);
    expect(got!.clv).toBeCloseTo(clv, 9);
    expect(await customerValueOf(ds, 'nobody', opts)).toBeNull();

    // validation: calibration to 1997-09-30, holdout to 1998-06-30 (273 days = 39 weeks)
    const val = v.validation!;
    expect(val.fit.bgnbd.params.r.toFixed(3)).toBe('0.243');
    expect(val.holdout).toBe(39);
    // actual: purchase days per customer in the holdout, counted here from the text file
    const cal = new Map<string, Set<string>>();
    const hold = new Map<string, Set<string>>();
    for (const r of sample) {
      const into = r.order_date <= '19970930' ? cal : hold;
      if (!into.has(r.customer_id)) into.set(r.customer_id, new Set());
      into.get(r.customer_id)!.add(r.order_date);
    }
    const actual = new Array(8).fill(0);
    const count = new Array(8).fill(0);
    for (const [id, d] of cal) {
      const g = Math.min(d.size - 1, 7);
      count[g]++;
      actual[g] += hold.get(id)?.size ?? 0;
    }
    expect(val.groups.map((g) => g.customers)).toEqual(count);
    val.groups.forEach((g, i) => expect(g.actual).toBeCloseTo(actual[i] / count[i], 12));
    expect(val.actualTotal).toBe(actual.reduce((a, b) => a + b, 0));
    // predicted: E[Y(39) | x, t_x, T] averaged per group, worked out here from cdnow_customers_summary.csv
    // (weeks to 2 decimals, so agreement to 1e-3 relative)
    const csv = readFileSync(repo('datasets/cdnow/cdnow_customers_summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const pred = new Array(8).fill(0);
    for (const [, cx, ctx, cT] of csv) pred[Math.min(cx, 7)] += conditionalExpected(val.fit.bgnbd.params, 39, cx, ctx, cT);
    val.groups.forEach((g, i) => expect(g.predicted / (pred[i] / count[i])).toBeCloseTo(1, 3));
    // as in Fader, Hardie & Lee (2005, figure 4): close for x = 0 (0.237 actual), below the actual for x = 1 and 2
    expect(Math.abs(val.groups[0].predicted / val.groups[0].actual - 1)).toBeLessThan(0.1);
  });

  it('selects a tier, a P(alive) bin and the customers worth winning back', async () => {
    const ds = await dataset(sample);
    const scored = await scoreCustomerValue(ds, opts);
    const top = await runCustomerValue(ds, opts, valueTierPredicate(scored, 'top'));
    expect(top.tiers.map((t) => t.customers)).toEqual([118, 0, 0, 0]);
    const all = await runCustomerValue(ds, opts);
    const bin = await runCustomerValue(ds, opts, aliveBinPredicate(scored, 0.9, 1));
    expect(bin.customers).toBe(all.alive[9].customers);
    expect(bin.alive.slice(0, 9).every((b) => b.customers === 0)).toBe(true);
    // worth winning back: dozing or half-asleep on 1998-07-01 and P(alive) ≥ 0.5, best p_alive × aov first
    const wb = all.winBack;
    expect(wb.customers).toBeGreaterThan(0);
    expect(wb.top.every((c) => c.pAlive >= 0.5 && (c.stage === 'dozing' || c.stage === 'half-asleep'))).toBe(true);
    for (let i = 1; i < wb.top.length; i++) expect(wb.top[i - 1].pAlive * wb.top[i - 1].aov).toBeGreaterThanOrEqual(wb.top[i].pAlive * wb.top[i].aov);
    const picked = await runCustomerValue(ds, opts, winBackPredicate(ds, scored));
    expect(picked.customers).toBe(wb.customers);
    expect(picked.winBack.customers).toBe(wb.customers);
  });

  it('gives the same predictions in days as in weeks (the model only rescales α)', async () => {
    const ds = await dataset(sample);
    const weeks = await customerValueOf(ds, '1', { unit: 'weeks' });
    const days = await customerValueOf(ds, '1', { unit: 'days' });
    const w = (await scoreCustomerValue(ds, { unit: 'weeks' })).fit.bgnbd.params;
    const d = (await scoreCustomerValue(ds, { unit: 'days' })).fit.bgnbd.params;
    // r, a, b unchanged; α in days = 7 × α in weeks (to the optimiser's tolerance)
    expect(d.r / w.r).toBeCloseTo(1, 4);
    expect(d.alpha / (7 * w.alpha)).toBeCloseTo(1, 4);
    expect(d.a / w.a).toBeCloseTo(1, 4);
    expect(d.b / w.b).toBeCloseTo(1, 4);
    expect(days!.pAlive).toBeCloseTo(weeks!.pAlive, 4);
    expect(days!.expected / weeks!.expected).toBeCloseTo(1, 4);
    expect(days!.clv / weeks!.clv).toBeCloseTo(1, 4);
  });

  it('says so when the data cannot support a fit, and when the holdout is empty', async () => {
    const ds = await dataset(sample.filter((r) => Number(r.customer_id) <= 20));
    await expect(runCustomerValue(ds)).rejects.toMatchObject({ code: 'model-fit', detail: { model: { name: 'bgnbd', problem: 'too-few-customers', count: 20, needed: 30 } } });
    const full = await dataset(sample);
    const v = await runCustomerValue(full, { calibrationEnd: '1998-06-30' });
    expect(v.validation).toBeUndefined();
    expect(v.validationError).toMatchObject({ code: 'model-fit', detail: { model: { problem: 'no-holdout' }, option: 'calibration-end' } });
  });
});
