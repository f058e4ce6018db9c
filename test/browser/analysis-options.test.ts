/**
 * Every analysis's options as its description states them, through the widget: a bad option is one
 * `invalid-option` error whose facts name the attribute, the value and what it accepts (in the widget's
 * `crm-error` event); an option that only redraws runs no query, one that re-queries runs one; a changed
 * re-querying option clears the widget's own selection.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import type { CrmErrorEventDetail, CrmProfitMatrix, CrmSegmentPyramid, CrmSource, CrmTags } from '@crmkit/elements';

/** Three customers, five orders (revenue a 300, b 60, c 40) with a cost column. */
const ROWS = [
  { customer_id: 'a', order_date: '2024-01-02', amount: 100, cost: 10, quantity: 2 },
  { customer_id: 'a', order_date: '2024-03-01', amount: 200, cost: 30, quantity: 1 },
  { customer_id: 'b', order_date: '2024-01-10', amount: 60, cost: 50, quantity: 3 },
  { customer_id: 'c', order_date: '2024-02-01', amount: 15, cost: 1, quantity: 1 },
  { customer_id: 'c', order_date: '2024-02-20', amount: 25, cost: 2, quantity: 1 },
];

type Widget = HTMLElement & { updateComplete: Promise<boolean>; value: unknown };

/** A source holding ROWS and one widget, loaded and drawn once. */
async function mount<T extends Widget>(tag: string, attrs: Record<string, string> = {}): Promise<{ src: CrmSource; el: T }> {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 600px"><crm-source></crm-source></div>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const el = document.createElement(tag) as T;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.setAttribute('lang', 'en');
  wrap.append(el);
  const loaded = oneEvent(src, 'crm-load');
  src.data = ROWS;
  await loaded;
  await el.updateComplete;
  return { src, el };
}

/** The first `crm-error` of `el` after `act`. */
async function errorOf(el: Widget, act: () => void): Promise<CrmErrorEventDetail> {
  const got = oneEvent(el, 'crm-error') as Promise<CustomEvent<CrmErrorEventDetail>>;
  act();
  await el.updateComplete;
  return (await got).detail;
}

interface Case {
  tag: string;
  attribute: string;
  value: string;
  /** The facts the error must carry besides code, option (= the attribute) and value. */
  facts: Record<string, unknown>;
}

// One bad value for an option of every analysis, with what its checker accepts.
const CASES: Case[] = [
  { tag: 'crm-segment-pyramid', attribute: 'by', value: 'margin', facts: { accepts: { kind: 'choice', allowed: ['revenue', 'profit', 'orders'] } } },
  { tag: 'crm-segment-pyramid', attribute: 'mode', value: 'pie', facts: { accepts: { kind: 'choice', allowed: ['tiers', 'rfm'] } } },
  { tag: 'crm-segment-pyramid', attribute: 'as-of', value: '2024-13-40', facts: { accepts: { kind: 'date' } } },
  { tag: 'crm-pareto-curve', attribute: 'by', value: 'margin', facts: { accepts: { kind: 'choice', allowed: ['revenue', 'profit'] } } },
  { tag: 'crm-pareto-curve', attribute: 'points', value: '1', facts: { accepts: { kind: 'number', min: 2, integer: true } } },
  { tag: 'crm-profit-matrix', attribute: 'x', value: 'margin', facts: { accepts: { kind: 'choice', allowed: ['revenue', 'price'] } } },
  { tag: 'crm-profit-matrix', attribute: 'scale', value: 'log', facts: { accepts: { kind: 'choice', allowed: ['symlog', 'linear'] } } },
  { tag: 'crm-profit-matrix', attribute: 'labels', value: 'one,two', facts: { expectedForm: 'four-names' } },
  { tag: 'crm-lifecycle-funnel', attribute: 'new-days', value: '0', facts: { accepts: { kind: 'days', min: 1, max: 36_500 } } },
  { tag: 'crm-kpis', attribute: 'as-of', value: 'soon', facts: { accepts: { kind: 'date' } } },
  { tag: 'crm-customer-value', attribute: 'months', value: '0', facts: { accepts: { kind: 'number', min: 1, max: 600, integer: true } } },
  { tag: 'crm-customer-list', attribute: 'sort', value: 'name', facts: { accepts: { kind: 'choice', allowed: ['revenue', 'profit', 'last_order', 'first_order', 'orders', 'customer_id'] } } },
  { tag: 'crm-customer-list', attribute: 'page-size', value: '1000', facts: { accepts: { kind: 'number', min: 1, max: 500, integer: true } } },
  { tag: 'crm-conversion-funnel', attribute: 'order', value: 'random', facts: { accepts: { kind: 'choice', allowed: ['sequential', 'strict', 'any'] } } },
  { tag: 'crm-tags', attribute: 'mode', value: 'xor', facts: { accepts: { kind: 'choice', allowed: ['or', 'and', 'not'] } } },
  { tag: 'crm-data-quality', attribute: 'today', value: '31/12/2024', facts: { accepts: { kind: 'date' } } },
  { tag: 'crm-data-quality', attribute: 'phone-region', value: 'JP', facts: { accepts: { kind: 'choice', allowed: ['TW', 'CN'] } } },
];

