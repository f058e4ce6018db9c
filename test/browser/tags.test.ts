import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows } from '@crmkit/core';
import { encodeSegment, type CrmErrorEventDetail, type CrmExportDetail, type CrmSelectDetail, type CrmSource, type CrmTags } from '@crmkit/elements';
import { CDNOW_URL, cdnowRows, mountOnCdnow } from './cdnow.js';

const DAY = 86_400_000;
/** Working a clause out on CDNOW's 23 570 customers takes a moment. */
const T = { timeout: 30_000 };

/** CDNOW's purchase days per customer and the tags the README defines (default thresholds), in plain TS. */
async function expectedTags() {
  const rows = await cdnowRows();
  const days = new Map<string, Set<string>>();
  const revenue = new Map<string, number>();
  let last = '';
  for (const r of rows) {
    (days.get(r.customer_id) ?? days.set(r.customer_id, new Set()).get(r.customer_id)!).add(r.order_date);
    revenue.set(r.customer_id, (revenue.get(r.customer_id) ?? 0) + r.amount);
    if (r.order_date > last) last = r.order_date;
  }
  const asOf = Date.parse(`${last}T00:00:00Z`) + DAY;
  const loyal = new Set<string>();
  const atRisk = new Set<string>();
  for (const [c, set] of days) {
    const ds = [...set].map((d) => Date.parse(`${d}T00:00:00Z`)).sort((a, b) => a - b);
    const gaps = ds.slice(1).map((d, i) => (d - ds[i]) / DAY);
    const since = (asOf - ds[ds.length - 1]) / DAY;
    if (ds.length >= 4 && (asOf - ds[0]) / DAY >= 365 && Math.max(0, ...gaps) <= 180 && since <= 180) loyal.add(c);
    if (ds.length >= 2 && since > (2 * (ds[ds.length - 1] - ds[0])) / DAY / (ds.length - 1)) atRisk.add(c);
  }
  const vals = [...revenue.values()];
  const high = new Set([...revenue].filter(([, v]) => v > 0 && vals.filter((x) => x >= v).length * 100 <= 10 * vals.length).map(([c]) => c));
  return { loyal, atRisk, high, customers: days.size };
}

