/**
 * Native DuckDB (@duckdb/node-api, the same DuckDB version as the browser
 * build) running crmkit's own SQL: the "physical limit" on this machine.
 *
 * `NativeEngine` implements crmkit's Engine interface, so buildDataset and the
 * four `run…` functions issue exactly the statements they issue in the page.
 * Query results (a few hundred rows at most) are handed back as a minimal
 * Arrow-like table of plain JS values, as the WASM engine returns them
 * (BIGINT and DECIMAL as numbers, DATE as epoch milliseconds).
 *
 * CLI (run in its own process by bench/run.ts, so its memory is its own):
 *   tsx bench/native.ts --file F --format parquet|csv --runs N [--threads T]
 * prints one JSON object.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Engine } from '../packages/core/src/engine.js';
import type { SQL } from '../packages/core/src/sql.js';
import { ENGINE_SETUP } from '../packages/core/src/engines/settings.js';
import { buildDataset, type Dataset } from '../packages/core/src/model.js';
import { timeAnalyses } from './crmkit.js';

/** crmkit's Arrow Table type, as the Engine interface names it. */
type Table = Awaited<ReturnType<Engine['query']>>;

const DAY_MS = 86_400_000;

/** A DuckDB value as the WASM engine returns it (castBigIntToDouble, castDecimalToDouble, DATE → epoch ms). */
function plain(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  const o = v as unknown as Record<string, unknown> & { toDouble?: () => number };
  if (typeof o.toDouble === 'function') return o.toDouble();
  if ('days' in o && typeof o.days === 'number') return o.days * DAY_MS;
  if ('micros' in o && typeof o.micros === 'bigint') return Number(o.micros) / 1000;
  if ('items' in o && Array.isArray(o.items)) return (o.items as DuckDBValue[]).map(plain);
  return String(v);
}

/** The part of an Arrow Table that crmkit's `toRows` reads. */
function tableLike(names: string[], rows: unknown[][]): Table {
  const children = new Map(names.map((n, j) => [n, { get: (i: number) => rows[i][j] }]));
  return { numRows: rows.length, schema: { fields: names.map((name) => ({ name })) }, getChild: (n: string) => children.get(n) ?? null } as unknown as Table;
}

export class NativeEngine implements Engine {
  readonly name = 'duckdb native (@duckdb/node-api)';
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async create(threads?: number): Promise<NativeEngine> {
    const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
    const conn = await instance.connect();
    for (const s of ENGINE_SETUP) await conn.run(s);
    return new NativeEngine(instance, conn);
  }

  async query(q: SQL | string): Promise<Table> {
    const r = await this.conn.runAndReadAll(String(q));
    return tableLike(r.columnNames(), r.getRows().map((row) => row.map(plain)));
  }
  async exec(q: SQL | string): Promise<void> {
    await this.conn.run(String(q));
  }
  async registerBuffer(): Promise<void> {
    throw new Error('not used: native DuckDB reads files from disk');
  }
  async registerURL(): Promise<void> {
    throw new Error('not used: native DuckDB reads files from disk');
  }
  async dropFile(): Promise<void> {}
  async insertArrowIPC(): Promise<void> {
    throw new Error('not used: native DuckDB reads files from disk');
  }
  async cancel(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

export const TX_FIELDS = ['order_id', 'customer_id', 'order_date', 'channel', 'product', 'quantity', 'amount', 'cost'];

/** Native load: the file into a typed canonical table (what crmkit's loader produces), then the per-customer table. */
export async function nativeLoad(engine: NativeEngine, file: string, format: 'parquet' | 'csv'): Promise<{ ds: Dataset; loadMs: number; modelMs: number }> {
  const path = file.replaceAll("'", "''");
  const reader = format === 'parquet' ? `read_parquet('${path}')` : `read_csv('${path}')`;
  const t0 = performance.now();
  await engine.exec(`CREATE OR REPLACE TABLE n_tx AS SELECT CAST(order_id AS VARCHAR) AS order_id, CAST(customer_id AS VARCHAR) AS customer_id,
    CAST(order_date AS DATE) AS order_date, CAST(channel AS VARCHAR) AS channel, CAST(product AS VARCHAR) AS product,
    CAST(quantity AS DOUBLE) AS quantity, CAST(amount AS DOUBLE) AS amount, CAST(cost AS DOUBLE) AS cost FROM ${reader}`);
  const t1 = performance.now();
  const ds = await buildDataset(engine, { id: 'n_', transactions: 'n_tx', fields: TX_FIELDS });
  return { ds, loadMs: t1 - t0, modelMs: performance.now() - t1 };
}

export interface NativeResult {
  engine: string;
  threads: number;
  rows: number;
  customers: number;
  /** Reading the file into the canonical table. */
  load: number[];
  /** Building the per-customer table. */
  model: number[];
  queries: Record<string, number[]>;
  summaries: unknown;
  peakRssBytes: number;
}

export async function runNative(file: string, format: 'parquet' | 'csv', runs: number, threads?: number): Promise<NativeResult> {
  const engine = await NativeEngine.create(threads);
  const load: number[] = [];
  const model: number[] = [];
  let ds: Dataset | undefined;
  for (let r = 0; r < runs; r++) {
    const x = await nativeLoad(engine, file, format);
    load.push(x.loadMs);
    model.push(x.modelMs);
    ds = x.ds;
  }
  const { times, summaries } = await timeAnalyses(ds!, runs);
  const threadRow = await engine.query(`SELECT current_setting('threads') AS t`);
  await engine.close();
  return {
    engine: engine.name,
    threads: Number(threadRow.getChild('t')!.get(0)),
    rows: ds!.rows,
    customers: ds!.customerCount,
    load,
    model,
    queries: times,
    summaries,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

if (process.argv[1]?.endsWith('native.ts')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const file = arg('file');
  const format = arg('format') as 'parquet' | 'csv';
  if (!file || (format !== 'parquet' && format !== 'csv')) {
    console.error('usage: tsx bench/native.ts --file F --format parquet|csv [--runs N] [--threads T]');
    process.exit(2);
  }
  const out = await runNative(file, format, Number(arg('runs') ?? 3), arg('threads') ? Number(arg('threads')) : undefined);
  process.stdout.write(JSON.stringify(out) + '\n');
}
