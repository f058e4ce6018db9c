/**
 * DuckDB-WASM in Node (the blocking bindings): the same DuckDB build as the
 * browser, used by unit tests and tools. Node only.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import type { Engine } from '../engine.js';
import { ident, type SQL } from '../sql.js';
import { ENGINE_SETUP, QUERY_CONFIG } from './settings.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as typeof import('@duckdb/duckdb-wasm/blocking');

export class NodeEngine implements Engine {
  readonly name = 'duckdb-wasm (node)';
  /** One connection, each statement run when called. */
  readonly inOrder = true;
  private constructor(
    private readonly db: Awaited<ReturnType<typeof duckdb.createDuckDB>>,
    private readonly conn: ReturnType<Awaited<ReturnType<typeof duckdb.createDuckDB>>['connect']>,
  ) {}

  static async create(): Promise<NodeEngine> {
    const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
    const bundles = {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    db.open({ query: { ...QUERY_CONFIG } });
    const conn = db.connect();
    for (const s of ENGINE_SETUP) conn.query(s);
    return new NodeEngine(db, conn);
  }

  async query(q: SQL | string): Promise<Table> {
    return this.conn.query(String(q)) as unknown as Table;
  }
  async exec(q: SQL | string): Promise<void> {
    this.conn.query(String(q));
  }
  async registerBuffer(name: string, buffer: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(name, buffer);
  }
  async readFile(name: string): Promise<Uint8Array> {
    return this.db.copyFileToBuffer(name);
  }
  /** In Node, `file://` URLs and paths are read from disk; http(s) is fetched. */
  async registerURL(name: string, url: string): Promise<void> {
    let bytes: Uint8Array;
    if (/^https?:/i.test(url)) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
      bytes = new Uint8Array(await res.arrayBuffer());
    } else {
      bytes = await readFile(url.startsWith('file:') ? new URL(url) : url);
    }
    this.db.registerFileBuffer(name, bytes);
  }
  async dropFile(name: string): Promise<void> {
    this.db.dropFile(name);
  }
  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    this.conn.query(`DROP TABLE IF EXISTS ${ident(table)}`);
    this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }
  async cancel(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {
    this.conn.close();
    this.db.reset();
  }
}

export function createNodeEngine(): Promise<NodeEngine> {
  return NodeEngine.create();
}
