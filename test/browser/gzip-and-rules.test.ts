/**
 * Compressed input and row rules in the page, on the real engine:
 * - the raw public Online Retail file (datasets/online-retail/online_retail.csv.gz, 541,909 rows) loaded
 *   as it is, gzipped, with the rule "exclude order ids starting with C" and on-invalid="skip" for rows
 *   without a customer: 4,339 customers and a top-20 % revenue share of 0.7462, checked against a
 *   plain-TS pass over the decompressed CSV in this test;
 * - a .gz file dropped on the source, a file sent with Content-Encoding: gzip, and a gzip file that
 *   decompresses past max-bytes (stopped mid-stream, in English and Chinese).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './setup.js';
import type { CrmCustomerList, CrmParetoCurve, CrmSource } from '@crmkit/elements';
import { dataset } from './setup.js';
import { outcome } from './loading.js';

/** One CSV line's fields (quotes, "" inside quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * The figures worked out without crmkit: customers with an id on orders whose id does not start with
 * C; revenue per customer Σ Quantity × UnitPrice; ranked by revenue, the top ⌈0.2 · n⌉ customers' share.
 */
function independent(text: string) {
  const lines = text.split('\n');
  const head = fields(lines[0]);
  const [inv, qty, price, cust] = ['InvoiceNo', 'Quantity', 'UnitPrice', 'CustomerID'].map((h) => head.indexOf(h));
  const revenue = new Map<string, number>();
  let cancelled = 0;
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const f = fields(lines[i]);
    if (f[inv].startsWith('C')) {
      cancelled++;
      continue;
    }
    if (f[cust].trim() === '') continue;
    rows++;
    revenue.set(f[cust], (revenue.get(f[cust]) ?? 0) + Number(f[qty]) * Number(f[price]));
  }
  const values = [...revenue.values()].sort((a, b) => b - a);
  const total = values.reduce((a, b) => a + b, 0);
  const k = Math.ceil(0.2 * values.length);
  const top = values.slice(0, k).reduce((a, b) => a + b, 0);
  return { customers: values.length, rows, cancelled, topShare: top / total };
}

