/** Number text in CSV: exponents keep their sign, currency codes are not read as digits. */
import { describe, expect, it } from 'vitest';
import { loadData, queryRows } from '../src/index.js';
import { engine } from './engine.js';

const cases: [string, number][] = [
  ['1e-5', 0.00001],
  ['-1e-5', -0.00001],
  ['(1e-5)', -0.00001],
  ['2.5e-1', 0.25],
  ['1E3', 1000],
  ['EUR 12', 12],
  ['12 EUR', 12],
  ['US$1,234.50', 1234.5],
  ['NT$ -5', -5],
  ['−3', -3],
  ['(4)', -4],
  ['+7', 7],
  ['-.5', -0.5],
];

describe('number parsing', () => {
  it('reads exponents, signs and currencies as documented', async () => {
    const csv = 'customer_id,order_date,amount\n' + cases.map(([v], i) => `c${i},2024-01-01,"${v}"`).join('\n') + '\n';
    const e = await engine();
    const r = await loadData(e, new TextEncoder().encode(csv), { table: 'numbers', name: 'numbers.csv' });
    expect(r.rejected.count).toBe(0);
    const rows = await queryRows<{ customer_id: string; amount: number }>(e, 'SELECT customer_id, amount FROM numbers');
    expect(rows.map((x) => x.amount)).toEqual(cases.map(([, n]) => n));
  });
});
