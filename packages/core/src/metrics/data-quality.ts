/**
 * Data quality ("garbage in, garbage out"): how complete and correct the customer register and the
 * transactions are, before an analysis is trusted.
 *
 * Definitions (N = register rows, T = transaction rows, as loaded)
 * - completeness:<field> — register rows with the field empty, of N (every register field but the id).
 * - invalid-email / invalid-phone — register rows whose email / phone is present but not usable after
 *   normalising (identity.ts: NFKC, E.164 for Taiwan and mainland China), of the rows that have one.
 * - impossible-birthday — a birthday after `today` or more than 120 years before it, of the rows that
 *   have one.
 * - future-order — transactions dated after `today` (default: the date the report runs), of T.
 * - duplicate-rows — transactions equal in every loaded column to an earlier one, of T (the loader's
 *   `duplicates`); `across-files` — rows two files share (crm-load's overlaps), reported beside it.
 * - orphan-transactions — transactions whose customer is not in the register, of T (register loaded only).
 * - no-purchase — register customers without a transaction, of N.
 * - outlier-shop — transactions whose amount is more than 10 × the median positive amount of all
 *   transactions; outlier-customer — more than 5 × the median amount of the customer's own
 *   transactions, for customers with at least 3; both of T.
 * - channels — per channel: transactions, customers, and those customers found in the register.
 * - score — 100 × the mean, over the checks that apply (a denominator above 0), of 1 − offending / checked.
 *
 * Each check's customers (transactions' customer_id, or the register's for register checks) can be
 * selected in the other widgets through `dataQualityPredicate`; register customers without a purchase
 * have no row in the per-customer table, so that line cannot be shown in the customer list.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { dateLit, ident, join, lit, sql, type SQL } from '../sql.js';
import { normalizeEmail, normalizePhone, type PhoneRegion } from '../identity.js';
import { CrmError } from '../errors.js';
import { dateOption } from '../options.js';

/** The regions whose phone numbers the checks know. */
export const PHONE_REGIONS = ['TW', 'CN'] as const satisfies readonly PhoneRegion[];

/** `phone-region`: TW or CN in any case, or `undefined` when empty; else `invalid-option` with the regions it accepts. */
export function phoneRegionOption(value: unknown): PhoneRegion | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const v = String(value).trim().toUpperCase();
  if ((PHONE_REGIONS as readonly string[]).includes(v)) return v as PhoneRegion;
  throw new CrmError('invalid-option', { option: 'phone-region', value: String(value), accepts: { kind: 'choice', allowed: [...PHONE_REGIONS] } });
}

export interface QualityLine {
  key: string;
  /** Rows (or register rows) that fail the check. */
  count: number;
  /** Rows checked. */
  of: number;
  /** Distinct customers concerned (those the drill-down selects). */
  customers: number;
  /** Whether the line's customers can be selected in the other widgets. */
  drill: boolean;
}

export interface ChannelCoverage {
  channel: string;
  rows: number;
  customers: number;
  /** Of those customers, found in the register. */
  inRegister: number;
}

export interface DataQuality {
  lines: QualityLine[];
  channels: ChannelCoverage[];
  /** 0–100, see the definition above. */
  score: number;
  register: number;
  transactions: number;
}

export interface DataQualityOptions {
  /** Future orders are those after this date (YYYY-MM-DD; default today). */
  today?: string;
  phoneRegion?: PhoneRegion;
  /** crm-load's duplicates and shared rows across files, when known. */
  duplicates?: number;
  acrossFiles?: number;
  /** Table to hold each check's customer ids (for the drill-down). */
  idsTable: string;
}

const n = (v: unknown) => Number(v ?? 0);

/** The predicate over the per-customer table that selects a check's customers. */
export function dataQualityPredicate(idsTable: string, key: string): SQL {
  return sql`customer_id IN (SELECT customer_id FROM ${ident(idsTable)} WHERE check_key = ${lit(key)})`;
}

