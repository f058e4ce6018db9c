/**
 * crmkit's Engine on native DuckDB (@duckdb/node-api): every core, files read
 * straight from disk, a memory limit and a spill directory for data larger
 * than memory.
 *
 * Each request runs on a connection of its own (`withConnection`), so
 * requests run side by side and one request can be interrupted — when its
 * client goes away or its time is up — without touching the others. Tables
 * (the per-customer table, cached assignments) belong to the database and
 * are shared by every connection.
 *
 * Results come back as the WASM engine returns them: BIGINT and DECIMAL as
 * numbers, DATE as epoch milliseconds, TIMESTAMP as epoch milliseconds.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { CrmError, ENGINE_SETUP, ident, lit, type Engine, type SQL } from '@crmkit/core';

type Table = Awaited<ReturnType<Engine['query']>>;

const DAY_MS = 86_400_000;

export interface NativeSettings {
  /** DuckDB database file, or ':memory:' (default). */
  database?: string;
  /** Worker threads (default: every core). */
  threads?: number;
  /** e.g. "8GB" (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
  /** Where DuckDB spills when a query needs more than the memory limit. */
  tempDirectory?: string;
  /** Open the database file read-only. */
  readOnly?: boolean;
}

/** A DuckDB value as crmkit's engines return it. */
function plain(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  const o = v as unknown as Record<string, unknown> & { toDouble?: () => number };
  if (typeof o.toDouble === 'function') return o.toDouble();
  if ('days' in o && typeof o.days === 'number') return o.days * DAY_MS;
  if ('micros' in o && typeof o.micros === 'bigint') return Number(o.micros) / 1000;
  if ('items' in o && Array.isArray(o.items)) {
    const items = (o.items as DuckDBValue[]).map(plain);
    return { toArray: () => items, length: items.length };
  }
  if ('entries' in o && Array.isArray(o.entries)) return Object.fromEntries((o.entries as { key: string; value: DuckDBValue }[]).map((e) => [e.key, plain(e.value)]));
  return String(v);
}

/** The part of an Arrow Table that crmkit's `toRows` reads (results here are small). */
function tableLike(names: string[], rows: unknown[][]): Table {
  const children = new Map(names.map((n, j) => [n, { get: (i: number) => rows[i][j], length: rows.length, toArray: () => rows.map((r) => r[j]) }]));
  return {
    numRows: rows.length,
    schema: { fields: names.map((name) => ({ name })) },
    getChild: (n: string) => children.get(n) ?? null,
  } as unknown as Table;
}

/** DuckDB's message for an interrupted query. */
export function isInterrupt(e: unknown): boolean {
  return /interrupt/i.test(String((e as Error)?.message ?? e));
}

