import { and, type SQL } from './sql.js';

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
}

/**
 * The shared selection of a source: clauses from several widgets combine with
 * AND. A widget's own clause is left out of its own filter (so it keeps
 * showing the whole picture with its choice highlighted).
 */
export class Selection {
  private clauses = new Map<string, SelectionClause>();
  private listeners = new Set<(s: Selection) => void>();
  /** Increases on every change. */
  version = 0;

  get size(): number {
    return this.clauses.size;
  }
  list(): SelectionClause[] {
    return [...this.clauses.values()];
  }
  get(client: string): SelectionClause | undefined {
    return this.clauses.get(client);
  }
  update(clause: SelectionClause): void {
    this.clauses.set(clause.client, clause);
    this.changed();
  }
  remove(client: string): void {
    if (this.clauses.delete(client)) this.changed();
  }
  clear(): void {
    if (this.clauses.size === 0) return;
    this.clauses.clear();
    this.changed();
  }
  /** AND of every clause except `exclude`'s; `TRUE` when none. */
  predicate(exclude?: string): SQL {
    return and(...[...this.clauses.values()].filter((c) => c.client !== exclude).map((c) => c.predicate));
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
