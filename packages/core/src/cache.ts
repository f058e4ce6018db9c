/**
 * Per-load tables of per-customer assignments (value tiers, RFM scores,
 * lifecycle stages). Their cut-offs are computed over every customer of the
 * period and do not depend on other widgets' selection, so they are worked
 * out once per load and per option set; a filtered run is then a GROUP BY over
 * the selected customers instead of a fresh ranking of all of them.
 *
 * - Key: the assignment's SQL text, which holds every option that shapes it
 *   (a changed option is another table). Name: the data set's prefix, the
 *   load's cache generation, the kind and a hash of the key, e.g.
 *   `s1_cache3_pyramid_9f1c0a2e4b7d6c11`.
 * - State lives in a `DatasetCache` instance, one per source (its
 *   coordinator owns it and hands it to `buildDataset`, which puts it on the
 *   data set as `ds.cache`); nothing is kept in module state.
 * - Only the data set a cache adopted last caches; an older one (a run still
 *   finishing after a reload) gets its query inline. `buildDataset` given the
 *   same cache drops the previous load's tables (`retire`), `dropCaches`
 *   drops a data set's tables (they are built again on the next run, under
 *   new names), and `DatasetCache.release` drops them for good (its source
 *   left the page).
 * - Two sources on one engine have different prefixes and caches, so they
 *   never share a table.
 * - At most `MAX_CACHED_TABLES` per data set: beyond that the least recently
 *   used is dropped (and built again if its options come back).
 * - `cachedValue` keeps a value worked out in the page (a model fit) in the
 *   same slot, by kind and key: one computation per load and option set,
 *   forgotten with the load's tables (`retire`, `release`) but
 *   not by `dropCaches` (it holds no table).
 */
import type { Engine } from './engine.js';
import { ident, sql, type SQL } from './sql.js';

interface Entry {
  table: string;
  ready: Promise<void>;
  done: boolean;
  /** Last use, for dropping the least recently used table when there are too many. */
  used: number;
}

/** Tables kept per data set: options that keep changing (e.g. a window being dragged) do not pile up tables. */
export const MAX_CACHED_TABLES = 12;

/** What the cache needs of a data set (the `Dataset` of model.ts, which imports this module: not the other way round). */
export interface Cacheable {
  engine: Engine;
  /** Prefix of the source's tables, e.g. `s1_`. */
  id: string;
  cache?: DatasetCache;
}

/** Cache table names must differ across caches of one prefix (a data set built without its source's cache). */
let names = 0;

/** FNV-1a, 64 bits as 16 hex digits: a short, stable name for a key. */
export function stableHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** Drop the tables of entries (after any creation still running). */
async function dropEntries(engine: Engine, entries: Entry[]): Promise<void> {
  await Promise.all(
    entries.map((e) =>
      e.ready.then(
        () => engine.exec(sql`DROP TABLE IF EXISTS ${ident(e.table)}`).catch(() => undefined),
        () => undefined,
      ),
    ),
  );
}

/**
 * The cached assignment tables and page-computed values of one source's
 * loads, in one engine under one prefix. Its coordinator owns it; each data
 * set built with it refers to it as `ds.cache`.
 */
export class DatasetCache {
  /** The data set whose tables these are; undefined while a load replaces it. */
  private ds?: Cacheable;
  private gen = ++names;
  private entries = new Map<string, Entry>();
  /** Values worked out in the page for this load (`cachedValue`). */
  private values = new Map<string, Promise<unknown>>();
  private clock = 0;

  constructor(
    readonly engine: Engine,
    readonly id: string,
  ) {}

  /** A load starts: no caching until `adopt`, and the previous load's tables are dropped. */
  async retire(): Promise<void> {
    const old = [...this.entries.values()];
    this.ds = undefined;
    this.entries = new Map();
    this.values = new Map();
    this.gen = ++names;
    await dropEntries(this.engine, old);
  }

  /** `ds` is the data set now loaded: its runs may cache. */
  adopt(ds: Cacheable): void {
    this.ds = ds;
  }

  /** True when `ds` is the data set this cache adopted last (only that one caches). */
  holds(ds: Cacheable): boolean {
    return this.ds === ds;
  }

  /** Drop every cached table (they are built again, under new names, when needed); values stay. */
  async drop(): Promise<void> {
    const old = [...this.entries.values()];
    this.entries = new Map();
    this.gen = ++names;
    await dropEntries(this.engine, old);
  }

  /** The source is gone: drop every table (after any creation still running) and forget everything. */
  async release(): Promise<void> {
    const old = [...this.entries.values()];
    this.ds = undefined;
    this.entries = new Map();
    this.values = new Map();
    await dropEntries(this.engine, old);
  }

  /** Names of the finished cached tables. */
  tables(): string[] {
    return [...this.entries.values()].filter((e) => e.done).map((e) => e.table);
  }

