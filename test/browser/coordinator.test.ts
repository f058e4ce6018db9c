import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { IDLE_DROP_MS, ident, queryRows, sql, type Engine } from '@crmkit/core';
import './setup.js';
import type { CrmSelectDetail, CrmSource } from '@crmkit/elements';

/**
 * Each <crm-source> has its own coordinator: two sources on one page keep
 * independent selections (and clause tables under their own prefixes), and a
 * widget taken off the page leaves its coordinator, its clause leaving the
 * selection. Small data, numbers worked out by hand.
 */
type Widget = HTMLElement & { value: any; updateComplete: Promise<boolean> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const pad = (i: number) => String(i).padStart(2, '0');
/** One order per customer on 2024-01-10, customer c<i> spending values[i - 1]. */
const oneOrderEach = (values: number[]) => values.map((amount, i) => ({ customer_id: `c${pad(i + 1)}`, order_date: '2024-01-10', amount }));
/** c01 = 200 … c20 = 10: diamond c01; gold c02–c04 (k ≤ ⌈20 % × 20⌉ = 4); regular c05–c20. */
const twenty = Array.from({ length: 20 }, (_, i) => 200 - 10 * i);
/** c01 = 10 … c10 = 100: diamond c10 (k ≤ ⌈5 % × 10⌉ = 1); gold c09 (k ≤ ⌈20 % × 10⌉ = 2); regular c01–c08. */
const ten = Array.from({ length: 10 }, (_, i) => 10 * (i + 1));

async function mount() {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"></div>`);
  wrap.insertAdjacentHTML(
    'beforeend',
    ['a', 'b']
      .map((id) => `<crm-source id="coord-${id}"></crm-source><crm-segment-pyramid source="coord-${id}"></crm-segment-pyramid><crm-customer-list source="coord-${id}"></crm-customer-list>`)
      .join(''),
  );
  const [a, b] = [...wrap.querySelectorAll('crm-source')] as CrmSource[];
  const [pyrA, pyrB] = [...wrap.querySelectorAll('crm-segment-pyramid')] as Widget[];
  const [listA, listB] = [...wrap.querySelectorAll('crm-customer-list')] as Widget[];
  return { wrap, a, b, pyrA, pyrB, listA, listB };
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

async function press(w: Widget, key: string, widgets: Widget[]) {
  const mark = w.shadowRoot!.querySelector(`.mark[data-key="${key}"]`) as HTMLElement;
  mark.focus();
  mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  await settle(widgets);
}

const tierCounts = (w: Widget) => (w.value.rows as { key: string; customers: number }[]).map((r) => [r.key, r.customers]);
const listIds = (w: Widget) => (w.value.rows as { customer_id: string }[]).map((r) => r.customer_id).sort();

describe('one coordinator per source', () => {
  it('two sources on one page keep independent selections', async () => {
    const { a, b, pyrA, pyrB, listA, listB } = await mount();
    const all = [pyrA, pyrB, listA, listB];
    await load(a, oneOrderEach(twenty), all);
    await load(b, oneOrderEach(ten), all);
    expect(a.coordinator).to.not.equal(b.coordinator);
    expect(a.model!.id).to.not.equal(b.model!.id);
    expect([listA.value.total, listB.value.total]).to.deep.equal([20, 10]);

    // Gold on A (c02–c04): A's list narrows to 3; B's widgets and selection do not move.
    await press(pyrA, 'gold', all);
    expect(listA.value.total).to.equal(3);
    expect(listIds(listA)).to.deep.equal(['c02', 'c03', 'c04']);
    expect(listB.value.total).to.equal(10);
    expect(tierCounts(pyrB)).to.deep.equal([
      ['diamond', 1],
      ['gold', 1],
      ['regular', 8],
    ]);
    expect(b.selection.size).to.equal(0);
    const [clauseA] = a.selection.list();
    expect(clauseA.kind).to.equal('tier');
    expect(clauseA.table!.startsWith(a.model!.id)).to.equal(true);

    // Diamond on B (c10): B's list narrows to 1; A's stays on gold.
    await press(pyrB, 'diamond', all);
    expect(listIds(listB)).to.deep.equal(['c10']);
    expect(listIds(listA)).to.deep.equal(['c02', 'c03', 'c04']);
    expect(a.selection.list().map((c) => c.value)).to.deep.equal(['gold']);
    expect(b.selection.list().map((c) => c.value)).to.deep.equal(['diamond']);
    const [clauseB] = b.selection.list();
    expect(clauseB.table!.startsWith(b.model!.id)).to.equal(true);
    // Each list's filter names its own source's clause table, as data.
    const idOf = (w: Widget) => (w as unknown as { clientId: string }).clientId;
    expect(a.coordinator.filterFor(idOf(listA)).tables).to.deep.equal([clauseA.table]);
    expect(b.coordinator.filterFor(idOf(listB)).tables).to.deep.equal([clauseB.table]);
    // The pyramid's own clause is not in its own filter.
    expect(a.coordinator.filterFor(idOf(pyrA)).empty).to.equal(true);
    // Each clause table holds its own customers: gold of A (3), diamond of B (1).
    const count = async (src: CrmSource, t: string) => Number((await queryRows<{ n: number }>(src.model!.engine, sql`SELECT count(*)::INTEGER AS n FROM ${ident(t)}`))[0].n);
    expect([await count(a, clauseA.table!), await count(b, clauseB.table!)]).to.deep.equal([3, 1]);

    // Clearing A leaves B's selection.
    a.clearSelection();
    await settle(all);
    expect(listA.value.total).to.equal(20);
    expect(listIds(listB)).to.deep.equal(['c10']);
  });

  it('a widget taken off the page leaves its coordinator, and its clause the selection', async () => {
    const { a, pyrA, listA } = await mount();
    const widgets = [pyrA, listA];
    await load(a, oneOrderEach(twenty), widgets);
    await press(pyrA, 'gold', widgets);
    expect(listA.value.total).to.equal(3);
    const clientId = (pyrA as unknown as { clientId: string }).clientId;
    expect(a.coordinator.has(clientId)).to.equal(true);
    expect(a.clauseOf(clientId)?.value).to.equal('gold');

    // Moved within the page (off and back in one task): it stays registered, its clause in force.
    const parent = pyrA.parentElement!;
    parent.append(pyrA);
    await new Promise((r) => setTimeout(r, 0));
    expect(a.coordinator.has(clientId)).to.equal(true);
    expect(a.selection.size).to.equal(1);

    // Removed: unregistered, its clause goes (the source says so), the list counts everyone again.
    const told = oneEvent(a, 'crm-select');
    pyrA.remove();
    const detail = ((await told) as CustomEvent<CrmSelectDetail>).detail;
    expect(detail.clauses).to.deep.equal([]);
    expect(a.coordinator.has(clientId)).to.equal(false);
    expect(a.selection.size).to.equal(0);
    expect(a.clauseOf(clientId)).to.equal(undefined);
    await settle([listA]);
    expect(listA.value.total).to.equal(20);
  });
});

describe('clause tables given up leave the engine when it is quiet', () => {
  const selectionTables = async (engine: Engine, prefix: string) =>
    (await queryRows<{ name: string }>(engine, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix + 'selection_'}) AND NOT starts_with(table_name, ${prefix + 'selection_g'}) ORDER BY 1`)).map((r) => r.name);

  it('a clear waits for the next click to be done; a load change and the source leaving drop every table', async () => {
    const { a, pyrA, listA } = await mount();
    const widgets = [pyrA, listA];
    await load(a, oneOrderEach(twenty), widgets);
    const engine = a.model!.engine;
    const prefix = a.model!.id;
    // The batched drop: several DROP statements in one call.
    await engine.exec(sql`CREATE TABLE ${ident(prefix + 'x1')} AS SELECT 1 AS v; CREATE TABLE ${ident(prefix + 'x2')} AS SELECT 2 AS v`);
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(prefix + 'x1')}; DROP TABLE IF EXISTS ${ident(prefix + 'x2')}`);
    expect((await queryRows(engine, sql`SELECT 1 FROM duckdb_tables() WHERE table_name IN (${prefix + 'x1'}, ${prefix + 'x2'})`)).length).to.equal(0);

    // Revenue ≥ 100: c01 … c11 (200 … 100), 11 customers, in a table of their own.
    await a.coordinator.select({ client: 'page', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
    await settle(widgets);
    expect(listA.value.total).to.equal(11);
    const [first] = await selectionTables(engine, prefix);
    expect(first).to.be.a('string');
    // Cleared, and another click at once: revenue ≤ 50 is c16 … c20, 5 customers. The cleared table is still
    // there when the click is done (its DROP did not queue ahead of the click), then goes in the quiet.
    a.coordinator.clearSelection('page');
    await a.coordinator.select({ client: 'page', predicate: sql`revenue <= 50`, label: 'Revenue ≤ 50' });
    await settle(widgets);
    expect(listIds(listA)).to.deep.equal(['c16', 'c17', 'c18', 'c19', 'c20']);
    const during = await selectionTables(engine, prefix);
    expect(during).to.include(first);
    expect(during).to.have.length(2);
    await new Promise((r) => setTimeout(r, IDLE_DROP_MS + 300));
    await settle(widgets);
    const [second] = a.selection.list().map((c) => c.table!);
    expect(await selectionTables(engine, prefix)).to.deep.equal([second]);

    // Cleared, then other data comes before any quiet moment: every table of the old data is gone at once.
    a.coordinator.clearSelection();
    await load(a, oneOrderEach(ten), widgets);
    expect(await selectionTables(engine, prefix)).to.deep.equal([]);

    // A selection on the new data (revenue ≥ 90: c09, c10), cleared, then the source leaves the page.
    await a.coordinator.select({ client: 'page', predicate: sql`revenue >= 90`, label: 'Revenue ≥ 90' });
    await settle(widgets);
    expect(listIds(listA)).to.deep.equal(['c09', 'c10']);
    expect(await selectionTables(engine, prefix)).to.have.length(1);
    a.coordinator.clearSelection();
    a.remove();
    await new Promise((r) => setTimeout(r, 0));
    await a.coordinator.settled();
    expect((await queryRows(engine, sql`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix})`)).length).to.equal(0);
  });
});
