/**
 * The Mosaic peer of `pnpm bench` (path `mosaic`): four linked views over one per-customer table, built
 * with @uwdata/mosaic-core the way a Mosaic dashboard is — a coordinator with its pre-aggregation on, a
 * cross-filter selection, one client a view — on the same DuckDB-WASM build and settings crmkit's engine
 * uses (a `WasmEngine`'s database, handed to Mosaic's own connector), in the same browser.
 *
 * Views: customers by tier, customers by lifecycle stage, a revenue histogram (25 bins), a revenue × cost
 * density (40 × 40 bins); each draws its rows as SVG rectangles. Timed as the widgets are:
 *   - CSV → all views drawn: the file fetched and `read_csv` into a table, the per-customer table, the four first queries and
 *     their drawing (the engine already started);
 *   - a click → every other view updated: the clicked view's clause is activated first (Mosaic builds its
 *     pre-aggregated tables on pointer-enter, before the click; timed apart), then the clock runs from the
 *     selection update to the last view drawn, plus one frame. The clicks cycle over the four views (a tier,
 *     a stage, a revenue range, a revenue × cost rectangle), clearing after each, as the widgets' do.
 * Mosaic's query cache is off, so a repeated click is computed again (pre-aggregated tables are kept per
 * activation, as Mosaic keeps them).
 */
import { Coordinator, Selection, clauseInterval, clauseIntervals, clausePoint, makeClient, wasmConnector, type MosaicClient, type SelectionClause } from '@uwdata/mosaic-core';
import { Query, column, count, floor, sql, type FilterExpr } from '@uwdata/mosaic-sql';
import { WasmEngine, toRows } from '@crmkit/core';

const now = () => performance.now();
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

type Row = Record<string, unknown>;
interface View {
  name: 'tier' | 'stage' | 'histogram' | 'density';
  client: MosaicClient;
  svg: SVGSVGElement;
  rows: Row[];
}

const TABLE = 'm_customers';
/** Query errors the views reported (named in a time-out's message). */
const errors: string[] = [];
const HIST_BINS = 25;
const GRID = 40;
const WIDTH = 600;

/** The per-customer table: revenue and cost per customer, a tier by share of customers, a lifecycle stage by recency. */
function customersSQL(tx: string): string {
  return `CREATE OR REPLACE TABLE ${TABLE} AS
WITH c AS (
  SELECT customer_id, sum(amount) AS revenue, sum(coalesce(cost, 0)) AS cost, min(order_date) AS first_order, max(order_date) AS last_order
  FROM ${tx} GROUP BY customer_id
), r AS (
  SELECT *, row_number() OVER (ORDER BY revenue DESC) AS k, count(*) OVER () AS n, max(last_order) OVER () + 1 AS as_of FROM c
)
SELECT customer_id, revenue, cost,
  CASE WHEN k <= ceil(0.05 * n) THEN 'diamond' WHEN k <= ceil(0.20 * n) THEN 'gold' ELSE 'regular' END AS tier,
  CASE WHEN date_diff('day', first_order, as_of) <= 90 THEN 'new'
       WHEN date_diff('day', last_order, as_of) <= 90 THEN 'core'
       WHEN date_diff('day', last_order, as_of) <= 180 THEN 'dozing'
       WHEN date_diff('day', last_order, as_of) <= 365 THEN 'half-asleep'
       ELSE 'dormant' END AS stage
FROM r`;
}

/** Rectangles for a view's rows (x, y in 0..1 of the view), replacing the last drawing. */
function draw(svg: SVGSVGElement, rects: [number, number, number, number][]): void {
  const ns = 'http://www.w3.org/2000/svg';
  const g = document.createElementNS(ns, 'g');
  for (const [x, y, w, h] of rects) {
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(x * WIDTH));
    r.setAttribute('y', String(y * 200));
    r.setAttribute('width', String(Math.max(1, w * WIDTH)));
    r.setAttribute('height', String(Math.max(1, h * 200)));
    g.append(r);
  }
  svg.replaceChildren(g);
}

export interface MosaicRun {
  /** CSV → all views drawn, and its parts. */
  render: { total: number; load: number; customers: number; views: number; longestTask: number }[];
  /** Each click: pre-aggregation on activation (pointer-enter), then click → every other view drawn. */
  cross: { ms: number; activate: number; from: string }[];
  /** Rows of the pre-aggregated tables Mosaic made (schema `mosaic`), after the clicks. */
  preaggTables: { table: string; rows: number }[];
  /** Customers per tier and stage (unfiltered), and the per-customer table's size. */
  shown: { customers: number; tiers: Record<string, number>; stages: Record<string, number> };
}

