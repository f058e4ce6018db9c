/**
 * One coordinator per source (Mosaic's Coordinator is the model): it owns
 * the shared things between the data and the widgets, so no element creates
 * or drops tables and nothing recovers meaning from SQL text.
 *
 * - The engine and the prefix of the source's tables, the current data set
 *   (the per-customer table) and the cache of its assignments (a
 *   `DatasetCache` instance handed to `buildDataset`).
 * - The selection: clauses as data (`SelectionClause`: client, value,
 *   predicate, basis/condition, kind and, once worked out, its table). A
 *   clause is worked out once into a table of whole per-customer rows
 *   (`<prefix>selection_<n>`); the filter a client gets (`filterFor`) is a
 *   `Filter` carrying the predicate and, when every clause has one, the list
 *   of those tables, which analyses read directly (see `selectedBy`).
 * - Generations: other data coming (`retire`) starts a new selection
 *   generation; conditions are worked out again on the new data (`adopt`),
 *   computed clauses are taken out (and the page told which), and a clause or
 *   a result worked out on other data is refused.
 * - Clients (widgets): `connect` registers one; it declares what it needs for
 *   a filter (`query`) and hears results, errors and stale notices.
 *   `disconnect` unregisters it and takes its clause out of the selection.
 */
import { DatasetCache } from './cache.js';
import { conditionPredicate } from './conditions.js';
import { queryRows, type Engine } from './engine.js';
import { isRemote } from './engines/remote.js';
import { asCrmError, type CrmError } from './errors.js';
import { toFilter, type Filter } from './filter.js';
import type { Dataset } from './model.js';
import { byteSize, clausesKey, GROUP_KINDS, GROUP_MEMORY_SHARE, GROUP_ROW_BYTES, MAX_AHEAD_TABLES, MAX_GROUP_ROWS, MAX_GROUP_TABLES, MEMO_KINDS, ResultMemo } from './prefetch.js';
import { Selection, type SelectionClause } from './selection.js';
import { ident, join, sql } from './sql.js';

/** A consumer of the coordinator's data and selection (a widget). */
export interface CoordinatorClient<T = unknown> {
  /** Its id in the selection: one clause per client. */
  readonly clientId: string;
  /** What it needs, for a filter (the other clients' selection): its analysis' result. */
  query?(ds: Dataset, filter: Filter, signal: AbortSignal): Promise<T>;
  /** The result of `query` for the data and selection in force. */
  queryResult?(value: T): void;
  /** `query` failed on the data in force. */
  queryError?(error: CrmError): void;
  /**
   * What it has may be stale: `'filter'` when the selection changed (the
   * client compares `filterKey` to decide whether to query again), `'data'`
   * when the data set changed or a result came back for data no longer in force.
   */
  queryStale?(why: 'filter' | 'data'): void;
  /**
   * What its `query` depends on besides the data set and the filter (its analysis and query options),
   * when nothing else: its results are then kept per filter (`prefetch.ts`). Undefined: never kept.
   */
  queryKey?(): string | undefined;
  /** The clauses a click on its drawn marks would put in force (its groups), for `prefetch`. */
  candidates?(ds: Dataset): Promise<Pick<SelectionClause, 'predicate' | 'kind'>[]>;
}

/** What the coordinator tells its owner (the `<crm-source>` element turns these into events). */
export interface CoordinatorOptions {
  /** Prefix of every table of this source, e.g. `s1_`. */
  prefix: string;
  /** Whether a load is running (a condition chosen meanwhile waits for its data). */
  loading?: () => boolean;
  /** The selection changed; `reason` and `removed` when the coordinator took clauses out itself. */
  onSelect?: (d: { clauses: SelectionClause[]; removed?: SelectionClause[]; reason?: 'new-data' | 'source-removed' }) => void;
  /** A clause could not be applied (and changed nothing). */
  onClauseError?: (err: CrmError, clause: SelectionClause) => void;
  /** Per-customer rows the kept group tables may hold together (default `MAX_GROUP_ROWS`). */
  maxGroupRows?: number;
  /** Share of the engine's memory limit in use, with one more widget's groups, beyond which none are made ahead (default `GROUP_MEMORY_SHARE`). */
  groupMemoryShare?: number;
}

