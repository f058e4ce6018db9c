import type { Table } from 'apache-arrow';
import type { SQL } from './sql.js';

/** Where a table's bytes come from. */
export type FileSource = { name: string; buffer: Uint8Array };

/**
 * What crmkit needs from a SQL engine. The DuckDB-WASM engine (browser), the
 * Node engine (tests, tools) and a remote engine (native DuckDB over
 * Arrow-over-HTTP) all implement it; widgets only see this interface.
 */
export interface Engine {
  /** Engine name for diagnostics, e.g. "duckdb-wasm 1.32.0". */
  readonly name: string;
  /**
   * True when statements run one at a time in the order they were called (one connection): a statement may
   * then read a table whose CREATE was called before it and is still running. Undefined: no such promise.
   */
  readonly inOrder?: boolean;
  /** Run SQL, resolve with an Arrow table. */
  query(query: SQL | string): Promise<Table>;
  /** Run statements whose result is not needed. */
  exec(query: SQL | string): Promise<void>;
  /**
   * Make bytes readable by SQL under `name` (e.g. `read_csv('name')`). The engine takes the bytes:
   * the browser engine moves their whole ArrayBuffer to its worker, leaving it empty (detached) on
   * the page. Read nothing from them afterwards; `readFile` gives them back.
   */
  registerBuffer(name: string, buffer: Uint8Array): Promise<void>;
  /** A copy of the bytes of a registered file (what the engine reads under `name`). */
  readFile?(name: string): Promise<Uint8Array>;
  /** Make a URL readable by SQL under `name`. */
  registerURL(name: string, url: string): Promise<void>;
  /** Forget a registered file. */
  dropFile(name: string): Promise<void>;
  /** Create (or replace) `table` from Arrow IPC stream bytes. */
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  /** Ask a running query to stop; resolves true when one was cancelled. */
  cancel(): Promise<boolean>;
  /** Release the engine. */
  close(): Promise<void>;
  /**
   * Called once if the engine stops for good (e.g. its worker died): every
   * pending and later call rejects, and its tables are gone. Returns an
   * unsubscribe function. Engines that cannot be lost need not implement it.
   */
  onLost?(listener: (error: Error) => void): () => void;
}

/** Plain JS rows from an Arrow table (small results only: widgets, tests). */
export function toRows<T = Record<string, unknown>>(table: Table): T[] {
  const out: T[] = [];
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n)!);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = plain(cols[j].get(i));
    out.push(row as T);
  }
  return out;
}

/** Arrow scalars to plain JS: bigint → number, Date-ish stays number (epoch ms). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toArray' in (v as object)) {
    return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), plain);
  }
  return v;
}

/** Run a query and get plain rows. */
export async function queryRows<T = Record<string, unknown>>(engine: Engine, query: SQL | string): Promise<T[]> {
  return toRows<T>(await engine.query(query));
}
