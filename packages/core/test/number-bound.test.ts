import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { CrmError } from '../src/errors.js';
import { runParetoCurve } from '../src/metrics/pareto-curve.js';
import { runProfitMatrix } from '../src/metrics/profit-matrix.js';
import { runKpis } from '../src/metrics/kpis.js';

/**
 * Numbers of 10^15 or more in absolute value are unreadable values: two amounts of 1e308 would add up
 * to infinity, and every share of that total to NaN.
 */
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n') + '\n');

async function refusal(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('the load was not refused');
}

describe('numbers too large to add up', () => {
  it('refuses amounts of 1e308 at load, naming the column, rows and the bound', async () => {
    const e = await refusal(dataset(csv(['customer_id,order_date,amount', 'A,2024-01-01,1e308', 'B,2024-01-02,1e308', 'C,2024-01-03,5']), { format: 'csv', name: 'huge.csv' }));
    expect(e).toBeInstanceOf(CrmError);
    expect(e.code).toBe('invalid-value');
    expect(e.message).toBe(
      'huge.csv, column "amount", row 1: "1e308" is too large (crmkit reads numbers below 10^15 in absolute value). 2 rows in this column cannot be read (first rows: 1, 2). Fix the file, or set on-invalid="skip" to load the other rows.',
    );
    expect(e.detail).toMatchObject({ file: 'huge.csv', column: 'amount', row: 1, value: '1e308', count: 2, expected: 'number', beyond: 1e15, rows: [1, 2] });
  });

  it('holds the bound for written-out, negative and cost values, and keeps values just below it', async () => {
    // 1,000,000,000,000,000 = 10^15 exactly: refused; −(10^15) too; a cost of 2e15 too.
    for (const [line, column, value] of [
      ['A,2024-01-01,"1,000,000,000,000,000",1', 'amount', '1,000,000,000,000,000'],
      ['A,2024-01-01,-1e15,1', 'amount', '-1e15'],
      ['A,2024-01-01,10,2e15', 'cost', '2e15'],
    ] as const) {
      const e = await refusal(dataset(csv(['customer_id,order_date,amount,cost', line]), { format: 'csv', name: 'x.csv' }));
      expect([e.code, e.detail.column, e.detail.value, e.detail.beyond]).toEqual(['invalid-value', column, value, 1e15]);
    }
    // 999,999,999,999,999 (10^15 − 1) twice: read, and the sums stay exact and finite.
    const ds = await dataset(csv(['customer_id,order_date,amount', 'A,2024-01-01,999999999999999', 'B,2024-01-02,999999999999999', 'C,2024-01-03,1']), { format: 'csv' });
    const k = await runKpis(ds);
    // 2 × 999,999,999,999,999 + 1 = 1,999,999,999,999,999 (below 2^53 ≈ 9.007e15: exact)
    expect(k.current.revenue).toBe(1_999_999_999_999_999);
    const p = (await runParetoCurve(ds))!;
    expect(p.series.every((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y))).toBe(true);
    // top 20 %: ⌈0.2 · 3⌉ = 1 customer of 999,999,999,999,999 / 1,999,999,999,999,999 ≈ 0.5
    expect(p.summary.topShare).toBeCloseTo(999_999_999_999_999 / 1_999_999_999_999_999, 12);
  });

  it('with on-invalid="skip" leaves such rows out, and the Pareto curve and matrix of the rest are finite', async () => {
    const ds = await dataset(
      csv(['customer_id,order_date,amount,cost', 'A,2024-01-01,1e308,1', 'B,2024-01-02,1e308,1', 'C,2024-01-03,50,10', 'D,2024-01-04,30,20', 'E,2024-01-05,20,5']),
      { format: 'csv', onInvalid: 'skip' },
    );
    expect(ds.customerCount).toBe(3);
    const p = (await runParetoCurve(ds))!;
    // C 50, D 30, E 20 of 100: top ⌈0.2 · 3⌉ = 1 customer → 0.5
    expect(p.summary.topShare).toBe(0.5);
    expect(p.series.every((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y))).toBe(true);
    const m = await runProfitMatrix(ds);
    // profits C 40, D 10, E 15: total 65
    expect(m.quadrants.reduce((s, q) => s + q.profit, 0)).toBe(65);
  });
});