/** Work the report out (one pass of SQL per check; register text checks in JS, with the identity rules). */
export async function runDataQuality(ds: Dataset, opts: DataQualityOptions): Promise<DataQuality> {
  const e = ds.engine;
  const tx = ident(ds.transactions);
  const today = dateOption(opts.today, 'today') ?? new Date().toISOString().slice(0, 10);
  const region = phoneRegionOption(opts.phoneRegion);
  const ids = ident(opts.idsTable);
  await e.exec(sql`CREATE OR REPLACE TABLE ${ids} (check_key VARCHAR, customer_id VARCHAR)`);
  const lines: QualityLine[] = [];
  const T = n((await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM ${tx}`))[0].n);
  /** A check over the transactions: `bad` a condition on a row (alias t). */
  const txCheck = async (key: string, bad: SQL, from: SQL = sql`${tx} AS t`) => {
    await e.exec(sql`INSERT INTO ${ids} SELECT DISTINCT ${lit(key)}, CAST(t.customer_id AS VARCHAR) FROM ${from} WHERE ${bad}`);
    const r = (await queryRows<{ c: number; k: number }>(e, sql`SELECT count(*) AS c, count(DISTINCT t.customer_id) AS k FROM ${from} WHERE ${bad}`))[0];
    lines.push({ key, count: n(r.c), of: T, customers: n(r.k), drill: true });
  };
  let N = 0;
  const cf = ds.customerFields;
  if (ds.customers) {
    const cu = ident(ds.customers);
    N = n((await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM ${cu}`))[0].n);
    for (const f of [...cf].filter((f) => f !== 'customer_id')) {
      const key = `completeness:${f}`;
      const bad = sql`${ident(f)} IS NULL OR trim(CAST(${ident(f)} AS VARCHAR)) = ''`;
      await e.exec(sql`INSERT INTO ${ids} SELECT ${lit(key)}, CAST(customer_id AS VARCHAR) FROM ${cu} WHERE ${bad}`);
      const c = n((await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM ${cu} WHERE ${bad}`))[0].n);
      lines.push({ key, count: c, of: N, customers: c, drill: true });
    }
    // Emails and phones: the identity rules, in JS.
    for (const [f, ok] of [
      ['email', (v: string) => normalizeEmail(v) !== undefined],
      ['phone', (v: string) => normalizePhone(v, region) !== undefined],
    ] as const) {
      if (!cf.has(f)) continue;
      const rows = await queryRows<{ id: string; v: string }>(e, sql`SELECT CAST(customer_id AS VARCHAR) AS id, CAST(${ident(f)} AS VARCHAR) AS v FROM ${cu} WHERE nullif(trim(CAST(${ident(f)} AS VARCHAR)), '') IS NOT NULL`);
      const badIds = rows.filter((r) => !ok(r.v)).map((r) => r.id);
      const key = `invalid-${f}`;
      for (let i = 0; i < badIds.length; i += 500) await e.exec(sql`INSERT INTO ${ids} VALUES ${join(badIds.slice(i, i + 500).map((id) => sql`(${lit(key)}, ${lit(id)})`))}`);
      lines.push({ key, count: badIds.length, of: rows.length, customers: badIds.length, drill: true });
    }
    if (cf.has('birthday')) {
      const day = dateLit(today);
      const bad = sql`birthday > ${day} OR birthday < ${day} - INTERVAL 120 YEAR`;
      await e.exec(sql`INSERT INTO ${ids} SELECT 'impossible-birthday', CAST(customer_id AS VARCHAR) FROM ${cu} WHERE ${bad}`);
      const r = (await queryRows<{ c: number; of: number }>(e, sql`SELECT count(*) FILTER (WHERE ${bad}) AS c, count(birthday) AS of FROM ${cu}`))[0];
      lines.push({ key: 'impossible-birthday', count: n(r.c), of: n(r.of), customers: n(r.c), drill: true });
    }
  }
  await txCheck('future-order', sql`t.order_date > ${dateLit(today)}`);
  // Rows equal in every loaded column to an earlier row.
  const cols = join([...ds.fields].map((f) => ident(f)));
  await e.exec(sql`INSERT INTO ${ids} SELECT DISTINCT 'duplicate-rows', CAST(customer_id AS VARCHAR) FROM (SELECT customer_id, count(*) AS c FROM ${tx} GROUP BY ${cols}) WHERE c > 1`);
  const dup = (await queryRows<{ c: number; k: number }>(e, sql`SELECT coalesce(sum(c - 1), 0) AS c, count(DISTINCT customer_id) AS k FROM (SELECT customer_id, count(*) AS c FROM ${tx} GROUP BY ${cols}) WHERE c > 1`))[0];
  lines.push({ key: 'duplicate-rows', count: opts.duplicates ?? n(dup.c), of: T, customers: n(dup.k), drill: true });
  if (opts.acrossFiles !== undefined) lines.push({ key: 'across-files', count: opts.acrossFiles, of: T, customers: 0, drill: false });
  if (ds.customers) {
    const cu = ident(ds.customers);
    await txCheck('orphan-transactions', sql`t.customer_id NOT IN (SELECT customer_id FROM ${cu})`);
    const np = n((await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM ${cu} WHERE customer_id NOT IN (SELECT customer_id FROM ${tx})`))[0].n);
    lines.push({ key: 'no-purchase', count: np, of: N, customers: np, drill: false });
  }
  const median = n((await queryRows<{ m: number }>(e, sql`SELECT median(amount) AS m FROM ${tx} WHERE amount > 0`))[0]?.m);
  await txCheck('outlier-shop', sql`t.amount > ${lit(10 * median)}`);
  await txCheck(
    'outlier-customer',
    sql`t.amount > 5 * m.med`,
    sql`${tx} AS t JOIN (SELECT customer_id, median(amount) AS med FROM ${tx} GROUP BY customer_id HAVING count(*) >= 3) AS m USING (customer_id)`,
  );
  const channels = ds.fields.has('channel')
    ? (
        await queryRows<{ channel: string; rows: number; customers: number; inRegister: number }>(
          e,
          sql`SELECT coalesce(channel, '') AS channel, count(*) AS rows, count(DISTINCT customer_id) AS customers, ${
            ds.customers ? sql`count(DISTINCT customer_id) FILTER (WHERE customer_id IN (SELECT customer_id FROM ${ident(ds.customers)}))` : sql`0`
          } AS "inRegister" FROM ${tx} GROUP BY 1 ORDER BY 1`,
        )
      ).map((c) => ({ channel: c.channel, rows: n(c.rows), customers: n(c.customers), inRegister: n(c.inRegister) }))
    : [];
  const scored = lines.filter((l) => l.of > 0 && l.key !== 'across-files');
  const score = scored.length ? (100 * scored.reduce((s, l) => s + (1 - l.count / l.of), 0)) / scored.length : 100;
  return { lines, channels, score, register: N, transactions: T };
}
