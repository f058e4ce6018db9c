/**
 * Cross-filter results worked out ahead of the click (Mosaic's pre-aggregation
 * on pointer-enter, taken to whole results): what the coordinator needs to
 * answer a click on a tier, a segment, a stage or a quadrant without running
 * anything in the engine.
 *
 * - A filter's meaning is its clauses' predicates, not the tables they were
 *   worked out into (`clausesKey`). It says everything the customers depend
 *   on for the kinds of `MEMO_KINDS`: their predicates name cached assignment
 *   tables, fixed splits or clause tables, whose contents never change under
 *   one name on one data set. Any other kind (a condition, tags, a model's
 *   scores) leaves the filter without a key: its clients query as before.
 * - A client's result is kept by (its query key, the filter's key) for the
 *   data set in force (`ResultMemo`): the clients of `MEMO_ANALYSES` give a
 *   key (their analysis and query options). A second widget with the same
 *   options shares it; clearing a selection finds the unfiltered results.
 * - `candidateKeys`: the groups a drawn result offers to a click, as its
 *   widget's pick gets them; the coordinator works them out when the pointer
 *   enters the widget (`Coordinator.prefetch`): each group's customers once
 *   into a table kept for the load, then every other client's result under it.
 *   The click then finds the table and the results: the same statements as
 *   a click without them would run, run before.
 */
import type { ClauseKind, SelectionClause } from './selection.js';
import { QUADRANTS } from './metrics/profit-matrix.js';

/** Kinds whose predicate text says everything its customers depend on (on one data set). */
export const MEMO_KINDS: ReadonlySet<ClauseKind> = new Set<ClauseKind>(['tier', 'rfm-segment', 'stage', 'stage-change', 'quadrant', 'rank-range']);

/** Kinds with few groups: each group's clause table is kept for the load (a click on it again needs no table). */
export const GROUP_KINDS: ReadonlySet<ClauseKind> = new Set<ClauseKind>(['tier', 'rfm-segment', 'stage', 'stage-change', 'quadrant']);

/** Analyses whose result depends on the data set, their query options and the filter alone. */
export const MEMO_ANALYSES: ReadonlySet<string> = new Set(['segment-pyramid', 'lifecycle-funnel', 'pareto-curve', 'profit-matrix', 'kpis']);

/** Results kept per data set (the unfiltered ones and a few widgets' groups). */
export const MAX_MEMO_RESULTS = 160;

/** Clause tables of selections worked out ahead one at a time (a dragged range: `Coordinator.prefetchClause`) kept at once. */
export const MAX_AHEAD_TABLES = 2;

/** Clause tables of groups kept per data set. */
export const MAX_GROUP_TABLES = 48;

/**
 * Per-customer rows all kept group tables may hold together: a widget's group tables are made only while the
 * rows kept plus the whole per-customer table (its groups hold every customer at most once) stay under it.
 * At 1 M transactions (182 k customers) and at 10 M (1.82 M) every group widget's groups fit (10 M: the
 * pyramid's, the funnel's and the matrix's, 5.5 M rows); the engine's memory decides as well
 * (`GROUP_MEMORY_SHARE`).
 */
export const MAX_GROUP_ROWS = 6_000_000;

/**
 * Share of the engine's memory limit that its memory in use plus one more widget's groups (customers ×
 * `GROUP_ROW_BYTES`) may reach: beyond it that widget's groups are not made ahead and its clicks take the
 * general path, so kept groups never crowd the engine's own work out of memory.
 */
export const GROUP_MEMORY_SHARE = 0.6;

/** Bytes a per-customer row takes in a group table in the engine (nine columns; an estimate on the high side). */
export const GROUP_ROW_BYTES = 100;

/** DuckDB's size text (`3.1 GiB`, `953.6 MiB`, `512.0 KB`, `0 bytes`) in bytes; undefined when it is not one. */
export function byteSize(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*(bytes?|[KMGTP]i?B)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2].toUpperCase();
  if (unit.startsWith('BYTE')) return Number(m[1]);
  const power = 'KMGTP'.indexOf(unit[0]) + 1;
  return Number(m[1]) * (unit[1] === 'I' ? 1024 : 1000) ** power;
}

/**
 * The meaning of the AND of `clauses`: their predicates' text, in any order;
 * undefined when one is of a kind whose text does not say everything (see `MEMO_KINDS`).
 */
export function clausesKey(clauses: readonly Pick<SelectionClause, 'predicate' | 'kind'>[]): string | undefined {
  if (clauses.some((c) => !c.kind || !MEMO_KINDS.has(c.kind))) return undefined;
  return clauses
    .map((c) => c.predicate.text)
    .sort()
    .join('\n) AND (\n');
}

/**
 * The keys a drawn result of analysis `name` offers to a click (its groups with
 * customers), as that widget passes them to the analysis's `pick`.
 */
export function candidateKeys(name: string, value: unknown): unknown[] {
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  if (name === 'segment-pyramid') {
    return ((v.rows as { key: string; customers: number }[] | undefined) ?? []).filter((r) => r.customers > 0).map((r) => r.key);
  }
  if (name === 'lifecycle-funnel') {
    const compare = !!v.compare;
    return ((v.stages as { stage: string; customers: number }[] | undefined) ?? []).filter((s) => s.customers > 0).map((s) => ({ key: s.stage, compare }));
  }
  if (name === 'profit-matrix') {
    if (!(Number(v.n) > 0)) return [];
    const splits = { xSplit: v.xSplit, ySplit: v.ySplit, profitSplit: v.profitSplit };
    const quads = (v.quadrants as { quadrant: string; n: number }[] | undefined) ?? [];
    return QUADRANTS.filter((q) => (quads.find((r) => r.quadrant === q)?.n ?? 0) > 0).map((quadrant) => ({ quadrant, splits }));
  }
  return [];
}

/**
 * Promises of results by key, for one data set at a time; the least recently
 * used go beyond `max`. A failed computation is not kept.
 */
export class ResultMemo {
  private ds?: object;
  private entries = new Map<string, Promise<unknown>>();

  constructor(private readonly max = MAX_MEMO_RESULTS) {}

  /** The kept result of `key` on `ds`, if any (marked as used). */
  peek<T>(ds: object, key: string): Promise<T> | undefined {
    if (ds !== this.ds) return undefined;
    const p = this.entries.get(key) as Promise<T> | undefined;
    if (p) {
      this.entries.delete(key);
      this.entries.set(key, p);
    }
    return p;
  }

  /** The kept result of `key` on `ds`, else `compute()` (kept). */
  get<T>(ds: object, key: string, compute: () => Promise<T>): Promise<T> {
    const had = this.peek<T>(ds, key);
    if (had) return had;
    if (ds !== this.ds) this.reset(ds);
    const p = compute();
    const entries = this.entries;
    entries.set(key, p);
    p.catch(() => entries.get(key) === p && entries.delete(key));
    while (entries.size > this.max) entries.delete(entries.keys().next().value!);
    return p;
  }

  /** Forget everything (other data came); `ds` is the data set kept from now on. */
  reset(ds?: object): void {
    this.ds = ds;
    this.entries = new Map();
  }

  get size(): number {
    return this.entries.size;
  }
}
