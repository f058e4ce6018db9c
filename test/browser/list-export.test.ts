/** The customer list's CSV: every matching customer, not the page on screen, with money to the cent. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import './setup.js';

type Row = { customer_id: string; profit: number | null };
type List = HTMLElement & { value?: { total: number; rows: Row[] }; updateComplete: Promise<boolean>; toCSVAll(): Promise<string>; search: string };

describe('customer list export', () => {
  it('exports all 23,570 customers (and all those a search matches), rounded to cents', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px"><crm-source></crm-source><crm-customer-list></crm-customer-list></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    const list = wrap.querySelector('crm-customer-list') as List;
    await waitUntil(() => list.value?.rows.length, 'list did not draw', { timeout: 90_000 });
    expect(list.value!.rows.length).to.equal(10); // one page on screen

    // Independent: per-customer revenue summed from the CSV here.
    const rows = await cdnowRows();
    const revenue = new Map<string, number>();
    for (const r of rows) revenue.set(r.customer_id, (revenue.get(r.customer_id) ?? 0) + r.amount);

    const csv = await list.toCSVAll();
    const lines = csv.trim().split('\r\n');
    const header = lines[0].split(',');
    expect(lines.length - 1).to.equal(revenue.size); // 23,570
    const idCol = header.indexOf('customer_id');
    const revCol = header.indexOf('revenue');
    expect(idCol).to.be.at.least(0);
    expect(revCol).to.be.at.least(0);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      // no float noise: at most two decimals in any number
      for (const c of cells) if (/^-?\d+\.\d+$/.test(c)) expect(c.split('.')[1].length, line).to.be.at.most(2);
      const id = cells[idCol].replace(/^'/, '');
      expect(Number(cells[revCol])).to.be.closeTo(Math.round(revenue.get(id)! * 100) / 100, 0.005);
    }

    // a search: every match, not ten
    list.search = '00';
    await waitUntil(() => list.value && list.value.total < revenue.size, 'search did not apply', { timeout: 30_000 });
    const matching = [...revenue.keys()].filter((id) => id.includes('00')).length;
    expect(list.value!.total).to.equal(matching);
    expect((await list.toCSVAll()).trim().split('\r\n').length - 1).to.equal(matching);
  });

  it('with cost-per-order the Profit column is the matrix\'s estimate: revenue − 5 × orders (CDNOW: one row = one order)', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px"><crm-source></crm-source><crm-customer-list cost-per-order="5" sort="profit"></crm-customer-list></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    const list = wrap.querySelector('crm-customer-list') as List;
    await waitUntil(() => list.value?.rows.length, 'list did not draw', { timeout: 90_000 });
    const per = new Map<string, { revenue: number; orders: number }>();
    for (const r of await cdnowRows()) {
      const c = per.get(r.customer_id) ?? { revenue: 0, orders: 0 };
      c.revenue += r.amount;
      c.orders += 1;
      per.set(r.customer_id, c);
    }
    const profit = (id: string) => per.get(id)!.revenue - 5 * per.get(id)!.orders;
    // sorted by that profit, highest first (ties by id)
    const best = [...per.keys()].sort((a, b) => profit(b) - profit(a) || (a < b ? -1 : 1)).slice(0, 10);
    expect(list.value!.rows.map((r) => r.customer_id)).to.deep.equal(best);
    for (const r of list.value!.rows) expect(r.profit).to.be.closeTo(profit(r.customer_id), 1e-6);
    // on screen: no "–" in the Profit column
    const header = [...list.shadowRoot!.querySelectorAll('table.data thead th')].map((th) => th.textContent!.trim());
    const col = header.findIndex((h) => /^Profit/.test(h));
    expect(col).to.be.at.least(0);
    for (const tr of list.shadowRoot!.querySelectorAll('table.data tbody tr')) expect(tr.children[col].textContent!.trim()).not.to.equal('–');
  });
});