describe('analysis options, described once', () => {
  for (const c of CASES) {
    it(`<${c.tag} ${c.attribute}="${c.value}"> is invalid-option naming ${c.attribute}, the value and what it accepts`, async () => {
      const { el } = await mount<Widget>(c.tag);
      const d = await errorOf(el, () => el.setAttribute(c.attribute, c.value));
      expect(d.code).to.equal('invalid-option');
      expect(d.source).to.equal(c.tag);
      expect(d.option).to.equal(c.attribute);
      expect(d.value).to.equal(c.value);
      for (const [k, v] of Object.entries(c.facts)) expect((d as unknown as Record<string, unknown>)[k], k).to.deep.equal(v);
      // Shown in the widget too.
      expect(el.shadowRoot!.querySelector('[part="error"]'), 'error box').to.exist;
    });
  }

  it('an option that only redraws runs no query; one that re-queries runs one', async () => {
    const { el } = await mount<CrmProfitMatrix>('crm-profit-matrix');
    const first = el.value;
    expect(first).to.exist;
    // labels renames the quadrants: the same result object is drawn again with the new names.
    el.labels = 'Reprice,Protect,Fix,Grow';
    await el.updateComplete;
    expect(el.value).to.equal(first);
    expect(el.shadowRoot!.textContent).to.contain('Protect');
    // scale changes the binning: a new result.
    el.scale = 'linear';
    await el.updateComplete;
    expect(el.value).to.not.equal(first);
    expect((el.value as { scale: string }).scale).to.equal('linear');
  });

  it('tags: mode only recombines the ticked tags (no query); a threshold re-queries and keeps them', async () => {
    const { src, el } = await mount<CrmTags>('crm-tags');
    const first = el.value;
    const tag = (first as { tags: { tag: string; customers: number }[] }).tags.find((t) => t.customers > 0)!.tag;
    el.selectTags([tag], 'or');
    await el.updateComplete;
    el.mode = 'and';
    await el.updateComplete;
    expect(el.value).to.equal(first);
    expect(src.clauseOf(el.clientId)?.value).to.deep.equal({ tags: [tag], mode: 'and' });
    el.newDays = '10';
    await el.updateComplete;
    expect(el.value).to.not.equal(first);
    expect(src.clauseOf(el.clientId)?.value).to.deep.equal({ tags: [tag], mode: 'and' });
  });

  it('a changed re-querying option clears the widget\'s own clause; a display option keeps it', async () => {
    const { src, el } = await mount<CrmSegmentPyramid>('crm-segment-pyramid');
    // Tiers by share of customers: diamond holds ⌈0.05 · 3⌉ = 1 customer (a, revenue 300).
    el.selectTier('diamond');
    await el.updateComplete;
    const clause = src.clauseOf(el.clientId)!;
    expect(clause.value).to.equal('diamond');
    expect(clause.kind).to.equal('tier');
    el.height = 280;
    await el.updateComplete;
    expect(src.clauseOf(el.clientId)?.value).to.equal('diamond');
    el.by = 'orders';
    await el.updateComplete;
    expect(src.clauseOf(el.clientId)).to.equal(undefined);
  });

  it('a refused pick is a crm-error with code and facts, and no clause', async () => {
    const { src, el } = await mount<CrmProfitMatrix>('crm-profit-matrix');
    // A quadrant name the matrix does not have.
    const d = await errorOf(el, () => el.selectQuadrant('nowhere' as never));
    expect(d.code).to.equal('invalid-option');
    expect(d.option).to.equal('quadrant');
    expect(d.value).to.equal('nowhere');
    expect(src.clauseOf(el.clientId)).to.equal(undefined);
  });
});
