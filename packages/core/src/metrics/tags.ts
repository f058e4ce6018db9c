/**
 * Tags: names that describe a customer's behaviour, from three places, as one
 * long table `(customer_id, tag, kind)`: built-in behavioural tags worked out
 * in SQL, the customer register's `tags` column, and user-defined rules.
 *
 * Definitions (as-of = the data's, the day after the last order; every order
 * counts; a "purchase day" is a distinct order date of the customer; the
 * thresholds are options, defaults in brackets)
 * - `loyal`: bought on at least `loyalDays` [4] purchase days, the first at
 *   least `loyalTenure` [365] days before as-of, and never more than
 *   `loyalMaxGap` [180] days between two consecutive purchase days, nor from
 *   the last one to as-of (regular repeat purchases, still going on).
 * - `price-sensitive` (needs product, quantity and unit_price): order lines
 *   with quantity > 0 and unit_price > 0 of products sold at more than one
 *   unit price are "priced" lines; a priced line is at a low price when its
 *   unit price ≤ the lowest unit price anyone paid for that product ×
 *   (1 + `priceBand` [0.05]). Tagged when the customer has ≥ `minLines` [2]
 *   priced lines and at least `priceShare` [0.5] of them are at a low price.
 * - `premium` (quality-focused; same columns): a priced line is in the top
 *   price band when its unit price ≥ the highest unit price paid for that
 *   product × (1 − `priceBand`). Tagged when the customer has ≥ `minLines`
 *   priced lines and the top band holds at least `premiumShare` [0.5] of
 *   their spend (Σ amount) on priced lines.
 * - `high-spender`: revenue > 0 and among the top `highSpenderPercent` [10] %
 *   of all customers by revenue: #{customers with revenue ≥ mine} ≤ n ×
 *   percent / 100 (customers tied with the boundary are left out, as tiers do).
 * - `new`: first order at most `newDays` [90] days before as-of.
 * - `at-risk`: at least 2 purchase days, and the days from the last one to
 *   as-of exceed `atRiskFactor` [2] × the customer's usual interval (days from
 *   first to last purchase day ÷ (purchase days − 1)).
 * - `single-channel` / `multi-channel` (needs channel): the customer's orders
 *   came through exactly one / at least two distinct non-empty channels.
 * - Register tags (kind `register`): the customer register's `tags` text split
 *   at `,` `;` `|` `，` `；` `、`, trimmed, empty parts dropped; tag = `register:<text>`.
 *   Only customers with transactions count (the per-customer table's customers).
 * - User tags (kind `rule`, see tag-rules.ts): `rules: [{ name, rule }]`; tag =
 *   `rule:<name>`.
 * - Every tag is worked out over all customers; other widgets' selection
 *   (`filter`) only narrows which customers are counted. Revenue shares are of
 *   the counted customers' Σ revenue.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { cachedQuery, cachedQueryNow } from '../cache.js';
import { CrmError } from '../errors.js';
import { numberOption } from '../options.js';
import { dateLit, ident, join, lit, raw, sql, type SQL } from '../sql.js';
import { selectedBy } from './customers-at.js';
import { ruleSQL, toRule, type Rule } from './tag-rules.js';

export const BUILT_IN_TAGS = ['loyal', 'price-sensitive', 'premium', 'high-spender', 'new', 'at-risk', 'single-channel', 'multi-channel'] as const;
export type BuiltInTag = (typeof BUILT_IN_TAGS)[number];
export type TagKind = 'built-in' | 'register' | 'rule';

/** A user-defined tag: a name and a rule (JSON form, or the expression language). */
export interface UserTag {
  name: string;
  rule: Rule | string;
}

export interface TagOptions {
  loyalDays?: number | string;
  loyalTenure?: number | string;
  loyalMaxGap?: number | string;
  priceBand?: number | string;
  priceShare?: number | string;
  premiumShare?: number | string;
  minLines?: number | string;
  highSpenderPercent?: number | string;
  newDays?: number | string;
  atRiskFactor?: number | string;
  rules?: readonly UserTag[];
}

