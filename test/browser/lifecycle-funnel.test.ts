import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows, sql } from '@crmkit/core';
import { CDNOW_URL, cdnowRows, mountOnCdnow } from './cdnow.js';
import type { CrmErrorEventDetail, CrmLifecycleFunnel, CrmSelectDetail } from '@crmkit/elements';

const STAGES = ['new', 'core', 'dozing', 'half-asleep', 'dormant'] as const;
const DAY = 86_400_000;

/** Each customer's stage at `asOf` (orders before it), by the README's rules in plain TS, with their revenue. */
async function stages(asOf: string, t = { newDays: 30, activeDays: 90, halfAsleepDays: 180, dormantDays: 365 }) {
  const per = new Map<string, { first: string; last: string; orders: number; revenue: number }>();
  for (const r of await cdnowRows()) {
    if (r.order_date >= asOf) continue;
    const c = per.get(r.customer_id) ?? { first: r.order_date, last: r.order_date, orders: 0, revenue: 0 };
    if (r.order_date < c.first) c.first = r.order_date;
    if (r.order_date > c.last) c.last = r.order_date;
    c.orders += 1;
    c.revenue += r.amount;
    per.set(r.customer_id, c);
  }
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const days = (d: string) => (end - Date.parse(`${d}T00:00:00Z`)) / DAY;
  const out = new Map<string, { stage: (typeof STAGES)[number]; revenue: number }>();
  for (const [id, c] of per) {
    const recency = days(c.last);
    const stage =
      days(c.first) <= t.newDays ? 'new'
      : recency <= t.activeDays && c.orders >= 2 ? 'core'
      : recency <= t.halfAsleepDays ? 'dozing'
      : recency <= t.dormantDays ? 'half-asleep'
      : 'dormant';
    out.set(id, { stage, revenue: c.revenue });
  }
  return out;
}

const mount = (attrs: string) => mountOnCdnow<CrmLifecycleFunnel>('crm-lifecycle-funnel', attrs, 760);

const en = { n: new Intl.NumberFormat('en-US'), pct: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }), usd: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 1, notation: 'compact' }) };
const text = (el: CrmLifecycleFunnel, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)].map((t) => t.textContent);

