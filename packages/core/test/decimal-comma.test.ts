/** Amounts with a decimal comma: read with decimal=",", refused otherwise with a hint that names the option. */
import { describe, expect, it } from 'vitest';
import { CrmError, loadData, queryRows, sql, ident } from '../src/index.js';
import { engine } from './engine.js';

const text = (s: string) => new TextEncoder().encode(s);
const fail = (p: Promise<unknown>) => p.then(() => undefined, (x: unknown) => x as CrmError);
let n = 0;

describe('decimal comma', () => {
  it('decimal="," reads 1.234,50 as 1234.5, 219,97 as 219.97, and signs, currency and quoted cells', async () => {
    const csv = text('customer_id;order_date;amount\nA;2024-01-05;1.234,50\nB;2024-01-06;219,97\nC;2024-01-07;-0,5\nD;2024-01-08;€ 12,00\nE;2024-01-09;"2.000.000"\nF;2024-01-10;7\n');
    const r = await loadData(await engine(), csv, { table: `dc${++n}`, decimal: ',' });
    const rows = await queryRows<{ customer_id: string; amount: number }>(await engine(), sql`SELECT customer_id, amount FROM ${ident(r.table)} ORDER BY 1`);
    // 1.234,50 → 1,234.50; 219,97 → 219.97; -0,5 → −0.5; € 12,00 → 12; 2.000.000 → 2,000,000 (dots group thousands); 7 → 7.
    expect(rows.map((x) => [x.customer_id, x.amount])).toEqual([
      ['A', 1234.5],
      ['B', 219.97],
      ['C', -0.5],
      ['D', 12],
      ['E', 2_000_000],
      ['F', 7],
    ]);
    // comma-delimited files quote such amounts: the same reading
    const quoted = text('customer_id,order_date,amount\nA,2024-01-05,"1.234,50"\nB,2024-01-06,"219,97"\n');
    const q = await loadData(await engine(), quoted, { table: `dc${++n}`, decimal: ',' });
    const qa = await queryRows<{ amount: number }>(await engine(), sql`SELECT amount FROM ${ident(q.table)} ORDER BY customer_id`);
    expect(qa.map((x) => x.amount)).toEqual([1234.5, 219.97]);
  });

  it('with decimal=",", a decimal point is no longer a decimal mark: 12.5 is not a number', async () => {
    const csv = text('customer_id;order_date;amount\nA;2024-01-05;12.5\n');
    const e = await fail(loadData(await engine(), csv, { table: `dc${++n}`, decimal: ',' }));
    expect(e).toBeInstanceOf(CrmError);
    expect(e!.code).toBe('invalid-value');
    expect(e!.message).toContain('"12.5" is not a number');
  });

  it('without it, 219,97 is an unreadable value whose message suggests decimal=","', async () => {
    const csv = text('customer_id;order_date;amount\nA;2024-01-05;219,97\nB;2024-01-06;1.234,50\n');
    const e = await fail(loadData(await engine(), csv, { table: `dc${++n}` }));
    expect(e).toBeInstanceOf(CrmError);
    expect(e!.code).toBe('invalid-value');
    expect(e!.message).toContain('"219,97" is not a number');
    expect(e!.message).toContain('Amounts like "219,97" written with a decimal comma need decimal=",".');
    expect(e!.detail.hint).toEqual({ kind: 'decimal', example: '219,97' });
    expect(e!.detail.row).toBe(1);
  });

  it('refuses another decimal mark', async () => {
    const csv = text('customer_id;order_date;amount\nA;2024-01-05;1\n');
    const e = await fail(loadData(await engine(), csv, { table: `dc${++n}`, decimal: ';' as ',' }));
    expect(e).toBeInstanceOf(CrmError);
    expect(e!.message).toContain('decimal');
  });
});
