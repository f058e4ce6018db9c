/**
 * Several transactions files in one source, on the real engine: the two public Online Retail files
 * (different headers: InvoiceNo / Invoice, UnitPrice / Price, CustomerID / Customer ID), each given a
 * channel, loaded as <crm-file> children of one <crm-source>. The rows both files hold (the
 * 2010-12-01..2010-12-09 rows) are found and reported in crm-load: 22,523, the same figure as a
 * plain-TS pass over both decompressed CSVs (a multiset intersection of their data lines).
 */
import { expect, fixture, html } from '@open-wc/testing';
import './setup.js';
import { ident, queryRows, sql } from '@crmkit/core';
import type { CrmSource } from '@crmkit/elements';
import { dataset } from './setup.js';
import { outcome } from './loading.js';

/** Data lines both texts hold, counted as multisets (a line twice in each counts twice). */
function sharedLines(a: string, b: string): number {
  const count = new Map<string, number>();
  for (const line of a.split('\n').slice(1)) if (line !== '') count.set(line, (count.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of b.split('\n').slice(1)) {
    const n = count.get(line);
    if (n) (shared++, count.set(line, n - 1));
  }
  return shared;
}

describe('two Online Retail files in one source', function () {
  this.timeout(600_000);

  it('loads both, each with its channel, and reports the 22,523 rows they share', async () => {
    const [older, newer] = await Promise.all(
      ['online_retail_ii_2009_2010.csv', 'online_retail.csv'].map(async (f) => (await fetch(`/gzip-encoded/online-retail/${f}`)).text()),
    );
    const want = sharedLines(older, newer);
    expect(want).to.equal(22523);

    const wrap = await fixture<HTMLDivElement>(html`<div>
      <crm-source on-invalid="skip">
        <crm-file src=${dataset('online-retail/online_retail_ii_2009_2010.csv.gz')} channel="export-2009-10"></crm-file>
        <crm-file src=${dataset('online-retail/online_retail.csv.gz')} channel="export-2010-11"></crm-file>
      </crm-source>
    </div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const r = await outcome(src);
    expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
    if (r.type !== 'crm-load') return;
    const files = r.detail.files!;
    expect(files.map((f) => [f.file, f.inputRows, f.channel])).to.deep.equal([
      ['online_retail_ii_2009_2010.csv.gz', 525461, 'export-2009-10'],
      ['online_retail.csv.gz', 541909, 'export-2010-11'],
    ]);
    // Each file mapped on its own headers.
    expect(files[0].mapping).to.include({ order_id: 'Invoice', unit_price: 'Price', customer_id: 'Customer ID' });
    expect(files[1].mapping).to.include({ order_id: 'InvoiceNo', unit_price: 'UnitPrice', customer_id: 'CustomerID' });
    expect(r.detail.overlaps).to.have.length(1);
    expect(r.detail.overlaps![0].files).to.deep.equal(['online_retail_ii_2009_2010.csv.gz', 'online_retail.csv.gz']);
    expect(r.detail.overlaps![0].rows).to.equal(want);
    // Rows loaded (with a customer): 525,461 − 107,927 = 417,534 and 541,909 − 135,080 = 406,829.
    expect(files.map((f) => f.rows)).to.deep.equal([417534, 406829]);
    expect(r.detail.rows).to.equal(417534 + 406829);
    // The channel column holds each file's channel for its rows.
    const byChannel = await queryRows<{ channel: string; n: number }>(src.model!.engine, sql`SELECT channel, count(*)::INT AS n FROM ${ident(src.model!.transactions)} GROUP BY channel ORDER BY channel`);
    expect(byChannel.map((c) => [c.channel, Number(c.n)])).to.deep.equal([
      ['export-2009-10', 417534],
      ['export-2010-11', 406829],
    ]);
  });
});
