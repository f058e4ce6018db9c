/**
 * The operator's data sets, loaded once at start into the native engine and
 * described as the page describes its own (`Dataset`): the canonical tables
 * and the per-customer table, built by core's `buildDataset` — the same SQL as
 * in the page.
 *
 * - A CSV file goes through core's loader (`loadData`): the same header
 *   matching, value checks and messages as `<crm-source>`.
 * - Parquet files, folders, globs and DuckDB tables are read in place by
 *   DuckDB, the mapped columns cast to crmkit's types and copied into the
 *   server's database (or left in place behind a view with `inPlace`);
 *   the required columns are then checked (no empty customer, date or
 *   amount) before the per-customer table is built.
 * - A precomputed per-customer table (`facts`, e.g. the output of
 *   docs/warehouse.sql run in a warehouse) is served as it is: the analyses
 *   that need only it work, the others are refused with a clear message.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  COLUMNS,
  CrmError,
  FACT_COLUMNS,
  buildDataset,
  describeFacts,
  ident,
  loadData,
  qualified,
  queryRows,
  raw,
  resolveMapping,
  sql,
  type Dataset,
  type SQL,
} from '@crmkit/core';
import type { DatasetConfig, FileInput, TableInput } from './config.js';
import type { NativeEngine } from './native-engine.js';

export interface ServedDataset {
  name: string;
  ds: Dataset;
  /** Only the per-customer table is known (no transactions). */
  factsOnly: boolean;
  loadMs: number;
}

type Kind = 'transactions' | 'customers';

function isTable(i: FileInput | TableInput): i is TableInput {
  return 'database' in i;
}

/** What DuckDB reads for a file input: `read_parquet(…)` / `read_csv(…)` over a file, a folder or a glob. */
async function reader(i: FileInput): Promise<SQL> {
  let path = i.path;
  const format = i.format ?? (/\.parquet$/i.test(path) ? 'parquet' : 'csv');
  const st = await stat(path).catch(() => undefined);
  if (st?.isDirectory()) path = join(path, format === 'parquet' ? '**/*.parquet' : '**/*.csv');
  else if (!st && !/[*?[]/.test(path)) throw new Error(`${i.path}: no such file or folder`);
  // CSV as text: every column is cast to crmkit's type afterwards (ids keep their leading zeros).
  return format === 'parquet' ? sql`read_parquet(${path}, union_by_name = true)` : sql`read_csv(${path}, union_by_name = true, all_varchar = true)`;
}

let attached = 0;
/** The relation an input names, attaching a DuckDB file read-only when needed. */
async function relation(engine: NativeEngine, i: FileInput | TableInput): Promise<SQL> {
  if (!isTable(i)) return reader(i);
  const alias = `src_${++attached}`;
  await engine.exec(sql`ATTACH ${i.database} AS ${ident(alias)} (READ_ONLY)`);
  return qualified(alias, i.table);
}

async function columnsOf(engine: NativeEngine, rel: SQL): Promise<string[]> {
  return (await queryRows<{ column_name: string }>(engine, sql`DESCRIBE SELECT * FROM ${rel}`)).map((r) => r.column_name);
}

/** A view with crmkit's columns and types over a file, folder or table read in place. */
async function nativeView(engine: NativeEngine, kind: Kind, i: FileInput | TableInput, view: string): Promise<string[]> {
  const rel = await relation(engine, i);
  const headers = await columnsOf(engine, rel);
  const where = isTable(i) ? `${i.database} (${i.table})` : i.path;
  const m = resolveMapping(kind, headers, i.mapping ?? {}, where);
  const cols: SQL[] = [];
  const fields: string[] = [];
  for (const spec of COLUMNS[kind]) {
    const src = m.columns[spec.name];
    if (!src) continue;
    cols.push(sql`CAST(${ident(src)} AS ${raw(spec.sqlType)}) AS ${ident(spec.name)}`);
    fields.push(spec.name);
  }
  const select = sql`SELECT ${raw(cols.map(String).join(', '))} FROM ${rel}`;
  // Copied into the server's database by default (typed, compressed, spilled beyond the memory limit):
  // every click that reads the transactions then skips the casts and the file. `inPlace` keeps a view.
  if (i.inPlace) await engine.exec(sql`CREATE OR REPLACE VIEW ${ident(view)} AS ${select}`);
  else await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(view)} AS ${select}`);
  if (kind === 'transactions') {
    const bad = (await queryRows<{ id: number; date: number; amount: number; n: number }>(
      engine,
      sql`SELECT count(*) AS n, count(*) FILTER (WHERE customer_id IS NULL OR trim(customer_id) = '') AS id,
        count(*) FILTER (WHERE order_date IS NULL) AS date, count(*) FILTER (WHERE amount IS NULL OR NOT isfinite(amount)) AS amount FROM ${ident(view)}`,
    ))[0];
    for (const [col, n] of [['customer_id', bad.id], ['order_date', bad.date], ['amount', bad.amount]] as const) {
      if (n > 0) throw new CrmError('invalid-value', `${where}, column "${m.columns[col]}" (${col}): ${n} of ${bad.n} rows are empty or unreadable.`, { file: where, column: col, count: n });
    }
    if (bad.n === 0) throw new CrmError('no-rows', `${where} has no rows.`, { file: where });
  }
  return fields;
}

/** Load one input into `table` (CSV file through core's loader, the rest read in place). */
async function loadInput(engine: NativeEngine, kind: Kind, i: FileInput | TableInput, table: string, maxBytes: number): Promise<string[]> {
  if (!isTable(i) && (i.format ?? 'csv') === 'csv' && !/\.parquet$/i.test(i.path)) {
    const st = await stat(i.path).catch(() => undefined);
    if (st?.isFile()) {
      if (st.size > maxBytes) throw new CrmError('too-large', `${i.path} is ${st.size} bytes, above the limit of ${maxBytes} for CSV files loaded at start (convert it to Parquet, or raise limits.maxFileBytes).`, { file: i.path, size: st.size, limit: maxBytes });
      const bytes = new Uint8Array(await readFile(i.path));
      const r = await loadData(engine, bytes, {
        kind,
        table,
        format: 'csv',
        name: basename(i.path),
        mapping: i.mapping ?? {},
        dateFormat: i.dateFormat,
        delimiter: i.delimiter,
        encoding: i.encoding as never,
        onInvalid: i.onInvalid,
        maxBytes,
      });
      return r.fields;
    }
  }
  return nativeView(engine, kind, i, table);
}

/** A precomputed per-customer table as the data set's `facts`. */
async function loadFacts(engine: NativeEngine, id: string, i: FileInput | TableInput): Promise<Dataset> {
  const rel = await relation(engine, i);
  const headers = new Set(await columnsOf(engine, rel));
  const map = i.mapping ?? {};
  const src = (c: string) => map[c] ?? c;
  for (const c of ['customer_id', 'orders', 'revenue', 'first_order', 'last_order']) {
    if (!headers.has(src(c))) throw new CrmError('missing-column', `the per-customer table lacks the column "${src(c)}" (${c}); it needs ${FACT_COLUMNS.join(', ')}`, { column: c, columns: [...headers] });
  }
  const types: Record<string, string> = { customer_id: 'VARCHAR', orders: 'INTEGER', lines: 'INTEGER', first_order: 'DATE', last_order: 'DATE' };
  const cols = FACT_COLUMNS.map((c) =>
    headers.has(src(c))
      ? sql`CAST(${ident(src(c))} AS ${raw(types[c] ?? 'DOUBLE')}) AS ${ident(c)}`
      : c === 'lines'
        ? sql`CAST(${ident(src('orders'))} AS INTEGER) AS lines`
        : sql`CAST(NULL AS DOUBLE) AS ${ident(c)}`,
  );
  const facts = `${id}facts`;
  await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(facts)} AS SELECT ${raw(cols.map(String).join(', '))} FROM ${rel} ORDER BY customer_id`);
  const described = await describeFacts(engine, facts);
  if (!described.customerCount) throw new CrmError('no-rows', 'the per-customer table has no rows', {});
  return {
    engine,
    id,
    // There are no transactions: a query that needs them fails on this name and is reported as such.
    transactions: `${id}transactions`,
    facts,
    customerFields: new Set(),
    ...described,
    version: 1,
  };
}

