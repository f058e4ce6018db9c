/**
 * Row rules on the real engine: which rows each rule removes (counted in order), that the rest of
 * the load sees only the rows left (a cancelled row with an unreadable value is not checked), the
 * attribute syntax, and the errors for bad rules.
 */
import { describe, expect, it } from 'vitest';
import { CrmError, loadData, parseRowRules, checkRowRules, type RowRule } from '../src/index.js';
import { rowRuleText } from '../src/loaders/rules.js';
import { engine } from './engine.js';

// 8 rows. C-orders are cancellations; row 6's amount is unreadable, but it is a cancellation.
const CSV = [
  'Invoice,Customer ID,InvoiceDate,amount,Country',
  '1001,A,2011-01-05,10,France', // row 1
  '1002,A,2011-02-10,20,France', // row 2
  'C1003,A,2011-02-11,-20,France', // row 3: cancellation
  '1004,B,2011-03-01,40,Germany', // row 4
  '1005,B,2011-07-01,50,Germany', // row 5: after June
  'C1006,B,2011-07-02,oops,Germany', // row 6: cancellation, amount unreadable
  '1007,C,2011-04-01,70,Spain', // row 7: Spain
  '1008,D,2011-05-01,80,France', // row 8
].join('\n');
const bytes = new TextEncoder().encode(CSV + '\n');

let n = 0;
const load = async (rules: RowRule[]) => loadData(await engine(), bytes, { table: `rr${++n}`, name: 'orders.csv', rules });
const failure = async (rules: unknown) => {
  const e = await loadData(await engine(), bytes, { table: `rr${++n}`, name: 'orders.csv', rules: rules as RowRule[] }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CrmError);
  return e as CrmError;
};
async function sums(table: string) {
  const r = (await (await engine()).query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS s FROM ${table}`)).toArray()[0].toJSON();
  return { n: r.n as number, s: r.s as number };
}

describe('row rules', () => {
  it('excludes order ids starting with C before values are read', async () => {
    // Without the rule, row 6 ("oops") stops the load.
    expect((await failure([])).code).toBe('invalid-value');
    const r = await load(parseRowRules('order_id starts-with C', 'exclude'));
    expect(r.rules).toEqual([{ rule: { action: 'exclude', column: 'order_id', op: 'starts-with', value: 'C' }, text: 'order_id starts-with C', removed: 2 }]);
    // rows 1, 2, 4, 5, 7, 8: 10 + 20 + 40 + 50 + 70 + 80 = 270; no returns left.
    expect(await sums(r.table)).toEqual({ n: 6, s: 270 });
    expect(r.returns).toBe(0);
    expect(r.inputRows).toBe(8);
  });

  it('counts each rule on the rows earlier rules left, in order (keep in, keep a date range, exclude =)', async () => {
    const rules = [
      ...parseRowRules('Invoice starts-with C', 'exclude'), // rows 3, 6: 2
      ...parseRowRules('country in (France, Germany); order_date between 2011-01-01 and 2011-06-30', 'keep'), // row 7 (Spain): 1; then row 5 (July): 1
      ...parseRowRules('"Customer ID" = D', 'exclude'), // row 8: 1
    ];
    const r = await load(rules);
    expect(r.rules.map((x) => [x.text, x.removed])).toEqual([
      ['Invoice starts-with C', 2],
      ['country in (France, Germany)', 1],
      ['order_date between 2011-01-01 and 2011-06-30', 1],
      ['"Customer ID" = D', 1],
    ]);
    // Left: rows 1, 2, 4 = 10 + 20 + 40 = 70.
    expect(await sums(r.table)).toEqual({ n: 3, s: 70 });
  });

  it('takes rules as data and writes them back as the attribute takes them', () => {
    const rules = checkRowRules([
      { action: 'keep', column: 'Country', op: 'in', values: ['United Kingdom', 'EIRE'] },
      { action: 'exclude', column: 'order_date', op: 'between', from: '2011-12-01' },
    ]);
    expect(rules.map(rowRuleText)).toEqual(['Country in ("United Kingdom", EIRE)', 'order_date from 2011-12-01']);
    expect(parseRowRules(rowRuleText(rules[0]), 'keep')).toEqual([rules[0]]);
    expect(parseRowRules("country = 'United Kingdom'", 'keep')).toEqual([{ action: 'keep', column: 'country', op: 'equals', value: 'United Kingdom' }]);
  });

  it('refuses bad rules with invalid-row-rule and the facts', async () => {
    const bad = (text: string) => {
      try {
        parseRowRules(text, 'exclude');
      } catch (e) {
        return { code: (e as CrmError).code, ...(e as CrmError).detail.rowRule };
      }
      throw new Error('must fail');
    };
    expect(bad('order_id like C%')).toMatchObject({ code: 'invalid-row-rule', problem: 'unknown-op', index: 0, token: 'like' });
    expect(bad('a = 1; order_id')).toMatchObject({ problem: 'syntax', index: 1, text: 'order_id' });
    expect(bad('order_date between 2011-02-30 and 2011-03-01')).toMatchObject({ problem: 'bad-date', token: '2011-02-30' });
    expect(bad('order_date between 2011-05-01 and 2011-03-01')).toMatchObject({ problem: 'empty-range' });
    expect(bad('order_id starts-with')).toMatchObject({ problem: 'empty-value', token: 'starts-with' });
    expect(bad('order_id starts-with ""')).toMatchObject({ problem: 'empty-value', token: 'starts-with' });
    expect((await failure([{ action: 'drop', column: 'x', op: 'equals', value: '1' }])).detail.rowRule).toMatchObject({ problem: 'bad-shape', path: '[0].action' });
    const unknown = await failure([{ action: 'exclude', column: 'Region', op: 'equals', value: 'North' }]);
    expect(unknown.detail).toMatchObject({ file: 'orders.csv', rowRule: { problem: 'unknown-column', index: 0, column: 'Region', columns: ['Invoice', 'Customer ID', 'InvoiceDate', 'amount', 'Country'] } });
    // Every row removed: 2 cancellations, then the 6 others not in Italy.
    const all = await failure([...parseRowRules('order_id starts-with C', 'exclude'), ...parseRowRules('country = Italy', 'keep')]);
    expect(all.detail.rowRule).toEqual({ problem: 'removes-all', removed: [2, 6], texts: ['order_id starts-with C', 'country = Italy'] });
    expect(all.message).toBe('orders.csv: the row rules leave no rows ("order_id starts-with C" removes 2, "country = Italy" removes 6).');
    // A value with a quote reaches the engine as a value, not as SQL.
    const q = await load(parseRowRules(`order_id starts-with C; country = "Fr'ance"`, 'exclude'));
    expect(q.rules.map((r) => r.removed)).toEqual([2, 0]);
  });
});
