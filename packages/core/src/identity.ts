/**
 * Identity across channels: customer records that are the same person, linked by a normalised
 * email, a normalised phone or an explicit id map, so analyses count one customer, not one per channel.
 *
 * Normalising (documented; tested in identity.test.ts):
 * - Both: Unicode NFKC first (full-width ＠, ０-９ and ＋ become @, 0-9 and +), then trimmed.
 * - Email: lower-cased. Valid when it is `local@domain.tld` with no spaces. Nothing else is changed
 *   (no removal of dots or `+tags`: two such addresses may be two people).
 * - Phone: spaces, dashes, dots, slashes and parentheses removed; `00` before a country code is `+`.
 *   `+886…` and `886…` (11–12 digits) are Taiwan, `+86…` and `86` + 11 digits mainland China. A
 *   number with no country code takes the region's (`phoneRegion`, default TW): Taiwan drops the
 *   leading trunk 0 (0912 345 678 → +886912345678, (02) 2345-6789 → +886223456789); mainland China
 *   reads 11 digits starting with 1 as a mobile (13800138000 → +8613800138000) and drops a leading
 *   0 of a landline. Valid when 8 to 15 digits follow the `+` (E.164).
 *
 * Linking (conservative: a link is made only when nothing on the records contradicts it):
 * 1. An explicit id map (`from` → `to`) always links.
 * 2. Records with the same valid normalised email link, unless both have a name and the names
 *    differ (NFKC, case and spaces ignored): that is a conflict, reported, not linked.
 * 3. Records with the same valid normalised phone link, unless both have an email and the emails
 *    differ, or both have a name and the names differ: a conflict (e.g. two people sharing a phone).
 * Within one email or phone, a record is checked against every record already linked by it (not only
 * the first), so a record without a name or email never bridges two different people.
 * Links are transitive (connected components). A merged customer's id is the smallest id of its
 * records (text order). Every link made is reported as a merge, every link refused as a conflict.
 */
import type { Engine } from './engine.js';
import { queryRows } from './engine.js';
import { ident, join, lit, sql } from './sql.js';

export type PhoneRegion = 'TW' | 'CN';

const nfkc = (s: string) => s.normalize('NFKC').trim();

/** A normalised email, or undefined when the text is not a usable address. */
export function normalizeEmail(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const e = nfkc(String(value)).toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(e) ? e : undefined;
}

/** A normalised phone (`+` and digits, E.164), or undefined when it is not a usable number. */
export function normalizePhone(value: string | null | undefined, region: PhoneRegion = 'TW'): string | undefined {
  if (value == null) return undefined;
  let p = nfkc(String(value)).replace(/[\s\-./()\u2010-\u2015]/g, '');
  if (p.startsWith('00')) p = '+' + p.slice(2);
  if (!/^\+?\d+$/.test(p)) return undefined;
  let digits: string;
  if (p.startsWith('+')) {
    digits = p.slice(1);
    // +886 0912…: a trunk 0 written after the country code.
    if (digits.startsWith('8860')) digits = '886' + digits.slice(4);
    else if (digits.startsWith('860')) digits = '86' + digits.slice(3);
  } else if (/^886[1-9]\d{7,8}$/.test(p)) digits = p;
  else if (/^861\d{10}$/.test(p)) digits = p;
  else if (region === 'CN') {
    if (/^1\d{10}$/.test(p)) digits = '86' + p;
    else if (/^0[1-9]\d{8,10}$/.test(p)) digits = '86' + p.slice(1);
    else return undefined;
  } else {
    if (/^0[1-9]\d{7,8}$/.test(p)) digits = '886' + p.slice(1);
    else return undefined;
  }
  return /^[1-9]\d{7,14}$/.test(digits) ? '+' + digits : undefined;
}

const normName = (s: string | null | undefined) => (s == null ? undefined : nfkc(String(s)).toLowerCase().replace(/\s+/g, '') || undefined);

export interface IdentityRecord {
  customer_id: string;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
}

export interface IdentityMerge {
  /** The two records linked. */
  ids: [string, string];
  by: 'map' | 'email' | 'phone';
  /** The normalised email or phone they share (absent for the id map). */
  key?: string;
}

export interface IdentityConflict {
  ids: [string, string];
  by: 'email' | 'phone';
  key: string;
  /** What contradicts the link. */
  reason: 'different-name' | 'different-email';
}

export interface IdentityResult {
  /** Every record's merged id (only records whose id changes). */
  mapping: Map<string, string>;
  merges: IdentityMerge[];
  conflicts: IdentityConflict[];
  /** Records, and customers after merging. */
  records: number;
  customers: number;
}

