/**
 * A precomputed per-customer table loaded instead of transactions (what
 * `<crm-source facts>` does): the analyses that need only that table give the
 * raw data's figures, the others are refused with needs-transactions.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dataset, engine } from './engine.js';
import { buildFactsDataset, loadData, queryRows, CrmError } from '../src/index.js';
import { runSegmentPyramid } from '../src/metrics/segment-pyramid.js';
import { runRfm } from '../src/metrics/rfm.js';
import { runParetoCurve } from '../src/metrics/pareto-curve.js';
import { runProfitMatrix } from '../src/metrics/profit-matrix.js';
import { runCustomerList } from '../src/metrics/customer-list.js';
import { runLifecycleFunnel } from '../src/metrics/lifecycle-funnel.js';
import { runKpis } from '../src/metrics/kpis.js';
import { scoreCustomerValue } from '../src/metrics/customer-value.js';
import { sql, ident } from '../src/sql.js';

const CDNOW = resolve(import.meta.dirname, '../../../datasets/cdnow/cdnow_transactions.csv');
const enc = new TextEncoder();
let n = 0;

async function factsOf(csv: string, name = 'customer_facts.csv') {
  const e = await engine();
  const id = `ft${++n}_`;
  const t = await loadData(e, enc.encode(csv), { kind: 'facts', table: `${id}facts_input`, name });
  return buildFactsDataset(e, { id, table: t.table, fields: t.fields, name: t.file });
}

async function refusal(p: Promise<unknown>, what = '') {
  const err = await p.then(() => undefined, (x: unknown) => x);
  expect(err, what).toBeInstanceOf(CrmError);
  return err as CrmError;
}

describe('a per-customer table instead of transactions', () => {
  it('gives CDNOW’s figures for the analyses that need only it (its own per-customer table written out as CSV and read back)', async () => {
    const raw = await dataset(new Uint8Array(await readFile(CDNOW)), { name: 'cdnow_transactions.csv' });
    const rows = await queryRows<Record<string, unknown>>(raw.engine, sql`SELECT customer_id, orders, lines, revenue, quantity, strftime(first_order, '%Y-%m-%d') AS first_order, strftime(last_order, '%Y-%m-%d') AS last_order FROM ${ident(raw.facts)}`);
    const csv = ['customer_id,orders,lines,revenue,quantity,first_order,last_order', ...rows.map((r) => [r.customer_id, r.orders, r.lines, r.revenue, r.quantity, r.first_order, r.last_order].join(','))].join('\n');
    const ds = await factsOf(csv);
    // datasets/cdnow/README.md: 69,659 rows, 23,570 customers, 1997-01-01 … 1998-06-30.
    expect([ds.rows, ds.customerCount, ds.minDate, ds.maxDate, ds.asOf]).toEqual([69_659, 23_570, '1997-01-01', '1998-06-30', '1998-07-01']);
    expect(await runSegmentPyramid(ds)).toEqual(await runSegmentPyramid(raw));
    expect(await runRfm(ds)).toEqual(await runRfm(raw));
    expect(await runParetoCurve(ds, { points: 40 })).toEqual(await runParetoCurve(raw, { points: 40 }));
    expect(await runProfitMatrix(ds, { costPerOrder: 2 })).toEqual(await runProfitMatrix(raw, { costPerOrder: 2 }));
    // Stages at the data's as-of need only first and last orders.
    expect(await runLifecycleFunnel(ds)).toEqual(await runLifecycleFunnel(raw));
    const list = await runCustomerList(ds, { sort: 'revenue', pageSize: 5 });
    expect(list).toEqual(await runCustomerList(raw, { sort: 'revenue', pageSize: 5 }));
  });

  it('refuses what needs the transactions with needs-transactions naming the file, before any query', async () => {
    // a: 2 orders (3 lines) 110.5 from 2024-01-05 to 2024-03-01; b: one order of 30 on 2024-02-02.
    const ds = await factsOf('customer_id,orders,lines,revenue,first_order,last_order\na,2,3,110.5,2024-01-05,2024-03-01\nb,1,1,30,2024-02-02,2024-02-02\n');
    expect([ds.rows, ds.customerCount, ds.asOf]).toEqual([4, 2, '2024-03-02']);
    const pyramid = await runSegmentPyramid(ds, { tiers: 'top:50,rest' });
    // ⌈50 % × 2⌉ = 1 customer on top: a with 110.5 of 140.5.
    expect(pyramid.tiers.map((t) => [t.tier, t.customers, t.value])).toEqual([['top', 1, 110.5], ['rest', 1, 30]]);
    const runs: [string, () => Promise<unknown>][] = [
      ['lifecycle stages at another date', () => runLifecycleFunnel(ds, { asOf: '2024-02-15' })],
      ['kpis', () => runKpis(ds)],
      ['pyramid over a window', () => runSegmentPyramid(ds, { window: 30 })],
      ['predicted value', () => scoreCustomerValue(ds)],
    ];
    for (const [what, run] of runs) {
      const e = await refusal(run(), what);
      expect([e.code, e.detail]).toEqual(['needs-transactions', { dataset: 'customer_facts.csv' }]);
      expect(e.message).toContain('raw transactions');
    }
  });

  it('refuses a customer on two rows (it would count twice), naming the row it comes back on', async () => {
    const e = await refusal(factsOf('customer_id,orders,revenue,first_order,last_order\na,1,10,2024-01-01,2024-01-01\nb,1,5,2024-01-02,2024-01-02\na,2,20,2024-01-03,2024-01-04\n'));
    expect(e.code).toBe('invalid-value');
    expect(e.detail).toMatchObject({ column: 'customer_id', value: 'a', row: 3, idProblem: 'duplicate' });
  });

  it('asks for the columns every analysis reads (missing-column for revenue)', async () => {
    const e = await refusal(factsOf('customer_id,orders,first_order,last_order\na,1,2024-01-01,2024-01-01\n'));
    expect(e.code).toBe('missing-column');
    expect(JSON.stringify(e.detail)).toContain('revenue');
  });
});
