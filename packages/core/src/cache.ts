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
 * - Only the data set `buildDataset` built last for an engine and prefix
 *   caches; an older one (a run still finishing after a reload) gets its
 *   query inline. `buildDataset` drops the previous load's tables,
 *   `dropCaches` drops a data set's tables (they are built again on the next
 *   run, under new names), and `releaseCaches` drops them and forgets the
 *   prefix (its source left the page).
 * - Two sources on one engine have different prefixes, so they never share a
 *   table.
 * - At most `MAX_CACHED_TABLES` per data set: beyond that the least recently
 *   used is dropped (and built again if its options come back).
 * - `cachedValue` keeps a value worked out in the page (a model fit) in the
 *   same slot, by kind and key: one computation per load and option set,
 *   forgotten with the load's tables (`retireCaches`, `releaseCaches`) but
 *   not by `dropCaches` (it holds no table).
 */
import type { Engine } from './engine.js';
import type { Dataset } from './model.js';
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
let clock = 0;

interface Slot {
  /** The data set whose tables these are; undefined while a load replaces it. */
  ds?: Dataset;
  gen: number;
  entries: Map<string, Entry>;
  /** Values worked out in the page for this load (`cachedValue`). */
  values: Map<string, Promise<unknown>>;
}

const slots = new WeakMap<Engine, Map<string, Slot>>();
let generation = 0;

function slotOf(engine: Engine, id: string): Slot {
  let m = slots.get(engine);
  if (!m) slots.set(engine, (m = new Map()));
  let s = m.get(id);
  if (!s) m.set(id, (s = { gen: ++generation, entries: new Map(), values: new Map() }));
  return s;
}

/** FNV-1a, 64 bits as 16 hex digits: a short, stable name for a key. */
export function stableHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** The current slot of `ds`, or undefined when `ds` is not the data set last built for its prefix. */
function current(ds: Dataset): Slot | undefined {
  const s = slots.get(ds.engine)?.get(ds.id);
  return s && s.ds === ds ? s : undefined;
}

/** Drop the tables of a slot's entries (after any creation still running). */
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

/** A load of `id` starts: no caching for it until `adoptDataset`, and the previous load's tables are dropped. */
export async function retireCaches(engine: Engine, id: string): Promise<void> {
  const s = slotOf(engine, id);
  const old = [...s.entries.values()];
  s.ds = undefined;
  s.entries = new Map();
  s.values = new Map();
  s.gen = ++generation;
  await dropEntries(engine, old);
}

/** `ds` is the data set now loaded under its prefix: its runs may cache. */
export function adoptDataset(ds: Dataset): void {
  const s = slotOf(ds.engine, ds.id);
  s.ds = ds;
}

/** Drop every cached table of `ds` (they are built again, under new names, when needed). */
export async function dropCaches(ds: Dataset): Promise<void> {
  const s = current(ds);
  if (!s) return;
  const old = [...s.entries.values()];
  s.entries = new Map();
  s.gen = ++generation;
  await dropEntries(ds.engine, old);
}

/**
 * The source of prefix `id` is gone: drop every table cached under it (after
 * any creation still running) and forget the prefix, so nothing of it stays
 * in the engine or here. A later load under the same prefix starts afresh.
 */
export async function releaseCaches(engine: Engine, id: string): Promise<void> {
  const m = slots.get(engine);
  const s = m?.get(id);
  if (!m || !s) return;
  m.delete(id);
  const old = [...s.entries.values()];
  s.ds = undefined;
  s.entries = new Map();
  s.values = new Map();
  await dropEntries(engine, old);
}

/** Names of the tables cached for `ds` and finished (diagnostics and tests). */
export function cachedTables(ds: Dataset): string[] {
  const s = current(ds);
  return s ? [...s.entries.values()].filter((e) => e.done).map((e) => e.table) : [];
}

/** Drop the least recently used tables above `MAX_CACHED_TABLES`. */
function evict(engine: Engine, s: Slot): void {
  if (s.entries.size <= MAX_CACHED_TABLES) return;
  const old = [...s.entries].sort((a, b) => a[1].used - b[1].used).slice(0, s.entries.size - MAX_CACHED_TABLES);
  for (const [key] of old) s.entries.delete(key);
  void dropEntries(engine, old.map(([, e]) => e));
}

/**
 * `query` (one row per customer) as something to select from: the cached
 * table once it exists (built now when needed), or the query itself when `ds`
 * cannot cache. Use as `FROM (${await cachedQuery(…)})`.
 */
export async function cachedQuery(ds: Dataset, kind: string, query: SQL): Promise<SQL> {
  const s = current(ds);
  if (!s) return query;
  const key = `${kind}\n${query.text}`;
  let e = s.entries.get(key);
  if (!e) {
    const table = `${ds.id}cache${s.gen}_${kind}_${stableHash(key)}`;
    const entry: Entry = { table, done: false, ready: Promise.resolve(), used: ++clock };
    entry.ready = ds.engine.exec(sql`CREATE OR REPLACE TABLE ${ident(table)} AS ${query}`).then(
      () => {
        entry.done = true;
      },
      (err: unknown) => {
        // Not cached: the next run tries again.
        if (s.entries.get(key) === entry) s.entries.delete(key);
        throw err;
      },
    );
    s.entries.set(key, entry);
    e = entry;
    evict(ds.engine, s);
  }
  e.used = ++clock;
  await e.ready;
  // Dropped meanwhile (a reload, or the source left the page): run the query itself.
  if (current(ds)?.entries.get(key) !== e) return query;
  return sql`SELECT * FROM ${ident(e.table)}`;
}

/**
 * The same without waiting: the cached table when it is already built, else
 * the query itself (for selection predicates, which are built synchronously).
 */
export function cachedQueryNow(ds: Dataset, kind: string, query: SQL): SQL {
  const e = current(ds)?.entries.get(`${kind}\n${query.text}`);
  if (!e?.done) return query;
  e.used = ++clock;
  return sql`SELECT * FROM ${ident(e.table)}`;
}

/**
 * `compute()` once per load of `ds` and `kind` + `key` (every option that
 * shapes the value): later calls get the same promise. A failure is not kept
 * (the next call tries again). When `ds` cannot cache (not the data set last
 * built for its prefix) `compute()` runs each time.
 */
export function cachedValue<T>(ds: Dataset, kind: string, key: string, compute: () => Promise<T>): Promise<T> {
  const s = current(ds);
  if (!s) return compute();
  const k = `${kind}\n${key}`;
  let p = s.values.get(k) as Promise<T> | undefined;
  if (!p) {
    const values = s.values;
    p = compute();
    values.set(k, p);
    p.catch(() => values.get(k) === p && values.delete(k));
  }
  return p;
}