export async function mosaicRun(url: string, runs: number, clicks: number): Promise<MosaicRun> {
  const engine = await WasmEngine.create();
  // The engine's own database and connection (same DuckDB-WASM build and settings as crmkit's), through Mosaic's connector.
  const { db, conn } = engine as unknown as { db: unknown; conn: unknown };
  const connector = wasmConnector({ duckdb: db, connection: conn } as Parameters<typeof wasmConnector>[0]);
  const csvURL = new URL(url, location.href).href;
  const render: MosaicRun['render'] = [];
  let views: View[] = [];
  let mc: Coordinator | undefined;
  let selection: Selection | undefined;
  let waiting: { left: Set<MosaicClient>; done: () => void } | undefined;
  let scales: { revenue: [number, number]; cost: [number, number] } = { revenue: [0, 1], cost: [0, 1] };
  try {
    for (let i = 0; i < runs; i++) {
      mc?.clear();
      document.body.innerHTML = '';
      let longestTask = 0;
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longestTask = Math.max(longestTask, e.duration);
      });
      observer.observe({ type: 'longtask' });
      const t0 = now();
      // The file fetched whole and handed to DuckDB, as crmkit's loader does (DuckDB's own HTTP reads are slower here).
      const res = await fetch(csvURL);
      if (!res.ok) throw new Error(`${csvURL}: HTTP ${res.status}`);
      await engine.registerBuffer('m_tx.csv', new Uint8Array(await res.arrayBuffer()));
      await engine.exec(`CREATE OR REPLACE TABLE m_tx AS SELECT * FROM read_csv('m_tx.csv')`);
      await engine.dropFile('m_tx.csv');
      const t1 = now();
      await engine.exec(customersSQL('m_tx'));
      const [ext] = toRows<{ r0: number; r1: number; c0: number; c1: number }>(await engine.query(`SELECT min(revenue)::DOUBLE AS r0, max(revenue)::DOUBLE AS r1, min(cost)::DOUBLE AS c0, max(cost)::DOUBLE AS c1 FROM ${TABLE}`));
      scales = { revenue: [ext.r0, ext.r1], cost: [ext.c0, ext.c1] };
      const t2 = now();
      mc = new Coordinator(connector, { cache: false, logger: null as unknown as Console, preagg: { enabled: true } });
      selection = Selection.crossfilter();
      const made = makeViews(mc, selection, scales, (view, data) => {
        view.rows = data;
        drawView(view, scales);
        if (waiting?.left.delete(view.client) && waiting.left.size === 0) waiting.done();
      });
      views = made;
      // Every view's first query drawn.
      await new Promise<void>((resolve) => (waiting = { left: new Set(views.map((v) => v.client)), done: resolve }));
      await frame();
      const t3 = now();
      await new Promise((r) => setTimeout(r, 50));
      for (const e of observer.takeRecords()) longestTask = Math.max(longestTask, e.duration);
      observer.disconnect();
      render.push({ total: t3 - t0, load: t1 - t0, customers: t2 - t1, views: t3 - t2, longestTask });
    }
    const tiers = Object.fromEntries(views.find((v) => v.name === 'tier')!.rows.map((r) => [String(r.tier), Number(r.n)]));
    const stages = Object.fromEntries(views.find((v) => v.name === 'stage')!.rows.map((r) => [String(r.stage), Number(r.n)]));
    const customers = Object.values(tiers).reduce((s, n) => s + n, 0);

    // Clicks: activate (pointer-enter; Mosaic pre-aggregates then), click (timed), clear (not timed).
    const cross: MosaicRun['cross'] = [];
    const sel = selection!;
    const coordinator = mc!;
    const left = () => views.filter((v) => waiting?.left.has(v.client)).map((v) => v.name).join(', ');
    const settle = async () => coordinator.query('SELECT 1 AS settled', { cache: false });
    for (let i = 0; i < clicks; i++) {
      const view = views[i % views.length];
      const k = Math.floor(i / views.length);
      const clause = clauseFor(view, k, scales);
      const ta = now();
      sel.activate(clause);
      await settle(); // queued after the pre-aggregation statements
      const activate = now() - ta;
      const others = new Set(views.filter((v) => v !== view).map((v) => v.client));
      const t0 = now();
      const updated = new Promise<void>((resolve) => (waiting = { left: others, done: resolve }));
      sel.update(clause);
      await withLimit(updated, 60_000, () => `click ${i} on ${view.name} (waiting for ${left()})`);
      await frame();
      cross.push({ ms: now() - t0, activate, from: view.name });
      const cleared = new Promise<void>((resolve) => (waiting = { left: new Set(views.filter((v) => v !== view).map((v) => v.client)), done: resolve }));
      sel.update(clearClause(view));
      await withLimit(cleared, 60_000, () => `clearing after click ${i} on ${view.name} (waiting for ${left()})`);
      await frame();
    }
    const preaggTables = toRows<{ table: string; rows: number }>(
      await engine.query(`SELECT table_name AS "table", estimated_size::DOUBLE AS rows FROM duckdb_tables() WHERE schema_name = 'mosaic' ORDER BY table_name`),
    );
    return { render, cross, preaggTables, shown: { customers, tiers, stages } };
  } finally {
    mc?.clear();
    await engine.close();
  }
}