export class NativeEngine implements Engine {
  readonly name = 'duckdb native (@duckdb/node-api)';
  private readonly current = new AsyncLocalStorage<DuckDBConnection>();
  /** Statements still running on each request's connection: it is closed only once they are done. */
  private readonly running = new WeakMap<DuckDBConnection, Set<Promise<unknown>>>();
  /** Request connections whose request has ended (closed, or closing once their statements are done). */
  private readonly ended = new WeakSet<DuckDBConnection>();
  private readonly filesDir: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    workDir: string,
  ) {
    this.filesDir = join(workDir, 'files');
  }

  static async create(s: NativeSettings & { workDir: string }): Promise<NativeEngine> {
    const options: Record<string, string> = {};
    if (s.threads) options.threads = String(s.threads);
    if (s.memoryLimit) options.memory_limit = s.memoryLimit;
    if (s.readOnly) options.access_mode = 'READ_ONLY';
    const spill = resolve(s.tempDirectory ?? join(s.workDir, 'spill'));
    options.temp_directory = spill;
    await mkdir(spill, { recursive: true });
    await mkdir(join(s.workDir, 'files'), { recursive: true });
    const instance = await DuckDBInstance.create(s.database ?? ':memory:', options);
    const conn = await instance.connect();
    for (const q of ENGINE_SETUP) await conn.run(q);
    // Files handed over as bytes (registerBuffer) are written here and read by their bare name.
    await conn.run(`SET file_search_path = ${lit(resolve(s.workDir, 'files')).text}`);
    return new NativeEngine(instance, conn, resolve(s.workDir));
  }

  /**
   * The connection of the request being served, else the engine's own. Work a request leaves running after
   * its answer (a table kept for later, started without waiting for it) may issue a statement once the
   * request has ended: it goes to the engine's own connection.
   */
  private get c(): DuckDBConnection {
    const c = this.current.getStore();
    return c && !this.ended.has(c) ? c : this.conn;
  }

  /** Run `run` on the current connection, counting it as running there until it settles. */
  private track<T>(run: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = this.c;
    const p = run(c);
    let set = this.running.get(c);
    if (!set) this.running.set(c, (set = new Set()));
    set.add(p);
    const done = () => set.delete(p);
    p.then(done, done);
    return p;
  }

  /**
   * Close a request's connection once no statement runs on it any more: closing a connection while a
   * statement still runs on it crashes the process (native DuckDB).
   */
  private async closeWhenIdle(conn: DuckDBConnection): Promise<void> {
    this.ended.add(conn);
    for (let set = this.running.get(conn); set?.size; set = this.running.get(conn)) await Promise.allSettled([...set]);
    conn.closeSync();
  }

  /**
   * Run `fn` with a connection of its own: every query it makes (also inside
   * core functions) goes there, and `signal` interrupts it.
   */
  async withConnection<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    const stop = () => conn.interrupt();
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (signal.aborted) throw new CrmError('cancelled', { server: '' });
      return await this.current.run(conn, fn);
    } finally {
      signal.removeEventListener('abort', stop);
      void this.closeWhenIdle(conn);
    }
  }

  async query(q: SQL | string): Promise<Table> {
    const r = await this.track((c) => c.runAndReadAll(String(q)));
    return tableLike(r.columnNames(), r.getRows().map((row) => row.map(plain)));
  }
  async exec(q: SQL | string): Promise<void> {
    await this.track((c) => c.run(String(q)));
  }
  /** Bytes become a file in the engine's work folder, readable by `name` (what the core loader expects). */
  async registerBuffer(name: string, buffer: Uint8Array): Promise<void> {
    await writeFile(this.filePath(name), buffer);
  }
  async registerURL(): Promise<void> {
    throw new CrmError('engine', { reason: 'url' });
  }
  async dropFile(name: string): Promise<void> {
    await rm(this.filePath(name), { force: true });
  }
  /**
   * A table of numbers, text and booleans handed over as Arrow IPC (what core
   * builds in JS, e.g. the customer-value scores per triple): appended row by
   * row. Other column types are refused: data files are read by DuckDB itself.
   */
  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    const { tableFromIPC, Type } = await import('apache-arrow');
    const t = tableFromIPC(ipc);
    const sqlType = (id: number): string | undefined =>
      id === Type.Int ? undefined : id === Type.Float ? 'DOUBLE' : id === Type.Utf8 ? 'VARCHAR' : id === Type.Bool ? 'BOOLEAN' : undefined;
    const cols = t.schema.fields.map((f) => {
      const bits = f.type.typeId === Type.Int ? (f.type as { bitWidth: number }).bitWidth : 0;
      const type = bits ? (bits <= 32 ? 'INTEGER' : 'BIGINT') : sqlType(f.type.typeId);
      if (!type) throw new CrmError('engine', { reason: 'arrow' });
      return { name: f.name, type, values: t.getChild(f.name)! };
    });
    await this.exec(`CREATE OR REPLACE TABLE ${ident(table)} (${cols.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    const appender = await this.c.createAppender(table);
    try {
      for (let i = 0; i < t.numRows; i++) {
        for (const c of cols) {
          const v = c.values.get(i) as unknown;
          if (v === null || v === undefined) appender.appendNull();
          else if (c.type === 'INTEGER') appender.appendInteger(v as number);
          else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(v as number | bigint));
          else if (c.type === 'DOUBLE') appender.appendDouble(v as number);
          else if (c.type === 'BOOLEAN') appender.appendBoolean(v as boolean);
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
  async cancel(): Promise<boolean> {
    this.c.interrupt();
    return true;
  }
  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private filePath(name: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) throw new CrmError('engine', { reason: 'file-name', value: name });
    return join(this.filesDir, name);
  }
}