  /** Drop the least recently used tables above `MAX_CACHED_TABLES`. */
  private evict(): void {
    if (this.entries.size <= MAX_CACHED_TABLES) return;
    const old = [...this.entries].sort((a, b) => a[1].used - b[1].used).slice(0, this.entries.size - MAX_CACHED_TABLES);
    for (const [key] of old) this.entries.delete(key);
    void dropEntries(this.engine, old.map(([, e]) => e));
  }

  /** See `cachedQuery`. */
  async query(kind: string, query: SQL): Promise<SQL> {
    const key = `${kind}\n${query.text}`;
    let e = this.entries.get(key);
    if (!e) {
      const table = `${this.id}cache${this.gen}_${kind}_${stableHash(key)}`;
      const entry: Entry = { table, done: false, ready: Promise.resolve(), used: ++this.clock };
      const entries = this.entries;
      entry.ready = this.engine.exec(sql`CREATE OR REPLACE TABLE ${ident(table)} AS ${query}`).then(
        () => {
          entry.done = true;
        },
        (err: unknown) => {
          // Not cached: the next run tries again.
          if (entries.get(key) === entry) entries.delete(key);
          throw err;
        },
      );
      this.entries.set(key, entry);
      e = entry;
      this.evict();
    }
    e.used = ++this.clock;
    await e.ready;
    // Dropped meanwhile (a reload, or the source left the page): run the query itself.
    if (this.entries.get(key) !== e) return query;
    return sql`SELECT * FROM ${ident(e.table)}`;
  }

  /** See `cachedQueryNow`. */
  queryNow(kind: string, query: SQL): SQL {
    const e = this.entries.get(`${kind}\n${query.text}`);
    if (!e?.done) return query;
    e.used = ++this.clock;
    return sql`SELECT * FROM ${ident(e.table)}`;
  }

  /** See `cachedQueryStarted`. */
  queryStarted(kind: string, query: SQL): SQL | undefined {
    const e = this.entries.get(`${kind}\n${query.text}`);
    if (!e) return undefined;
    e.used = ++this.clock;
    return sql`SELECT * FROM ${ident(e.table)}`;
  }

  /** See `cachedValue`. */
  value<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T> {
    const k = `${kind}\n${key}`;
    let p = this.values.get(k) as Promise<T> | undefined;
    if (!p) {
      const values = this.values;
      p = compute();
      values.set(k, p);
      p.catch(() => values.get(k) === p && values.delete(k));
    }
    return p;
  }
}

/** The cache of `ds` when `ds` may cache (it is the data set its cache adopted last). */
function current(ds: Cacheable): DatasetCache | undefined {
  return ds.cache?.holds(ds) ? ds.cache : undefined;
}

/** Drop every cached table of `ds` (they are built again, under new names, when needed). */
export async function dropCaches(ds: Cacheable): Promise<void> {
  await current(ds)?.drop();
}

/** Names of the tables cached for `ds` and finished (diagnostics and tests). */
export function cachedTables(ds: Cacheable): string[] {
  return current(ds)?.tables() ?? [];
}

/**
 * `query` (one row per customer) as something to select from: the cached
 * table once it exists (built now when needed), or the query itself when `ds`
 * cannot cache. Use as `FROM (${await cachedQuery(…)})`.
 */
export async function cachedQuery(ds: Cacheable, kind: string, query: SQL): Promise<SQL> {
  const c = current(ds);
  if (!c) return query;
  const q = await c.query(kind, query);
  // A reload meanwhile: the table belongs to other data.
  return current(ds) === c ? q : query;
}

/**
 * The same without waiting: the cached table when it is already built, else
 * the query itself (for selection predicates, which are built synchronously).
 */
export function cachedQueryNow(ds: Cacheable, kind: string, query: SQL): SQL {
  return current(ds)?.queryNow(kind, query) ?? query;
}

/**
 * The cached table of `query` once its making has been sent (`cachedQuery`), even before it is done, when the
 * engine of `ds` runs statements in the order they were called (`Engine.inOrder`): a statement sent after it
 * reads the table once made. Otherwise (or nothing sent yet) as `cachedQueryNow`.
 */
export function cachedQueryStarted(ds: Cacheable, kind: string, query: SQL): SQL {
  const c = current(ds);
  return (c?.engine.inOrder ? c.queryStarted(kind, query) : undefined) ?? cachedQueryNow(ds, kind, query);
}

/**
 * `compute()` once per load of `ds` and `kind` + `key` (every option that
 * shapes the value): later calls get the same promise. A failure is not kept
 * (the next call tries again). When `ds` cannot cache (not the data set its
 * cache adopted last) `compute()` runs each time.
 */
export function cachedValue<T>(ds: Cacheable, kind: string, key: string, compute: () => Promise<T>): Promise<T> {
  const c = current(ds);
  return c ? c.value(kind, key, compute) : compute();
}
