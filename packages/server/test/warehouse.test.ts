/**
 * The warehouse path: docs/warehouse.sql (the per-customer table in portable
 * SQL) on a throwaway PostgreSQL cluster (Debian's packages, started here on
 * a local port) and on native DuckDB, over CDNOW: every customer's figures
 * equal the page's (core's loader and model on DuckDB-WASM). Then the server
 * serves PostgreSQL's output as a precomputed per-customer table, and the
 * analyses that need only that table give the same results as from the raw
 * transactions; the others are refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildDataset, decodeResult, loadData, queryRows } from '@crmkit/core';
import { createNodeEngine } from '@crmkit/core/node';
import { configFrom, createCrmServer, type CrmServer } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CDNOW = resolve(ROOT, 'datasets/cdnow/cdnow_transactions.csv');
const WAREHOUSE_SQL = resolve(ROOT, 'docs/warehouse.sql');
const DIR = resolve(ROOT, 'datasets/generated/warehouse-pg');
const PG_PORT = 8310;
const SERVER_PORT = 8311;

type Facts = { customer_id: string; orders: number; lines: number; revenue: number; cost: number | null; profit: number | null; quantity: number | null; first_order: string; last_order: string };

/** docs/warehouse.sql with the substitutions it documents for data without order_id and cost. */
function warehouseSql(text: string, has: { orderId: boolean; cost: boolean }): string {
  let s = text;
  if (!has.orderId) s = s.replace('COUNT(DISTINCT order_id)', 'COUNT(*)');
  if (!has.cost) {
    s = s.replace('CAST(SUM(cost) AS DOUBLE PRECISION)', 'CAST(NULL AS DOUBLE PRECISION)');
    s = s.replace('CAST(SUM(amount) - COALESCE(SUM(cost), 0) AS DOUBLE PRECISION)', 'CAST(NULL AS DOUBLE PRECISION)');
  }
  expect(s).not.toBe(text);
  return s;
}

// --- A throwaway PostgreSQL cluster --------------------------------------------------------------