/** Load every configured data set (one after another: each uses every core). */
export async function loadDatasets(engine: NativeEngine, config: Record<string, DatasetConfig>, maxFileBytes: number, log: (fields: Record<string, unknown>) => void): Promise<Map<string, ServedDataset>> {
  const out = new Map<string, ServedDataset>();
  let n = 0;
  for (const [name, c] of Object.entries(config)) {
    const t0 = performance.now();
    const id = `d${++n}_`;
    try {
      let ds: Dataset;
      let factsOnly = false;
      if (c.facts && !c.transactions) {
        ds = await loadFacts(engine, id, c.facts);
        factsOnly = true;
      } else {
        const fields = await loadInput(engine, 'transactions', c.transactions!, `${id}transactions`, maxFileBytes);
        let customers: string | undefined;
        let customerFields: string[] = [];
        if (c.customers) {
          customers = `${id}customers`;
          customerFields = await loadInput(engine, 'customers', c.customers, customers, maxFileBytes);
        }
        ds = await buildDataset(engine, { id, transactions: `${id}transactions`, fields, customers, customerFields });
      }
      if (factsOnly && c.customers) {
        ds.customers = `${id}customers`;
        ds.customerFields = new Set(await loadInput(engine, 'customers', c.customers, ds.customers, maxFileBytes));
      }
      const loadMs = Math.round(performance.now() - t0);
      out.set(name, { name, ds, factsOnly, loadMs });
      log({ level: 'info', msg: 'dataset loaded', dataset: name, rows: ds.rows, customers: ds.customerCount, factsOnly, ms: loadMs });
    } catch (e) {
      throw new Error(`data set "${name}" could not be loaded: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}

/** True when `e` is a query that needed the transactions of a facts-only data set. */
export function needsTransactions(e: unknown, ds: ServedDataset): boolean {
  return ds.factsOnly && String((e as Error)?.message ?? e).includes(ds.ds.transactions);
}