/**
 * Quiet time (no click, draw or look-ahead of this source running) before the clause tables given up
 * (a cleared or replaced selection, a range look-ahead pushed out) leave the engine: a DROP then never
 * waits in the engine's queue ahead of a click's statements.
 */
export const IDLE_DROP_MS = 250;

/** Clause tables given up beyond which they go at the first quiet moment, without waiting `IDLE_DROP_MS`. */
export const MAX_WAITING_DROPS = 8;

/** Drop a table; one that is already gone (or an engine that stopped) is not an error. */
const dropTable = (engine: Engine, table: string) => engine.exec(sql`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);

export class Coordinator {
  readonly selection = new Selection();
  readonly prefix: string;
  private readonly opts: CoordinatorOptions;
  private readonly clients = new Map<string, CoordinatorClient>();
  private engineInUse?: Engine;
  private cacheInUse?: DatasetCache;
  private current?: Dataset;
  private selectionSeq = 0;
  private readonly selectionTables = new Map<string, { seq: number; tables: string[] }>();
  /** The latest clause each client asked for, applied or still being worked out. */
  private readonly requested = new Map<string, SelectionClause>();
  /** Set while `retire` renews the selection: it tells its own change. */
  private retiring = false;
  /** The load in flight: the next one waits for it, so two loads never share the engine's tables at once. */
  private inflight: Promise<unknown> = Promise.resolve();
  /** Selection changes still being worked out (see `settled`). */
  private readonly selecting = new Set<Promise<void>>();
  /** Clients' results by (query key, filter's meaning) on the data set in force (`prefetch.ts`). */
  private readonly memo = new ResultMemo();
  /** Clause tables of groups (tiers, stages, quadrants …) by predicate, kept for the data set in force. */
  private groupTables = new Map<string, Promise<string | undefined>>();
  private groupSeq = 0;
  /** Per-customer rows in the kept group tables (see `MAX_GROUP_ROWS`). */
  private groupRows = 0;
  /** The last `prefetch` asked for (see `prefetched`). */
  private prefetching: Promise<void> = Promise.resolve();
  /** Clause tables of selections worked out ahead one at a time (`prefetchClause`: a range being dragged), by predicate. */
  private aheadTables = new Map<string, Promise<string | undefined>>();
  /** `prefetchClause`'s runs, one after another, and the number of the latest asked for (older waiting ones are skipped). */
  private aheadChain: Promise<void> = Promise.resolve();
  private aheadSeq = 0;
  /** The `prefetchClause` run in progress: whose, for which predicate, and its stop (`stopAhead`). */
  private aheadRunning?: { client: string; predicate: string; stop: AbortController };
  /** Clients' queries, selection changes and look-aheads running: while any is, no clause table is dropped. */
  private busy = 0;
  /** Clause tables given up, waiting for a quiet moment (`dropLater`). */
  private readonly waitingDrops: { engine: Engine; table: string }[] = [];
  private dropTimer?: ReturnType<typeof setTimeout>;
  /** The drops sent so far (see `dropped`). */
  private dropping: Promise<void> = Promise.resolve();

  constructor(opts: CoordinatorOptions) {
    this.opts = opts;
    this.prefix = opts.prefix;
    this.selection.subscribe(() => {
      if (!this.retiring) this.opts.onSelect?.({ clauses: this.selection.list() });
      for (const c of this.clients.values()) c.queryStale?.('filter');
    });
  }

  // --- Engine, data set, cache ---------------------------------------------------------------

  /** The engine this source's tables are in (once a load has started one). */
  get engine(): Engine | undefined {
    return this.engineInUse;
  }

  /** Use `engine` (a new one after the old stopped gets a cache of its own). */
  attach(engine: Engine): void {
    if (engine === this.engineInUse) return;
    this.engineInUse = engine;
    this.cacheInUse = new DatasetCache(engine, this.prefix);
  }

  /** The cache of this source's loads (hand it to `buildDataset`); undefined before an engine is attached. */
  get cache(): DatasetCache | undefined {
    return this.cacheInUse;
  }

  /** The data set in force, with the selection worked out on it. */
  get dataset(): Dataset | undefined {
    return this.current;
  }

  /** The data went (a failed load, a lost engine): no data set is in force. */
  clearDataset(): void {
    if (!this.current) return;
    this.current = undefined;
    for (const c of this.clients.values()) c.queryStale?.('data');
  }

  /**
   * `ds` is in: the conditions chosen before or during the load are worked out
   * on it (before any client reads it), then it is the data set in force.
   * Returns false when `stale()` says another load or a teardown came first.
   */
  async adopt(ds: Dataset, stale: () => boolean = () => false): Promise<boolean> {
    const gen = this.selection.generation;
    await Promise.all([...this.requested.values()].map((c) => this.workOut(ds, c, gen, true)));
    if (stale()) return false;
    this.current = ds;
    for (const c of this.clients.values()) c.queryStale?.('data');
    return true;
  }

  /**
   * Run a load after the one in flight. `work` gets the previous load's
   * promise to wait for; `settled` waits for this one.
   */
  load<T>(work: (previous: Promise<unknown>) => Promise<T>): Promise<T> {
    const previous = this.inflight;
    const run = work(previous);
    this.inflight = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  // --- Clients ----------------------------------------------------------------------------------

  /** Register a client: it hears stale notices and may `requestQuery`. */
  connect(client: CoordinatorClient): void {
    this.clients.set(client.clientId, client);
  }

  /** Unregister a client: its clause (applied or pending) leaves the selection. */
  disconnect(client: CoordinatorClient | string): void {
    const id = typeof client === 'string' ? client : client.clientId;
    if (!this.clients.delete(id)) return;
    if (this.requested.has(id) || this.selection.get(id) || this.selectionTables.has(id)) this.clearSelection(id);
  }

  /** Whether a client is registered. */
  has(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  /** The other clients' selection, as the filter `clientId`'s analysis gets. */
  filterFor(clientId?: string): Filter {
    return this.selection.predicate(clientId);
  }

  /** A key that changes exactly when `filterFor(clientId)` changes. */
  filterKey(clientId?: string): string {
    return this.selection.key(clientId);
  }

  /**
   * Run the client's `query` on the data set in force with its filter. A
   * result or error for data no longer in force (a reload or teardown came
   * meanwhile) is refused: the client hears `queryStale('data')` and this
   * resolves undefined. Undefined as well with no data set or an
   * unregistered client.
   */
  requestQuery<T>(client: CoordinatorClient<T>, signal: AbortSignal): Promise<T | undefined> {
    return this.track(this.requestQueryNow(client, signal));
  }

  private async requestQueryNow<T>(client: CoordinatorClient<T>, signal: AbortSignal): Promise<T | undefined> {
    const ds = this.current;
    if (!ds || !client.query || this.clients.get(client.clientId) !== client) return undefined;
    const gen = this.selection.generation;
    const stale = () => this.current !== ds || this.selection.generation !== gen;
    const filter = this.filterFor(client.clientId);
    // A result for the same meaning of the filter (worked out ahead by `prefetch`, or before) is the result.
    const key = this.memoKey(client, this.selection.list().filter((c) => c.client !== client.clientId));
    let value: T;
    try {
      value = await (key === undefined ? client.query(ds, filter, signal) : this.memo.get(ds, key, () => client.query!(ds, filter, new AbortController().signal)));
    } catch (e) {
      if (stale()) {
        client.queryStale?.('data');
        return undefined;
      }
      client.queryError?.(asCrmError(e));
      throw e;
    }
    if (stale()) {
      client.queryStale?.('data');
      return undefined;
    }
    client.queryResult?.(value);
    return value;
  }

  /** The key of `client`'s result under the AND of `clauses`, when it can be kept. */
  private memoKey(client: CoordinatorClient, clauses: readonly SelectionClause[]): string | undefined {
    const q = client.queryKey?.();
    const c = q === undefined ? undefined : clausesKey(clauses);
    return c === undefined ? undefined : `${q}\n${c}`;
  }

  /**
   * The table of a group's customers (a tier, a stage, a quadrant …: `GROUP_KINDS`) on the data set in force,
   * made once for it and kept until other data comes; undefined when it cannot be made (or too many are kept).
   */
  private groupTable(ds: Dataset, predicate: SelectionClause['predicate'], room = this.groupRoom(ds)): Promise<string | undefined> | undefined {
    if (ds !== this.current || isRemote(ds)) return undefined;
    let t = this.groupTables.get(predicate.text);
    if (t) return t;
    if (this.groupTables.size >= MAX_GROUP_TABLES || !room) return undefined;
    const table = `${this.prefix}selection_g${++this.groupSeq}`;
    const tables = this.groupTables;
    t = ds.engine.exec(sql`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ident(ds.facts)} WHERE ${predicate}`).then(
      async () => {
        const [{ n }] = await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM ${ident(table)}`);
        if (tables === this.groupTables) this.groupRows += Number(n);
        return table;
      },
      () => {
        if (tables.get(predicate.text) === t) tables.delete(predicate.text);
        return undefined;
      },
    );
    tables.set(predicate.text, t);
    return t;
  }

  /**
   * Whether the kept group tables have room for one more widget's groups (at most every customer once).
   * Big data: they would hold the per-customer table several times over (engine memory), so beyond
   * `maxGroupRows` no group table is made and a click takes the general path.
   */
  private groupRoom(ds: Dataset): boolean {
    return this.groupRows + ds.customerCount <= (this.opts.maxGroupRows ?? MAX_GROUP_ROWS);
  }

  /**
   * Whether the engine's memory has room for one more widget's groups: its memory in use plus the groups'
   * estimate (customers × `GROUP_ROW_BYTES`) within `groupMemoryShare` of its memory limit. When the engine
   * does not say (no limit, an unreadable size), the row budget alone decides.
   */
  private async memoryRoom(ds: Dataset): Promise<boolean> {
    const share = this.opts.groupMemoryShare ?? GROUP_MEMORY_SHARE;
    const rows = await queryRows<{ used: number | null; lim: string | null }>(
      ds.engine,
      sql`SELECT (SELECT sum(memory_usage_bytes) FROM duckdb_memory()) AS used, current_setting('memory_limit') AS lim`,
    ).catch(() => []);
    const limit = byteSize(String(rows[0]?.lim ?? ''));
    if (!rows.length || !limit) return true;
    return Number(rows[0].used ?? 0) + ds.customerCount * GROUP_ROW_BYTES <= share * limit;
  }

  /**
   * Work out ahead what a click on one of `clientId`'s groups would need (its `candidates`: a pointer entered
   * it): each group's table, and every other client's result with that group in force. A click then runs
   * nothing in the engine. Resolves when done (errors are left to the click, which works them out again).
   * On a server's data set no table is made here: the other clients' requests are sent ahead with the group's
   * clause (the server works the clause out once into a table of its own), and their answers kept alike.
   */
  prefetch(clientId: string): Promise<void> {
    const run = this.track(this.prefetchNow(clientId).catch(() => undefined));
    this.prefetching = Promise.all([this.prefetching, run]).then(() => undefined);
    return run;
  }

  /** Resolves once every `prefetch` asked for so far is done. */
  prefetched(): Promise<void> {
    return this.prefetching;
  }

  private async prefetchNow(clientId: string): Promise<void> {
    const ds = this.current;
    const who = this.clients.get(clientId);
    if (!ds || !who?.candidates) return;
    const remote = isRemote(ds);
    const gen = this.selection.generation;
    const candidates = (await who.candidates(ds)).filter((c) => c.kind && GROUP_KINDS.has(c.kind));
    // A server's data set, this client's clause in force: clearing it (a click on its mark again) is asked ahead too.
    const own = remote ? this.selection.list().find((c) => c.client === clientId) : undefined;
    if (own) await this.ahead(ds, who, this.selection.list().filter((c) => c !== own));
    // Room for this widget's groups is decided once, before the first of them is kept.
    const room = remote || (this.groupRoom(ds) && (await this.memoryRoom(ds)));
    for (const cand of candidates) {
      if (this.current !== ds || this.selection.generation !== gen) return;
      const table = remote ? undefined : await this.groupTable(ds, cand.predicate, room);
      if ((!remote && !table) || this.current !== ds || this.selection.generation !== gen) continue;
      const clause: SelectionClause = { client: clientId, predicate: cand.predicate, kind: cand.kind, label: '', ...(table ? { table } : {}) };
      await this.ahead(ds, who, this.wouldSelect(clause));
    }
  }

  /** The selection as it would be with `clause` chosen: its client's clause replaced in place, or added last. */
  private wouldSelect(clause: SelectionClause): SelectionClause[] {
    const inForce = this.selection.list();
    return inForce.some((c) => c.client === clause.client) ? inForce.map((c) => (c.client === clause.client ? clause : c)) : [...inForce, clause];
  }

  /** The clients with queries other than `who`. */
  private othersThan(who: CoordinatorClient): CoordinatorClient[] {
    return [...this.clients.values()].filter((c) => c !== who && c.query);
  }

  /**
   * Client `c`'s result under the selection `would` (its own clause left out), kept by the filter's meaning; errors
   * are left to the click. Not stopped through a signal: a selection of the same clauses may share the result.
   */
  private aheadFor(ds: Dataset, c: CoordinatorClient, would: readonly SelectionClause[]): Promise<unknown> | undefined {
    const theirs = would.filter((x) => x.client !== c.clientId);
    const key = this.memoKey(c, theirs);
    if (key === undefined) return undefined;
    return this.memo.get(ds, key, () => c.query!(ds, toFilter(theirs), new AbortController().signal)).catch(() => undefined);
  }

  /** Every client's result but `who`'s under the selection `would`, side by side (see `aheadFor`). */
  private ahead(ds: Dataset, who: CoordinatorClient, would: readonly SelectionClause[]): Promise<unknown> {
    return Promise.all(this.othersThan(who).map((c) => this.aheadFor(ds, c, would)));
  }

  /**
   * Work out ahead what `clientId` selecting `cand` would need, as `prefetch` does for a group: its clause table
   * and every other client's result with it in force (kept by the filter's meaning). For a selection of no fixed
   * group, known before it is made: a range of ranks while it is dragged (the range at pointer-up is usually the
   * last one moved to). One runs at a time; of those asked for meanwhile only the latest runs, and the one running
   * stops after its statement in flight (the range moved on: `stopAhead`). A selection skips the waiting ones and
   * stops the running one unless it is for the selected clause. Its table is kept until the selection takes it or
   * `MAX_AHEAD_TABLES` newer ones came. Resolves when done, stopped or skipped.
   */
  prefetchClause(clientId: string, cand: Pick<SelectionClause, 'predicate' | 'kind'>): Promise<void> {
    const ticket = ++this.aheadSeq;
    this.stopAhead(clientId, cand.predicate.text);
    const run = this.track(this.aheadChain.then(() => (ticket === this.aheadSeq ? this.prefetchClauseNow(clientId, cand) : undefined)).catch(() => undefined));
    this.aheadChain = run;
    this.prefetching = Promise.all([this.prefetching, run]).then(() => undefined);
    return run;
  }

  private async prefetchClauseNow(clientId: string, cand: Pick<SelectionClause, 'predicate' | 'kind'>): Promise<void> {
    const ds = this.current;
    const who = this.clients.get(clientId);
    if (!ds || !who || !cand.kind || !MEMO_KINDS.has(cand.kind)) return;
    const stop = new AbortController();
    this.aheadRunning = { client: clientId, predicate: cand.predicate.text, stop };
    try {
      const gen = this.selection.generation;
      const stale = () => this.current !== ds || this.selection.generation !== gen || stop.signal.aborted;
      // A server's data set: no table here (the server works the clause out), only the requests sent ahead.
      const remote = isRemote(ds);
      const table = remote ? undefined : GROUP_KINDS.has(cand.kind) ? await this.groupTable(ds, cand.predicate) : await this.aheadTable(ds, cand.predicate);
      if ((!remote && !table) || stale()) return;
      const clause: SelectionClause = { client: clientId, predicate: cand.predicate, kind: cand.kind, label: '', ...(table ? { table } : {}) };
      const would = this.wouldSelect(clause);
      // A server answers requests side by side: all sent at once. The page's engine runs one statement at a time:
      // one client after another, so a stop leaves the rest unsent and a newer range or a click does not queue behind them.
      if (remote) await this.ahead(ds, who, would);
      else
        for (const c of this.othersThan(who)) {
          if (stale()) return;
          await this.aheadFor(ds, c, would);
        }
    } finally {
      if (this.aheadRunning?.stop === stop) this.aheadRunning = undefined;
    }
  }

  /**
   * Stop the `prefetchClause` run in progress (it sends nothing more after the statement in flight) unless it is
   * `client`'s for `predicate`: the range moved on, or a selection came.
   */
  private stopAhead(client: string, predicate: string): void {
    const r = this.aheadRunning;
    if (r && !(r.client === client && r.predicate === predicate)) r.stop.abort();
  }

  /** The clause table of `predicate` made ahead (see `prefetchClause`); the oldest beyond `MAX_AHEAD_TABLES` are dropped. */
  private aheadTable(ds: Dataset, predicate: SelectionClause['predicate']): Promise<string | undefined> {
    const had = this.aheadTables.get(predicate.text);
    if (had) return had;
    const table = `${this.prefix}selection_a${++this.groupSeq}`;
    const t = ds.engine.exec(sql`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ident(ds.facts)} WHERE ${predicate}`).then(
      () => table,
      () => undefined,
    );
    this.aheadTables.set(predicate.text, t);
    for (const [key, old] of [...this.aheadTables].slice(0, Math.max(0, this.aheadTables.size - MAX_AHEAD_TABLES))) {
      this.aheadTables.delete(key);
      void old.then((name) => {
        if (name) this.dropLater(ds.engine, [name]);
      });
    }
    return t;
  }

  /** The clause table made ahead for `predicate`, taken out of the kept ones (the selection owns it from now on). */
  private takeAhead(predicate: SelectionClause['predicate']): Promise<string | undefined> | undefined {
    const t = this.aheadTables.get(predicate.text);
    this.aheadTables.delete(predicate.text);
    return t;
  }

  // --- Selection -------------------------------------------------------------------------------

  /** The clause a client last chose (also while it is still being applied), for its own highlighting and toggling. */
  clauseOf(client: string): SelectionClause | undefined {
    return this.requested.get(client);
  }

  /**
   * Replace this client's part of the selection; resolves once the clients have been told
   * (during a load: once the new data is in and the clause worked out on it).
   */
  select(clause: SelectionClause): Promise<void> {
    // Look-aheads of other selections (a range dragged over on the way) do not run before or beside this one.
    this.aheadSeq++;
    this.stopAhead(clause.client, clause.predicate.text);
    const work = this.track(this.applySelection(clause));
    this.selecting.add(work);
    void work.finally(() => this.selecting.delete(work));
    return work;
  }

  /**
   * Resolves once the load in progress and every selection change asked for
   * so far have been worked out (the clients have then been told; their own
   * queries may still run).
   */
  async settled(): Promise<void> {
    do await Promise.allSettled([this.inflight, ...this.selecting]);
    while (this.selecting.size > 0);
  }

  /** Remove one client's clause, or every clause. */
  clearSelection(client?: string): void {
    // Pending clauses of the cleared clients must not land afterwards; their tables go once the engine is
    // quiet (`dropLater`), so the DROP never sits ahead of the next click's statements.
    const engine = this.engineInUse;
    for (const [c, entry] of this.selectionTables) {
      if (client && c !== client) continue;
      entry.seq = ++this.selectionSeq;
      this.dropLater(engine, entry.tables.splice(0));
    }
    if (client) this.requested.delete(client);
    else this.requested.clear();
    if (client) this.selection.remove(client);
    else this.selection.clear();
  }

  /**
   * The data in force is going (a load starts, or the source leaves the page):
   * the selection starts a new generation, so nothing worked out on the old
   * data can come into force. Conditions (`basis: 'condition'`) are worked out
   * again on the new data when it is in (`adopt`; a widget's clause with a
   * `condition` descriptor by that widget's analysis); computed clauses (a
   * tier, a quadrant, a range of ranks: they name things of the old data) are
   * taken out, and `onSelect` gets `reason` and `removed`. A source leaving
   * the page drops every clause.
   */
  retire(reason: 'new-data' | 'source-removed'): void {
    this.current = undefined;
    const engine = this.engineInUse;
    this.memo.reset();
    const groups = [...this.groupTables.values()];
    this.groupTables = new Map();
    this.groupRows = 0;
    groups.push(...this.aheadTables.values());
    this.aheadTables = new Map();
    // Other data (or none): every table of the old data goes now, those waiting for a quiet moment too.
    const drops: Promise<unknown>[] = [this.dropNow()];
    for (const t of groups)
      drops.push(
        t.then((name) => {
          if (name && engine) return dropTable(engine, name);
        }),
      );
    for (const entry of this.selectionTables.values()) {
      entry.seq = ++this.selectionSeq; // a clause still being worked out on the old data will not land
      for (const t of entry.tables.splice(0)) if (engine) drops.push(dropTable(engine, t));
    }
    this.selectionTables.clear();
    this.dropping = Promise.all(drops).then(() => undefined);
    const removed: SelectionClause[] = [];
    for (const [client, c] of this.requested) {
      if (reason === 'source-removed' || (c.basis === 'computed' && !c.condition)) {
        removed.push(c);
        this.requested.delete(client);
      }
    }
    this.retiring = true;
    let had: SelectionClause[];
    try {
      had = this.selection.renew();
    } finally {
      this.retiring = false;
    }
    if (had.length || removed.length) this.opts.onSelect?.({ clauses: this.selection.list(), removed, reason });
    for (const c of this.clients.values()) c.queryStale?.('data');
  }

  /**
   * The source left the page: every clause goes, and once the load in flight
   * has stopped, every table under the prefix leaves the engine (transactions,
   * customers, the per-customer table, cached assignments, selection tables).
   */
  teardown(): void {
    this.retire('source-removed');
    this.inflight = this.inflight.then(() => this.release());
  }

  /** Drop every table of this source (its prefix is its own) and its cache. */
  private async release(): Promise<void> {
    const engine = this.engineInUse;
    if (!engine) return;
    await this.cacheInUse?.release().catch(() => undefined);
    const own = await queryRows<{ name: string }>(engine, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${this.prefix})`).catch(() => []);
    for (const { name } of own) await dropTable(engine, name);
  }

  /**
   * A clause's customers are worked out once, into a small table, and the
   * clause in force refers to that table: every other client then filters by
   * a cheap semi-join (or reads the table) instead of re-running the clicked
   * widget's analysis. A predicate that cannot run is refused (`onClauseError`)
   * and changes nothing. While a load runs there is no data to work it out
   * on: a condition waits for the new data; a computed clause (worked out on
   * the old data) is refused.
   */
  private async applySelection(clause: SelectionClause): Promise<void> {
    const ds = this.current;
    if (!ds) {
      if (clause.basis === 'computed') this.requested.delete(clause.client);
      else this.requested.set(clause.client, clause);
      // The load works every waiting condition out before it ends.
      if (this.opts.loading?.()) await this.inflight;
      return;
    }
    this.requested.set(clause.client, clause);
    await this.workOut(ds, clause, this.selection.generation);
  }

  /** Work `clause` out on `ds`, the data of selection generation `gen`, and put it in force if nothing newer came first. */
  private async workOut(ds: Dataset, clause: SelectionClause, gen: number, newData = false): Promise<void> {
    // A widget's condition (a tier, a quadrant, a stage, a range of ranks as data) is worked out again by its analysis on new data.
    if (newData && clause.condition) {
      try {
        clause = { ...clause, predicate: conditionPredicate(ds, clause.condition) };
      } catch (e) {
        this.requested.delete(clause.client);
        this.opts.onClauseError?.(asCrmError(e, `The filter "${clause.label}" cannot be applied`), clause);
        return;
      }
    }
    // A table from another data set or generation never comes along.
    const { table: _old, ...plain } = clause;
    clause = plain;
    const seq = ++this.selectionSeq;
    const entry = this.selectionTables.get(clause.client) ?? { seq: 0, tables: [] };
    entry.seq = seq;
    this.selectionTables.set(clause.client, entry);
    // A server's data set: the clause goes to the server as data with each analysis.
    if (isRemote(ds)) {
      if (entry.seq === seq) this.selection.update(clause, gen);
      return;
    }
    // A group's table made for the data in force (ahead of the click, or by an earlier click on it): no table to write.
    const kept = !newData && clause.kind && GROUP_KINDS.has(clause.kind) ? await this.groupTable(ds, clause.predicate) : undefined;
    if (kept) {
      if (entry.seq === seq) this.selection.update({ ...clause, table: kept }, gen);
      return;
    }
    // A table made ahead for this clause (a range dragged to: `prefetchClause`) is this clause's table.
    const ahead = newData ? undefined : await this.takeAhead(clause.predicate);
    const table = ahead ?? `${this.prefix}selection_${seq}`;
    try {
      // Whole per-customer rows: analyses over the per-customer table then read this table instead of filtering it.
      if (!ahead) await ds.engine.exec(sql`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ident(ds.facts)} WHERE ${clause.predicate}`);
    } catch (e) {
      if (entry.seq === seq && this.selection.generation === gen) {
        this.requested.delete(clause.client);
        this.opts.onClauseError?.(asCrmError(e, `The filter "${clause.label}" cannot be applied`), clause);
      }
      return;
    }
    // A newer click, a clear or other data came first: this one is stale (and the selection refuses it).
    if (entry.seq !== seq || !this.selection.update({ ...clause, table }, gen)) {
      // Other data came: its tables go now; else once the newer click's work is done.
      if (this.selection.generation !== gen || this.current !== ds) await dropTable(ds.engine, table);
      else this.dropLater(ds.engine, [table]);
      return;
    }
    entry.tables.push(table);
    // Queries started just before may still read the previous table: keep it. Older ones are dropped once
    // the engine is quiet, so the DROP does not queue in the engine ahead of the clients' queries for this click.
    if (entry.tables.length > 2) this.dropLater(ds.engine, entry.tables.splice(0, entry.tables.length - 2));
  }

  // --- Dropping clause tables given up --------------------------------------------------------

  /** `work` counts as this source's engine work until it settles (no clause table is dropped meanwhile). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.busy++;
    const done = () => {
      this.busy--;
      this.scheduleDrops();
    };
    work.then(done, done);
    return work;
  }

  /** Drop `tables` once no click, draw or look-ahead of this source runs (`IDLE_DROP_MS` of quiet). */
  private dropLater(engine: Engine | undefined, tables: readonly string[]): void {
    if (!engine || !tables.length) return;
    for (const table of tables) this.waitingDrops.push({ engine, table });
    this.scheduleDrops();
  }

  private scheduleDrops(): void {
    if (this.busy > 0 || !this.waitingDrops.length) return;
    if (this.dropTimer !== undefined) clearTimeout(this.dropTimer);
    this.dropTimer = setTimeout(
      () => {
        this.dropTimer = undefined;
        if (this.busy === 0) void this.dropNow();
      },
      this.waitingDrops.length > MAX_WAITING_DROPS ? 0 : IDLE_DROP_MS,
    );
  }

  /** Drop the waiting clause tables now, one statement per engine; resolves once every drop sent so far is done. */
  private dropNow(): Promise<void> {
    if (this.dropTimer !== undefined) clearTimeout(this.dropTimer);
    this.dropTimer = undefined;
    const batch = this.waitingDrops.splice(0);
    if (!batch.length) return this.dropping;
    const engines = new Map<Engine, string[]>();
    for (const { engine, table } of batch) engines.set(engine, [...(engines.get(engine) ?? []), table]);
    // One statement for all (an engine that refuses several in one call drops them one by one).
    const sent = [...engines].map(([engine, tables]) =>
      engine.exec(join(tables.map((t) => sql`DROP TABLE IF EXISTS ${ident(t)}`), '; ')).catch(() => Promise.all(tables.map((t) => dropTable(engine, t)))),
    );
    this.dropping = Promise.all([this.dropping, ...sent]).then(() => undefined);
    return this.dropping;
  }

  /**
   * Resolves once the clause tables given up so far have left the engine: those waiting for a quiet moment
   * are dropped now (a page about to measure the engine's memory, tests).
   */
  dropped(): Promise<void> {
    return this.dropNow();
  }
}
