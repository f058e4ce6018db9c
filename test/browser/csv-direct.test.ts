/**
 * A CSV without row rules is read straight from the CSV reader into the staged table, on the browser's engine
 * too: the same values, row numbers and refusals as through the raw text table (packages/core/test/csv-direct-cases.ts).
 */
import { expect } from '@open-wc/testing';
import './setup.js';
import { getEngine } from '@crmkit/elements';
import { NO_OP_RULE, X_RULE, loadDirectCsv } from '../../packages/core/test/csv-direct-cases.js';

describe('CSV read straight into the staged table, in the browser', () => {
  it('gives the values, row numbers and refusals of the raw-table path, and a row rule still applies', async () => {
    const e = await getEngine();
    const direct = await loadDirectCsv(e, []);
    const viaRaw = await loadDirectCsv(e, [NO_OP_RULE]);
    // Rows 1, 5, 8 are readable: 10.5 + 7 − 4.
    expect(direct.rows).to.deep.equal([
      { customer_id: 'C1', order_id: 'O1', order_date: '2024-01-05', amount: 10.5 },
      { customer_id: 'C8', order_id: 'O8', order_date: '2024-02-06', amount: -4 },
      { customer_id: 'C5', order_id: 'X5', order_date: '2024-02-03', amount: 7 },
    ]);
    expect(direct.inputRows).to.equal(9);
    // Rows 2 and 9 (date), 3 and 6 (amount), 4 (empty id), 7 (extra field): six rows.
    expect(direct.rejected.count).to.equal(6);
    expect(direct.rejected.rows).to.deep.equal([2, 3, 4, 6, 7]);
    const by = (col: string) => direct.rejected.reasons.filter((x) => x.column === col).map((x) => [x.row, x.count, x.value]);
    expect(by('customer_id')).to.deep.equal([[4, 1, null]]);
    expect(by('order_date')).to.deep.equal([[2, 2, '2024-13-01']]);
    expect(by('amount')).to.deep.equal([[3, 2, 'abc']]);
    const extra = direct.rejected.reasons.filter((x) => x.problem.includes("past the header's 4 columns"));
    expect(extra.map((x) => [x.row, x.count, x.value])).to.deep.equal([[7, 1, 'extra']]);
    expect(direct.error).to.deep.equal({ code: 'invalid-value', column: 'order_date', row: 2, value: '2024-13-01', count: 2, rows: [2, 3, 4, 6, 7] });
    expect(direct).to.deep.equal({ ...viaRaw, removedByRules: [] });
    expect(viaRaw.removedByRules).to.deep.equal([0]);

    // The rule removes row 5 before values are read: rows 1 and 8 remain (10.5 − 4); the refusals are unchanged.
    const ruled = await loadDirectCsv(e, [X_RULE]);
    expect(ruled.removedByRules).to.deep.equal([1]);
    expect(ruled.rows.map((r) => [r.order_id, r.amount])).to.deep.equal([['O1', 10.5], ['O8', -4]]);
    expect(ruled.rejected).to.deep.equal(direct.rejected);
    expect(ruled.error).to.deep.equal(direct.error);
  });
});
