import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { queryRows, sql, type Engine } from '@crmkit/core';
import './setup.js';
import { CDNOW_URL } from './cdnow.js';
import { getEngine, type CrmCustomerList, type CrmSegmentPyramid, type CrmSource } from '@crmkit/elements';

/**
 * A `<crm-source>` that leaves the page: its load stops, its tables and
 * caches leave the engine, its widgets say it is gone (or move to another
 * source of the same id), and ids are looked up live.
 */

type Widget = HTMLElement & { value?: unknown; updateComplete: Promise<boolean> };

const rows = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ customer_id: `${prefix}${i + 1}`, order_date: '2024-01-10', amount: 10 * (i + 1) }));

async function settle(...widgets: Widget[]) {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 40));
    await Promise.all(widgets.map((w) => w.updateComplete));
  }
}

const total = (list: CrmCustomerList) => list.value?.total;

/** The engine's tables, by name. */
async function tableNames(engine: Engine, prefix = ''): Promise<string[]> {
  const r = await queryRows<{ name: string }>(engine, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix}) ORDER BY 1`);
  return r.map((x) => x.name);
}

/** DuckDB's own account of the memory it holds (every tag), in bytes. */
async function engineMemory(engine: Engine): Promise<number> {
  const [r] = await queryRows<{ bytes: number }>(engine, 'SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS bytes FROM duckdb_memory()');
  return Number(r.bytes);
}

/** The prefix of a source's tables (e.g. `s7_`), from its per-customer table's name. */
const prefixOf = (src: CrmSource) => src.model!.facts.replace(/facts$/, '');

/** Wait (up to `ms`) until no table of `prefix` is left; resolves either way, the assertions tell. */
async function gone(engine: Engine, prefix: string, ms = 15_000) {
  try {
    await waitUntil(async () => (await tableNames(engine, prefix)).length === 0, '', { timeout: ms, interval: 100 });
  } catch {
    /* asserted by the caller */
  }
}

/**
 * A ~50 MB CSV: 1.5 M rows of order_id, customer_id (50,000 customers), order_date, quantity, amount.
 */
function fiftyMegabytes(): Blob {
  const parts: string[] = ['order_id,customer_id,order_date,quantity,amount\n'];
  let chunk = '';
  for (let i = 0; i < 1_500_000; i++) {
    chunk += `O${i},C${(i * 7919) % 50_000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 5) + 1},${(i % 997) / 10}\n`;
    if (chunk.length > 1 << 20) (parts.push(chunk), (chunk = ''));
  }
  parts.push(chunk);
  return new Blob(parts, { type: 'text/csv' });
}

describe('a <crm-source> leaving the page', () => {
  it('removing a source mid-load stops the load: no crm-load, no table left, the engine free', async function () {
    this.timeout(300_000);
    const file = fiftyMegabytes();
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const events: string[] = [];
    src.addEventListener('crm-load', () => events.push('crm-load'));
    src.addEventListener('crm-error', (e) => events.push(`crm-error ${(e as CustomEvent).detail.code}`));
    const phases: string[] = [];
    src.addEventListener('crm-progress', (e) => phases.push((e as CustomEvent).detail.phase));
    const engine = await getEngine();
    const before = await tableNames(engine);
    src.file = file;
    // The file's rows are in the engine (its raw rows' table is made) and being checked when the source leaves.
    await waitUntil(() => phases.includes('validate'), 'the load did not reach the engine', { timeout: 120_000, interval: 5 });
    const made = (await tableNames(engine)).filter((t) => !before.includes(t));
    const prefix = /^(s\d+_)/.exec(made[0] ?? '')?.[1] ?? '';
    expect(prefix, `tables made by the load: ${made}`).not.to.equal('');
    expect(events).to.deep.equal([]);
    const t0 = performance.now();
    wrap.remove();
    await gone(engine, prefix, 30_000);
    const ms = performance.now() - t0;
    expect(await tableNames(engine, prefix)).to.deep.equal([]);
    // Loading the whole file takes longer than this; the removal stopped it instead.
    await new Promise((r) => setTimeout(r, 3000));
    expect(events).to.deep.equal([]);
    expect(await tableNames(engine, prefix)).to.deep.equal([]);
    expect(src.state).to.equal('idle');
    expect(src.model).to.equal(undefined);
    expect(ms, 'tables gone soon after the removal').to.be.below(20_000);
  });

  it('its widgets say it is gone (English, zh-Hant, zh-Hans) and keep none of its data', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px">
      <div class="holder"><crm-source id="leaving"></crm-source></div>
      <crm-customer-list source="leaving"></crm-customer-list>
      <crm-customer-list source="leaving" lang="zh-Hant"></crm-customer-list>
      <crm-customer-list source="leaving" lang="zh-Hans"></crm-customer-list>
    </div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const lists = [...wrap.querySelectorAll('crm-customer-list')] as CrmCustomerList[];
    const loaded = oneEvent(src, 'crm-load');
    src.data = rows(4, 'L');
    await loaded;
    await settle(...lists);
    expect(lists.map(total)).to.deep.equal([4, 4, 4]);
    expect(lists[0].toCSV()).to.contain('L4');

    wrap.querySelector('.holder')!.remove();
    await settle(...lists);
    const texts = lists.map((l) => l.shadowRoot!.querySelector('[part="empty"]')?.textContent?.trim());
    expect(texts).to.deep.equal([
      'The data source was removed from the page: its data is no longer shown.',
      '資料來源已從頁面移除，不再顯示其資料。',
      '数据源已从页面移除，不再显示其数据。',
    ]);
    for (const l of lists) {
      expect(l.value).to.equal(undefined);
      expect(l.toCSV()).to.equal('');
      expect(l.shadowRoot!.textContent).not.to.contain('L4');
    }
  });

  it('ids are looked up live: an id given later is found, and of two sources with one id the remaining one is used', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"><crm-customer-list source="late"></crm-customer-list></div>`);
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    // A source with no id yet, loaded: not the one the list asks for.
    const first = document.createElement('crm-source') as CrmSource;
    wrap.prepend(first);
    const loaded = oneEvent(first, 'crm-load');
    first.data = rows(3, 'A');
    await loaded;
    await settle(list);
    expect(total(list)).to.equal(undefined);
    first.id = 'late';
    await waitUntil(() => total(list) === 3, 'the list did not find the source that got its id later', { timeout: 20_000 });

    // A second source with the same id, later in the page: the first one is still used.
    const second = document.createElement('crm-source') as CrmSource;
    second.id = 'late';
    wrap.append(second);
    const loaded2 = oneEvent(second, 'crm-load');
    second.data = rows(5, 'B');
    await loaded2;
    await settle(list);
    expect(total(list)).to.equal(3);
    first.remove();
    await waitUntil(() => total(list) === 5, 'the list stayed on the removed source', { timeout: 20_000 });
    expect(list.toCSV()).to.contain('B5').and.not.contain('A3');
  });

  it('moving a source in the page keeps its data; adding it back after removal loads it again, leaving one set of tables', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"><div class="a"><crm-source id="mover"></crm-source></div><div class="b"></div><crm-customer-list source="mover"></crm-customer-list></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    const loaded = oneEvent(src, 'crm-load');
    src.data = rows(6, 'M');
    await loaded;
    await settle(list);
    const engine = src.model!.engine;
    const prefix = prefixOf(src);
    const tables = await tableNames(engine, prefix);
    const model = src.model;
    expect(total(list)).to.equal(6);

    // Moved: the same data, nothing loaded again.
    let reloads = 0;
    src.addEventListener('crm-load', () => reloads++);
    wrap.querySelector('.b')!.append(src);
    await settle(list);
    expect(src.model).to.equal(model);
    expect(reloads).to.equal(0);
    expect(total(list)).to.equal(6);
    expect(await tableNames(engine, prefix)).to.deep.equal(tables);

    // Removed (its tables go), then added back: loaded again from its inputs, one set of tables.
    src.remove();
    await gone(engine, prefix);
    expect(await tableNames(engine, prefix)).to.deep.equal([]);
    const again = oneEvent(src, 'crm-load');
    wrap.querySelector('.a')!.append(src);
    await again;
    await settle(list);
    expect(total(list)).to.equal(6);
    // The same tables again; a cache made anew for the new load has the next number in its name.
    const shapes = (names: string[]) => names.map((n) => n.replace(/_cache\d+_/, '_cache#_'));
    expect(shapes(await tableNames(engine, prefix))).to.deep.equal(shapes(tables));
  });
  it('six add/remove cycles on a ~50 MB file leave the engine’s memory within 10 % of where it started', async function () {
    this.timeout(900_000);
    const file = fiftyMegabytes();
    expect(file.size).to.be.within(45e6, 60e6);
    // A source that stays: the page's memory is not empty to begin with.
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"><crm-source id="stays"></crm-source></div>`);
    const stays = wrap.querySelector('crm-source') as CrmSource;
    const loaded = oneEvent(stays, 'crm-load');
    stays.src = CDNOW_URL;
    await loaded;
    const engine = await getEngine();
    const startTables = await tableNames(engine);
    const start = await engineMemory(engine);
    expect(start).to.be.greaterThan(0);

    const perCycle: number[] = [];
    for (let cycle = 0; cycle < 6; cycle++) {
      const box = document.createElement('div');
      box.style.width = '720px';
      box.innerHTML = '<crm-source></crm-source><crm-segment-pyramid></crm-segment-pyramid><crm-customer-list></crm-customer-list>';
      wrap.append(box);
      const src = box.querySelector('crm-source') as CrmSource;
      const pyramid = box.querySelector('crm-segment-pyramid') as CrmSegmentPyramid;
      const list = box.querySelector('crm-customer-list') as CrmCustomerList;
      const done = oneEvent(src, 'crm-load');
      src.file = file;
      await done;
      await settle(pyramid, list);
      // Everything a source keeps in the engine: its raw rows' table, the per-customer table, cached tiers,
      // and selection tables (a click and a condition).
      pyramid.selectTier('gold');
      await src.select({ client: 'page', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
      await settle(pyramid, list);
      const prefix = prefixOf(src);
      const held = await tableNames(engine, prefix);
      expect(held.some((t) => t.includes('cache')), `cached tiers in ${held}`).to.equal(true);
      expect(held.filter((t) => t.includes('selection_')).length, `selection tables in ${held}`).to.equal(2);
      expect(await engineMemory(engine)).to.be.greaterThan(start + 20e6);
      box.remove();
      await gone(engine, prefix);
      expect(await tableNames(engine, prefix), `tables left by cycle ${cycle + 1}`).to.deep.equal([]);
      perCycle.push(await engineMemory(engine));
    }
    const end = perCycle[perCycle.length - 1];
    expect(await tableNames(engine)).to.deep.equal(startTables);
    expect(end, `engine memory: ${start} bytes at the start, then ${perCycle.join(', ')}`).to.be.at.most(start * 1.1);
    // The source that stayed still answers.
    expect((await queryRows<{ n: number }>(engine, `SELECT count(*)::INTEGER AS n FROM "${stays.model!.facts}"`))[0].n).to.equal(23570);
  });
});