export interface TagSettings {
  asOf: string;
  loyalDays: number;
  loyalTenure: number;
  loyalMaxGap: number;
  priceBand: number;
  priceShare: number;
  premiumShare: number;
  minLines: number;
  highSpenderPercent: number;
  newDays: number;
  atRiskFactor: number;
  rules: { name: string; rule: Rule }[];
}

/** Options checked (each an `invalid-option` error naming the attribute). */
export function tagSettings(ds: Pick<Dataset, 'asOf'>, opts: TagOptions = {}): TagSettings {
  const int = (v: unknown, name: string, d: number, min = 1) => numberOption(v, name, { min, max: 36_500, integer: true }) ?? d;
  const frac = (v: unknown, name: string, d: number) => numberOption(v, name, { min: 0, max: 1 }) ?? d;
  const rules = (opts.rules ?? []).map((u, i) => {
    const name = typeof u?.name === 'string' ? u.name.trim() : '';
    if (!name || name.length > 60 || /[\u0000-\u001f]/.test(name)) {
      throw new CrmError('invalid-option', { value: String(u?.name), option: `rules[${i}].name`, accepts: { kind: 'text', min: 1, max: 60 } });
    }
    return { name, rule: toRule(u.rule) };
  });
  return {
    asOf: ds.asOf,
    loyalDays: int(opts.loyalDays, 'loyal-days', 4, 2),
    loyalTenure: int(opts.loyalTenure, 'loyal-tenure', 365),
    loyalMaxGap: int(opts.loyalMaxGap, 'loyal-max-gap', 180),
    priceBand: numberOption(opts.priceBand, 'price-band', { min: 0, max: 0.5 }) ?? 0.05,
    priceShare: frac(opts.priceShare, 'price-share', 0.5),
    premiumShare: frac(opts.premiumShare, 'premium-share', 0.5),
    minLines: int(opts.minLines, 'min-lines', 2),
    highSpenderPercent: numberOption(opts.highSpenderPercent, 'high-spender-percent', { min: 0, max: 100, exclusiveMin: true }) ?? 10,
    newDays: int(opts.newDays, 'new-days', 90),
    atRiskFactor: numberOption(opts.atRiskFactor, 'at-risk-factor', { min: 1, max: 100 }) ?? 2,
    rules,
  };
}

/** Which built-in tags the data's columns allow. */
export function availableTags(ds: Pick<Dataset, 'fields'>): BuiltInTag[] {
  const f = ds.fields;
  const prices = f.has('product') && f.has('quantity') && f.has('unit_price');
  return BUILT_IN_TAGS.filter((t) => (t === 'price-sensitive' || t === 'premium' ? prices : t.endsWith('-channel') ? f.has('channel') : true));
}

/** Per-customer facts the rules read: the per-customer table plus days_since_last, tenure_days, average_order. */
export function ruleFactsQuery(ds: Pick<Dataset, 'facts' | 'asOf'>, asOf: SQL = dateLit(ds.asOf)): SQL {
  const D = asOf;
  return sql`SELECT *, CAST(date_diff('day', last_order, ${D}) AS INTEGER) AS days_since_last,
      CAST(date_diff('day', first_order, ${D}) AS INTEGER) AS tenure_days,
      CASE WHEN orders > 0 THEN revenue / orders END AS average_order
    FROM ${ident(ds.facts)}`;
}

/** The long table `(customer_id, tag, kind)` of every tag of every customer. */
export function tagAssignmentQuery(ds: Dataset, opts: TagOptions = {}): SQL {
  return cachedQueryNow(ds, 'tags', assignmentInline(ds, tagSettings(ds, opts)));
}

/**
 * `portable`: as-of is worked out in SQL from the transactions (the day after
 * the last order) instead of written as a date, and nothing cached is read, so
 * the same text means the same rule on whatever data is loaded next.
 */
