import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { dataset } from './setup.js';
import { mountOnCdnow } from './cdnow.js';
import type { CrmParetoCurve, CrmProfitMatrix, CrmSelectDetail } from '@crmkit/elements';

const CDNOW = dataset('cdnow/cdnow_transactions.csv');

describe('crm-profit-matrix on the real CDNOW file', () => {
  it('runs on cost-per-order, bins 23,570 customers and agrees with an independent quadrant count', async () => {
    const text = await (await fetch(CDNOW)).text();
    // per customer: revenue and orders (CDNOW has no order id: one row = one order); cost = 5 × orders
    const per = new Map<string, { revenue: number; orders: number }>();
    for (const line of text.trim().split(/\r?\n/).slice(1)) {
      const [id, , , amount] = line.split(',');
      const c = per.get(id) ?? { revenue: 0, orders: 0 };
      c.revenue += Number(amount);
      c.orders += 1;
      per.set(id, c);
    }
    const rows = [...per.values()].map((c) => ({ x: c.revenue, cost: 5 * c.orders }));
    const median = (a: number[]) => {
      const s = [...a].sort((p, q) => p - q);
      const m = s.length >> 1;
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    };
    const xs = median(rows.map((r) => r.x));
    const ys = median(rows.map((r) => r.cost));
    const count = (hx: boolean, hy: boolean) => rows.filter((r) => r.x > xs === hx && r.cost > ys === hy).length;
    const want = [count(true, true), count(true, false), count(false, true), count(false, false)];

    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px">
      <crm-source src=${CDNOW}></crm-source>
      <crm-profit-matrix cost-per-order="5" lang="zh-Hans"></crm-profit-matrix>
      <crm-pareto-curve></crm-pareto-curve>
    </div>`);
    const el = wrap.querySelector('crm-profit-matrix') as CrmProfitMatrix;
    const pareto = wrap.querySelector('crm-pareto-curve') as CrmParetoCurve;
    await waitUntil(() => el.value && pareto.value, 'the matrix did not load', { timeout: 90_000 });
    await el.updateComplete;
    const m = el.value!;
    expect(m.n).to.equal(23570);
    expect(m.xSplit).to.be.closeTo(xs, 1e-9);
    expect(m.ySplit).to.equal(ys);
    expect(m.quadrants.map((q) => q.n)).to.deep.equal(want);
    expect(m.mode).to.equal('bins');
    expect(m.bins.reduce((t, b) => t + b.n, 0)).to.equal(23570);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('svg rect.bin').length).to.equal(m.bins.length);
    expect(root.querySelectorAll('svg circle.point').length).to.equal(0);
    expect(root.querySelectorAll('svg rect.mark.quadrant').length).to.equal(4);
    expect(root.querySelector('svg .quadrant-label.carriage')!.textContent).to.contain('贵族型');
    expect(root.querySelector('[data-callout="over"]')!.textContent).to.contain('过度服务');

    // Enter on a quadrant selects its customers; the Pareto curve then shows only them
    const quad = root.querySelector('rect.quadrant.carriage') as SVGElement;
    const selected = oneEvent(el, 'crm-select');
    quad.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(((await selected) as CustomEvent<CrmSelectDetail>).detail.clause!.value).to.equal('carriage');
    await waitUntil(() => pareto.value?.summary.n === want[0], 'the Pareto curve was not filtered', { timeout: 30_000 });
    // a click on the same quadrant clears
    const cleared = oneEvent(el, 'crm-select');
    (root.querySelector('rect.quadrant.carriage') as SVGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(((await cleared) as CustomEvent<CrmSelectDetail>).detail.clause).to.equal(null);
  });

  it('without cost-per-order: an empty state naming what to add (not an error box), in the page language', async () => {
    const errors: unknown[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 480px" @crm-error=${(e: CustomEvent) => errors.push(e.detail)}>
      <crm-source src=${CDNOW}></crm-source>
      <crm-profit-matrix></crm-profit-matrix>
      <crm-profit-matrix lang="zh-Hant"></crm-profit-matrix>
    </div>`);
    const [en, zh] = [...wrap.querySelectorAll('crm-profit-matrix')] as CrmProfitMatrix[];
    await waitUntil(() => en.shadowRoot!.querySelector('[part="empty"]') && zh.shadowRoot!.querySelector('[part="empty"]'), 'no empty state shown', { timeout: 90_000 });
    expect(en.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    const text = en.shadowRoot!.querySelector('[part="empty"]')!.textContent!;
    for (const attr of ['map-cost', 'cost-per-order', 'cost-per-unit']) expect(text).to.contain(attr);
    expect(zh.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.contain('這份資料沒有服務成本');
    // an empty state, not an error: muted text, no danger colours, and no crm-error
    const cs = getComputedStyle(en.shadowRoot!.querySelector('[part="empty"]')!);
    expect(cs.borderTopStyle === 'none' || cs.borderTopWidth === '0px').to.equal(true);
    expect(errors).to.deep.equal([]);
    // setting the documented estimate draws the matrix
    en.setAttribute('cost-per-order', '5');
    await waitUntil(() => en.shadowRoot!.querySelector('rect.quadrant'), 'no matrix after cost-per-order', { timeout: 60_000 });
  });

  it('CDNOW at 390 px: the $5 cost split (the smallest cost) leaves every quadrant a visible, focusable band and labels that do not overlap', async () => {
    const { el } = await mountOnCdnow<CrmProfitMatrix>('crm-profit-matrix', 'cost-per-order="5" lang="zh-Hant"', 390);
    const m = el.value!;
    expect(m.ySplit).to.equal(5); // the median customer has one order: $5, also the smallest cost
    expect(m.domain.y[0]).to.equal(5);
    const root = el.shadowRoot!;
    const rect = (s: string) => root.querySelector(s)!.getBoundingClientRect();
    const svgBox = rect('svg');
    for (const q of ['carriage', 'passive', 'aggressive', 'bargain']) {
      const r = rect(`rect.quadrant.${q}`);
      expect(r.width, `${q} width`).to.be.at.least(44);
      expect(r.height, `${q} height`).to.be.at.least(43.5);
      // focusable: it takes the focus and shows the focus stroke
      const mark = root.querySelector(`rect.quadrant.${q}`) as SVGRectElement;
      mark.focus();
      expect(root.activeElement).to.equal(mark);
    }
    const labels = ['carriage', 'passive', 'aggressive', 'bargain'].map((q) => ({ q, r: rect(`text.quadrant-label.${q}`) }));
    for (const a of labels) {
      // inside the chart, and inside its own quadrant vertically
      expect(a.r.left, a.q).to.be.at.least(svgBox.left - 0.5);
      expect(a.r.right, a.q).to.be.at.most(svgBox.right + 0.5);
      const quad = rect(`rect.quadrant.${a.q}`);
      expect(a.r.top, a.q).to.be.at.least(quad.top - 1);
      expect(a.r.bottom, a.q).to.be.at.most(quad.bottom + 1);
      for (const b of labels) {
        if (a === b) continue;
        const overlap = a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom;
        expect(overlap, `${a.q} overlaps ${b.q}`).to.equal(false);
      }
    }
    // axis texts (ticks and titles) never overlap one another
    const axisTexts = [...root.querySelectorAll('.axis text')].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0);
    for (let i = 0; i < axisTexts.length; i++)
      for (let j = i + 1; j < axisTexts.length; j++) {
        const [a, b] = [axisTexts[i], axisTexts[j]];
        expect(a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5, `axis labels ${i} and ${j} overlap`).to.equal(false);
      }
  });

  it('a labels attribute that is not four names: a clear message, in Chinese on a Chinese page, and an event', async () => {
    const events: { code?: string; localizedMessage?: string }[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 480px" @crm-error=${(e: CustomEvent) => events.push(e.detail)}>
      <crm-source src=${CDNOW}></crm-source>
      <crm-profit-matrix cost-per-order="5" lang="zh-Hant" labels="提價,保護,修正"></crm-profit-matrix>
    </div>`);
    const el = wrap.querySelector('crm-profit-matrix') as CrmProfitMatrix;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no error shown', { timeout: 90_000 });
    const box = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(box.getAttribute('data-code')).to.equal('invalid-option');
    expect(box.textContent).to.contain('屬性 labels 的值「提價,保護,修正」不正確：需要以逗號分隔的四個名稱，依序為：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本。');
    expect(events.map((e) => e.code)).to.include('invalid-option');
    expect(events.find((e) => e.code === 'invalid-option')!.localizedMessage).to.contain('以逗號分隔的四個名稱');
    // four names: the chart comes back
    el.setAttribute('labels', '提價,保護,修正,成長');
    await waitUntil(() => el.shadowRoot!.querySelector('.quadrant-label'), 'no chart after fixing labels', { timeout: 30_000 });
    expect(el.shadowRoot!.querySelector('.quadrant-label.carriage')!.textContent).to.contain('提價');
  });
});
