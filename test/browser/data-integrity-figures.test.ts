/**
 * Figures that must not be silently wrong, checked on what renders: orders of
 * rows without an order id (KPI tiles and card), masking of short personal
 * values (card, list and CSV), small money amounts, and amounts too large to
 * add up. Files go through <crm-source> and the real DuckDB-WASM engine.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './setup.js';
import type { CrmCustomerCard, CrmCustomerList, CrmErrorEventDetail, CrmKpis, CrmSource } from '@crmkit/elements';
import { outcome } from './loading.js';

const csvFile = (name: string, lines: string[]) => new File([lines.join('\n') + '\n'], name, { type: 'text/csv' });

type Widget = HTMLElement & { value: unknown; updateComplete: Promise<boolean> };

/** A source with `widgets` inside a div of `lang`, loaded from `file`; resolves once every widget has a value. */
async function mount(lang: string, widgets: ReturnType<typeof html>, file: File, customers?: readonly Record<string, unknown>[]) {
  const wrap = await fixture<HTMLDivElement>(html`<div lang=${lang}><crm-source></crm-source>${widgets}</div>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const got = outcome(src);
  if (customers) src.customersData = customers;
  src.file = file;
  const r = await got;
  expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
  const all = [...wrap.querySelectorAll('crm-kpis, crm-customer-card, crm-customer-list')] as Widget[];
  await waitUntil(() => all.every((w) => w.value), 'widgets drew', { timeout: 30_000 });
  for (const w of all) await w.updateComplete;
  return { wrap, src };
}

const tile = (k: CrmKpis, key: string) => k.shadowRoot!.querySelector(`[data-kpi="${key}"] [part~="value"]`)!.textContent!.trim();

/** The card's definition list as { term: description }. */
function cardFacts(card: CrmCustomerCard): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dt of card.shadowRoot!.querySelectorAll('dt')) out[dt.textContent!.trim()] = dt.nextElementSibling!.textContent!.trim();
  return out;
}

describe('orders of rows without an order id', () => {
  it('counts each blank order id as an order in the KPI tiles and the card', async () => {
    const file = csvFile('blank-ids.csv', ['customer_id,order_id,order_date,amount', 'E1,,2024-01-01,10', 'E1,,2024-01-02,20', 'E2,O9,2024-01-03,30']);
    const { wrap } = await mount('en', html`<crm-kpis></crm-kpis><crm-customer-card customer-id="E1"></crm-customer-card>`, file);
    const kpis = wrap.querySelector('crm-kpis') as CrmKpis;
    // E1: two rows without an id = 2 orders; E2: O9 = 1. Revenue 60, orders 3.
    expect(kpis.value!.current.orders).to.equal(3);
    // average order value 60 / 3 = $20 (not $60); repeat rate: E1 of E1, E2 = 50 %
    expect(tile(kpis, 'aov')).to.equal('$20');
    expect(tile(kpis, 'repeatRate')).to.equal('50%');
    const card = wrap.querySelector('crm-customer-card') as CrmCustomerCard;
    const facts = cardFacts(card);
    // E1: 2 orders, revenue $30, average order $15
    expect(facts['Orders']).to.equal('2');
    expect(facts['Average order']).to.equal('$15');
  });

  it('counts a mixed file alike in tiles, list and card, and a repeat buyer without ids is core', async () => {
    const file = csvFile('mixed-ids.csv', [
      'customer_id,order_id,order_date,amount',
      'A,,2024-01-10,10', // A: 2 rows without ids = 2 orders, 30
      'A,,2024-03-01,20',
      'B,O1,2024-02-01,40', // B: O1 (2 lines) + 1 row without an id = 2 orders, 60
      'B,O1,2024-02-01,5',
      'B,,2024-02-15,15',
      'C,O2,2024-03-10,100', // C: O2, O3 = 2 orders, 75
      'C,O3,2024-03-10,-25',
      'E,O4,2024-03-05,12', // E: O4 (2 lines) = 1 order, 15
      'E,O4,2024-03-05,3',
    ]);
    const { wrap } = await mount(
      'en',
      html`<crm-kpis></crm-kpis><crm-customer-card customer-id="A"></crm-customer-card><crm-customer-list sort="customer_id"></crm-customer-list>`,
      file,
    );
    const kpis = wrap.querySelector('crm-kpis') as CrmKpis;
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    const card = wrap.querySelector('crm-customer-card') as CrmCustomerCard;
    expect(list.value!.rows.map((r) => [r.customer_id, r.orders])).to.deep.equal([
      ['A', 2],
      ['B', 2],
      ['C', 2],
      ['E', 1],
    ]);
    // orders 2 + 2 + 2 + 1 = 7, the list's sum; revenue 30 + 60 + 75 + 15 = 180; aov 180 / 7 = 25.714… → $26
    expect(kpis.value!.current.orders).to.equal(7);
    expect(kpis.value!.current.aov).to.be.closeTo(180 / 7, 1e-12);
    expect(tile(kpis, 'aov')).to.equal('$26');
    // repeaters A, B, C of 4 active = 75 %
    expect(tile(kpis, 'repeatRate')).to.equal('75%');
    // A at as-of 2024-03-11: first order 61 days ago (> 30, not new), last 10 days ago (≤ 90), 2 orders → core
    const facts = cardFacts(card);
    expect(facts['Orders']).to.equal('2');
    expect(facts['Lifecycle stage']).to.equal('Core');
  });
});

describe('small money amounts', () => {
  // Four orders of 0.30, 0.40, 0.50, 0.60: revenue 1.80, average order 1.80 / 4 = 0.45.
  const file = () => csvFile('cents.csv', ['customer_id,order_id,order_date,amount', 'S1,A,2024-05-01,0.30', 'S1,B,2024-05-02,0.40', 'S2,C,2024-05-03,0.50', 'S2,D,2024-05-04,0.60']);
  for (const [lang, currency, aov, revenue, big] of [
    ['en', 'USD', '$0.45', '$1.80', '$1,234,568'],
    ['zh-Hant', 'TWD', '$0.45', '$1.80', '$1,234,568'],
    ['zh-Hans', 'CNY', '¥0.45', '¥1.80', '¥1,234,568'],
  ] as const) {
    it(`shows an average order of 0.45 as ${aov}, not as zero (${lang})`, async () => {
      const { wrap } = await mount(lang, html`<crm-kpis currency=${currency}></crm-kpis><crm-customer-card customer-id="S2" currency=${currency}></crm-customer-card>`, file());
      const kpis = wrap.querySelector('crm-kpis') as CrmKpis;
      expect(kpis.value!.current.aov).to.be.closeTo(0.45, 1e-12);
      expect(tile(kpis, 'aov')).to.equal(aov);
      expect(tile(kpis, 'revenue')).to.equal(revenue);
      // S2: 0.50 + 0.60 = 1.10 over 2 orders = 0.55
      const card = wrap.querySelector('crm-customer-card') as CrmCustomerCard;
      expect(card.shadowRoot!.textContent).to.contain(aov.replace('0.45', '0.55'));
      // large amounts keep whole units
      const big1 = new File([`customer_id,order_date,amount\nL1,2024-05-01,1234567.5\n`], 'big.csv', { type: 'text/csv' });
      const again = await mount(lang, html`<crm-kpis currency=${currency}></crm-kpis>`, big1);
      expect(tile(again.wrap.querySelector('crm-kpis') as CrmKpis, 'revenue')).to.equal(big);
    });
  }
});

describe('mask-pii on short values', () => {
  it('never shows a short phone, e-mail or address in full in the card, the list or their CSV', async () => {
    const tx = csvFile('orders.csv', ['customer_id,order_date,amount', 'P1,2024-02-01,70', 'P2,2024-02-02,80']);
    const people = csvFile('people.csv', [
      'customer_id,name,email,phone,address',
      'P1,Ann Lee,ab@x.io,12345,台北市', // all short: phone of 5 digits, e-mail name of 2, address of 3
      'P2,Bob Wu,bob@example.com,0988-765-432,台北市信義路五段7號',
    ]);
    const url = URL.createObjectURL(people);
    const wrap = await fixture<HTMLDivElement>(
      html`<div lang="en"><crm-source customers=${url}></crm-source><crm-customer-card customer-id="P1" mask-pii></crm-customer-card><crm-customer-list mask-pii></crm-customer-list></div>`,
    );
    const src = wrap.querySelector('crm-source') as CrmSource;
    const got = outcome(src);
    src.file = tx;
    const r = await got;
    expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
    const card = wrap.querySelector('crm-customer-card') as CrmCustomerCard;
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    await waitUntil(() => card.value && list.value, 'card and list drew', { timeout: 30_000 });
    await card.updateComplete;
    await list.updateComplete;
    URL.revokeObjectURL(url);
    // 12345 → xxx45 (last two of five digits); ab@x.io → ***@x.io; 台北市 → ***
    const facts = cardFacts(card);
    expect([facts['Phone'], facts['Email'], facts['Address']]).to.deep.equal(['xxx45', '***@x.io', '***']);
    const p1 = list.value!.rows.find((x) => x.customer_id === 'P1')!;
    expect([p1.phone, p1.email]).to.deep.equal(['xxx45', '***@x.io']);
    // a long phone keeps its first two and last three digits, as before
    expect(list.value!.rows.find((x) => x.customer_id === 'P2')!.phone).to.equal('09xx-xxx-432');
    const surfaces = { card: card.shadowRoot!.innerHTML, list: list.shadowRoot!.innerHTML, cardCsv: card.toCSV(), listCsv: list.toCSV() };
    for (const [where, text] of Object.entries(surfaces)) {
      for (const secret of ['12345', 'ab@', '台北市,', '>台北市<', '0988', '765-432']) expect(text, `${where} shows ${secret}`).not.to.contain(secret);
    }
    expect(surfaces.cardCsv).to.contain('xxx45');
    expect(surfaces.listCsv).to.contain('xxx45');
  });
});

describe('amounts too large to add up', () => {
  const huge = () => csvFile('huge.csv', ['customer_id,order_date,amount', 'A,2024-01-01,1e308', 'B,2024-01-02,1e308', 'C,2024-01-03,5']);
  const english =
    'huge.csv, column "amount", row 1: "1e308" is too large (crmkit reads numbers below 10^15 in absolute value). 2 rows in this column cannot be read (first rows: 1, 2). Fix the file, or set on-invalid="skip" to load the other rows.';
  for (const [lang, localized] of [
    ['en', english],
    ['zh-Hant', 'huge.csv，欄位「amount」，第 1 列：「1e308」太大（crmkit 只讀取絕對值小於 10^15 的數字）。這個欄位共有 2 列無法讀取（前幾列：第 1、2 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。'],
    ['zh-Hans', 'huge.csv，字段“amount”，第 1 行：“1e308”太大（crmkit 只读取绝对值小于 10^15 的数字）。此字段共有 2 行无法读取（前几行：第 1、2 行）。请修正文件，或设置 on-invalid="skip" 以加载其他行。'],
  ] as const) {
    it(`refuses two amounts of 1e308 at load with a clear message, and the curve and matrix show it, no NaN (${lang})`, async () => {
      const src = await fixture<CrmSource>(html`<crm-source lang=${lang}><crm-pareto-curve></crm-pareto-curve><crm-profit-matrix cost-per-order="1"></crm-profit-matrix></crm-source>`);
      const got = outcome(src);
      src.file = huge();
      const r = await got;
      expect(r.type).to.equal('crm-error');
      const d = r.detail as CrmErrorEventDetail;
      expect(d.code).to.equal('invalid-value');
      expect(d.message).to.equal(english);
      expect(d.localizedMessage).to.equal(localized);
      expect(d).to.deep.include({ column: 'amount', row: 1, value: '1e308', count: 2, beyond: 1e15 });
      for (const w of src.querySelectorAll('crm-pareto-curve, crm-profit-matrix')) {
        await waitUntil(() => w.shadowRoot!.querySelector('[part="error"]'), `${w.localName} shows the error`, { timeout: 30_000 });
        expect(w.shadowRoot!.querySelector('[part="error"] [part="error-message"], [part="error"]')!.textContent).to.contain(lang === 'en' ? '"1e308" is too large' : '1e308');
        expect(w.shadowRoot!.innerHTML).not.to.contain('NaN');
      }
    });
  }

  it('draws the curve and matrix of amounts just below the bound with finite numbers', async () => {
    const file = csvFile('big-ok.csv', ['customer_id,order_date,amount', 'A,2024-01-01,999999999999999', 'B,2024-01-02,999999999999999', 'C,2024-01-03,5']);
    const src = await fixture<CrmSource>(html`<crm-source lang="en"><crm-pareto-curve></crm-pareto-curve><crm-profit-matrix cost-per-order="1"></crm-profit-matrix></crm-source>`);
    const got = outcome(src);
    src.file = file;
    expect((await got).type).to.equal('crm-load');
    for (const w of src.querySelectorAll('crm-pareto-curve, crm-profit-matrix')) {
      await waitUntil(() => w.shadowRoot!.querySelector('svg path, svg circle'), `${w.localName} drew`, { timeout: 30_000 });
      expect(w.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      for (const p of w.shadowRoot!.querySelectorAll('svg path')) expect(p.getAttribute('d') ?? '').not.to.contain('NaN');
      expect(w.shadowRoot!.innerHTML).not.to.contain('NaN');
    }
  });
});
