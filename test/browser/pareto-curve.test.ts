import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { dataset } from './setup.js';
import type { CrmParetoCurve, CrmSelectDetail } from '@crmkit/elements';

const CDNOW = dataset('cdnow/cdnow_transactions.csv');

/** The three annotations in plain TypeScript over the parsed CSV (no SQL). */
function independent(text: string) {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const ci = head.indexOf('customer_id');
  const ai = head.indexOf('amount');
  const by = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    by.set(f[ci], (by.get(f[ci]) ?? 0) + Number(f[ai]));
  }
  const v = [...by.entries()].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1)).map((e) => e[1]);
  const n = v.length;
  const total = v.reduce((a, b) => a + b, 0);
  let c = 0;
  const cum = v.map((x) => (c += x));
  const kCut = Math.ceil(Number((0.2 * n).toFixed(9)));
  // Gini: mean absolute difference over twice the mean, via the ascending order: Σ (2i − n − 1) x_i / (n² μ)
  const asc = [...v].reverse();
  const gini = asc.reduce((s, x, i) => s + (2 * (i + 1) - n - 1) * x, 0) / (n * total);
  return { n, kCut, topShare: cum[kCut - 1] / total, kTarget: cum.findIndex((x) => x / total >= 0.8) + 1, gini };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('crm-pareto-curve on the real CDNOW file', () => {
  it('draws the curve from ≤ ~500 points and its annotations match an independent computation', async () => {
    const want = independent(await (await fetch(CDNOW)).text());
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px">
      <crm-source src=${CDNOW}></crm-source>
      <crm-pareto-curve lang="en"></crm-pareto-curve>
    </div>`);
    const el = wrap.querySelector('crm-pareto-curve') as CrmParetoCurve;
    await waitUntil(() => el.value, 'the curve did not load', { timeout: 90_000 });
    await el.updateComplete;
    const s = el.value!.summary;
    expect(s.n).to.equal(want.n);
    expect(s.kCut).to.equal(want.kCut);
    expect(s.kTarget).to.equal(want.kTarget);
    expect(rel(s.topShare, want.topShare)).to.be.below(1e-9);
    expect(rel(s.gini, want.gini)).to.be.below(1e-9);
    // downsampled: step ⌈23570 / 500⌉ = 48 → 491 multiples + origin + rank 1 + n + the key ranks
    expect(el.value!.series.length).to.be.within(490, 500);
    const root = el.shadowRoot!;
    // container-driven size: the SVG follows its chart box (after the resize observer's first report)
    const box = () => Math.floor(root.querySelector('[part="chart"]')!.getBoundingClientRect().width);
    await waitUntil(() => Number(root.querySelector('[part="chart"] svg')?.getAttribute('width')) === box(), 'the chart did not follow its container', { timeout: 5000 });
    const svg = root.querySelector('[part="chart"] svg')!;
    expect(box()).to.equal(720 - 2 * 12 - 2); // the host's content box: 720 px less padding and border
    expect(svg.querySelector('path.curve')).to.exist;
    const fmt = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
    const legend = root.querySelector('[part="legend"]')!.textContent!.replace(/\s+/g, ' ');
    expect(legend).to.contain(`(${want.kCut.toLocaleString('en-US')}) bring ${fmt.format(want.topShare)} of revenue`);
    expect(legend).to.contain(`${want.kTarget.toLocaleString('en-US')} customers`);
    expect(legend).to.contain(`Gini coefficient: ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(want.gini)}`);

    // keyboard: focus the point, End → last rank, Home → origin, Right → rank 1, Enter selects the top customers
    const focus = svg.querySelector('.focus-point') as SVGElement;
    focus.focus();
    focus.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    focus.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    focus.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    const rank = Number(focus.getAttribute('aria-valuenow'));
    expect(rank).to.equal(48); // origin → rank 1 → rank 48 (the first multiple of the step)
    const selected = oneEvent(el, 'crm-select');
    focus.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const ev = (await selected) as CustomEvent<CrmSelectDetail>;
    expect(ev.detail.clause!.value).to.deep.equal({ from: 1, to: 48 });
    expect(ev.detail.clause!.predicate.text).to.contain('customer_id IN (SELECT customer_id');
    // selecting the same range again clears it
    const cleared = oneEvent(el, 'crm-select');
    el.selectRange({ from: 1, to: 48 });
    expect(((await cleared) as CustomEvent<CrmSelectDetail>).detail.clause).to.equal(null);
  });

  it('profit mode on CDNOW (no cost column) needs cost-per-order, and then draws the whale curve', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 640px">
      <crm-source src=${CDNOW}></crm-source>
      <crm-pareto-curve by="profit" lang="zh-Hant"></crm-pareto-curve>
    </div>`);
    const el = wrap.querySelector('crm-pareto-curve') as CrmParetoCurve;
    const err = oneEvent(el, 'crm-error');
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no error shown', { timeout: 90_000 });
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('cost-per-order');
    expect(((await err) as CustomEvent).detail.code).to.equal('invalid-option');
    el.setAttribute('cost-per-order', '6');
    await waitUntil(() => el.value?.summary.by === 'profit', 'whale curve did not load', { timeout: 60_000 });
    await el.updateComplete;
    const s = el.value!.summary;
    // cost 6 per order makes the customers whose purchases average under $6 loss-making
    expect(s.negatives).to.be.above(0);
    expect(s.peakShare).to.be.above(1);
    expect(el.shadowRoot!.querySelector('svg circle.peak')).to.exist;
    expect(el.shadowRoot!.querySelector('svg path.curve.loss')).to.exist;
    const legend = el.shadowRoot!.querySelector('[part="legend"]')!.textContent!;
    expect(legend).to.contain('吉尼係數');
    expect(legend).to.contain('虧損顧客');
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('鯨魚曲線：依顧客累計利潤');
  });
});

