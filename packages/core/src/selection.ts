import type { ConditionDescriptor } from './conditions.js';
import { toFilter, type Filter } from './filter.js';
import type { SQL } from './sql.js';

/**
 * What a clause stands for, from the widget's analysis (Mosaic's clause
 * `meta`): read by whoever needs to know, never recovered from the SQL.
 */
export type ClauseKind =
  | 'tier'
  | 'rfm-segment'
  | 'stage'
  | 'rank-range'
  | 'quadrant'
  | 'tag'
  | 'segment'
  | 'channel'
  | 'funnel-step'
  | 'quality-check'
  | 'value-group'
  | 'condition'
  // Any other analysis' own kind.
  | (string & {});

/**
 * One widget's part of a cross-filter: a SQL predicate over the per-customer
 * table (`customer_id` in scope), with a label for the "clear filter" chip.
 */
export interface SelectionClause {
  /** Who made it: one clause per client; a new one replaces the old. */
  client: string;
  predicate: SQL;
  /** Human-readable, e.g. "Tier: diamond". */
  label: string;
  /** Widget-specific value (the tier name, the quadrant, the rank range). */
  value?: unknown;
  /**
   * What the clause stands for when other data is loaded.
   * - `condition` (the default): a rule over the per-customer table's columns, such as
   *   `revenue >= 100`, that means the same on any data: it is worked out again on the new data.
   * - `computed`: something worked out from the data loaded when it was made (a tier, a quadrant,
   *   a range of ranks, a lifecycle stage): it is taken out, and the page is told which.
   */
  basis?: 'condition' | 'computed';
  /**
   * The clause as data (`conditions.ts`): the widget, the options defining its
   * grouping and the picked key. A clause with one is a condition: on other data
   * its predicate is built again from it by the widget's analysis, and a saved
   * segment stores it.
   */
  condition?: ConditionDescriptor;
  /** What the clause stands for (a tier, a quadrant, a range of ranks, …): see `ClauseKind`. */
  kind?: ClauseKind;
  /**
   * The table its customers were worked out into (whole per-customer rows of
   * the data set it was worked out on), once the coordinator has made it.
   * Analyses then read this table instead of filtering by `predicate`.
   */
  table?: string;
}

/**
 * The shared selection of a source: clauses from several widgets combine with
 * AND. A widget's own clause is left out of its own filter (so it keeps
 * showing the whole picture with its choice highlighted).
 *
 * Clauses belong to one data generation: `renew()` (other data is coming)
 * takes every clause out and starts a new generation, and `update()` refuses
 * a clause worked out for any generation but the current one, so a result
 * computed on other data can never be in force.
 */
export class Selection {
  private clauses = new Map<string, SelectionClause>();
  private listeners = new Set<(s: Selection) => void>();
  private gen = 0;
  /** Increases on every change. */
  version = 0;

  /** The data generation the clauses in force were worked out on. */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.clauses.size;
  }
  list(): SelectionClause[] {
    return [...this.clauses.values()];
  }
  get(client: string): SelectionClause | undefined {
    return this.clauses.get(client);
  }
  /**
   * Put a clause in force, replacing its client's previous one. `generation` is
   * the data generation it was worked out on: a clause for another one is
   * refused (returns false) and changes nothing.
   */
  update(clause: SelectionClause, generation: number): boolean {
    if (generation !== this.gen) return false;
    this.clauses.set(clause.client, clause);
    this.changed();
    return true;
  }
  /**
   * Other data is coming (a load starts, or the data went away): a new
   * generation starts with no clause in force. Returns the clauses taken out.
   */
  renew(): SelectionClause[] {
    const old = this.list();
    this.gen++;
    this.clauses.clear();
    if (old.length) this.changed();
    return old;
  }
  remove(client: string): void {
    if (this.clauses.delete(client)) this.changed();
  }
  clear(): void {
    if (this.clauses.size === 0) return;
    this.clauses.clear();
    this.changed();
  }
  /**
   * AND of every clause except `exclude`'s (`TRUE` when none), as a `Filter`:
   * a clause worked out into a table filters by that table, and the filter
   * lists the tables when every clause has one.
   */
  predicate(exclude?: string): Filter {
    return toFilter([...this.clauses.values()].filter((c) => c.client !== exclude));
  }
  /** A key that changes exactly when `predicate(exclude)` changes. */
  key(exclude?: string): string {
    return this.predicate(exclude).text;
  }
  subscribe(fn: (s: Selection) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private changed() {
    this.version++;
    for (const fn of this.listeners) fn(this);
  }
}