/** Customers the source's whole selection picks, counted in its engine. */
async function selected(src: CrmSource): Promise<number> {
  const ds = src.model!;
  // The text of the predicate: a page in a frame has its own copy of the SQL class.
  return (await queryRows<{ n: number }>(ds.engine, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${ident(ds.facts).text} WHERE ${src.selection.predicate().text}`))[0].n;
}

describe('<crm-tags> on CDNOW', () => {
  it('counts each tag as an independent computation does; a click cross-filters with a condition clause; AND and NOT combine', async () => {
    const want = await expectedTags();
    const { el, src } = await mountOnCdnow<CrmTags>('crm-tags', 'lang="en"', 720);
    const of = (t: string) => el.value!.tags.find((x) => x.tag === t)?.customers;
    expect(el.value!.customers).to.equal(want.customers);
    expect(of('loyal')).to.equal(want.loyal.size);
    expect(of('at-risk')).to.equal(want.atRisk.size);
    expect(of('high-spender')).to.equal(want.high.size);
    expect(want.loyal.size).to.be.greaterThan(0);
    // Names and figures are drawn.
    const bar = el.shadowRoot!.querySelector('svg [part="mark"][data-key="loyal"]') as SVGElement;
    expect(bar.getAttribute('aria-label')).to.match(/^Loyal, Customers: /);

    const sel = oneEvent(el, 'crm-select');
    bar.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const d = (await sel).detail as CrmSelectDetail;
    expect(d.clause?.basis).to.equal('condition');
    expect(d.clause?.label).to.equal('Tags: Loyal');
    await waitUntil(() => src.selection.size === 1, 'selection not in force', T);
    expect(await selected(src)).to.equal(want.loyal.size);

    // AND: loyal and high spender; NOT: neither.
    el.mode = 'and';
    el.toggleTag('high-spender');
    await waitUntil(() => (src.selection.get(el.clientId)?.label ?? '').includes('all of'), 'AND not applied', T);
    await waitUntil(async () => (await selected(src)) === [...want.loyal].filter((c) => want.high.has(c)).length, 'AND count', T);
    el.mode = 'not';
    await waitUntil(async () => (await selected(src)) === want.customers - new Set([...want.loyal, ...want.high]).size, 'NOT count', T);
  });

  it('exports every selected customer, rounded, masked, with a crm-export event', async () => {
    const want = await expectedTags();
    const { el, src } = await mountOnCdnow<CrmTags>('crm-tags', 'lang="en" export-columns="customer_id,orders,revenue,average_order,last_order,tags"', 720);
    el.selectTags(['at-risk']);
    await waitUntil(() => src.selection.size === 1, 'selection not in force', T);
    const ev = oneEvent(el, 'crm-export');
    const r = await el.exportCampaign({ download: false });
    const detail = (await ev).detail as CrmExportDetail;
    expect(detail.count).to.equal(want.atRisk.size);
    expect(r!.rows.length).to.equal(want.atRisk.size);
    expect(new Set(detail.rows.map((x) => x.customer_id))).to.deep.equal(want.atRisk);
    expect(detail.columns).to.deep.equal(['customer_id', 'orders', 'revenue', 'average_order', 'last_order', 'tags']);
    // Money rounded to cents: no binary fractions in the CSV.
    const rows = await cdnowRows();
    const rev = new Map<string, number>();
    for (const x of rows) rev.set(x.customer_id, (rev.get(x.customer_id) ?? 0) + x.amount);
    for (const x of detail.rows) {
      expect(x.revenue).to.equal(Math.round(rev.get(x.customer_id as string)! * 100) / 100);
      expect(String(x.revenue)).to.match(/^-?\d+(\.\d{1,2})?$/);
      expect(x.tags as string).to.include('at-risk');
    }
    expect(detail.csv.split('\r\n').length - 2).to.equal(want.atRisk.size);
    expect(detail.filters).to.deep.equal(['Tags: At risk']);
  });
});

describe('<crm-tags> refusing a bad rule', () => {
  it('shows the error in the widget and sends crm-error with the position and token, in zh-Hant', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source></div>`);
    wrap.insertAdjacentHTML('beforeend', `<crm-tags lang="zh-Hant" rules='[{"name": "x", "rule": "orders >= 5; DROP TABLE t"}]'></crm-tags>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const el = wrap.querySelector('crm-tags') as CrmTags;
    const err = oneEvent(el, 'crm-error');
    src.src = CDNOW_URL;
    const d = (await err).detail as CrmErrorEventDetail;
    expect(d.code).to.equal('invalid-rule');
    expect(d.rule).to.deep.equal({ problem: 'bad-character', position: 11, token: ';' });
    expect(d.message).to.equal('Invalid rule: unexpected character ";" at position 11.');
    expect(d.localizedMessage).to.equal('規則不正確：第 11 個字元處有無法辨識的字元「;」。');
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector('[part~="error"]')!;
    expect(box.textContent).to.include('第 11 個字元處');
    expect(box.textContent).to.include('標籤規則不正確');
  });
});

describe('<crm-tags> when other data is loaded', () => {
  it('keeps a tag selection as a condition and works it out on the new data', async () => {
    // First data: a and b bought within 90 days of as-of 2024-06-02 (new), c a year before.
    const first = [
      { customer_id: 'a', order_date: '2024-06-01', amount: 10 },
      { customer_id: 'b', order_date: '2024-05-01', amount: 10 },
      { customer_id: 'c', order_date: '2023-05-01', amount: 10 },
    ];
    // New data (as-of 2025-01-02): only x (first order 2025-01-01) is new; y and z are old customers.
    const second = [
      { customer_id: 'x', order_date: '2025-01-01', amount: 5 },
      { customer_id: 'y', order_date: '2023-01-01', amount: 5 },
      { customer_id: 'y', order_date: '2025-01-01', amount: 5 },
      { customer_id: 'z', order_date: '2022-01-01', amount: 5 },
    ];
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source .data=${first}></crm-source><crm-tags lang="en"></crm-tags></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const el = wrap.querySelector('crm-tags') as CrmTags;
    await waitUntil(() => el.value, 'no result', T);
    el.selectTags(['new']);
    await waitUntil(() => src.selection.size === 1, 'selection not in force', T);
    expect(await selected(src)).to.equal(2);
    const loaded = oneEvent(src, 'crm-load');
    src.data = second;
    await loaded;
    await waitUntil(() => src.selection.size === 1, 'condition not worked out again', T);
    expect(src.selection.list()[0].label).to.equal('Tags: New');
    expect(await selected(src)).to.equal(1);
  });
});

describe('segments', () => {
  it('a shared link restores the segment on a fresh page load, and again after a reload', async () => {
    const want = await expectedTags();
    const link = `/test/browser/tags-segment.html?segment=${encodeSegment({ name: 'Loyal', tags: ['loyal'], mode: 'or', rules: [] })}`;
    const frame = document.createElement('iframe');
    frame.style.width = '800px';
    frame.style.height = '600px';
    document.body.append(frame);
    const check = async () => {
      await waitUntil(() => frame.contentDocument?.querySelector('crm-source')?.matches(':defined'), 'page did not start', { timeout: 60_000 });
      const doc = frame.contentDocument!;
      const src = doc.querySelector('crm-source') as CrmSource;
      const tags = doc.querySelector('crm-tags') as CrmTags;
      await waitUntil(() => src.selection.size === 1, 'segment not applied', { timeout: 60_000 });
      expect(tags.selected).to.deep.equal({ tags: ['loyal'], mode: 'or' });
      expect(src.selection.list()[0].basis).to.equal('condition');
      expect(await selected(src)).to.equal(want.loyal.size);
    };
    frame.src = link;
    await check();
    frame.contentWindow!.location.reload();
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    await check();
    frame.remove();
  });
});
