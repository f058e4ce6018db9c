/**
 * The filter an analysis gets: the other widgets' selection as a predicate
 * over the per-customer table, and as data what any fast path needs.
 *
 * A `Filter` is an `SQL` fragment (so every metric that takes a predicate
 * takes it unchanged) with one more field: `tables`, the tables of
 * per-customer rows the selection's clauses were worked out into, when every
 * clause has one (its predicate is then the AND of `customer_id IN (SELECT
 * customer_id FROM <table>)`). Analyses read those tables instead of
 * filtering the whole per-customer table; nothing reads the SQL text to
 * learn this.
 */
import { and, ident, sql, SQL } from './sql.js';

export class Filter extends SQL {
  /**
   * The clause tables this filter is the AND of (each holds the whole
   * per-customer rows of its clause), or undefined when any clause is not
   * materialised. Never empty: no clause is `TRUE` with no tables.
   */
  readonly tables?: readonly string[];
  /** True when the filter selects every customer (no clause). */
  readonly empty: boolean;
  /**
   * On a server's data set: the clauses (remote/protocol.ts `Clause`, as data)
   * this filter stands for, when every part of it is one; sent with each request.
   */
  readonly remote?: readonly object[];

  constructor(text: string, tables?: readonly string[], empty = false, remote?: readonly object[]) {
    super(text);
    this.tables = tables && tables.length ? [...tables] : undefined;
    this.empty = empty;
    this.remote = remote && remote.length ? [...remote] : undefined;
  }
}

/** The server clauses of each of `preds` when every one carries them, else undefined. */
function remoteOf(preds: readonly SQL[]): object[] | undefined {
  return preds.every((p) => p instanceof Filter && p.remote) ? preds.flatMap((p) => [...(p as Filter).remote!]) : undefined;
}

/** A filter clause: its predicate over the per-customer table, and its table once worked out. */
export interface FilterPart {
  predicate: SQL;
  table?: string;
}

/** The predicate over the per-customer table of a clause table: its customers. */
export function selectionTablePredicate(table: string): SQL {
  return sql`customer_id IN (SELECT customer_id FROM ${ident(table)})`;
}

/**
 * The AND of `parts` as a filter. A part with a table contributes the cheap
 * semi-join on its table; the filter's `tables` are set only when every part
 * has one.
 */
export function toFilter(parts: readonly FilterPart[]): Filter {
  if (parts.length === 0) return new Filter('TRUE', undefined, true);
  const text = and(...parts.map((p) => (p.table ? selectionTablePredicate(p.table) : p.predicate))).text;
  const tables = parts.every((p) => p.table) ? parts.map((p) => p.table!) : undefined;
  return new Filter(text, tables, false, remoteOf(parts.map((p) => p.predicate)));
}

/** No filter at all: undefined, an empty `Filter`, or the literal `TRUE`. */
export function isNoFilter(filter: SQL | undefined): boolean {
  if (!filter) return true;
  if (filter instanceof Filter) return filter.empty;
  // A plain predicate handed in by a caller: TRUE (what `and()` of nothing gives) means every customer.
  const t = filter.text.trim();
  return t === '' || t.toUpperCase() === 'TRUE';
}

/** The clause tables `filter` carries as data (see `Filter.tables`), else undefined. */
export function filterTables(filter: SQL | undefined): readonly string[] | undefined {
  return filter instanceof Filter ? filter.tables : undefined;
}

/**
 * The AND of several filters or predicates: a `Filter` whose `tables` are all
 * of theirs when every one carries tables (a plain predicate carries none).
 */
export function andFilters(...filters: SQL[]): Filter {
  const parts = filters.filter((f) => !(f instanceof Filter && f.empty));
  if (parts.length === 0) return toFilter([]);
  const text = and(...parts).text;
  const tables = parts.every((f) => filterTables(f)) ? parts.flatMap((f) => [...filterTables(f)!]) : undefined;
  return new Filter(text, tables, false, remoteOf(parts));
}
