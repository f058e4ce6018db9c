import type { Dataset } from '../model.js';
import { toRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { maskRow } from '../pii.js';
import { choice, numberOption } from '../options.js';
import { and, ident, join, keyword, raw, sql, type SQL } from '../sql.js';
import { isNoFilter } from '../filter.js';
import { selectedBy } from './customers-at.js';

/**
 * The customer list: customers of the current selection, sorted and paged in
 * SQL, searchable by id, name, email or phone (id and name only with PII masked), with per-customer labels
 * (tier, lifecycle stage…) joined from the analyses that assign them.
 */
export const LIST_SORTS = ['revenue', 'profit', 'last_order', 'first_order', 'orders', 'customer_id'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** A per-customer label from another analysis: a query yielding `customer_id` and `column`. */
export interface LabelSource {
  column: string;
  query: SQL;
}

export interface CustomerListOptions {
  sort?: ListSort;
  dir?: 'asc' | 'desc';
  /** Text to find in id, name, email or phone (case-insensitive, literal). */
  search?: string;
  page?: number;
  pageSize?: number;
  labels?: LabelSource[];
  maskPii?: boolean;
  /**
   * Cost to serve when the data has no cost column, as the profit matrix estimates it: profit =
   * revenue − (costPerOrder × orders + costPerUnit × quantity). A cost column, when present, wins.
   */
  costPerOrder?: number | string;
  costPerUnit?: number | string;
}

export interface CustomerRow {
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  orders: number;
  revenue: number;
  profit: number | null;
  first_order: number;
  last_order: number;
  [label: string]: unknown;
}

export interface CustomerPage {
  rows: CustomerRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/** `%`, `_` and `\` in the search text are matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const LABEL_NAME = /^[a-z][a-z0-9_]{0,30}$/;

export function customerListQuery(ds: Dataset, opts: CustomerListOptions = {}, filter: SQL = raw('TRUE')): { page: SQL; count: SQL; settings: Required<Pick<CustomerListOptions, 'page' | 'pageSize'>> } {
  const sort = choice(opts.sort || 'revenue', 'sort', LIST_SORTS);
  const dir = choice(opts.dir || (sort === 'customer_id' ? 'asc' : 'desc'), 'dir', ['asc', 'desc'] as const);
  const pageSize = numberOption(opts.pageSize, 'page-size', { min: 1, max: 500, integer: true }) ?? 25;
  const page = numberOption(opts.page, 'page', { min: 1, integer: true }) ?? 1;
  const search = (opts.search ?? '').trim();
  if (search.length > 200) throw new CrmError('invalid-option', { option: 'search', value: search.slice(0, 80), accepts: { kind: 'text', max: 200 } });
  // Profit: the per-customer table's (from the cost column), else the matrix's estimate when one is given.
  const perOrder = ds.fields.has('cost') ? undefined : numberOption(opts.costPerOrder, 'cost-per-order', { min: 0 });
  const perUnit = ds.fields.has('cost') ? undefined : numberOption(opts.costPerUnit, 'cost-per-unit', { min: 0 });
  const profit =
    perOrder === undefined && perUnit === undefined
      ? sql`f.profit`
      : sql`(f.revenue - (${perOrder ?? 0} * f.orders${ds.fields.has('quantity') ? sql` + ${perUnit ?? 0} * coalesce(f.quantity, 0)` : raw('')}))`;
  const prof = !!ds.customers;
  const pf = (c: string) => (prof && ds.customerFields.has(c) ? sql`p.${ident(c)}` : sql`CAST(NULL AS VARCHAR)`);
  const labels = opts.labels ?? [];
  for (const l of labels) if (!LABEL_NAME.test(l.column) || LIST_SORTS.includes(l.column as ListSort)) throw new CrmError('invalid-option', { option: 'labels', value: l.column, accepts: { kind: 'column-name' } });
  const labelCols = labels.map((l, i) => sql`l${raw(String(i))}.${ident(l.column)} AS ${ident(l.column)}`);
  const labelJoins = labels.map((l, i) => sql`LEFT JOIN (${l.query}) l${raw(String(i))} ON l${raw(String(i))}.customer_id = f.customer_id`);
  // The selection is a predicate over the per-customer table alone: evaluated there (or its clause tables read,
  // see `selectedBy`), so names it uses cannot clash with the profile's or the labels' columns.
  const where = and(
    isNoFilter(filter) ? undefined : selectedBy(ds, filter, raw('f.customer_id')),
    // With PII masked, email and phone are not searched either: a match would confirm a hidden value.
    search
      ? sql`(${join(
          [sql`f.customer_id`, pf('name'), ...(opts.maskPii ? [] : [pf('email'), pf('phone')])].map((c) => sql`${c} ILIKE ${likePattern(search)} ESCAPE '\'`),
          ' OR ',
        )})`
      : undefined,
  );
  const profileJoin = prof ? sql`LEFT JOIN ${ident(ds.customers!)} p ON p.customer_id = f.customer_id` : raw('');
  const cols = join([
    sql`f.customer_id`,
    sql`${pf('name')} AS name`,
    sql`${pf('email')} AS email`,
    sql`${pf('phone')} AS phone`,
    sql`f.orders`,
    sql`f.revenue`,
    sql`${profit} AS profit`,
    sql`f.first_order`,
    sql`f.last_order`,
    ...labelCols,
  ]);
  const order = sql`${sort === 'profit' ? profit : sql`f.${ident(sort)}`} ${raw(dir.toUpperCase())} NULLS LAST, f.customer_id ASC`;
  return {
    page: sql`SELECT ${cols} FROM ${ident(ds.facts)} f ${profileJoin} ${join(labelJoins, ' ')} WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    count: sql`SELECT count(*) AS n FROM ${ident(ds.facts)} f ${profileJoin} WHERE ${where}`,
    settings: { page, pageSize },
  };
}

export async function runCustomerList(ds: Dataset, opts: CustomerListOptions = {}, filter?: SQL): Promise<CustomerPage> {
  const q = customerListQuery(ds, opts, filter);
  const [rows, count] = await Promise.all([ds.engine.query(q.page), ds.engine.query(q.count)]);
  const total = Number(toRows<{ n: number }>(count)[0].n);
  let list = toRows<CustomerRow>(rows);
  if (opts.maskPii) list = list.map((r) => maskRow(r, { names: false }));
  return { rows: list, total, page: q.settings.page, pageSize: q.settings.pageSize, pages: Math.max(1, Math.ceil(total / q.settings.pageSize)) };
}