function assignmentInline(ds: Dataset, s: TagSettings, portable = false, only?: ReadonlySet<string>): SQL {
  // Figures several tags read are worked out once (materialised CTEs), not once per tag.
  const ctes: SQL[] = [];
  if (portable) ctes.push(sql`tag_as_of AS MATERIALIZED (SELECT CAST(max(order_date) + INTERVAL 1 DAY AS DATE) AS d FROM ${ident(ds.transactions)})`);
  const D = portable ? sql`(SELECT d FROM tag_as_of)` : dateLit(s.asOf);
  const tx = ident(ds.transactions);
  const have = new Set(availableTags(ds));
  const parts: SQL[] = [];
  // `only`: the tags a selection names; the others are not worked out.
  const want = (tag: string) => !only || only.has(tag);
  const built = (tag: BuiltInTag, from: SQL) => {
    if (want(tag)) parts.push(sql`SELECT customer_id, ${tag} AS tag, 'built-in' AS kind FROM (${from}) AS x`);
  };

  // Purchase days: gaps between consecutive ones, and the usual interval.
  const days = sql`tag_days`;
  if (want('loyal') || want('at-risk')) {
    ctes.push(sql`tag_days AS MATERIALIZED (SELECT customer_id, count(*) AS n_days, min(order_date) AS first_day, max(order_date) AS last_day,
      coalesce(max(gap), 0) AS max_gap
    FROM (SELECT customer_id, order_date, date_diff('day', lag(order_date) OVER (PARTITION BY customer_id ORDER BY order_date), order_date) AS gap
          FROM (SELECT DISTINCT customer_id, order_date FROM ${tx} WHERE order_date < ${D}) AS d) AS g
    GROUP BY customer_id)`);
  }
  built(
    'loyal',
    sql`SELECT customer_id FROM ${days} AS p WHERE n_days >= ${s.loyalDays} AND date_diff('day', first_day, ${D}) >= ${s.loyalTenure}
      AND max_gap <= ${s.loyalMaxGap} AND date_diff('day', last_day, ${D}) <= ${s.loyalMaxGap}`,
  );
  if (have.has('price-sensitive') && (want('price-sensitive') || want('premium'))) {
    const priced = sql`SELECT customer_id, amount, unit_price,
        min(unit_price) OVER (PARTITION BY product) AS lo, max(unit_price) OVER (PARTITION BY product) AS hi
      FROM ${tx} WHERE order_date < ${D} AND product IS NOT NULL AND quantity > 0 AND unit_price > 0`;
    ctes.push(sql`tag_prices AS MATERIALIZED (SELECT customer_id, count(*) AS n,
        count(*) FILTER (WHERE unit_price <= lo * ${1 + s.priceBand}) AS low,
        sum(amount) AS spend, coalesce(sum(amount) FILTER (WHERE unit_price >= hi * ${1 - s.priceBand}), 0) AS top
      FROM (${priced}) AS q WHERE hi > lo GROUP BY customer_id)`);
    built('price-sensitive', sql`SELECT customer_id FROM tag_prices AS c WHERE n >= ${s.minLines} AND low >= ${s.priceShare} * n`);
    built('premium', sql`SELECT customer_id FROM tag_prices AS c WHERE n >= ${s.minLines} AND spend > 0 AND top >= ${s.premiumShare} * spend`);
  }
  built(
    'high-spender',
    sql`SELECT customer_id FROM (SELECT customer_id, revenue, count(*) OVER (ORDER BY revenue DESC) AS at_least, count(*) OVER () AS n FROM ${ident(ds.facts)}) AS r
      WHERE revenue > 0 AND at_least * 100 <= ${s.highSpenderPercent} * n`,
  );
  built('new', sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE date_diff('day', first_order, ${D}) <= ${s.newDays}`);
  built(
    'at-risk',
    sql`SELECT customer_id FROM ${days} AS p WHERE n_days >= 2
      AND date_diff('day', last_day, ${D}) > ${s.atRiskFactor} * date_diff('day', first_day, last_day) / (n_days - 1)`,
  );
  if (have.has('single-channel') && (want('single-channel') || want('multi-channel'))) {
    ctes.push(sql`tag_channels AS MATERIALIZED (SELECT customer_id, count(DISTINCT channel) AS n FROM ${tx} WHERE order_date < ${D} AND channel IS NOT NULL AND trim(channel) <> '' GROUP BY customer_id)`);
    built('single-channel', sql`SELECT customer_id FROM tag_channels AS c WHERE n = 1`);
    built('multi-channel', sql`SELECT customer_id FROM tag_channels AS c WHERE n >= 2`);
  }
  if (ds.customers && ds.customerFields.has('tags') && (!only || [...only].some((t) => t.startsWith('register:')))) {
    parts.push(sql`SELECT DISTINCT r.customer_id, 'register:' || trim(t.tag) AS tag, 'register' AS kind
      FROM ${ident(ds.customers)} AS r, unnest(regexp_split_to_array(r.tags, ${'[,;|，；、]'})) AS t(tag)
      WHERE r.tags IS NOT NULL AND trim(t.tag) <> '' AND r.customer_id IN (SELECT customer_id FROM ${ident(ds.facts)})`);
  }
  for (const u of s.rules.filter((r) => want(`rule:${r.name}`))) {
    parts.push(sql`SELECT customer_id, ${`rule:${u.name}`} AS tag, 'rule' AS kind FROM (${ruleFactsQuery(ds, D)}) AS f WHERE ${ruleSQL(u.rule)}`);
  }
  if (!parts.length) return sql`SELECT CAST(NULL AS VARCHAR) AS customer_id, CAST(NULL AS VARCHAR) AS tag, CAST(NULL AS VARCHAR) AS kind WHERE FALSE`;
  return sql`${ctes.length ? sql`WITH ${join(ctes)} ` : raw('')}SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(tag AS VARCHAR) AS tag, CAST(kind AS VARCHAR) AS kind FROM (${join(parts, ' UNION ALL ')}) AS a`;
}

export interface TagRow {
  tag: string;
  kind: TagKind;
  customers: number;
  /** Share of the counted customers. */
  customerShare: number;
  /** Σ revenue of the tag's customers. */
  revenue: number;
  /** Share of the counted customers' Σ revenue (null when that is ≤ 0). */
  revenueShare: number | null;
}

export interface TagPair {
  a: string;
  b: string;
  /** Customers with both tags. */
  customers: number;
}

export interface TagBreakdown {
  tag: string;
  /** Tier (segment pyramid, default tiers) or lifecycle stage. */
  group: string;
  /** The group's order: 0 is the top tier, or the most engaged stage. */
  level: number;
  customers: number;
}

export interface TagsResult {
  /** Customers counted (after the filter). */
  customers: number;
  revenue: number;
  tags: TagRow[];
  overlap: TagPair[];
  byTier: TagBreakdown[];
  byStage: TagBreakdown[];
  /** Built-in tags the data's columns allow. */
  available: BuiltInTag[];
}

/** Per tag, the customers `filter` selects: counts and revenue (most customers first, then by name). */
export function tagCountsQuery(ds: Dataset, assignment: SQL, filter?: SQL): SQL {
  return sql`WITH c AS (SELECT customer_id, revenue FROM ${ident(ds.facts)} WHERE ${selectedBy(ds, filter)}),
      tot AS (SELECT count(*) AS n, sum(revenue) AS rev FROM c)
    SELECT a.tag, any_value(a.kind) AS kind, CAST(count(*) AS INTEGER) AS customers, CAST(sum(c.revenue) AS DOUBLE) AS revenue,
      CAST(any_value(tot.n) AS INTEGER) AS total, CAST(any_value(tot.rev) AS DOUBLE) AS total_revenue
    FROM (${assignment}) AS a JOIN c USING (customer_id), tot
    GROUP BY a.tag ORDER BY customers DESC, a.tag`;
}

/** Pairs of tags held by the same customers (a < b), with how many. */
export function tagOverlapQuery(ds: Dataset, assignment: SQL, filter?: SQL): SQL {
  return sql`WITH a AS (SELECT customer_id, tag FROM (${assignment}) AS t WHERE ${selectedBy(ds, filter)})
    SELECT x.tag AS a, y.tag AS b, CAST(count(*) AS INTEGER) AS customers
    FROM a AS x JOIN a AS y ON x.customer_id = y.customer_id AND x.tag < y.tag
    GROUP BY x.tag, y.tag ORDER BY customers DESC, a, b`;
}

/** Per tag and group of a per-customer assignment (`column` names the group, `level` orders the groups), the customers `filter` selects. */
export function tagBreakdownQuery(ds: Dataset, assignment: SQL, groups: SQL, column: string, filter?: SQL): SQL {
  return sql`SELECT a.tag, CAST(g.${ident(column)} AS VARCHAR) AS "group", CAST(min(g.level) AS INTEGER) AS level, CAST(count(*) AS INTEGER) AS customers
    FROM (${assignment}) AS a JOIN (${groups}) AS g USING (customer_id)
    WHERE ${selectedBy(ds, filter, raw('a.customer_id'))}
    GROUP BY a.tag, g.${ident(column)} ORDER BY a.tag, level`;
}

export const TAG_MODES = ['or', 'and', 'not'] as const;
export type TagMode = (typeof TAG_MODES)[number];

/**
 * Selection predicate over the per-customer table: customers with any of
 * `tags` (`or`), all of them (`and`), or none of them (`not`). Worked out
 * from the data, so it means the same on new data (a condition).
 */
export function tagPredicate(ds: Dataset, opts: TagOptions, tags: readonly string[], mode: TagMode = 'or'): SQL {
  const a = assignmentInline(ds, tagSettings(ds, opts), true, new Set(tags));
  if (tags.length === 0) return raw('TRUE');
  const list = lit([...new Set(tags)]);
  const having = sql`SELECT customer_id FROM (${a}) AS t WHERE list_contains(${list}, tag) GROUP BY customer_id`;
  if (mode === 'and') return sql`customer_id IN (${having} HAVING count(DISTINCT tag) = ${new Set(tags).size})`;
  if (mode === 'not') return sql`customer_id NOT IN (${having})`;
  return sql`customer_id IN (${having})`;
}

/** Tag counts, overlap and tag × tier / stage for the customers `filter` selects. */
export async function runTags(
  ds: Dataset,
  opts: TagOptions = {},
  filter?: SQL,
  groups?: { tiers?: SQL; stages?: SQL },
): Promise<TagsResult> {
  const s = tagSettings(ds, opts);
  const a = await cachedQuery(ds, 'tags', assignmentInline(ds, s));
  const rows = await queryRows<{ tag: string; kind: TagKind; customers: number; revenue: number; total: number; total_revenue: number }>(ds.engine, tagCountsQuery(ds, a, filter));
  const totals = await queryRows<{ n: number; rev: number | null }>(
    ds.engine,
    sql`SELECT CAST(count(*) AS INTEGER) AS n, CAST(sum(revenue) AS DOUBLE) AS rev FROM ${ident(ds.facts)} WHERE ${selectedBy(ds, filter)}`,
  );
  const n = totals[0]?.n ?? 0;
  const rev = totals[0]?.rev ?? 0;
  const tags = rows.map((r) => ({
    tag: r.tag,
    kind: r.kind,
    customers: r.customers,
    customerShare: n > 0 ? r.customers / n : 0,
    revenue: r.revenue ?? 0,
    revenueShare: rev > 0 ? (r.revenue ?? 0) / rev : null,
  }));
  const overlap = await queryRows<TagPair>(ds.engine, tagOverlapQuery(ds, a, filter));
  const byTier = groups?.tiers ? await queryRows<TagBreakdown>(ds.engine, tagBreakdownQuery(ds, a, groups.tiers, 'tier', filter)) : [];
  const byStage = groups?.stages ? await queryRows<TagBreakdown>(ds.engine, tagBreakdownQuery(ds, a, groups.stages, 'stage', filter)) : [];
  return { customers: n, revenue: rev, tags, overlap, byTier, byStage, available: availableTags(ds) };
}
