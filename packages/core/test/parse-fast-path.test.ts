/** The parsers' fast paths give the general rule's value, and its refusals, on tricky cells (cases in parse-fast-cases.ts). */
import { describe, expect, it } from 'vitest';
import { loadData, queryRows } from '../src/index.js';
import { engine } from './engine.js';
import { decodeParquet } from '../src/loaders/parquet-decode.js';
import { CASES, FAST_CSV, FAST_CSV_ROWS, PLAIN_CELLS, TYPED_PRESENT, mixedIdsParquet, parseBothWays, plainBothWays, typedPresentBothWays } from './parse-fast-cases.js';

describe('parse fast paths', () => {
  it('agree with the general rule on every tricky cell, and both give the expected value', async () => {
    const got = await parseBothWays(await engine());
    expect(got.length).toBe(CASES.length);
    const label = (c: (typeof CASES)[number]) => `${c.kind}${c.decimal === ',' ? ' (decimal ,)' : ''} ${JSON.stringify(c.cell)}`;
    expect(CASES.map((c, i) => [label(c), got[i].fast, got[i].general])).toEqual(CASES.map((c) => [label(c), c.expected, c.expected]));
  });

  it('a CSV of such cells loads with the same values and the same refusals', async () => {
    const e = await engine();
    const r = await loadData(e, new TextEncoder().encode(FAST_CSV), { table: 'fast_cells', name: 'fast.csv', onInvalid: 'skip' });
    expect(r.rejected.count).toBe(2);
    expect(r.rejected.rows).toEqual([6, 7]);
    const rows = await queryRows<{ customer_id: string; d: string; amount: number }>(e, "SELECT customer_id, strftime(order_date, '%Y-%m-%d') AS d, amount FROM fast_cells");
    expect(rows).toEqual(FAST_CSV_ROWS);
  });

  it('a Parquet text column is plain by the decoder exactly when every value passes the pattern of the id fast path', async () => {
    const got = await plainBothWays(await engine());
    expect(got).toEqual(PLAIN_CELLS.map(([cell, plain]) => ({ cell, js: plain, sql: plain })));
  });

  it('a Parquet file with a plain id column and one to check loads with the same values and refusals', async () => {
    // The decoder finds customer_id (A, B, C, D) and order_date (2024-01-05, …) plain, not order_id (' O1', 'O\u00013').
    expect((await decodeParquet(mixedIdsParquet(), 'ids.parquet', { inPage: true })).plain).toEqual(['customer_id', 'order_date']);
    const e = await engine();
    const r = await loadData(e, mixedIdsParquet(), { table: 'plain_ids', name: 'ids.parquet', onInvalid: 'skip' });
    // Row 3's order id holds a control character: refused. ' O1' is trimmed; row 4 has no order id.
    expect(r.rejected.count).toBe(1);
    expect(r.rejected.rows).toEqual([3]);
    expect(r.rejected.reasons.map((x) => [x.column, x.row])).toEqual([['order_id', 3]]);
    const rows = await queryRows<{ customer_id: string; order_id: string | null; amount: number }>(e, 'SELECT customer_id, order_id, amount FROM plain_ids');
    expect(rows).toEqual([
      { customer_id: 'A', order_id: 'O1', amount: 1 },
      { customer_id: 'B', order_id: 'O2', amount: 2 },
      { customer_id: 'D', order_id: null, amount: 8 },
    ]);
  });

  it('typed cells (numbers, dates, booleans) have text exactly when they are not NULL, by the fast path and the general rule', async () => {
    const got = await typedPresentBothWays(await engine());
    expect(got).toEqual(TYPED_PRESENT.map(([cell, , has]) => ({ cell, fast: has, general: has })));
  });
});
