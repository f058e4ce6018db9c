/** The canonical table keeps the input's row order, with and without duplicates kept or dropped. */
import { describe, expect, it } from 'vitest';
import { ident, loadData, queryRows } from '../src/index.js';
import { engine } from './engine.js';

// 5000 rows, customer ids in a scrambled order; rows 1000, 2000, … repeat row 1.
const rows = Array.from({ length: 5000 }, (_, i) => ({ customer_id: `c${(i * 7919) % 5000}`, order_date: '2024-01-02', amount: i % 1000 === 999 ? 0 : i }));
for (let i = 999; i < 5000; i += 1000) rows[i] = { ...rows[0] };

describe('load order', () => {
  for (const onDuplicate of ['keep', 'drop'] as const) {
    it(`on-duplicate ${onDuplicate}: duplicates counted, rows in input order`, async () => {
      const e = await engine();
      const table = `order_${onDuplicate}`;
      const r = await loadData(e, rows, { table, onDuplicate });
      expect(r.duplicates).toBe(5);
      expect(r.duplicateRows).toEqual([1000, 2000, 3000, 4000, 5000]);
      const got = await queryRows<{ customer_id: string }>(e, `SELECT customer_id FROM ${ident(table)}`);
      const expected = onDuplicate === 'keep' ? rows : rows.filter((_, i) => i % 1000 !== 999);
      expect(got.map((g) => g.customer_id)).toEqual(expected.map((x) => x.customer_id));
    });
  }
});
