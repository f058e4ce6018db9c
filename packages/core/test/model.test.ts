/** The per-customer facts table on a fixture worked out by hand. */
import { describe, expect, it } from 'vitest';
import { factsQuery, queryRows, sql, ident } from '../src/index.js';
import { dataset, engine } from './engine.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const ROWS = [
  { customer_id: 'A', order_date: '2024-01-01', amount: 100, cost: 60, quantity: 2, order_id: 'O1' },
  { customer_id: 'A', order_date: '2024-01-01', amount: 50, cost: 20, quantity: 1, order_id: 'O1' }, // second line of O1
  { customer_id: 'A', order_date: '2024-02-10', amount: -30, cost: -10, quantity: -1, order_id: 'O2' }, // a return
  { customer_id: 'B', order_date: '2024-01-15', amount: 200, cost: 150, quantity: 4, order_id: 'O3' },
  { customer_id: 'B', order_date: '2024-03-01', amount: 80, cost: null, quantity: 1, order_id: 'O4' }, // cost unknown
  { customer_id: 'C', order_date: '2024-03-05', amount: 0, cost: 0, quantity: 1, order_id: 'O5' }, // a free sample
];

describe('model', () => {
  it('builds one row per customer', async () => {
    const ds = await dataset(ROWS);
    expect([...ds.fields].sort()).toEqual(['amount', 'cost', 'customer_id', 'order_date', 'order_id', 'quantity']);
    expect({ rows: ds.rows, customers: ds.customerCount, minDate: ds.minDate, maxDate: ds.maxDate, asOf: ds.asOf }).toEqual({
      rows: 6,
      customers: 3,
      minDate: '2024-01-01',
      maxDate: '2024-03-05',
      asOf: '2024-03-06', // day after the last order
    });
    const facts = await queryRows(await engine(), sql`SELECT * FROM ${ident(ds.facts)} ORDER BY customer_id`);
    expect(facts).toEqual([
      // A: orders {O1, O2} = 2; lines 3; revenue 100 + 50 − 30 = 120; cost 60 + 20 − 10 = 70; profit 120 − 70 = 50; quantity 2 + 1 − 1 = 2
      { customer_id: 'A', orders: 2, lines: 3, revenue: 120, cost: 70, profit: 50, quantity: 2, first_order: day('2024-01-01'), last_order: day('2024-02-10') },
      // B: revenue 200 + 80 = 280; cost 150 (sum of the known costs); profit 280 − 150 = 130; quantity 5
      { customer_id: 'B', orders: 2, lines: 2, revenue: 280, cost: 150, profit: 130, quantity: 5, first_order: day('2024-01-15'), last_order: day('2024-03-01') },
      { customer_id: 'C', orders: 1, lines: 1, revenue: 0, cost: 0, profit: 0, quantity: 1, first_order: day('2024-03-05'), last_order: day('2024-03-05') },
    ]);
  });

  it('restricts to a date window [from, to)', async () => {
    const ds = await dataset(ROWS);
    const w = await queryRows(await engine(), sql`${factsQuery(ds, { from: '2024-02-01', to: '2024-03-05' })} ORDER BY customer_id`);
    // A: only the return of 2024-02-10; B: only 2024-03-01 (cost unknown → cost NULL, profit 80 − 0); C (2024-03-05) is outside.
    expect(w).toEqual([
      { customer_id: 'A', orders: 1, lines: 1, revenue: -30, cost: -10, profit: -20, quantity: -1, first_order: day('2024-02-10'), last_order: day('2024-02-10') },
      { customer_id: 'B', orders: 1, lines: 1, revenue: 80, cost: null, profit: 80, quantity: 1, first_order: day('2024-03-01'), last_order: day('2024-03-01') },
    ]);
    expect(() => factsQuery(ds, { from: "2024-01-01' OR 1=1 --" })).toThrow(/invalid date/);
  });

  it('without order ids, cost or quantity: orders are rows, cost/profit/quantity NULL', async () => {
    const ds = await dataset(ROWS.map(({ customer_id, order_date, amount }) => ({ customer_id, order_date, amount })));
    const [a] = await queryRows(await engine(), sql`SELECT * FROM ${ident(ds.facts)} WHERE customer_id = ${'A'}`);
    expect(a).toEqual({ customer_id: 'A', orders: 3, lines: 3, revenue: 120, cost: null, profit: null, quantity: null, first_order: day('2024-01-01'), last_order: day('2024-02-10') });
  });
});
