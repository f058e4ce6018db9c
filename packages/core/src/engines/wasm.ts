import * as duckdb from '@duckdb/duckdb-wasm';
import type { Table } from 'apache-arrow';
import type { Engine } from '../engine.js';
import { CrmError } from '../errors.js';
import { ident, type SQL } from '../sql.js';
import { ENGINE_SETUP, QUERY_CONFIG } from './settings.js';
import { getWasmAssets, type WasmAssets } from './assets.js';

export { setWasmAssets, getWasmAssets, type WasmAssets } from './assets.js';

/** A worker from a URL; cross-origin asset hosts go through a same-origin blob shim. */
function startWorker(url: string): Worker {
  const u = new URL(url, globalThis.location?.href);
  if (u.origin === globalThis.location?.origin) return new Worker(u.href);
  const shim = URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(u.href)});`], { type: 'text/javascript' }));
  return new Worker(shim);
}

export class WasmEngine implements Engine {
  readonly name = `duckdb-wasm ${duckdb.PACKAGE_VERSION}`;
  /** One connection; its worker runs the statements in the order they were posted. */
  readonly inOrder = true;
  private lostError?: CrmError;
  private readonly lostListeners = new Set<(error: Error) => void>();
  /** Rejects when the worker dies: DuckDB-WASM then drops its pending calls without settling them. */
  private readonly lost: Promise<never>;
  private rejectLost!: (e: Error) => void;

  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    private readonly worker: Worker,
  ) {
    this.lost = new Promise<never>((_, reject) => (this.rejectLost = reject));
    this.lost.catch(() => undefined);
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      this.markLost(`its worker failed${ev.message ? `: ${ev.message}` : ''}`);
    });
  }

  /** The engine is unusable from now on: settle everything with a clear error and tell the listeners. */
  private markLost(reason: string) {
    if (this.lostError) return;
    this.lostError = new CrmError('engine', { reason, stopped: true });
    this.rejectLost(this.lostError);
    this.worker.terminate();
    for (const fn of this.lostListeners) fn(this.lostError);
    this.lostListeners.clear();
  }

  onLost(listener: (error: Error) => void): () => void {
    if (this.lostError) {
      listener(this.lostError);
      return () => undefined;
    }
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.lostError) return Promise.reject(this.lostError);
    return Promise.race([call(), this.lost]);
  }

  static async create(assets: WasmAssets | undefined = getWasmAssets()): Promise<WasmEngine> {
    if (!assets) {
      throw new CrmError('engine', { configured: false });
    }
    const worker = startWorker(assets.mainWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    // A worker script that cannot load only says so through an error event: without listening,
    // instantiate() would wait forever.
    const workerFailed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', () => reject(new Error(`the worker script ${assets.mainWorker} could not be loaded`)), { once: true }),
    );
    try {
      await Promise.race([db.instantiate(new URL(assets.mainModule, globalThis.location?.href).href), workerFailed]);
      await db.open({ query: { ...QUERY_CONFIG } });
      const conn = await db.connect();
      for (const s of ENGINE_SETUP) await conn.query(s);
      return new WasmEngine(db, conn, worker);
    } catch (e) {
      worker.terminate();
      const reason = String((e as Error).message ?? e);
      throw new CrmError('engine', { reason, asset: assets.mainModule });
    }
  }

  async query(q: SQL | string): Promise<Table> {
    return (await this.guard(() => this.conn.query(String(q)))) as unknown as Table;
  }
  async exec(q: SQL | string): Promise<void> {
    await this.guard(() => this.conn.query(String(q)));
  }
  async registerBuffer(name: string, buffer: Uint8Array): Promise<void> {
    await this.guard(() => this.db.registerFileBuffer(name, buffer));
  }
  async readFile(name: string): Promise<Uint8Array> {
    return this.guard(() => this.db.copyFileToBuffer(name));
  }
  async registerURL(name: string, url: string): Promise<void> {
    await this.guard(() => this.db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false));
  }
  async dropFile(name: string): Promise<void> {
    await this.guard(() => this.db.dropFile(name));
  }
  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    await this.guard(async () => {
      await this.conn.query(`DROP TABLE IF EXISTS ${ident(table)}`);
      await this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    });
  }
  async cancel(): Promise<boolean> {
    if (this.lostError) return false;
    return this.guard(() => this.conn.cancelSent());
  }
  async close(): Promise<void> {
    if (!this.lostError) {
      await this.conn.close();
      await this.db.terminate();
    }
    this.worker.terminate();
  }
}