describe('<crm-lifecycle-funnel> on CDNOW', () => {
  it('places every customer in the stage an independent computation gives, at the day after the last order', async () => {
    const { el } = await mount('lang="en"');
    const want = await stages('1998-07-01');
    const count = STAGES.map((s) => [...want.values()].filter((c) => c.stage === s).length);
    const revenue = STAGES.map((s) => [...want.values()].filter((c) => c.stage === s).reduce((a, c) => a + c.revenue, 0));
    // CDNOW is one cohort (first orders Jan–Mar 1997): nobody is new in July 1998
    expect(count[0]).to.equal(0);
    expect(count.reduce((a, b) => a + b)).to.equal(23570);
    const d = el.value!;
    expect(d.asOf).to.equal('1998-07-01');
    expect(d.stages.map((s) => s.customers)).to.deep.equal(count);
    d.stages.forEach((s, i) => expect(s.revenue).to.be.closeTo(revenue[i], 1e-6));
    expect(text(el, 'svg .stage-name')).to.deep.equal(['New', 'Core', 'Dozing', 'Half-asleep', 'Dormant']);
    expect(text(el, 'svg .stage-figures')).to.deep.equal(count.map((n, i) => `${en.n.format(n)} · ${en.pct.format(n / 23570)} · ${en.usd.format(revenue[i])}`));
    // hover shows the stage's rule and numbers
    const core = el.shadowRoot!.querySelector('svg .mark[data-key="core"]') as SVGElement;
    el.shadowRoot!.querySelectorAll('svg rect.hit')[1].dispatchEvent(new Event('pointerenter'));
    const tip = el.shadowRoot!.querySelector('svg g.tooltip')!;
    expect(tip.getAttribute('display')).to.equal(null);
    expect(text(el, 'svg g.tooltip tspan')).to.deep.equal([
      'Core',
      'ordered within 90 days, more than once',
      `${en.n.format(count[1])} customers (${en.pct.format(count[1] / 23570)})`,
      `Revenue ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(revenue[1])} (${en.pct.format(revenue[1] / d.revenue)})`,
    ]);
    expect(core.getAttribute('role')).to.equal('button');
  });

  it('draws the moves since compare-to, counts those slipping away, and selects a move', async () => {
    const { el, src } = await mount('compare-to="1998-01-01" lang="en"');
    const before = await stages('1998-01-01');
    const after = await stages('1998-07-01');
    const moves = new Map<string, number>();
    for (const [id, a] of after) {
      const k = `${before.get(id)?.stage ?? 'none'}>${a.stage}`;
      moves.set(k, (moves.get(k) ?? 0) + 1);
    }
    const c = el.value!.compare!;
    expect(c.from).to.equal('1998-01-01');
    expect(c.to).to.equal('1998-07-01');
    expect(Object.fromEntries(c.flows.map((f) => [`${f.from}>${f.to}`, f.customers]))).to.deep.equal(Object.fromEntries(moves));
    const rank = (s: string) => (STAGES as readonly string[]).indexOf(s);
    let slipping = 0;
    let returning = 0;
    for (const [k, n] of moves) {
      const [from, to] = k.split('>');
      if (from !== 'none' && rank(to) >= 2 && rank(to) > rank(from)) slipping += n;
      if (rank(from) >= 2 && rank(to) < rank(from)) returning += n;
    }
    expect(el.shadowRoot!.querySelector('[part="summary"]')!.textContent).to.equal(
      `${en.n.format(slipping)} customers slipped to a sleepier stage; ${en.n.format(returning)} came back from dozing or sleepier.`,
    );
    expect(el.shadowRoot!.querySelectorAll('svg path.flow').length).to.equal(moves.size);
    expect(text(el, 'svg .column-label')).to.deep.equal(['Jan 1, 1998', 'Jul 1, 1998']);

    // core → dozing: the band, its numbers, and a selection of exactly those customers
    const band = el.shadowRoot!.querySelector('svg path.flow[data-key="core>dozing"]') as SVGElement;
    expect(band.getAttribute('aria-label')).to.equal(`Core → Dozing, ${en.n.format(moves.get('core>dozing')!)} customers, ${en.pct.format(moves.get('core>dozing')! / [...before.values()].filter((b) => b.stage === 'core').length)} of Core on Jan 1, 1998`);
    const selected = oneEvent(el, 'crm-select');
    band.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const clause = ((await selected) as CustomEvent<CrmSelectDetail>).detail.clause!;
    expect(clause.label).to.equal('Moved: Core → Dozing');
    const ds = src.model!;
    const [{ n }] = await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM ${ident(ds.facts)} WHERE ${clause.predicate}`);
    expect(n).to.equal(moves.get('core>dozing'));
    // the left column's "half-asleep" node selects everyone half-asleep on Jan 1
    const node = el.shadowRoot!.querySelector('svg [data-key="from:half-asleep"]') as SVGElement;
    const again = oneEvent(el, 'crm-select');
    node.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    const nodeClause = ((await again) as CustomEvent<CrmSelectDetail>).detail.clause!;
    expect(nodeClause.label).to.equal('Stage on Jan 1, 1998: Half-asleep');
    const [{ m }] = await queryRows<{ m: number }>(ds.engine, sql`SELECT count(*) AS m FROM ${ident(ds.facts)} WHERE ${nodeClause.predicate}`);
    expect(m).to.equal([...before.values()].filter((b) => b.stage === 'half-asleep').length);
  });

  it('follows the threshold attributes', async () => {
    const t = { newDays: 60, activeDays: 120, halfAsleepDays: 240, dormantDays: 400 };
    const { el } = await mount('as-of="1997-04-01" new-days="60" active-days="120" half-asleep-days="240" dormant-days="400"');
    const want = await stages('1997-04-01', t);
    expect(el.value!.stages.map((s) => s.customers)).to.deep.equal(STAGES.map((s) => [...want.values()].filter((c) => c.stage === s).length));
    // on 1 April 1997 the Q1 cohort is young: those who first bought from 31 January on are new
    expect(el.value!.stages[0].customers).to.be.greaterThan(0);
  });

  it('speaks Traditional and Simplified Chinese', async () => {
    const { el } = await mount('lang="zh-Hant" compare-to="1998-01-01"');
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('顧客生命週期');
    expect(text(el, 'svg g.node.to .node-label').map((s) => s!.split(' ')[0])).to.deep.equal(['主力顧客', '瞌睡顧客', '半睡顧客', '沈睡顧客']);
    el.compareTo = '';
    el.lang = 'zh-Hans';
    await waitUntil(() => !el.value?.compare, 'compare-to was not cleared', { timeout: 30_000 });
    await el.updateComplete;
    expect(text(el, 'svg .stage-name')).to.deep.equal(['新顾客', '主力顾客', '瞌睡顾客', '半睡顾客', '沉睡顾客']);
    expect(el.shadowRoot!.querySelector('[part="caption"]')!.textContent).to.contain('1998年7月1日');
  });

  it('explains bad thresholds and dates, and is empty before the first order', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source><crm-lifecycle-funnel new-days="120"></crm-lifecycle-funnel></div>`);
    const el = wrap.querySelector('crm-lifecycle-funnel') as CrmLifecycleFunnel;
    const error = oneEvent(el, 'crm-error');
    wrap.querySelector('crm-source')!.src = CDNOW_URL;
    const detail = ((await error) as CustomEvent<CrmErrorEventDetail>).detail;
    expect(detail.code).to.equal('invalid-option');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.equal(
      'invalid lifecycle thresholds: new-days 120, active-days 90, half-asleep-days 180, dormant-days 365 (expected new-days ≤ active-days < half-asleep-days < dormant-days)',
    );
    el.newDays = '';
    el.compareTo = '1998/01/01';
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]')?.textContent?.includes('compare-to'), 'no compare-to error', { timeout: 30_000 });
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.equal('invalid compare-to: 1998/01/01 (expected a date as YYYY-MM-DD, e.g. 2024-03-31)');
    el.compareTo = '';
    el.asOf = '1996-12-31';
    await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'), 'not empty', { timeout: 30_000 });
    expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.equal('No customers to show.');
  });
});
