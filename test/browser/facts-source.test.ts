/**
 * `<crm-source facts="…">`: a precomputed per-customer table loaded in the
 * page instead of transactions. Here CDNOW's table is worked out in plain
 * TypeScript from the file's rows (an independent path: every row is an order,
 * as CDNOW has no order ids), handed over as a CSV, and the widgets that need
 * only that table must draw what they draw on the raw file; one that needs the
 * transactions says so in the page's language.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import './setup.js';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import { close } from './helpers.js';

type Any = HTMLElement & { value: any; updateComplete: Promise<boolean>; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function factsCsv(): Promise<string> {
  const per = new Map<string, { n: number; revenue: number; quantity: number; first: string; last: string }>();
  for (const r of await cdnowRows()) {
    const c = per.get(r.customer_id) ?? { n: 0, revenue: 0, quantity: 0, first: r.order_date, last: r.order_date };
    c.n++;
    c.revenue += r.amount;
    c.quantity += r.quantity;
    if (r.order_date < c.first) c.first = r.order_date;
    if (r.order_date > c.last) c.last = r.order_date;
    per.set(r.customer_id, c);
  }
  const lines = [...per].map(([id, c]) => `${id},${c.n},${c.n},${c.revenue},${c.quantity},${c.first},${c.last}`);
  return ['customer_id,orders,lines,revenue,quantity,first_order,last_order', ...lines].join('\n');
}

function mount(id: string, attrs: string, widgets: string): { src: CrmSource; w: Record<string, Any> } {
  const wrap = document.createElement('div');
  wrap.style.width = '720px';
  document.body.append(wrap);
  wrap.innerHTML = `<crm-source id="${id}" ${attrs}></crm-source>${widgets}`;
  const src = wrap.querySelector('crm-source') as CrmSource;
  const w = Object.fromEntries(['crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix', 'crm-kpis'].map((t) => [t, wrap.querySelector(t) as Any]).filter(([, e]) => e));
  return { src, w };
}

describe('<crm-source facts>', () => {
  it('draws the pyramid, Pareto curve and matrix of CDNOW from its per-customer table, and the KPI tiles say they need the transactions (zh-Hans)', async () => {
    const widgets = (id: string, extra = '') => `<crm-segment-pyramid source="${id}"></crm-segment-pyramid><crm-pareto-curve source="${id}"></crm-pareto-curve><crm-profit-matrix source="${id}" cost-per-order="2"></crm-profit-matrix>${extra}`;
    const raw = mount('raw', '', widgets('raw'));
    const loadedRaw = oneEvent(raw.src, 'crm-load');
    raw.src.src = CDNOW_URL;
    await loadedRaw;
    const url = URL.createObjectURL(new Blob([await factsCsv()], { type: 'text/csv' }));
    const table = mount('table', '', widgets('table', `<crm-kpis source="table" lang="zh-Hans"></crm-kpis>`));
    const failed = oneEvent(table.w['crm-kpis'], 'crm-error');
    const loaded = oneEvent(table.src, 'crm-load');
    table.src.setAttribute('facts', url);
    const load = (await loaded).detail;
    // 23,570 customers (datasets/cdnow/README.md), one row each.
    expect([load.rows, load.customers]).to.deep.equal([23_570, 23_570]);
    const m = table.src.model!;
    expect([m.rows, m.customerCount, m.minDate, m.maxDate, m.asOf]).to.deep.equal([69_659, 23_570, '1997-01-01', '1998-06-30', '1998-07-01']);
    for (const t of ['crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix']) {
      await waitUntil(() => raw.w[t].value && table.w[t].value, `${t} did not draw`, { timeout: 60_000 });
      close(table.w[t].value, raw.w[t].value, t);
    }
    expect(table.w['crm-segment-pyramid'].value.customers).to.equal(23_570);
    // A click on the table's pyramid filters its Pareto curve as on the raw data.
    raw.w['crm-segment-pyramid'].selectTier('gold');
    table.w['crm-segment-pyramid'].selectTier('gold');
    await waitUntil(() => table.w['crm-pareto-curve'].value?.summary?.n === raw.w['crm-pareto-curve'].value?.summary?.n && raw.w['crm-pareto-curve'].value.summary.n < 23_570, 'the click did not filter alike', { timeout: 60_000 });
    close(table.w['crm-pareto-curve'].value, raw.w['crm-pareto-curve'].value, 'pareto under gold');
    const e = (await failed).detail;
    expect([e.code, e.dataset]).to.deep.equal(['needs-transactions', load.file]);
    await waitUntil(() => table.w['crm-kpis'].shadowRoot!.querySelector('[part="error"]'), 'no error shown', { timeout: 30_000 });
    expect(table.w['crm-kpis'].shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('原始交易数据');
    URL.revokeObjectURL(url);
  });
});
