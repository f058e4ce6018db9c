import { z } from 'zod';

// No Function() probe: pages with a strict Content-Security-Policy (no 'unsafe-eval') would log a violation.
z.config({ jitless: true });

/**
 * The canonical data model. Loaders map the user's columns onto these names,
 * parse them, and store them in DuckDB with these types.
 */

/** How a column is parsed from text. */
export type ColumnKind = 'id' | 'date' | 'timestamp' | 'number' | 'text';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  required: boolean;
  /** SQL type in the canonical table. */
  sqlType: 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'DOUBLE';
}

const col = (name: string, kind: ColumnKind, required = false): ColumnSpec => ({
  name,
  kind,
  required,
  sqlType: kind === 'date' ? 'DATE' : kind === 'timestamp' ? 'TIMESTAMP' : kind === 'number' ? 'DOUBLE' : 'VARCHAR',
});

export const TRANSACTION_COLUMNS = [
  col('customer_id', 'id', true),
  col('order_date', 'date', true),
  col('amount', 'number', true),
  col('order_id', 'id'),
  col('quantity', 'number'),
  col('unit_price', 'number'),
  col('product', 'text'),
  col('channel', 'text'),
  col('cost', 'number'),
] as const satisfies readonly ColumnSpec[];

export const CUSTOMER_COLUMNS = [
  col('customer_id', 'id', true),
  col('name', 'text'),
  col('email', 'text'),
  col('phone', 'text'),
  col('birthday', 'date'),
  col('address', 'text'),
  col('signup_date', 'date'),
  col('acquisition_channel', 'text'),
  col('acquisition_cost', 'number'),
  col('tags', 'text'),
] as const satisfies readonly ColumnSpec[];

/**
 * Events (visits, add-to-cart, …) for the conversion funnel. `visitor_id` is who did it: an anonymous
 * visitor's id or a customer id. `customer_id`, when a row has one, links that visitor to the customer
 * (an `identify` event, or an id-map column on any row): all of the visitor's events are the customer's.
 */
export const EVENT_COLUMNS = [
  col('visitor_id', 'id', true),
  col('customer_id', 'id'),
  col('event', 'text', true),
  col('timestamp', 'timestamp', true),
  col('channel', 'text'),
  col('campaign', 'text'),
  col('properties', 'text'),
] as const satisfies readonly ColumnSpec[];

/**
 * A precomputed per-customer table (docs/warehouse.sql's output, `FACT_COLUMNS`
 * of model.ts): what `<crm-source facts="…">` loads instead of transactions.
 */
export const FACT_TABLE_COLUMNS = [
  col('customer_id', 'id', true),
  col('orders', 'number', true),
  col('lines', 'number'),
  col('revenue', 'number', true),
  col('cost', 'number'),
  col('profit', 'number'),
  col('quantity', 'number'),
  col('first_order', 'date', true),
  col('last_order', 'date', true),
] as const satisfies readonly ColumnSpec[];

export type DataKind = 'transactions' | 'customers' | 'events' | 'facts';
export const COLUMNS: Record<DataKind, readonly ColumnSpec[]> = {
  transactions: TRANSACTION_COLUMNS,
  customers: CUSTOMER_COLUMNS,
  events: EVENT_COLUMNS,
  facts: FACT_TABLE_COLUMNS,
};

export type TransactionColumn = (typeof TRANSACTION_COLUMNS)[number]['name'];
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number]['name'];
export type EventColumn = (typeof EVENT_COLUMNS)[number]['name'];
export type CanonicalColumn = TransactionColumn | CustomerColumn | EventColumn;

const isoDate = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date (YYYY-MM-DD)')]);

/** One transaction as the canonical model describes it. */
export const Transaction = z.object({
  customer_id: z.string().min(1),
  order_date: isoDate,
  amount: z.number().finite(),
  order_id: z.string().optional(),
  quantity: z.number().finite().optional(),
  unit_price: z.number().finite().optional(),
  product: z.string().optional(),
  channel: z.string().optional(),
  cost: z.number().finite().optional(),
});
export type Transaction = z.infer<typeof Transaction>;

/** One customer profile. */
export const Customer = z.object({
  customer_id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  birthday: isoDate.optional(),
  address: z.string().optional(),
  signup_date: isoDate.optional(),
  acquisition_channel: z.string().optional(),
  acquisition_cost: z.number().finite().optional(),
  tags: z.string().optional(),
});
export type Customer = z.infer<typeof Customer>;

/** A header name as it may appear in a file: any non-empty text without NUL. */
export const HeaderName = z
  .string()
  .trim()
  .min(1, 'a column name cannot be empty')
  .max(256, 'a column name is at most 256 characters')
  .refine((s) => !s.includes('\u0000'), 'a column name cannot contain NUL');

/** Explicit mapping: canonical column → the user's header. */
export const ColumnMapping = z.record(z.string(), HeaderName);
export type ColumnMapping = Partial<Record<CanonicalColumn, string>>;

export const Format = z.enum(['auto', 'csv', 'parquet', 'json', 'arrow']);
export type Format = z.infer<typeof Format>;

/** Text encodings a CSV may arrive in (WHATWG names; Big5/GBK/GB18030 as exported by Chinese Excel). */
export const Encoding = z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'big5', 'gbk', 'gb18030', 'windows-1252', 'shift_jis']);
export type Encoding = z.infer<typeof Encoding>;
