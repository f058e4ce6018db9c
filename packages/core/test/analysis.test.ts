import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { CrmError } from '../src/errors.js';
import { asOfOption } from '../src/options.js';
import { sql } from '../src/sql.js';
import { attributeOf, checkAnalysisOptions, optionNames, optionResets } from '../src/analysis.js';
import { SEGMENT_PYRAMID } from '../src/analyses/segment-pyramid.js';
import { PARETO_CURVE } from '../src/analyses/pareto-curve.js';
import { PROFIT_MATRIX } from '../src/analyses/profit-matrix.js';
import { LIFECYCLE_FUNNEL } from '../src/analyses/lifecycle-funnel.js';
import { CONVERSION_FUNNEL } from '../src/analyses/conversion-funnel.js';
import { TAGS } from '../src/analyses/tags.js';
import { KPIS } from '../src/analyses/kpis.js';
import { CUSTOMER_LIST } from '../src/analyses/customer-list.js';

/** The error a promise or a call is refused with. */
async function refusal(f: () => unknown): Promise<CrmError> {
  try {
    await f();
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('not refused');
}

// a 300 (two orders), b 60, c 40 (two orders); the last order 2024-03-01, so the data's as-of is 2024-03-02.
const rows = [
  { customer_id: 'a', order_date: '2024-01-02', amount: 100, cost: 10 },
  { customer_id: 'a', order_date: '2024-03-01', amount: 200, cost: 30 },
  { customer_id: 'b', order_date: '2024-01-10', amount: 60, cost: 50 },
  { customer_id: 'c', order_date: '2024-02-01', amount: 15, cost: 1 },
  { customer_id: 'c', order_date: '2024-02-20', amount: 25, cost: 2 },
];

describe('analysis descriptions', () => {
  it('name each option\'s attribute (kebab-case unless given) and say which re-query and which reset the selection', () => {
    expect(attributeOf('asOf', SEGMENT_PYRAMID.options.asOf)).toBe('as-of');
    expect(attributeOf('tiersBy', SEGMENT_PYRAMID.options.tiersBy)).toBe('tiers-by');
    expect(attributeOf('rulesAttr', TAGS.options.rulesAttr)).toBe('rules');
    expect(attributeOf('rules', TAGS.options.rules)).toBe(false);
    // The matrix's labels only rename the quadrants: not part of its query.
    expect(optionNames(PROFIT_MATRIX.options, 'query')).not.toContain('labels');
    expect(optionNames(PROFIT_MATRIX.options, 'draw')).toEqual(['labels']);
    // The funnel's breakdown re-queries but keeps who a step holds; the tags' thresholds keep the ticked tags.
    expect(optionResets(CONVERSION_FUNNEL.options.breakdown)).toBe(false);
    expect(optionResets(CONVERSION_FUNNEL.options.steps)).toBe(true);
    expect(optionResets(TAGS.options.newDays)).toBe(false);
  });

  it('check a display option with the checker\'s facts', () => {
    const e = (() => {
      try {
        checkAnalysisOptions(PROFIT_MATRIX.options, { labels: 'one,two' }, 'draw');
      } catch (x) {
        return x as CrmError;
      }
    })()!;
    expect(e).toBeInstanceOf(CrmError);
    expect(e.code).toBe('invalid-option');
    expect(e.detail).toMatchObject({ option: 'labels', value: 'one,two', expectedForm: 'four-names' });
    expect(() => checkAnalysisOptions(PROFIT_MATRIX.options, { labels: 'A,B,C,D' }, 'draw')).not.toThrow();
  });

  it('decide the as-of date in one place: the option when set, else the data\'s', async () => {
    const ds = await dataset(rows);
    expect(ds.asOf).toBe('2024-03-02');
    expect(asOfOption('', ds.asOf)).toBe('2024-03-02');
    expect(asOfOption('2024-02-01', ds.asOf)).toBe('2024-02-01');
    const e = await refusal(() => asOfOption('2024-02-31x', ds.asOf));
    expect(e.detail).toMatchObject({ option: 'as-of', accepts: { kind: 'date' } });
    // KPIs over 30 days to the data's as-of: orders on 2024-02-20 and 2024-03-01 (25 + 200).
    const k = await KPIS.run(ds, { days: 30, asOf: '' }, sql`TRUE`);
    expect(k.window).toEqual({ from: '2024-02-01', to: '2024-03-02', days: 30 });
    expect(k.current.revenue).toBe(15 + 25 + 200);
  });

  it('run every analysis the same way: (data, options, filter), the filter never among the options', async () => {
    const ds = await dataset(rows);
    const onlyBC = sql`customer_id IN ('b', 'c')`;
    // Pareto over b 60 and c 40: the top customer holds 60 %.
    const p = (await PARETO_CURVE.run(ds, { cut: 0.5 }, onlyBC))!;
    expect(p.summary.n).toBe(2);
    expect(p.summary.topShare).toBeCloseTo(0.6, 12);
    // Matrix over the same two: revenue 100, cost 53.
    const m = await PROFIT_MATRIX.run(ds, {}, onlyBC);
    expect(m.n).toBe(2);
    expect(m.totals.revenue).toBe(100);
    expect(m.totals.cost).toBe(53);
    const l = await CUSTOMER_LIST.run(ds, { sort: 'revenue' }, onlyBC);
    expect(l.rows.map((r) => r.customer_id)).toEqual(['b', 'c']);
    const f = await LIFECYCLE_FUNNEL.run(ds, {}, onlyBC);
    expect(f.customers).toBe(2);
  });

  it('refuse a bad option of Pareto, matrix and list as invalid-option with its facts, not as a query error', async () => {
    const ds = await dataset(rows);
    const cases: [Promise<unknown>, Record<string, unknown>][] = [
      [PARETO_CURVE.run(ds, { by: 'margin' }, sql`TRUE`), { option: 'by', value: 'margin', accepts: { kind: 'choice', allowed: ['revenue', 'profit'] } }],
      [PARETO_CURVE.run(ds, { cut: 1 }, sql`TRUE`), { option: 'cut', value: '1' }],
      [PROFIT_MATRIX.run(ds, { x: 'margin' }, sql`TRUE`), { option: 'x', value: 'margin', accepts: { kind: 'choice', allowed: ['revenue', 'price'] } }],
      [PROFIT_MATRIX.run(ds, { scale: 'log' }, sql`TRUE`), { option: 'scale', value: 'log' }],
      [CUSTOMER_LIST.run(ds, { sort: 'name' as never }, sql`TRUE`), { option: 'sort', value: 'name' }],
      [CUSTOMER_LIST.run(ds, { search: 'x'.repeat(201) }, sql`TRUE`), { option: 'search', accepts: { kind: 'text', max: 200 } }],
    ];
    for (const [p, facts] of cases) {
      const e = await refusal(() => p);
      expect(e.code, JSON.stringify(facts)).toBe('invalid-option');
      expect(e.detail).toMatchObject(facts);
    }
  });

  it('turn a click into a clause with its kind, and a condition when it means the same on any data', async () => {
    const ds = await dataset(rows);
    const tier = SEGMENT_PYRAMID.pick!(ds, {}, 'diamond', sql`TRUE`) as { kind: string; condition?: { widget: string; key: unknown } };
    expect(tier.kind).toBe('tier');
    expect(tier.condition).toMatchObject({ widget: 'segment-pyramid', key: 'diamond' });
    const range = PARETO_CURVE.pick!(ds, {}, { from: 1, to: 2 }, sql`TRUE`) as { kind: string; condition?: unknown };
    expect(range.kind).toBe('rank-range');
    expect(range.condition).toBeDefined();
    // Ranks among another widget's selection are no condition on other data.
    expect((PARETO_CURVE.pick!(ds, {}, { from: 1, to: 2 }, sql`customer_id <> 'a'`) as { condition?: unknown }).condition).toBeUndefined();
  });
});
