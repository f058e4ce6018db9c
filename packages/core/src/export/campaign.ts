/**
 * Campaign export: every customer of the current selection (not one page), one
 * row each, with the chosen columns, ready to hand to a mailing or CRM tool.
 *
 * - Rows: the per-customer table filtered by the selection (`filter`), sorted
 *   by customer_id.
 * - Numbers stay numbers, rounded in SQL: money to 2 decimals (revenue,
 *   profit, average_order), counts whole; dates as `YYYY-MM-DD` text.
 * - Profile columns (name, email, phone) come from the customer register when
 *   one is loaded; with `maskPii` they are masked (pii.ts's rules) before
 *   they leave core, names too.
 * - `tags`: the customer's tags (tags.ts, default options), `;`-separated,
 *   built-in keys and register tags as written.
 * - The CSV guards text cells against formula injection (`cell`, csv.ts); numbers are written as numbers.
 */
import type { Dataset } from '../model.js';
import { CrmError } from '../errors.js';
import { dateLit, ident, join, raw, sql, type SQL } from '../sql.js';
import { maskEmail, maskName, maskPhone } from '../pii.js';
import { selectedFacts } from '../metrics/customers-at.js';
import { tagAssignmentQuery } from '../metrics/tags.js';
import { cell } from './csv.js';

export const CAMPAIGN_COLUMNS = ['customer_id', 'name', 'email', 'phone', 'orders', 'revenue', 'profit', 'average_order', 'first_order', 'last_order', 'days_since_last', 'tags'] as const;
export type CampaignColumn = (typeof CAMPAIGN_COLUMNS)[number];
export const DEFAULT_CAMPAIGN_COLUMNS: CampaignColumn[] = ['customer_id', 'name', 'email', 'orders', 'revenue', 'last_order'];

const PROFILE = new Set(['name', 'email', 'phone']);

/** Check the chosen columns (an `invalid-option` error names the bad one); profile columns without a register are left out. */
export function campaignColumns(ds: Pick<Dataset, 'customers' | 'customerFields'>, columns: readonly string[] = DEFAULT_CAMPAIGN_COLUMNS): CampaignColumn[] {
  const out: CampaignColumn[] = [];
  for (const c of columns) {
    const k = String(c).trim().toLowerCase();
    if (!(CAMPAIGN_COLUMNS as readonly string[]).includes(k)) {
      throw new CrmError('invalid-option', `invalid columns: ${c} (expected some of ${CAMPAIGN_COLUMNS.join(', ')})`, { value: String(c), option: 'columns', accepts: { kind: 'choice', allowed: [...CAMPAIGN_COLUMNS] } });
    }
    if (PROFILE.has(k) && !(ds.customers && ds.customerFields.has(k))) continue;
    if (!out.includes(k as CampaignColumn)) out.push(k as CampaignColumn);
  }
  return out.length ? out : ['customer_id'];
}

/** The export's rows as SQL. */
export function campaignQuery(ds: Dataset, filter: SQL | undefined, columns: readonly CampaignColumn[]): SQL {
  const D = dateLit(ds.asOf);
  const expr: Record<CampaignColumn, SQL> = {
    customer_id: sql`f.customer_id`,
    name: sql`p.name`,
    email: sql`p.email`,
    phone: sql`p.phone`,
    orders: sql`CAST(f.orders AS INTEGER)`,
    revenue: sql`round(f.revenue, 2)`,
    profit: sql`round(f.profit, 2)`,
    average_order: sql`round(CASE WHEN f.orders > 0 THEN f.revenue / f.orders END, 2)`,
    first_order: sql`strftime(f.first_order, '%Y-%m-%d')`,
    last_order: sql`strftime(f.last_order, '%Y-%m-%d')`,
    days_since_last: sql`CAST(date_diff('day', f.last_order, ${D}) AS INTEGER)`,
    tags: sql`t.tags`,
  };
  const profile = columns.some((c) => PROFILE.has(c)) && ds.customers;
  const tags = columns.includes('tags');
  return sql`SELECT ${join(columns.map((c) => sql`${expr[c]} AS ${ident(c)}`))}
    FROM (${selectedFacts(ds, filter)}) AS f
    ${profile ? sql`LEFT JOIN ${ident(ds.customers!)} AS p ON p.customer_id = f.customer_id` : raw('')}
    ${tags ? sql`LEFT JOIN (SELECT customer_id, string_agg(replace(tag, 'register:', ''), ';' ORDER BY tag) AS tags FROM (${tagAssignmentQuery(ds)}) AS a GROUP BY customer_id) AS t ON t.customer_id = f.customer_id` : raw('')}
    ORDER BY f.customer_id`;
}

export interface CampaignExport {
  columns: CampaignColumn[];
  rows: Record<string, unknown>[];
  /** The rows as CSV text (formula-safe). */
  csv: string;
}

/** One result column as plain JS values (nulls kept): typed arrays and strings straight from Arrow, no per-cell lookup. */
function columnValues(table: Awaited<ReturnType<Dataset['engine']['query']>>, name: string): unknown[] {
  const col = table.getChild(name)!;
  const values = Array.from(col.toArray() as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  if (col.nullCount > 0) for (let i = 0; i < values.length; i++) if (!col.isValid(i)) values[i] = null;
  return values;
}

const MASKS: Partial<Record<CampaignColumn, (v: string | null | undefined) => string | null>> = { name: maskName, email: maskEmail, phone: maskPhone };

/** Every selected customer with `columns`; PII masked when `maskPii`. */
export async function runCampaignExport(ds: Dataset, opts: { filter?: SQL; columns?: readonly string[]; maskPii?: boolean } = {}): Promise<CampaignExport> {
  const columns = campaignColumns(ds, opts.columns);
  const table = await ds.engine.query(campaignQuery(ds, opts.filter, columns));
  // Column by column: 182 k customers × a dozen columns is too many cells for a generic row reader.
  const data = columns.map((c) => {
    const values = columnValues(table, c);
    const mask = opts.maskPii ? MASKS[c] : undefined;
    return mask ? values.map((v) => mask(v as string | null)) : values;
  });
  const n = table.numRows;
  const rows: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = {};
    for (let j = 0; j < columns.length; j++) r[columns[j]] = data[j][i];
    rows[i] = r;
  }
  // The CSV from the columns: numbers written as they are, text through the formula guard (`cell`).
  const lines: string[] = new Array(n + 1);
  lines[0] = columns.map((c) => cell(c)).join(',');
  const writers = data.map((values) => (values.every((v) => v === null || typeof v === 'number') ? (v: unknown) => (v === null || !Number.isFinite(v as number) ? '' : String(v)) : cell));
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let j = 0; j < columns.length; j++) line += (j ? ',' : '') + writers[j](data[j][i]);
    lines[i + 1] = line;
  }
  return { columns, rows, csv: lines.join('\r\n') + '\r\n' };
}