describe('the raw Online Retail file, gzipped, with a row rule', function () {
  this.timeout(600_000);

  it('gives 4,339 customers and a top-20 % share of 0.7462, as a plain pass over the CSV does', async () => {
    // The independent pass: the browser decompresses the file (Content-Encoding), plain TS adds up.
    const text = await (await fetch('/gzip-encoded/online-retail/online_retail.csv')).text();
    const want = independent(text);
    expect(want.customers).to.equal(4339);
    expect(want.rows).to.equal(397924);
    expect(want.cancelled).to.equal(9288);
    expect(Math.abs(want.topShare - 0.7462)).to.be.below(0.0001);

    const wrap = await fixture<HTMLDivElement>(html`<div>
      <crm-source src=${dataset('online-retail/online_retail.csv.gz')} exclude="order_id starts-with C" on-invalid="skip"></crm-source>
      <crm-pareto-curve></crm-pareto-curve>
    </div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const r = await outcome(src);
    expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
    if (r.type !== 'crm-load') return;
    expect(r.detail.format).to.equal('csv');
    expect(r.detail.customers).to.equal(4339);
    expect(r.detail.rows).to.equal(want.rows);
    expect(r.detail.rules).to.deep.equal([{ rule: { action: 'exclude', column: 'order_id', op: 'starts-with', value: 'C' }, text: 'order_id starts-with C', removed: 9288 }]);
    // 541,909 rows − 9,288 cancellations = 532,621; of these 397,924 have a customer: 134,697 left out as unreadable
    // (the file's 135,080 rows without a customer less the 383 cancellations among them).
    expect(r.detail.rejected.count).to.equal(532621 - 397924);
    const pareto = wrap.querySelector('crm-pareto-curve') as CrmParetoCurve;
    await waitUntil(() => pareto.value, 'pareto drew', { timeout: 120_000 });
    const s = pareto.value!.summary;
    expect(s.n).to.equal(4339);
    expect(s.kCut).to.equal(868); // ⌈0.2 × 4339⌉ = ⌈867.8⌉
    expect(Math.abs(s.topShare - 0.7462)).to.be.below(0.0001);
    expect(Math.abs(s.topShare - want.topShare)).to.be.below(1e-9);
    // The summary line says what the rule removed.
    await src.updateComplete;
    expect(src.shadowRoot!.querySelector('[part~="rule"]')!.textContent!.trim()).to.equal('Rule “order_id starts-with C” left out 9,288 rows.');
  });
});

/** A small transactions CSV: 3 customers, revenue 100 + 50 + 200 + 30.5 = 380.5. */
const SMALL = 'customer_id,order_id,order_date,amount\nC1,1,2024-01-05,100\nC1,2,2024-02-10,50\nC2,3,2024-01-20,200\nC3,4,2024-03-01,30.5\nC3,C5,2024-03-02,-30.5\n';
async function gzip(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

describe('gzip in the page', function () {
  this.timeout(120_000);

  it('reads a dropped .gz file, with progress in compressed and decompressed bytes', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source exclude="order_id starts-with C"></crm-source><crm-customer-list sort="customer_id"></crm-customer-list></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const progress: { loaded?: number; total?: number; decompressed?: number }[] = [];
    src.addEventListener('crm-progress', (e) => progress.push((e as CustomEvent).detail));
    const got = outcome(src);
    const gz = await gzip(SMALL);
    src.file = new File([gz], 'small.csv.gz');
    const r = await got;
    expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
    const last = progress.filter((p) => p.decompressed !== undefined).at(-1)!;
    expect(last).to.include({ loaded: gz.size, total: gz.size, decompressed: new TextEncoder().encode(SMALL).byteLength });
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    await waitUntil(() => list.value, 'list drew', { timeout: 30_000 });
    // C1 150, C2 200, C3 30.5 (its return C5 left out by the rule).
    expect(list.value!.rows.map((x) => [x.customer_id, x.revenue])).to.deep.equal([
      ['C1', 150],
      ['C2', 200],
      ['C3', 30.5],
    ]);
  });

  it('reads a file sent with Content-Encoding: gzip (CDNOW, 69,659 rows)', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source src="/gzip-encoded/cdnow/cdnow_transactions.csv"></crm-source></div>`);
    const r = await outcome(wrap.querySelector('crm-source') as CrmSource);
    expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
    if (r.type !== 'crm-load') return;
    // The same file uncompressed gives the same rows and customers.
    const plain = await fixture<HTMLDivElement>(html`<div><crm-source src=${dataset('cdnow/cdnow_transactions.csv')}></crm-source></div>`);
    const p = await outcome(plain.querySelector('crm-source') as CrmSource);
    expect(p.type).to.equal('crm-load');
    if (p.type !== 'crm-load') return;
    expect(r.detail.rows).to.equal(p.detail.rows);
    expect(r.detail.customers).to.equal(p.detail.customers);
  });

  it('stops a gzip file that decompresses past max-bytes, and says so in zh-Hant', async () => {
    // 4 MB of one repeated row compresses to a few kB.
    const gz = await gzip('customer_id,order_date,amount\n' + 'C1,2024-01-05,1\n'.repeat(250_000));
    expect(gz.size).to.be.below(100_000);
    const wrap = await fixture<HTMLDivElement>(html`<div lang="zh-Hant"><crm-source max-bytes="1000000"></crm-source></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const got = outcome(src);
    src.file = new File([gz], 'bomb.csv.gz');
    const r = await got;
    expect(r.type).to.equal('crm-error');
    if (r.type !== 'crm-error') return;
    expect(r.detail).to.include({ code: 'too-large', limit: 1_000_000, decompressed: true, file: 'bomb.csv.gz' });
    await src.updateComplete;
    expect(src.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('bomb.csv.gz 解壓縮後超過這個頁面可接受的大小');
  });

  it('shows a bad rule as an error in the widget and in crm-error, in zh-Hans', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div lang="zh-Hans"><crm-source exclude="order_id like C%"></crm-source></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const got = outcome(src);
    src.file = new File([SMALL], 'small.csv');
    const r = await got;
    expect(r.type).to.equal('crm-error');
    if (r.type !== 'crm-error') return;
    expect(r.detail.code).to.equal('invalid-row-rule');
    expect(r.detail.rowRule).to.deep.equal({ problem: 'unknown-op', action: 'exclude', index: 0, text: 'order_id like C%', token: 'like' });
    expect(r.detail.message).to.equal('exclude rule 1 ("order_id like C%"): "like" is not a rule; use =, in, starts-with, between, from or to.');
    await src.updateComplete;
    expect(src.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('第 1 条行规则（order_id like C%）的“like”不是可用的运算');
  });
});
