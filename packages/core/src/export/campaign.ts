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
      throw new CrmError('invalid-option', { value: String(c), option: 'columns', accepts: { kind: 'choice', allowed: [...CAMPAIGN_COLUMNS], many: true } });
    }
    if (PROFILE.has(k) && !(ds.customers && ds.customerFields.has(k))) continue;
    if (!out.includes(k as CampaignColumn)) out.push(k as CampaignColumn);
  }
  return out.length ? out : ['customer_id'];
}

/** Columns written as numbers (everything else is text). */
const NUMBER_COLUMNS = new Set<CampaignColumn>(['orders', 'revenue', 'profit', 'average_order', 'days_since_last']);
/** Money columns: doubles (the other number columns are integers). */
const DOUBLE_COLUMNS = new Set<CampaignColumn>(['revenue', 'profit', 'average_order']);
/** JavaScript's white space (what `trim` takes off), as an RE2 class. */
const JS_SPACE = String.raw`[\t\n\x{0B}\f\r \x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;

/** A text value as its CSV cell, as `cell` (csv.ts) writes it: the formula guard, then quotes when needed. */
function textCellSQL(e: SQL): SQL {
  const g = sql`(CASE WHEN regexp_matches(${e}, ${'^[=+\\-@\t\r]'}) THEN '''' || ${e} ELSE ${e} END)`;
  return sql`(CASE WHEN ${e} IS NULL THEN '' WHEN regexp_matches(${g}, ${'[",\r\n]'}) OR regexp_matches(${g}, ${`^${JS_SPACE}|${JS_SPACE}$`}) THEN '"' || replace(${g}, '"', '""') || '"' ELSE ${g} END)`;
}

/**
 * A money value as JavaScript's `String(number)` writes it: whole numbers without
 * a decimal point, others in DuckDB's shortest round-trip form (the same digits
 * below 1e15; the line is left NULL for larger values, and the export writes
 * the CSV in JavaScript then).
 */
function doubleCellSQL(e: SQL): SQL {
  return sql`(CASE WHEN ${e} IS NULL OR isnan(${e}) OR isinf(${e}) THEN '' WHEN ${e} = trunc(${e}) THEN CAST(CAST(${e} AS BIGINT) AS VARCHAR) ELSE CAST(${e} AS VARCHAR) END)`;
}

/** The export's rows as SQL; with `line`, also each row's CSV line (`__line`, ending in CRLF). */
export function campaignQuery(ds: Dataset, filter: SQL | undefined, columns: readonly CampaignColumn[], line = false): SQL {
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
  const cells = columns.map((c) => (DOUBLE_COLUMNS.has(c) ? doubleCellSQL(expr[c]) : NUMBER_COLUMNS.has(c) ? sql`coalesce(CAST(${expr[c]} AS VARCHAR), '')` : textCellSQL(expr[c])));
  const big = columns.filter((c) => DOUBLE_COLUMNS.has(c)).map((c) => sql`abs(${expr[c]}) >= 1e15`);
  const lineSQL = sql`CASE WHEN ${big.length ? join(big, ' OR ') : raw('FALSE')} THEN NULL ELSE concat(${join(cells, `, ',', `)}, chr(13), chr(10)) END AS __line`;
  return sql`SELECT ${join(columns.map((c) => sql`${expr[c]} AS ${ident(c)}`))}${line ? sql`, ${lineSQL}` : raw('')}
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

type ArrowTable = Awaited<ReturnType<Dataset['engine']['query']>>;
type ArrowColumn = NonNullable<ReturnType<ArrowTable['getChild']>>;

const UTF8 = new TextDecoder();

/**
 * A text column's values, each chunk decoded at once: one TextDecoder call over
 * the chunk's bytes, then the strings cut out at the offsets (byte offsets turned
 * into UTF-16 positions in one pass: a code point starts at every byte that is
 * not 10xxxxxx, and takes two units from a 4-byte sequence on). Undefined when
 * the column is not plain Utf8 (the generic reader is used then).
 */
function textValues(col: ArrowColumn): (string | null)[] | undefined {
  // An engine's table that is not Arrow's (the server's native engine answers rows): the generic reader.
  if (!Array.isArray((col as { data?: unknown }).data)) return undefined;
  const out: (string | null)[] = new Array(col.length);
  let k = 0;
  for (const d of col.data) {
    const offs = d.valueOffsets as unknown;
    const bytes = d.values as unknown;
    if (!(offs instanceof Int32Array) || !(bytes instanceof Uint8Array) || d.offset !== 0) return undefined;
    const n = d.length;
    const start = offs[0];
    const end = offs[n];
    const text = UTF8.decode(bytes.subarray(start, end));
    let pos: Int32Array | undefined;
    if (text.length !== end - start) {
      // Not all ASCII: the UTF-16 position of each byte offset.
      pos = new Int32Array(n + 1);
      let unit = 0;
      let b = start;
      for (let i = 0; i <= n; i++) {
        const to = offs[i];
        for (; b < to; b++) {
          const x = bytes[b];
          if ((x & 0xc0) !== 0x80) unit += x >= 0xf0 ? 2 : 1;
        }
        pos[i] = unit;
      }
      if (unit !== text.length) return undefined;
    }
    const valid = d.nullCount > 0 ? d.nullBitmap : undefined;
    for (let i = 0; i < n; i++) {
      if (valid && !((valid[i >> 3] >> (i & 7)) & 1)) out[k++] = null;
      else out[k++] = pos ? text.slice(pos[i], pos[i + 1]) : text.slice(offs[i] - start, offs[i + 1] - start);
    }
  }
  return out;
}

/** The lines of the `__line` column, one TextDecoder call per chunk; undefined when a line is NULL or the column is not plain Utf8. */
function lineText(col: ArrowColumn | null): string | undefined {
  if (!col || !Array.isArray((col as { data?: unknown }).data) || col.nullCount > 0) return undefined;
  let out = '';
  for (const d of col.data) {
    const offs = d.valueOffsets as unknown;
    const bytes = d.values as unknown;
    if (!(offs instanceof Int32Array) || !(bytes instanceof Uint8Array) || d.offset !== 0) return undefined;
    if (d.length) out += UTF8.decode(bytes.subarray(offs[0], offs[d.length]));
  }
  return out;
}

/** One result column as plain JS values (nulls kept): typed arrays and strings straight from Arrow, no per-cell lookup. */
function columnValues(table: ArrowTable, name: string): unknown[] {
  const col = table.getChild(name)!;
  const text = textValues(col);
  if (text) return text;
  const values = Array.from(col.toArray() as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  if (col.nullCount > 0) for (let i = 0; i < values.length; i++) if (!col.isValid(i)) values[i] = null;
  return values;
}

/**
 * The CSV cells of a text column. When no value needs the formula guard or
 * quotes (checked once over the whole column, values joined by NUL: a cell
 * start or end is then next to a NUL), the values are the cells; else each
 * goes through `cell`.
 */
function textCells(values: readonly unknown[]): string[] {
  if (values.every((v) => v === null || typeof v === 'string')) {
    const all = values.join('\0');
    if (!/[",\r\n]|(?:^|\0)[=+\-@\t\r\s]|\s(?:\0|$)/.test(all)) return values.map((v) => (v === null ? '' : (v as string)));
  }
  return values.map(cell);
}

const MASKS: Partial<Record<CampaignColumn, (v: string | null | undefined) => string | null>> = { name: maskName, email: maskEmail, phone: maskPhone };

/** Every selected customer with `columns`; PII masked when `maskPii`. */
export async function runCampaignExport(ds: Dataset, opts: { filter?: SQL; columns?: readonly string[]; maskPii?: boolean } = {}): Promise<CampaignExport> {
  const columns = campaignColumns(ds, opts.columns);
  // Unmasked, the CSV lines are written by the query; masks are JavaScript functions, so masked exports write them here.
  const masked = opts.maskPii === true && columns.some((c) => MASKS[c]);
  const table = await ds.engine.query(campaignQuery(ds, opts.filter, columns, !masked));
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
  const header = columns.map((c) => cell(c)).join(',') + '\r\n';
  const body = masked ? undefined : lineText(table.getChild('__line'));
  if (body !== undefined) return { columns, rows, csv: header + body };
  // The CSV from the columns: numbers written as they are, text through the formula guard (`cell`), a whole column at once.
  const cells = data.map((values) =>
    values.every((v) => v === null || typeof v === 'number') ? values.map((v) => (v === null || !Number.isFinite(v as number) ? '' : String(v))) : textCells(values),
  );
  const lines: string[] = new Array(n + 1);
  lines[0] = columns.map((c) => cell(c)).join(',');
  const m = columns.length;
  for (let i = 0; i < n; i++) {
    let line = cells[0][i];
    for (let j = 1; j < m; j++) line += ',' + cells[j][i];
    lines[i + 1] = line;
  }
  return { columns, rows, csv: lines.join('\r\n') + '\r\n' };
}
