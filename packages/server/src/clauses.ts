/**
 * Each selection clause worked out once per data set: the per-customer rows
 * it selects go into a table named like `<crm-source>`'s selection tables
 * (`<prefix>selection_<n>`), and every later query that carries the clause
 * filters by that table — a semi-join instead of re-ranking every customer
 * (a Pareto range) or re-assigning quadrants, and core's analyses read the
 * selected rows directly: the filter carries the tables as data (`Filter`).
 *
 * At most `max` tables a data set, holding together at most `maxRows`
 * per-customer rows (default: three times the customers): the pages' pointers
 * ask ahead for every group of a widget (each tier, each quadrant), so the
 * tables would otherwise hold the per-customer table many times over. The
 * least recently used are dropped a little later (a query may still be
 * reading them). A clause whose table cannot be built (an interrupted request)
 * is tried again next time.
 *
 * Not core's `DatasetCache`: a clause table is built on a connection of its
 * own (the request that asked first may be cancelled while others wait for
 * it), weighed by its rows, and dropped only after a delay.
 */
import { clausePredicate, ident, needsResolving, queryRows, resolveClause, selectionTablePredicate, sql, toFilter, type Clause, type Dataset, type Filter } from '@crmkit/core';
import type { NativeEngine } from './native-engine.js';
import { clauseKey } from './results.js';

interface Entry {
  table: string;
  ready: Promise<void>;
  used: number;
  /** Its per-customer rows, once built. */
  rows: number;
}

export class ClauseTables {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;
  private clock = 0;

  constructor(
    private readonly engine: NativeEngine,
    private readonly ds: Dataset,
    private readonly max = 64,
    private readonly dropDelayMs = 30_000,
    private readonly maxRows = 3 * Math.max(1, ds.customerCount),
  ) {}

  /** The clause as a filter carrying its table (core's analyses read it directly), building the table on first use. */
  async predicate(c: Clause): Promise<Filter> {
    const key = clauseKey(c);
    let e = this.entries.get(key);
    if (!e) {
      // Checked (and its SQL built) now, so a bad clause is refused before anything is created;
      // a value group (a fitted model's customers) is worked out when its table is built.
      const checked = needsResolving(c) ? undefined : clausePredicate(this.ds, c);
      const table = `${this.ds.id}selection_${++this.seq}`;
      const entry: Entry = { table, used: 0, rows: 0, ready: Promise.resolve() };
      // On a connection of its own: the request that asked first may be cancelled, the others still need it.
      const build = async () => {
        const where = checked ?? (await resolveClause(this.ds, c));
        await this.engine.exec(sql`CREATE TABLE ${ident(table)} AS SELECT * FROM ${ident(this.ds.facts)} WHERE ${where}`);
        entry.rows = Number((await queryRows<{ n: number }>(this.engine, sql`SELECT count(*) AS n FROM ${ident(table)}`))[0].n);
      };
      entry.ready = this.engine.withConnection(new AbortController().signal, build).then(
        () => this.evict(entry),
        (err: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw err;
        },
      );
      this.entries.set(key, entry);
      e = entry;
      this.evict(entry);
    }
    e.used = ++this.clock;
    await e.ready;
    return toFilter([{ predicate: selectionTablePredicate(e.table), table: e.table }]);
  }

  /** Tables built so far (diagnostics, tests). */
  get size(): number {
    return this.entries.size;
  }

  /** Per-customer rows the kept tables hold (diagnostics, tests). */
  get rows(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.rows;
    return n;
  }

  /** Drop the least recently used tables beyond `max` tables or `maxRows` rows; `keep` (just asked for) stays. */
  private evict(keep: Entry): void {
    const old = [...this.entries].filter(([, e]) => e !== keep).sort((a, b) => a[1].used - b[1].used);
    let count = this.entries.size;
    let rows = this.rows;
    for (const [key, e] of old) {
      if (count <= this.max && rows <= this.maxRows) break;
      this.entries.delete(key);
      count--;
      rows -= e.rows;
      setTimeout(() => void e.ready.then(() => this.engine.exec(sql`DROP TABLE IF EXISTS ${ident(e.table)}`)).catch(() => undefined), this.dropDelayMs).unref();
    }
  }
}
