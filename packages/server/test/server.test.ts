/**
 * The server as a page meets it: a real server on a local port, real native
 * DuckDB, real HTTP. Figures are checked against the page's own engine
 * (DuckDB-WASM, core's loader) on the same file, and by hand where small.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  buildDataset,
  conditionPredicate,
  decodeResult,
  ident,
  lifecycleAssignmentQuery,
  loadData,
  queryRows,
  runAcquisition,
  runAnalysis,
  runCampaignExport,
  runCustomerCard,
  runCustomerList,
  runCustomerValue,
  runKpis,
  runTags,
  scoreCustomerValue,
  segmentAssignmentQuery,
  sql,
  tagPredicate,
  tierPredicate,
  valueLabel,
  valueTierPredicate,
  type AcquisitionResult,
  type CampaignExport,
  type CustomerCard,
  type CustomerPage,
  type CustomerValueResult,
  type Dataset,
  type KpiResult,
  type TagsResult,
} from '@crmkit/core';
import { createNodeEngine } from '@crmkit/core/node';
import { configFrom, createCrmServer, type CrmServer } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CDNOW = resolve(ROOT, 'datasets/cdnow/cdnow_transactions.csv');
const GENERATED = resolve(ROOT, 'datasets/generated/server-test');
const SLOW = resolve(GENERATED, 'slow-2m.parquet');
const PORT = Number(process.env.CRMKIT_SERVER_TEST_PORT) || 8301;
const BASE = `http://127.0.0.1:${PORT}`;

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';
const CAROL = 'carol-token-0123456789abcdef';

let srv: CrmServer;
const logs: Record<string, unknown>[] = [];

/** 2 M transactions of 1 M customers: a Pareto curve over them takes seconds on this machine. */
async function makeSlowData() {
  if (existsSync(SLOW)) return;
  mkdirSync(GENERATED, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (SELECT 'c' || (i % 1000000) AS customer_id, DATE '2020-01-01' + CAST(i % 1000 AS INTEGER) AS order_date,
    (i % 97) + 0.5 AS amount FROM range(2000000) t(i)) TO '${SLOW}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

beforeAll(async () => {
  await makeSlowData();
  const config = configFrom(
    {
      port: PORT,
      engine: { threads: 2, workDir: resolve(GENERATED, 'work') },
      datasets: {
        cdnow: { transactions: { path: CDNOW } },
        shop: { transactions: { path: 'fixtures/shop-orders.csv' }, customers: { path: 'fixtures/shop-customers.csv' } },
        channels: { transactions: { path: 'fixtures/channel-orders.csv' } },
        slow: { transactions: { path: SLOW } },
      },
      auth: {
        tokens: [
          { name: 'alice', token: ALICE, datasets: '*', pii: true },
          { name: 'bob', token: BOB, datasets: ['cdnow', 'shop', 'slow'] },
          // Kept as its hash only.
          { name: 'carol', sha256: createHash('sha256').update(CAROL).digest('hex'), datasets: ['shop'] },
        ],
      },
      cors: { origins: ['https://intranet.example'] },
      limits: { maxBodyBytes: 4096, timeoutMs: 20_000, concurrentQueries: 2, queuedQueries: 1, maxFileBytes: 50_000_000 },
    },
    import.meta.dirname,
  );
  srv = await createCrmServer(config, (f) => logs.push(f));
  await srv.listen();
}, 120_000);

afterAll(async () => {
  await srv?.close();
});

function post(body: unknown, token: string | null = ALICE, headers: Record<string, string> = {}) {
  return fetch(`${BASE}/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function result<T>(body: unknown, token: string | null = ALICE): Promise<T> {
  const r = await post(body, token);
  if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
  expect(r.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
  return decodeResult<T>(new Uint8Array(await r.arrayBuffer()));
}

/** A model fit's figures without its search's step count (another start of the same optimum takes other steps). */
const noEvals = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'evals' ? undefined : v)));

/** Deep equality, numbers to `tol` relative (default 1e-9). */
function expectClose(a: unknown, b: unknown, path = '$', tol = 1e-9): void {
  if (typeof a === 'number' && typeof b === 'number') {
    // A fit's standard errors come from differences of its gradient: good to about 1e-5.
    const t = path.includes('.se.') ? Math.max(tol, 1e-4) : tol;
    if (Math.abs(a - b) > t * Math.max(1, Math.abs(a), Math.abs(b))) expect(a, path).toBe(b);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    expect(keys(a), path).toEqual(keys(b));
    for (const k of Object.keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, tol);
    return;
  }
  expect(a, path).toEqual(b);
}

async function errorOf(r: Response): Promise<{ status: number; code: string; message: string; [k: string]: unknown }> {
  const b = (await r.json()) as { error: { code: string; message: string } };
  return { status: r.status, ...b.error };
}

describe('figures equal the page engine on CDNOW', () => {
  let page: Dataset;
  beforeAll(async () => {
    const engine = await createNodeEngine();
    const tx = await loadData(engine, new Uint8Array(await readFile(CDNOW)), { kind: 'transactions', table: 'p_transactions', name: 'cdnow_transactions.csv' });
    page = await buildDataset(engine, { id: 'p_', transactions: tx.table, fields: tx.fields });
  });

  it('describes the data set: 69,659 rows and 23,570 customers (datasets/cdnow/README.md)', async () => {
    const d = await result<{ rows: number; customerCount: number; minDate: string; maxDate: string; asOf: string }>({ dataset: 'cdnow', analysis: 'describe' });
    expect([d.rows, d.customerCount, d.minDate, d.maxDate, d.asOf]).toEqual([69_659, 23_570, '1997-01-01', '1998-06-30', '1998-07-01']);
  });

  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ['segment-pyramid', {}, []],
    ['segment-pyramid', { tiers: 'top:1,mid:19,rest', by: 'orders', window: 180 }, []],
    ['rfm', {}, [{ kind: 'tier', options: {}, tier: 'gold' }]],
    ['pareto-curve', { points: 50 }, [{ kind: 'tier', options: {}, tier: 'regular' }]],
    ['profit-matrix', { costPerOrder: 2 }, []],
    ['lifecycle-funnel', {}, [{ kind: 'pareto-range', options: {}, from: 1, to: 500 }]],
    ['kpis', { days: 90 }, [{ kind: 'stage', options: {}, stage: 'dormant' }]],
    ['customer-list', { sort: 'revenue', pageSize: 10 }, [{ kind: 'rfm-segment', options: {}, segment: 'champions' }]],
    ['customer-card', { customerId: '00001' }, []],
    ['customer-value', {}, [{ kind: 'tier', options: {}, tier: 'gold' }]],
    ['customer-value', { unit: 'days', months: 6 }, [{ kind: 'tags', options: {}, tags: ['loyal', 'at-risk'], mode: 'or' }]],
    ['customer-value-validation', {}, []],
    ['tags', { breakdown: true, rules: JSON.stringify([{ name: 'big', rule: 'orders >= 5 and revenue > 200' }]) }, [{ kind: 'value-group', options: {}, group: 'tier:top' }]],
    ['segment-pyramid', {}, [{ kind: 'value-group', options: {}, group: 'alive:9' }]],
    ['kpis', {}, [{ kind: 'value-group', options: {}, group: 'winback' }, { kind: 'tags', options: {}, tags: ['new'], mode: 'not' }]],
    ['pareto-curve', {}, [{ kind: 'pareto-range', options: {}, from: 1, to: 300, within: [{ kind: 'value-group', options: {}, group: 'tier:high' }] }]],
  ];
  for (const [analysis, options, clauses] of cases) {
    it(`${analysis} ${JSON.stringify(options)} with ${clauses.length} clause(s): the same result as in the page`, async () => {
      const remote = await result({ dataset: 'cdnow', analysis, options, clauses });
      const local = await runAnalysis(page, { analysis: analysis as never, options: options as never, clauses: clauses as never }, { pii: true });
      // Native DuckDB sums on every core, the page's engine on one: the last bits of a sum may differ, and the
      // model fit (customer value) stops at its gradient tolerance from summaries that differ so: its flattest
      // parameters move by about 1e-6 relative, far inside their standard errors.
      expectClose(noEvals(remote), noEvals(local), '$', analysis.startsWith('customer-value') ? 1e-5 : 1e-9);
    });
  }

  it('the pyramid by hand: 5 % of 23,570 customers is 1,178.5, so at most ⌈1,178.5⌉ = 1,179 diamonds', async () => {
    const r = await result<{ tiers: { tier: string; customers: number }[]; customers: number }>({ dataset: 'cdnow', analysis: 'segment-pyramid' });
    expect(r.customers).toBe(23_570);
    expect(r.tiers.map((t) => t.tier)).toEqual(['diamond', 'gold', 'regular']);
    expect(r.tiers[0].customers).toBeLessThanOrEqual(1179);
    // diamond + gold ≤ ⌈20 % × 23,570⌉ = 4,714.
    expect(r.tiers[0].customers + r.tiers[1].customers).toBeLessThanOrEqual(4714);
    expect(r.tiers.reduce((a, t) => a + t.customers, 0)).toBe(23_570);
  });

  it('KPI tiles under a selection: the server (clause tables, cached window figures) gives the page’s figures and a count from the raw rows', async () => {
    // Worked out on the page's engine: the gold customers (the pyramid's click) and every raw row.
    const gold = new Set(
      (await queryRows<{ customer_id: string }>(page.engine, sql`SELECT customer_id FROM ${ident(page.facts)} WHERE ${tierPredicate(page, {}, 'gold')}`)).map((r) => r.customer_id),
    );
    const rows = await queryRows<{ customer_id: string; d: string; amount: number }>(page.engine, sql`SELECT customer_id, strftime(order_date, '%Y-%m-%d') AS d, amount FROM ${ident(page.transactions)}`);
    // The last 365 days before the as-of 1998-07-01: [1997-07-01, 1998-07-01); CDNOW has no order ids, so every row is an order.
    const inWindow = rows.filter((r) => gold.has(r.customer_id) && r.d >= '1997-07-01' && r.d < '1998-07-01');
    const perCustomer = new Map<string, number>();
    for (const r of inWindow) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? 0) + 1);
    const revenue = inWindow.reduce((a, r) => a + r.amount, 0);
    const repeaters = [...perCustomer.values()].filter((n) => n >= 2).length;

    const clauses = [{ kind: 'tier', options: {}, tier: 'gold' }];
    const local = await runKpis(page, {}, tierPredicate(page, {}, 'gold'));
    for (const round of [1, 2]) {
      // The second time the clause's table and the window figures are already on the server.
      const remote = await result<KpiResult>({ dataset: 'cdnow', analysis: 'kpis', options: {}, clauses });
      expectClose(remote, JSON.parse(JSON.stringify(local)));
      expect([remote.current.customers, remote.current.active, remote.current.orders, remote.current.repeatRate], `round ${round}`).toEqual([gold.size, perCustomer.size, inWindow.length, repeaters / perCustomer.size]);
      expect(Math.abs(remote.current.revenue - revenue)).toBeLessThan(1e-6 * revenue);
    }
    // Sanity: the selection is a real part of CDNOW's customers (15 % of them below the top 5 %).
    expect(gold.size).toBeGreaterThan(3000);
    expect(gold.size).toBeLessThan(4000);
  });

  it('predicted value and tags as the widgets ask for them in the page: the same figures from the server', async () => {
    // In the page: the fit, a click on the top value tier, the tags of those customers with a rule of one's own.
    const rules = [{ name: 'big', rule: 'orders >= 5 and revenue > 200' }];
    const scored = await scoreCustomerValue(page, {});
    const top = valueTierPredicate(scored, 'top');
    const localTags = await runTags(page, { rules }, top, { tiers: segmentAssignmentQuery(page), stages: lifecycleAssignmentQuery(page) });
    const remoteTags = await result<TagsResult>({ dataset: 'cdnow', analysis: 'tags', options: { rules: JSON.stringify(rules), breakdown: true }, clauses: [{ kind: 'value-group', options: {}, group: 'tier:top' }] });
    expectClose(remoteTags, JSON.parse(JSON.stringify(localTags)));
    // The top tier's customers as the fit ranks them: 10 % of the scored customers (customer-value.ts), all counted.
    const topCount = (await queryRows<{ n: number }>(page.engine, sql`SELECT count(*) AS n FROM ${ident(page.facts)} WHERE ${top}`))[0].n;
    expect(remoteTags.customers).toBe(Number(topCount));
    expect(remoteTags.tags.find((t) => t.tag === 'rule:big')?.customers).toBeGreaterThan(0);
    // And back: the value widget under a click on the loyal tag.
    const loyal = tagPredicate(page, {}, ['loyal'], 'or');
    const localValue = await runCustomerValue(page, {}, loyal, { validation: false });
    const remoteValue = await result<CustomerValueResult>({ dataset: 'cdnow', analysis: 'customer-value', options: {}, clauses: [{ kind: 'tags', options: {}, tags: ['loyal'], mode: 'or' }] });
    const { validation: _, validationError: __, ...local } = localValue;
    expectClose(noEvals(remoteValue), noEvals(local), '$', 1e-5);
    const loyalCount = (await queryRows<{ n: number }>(page.engine, sql`SELECT count(*) AS n FROM ${ident(page.facts)} WHERE ${loyal}`))[0].n;
    expect(remoteValue.customers).toBe(Number(loyalCount));
  });

  it("the list's and the card's predicted-value columns: the page's labels (the model fitted in the page) give the server's figures", async () => {
    // In the page: the list and the card join the scores of the fit with the widget's default options (customer-value/labels.ts).
    const scored = await scoreCustomerValue(page, {});
    const labels = (['p_alive', 'expected_purchases', 'clv'] as const).map((l) => valueLabel(scored, l));
    const opts = { sort: 'revenue' as const, pageSize: 25, page: 2 };
    const local = await runCustomerList(page, { ...opts, labels }, tierPredicate(page, {}, 'gold'));
    const remote = await result<CustomerPage>({ dataset: 'cdnow', analysis: 'customer-list', options: { ...opts, labels: 'tier,p_alive,expected_purchases,clv' }, clauses: [{ kind: 'tier', options: {}, tier: 'gold' }] });
    expect(remote.rows.map((r) => r.customer_id)).toEqual(local.rows.map((r) => r.customer_id));
    expect(remote.rows.length).toBe(25);
    expect(remote.rows.every((r) => r.tier === 'gold')).toBe(true);
    // The fit stops at its gradient tolerance from sums of another order: scores agree to 1e-5 relative.
    const values = (p: CustomerPage) => p.rows.map((r) => ({ p_alive: r.p_alive, expected_purchases: r.expected_purchases, clv: r.clv }));
    expectClose(values(remote), values(local), '$', 1e-5);
    // Independently: each row's P(alive) and CLV as the scores table has them.
    const byId = new Map((await queryRows<{ customer_id: string; p_alive: number; clv: number }>(page.engine, sql`SELECT customer_id, p_alive, clv FROM (${scored.assignment})`)).map((r) => [r.customer_id, r]));
    for (const r of remote.rows) expectClose([r.p_alive, r.clv], [byId.get(r.customer_id)!.p_alive, byId.get(r.customer_id)!.clv], r.customer_id, 1e-5);
    expect(remote.rows.every((r) => (r.p_alive as number) >= 0 && (r.p_alive as number) <= 1)).toBe(true);
    const card = await result<CustomerCard>({ dataset: 'cdnow', analysis: 'customer-card', options: { customerId: '00007', labels: 'p_alive,expected_purchases,clv' } });
    const localCard = await runCustomerCard(page, '00007', { labels });
    expectClose(card.labels, JSON.parse(JSON.stringify(localCard.labels)), '$', 1e-5);
    expect(Object.keys(card.labels).sort()).toEqual(['clv', 'expected_purchases', 'p_alive']);
  });

  it('acquisition (with predicted value) and the campaign export under a selection: the same as in the page', async () => {
    const gold = tierPredicate(page, {}, 'gold');
    const clauses = [{ kind: 'tier', options: {}, tier: 'gold' }];
    const acq = await result<AcquisitionResult>({ dataset: 'cdnow', analysis: 'acquisition', options: { predictedValue: true }, clauses });
    const localAcq = await runAcquisition(page, { predictedValue: true }, gold);
    expectClose(acq, JSON.parse(JSON.stringify(localAcq)), '$', 1e-5);
    // CDNOW has no channel: one group (channel null) of every gold customer, its CLV the mean of their scores.
    const goldCount = Number((await queryRows<{ n: number }>(page.engine, sql`SELECT count(*) AS n FROM ${ident(page.facts)} WHERE ${gold}`))[0].n);
    expect([acq.source, acq.channels.length, acq.channels[0].channel, acq.channels[0].customers]).toEqual(['none', 1, null, goldCount]);
    expect(acq.channels[0].clvPerCustomer).toBeGreaterThan(0);
    // A click on that group (a channel clause) selects the same customers.
    const k = await result<KpiResult>({ dataset: 'cdnow', analysis: 'kpis', options: {}, clauses: [...clauses, { kind: 'channel', channel: null }] });
    expect(k.current.customers).toBe(goldCount);

    const exp = await result<CampaignExport>({ dataset: 'cdnow', analysis: 'campaign-export', options: { columns: 'customer_id,orders,revenue,last_order,days_since_last' }, clauses });
    const localExp = await runCampaignExport(page, { filter: gold, columns: ['customer_id', 'orders', 'revenue', 'last_order', 'days_since_last'] });
    expect(exp.rows.length).toBe(goldCount);
    expect(exp.columns).toEqual(localExp.columns);
    expectClose(exp.rows, JSON.parse(JSON.stringify(localExp.rows)));
    expect(exp.csv).toBe(localExp.csv);
  });

  it('saved conditions as clauses: a quadrant by the medians of all customers (no splits sent) and a tier, as the page works them out', async () => {
    const carriage = conditionPredicate(page, { widget: 'profit-matrix', options: { costPerOrder: 2 }, key: 'carriage' });
    const gold = conditionPredicate(page, { widget: 'segment-pyramid', options: {}, key: 'gold' });
    const clauses = [
      { kind: 'quadrant', options: { costPerOrder: 2 }, quadrant: 'carriage' },
      { kind: 'tier', options: {}, tier: 'gold' },
    ];
    const remote = await result<KpiResult>({ dataset: 'cdnow', analysis: 'kpis', options: { days: 1000 }, clauses });
    const local = await runKpis(page, { days: 1000 }, sql`(${carriage}) AND (${gold})`);
    expectClose(remote, JSON.parse(JSON.stringify(local)));
    // Counted on the page's engine: the customers in both.
    const n = Number((await queryRows<{ n: number }>(page.engine, sql`SELECT count(*) AS n FROM ${ident(page.facts)} WHERE (${carriage}) AND (${gold})`))[0].n);
    expect(remote.current.customers).toBe(n);
    expect(n).toBeGreaterThan(0);
  });

  it('answers a request it has answered before from memory (the data set does not change), and per PII right', async () => {
    const body = { dataset: 'cdnow', analysis: 'profit-matrix', options: { costPerOrder: 3 }, clauses: [{ kind: 'tier', options: {}, tier: 'diamond' }] };
    const from = logs.length;
    const first = new Uint8Array(await (await post(body)).arrayBuffer());
    const again = new Uint8Array(await (await post(body)).arrayBuffer());
    const other = new Uint8Array(await (await post(body, BOB)).arrayBuffer());
    const lines = logs.slice(from).filter((l) => l.analysis === 'profit-matrix');
    expect(lines.map((l) => [l.user, l.cached ?? false])).toEqual([['alice', false], ['alice', true], ['bob', false]]);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expectClose(decodeResult(other), decodeResult(first));
  });

  it('acquisition by first channel, and a click on a channel, worked out by hand', async () => {
    // First orders: c1 web (2024-01-05), c2 store, c3 two on 2024-03-01 (ads, web): the smallest name, ads.
    // Revenue to date: c1 100 + 50 = 150, c2 30, c3 20 + 5 = 25. One customer each: ordered by channel name.
    // No order ids: every row is an order, so c1 and c3 (two rows each) are repeat customers, c2 not.
    const acq = await result<AcquisitionResult>({ dataset: 'channels', analysis: 'acquisition' });
    expect(acq.source).toBe('first-order');
    expect(acq.channels.map((c) => [c.channel, c.customers, c.revenue, c.repeatRate])).toEqual([
      ['ads', 1, 25, 1],
      ['store', 1, 30, 0],
      ['web', 1, 150, 1],
    ]);
    // The web channel's customers (c1 only) as a clause: the list shows c1 with 2 orders.
    const list = await result<CustomerPage>({ dataset: 'channels', analysis: 'customer-list', clauses: [{ kind: 'channel', channel: 'web' }] });
    expect(list.rows.map((r) => [r.customer_id, r.orders, r.revenue])).toEqual([['c1', 2, 150]]);
    // No customer lacks a channel here.
    const none = await result<CustomerPage>({ dataset: 'channels', analysis: 'customer-list', clauses: [{ kind: 'channel', channel: null }] });
    expect(none.total).toBe(0);
  });

  it('a customers clause narrows to those ids: 00001 and 00002 have 1 + 2 = 3 rows in the file', async () => {
    const k = await result<{ current: { customers: number } }>({ dataset: 'cdnow', analysis: 'kpis', options: { days: 1000 }, clauses: [{ kind: 'customers', ids: ['00001', '00002'] }] });
    expect(k.current.customers).toBe(2);
  });

  it('answers gzip when the client accepts it, with the same result inside', async () => {
    const body = { dataset: 'cdnow', analysis: 'pareto-curve', options: {} };
    const plain = new Uint8Array(await (await post(body)).arrayBuffer());
    const res = await new Promise<{ enc: string | undefined; bytes: Buffer }>((ok, fail) => {
      const req = httpRequest(`${BASE}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}`, 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ enc: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      });
      req.on('error', fail);
      req.end(JSON.stringify(body));
    });
    expect(res.enc).toBe('gzip');
    expect(res.bytes.length).toBeLessThan(plain.length);
    // Sums over every core may differ in their last bits from one run to the next: compare the results.
    expectClose(decodeResult(new Uint8Array(gunzipSync(res.bytes))), decodeResult(plain));
  });
});

describe('access', () => {
  it('refuses a request without credentials, with a wrong token and with a malformed header (401)', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-known-token-000000' }, { authorization: `Basic ${btoa('alice:pw')}` }, { authorization: `Bearer ${ALICE} x' OR 1=1` }]) {
      const r = await fetch(`${BASE}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ dataset: 'cdnow', analysis: 'kpis' }) });
      const e = await errorOf(r);
      expect([e.status, e.code]).toEqual([401, 'unauthorized']);
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('refuses a data set the user may not read (403), before saying whether it exists', async () => {
    // carol (a token kept as its hash) reads shop only.
    expect((await post({ dataset: 'shop', analysis: 'describe' }, CAROL)).status).toBe(200);
    const carol = await errorOf(await post({ dataset: 'cdnow', analysis: 'describe' }, CAROL));
    expect([carol.status, carol.code, carol.dataset]).toEqual([403, 'forbidden', 'cdnow']);
    const forbidden = await errorOf(await post({ dataset: 'secret', analysis: 'kpis' }, BOB));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);
    const missing = await errorOf(await post({ dataset: 'secret', analysis: 'kpis' }, ALICE));
    expect([missing.status, missing.code]).toEqual([404, 'not-found']);
  });

  it('lists only the data sets the user may read', async () => {
    const r = (await (await fetch(`${BASE}/v1/datasets`, { headers: { authorization: `Bearer ${BOB}` } })).json()) as { datasets: { name: string; customerCount: number }[] };
    expect(r.datasets.map((d) => d.name).sort()).toEqual(['cdnow', 'shop', 'slow']);
    expect(r.datasets.find((d) => d.name === 'shop')!.customerCount).toBe(2);
  });

  it('masks personal data on the server for a user without the PII right: unmasked values are not in the bytes sent', async () => {
    const body = { dataset: 'shop', analysis: 'customer-list', options: { sort: 'customer_id' } };
    const bobBytes = new Uint8Array(await (await post(body, BOB)).arrayBuffer());
    const text = new TextDecoder().decode(bobBytes);
    for (const secret of ['alice@example.com', '0912-345-123', 'Alice Chen', 'wang@example.tw', '王小明']) expect(text).not.toContain(secret);
    const bob = decodeResult<{ rows: { customer_id: string; name: string; email: string; phone: string }[] }>(bobBytes);
    // pii.ts: name → first character and one * per other character ("Alice Chen": 10 characters → A + 9 *);
    // e-mail → first character, ***, the domain; phone → first two and last three digits.
    expect(bob.rows.map((r) => [r.customer_id, r.name, r.email, r.phone])).toEqual([
      ['c1', 'A*********', 'a***@example.com', '09xx-xxx-123'],
      ['c2', '王**', 'w***@example.tw', '09xx-xxx-222'],
    ]);
    const alice = await result<{ rows: { name: string; email: string }[] }>(body, ALICE);
    expect(alice.rows.map((r) => [r.name, r.email])).toEqual([
      ['Alice Chen', 'alice@example.com'],
      ['王小明', 'wang@example.tw'],
    ]);
    const card = await result<{ profile: Record<string, unknown>; revenue: number }>({ dataset: 'shop', analysis: 'customer-card', options: { customerId: 'c2' } }, BOB);
    expect(card.profile).toMatchObject({ name: '王**', email: 'w***@example.tw', address: '新北市***', birthday: '****-11-**' });
    expect(card.revenue).toBe(30);
    // A masked user cannot find a customer by an e-mail address either (the search looks at id and name only).
    const found = await result<{ total: number }>({ dataset: 'shop', analysis: 'customer-list', options: { search: 'alice@example' } }, BOB);
    expect(found.total).toBe(0);
  });

  it('masks the list asked with predicted-value labels and the campaign export for a user without the PII right, whatever the request says', async () => {
    const list = { dataset: 'shop', analysis: 'customer-list', options: { sort: 'customer_id', maskPii: false, labels: 'tier,p_alive,expected_purchases,clv' } };
    const exp = { dataset: 'shop', analysis: 'campaign-export', options: { columns: 'customer_id,name,email,phone,revenue', maskPii: false } };
    for (const body of [list, exp]) {
      const text = new TextDecoder().decode(new Uint8Array(await (await post(body, BOB)).arrayBuffer()));
      for (const secret of ['alice@example.com', '0912-345-123', 'Alice Chen', 'wang@example.tw', '王小明']) expect(text, body.analysis).not.toContain(secret);
    }
    const bobList = await result<CustomerPage>(list, BOB);
    // Two customers cannot support a model fit: the list has no predicted-value columns (as in the page), the tier it has.
    expect(bobList.rows.map((r) => [r.customer_id, r.name, r.email, r.tier, 'p_alive' in r])).toEqual([
      ['c1', 'A*********', 'a***@example.com', 'diamond', false],
      ['c2', '王**', 'w***@example.tw', 'regular', false],
    ]);
    // pii.ts as above; revenue: c1 100 + 50 = 150, c2 30.
    const bobExp = await result<CampaignExport>(exp, BOB);
    expect(bobExp.rows).toEqual([
      { customer_id: 'c1', name: 'A*********', email: 'a***@example.com', phone: '09xx-xxx-123', revenue: 150 },
      { customer_id: 'c2', name: '王**', email: 'w***@example.tw', phone: '09xx-xxx-222', revenue: 30 },
    ]);
    expect(bobExp.csv).toBe('customer_id,name,email,phone,revenue\r\nc1,A*********,a***@example.com,09xx-xxx-123,150\r\nc2,王**,w***@example.tw,09xx-xxx-222,30\r\n');
    const aliceExp = await result<CampaignExport>(exp, ALICE);
    expect(aliceExp.rows.map((r) => [r.name, r.email, r.phone])).toEqual([
      ['Alice Chen', 'alice@example.com', '0912-345-123'],
      ['王小明', 'wang@example.tw', '0988-111-222'],
    ]);
  });

  it('allows listed origins only (CORS)', async () => {
    const ok = await post({ dataset: 'cdnow', analysis: 'describe' }, ALICE, { origin: 'https://intranet.example' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://intranet.example');
    const pre = await fetch(`${BASE}/v1/query`, { method: 'OPTIONS', headers: { origin: 'https://intranet.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    const bad = await post({ dataset: 'cdnow', analysis: 'describe' }, ALICE, { origin: 'https://evil.example' });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('hostile and bad requests', () => {
  const hostile: [string, unknown, string][] = [
    ['an SQL fragment as a keyword option', { dataset: 'cdnow', analysis: 'segment-pyramid', options: { by: "revenue'; DROP TABLE d1_facts; --" } }, 'by'],
    ['an SQL fragment as a date', { dataset: 'cdnow', analysis: 'rfm', options: { asOf: "1998-01-01' OR 1=1 --" } }, 'as-of'],
    ['an SQL fragment in the tiers', { dataset: 'cdnow', analysis: 'segment-pyramid', options: { tiers: "a:5,b') UNION SELECT 1 --" } }, 'tiers'],
    ['an SQL fragment as a tier name in a clause', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'tier', options: {}, tier: "diamond' OR '1'='1" }] }, 'tier'],
    ['a clause of raw SQL', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'sql', predicate: 'TRUE' }] }, 'clauses[0].kind'],
    ['a predicate smuggled into a clause', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'tier', options: {}, tier: 'gold', predicate: '1=1' }] }, 'clauses[0].predicate'],
    ['an object where a value belongs', { dataset: 'cdnow', analysis: 'kpis', options: { days: { raw: '1; SELECT 1' } } }, 'options.days'],
    ['an option the analysis does not take', { dataset: 'cdnow', analysis: 'kpis', options: { filter: 'TRUE' } }, 'options.filter'],
    ['a number out of range', { dataset: 'cdnow', analysis: 'pareto-curve', options: { cut: 7 } }, 'cut'],
    ['an unknown analysis', { dataset: 'cdnow', analysis: 'sql' }, 'analysis'],
    ['a rank range given as text', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'pareto-range', options: {}, from: '1 OR 1=1', to: 5 }] }, 'clauses[0].from'],
    ['an extra field in the request', { dataset: 'cdnow', analysis: 'kpis', sql: 'SELECT 1' }, 'sql'],
    ['an SQL fragment as a value group', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'value-group', options: {}, group: "tier:top' OR 1=1 --" }] }, 'clauses[0].group'],
    ['a tag clause combined by something else', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'tags', options: {}, tags: ['loyal'], mode: 'or 1=1' }] }, 'clauses[0].mode'],
    ['user tag rules that are not JSON', { dataset: 'cdnow', analysis: 'tags', options: { rules: "orders > 1) OR (1=1" } }, 'rules'],
    ['an unknown value-model unit', { dataset: 'cdnow', analysis: 'customer-value', options: { unit: 'years' } }, 'unit'],
    ['SQL as a list label', { dataset: 'cdnow', analysis: 'customer-list', options: { labels: "p_alive,1 AS x FROM d1_facts --" } }, 'labels'],
    ['SQL as a campaign export column', { dataset: 'cdnow', analysis: 'campaign-export', options: { columns: "customer_id,(SELECT 1)" } }, 'columns'],
    ['a campaign export that asks not to mask with text', { dataset: 'shop', analysis: 'campaign-export', options: { maskPii: "false' OR 1=1" } }, 'maskPii'],
    ['predicted value as SQL on the acquisition', { dataset: 'cdnow', analysis: 'acquisition', options: { predictedValue: 'TRUE) OR (1=1' } }, 'predictedValue'],
    ['a quadrant condition of another name', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'quadrant', options: {}, quadrant: "stars' OR 1=1 --" }] }, 'clauses[0].quadrant'],
    ['an object as an acquisition channel', { dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'channel', channel: { sql: 'TRUE' } }] }, 'clauses[0].channel'],
  ];
  for (const [what, body, option] of hostile) {
    it(`refuses ${what} with invalid-option naming ${option} (400)`, async () => {
      const e = await errorOf(await post(body));
      expect([e.status, e.code, e.option]).toEqual([400, 'invalid-option', option]);
      expect(e.message).toMatch(/^invalid /);
    });
  }

  it('refuses a user tag rule with SQL in it (invalid-rule, its position) and a holdout check with no holdout (model-fit), with their facts (400)', async () => {
    const rule = await errorOf(await post({ dataset: 'cdnow', analysis: 'tags', options: { rules: JSON.stringify([{ name: 'x', rule: "orders > 1; DROP TABLE d1_facts" }]) } }));
    expect([rule.status, rule.code]).toEqual([400, 'invalid-rule']);
    expect(rule.rule).toMatchObject({ problem: expect.any(String) });
    // calibration-end after the last order day (1998-06-30): nothing left to check against.
    const fit = await errorOf(await post({ dataset: 'cdnow', analysis: 'customer-value-validation', options: { calibrationEnd: '1998-06-30' } }));
    expect([fit.status, fit.code, (fit.model as { problem: string }).problem]).toEqual([400, 'model-fit', 'no-holdout']);
  });

  it('still has its tables after all that: the pyramid counts 23,570 customers', async () => {
    const r = await result<{ customers: number }>({ dataset: 'cdnow', analysis: 'segment-pyramid' });
    expect(r.customers).toBe(23_570);
  });

  it('refuses a body above the limit (413) and one that is not JSON (400)', async () => {
    const big = await errorOf(await post({ dataset: 'cdnow', analysis: 'kpis', clauses: [{ kind: 'customers', ids: Array.from({ length: 1000 }, (_, i) => `customer-${i}`) }] }));
    expect([big.status, big.code, big.limit]).toEqual([413, 'too-large', 4096]);
    const notJson = await errorOf(await post('{"dataset": "cdnow", '));
    expect([notJson.status, notJson.code]).toEqual([400, 'invalid-json']);
    const health = await fetch(`${BASE}/health`);
    expect(health.status).toBe(200);
  });
});

describe('limits on running queries', () => {
  /** Send a query and drop the connection after `ms`. */
  function dropAfter(ms: number, body: unknown): Promise<void> {
    return new Promise((done) => {
      const req = httpRequest(`${BASE}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` } });
      req.on('error', () => done());
      req.end(JSON.stringify(body));
      setTimeout(() => {
        req.destroy();
        done();
      }, ms);
    });
  }
  // A different request each time (the number of points drawn): the server keeps answers it has given (results.ts).
  let n = 0;
  const slow = () => ({ dataset: 'slow', analysis: 'pareto-curve', options: { points: 100 + ++n } });

  it('interrupts the query of a client that goes away, and keeps serving', async () => {
    // The whole query, for comparison.
    const t0 = performance.now();
    const full = await result<{ summary: { n: number } }>(slow());
    const fullMs = performance.now() - t0;
    expect(full.summary.n).toBe(1_000_000);
    logs.length = 0;
    const t1 = performance.now();
    // Gone a quarter of the way through (the whole query takes a few hundred ms on an idle machine, seconds under load).
    await dropAfter(Math.max(20, Math.min(300, fullMs / 4)), slow());
    await expect.poll(() => logs.find((l) => l.path === '/v1/query'), { timeout: 15_000 }).toBeTruthy();
    const entry = logs.find((l) => l.path === '/v1/query')!;
    expect(entry.code).toBe('cancelled');
    // Interrupted, not finished: it ended well before the whole query's time.
    expect(performance.now() - t1).toBeLessThan(fullMs);
    expect(srv.engine).toBeTruthy();
    const after = await result<{ customers: number }>({ dataset: 'cdnow', analysis: 'segment-pyramid' });
    expect(after.customers).toBe(23_570);
    const health = (await (await fetch(`${BASE}/health`)).json()) as { queries: { running: number } };
    expect(health.queries.running).toBe(0);
  });

  it('answers 503 busy when more queries wait than allowed (2 running, 1 waiting)', async () => {
    const running = [post(slow()), post(slow()), post(slow())];
    await expect
      .poll(async () => ((await (await fetch(`${BASE}/health`)).json()) as { queries: unknown }).queries, { timeout: 10_000, interval: 20 })
      .toEqual({ running: 2, waiting: 1 });
    const e = await errorOf(await post(slow()));
    expect([e.status, e.code]).toEqual([503, 'busy']);
    const done = await Promise.all(running);
    expect(done.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('a host check instead of tokens, and the time limit', () => {
  let second: CrmServer;
  const SECOND = `http://127.0.0.1:${PORT + 2}`;
  const secondLogs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const config = configFrom(
      {
        port: PORT + 2,
        engine: { threads: 2, workDir: resolve(GENERATED, 'work-2') },
        datasets: { cdnow: { transactions: { path: CDNOW } }, slow: { transactions: { path: SLOW } } },
        auth: { module: 'fixtures/auth-hook.mjs' },
        limits: { maxBodyBytes: 4096, timeoutMs: 100, concurrentQueries: 2, queuedQueries: 4, maxFileBytes: 50_000_000 },
      },
      import.meta.dirname,
    );
    second = await createCrmServer(config, (f) => secondLogs.push(f));
    await second.listen();
  }, 120_000);
  afterAll(async () => {
    await second?.close();
  });
  const ask = (body: unknown, cookie?: string) =>
    fetch(`${SECOND}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });

  it("lets the host's authenticate(req) decide from the session cookie", async () => {
    expect((await ask({ dataset: 'cdnow', analysis: 'describe' }, 'theme=dark; session=sess-viewer')).status).toBe(200);
    const none = await errorOf(await ask({ dataset: 'cdnow', analysis: 'describe' }));
    expect([none.status, none.code]).toEqual([401, 'unauthorized']);
    const unknown = await errorOf(await ask({ dataset: 'cdnow', analysis: 'describe' }, 'session=sess-stolen'));
    expect(unknown.status).toBe(401);
    const forbidden = await errorOf(await ask({ dataset: 'slow', analysis: 'describe' }, 'session=sess-viewer'));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);
    // A check that throws refuses the request and is logged; the server goes on.
    const broken = await errorOf(await ask({ dataset: 'cdnow', analysis: 'describe' }, 'session=sess-broken'));
    expect(broken.status).toBe(401);
    expect(secondLogs.some((l) => l.msg === 'authenticate failed' && String(l.error).includes('session store is down'))).toBe(true);
    // A bearer token is not a session: this server has no tokens.
    const bearer = await fetch(`${SECOND}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` }, body: '{"dataset":"cdnow","analysis":"describe"}' });
    expect(bearer.status).toBe(401);
  });

  it('stops a query that runs past the time limit (504) and keeps serving', async () => {
    const t0 = performance.now();
    const e = await errorOf(await ask({ dataset: 'slow', analysis: 'pareto-curve' }, 'session=sess-analyst'));
    expect([e.status, e.code, e.limit]).toEqual([504, 'timeout', 100]);
    // Interrupted: the answer came long before the query's seconds.
    expect(performance.now() - t0).toBeLessThan(2500);
    const ok = await ask({ dataset: 'cdnow', analysis: 'describe' }, 'session=sess-analyst');
    expect(ok.status).toBe(200);
  });
});
