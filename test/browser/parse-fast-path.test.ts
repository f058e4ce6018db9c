/**
 * The parsers' fast paths (packages/core/src/loaders/parse.ts) on the browser's engine: on every tricky cell of
 * packages/core/test/parse-fast-cases.ts the fast path and the general rule agree and give the expected value,
 * and a file of such cells loads through <crm-source> with the same values and refusals.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import { queryRows, sql, ident } from '@crmkit/core';
import { getEngine, type CrmSource } from '@crmkit/elements';
import { CASES, FAST_CSV, FAST_CSV_ROWS, PLAIN_CELLS, TYPED_PRESENT, mixedIdsParquet, parseBothWays, plainBothWays, typedPresentBothWays } from '../../packages/core/test/parse-fast-cases.js';
import { decodeParquet } from '../../packages/core/src/loaders/parquet-decode.js';

describe('parse fast paths in the browser', () => {
  it('agree with the general rule on every tricky cell, and both give the expected value', async () => {
    const got = await parseBothWays(await getEngine());
    const label = (c: (typeof CASES)[number]) => `${c.kind}${c.decimal === ',' ? ' (decimal ,)' : ''} ${JSON.stringify(c.cell)}`;
    expect(CASES.map((c, i) => [label(c), got[i].fast, got[i].general])).to.deep.equal(CASES.map((c) => [label(c), c.expected, c.expected]));
  });

  it('a CSV of such cells loads with the same values and the same refusals', async () => {
    const el = await fixture<CrmSource>(html`<crm-source on-invalid="skip" lang="en"></crm-source>`);
    const loaded = oneEvent(el, 'crm-load');
    el.file = new File([FAST_CSV], 'fast.csv', { type: 'text/csv' });
    await loaded;
    const ds = el.model!;
    const rows = await queryRows<{ customer_id: string; d: string; amount: number }>(ds.engine, sql`SELECT customer_id, strftime(order_date, '%Y-%m-%d') AS d, amount FROM ${ident(ds.transactions)}`);
    expect(rows).to.deep.equal(FAST_CSV_ROWS);
  });

  it('a Parquet text column is plain by the decoder exactly when every value passes the pattern of the id fast path', async () => {
    const got = await plainBothWays(await getEngine());
    expect(got).to.deep.equal(PLAIN_CELLS.map(([cell, plain]) => ({ cell, js: plain, sql: plain })));
  });

  it('a Parquet file with a plain id column and one to check loads through the decoder worker with the same values and refusals', async () => {
    // The worker finds customer_id (A, B, C, D) and order_date (2024-01-05, …) plain, not order_id (' O1', 'O\u00013').
    const decoded = await decodeParquet(mixedIdsParquet(), 'ids.parquet');
    expect(decoded.worker).to.equal(true);
    expect(decoded.plain).to.deep.equal(['customer_id', 'order_date']);
    const el = await fixture<CrmSource>(html`<crm-source on-invalid="skip" lang="en"></crm-source>`);
    const loaded = oneEvent(el, 'crm-load');
    el.file = new File([mixedIdsParquet() as Uint8Array<ArrayBuffer>], 'ids.parquet');
    const detail = (await loaded).detail as { rejected: { count: number; rows: number[] } };
    // Row 3's order id holds a control character: refused. ' O1' is trimmed; row 4 has no order id.
    expect(detail.rejected.count).to.equal(1);
    expect(detail.rejected.rows).to.deep.equal([3]);
    const ds = el.model!;
    const rows = await queryRows<{ customer_id: string; order_id: string | null; amount: number }>(ds.engine, sql`SELECT customer_id, order_id, amount FROM ${ident(ds.transactions)}`);
    expect(rows).to.deep.equal([
      { customer_id: 'A', order_id: 'O1', amount: 1 },
      { customer_id: 'B', order_id: 'O2', amount: 2 },
      { customer_id: 'D', order_id: null, amount: 8 },
    ]);
  });

  it('typed cells (numbers, dates, booleans) have text exactly when they are not NULL, by the fast path and the general rule', async () => {
    const got = await typedPresentBothWays(await getEngine());
    expect(got).to.deep.equal(TYPED_PRESENT.map(([cell, , has]) => ({ cell, fast: has, general: has })));
  });
});