const pgBin = () => {
  const base = '/usr/lib/postgresql';
  const dir = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)).map((v) => `${base}/${v}/bin`).find((d) => existsSync(`${d}/initdb`)) : undefined;
  if (!dir) throw new Error("PostgreSQL is not installed (Debian's postgresql package: .ci/run and scripts/dev.sh install it)");
  return dir;
};
const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: its programs run as the postgres user then. */
function pg(program: string, args: string[], input?: string): string {
  const cmd = asRoot ? 'runuser' : `${pgBin()}/${program}`;
  const full = asRoot ? ['-u', 'postgres', '--', `${pgBin()}/${program}`, ...args] : args;
  const r = spawnSync(cmd, full, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}
const psql = (sqlText: string, extra: string[] = []) => pg('psql', ['-h', `${DIR}/sock`, '-p', String(PG_PORT), '-U', 'crmkit', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', ...extra], sqlText);

let pgStarted = false;
function startPostgres() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(`${DIR}/sock`, { recursive: true });
  if (asRoot) execFileSync('chown', ['-R', 'postgres', DIR]);
  pg('initdb', ['-D', `${DIR}/data`, '-A', 'trust', '-U', 'crmkit', '--no-sync', '-E', 'UTF8', '--locale=C']);
  pg('pg_ctl', ['-D', `${DIR}/data`, '-l', `${DIR}/log`, '-w', '-o', `-p ${PG_PORT} -k ${DIR}/sock -c listen_addresses='' -c fsync=off`, 'start']);
  pgStarted = true;
}

let page: Facts[];
let pgFacts: Facts[];
let srv: CrmServer;

beforeAll(async () => {
  // The page's per-customer table: core's loader and model on DuckDB-WASM.
  const engine = await createNodeEngine();
  const tx = await loadData(engine, new Uint8Array(await readFile(CDNOW)), { kind: 'transactions', table: 'p_transactions', name: 'cdnow_transactions.csv' });
  const ds = await buildDataset(engine, { id: 'p_', transactions: tx.table, fields: tx.fields });
  expect([...ds.fields].sort()).toEqual(['amount', 'customer_id', 'order_date', 'quantity']);
  page = (await queryRows<Facts & { first_order: number; last_order: number }>(engine, `SELECT * FROM "${ds.facts}" ORDER BY customer_id`)).map((r) => ({
    ...r,
    first_order: new Date(r.first_order).toISOString().slice(0, 10),
    last_order: new Date(r.last_order).toISOString().slice(0, 10),
  })) as Facts[];

  startPostgres();
  psql('CREATE TABLE transactions (customer_id TEXT NOT NULL, order_date DATE NOT NULL, quantity DOUBLE PRECISION, amount DOUBLE PRECISION NOT NULL);');
}, 180_000);

afterAll(async () => {
  await srv?.close();
  if (pgStarted) pg('pg_ctl', ['-D', `${DIR}/data`, '-m', 'immediate', 'stop']);
});

/** Deep equality, numbers to 1e-9 relative (PostgreSQL summed the per-customer revenues in another order). */
function expectClose(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) expect(a, path).toBe(b);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    expect(keys(a), path).toEqual(keys(b));
    for (const k of keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

function expectSameFacts(got: Facts[], where: string) {
  expect(got.length, where).toBe(23_570);
  expect(got.length).toBe(page.length);
  for (let i = 0; i < page.length; i++) {
    const a = got[i];
    const b = page[i];
    expect([a.customer_id, a.orders, a.lines, a.first_order, a.last_order, a.cost, a.profit], `${where} ${b.customer_id}`).toEqual([b.customer_id, b.orders, b.lines, b.first_order, b.last_order, b.cost, b.profit]);
    // Sums in another order may differ in the last bits.
    expect(Math.abs(a.revenue - b.revenue), `${where} ${b.customer_id} revenue`).toBeLessThan(1e-9 * Math.max(1, Math.abs(b.revenue)));
    expect(a.quantity, `${where} ${b.customer_id} quantity`).toBe(b.quantity);
  }
}

describe('docs/warehouse.sql', () => {
  it('on PostgreSQL gives every CDNOW customer the page\'s figures (23,570 customers)', async () => {
    const csv = await readFile(CDNOW, 'utf8');
    // The file on psql's standard input, read by \\copy.
    psql(csv, ['-c', '\\copy transactions FROM pstdin WITH (FORMAT csv, HEADER true)']);
    expect(psql('SELECT count(*) FROM transactions;', ['-At']).trim()).toBe('69659');
    psql(warehouseSql(await readFile(WAREHOUSE_SQL, 'utf8'), { orderId: false, cost: false }));
    const out = psql("COPY (SELECT customer_id, orders, lines, revenue, cost, profit, quantity, first_order, last_order FROM customer_facts ORDER BY customer_id COLLATE \"C\") TO STDOUT WITH (FORMAT csv, HEADER true);");
    writeFileSync(`${DIR}/customer_facts.csv`, out);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('customer_id,orders,lines,revenue,cost,profit,quantity,first_order,last_order');
    const num = (v: string) => (v === '' ? null : Number(v));
    pgFacts = lines.slice(1).map((l) => {
      const [customer_id, orders, lines_, revenue, cost, profit, quantity, first_order, last_order] = l.split(',');
      return { customer_id, orders: Number(orders), lines: Number(lines_), revenue: Number(revenue), cost: num(cost), profit: num(profit), quantity: num(quantity), first_order, last_order };
    });
    expectSameFacts(pgFacts, 'PostgreSQL');
  });

  it('on native DuckDB gives the same', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`CREATE TABLE transactions AS SELECT * FROM read_csv('${CDNOW}', types = {'customer_id': 'VARCHAR', 'order_date': 'DATE'})`);
    await c.run(warehouseSql(await readFile(WAREHOUSE_SQL, 'utf8'), { orderId: false, cost: false }));
    const r = await c.runAndReadAll('SELECT customer_id, orders, lines, revenue, cost, profit, quantity, CAST(first_order AS VARCHAR) AS first_order, CAST(last_order AS VARCHAR) AS last_order FROM customer_facts ORDER BY customer_id');
    const rows = r.getRowObjectsJS() as unknown as Facts[];
    c.closeSync();
    db.closeSync();
    expectSameFacts(rows, 'DuckDB');
  });

  it('with order_id and cost (the full statement) on PostgreSQL: orders count distinct orders, profit nets the cost', async () => {
    // Three lines: c1 has two lines of order o1 and one of o2; c2 one line with no cost.
    psql(`CREATE TABLE tx2 (customer_id TEXT, order_id TEXT, order_date DATE, amount DOUBLE PRECISION, cost DOUBLE PRECISION, quantity DOUBLE PRECISION);
      INSERT INTO tx2 VALUES ('c1','o1','2024-01-05',100,60,1), ('c1','o1','2024-01-05',20,5,2), ('c1','o2','2024-03-01',-10,NULL,1), ('c2','o3','2024-02-02',30,NULL,NULL);
      CREATE SCHEMA full_sql; CREATE VIEW full_sql.transactions AS SELECT * FROM tx2;`);
    psql('SET search_path = full_sql;\n' + (await readFile(WAREHOUSE_SQL, 'utf8')));
    const out = psql('SELECT customer_id, orders, lines, revenue, cost, profit, quantity, first_order, last_order FROM full_sql.customer_facts ORDER BY customer_id;', ['-At', '-F', ',']);
    // c1: orders {o1, o2} = 2, lines 3, revenue 100 + 20 − 10 = 110, cost 60 + 5 = 65, profit 110 − 65 = 45, quantity 4.
    // c2: cost unknown (NULL), profit 30 − 0 = 30 (as the page: rows without a cost count 0).
    expect(out.trim().split('\n')).toEqual(['c1,2,3,110,65,45,4,2024-01-05,2024-03-01', 'c2,1,1,30,,30,,2024-02-02,2024-02-02']);
  });
});

describe('the server on a precomputed per-customer table', () => {
  beforeAll(async () => {
    expect(existsSync(`${DIR}/customer_facts.csv`)).toBe(true);
    const config = configFrom(
      {
        port: SERVER_PORT,
        engine: { threads: 2, workDir: resolve(DIR, 'work') },
        datasets: { raw: { transactions: { path: CDNOW } }, facts: { facts: { path: `${DIR}/customer_facts.csv` } } },
        auth: { anonymous: { datasets: '*' } },
      },
      ROOT,
    );
    srv = await createCrmServer(config, () => undefined);
    await srv.listen();
  }, 120_000);

  const ask = async (dataset: string, analysis: string, options: object = {}, clauses: object[] = []) => {
    const r = await fetch(`http://127.0.0.1:${SERVER_PORT}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset, analysis, options, clauses }) });
    if (r.status !== 200) return { status: r.status, error: ((await r.json()) as { error: { code: string; message: string; dataset?: string; analysis?: string } }).error };
    return { status: 200, value: decodeResult(new Uint8Array(await r.arrayBuffer())) };
  };

  it('describes it like the raw data: 69,659 rows, 23,570 customers, the same dates', async () => {
    const d = (await ask('facts', 'describe')).value as Record<string, unknown>;
    expect([d.rows, d.customerCount, d.minDate, d.maxDate, d.asOf, d.factsOnly]).toEqual([69_659, 23_570, '1997-01-01', '1998-06-30', '1998-07-01', true]);
  });

  const same: [string, object, object[]][] = [
    ['segment-pyramid', {}, []],
    ['rfm', {}, []],
    ['pareto-curve', {}, [{ kind: 'tier', options: {}, tier: 'gold' }]],
    ['profit-matrix', { costPerOrder: 2 }, [{ kind: 'rfm-segment', options: {}, segment: 'champions' }]],
    ['customer-list', { pageSize: 5 }, [{ kind: 'pareto-range', options: {}, from: 1, to: 100 }]],
    // Lifecycle stages at the data's as-of need only first and last orders.
    ['lifecycle-funnel', {}, []],
    ['segment-pyramid', {}, [{ kind: 'stage', options: {}, stage: 'dormant' }]],
  ];
  for (const [analysis, options, clauses] of same) {
    it(`${analysis} with ${clauses.length} clause(s) gives what the raw transactions give`, async () => {
      const a = await ask('facts', analysis, options, clauses);
      const b = await ask('raw', analysis, options, clauses);
      expect(a.status).toBe(200);
      expectClose(a.value, b.value, analysis);
    });
  }

  it('refuses what needs the raw transactions, saying so: other dates, windows, the card, KPIs, predicted value, tags', async () => {
    const list = [['lifecycle-funnel', { compareTo: '1998-01-01' }], ['lifecycle-funnel', { asOf: '1998-01-01' }], ['segment-pyramid', { window: 90 }], ['customer-card', { customerId: '00001' }], ['kpis', {}], ['customer-value', {}], ['customer-value-validation', {}], ['tags', {}]] as const;
    for (const [analysis, options] of list) {
      const r = await ask('facts', analysis, options);
      expect([r.status, r.error?.code], analysis).toEqual([400, 'needs-transactions']);
      expect(r.error?.message).toContain('raw transactions');
      // The facts the page's message is written from (en, zh-Hant, zh-Hans).
      expect([r.error?.dataset, r.error?.analysis]).toEqual(['facts', analysis]);
    }
    // A clause that needs them, under an analysis that does not.
    for (const clause of [{ kind: 'value-group', options: {}, group: 'tier:top' }, { kind: 'tags', options: {}, tags: ['loyal'], mode: 'or' }, { kind: 'transition', options: { compareTo: '1998-01-01' }, from: null, to: null }]) {
      const r = await ask('facts', 'segment-pyramid', {}, [clause]);
      expect([r.status, r.error?.code], clause.kind).toEqual([400, 'needs-transactions']);
    }
  });
});
