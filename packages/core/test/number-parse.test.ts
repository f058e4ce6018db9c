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

describe('plain numbers and ISO dates (read by the engine cast) agree with the documented rules', () => {
  it('plain numbers are read as JavaScript reads them; inf, nan, 1_000 and overflow are not numbers', async () => {
    const plain = ['0', '12', '-3', '+4', '.5', '5.', '00012', '12.345678901234', '-0.01', '1e5', '1E-5', '123456789012.5', '-7.25e2'];
    const bad = ['inf', '-Infinity', 'nan', 'NaN', '1_000', '1e400', '-1e999', '0x10', '1.2.3', '12d'];
    const all = [...plain, ...bad];
    const csv = 'customer_id,order_date,amount\n' + all.map((v, i) => `c${i},2024-01-01,${v}`).join('\n') + '\n';
    const e = await engine();
    const r = await loadData(e, new TextEncoder().encode(csv), { table: 'plain_numbers', name: 'plain.csv', onInvalid: 'skip' });
    // Rows are numbered from 1 after the header: the bad ones are the last ten.
    expect(r.rejected.count).toBe(bad.length);
    expect(r.rejected.rows).toEqual([14, 15, 16, 17, 18]);
    const rows = await queryRows<{ amount: number }>(e, 'SELECT amount FROM plain_numbers');
    expect(rows.map((x) => x.amount)).toEqual(plain.map(Number));
  });

  it('ISO dates and the other layouts; infinity and epoch are not dates', async () => {
    const good: [string, string][] = [
      ['2024-01-05', '2024-01-05'],
      ['2024-1-5', '2024-01-05'],
      ['2024/01/05', '2024-01-05'],
      ['20240105', '2024-01-05'],
      ['2024.01.05', '2024-01-05'],
      ['2024-01-05 10:30', '2024-01-05'],
      ['2024-01-05T10:30:00', '2024-01-05'],
      ['2024年1月5日', '2024-01-05'],
      ['2000-02-29', '2000-02-29'],
    ];
    const bad = ['infinity', '-infinity', 'epoch', 'EPOCH', '2024-02-30', '2023-13-01', '0024-01-05', '1850-01-01', 'today'];
    const all = [...good.map(([v]) => v), ...bad];
    const csv = 'customer_id,order_date,amount\n' + all.map((v, i) => `c${i},${v},1`).join('\n') + '\n';
    const e = await engine();
    const r = await loadData(e, new TextEncoder().encode(csv), { table: 'iso_dates', name: 'dates.csv', onInvalid: 'skip' });
    expect(r.rejected.count).toBe(bad.length);
    expect(r.rejected.rows).toEqual([10, 11, 12, 13, 14]);
    const rows = await queryRows<{ d: string }>(e, 'SELECT CAST(order_date AS VARCHAR) AS d FROM iso_dates');
    expect(rows.map((x) => x.d)).toEqual(good.map(([, d]) => d));
  });
});