function withLimit<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what()}: no update within ${ms / 1000} s${errors.length ? ` (${errors.slice(-3).join('; ')})` : ''}`)), ms)))]).finally(() => clearTimeout(timer));
}

type Scales = { revenue: [number, number]; cost: [number, number] };

function makeViews(mc: Coordinator, selection: Selection, s: Scales, onResult: (view: View, rows: Row[]) => void): View[] {
  const svgOf = () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', String(WIDTH));
    svg.setAttribute('height', '200');
    document.body.append(svg);
    return svg;
  };
  const step = (d: [number, number], n: number) => (d[1] - d[0]) / n || 1;
  const rs = step(s.revenue, HIST_BINS), rg = step(s.revenue, GRID), cg = step(s.cost, GRID);
  const queries: Record<View['name'], (filter: FilterExpr) => Query> = {
    tier: (filter) => Query.from(TABLE).select({ tier: column('tier'), n: count() }).where(filter).groupby('tier'),
    stage: (filter) => Query.from(TABLE).select({ stage: column('stage'), n: count() }).where(filter).groupby('stage'),
    histogram: (filter) =>
      Query.from(TABLE).select({ bin: floor(sql`(${column('revenue')} - ${s.revenue[0]}) / ${rs}`), n: count() }).where(filter).groupby('bin'),
    density: (filter) =>
      Query.from(TABLE)
        .select({ bx: floor(sql`(${column('revenue')} - ${s.revenue[0]}) / ${rg}`), by: floor(sql`(${column('cost')} - ${s.cost[0]}) / ${cg}`), n: count() })
        .where(filter)
        .groupby('bx', 'by'),
  };
  const views: View[] = [];
  for (const name of ['tier', 'stage', 'histogram', 'density'] as const) {
    const view = { name, svg: svgOf(), rows: [] } as unknown as View;
    view.client = makeClient({
      coordinator: mc,
      selection,
      query: (filter) => queries[name](filter),
      queryResult: (data) => onResult(view, (data as { toArray(): Row[] }).toArray()),
      queryError: (e) => errors.push(`${name}: ${String((e as Error)?.message ?? e).split('\n')[0]}`),
    });
    views.push(view);
  }
  return views;
}

function drawView(view: View, s: Scales): void {
  const rows = view.rows;
  const max = Math.max(1, ...rows.map((r) => Number(r.n)));
  if (view.name === 'tier' || view.name === 'stage') {
    const w = 1 / Math.max(1, rows.length);
    draw(view.svg, rows.map((r, i) => [i * w, 1 - Number(r.n) / max, w * 0.9, Number(r.n) / max]));
  } else if (view.name === 'histogram') {
    draw(view.svg, rows.map((r) => [Number(r.bin) / HIST_BINS, 1 - Number(r.n) / max, 1 / HIST_BINS, Number(r.n) / max]));
  } else {
    void s;
    draw(view.svg, rows.map((r) => [Number(r.bx) / GRID, 1 - (Number(r.by) + 1) / GRID, 1 / GRID, 1 / GRID]));
  }
}

const TIERS = ['diamond', 'gold', 'regular'];
const STAGES = ['new', 'core', 'dozing', 'half-asleep', 'dormant'];

/** The k-th click on a view: a tier, a stage, a revenue range (4 of the 25 bins), a revenue × cost rectangle. */
function clauseFor(view: View, k: number, s: Scales): SelectionClause {
  const source = view.client;
  const clients = new Set([view.client]);
  const linear = (domain: [number, number]) => ({ type: 'linear', domain, range: [0, WIDTH] }) as never;
  switch (view.name) {
    case 'tier':
      return clausePoint(column('tier'), TIERS[k % TIERS.length], { source, clients });
    case 'stage':
      return clausePoint(column('stage'), STAGES[k % STAGES.length], { source, clients });
    case 'histogram': {
      const w = (s.revenue[1] - s.revenue[0]) / HIST_BINS;
      const lo = s.revenue[0] + (k % 6) * w;
      return clauseInterval(column('revenue'), [lo, lo + 4 * w], { source, clients, scale: linear(s.revenue), pixelSize: 1 });
    }
    case 'density': {
      const wr = (s.revenue[1] - s.revenue[0]) / GRID, wc = (s.cost[1] - s.cost[0]) / GRID;
      const a = s.revenue[0] + (k % 4) * wr, c = s.cost[0];
      return clauseIntervals([column('revenue'), column('cost')], [[a, a + 3 * wr], [c, c + 3 * wc]], { source, clients, scales: [linear(s.revenue), linear(s.cost)], pixelSize: 1 });
    }
  }
}

function clearClause(view: View): SelectionClause {
  const source = view.client;
  const clients = new Set([view.client]);
  if (view.name === 'tier' || view.name === 'stage') return clausePoint(column(view.name), undefined, { source, clients });
  if (view.name === 'histogram') return clauseInterval(column('revenue'), null, { source, clients });
  return clauseIntervals([column('revenue'), column('cost')], null, { source, clients });
}
