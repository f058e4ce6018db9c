/**
 * Several transactions files in one table (loaders/combine.ts) on the real engine: columns a file lacks,
 * a channel per file, and rows two files share counted as multisets, among rows read and rows loaded.
 */
import { describe, expect, it } from 'vitest';
import { combineTransactions, loadData, queryRows, sql } from '../src/index.js';
import { engine } from './engine.js';

const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\n') + '\n');
// The web shop's export: order id, customer, date, amount, and a channel column of its own (one cell empty).
const WEB = bytes([
  'Order No,Member ID,Date,Total,Channel',
  'W1,A,2024-01-05,100,web', // shared with the store file (once)
  'W1,A,2024-01-05,100,web', // the same row again: the store file has it once, so 1 shared, not 2
  'W2,B,2024-01-06,50,', // empty channel: the file's channel "web" fills it
  'W3,,2024-01-07,20,app', // no customer: left out (on-invalid skip), but a row read
]);
// The store's export: other headers, no channel column, quantity × price.
const STORE = bytes([
  'customer,order_id,order_date,qty,price',
  'A,W1,2024-01-05,1,100', // = row W1 of the web file (customer, order, date, amount 1 × 100)
  ',W3,2024-01-07,2,10', // no customer: = W3 (amount 2 × 10 = 20) among rows read, not among rows loaded
  'C,S9,2024-02-01,3,5', // C: 15
]);

describe('several transactions files', () => {
  it('puts them in one table with a channel per file and counts the rows they share', async () => {
    const e = await engine();
    const web = await loadData(e, WEB, { table: 'cb_f0', name: 'web.csv', keysTable: 'cb_k0', onInvalid: 'skip', mapping: { customer_id: 'Member ID', order_id: 'Order No' } });
    const store = await loadData(e, STORE, { table: 'cb_f1', name: 'store.csv', keysTable: 'cb_k1', onInvalid: 'skip' });
    expect([web.rows, store.rows]).toEqual([3, 2]);
    const { fields, overlaps } = await combineTransactions(
      e,
      [
        { table: web.table, keys: 'cb_k0', fields: web.fields, file: web.file, channel: 'web' },
        { table: store.table, keys: 'cb_k1', fields: store.fields, file: store.file, channel: 'store' },
      ],
      'cb_all',
    );
    expect(fields).toEqual(['customer_id', 'order_date', 'amount', 'order_id', 'quantity', 'unit_price', 'channel']);
    const rows = await queryRows<{ customer_id: string; order_id: string; amount: number; channel: string; quantity: number | null }>(
      e,
      sql`SELECT customer_id, order_id, amount, channel, quantity FROM cb_all ORDER BY channel, order_id`,
    );
    expect(rows.map((r) => [r.channel, r.order_id, r.customer_id, r.amount, r.quantity])).toEqual([
      ['store', 'S9', 'C', 15, 3],
      ['store', 'W1', 'A', 100, 1],
      ['web', 'W1', 'A', 100, null],
      ['web', 'W1', 'A', 100, null],
      ['web', 'W2', 'B', 50, null],
    ]);
    // Compared on the columns both files have (the store's amount worked out as qty × price), channel aside:
    // W1/A/01-05/100 twice vs once → 1; W3/empty/01-07/20 once vs once → 1: 2 among rows read. Among
    // rows loaded: W1 → 1 (W3 was left out of both).
    expect(overlaps).toEqual([{ files: ['web.csv', 'store.csv'], rows: 2, loadedRows: 1, columns: ['customer_id', 'order_date', 'amount', 'order_id'] }]);
    // The parts are gone.
    const left = await queryRows<{ n: number }>(e, sql`SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name IN ('cb_f0', 'cb_f1', 'cb_k0', 'cb_k1')`);
    expect(Number(left[0].n)).toBe(0);
  });
});
