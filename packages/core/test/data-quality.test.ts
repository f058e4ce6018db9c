/** The data-quality report on the real engine, on a small data set with every kind of error planted. */
import { describe, expect, it } from 'vitest';
import { dataQualityPredicate, queryRows, runDataQuality, sql, ident } from '../src/index.js';
import { dataset } from './engine.js';

// Transactions: 12 rows. Planted: 1 future order (K1, 2030), 1 duplicate row (A1's second 2024-01-05 10),
// 2 rows of a customer not in the register (Z9), 1 shop outlier (B1's 1000 > 10 × median 10),
// 1 customer outlier (C1's 60 > 5 × its median 10; C1 has 4 rows).
const TX = [
  { customer_id: 'A1', order_date: '2024-01-05', amount: 10, channel: 'web' },
  { customer_id: 'A1', order_date: '2024-01-05', amount: 10, channel: 'web' }, // duplicate
  { customer_id: 'B1', order_date: '2024-02-01', amount: 1000, channel: 'store' }, // shop outlier (median of positives = 10)
  { customer_id: 'C1', order_date: '2024-02-02', amount: 10, channel: 'app' },
  { customer_id: 'C1', order_date: '2024-02-03', amount: 10, channel: 'app' },
  { customer_id: 'C1', order_date: '2024-02-04', amount: 9, channel: 'app' },
  { customer_id: 'C1', order_date: '2024-02-05', amount: 60, channel: 'app' }, // customer outlier (median 10)
  { customer_id: 'K1', order_date: '2030-01-01', amount: 10, channel: 'web' }, // future
  { customer_id: 'Z9', order_date: '2024-03-01', amount: 8, channel: 'store' }, // not in the register
  { customer_id: 'Z9', order_date: '2024-03-02', amount: 12, channel: 'store' },
  { customer_id: 'D1', order_date: '2024-03-03', amount: 11, channel: 'web' },
  { customer_id: 'D1', order_date: '2024-03-04', amount: 7, channel: 'web' },
];
// Register: 6 rows. Planted: 1 malformed email (B1), 1 malformed phone (C1), 1 impossible birthday
// (D1, born after today), 1 customer without a purchase (N1); 2 empty names (C1, N1).
const REGISTER = [
  { customer_id: 'A1', name: 'Amy', email: 'amy@example.com', phone: '0912-345-678', birthday: '1990-01-01' },
  { customer_id: 'B1', name: 'Bob', email: 'bob(at)example.com', phone: '+886 922 000 111', birthday: '1985-05-05' },
  { customer_id: 'C1', name: '', email: 'c@example.com', phone: '12-34', birthday: '1970-07-07' },
  { customer_id: 'D1', name: 'Dan', email: 'd@example.com', phone: '0933111222', birthday: '2026-01-01' },
  { customer_id: 'K1', name: 'Kim', email: 'k@example.com', phone: '0944111222', birthday: '2000-02-02' },
  { customer_id: 'N1', name: null, email: 'n@example.com', phone: '0955111222', birthday: '1999-09-09' },
];

describe('data quality', () => {
  it('finds exactly the planted errors, and selects their customers', async () => {
    const ds = await dataset(TX, { customers: REGISTER });
    const q = await runDataQuality(ds, { today: '2025-06-30', idsTable: 'dq_ids' });
    const got = Object.fromEntries(q.lines.map((l) => [l.key, [l.count, l.of, l.customers]]));
    expect(got).toEqual({
      'completeness:name': [2, 6, 2],
      'completeness:email': [0, 6, 0],
      'completeness:phone': [0, 6, 0],
      'completeness:birthday': [0, 6, 0],
      'invalid-email': [1, 6, 1],
      'invalid-phone': [1, 6, 1],
      'impossible-birthday': [1, 6, 1],
      'future-order': [1, 12, 1],
      'duplicate-rows': [1, 12, 1],
      'orphan-transactions': [2, 12, 1],
      'no-purchase': [1, 6, 1],
      'outlier-shop': [1, 12, 1],
      'outlier-customer': [1, 12, 1],
    });
    // Score: mean of 1 − count / of over the 13 lines:
    // (4/6 + 1 + 1 + 1 + 5/6 + 5/6 + 5/6 + 11/12 + 11/12 + 10/12 + 5/6 + 11/12 + 11/12) / 13 × 100
    const parts = [4 / 6, 1, 1, 1, 5 / 6, 5 / 6, 5 / 6, 11 / 12, 11 / 12, 10 / 12, 5 / 6, 11 / 12, 11 / 12];
    expect(q.score).toBeCloseTo((100 * parts.reduce((a, b) => a + b, 0)) / 13, 10);
    expect(q.channels).toEqual([
      { channel: 'app', rows: 4, customers: 1, inRegister: 1 },
      { channel: 'store', rows: 3, customers: 2, inRegister: 1 },
      { channel: 'web', rows: 5, customers: 3, inRegister: 3 },
    ]);
    const pick = async (key: string) =>
      (await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${dataQualityPredicate('dq_ids', key)} ORDER BY 1`)).map((r) => r.customer_id);
    expect(await pick('invalid-email')).toEqual(['B1']);
    expect(await pick('orphan-transactions')).toEqual(['Z9']);
    expect(await pick('outlier-customer')).toEqual(['C1']);
    expect(await pick('completeness:name')).toEqual(['C1']); // N1 has no purchase: not in the per-customer table
  });
});
