import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import type { CrmCustomerCard, CrmCustomerList, CrmSource } from '@crmkit/elements';

async function mount<T extends HTMLElement>(widget: ReturnType<typeof html>, configure: (s: CrmSource) => void) {
  const wrap = await fixture<HTMLDivElement>(html`<div lang="en"><crm-source></crm-source>${widget}</div>`);
  const src = wrap.querySelector('crm-source')!;
  const loaded = oneEvent(src, 'crm-load');
  configure(src);
  await loaded;
  const el = wrap.lastElementChild as T & { updateComplete: Promise<boolean> };
  await el.updateComplete;
  return { src, el };
}

describe('<crm-customer-list> on CDNOW', () => {
  it('lists customers by revenue, pages and searches, as plain TS computes', async () => {
    const rows = await cdnowRows();
    const revenue = new Map<string, number>();
    for (const r of rows) revenue.set(r.customer_id, (revenue.get(r.customer_id) ?? 0) + r.amount);
    const ranked = [...revenue].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const { el } = await mount<CrmCustomerList>(html`<crm-customer-list page-size="5"></crm-customer-list>`, (s) => (s.src = CDNOW_URL));
    const page = el.value!;
    expect(page.total).to.equal(23570);
    expect(page.rows.map((r) => r.customer_id)).to.deep.equal(ranked.slice(0, 5).map(([id]) => id));
    expect(page.rows[0].revenue).to.be.closeTo(ranked[0][1], 1e-6);
    const firstRow = el.shadowRoot!.querySelector('tbody tr')!;
    expect(firstRow.getAttribute('data-customer')).to.equal(ranked[0][0]);
    // the top customer is in the top 5 % by revenue: diamond
    expect(page.rows[0].tier).to.equal('diamond');
    expect(firstRow.textContent).to.contain('Diamond');
    // in Traditional Chinese the tier reads 鑽石顧客
    el.lang = 'zh-Hant';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('tbody tr')!.textContent).to.contain('鑽石顧客');
    el.lang = 'en';
    await el.updateComplete;
    // next page
    (el.shadowRoot!.querySelector('.pager button:last-of-type') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.value!.page).to.equal(2);
    expect(el.value!.rows.map((r) => r.customer_id)).to.deep.equal(ranked.slice(5, 10).map(([id]) => id));
    // search by id
    el.search = '00003';
    await el.updateComplete;
    expect(el.value!.rows.map((r) => r.customer_id)).to.deep.equal(['00003']);
    expect(el.value!.page).to.equal(1);
    // choosing a row tells the page which customer
    const picked = oneEvent(el, 'crm-customer-pick');
    (el.shadowRoot!.querySelector('tbody tr') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect((await picked).detail.customerId).to.equal('00003');
  });
});

