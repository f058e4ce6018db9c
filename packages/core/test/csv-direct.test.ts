/**
 * A CSV without row rules is read straight from the CSV reader into the staged table; with row rules, through
 * the raw text table. Both give the same values, row numbers and refusals (packages/core/test/csv-direct-cases.ts).
 */
import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import { NO_OP_RULE, X_RULE, loadDirectCsv } from './csv-direct-cases.js';

describe('CSV read straight into the staged table', () => {
  it('gives the values, row numbers and refusals of the raw-table path, and a row rule still applies', async () => {
    const e = await engine();
    const direct = await loadDirectCsv(e, []);
    const viaRaw = await loadDirectCsv(e, [NO_OP_RULE]);
    // Rows 1, 5, 8 are readable: 10.5 + 7 − 4.
    expect(direct.rows).toEqual([
      { customer_id: 'C1', order_id: 'O1', order_date: '2024-01-05', amount: 10.5 },
      { customer_id: 'C8', order_id: 'O8', order_date: '2024-02-06', amount: -4 },
      { customer_id: 'C5', order_id: 'X5', order_date: '2024-02-03', amount: 7 },
    ]);
    expect(direct.inputRows).toBe(9);
    // Rows 2 and 9 (date), 3 and 6 (amount), 4 (empty id), 7 (extra field): six rows.
    expect(direct.rejected.count).toBe(6);
    expect(direct.rejected.rows).toEqual([2, 3, 4, 6, 7]);
    const by = (col: string) => direct.rejected.reasons.filter((x) => x.column === col).map((x) => [x.row, x.count, x.value]);
    expect(by('customer_id')).toEqual([[4, 1, null]]);
    expect(by('order_date')).toEqual([[2, 2, '2024-13-01']]);
    expect(by('amount')).toEqual([[3, 2, 'abc']]);
    const extra = direct.rejected.reasons.filter((x) => x.problem.includes("past the header's 4 columns"));
    expect(extra.map((x) => [x.row, x.count, x.value])).toEqual([[7, 1, 'extra']]);
    expect(direct.error).toEqual({ code: 'invalid-value', column: 'order_date', row: 2, value: '2024-13-01', count: 2, rows: [2, 3, 4, 6, 7] });
    // The raw-table path: the same in every respect.
    expect(direct).toEqual({ ...viaRaw, removedByRules: [] });
    expect(viaRaw.removedByRules).toEqual([0]);

    // The rule removes row 5 before values are read: rows 1 and 8 remain (10.5 − 4); the refusals are unchanged.
    const ruled = await loadDirectCsv(e, [X_RULE]);
    expect(ruled.removedByRules).toEqual([1]);
    expect(ruled.rows.map((r) => [r.order_id, r.amount])).toEqual([['O1', 10.5], ['O8', -4]]);
    expect(ruled.rejected).toEqual(direct.rejected);
    expect(ruled.error).toEqual(direct.error);
  });
});