/** Link the records (see the rules above). Pure: the same input gives the same result. */
export function linkIdentities(records: readonly IdentityRecord[], opts: { idMap?: readonly { from: string; to: string }[]; phoneRegion?: PhoneRegion } = {}): IdentityResult {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(x) !== r) {
      const n = parent.get(x)!;
      parent.set(x, r);
      x = n;
    }
    return r;
  };
  const add = (x: string) => parent.has(x) || parent.set(x, x);
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return false;
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
    return true;
  };
  const sorted = [...records].sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0));
  for (const r of sorted) add(r.customer_id);
  const merges: IdentityMerge[] = [];
  const conflicts: IdentityConflict[] = [];
  for (const m of opts.idMap ?? []) {
    add(m.from);
    add(m.to);
    if (union(m.from, m.to)) merges.push({ ids: [m.from, m.to], by: 'map' });
  }
  const facts = sorted.map((r) => ({ id: r.customer_id, email: normalizeEmail(r.email), phone: normalizePhone(r.phone, opts.phoneRegion), name: normName(r.name) }));
  const pass = (by: 'email' | 'phone') => {
    const groups = new Map<string, typeof facts>();
    for (const f of facts) {
      const k = f[by];
      if (k === undefined) continue;
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(f);
    }
    for (const [key, group] of groups) {
      // A record joins the group's first record only when it contradicts none of the records already
      // joined (else a record with no name or email could bridge two different people).
      const joined = [group[0]];
      for (const other of group.slice(1)) {
        if (other.id === group[0].id) continue;
        let clash: { with: (typeof facts)[number]; reason: IdentityConflict['reason'] } | undefined;
        for (const j of joined) {
          if (by === 'phone' && j.email && other.email && j.email !== other.email) clash = { with: j, reason: 'different-email' };
          else if (j.name && other.name && j.name !== other.name) clash = { with: j, reason: 'different-name' };
          if (clash) break;
        }
        if (clash) conflicts.push({ ids: [clash.with.id, other.id], by, key, reason: clash.reason });
        else {
          joined.push(other);
          if (union(group[0].id, other.id)) merges.push({ ids: [group[0].id, other.id], by, key });
        }
      }
    }
  };
  pass('email');
  pass('phone');
  const mapping = new Map<string, string>();
  for (const id of parent.keys()) {
    const root = find(id);
    if (root !== id) mapping.set(id, root);
  }
  const customers = new Set([...parent.keys()].map(find)).size;
  return { mapping, merges, conflicts, records: parent.size, customers };
}

/**
 * Link the register's records (`customers` table: customer_id and any of email, phone, name) and
 * rewrite both tables to the merged ids: transactions' customer_id, and one register row per merged
 * customer (each field from the record whose id it keeps, else from the others in id order).
 */
export async function mergeIdentities(
  engine: Engine,
  tables: { transactions: string; customers: string; customerFields: readonly string[]; mappingTable: string },
  opts: { idMap?: readonly { from: string; to: string }[]; phoneRegion?: PhoneRegion } = {},
): Promise<IdentityResult> {
  const has = (f: string) => tables.customerFields.includes(f);
  const cols = ['customer_id', ...['email', 'phone', 'name'].filter(has)];
  const records = await queryRows<IdentityRecord>(engine, sql`SELECT ${join(cols.map((c) => sql`CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`))} FROM ${ident(tables.customers)}`);
  const result = linkIdentities(records, opts);
  if (!result.mapping.size) return result;
  const pairs = [...result.mapping];
  await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(tables.mappingTable)} (customer_id VARCHAR, merged_id VARCHAR)`);
  for (let i = 0; i < pairs.length; i += 500) {
    const rows = pairs.slice(i, i + 500).map(([from, to]) => sql`(${lit(from)}, ${lit(to)})`);
    await engine.exec(sql`INSERT INTO ${ident(tables.mappingTable)} VALUES ${join(rows)}`);
  }
  const m = ident(tables.mappingTable);
  await engine.exec(sql`UPDATE ${ident(tables.transactions)} AS t SET customer_id = m.merged_id FROM ${m} AS m WHERE CAST(t.customer_id AS VARCHAR) = m.customer_id`);
  // One register row per merged customer.
  const fields = tables.customerFields.filter((f) => f !== 'customer_id');
  const merged = sql`coalesce(m.merged_id, CAST(c.customer_id AS VARCHAR))`;
  const pick = fields.map((f) => sql`min_by(c.${ident(f)}, (CAST(c.customer_id AS VARCHAR) <> ${merged})::INT::VARCHAR || CAST(c.customer_id AS VARCHAR)) FILTER (WHERE c.${ident(f)} IS NOT NULL) AS ${ident(f)}`);
  await engine.exec(
    sql`CREATE OR REPLACE TABLE ${ident(tables.customers)} AS SELECT ${join([sql`${merged} AS customer_id`, ...pick])} FROM ${ident(tables.customers)} AS c LEFT JOIN ${m} AS m ON CAST(c.customer_id AS VARCHAR) = m.customer_id GROUP BY ALL ORDER BY customer_id`,
  );
  return result;
}
