import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { queryRows, sql } from '@crmkit/core';
import './setup.js';
import type { CrmSource } from '@crmkit/elements';

/**
 * The per-load tables behind a click: the tiers and stages each widget
 * caches, and the selection tables <crm-source> writes. Checked through the
 * elements on small data whose numbers are worked out by hand.
 */
type Widget = HTMLElement & { value: any; updateComplete: Promise<boolean> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const pad = (i: number) => String(i).padStart(2, '0');
/** One order per customer on 2024-01-10, customer c<i> spending values[i - 1]. */
const oneOrderEach = (values: number[]) => values.map((amount, i) => ({ customer_id: `c${pad(i + 1)}`, order_date: '2024-01-10', amount }));
/** c01 = 200 … c20 = 10: diamond c01; gold c02–c04; regular c05–c20. */
const twenty = Array.from({ length: 20 }, (_, i) => 200 - 10 * i);
/** c01 = 10 … c10 = 100: diamond c10 (k ≤ ⌈5 % × 10⌉ = ⌈0.5⌉ = 1); gold c09 (k ≤ ⌈20 % × 10⌉ = 2); regular c01–c08. */
const ten = Array.from({ length: 10 }, (_, i) => 10 * (i + 1));

async function mount(id: string) {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"></div>`);
  wrap.insertAdjacentHTML(
    'beforeend',
    `<crm-source id="${id}"></crm-source><crm-segment-pyramid source="${id}"></crm-segment-pyramid><crm-lifecycle-funnel source="${id}"></crm-lifecycle-funnel>`,
  );
  const src = wrap.querySelector('crm-source') as CrmSource;
  const pyramid = wrap.querySelector('crm-segment-pyramid') as Widget;
  const funnel = wrap.querySelector('crm-lifecycle-funnel') as Widget;
  return { wrap, src, pyramid, funnel };
}

async function load(src: CrmSource, rows: Record<string, unknown>[], widgets: Widget[]) {
  const loaded = oneEvent(src, 'crm-load');
  src.data = rows;
  await loaded;
  await settle(widgets);
}

async function settle(widgets: Widget[]) {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 30));
    await Promise.all(widgets.map((w) => w.updateComplete));
  }
}

/** The engine's tables whose names start with `prefix`. */
async function tables(src: CrmSource, prefix: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(src.model!.engine, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix}) ORDER BY 1`);
  return rows.map((r) => r.name);
}

const tierCounts = (w: Widget) => (w.value.rows as { key: string; customers: number }[]).map((r) => [r.key, r.customers]);

async function press(w: Widget, key: string, widgets: Widget[]) {
  const mark = w.shadowRoot!.querySelector(`.mark[data-key="${key}"]`) as HTMLElement;
  mark.focus();
  mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  await settle(widgets);
}

describe('cached tiers and selection tables behind a click', () => {
  it('are built once per load, used by the other widgets, and dropped on clear, reload and removal', async () => {
    const { wrap, src, pyramid, funnel } = await mount('cache-a');
    const widgets = [pyramid, funnel];
    await load(src, oneOrderEach(twenty), widgets);
    const prefix = src.model!.id;
    expect(tierCounts(pyramid)).to.deep.equal([
      ['diamond', 1],
      ['gold', 3],
      ['regular', 16],
    ]);
    const cached = await tables(src, `${prefix}cache`);
    expect(cached.map((t) => t.replace(/^.*cache\d+_/, '').replace(/_[0-9a-f]{16}$/, ''))).to.deep.equal(['lifecycle', 'pyramid']);

    // gold (c02–c04) filters the funnel: all 20 customers ordered once, 1 day before as-of → all new.
    await press(pyramid, 'gold', widgets);
    expect(funnel.value.customers).to.equal(3);
    expect(funnel.value.stages[0].revenue).to.equal(190 + 180 + 170);
    // Its table (each tier's, worked out when the pyramid got the focus, is kept for this load).
    const selection = src.selection.list()[0].table!;
    expect(await tables(src, `${prefix}selection_`)).to.include(selection);
    // The selection table holds whole per-customer rows of the three customers.
    const sel = await queryRows<{ n: number; revenue: number }>(src.model!.engine, `SELECT count(*)::INTEGER AS n, sum(revenue) AS revenue FROM "${selection}"`);
    expect(sel).to.deep.equal([{ n: 3, revenue: 540 }]);
    // No new cache table: the click read the cached tiers.
    expect(await tables(src, `${prefix}cache`)).to.deep.equal(cached);

    // Clearing keeps the tiers' tables for this load (a click on one again writes none): one per tier.
    src.clearSelection();
    await settle(widgets);
    expect(funnel.value.customers).to.equal(20);
    expect(await tables(src, `${prefix}selection_`)).to.have.length(3).and.to.include(selection);

    // Reload with other data: the first load's tables are gone, the new tiers are right.
    await load(src, oneOrderEach(ten), widgets);
    expect(tierCounts(pyramid)).to.deep.equal([
      ['diamond', 1],
      ['gold', 1],
      ['regular', 8],
    ]);
    const reloaded = await tables(src, `${prefix}cache`);
    expect(reloaded).to.have.length(2);
    for (const t of cached) expect(reloaded).not.to.include(t);
    await press(pyramid, 'gold', widgets);
    expect(funnel.value.customers).to.equal(1);
    expect(funnel.value.revenue).to.equal(90);

    // Another option: another table and its own tiers. top:50 → c10 … c06; rest c05 … c01.
    src.clearSelection();
    pyramid.setAttribute('tiers', 'top:50,rest');
    await settle(widgets);
    expect(tierCounts(pyramid)).to.deep.equal([
      ['top', 5],
      ['rest', 5],
    ]);
    expect(await tables(src, `${prefix}cache`)).to.have.length(3);
    await press(pyramid, 'top', widgets);
    expect(funnel.value.revenue).to.equal(100 + 90 + 80 + 70 + 60);

    // A second source on the same engine keeps its own tables and numbers.
    const other = await mount('cache-b');
    await load(other.src, oneOrderEach(twenty), [other.pyramid, other.funnel]);
    expect(other.src.model!.engine).to.equal(src.model!.engine);
    expect(other.src.model!.id).not.to.equal(prefix);
    expect(tierCounts(other.pyramid)).to.deep.equal([
      ['diamond', 1],
      ['gold', 3],
      ['regular', 16],
    ]);
    expect(other.funnel.value.customers).to.equal(20); // the first source's selection does not reach it
    expect(await tables(other.src, `${other.src.model!.id}cache`)).to.have.length(2);

    // Removing a source drops its cached tables; the other's stay.
    const engine = src.model!.engine;
    wrap.remove();
    await new Promise((r) => setTimeout(r, 50));
    const left = await queryRows<{ n: number }>(engine, sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE starts_with(table_name, ${prefix + 'cache'})`);
    expect(left[0].n).to.equal(0);
    expect(await tables(other.src, `${other.src.model!.id}cache`)).to.have.length(2);
  });
});
