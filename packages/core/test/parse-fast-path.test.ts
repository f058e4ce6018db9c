/** The parsers' fast paths give the general rule's value, and its refusals, on tricky cells (cases in parse-fast-cases.ts). */
import { describe, expect, it } from 'vitest';
import { loadData, queryRows } from '../src/index.js';
import { engine } from './engine.js';
import { CASES, parseBothWays } from './parse-fast-cases.js';

describe('parse fast paths', () => {
  it('agree with the general rule on every tricky cell, and both give the expected value', async () => {
    const got = await parseBothWays(await engine());
    expect(got.length).toBe(CASES.length);
    const label = (c: (typeof CASES)[number]) => `${c.kind}${c.decimal === ',' ? ' (decimal ,)' : ''} ${JSON.stringify(c.cell)}`;
    expect(CASES.map((c, i) => [label(c), got[i].fast, got[i].general])).toEqual(CASES.map((c) => [label(c), c.expected, c.expected]));
  });

  it('a CSV of such cells loads with the same values and the same refusals', async () => {
    // Amounts: ' 12 ' 12, '1e5' 100000, '(5)' −5, '−5' −5, '1,234.50' 1234.5; refused: nan (row 6), 1_000 (row 7).
    const csv = 'customer_id,order_date,amount\nA, 2024-01-05, 12 \nB,2024-01-05,1e5\n C ,2024-1-5,(5)\nD,2024-01-05,−5\nE,2024-01-05,"1,234.50"\nF,2024-01-05,nan\nG,2024-01-05,1_000\n';
    const e = await engine();
    const r = await loadData(e, new TextEncoder().encode(csv), { table: 'fast_cells', name: 'fast.csv', onInvalid: 'skip' });
    expect(r.rejected.count).toBe(2);
    expect(r.rejected.rows).toEqual([6, 7]);
    const rows = await queryRows<{ customer_id: string; d: string; amount: number }>(e, "SELECT customer_id, strftime(order_date, '%Y-%m-%d') AS d, amount FROM fast_cells");
    expect(rows).toEqual([
      { customer_id: 'A', d: '2024-01-05', amount: 12 },
      { customer_id: 'B', d: '2024-01-05', amount: 100000 },
      { customer_id: 'C', d: '2024-01-05', amount: -5 },
      { customer_id: 'D', d: '2024-01-05', amount: -5 },
      { customer_id: 'E', d: '2024-01-05', amount: 1234.5 },
    ]);
  });
});