describe('<crm-customer-card>', () => {
  it('shows the right figures for a known CDNOW customer', async () => {
    const rows = (await cdnowRows()).filter((r) => r.customer_id === '00003');
    const revenue = rows.reduce((s, r) => s + r.amount, 0);
    const { el } = await mount<CrmCustomerCard>(html`<crm-customer-card customer-id="00003"></crm-customer-card>`, (s) => (s.src = CDNOW_URL));
    const card = el.value!;
    expect(card.orders).to.equal(rows.length);
    expect(card.revenue).to.be.closeTo(revenue, 1e-9);
    expect(card.first_order).to.equal(Date.parse(rows.map((r) => r.order_date).sort()[0]));
    // as-of 1998-07-01; last order of 00003
    const last = rows.map((r) => r.order_date).sort().at(-1)!;
    expect(card.recency_days).to.equal((Date.parse('1998-07-01') - Date.parse(last)) / 86_400_000);
    const text = el.shadowRoot!.textContent!;
    expect(text).to.contain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(revenue));
    expect(el.shadowRoot!.querySelectorAll('[part="timeline"] rect.mark').length).to.equal(new Set(rows.map((r) => r.order_date.slice(0, 7))).size);
    // Tier by the pyramid's default rule: k = customers with revenue ≥ this one's; k ≤ ⌈5 % · n⌉ diamond,
    // k ≤ ⌈20 % · n⌉ gold, else regular (n = every customer).
    const all = await cdnowRows();
    const totals = new Map<string, number>();
    for (const r of all) totals.set(r.customer_id, (totals.get(r.customer_id) ?? 0) + r.amount);
    const atLeast = [...totals.values()].filter((v) => v >= totals.get('00003')!).length;
    const room = (c: number) => Math.ceil(Math.round(c * totals.size * 1e9) / 1e9);
    expect(card.labels.tier).to.equal(atLeast <= room(0.05) ? 'diamond' : atLeast <= room(0.2) ? 'gold' : 'regular');
    // Lifecycle at 1998-07-01: first order long ago, so not new; core if ordered within 90 days and more than once,
    // else by days since the last order: ≤ 180 dozing, ≤ 365 half-asleep, else dormant.
    const recency = card.recency_days;
    expect(card.labels.stage).to.equal(recency <= 90 && rows.length >= 2 ? 'core' : recency <= 180 ? 'dozing' : recency <= 365 ? 'half-asleep' : 'dormant');
    expect(card.labels.r_score).to.be.within(1, 5);
    const stageName: Record<string, string> = { new: 'New', core: 'Core', dozing: 'Dozing', 'half-asleep': 'Half-asleep', dormant: 'Dormant' };
    expect(el.shadowRoot!.textContent).to.contain(stageName[String(card.labels.stage)]);
  });

  it('says so when the customer does not exist', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source><crm-customer-card customer-id="nobody"></crm-customer-card></div>`);
    const src = wrap.querySelector('crm-source')!;
    const card = wrap.querySelector('crm-customer-card')!;
    const err = oneEvent(card, 'crm-error');
    src.src = CDNOW_URL;
    expect((await err).detail.message).to.contain('No customer has the id "nobody"');
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('nobody');
    // in Traditional Chinese a one-line summary comes first, then the full message
    card.lang = 'zh-Hant';
    await card.updateComplete;
    const alert = card.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.querySelector('strong')!.textContent).to.equal('設定值不正確');
    expect(alert.textContent).to.contain('No customer has the id "nobody"');
  });

  it('masks PII everywhere with mask-pii', async () => {
    const tx = [
      { customer_id: 'c1', order_date: '2024-01-03', amount: 120 },
      { customer_id: 'c1', order_date: '2024-02-10', amount: 30 },
      { customer_id: 'c2', order_date: '2024-02-11', amount: 99 },
    ];
    const people = [
      { customer_id: 'c1', name: 'Mei-Ling Chen', email: 'meiling@example.tw', phone: '0912-345-123', birthday: '1990-05-17', address: '台北市信義路五段7號' },
      { customer_id: 'c2', name: 'Bob', email: 'bob@example.com', phone: '0988-765-432' },
    ];
    const events: string[] = [];
    const wrap = await fixture<HTMLDivElement>(
      html`<div @crm-customer-pick=${(e: CustomEvent) => events.push(JSON.stringify(e.detail))}>
        <crm-source></crm-source><crm-customer-card customer-id="c1" mask-pii></crm-customer-card><crm-customer-list mask-pii></crm-customer-list>
      </div>`,
    );
    const src = wrap.querySelector('crm-source')!;
    const loaded = oneEvent(src, 'crm-load');
    src.customersData = people;
    src.data = tx;
    await loaded;
    const card = wrap.querySelector('crm-customer-card')!;
    const list = wrap.querySelector('crm-customer-list')!;
    await card.updateComplete;
    await list.updateComplete;
    // (long enough not to occur by chance, e.g. in Lit's random template markers)
    const secrets = ['meiling@', '0912-345', '345-123', '1990-05', '信義路', 'bob@', '0988-765', '765-432'];
    const surfaces = [card.shadowRoot!.innerHTML, list.shadowRoot!.innerHTML, card.toCSV(), list.toCSV(), JSON.stringify(card.value), JSON.stringify(list.value), events.join()];
    for (const s of secrets) for (const text of surfaces) expect(text).not.to.contain(s);
    expect(card.shadowRoot!.textContent).to.contain('m***@example.tw');
    expect(card.shadowRoot!.textContent).to.contain('09xx-xxx-123');
    expect(list.shadowRoot!.textContent).not.to.contain('0912');
  });
});
