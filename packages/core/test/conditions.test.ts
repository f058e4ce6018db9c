import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows } from '../src/engine.js';
import { ident } from '../src/sql.js';
import { CrmError } from '../src/errors.js';
import { checkCondition, conditionPredicate, plainOptions, type ConditionDescriptor } from '../src/conditions.js';
import type { Dataset } from '../src/model.js';

const day = '2024-02-01';
// revenue / cost: a 100/10, b 80/50, c 40/5, d 20/30, e 60/20 → medians revenue 60, cost 20
const first = [
  { customer_id: 'a', order_date: day, amount: 100, cost: 10 },
  { customer_id: 'b', order_date: day, amount: 80, cost: 50 },
  { customer_id: 'c', order_date: day, amount: 40, cost: 5 },
  { customer_id: 'd', order_date: day, amount: 20, cost: 30 },
  { customer_id: 'e', order_date: day, amount: 60, cost: 20 },
];

async function ids(ds: Dataset, c: ConditionDescriptor): Promise<string[]> {
  const rows = await queryRows<{ customer_id: string }>(ds.engine, `SELECT customer_id FROM ${ident(ds.facts).text} WHERE ${conditionPredicate(ds, c).text} ORDER BY 1`);
  return rows.map((r) => r.customer_id);
}

const refusal = (x: unknown) => {
  try {
    checkCondition(x);
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('accepted');
};

describe('widget conditions', () => {
  it('a quadrant is worked out again on new data: the medians of that data, not a frozen list', async () => {
    const c = checkCondition(JSON.parse(JSON.stringify({ widget: 'profit-matrix', options: {}, key: 'carriage' })));
    // carriage = revenue > 60 and cost > 20: b (80/50) only.
    expect(await ids(await dataset(first), c)).toEqual(['b']);
    // New data: f 200/90 and g 150/60 join. Revenue 20,40,60,80,100,150,200 → median 80; cost 5,10,20,30,50,60,90 → 30.
    // carriage = revenue > 80 and cost > 30: f and g (b's 80 is not above 80).
    const more = [...first, { customer_id: 'f', order_date: day, amount: 200, cost: 90 }, { customer_id: 'g', order_date: day, amount: 150, cost: 60 }];
    expect(await ids(await dataset(more), c)).toEqual(['f', 'g']);
    // Splits given as options stay: revenue > 50, cost > 15 → b (80/50), e (60/20); f and g on the new data too.
    const fixed = { widget: 'profit-matrix', options: { xSplit: 50, ySplit: 15 }, key: 'carriage' };
    expect(await ids(await dataset(more), checkCondition(fixed))).toEqual(['b', 'e', 'f', 'g']);
  });

  it('a tier and a range of ranks are worked out by their analyses', async () => {
    const ds = await dataset(first);
    // Tiers "top:40,rest": 40 % of 5 customers = 2, by revenue: a (100), b (80).
    expect(await ids(ds, checkCondition({ widget: 'segment-pyramid', options: { mode: 'tiers', tiers: 'top:40,rest' }, key: 'top' }))).toEqual(['a', 'b']);
    // Ranks 2..3 by revenue: b (80), e (60).
    expect(await ids(ds, checkCondition({ widget: 'pareto-curve', options: { by: 'revenue' }, key: { from: 2, to: 3 } }))).toEqual(['b', 'e']);
  });

  it('refuses descriptors that are not conditions, with the reason', async () => {
    expect(refusal(null).detail.reason).toBe('bad-condition');
    expect(refusal({ widget: 'drop-table', options: {}, key: 'x' }).detail.reason).toBe('unknown-widget');
    expect(refusal({ widget: 'profit-matrix', options: { 'x); DROP': 1 }, key: 'carriage' }).detail.reason).toBe('bad-condition');
    expect(refusal({ widget: 'profit-matrix', options: { x: { nested: true } }, key: 'carriage' }).detail.reason).toBe('bad-condition');
    expect(refusal({ widget: 'profit-matrix', options: {}, key: 'x'.repeat(500) }).detail.reason).toBe('bad-condition');
    expect(refusal({ widget: 'pareto-curve', options: {}, key: { from: 1.5, to: 'x' } }).detail.reason).toBe('bad-condition');
    // Well-formed but meaningless to the analysis: refused when worked out, naming the option.
    const ds = await dataset(first);
    const hostile = checkCondition({ widget: 'segment-pyramid', options: { by: "revenue'; DROP TABLE t; --" }, key: 'diamond' });
    expect(() => conditionPredicate(ds, hostile)).toThrow(/invalid segment: segment-pyramid: invalid by/);
    expect(() => conditionPredicate(ds, checkCondition({ widget: 'profit-matrix', options: {}, key: 'everyone' }))).toThrow(/invalid quadrant/);
    expect(plainOptions({ a: 1, b: undefined, c: 'x', d: { t: 1 }, e: Number.NaN, f: null })).toEqual({ a: 1, c: 'x', f: null });
  });
});
