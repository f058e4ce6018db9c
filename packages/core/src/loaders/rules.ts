/**
 * Row rules: which rows of an input to leave out before its values are read, declared as data
 * (never as SQL) and checked with a schema. A rule names a column (the file's header, or a crmkit
 * column such as `order_id`, through the mapping) and a test on the cell's text:
 *
 * - `equals` — the cell, trimmed, is this text;
 * - `in` — the cell is one of these texts;
 * - `starts-with` — the cell starts with this text (e.g. cancelled invoices `C536379`);
 * - `between` — the cell, read as a date like the loader reads order dates, is from `from` to `to`
 *   (YYYY-MM-DD, both inclusive, either may be left out).
 *
 * `exclude` leaves out the rows the test holds for; `keep` leaves out the others (a `keep` with
 * `between` leaves a row whose date cannot be read to the loader's own check of that date).
 * Rules run in order; each one's count is the rows it removed of those earlier rules left.
 * Every value reaches SQL through `lit` / `dateLit` (sql.ts).
 */
import { z } from 'zod';
import { CrmError, type RowRuleFacts, type RowRuleProblem } from '../errors.js';
import { dateLit, join, lit, sql, type SQL } from '../sql.js';
import { normalizeHeader } from '../mapping.js';
import { parseExpr, rawText } from './parse.js';

export const ROW_RULE_OPS = ['equals', 'in', 'starts-with', 'between'] as const;
export type RowRuleOp = (typeof ROW_RULE_OPS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
});
const base = { action: z.enum(['exclude', 'keep']), column: z.string().min(1).max(200) };
/** A row rule, as the `rules` property takes it. */
export const RowRule = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('equals'), value: z.string().max(1000) }).strict(),
  z.object({ ...base, op: z.literal('in'), values: z.array(z.string().max(1000)).min(1).max(1000) }).strict(),
  z.object({ ...base, op: z.literal('starts-with'), value: z.string().min(1).max(1000) }).strict(),
  z.object({ ...base, op: z.literal('between'), from: isoDate.optional(), to: isoDate.optional() }).strict(),
]);
export type RowRule = z.infer<typeof RowRule>;

/** At most this many rules a load. */
export const MAX_ROW_RULES = 50;

/** How many rows one rule removed. */
export interface RowRuleResult {
  rule: RowRule;
  /** The rule written out as the attribute takes it. */
  text: string;
  removed: number;
}

const fail = (problem: RowRuleProblem, facts: Omit<RowRuleFacts, 'problem'> = {}, file?: string) =>
  new CrmError('invalid-row-rule', { ...(file !== undefined ? { file } : {}), rowRule: { problem, ...facts } });

/** A rule in the attribute's words: `order_id starts-with C`, `country in (France, Germany)`. */
export function rowRuleText(r: RowRule): string {
  const q = (s: string) => (/^[^\s,;()"']+$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);
  const head = `${q(r.column)} ${r.op}`;
  switch (r.op) {
    case 'equals':
      return `${q(r.column)} = ${q(r.value)}`;
    case 'starts-with':
      return `${head} ${q(r.value)}`;
    case 'in':
      return `${head} (${r.values.map(q).join(', ')})`;
    case 'between':
      return r.from && r.to ? `${head} ${r.from} and ${r.to}` : r.from ? `${q(r.column)} from ${r.from}` : `${q(r.column)} to ${r.to}`;
  }
}

/** Split on `sep` outside quotes. */
function splitOutside(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** `"a ""b"""` → `a "b"`; a bare word as is. */
function unquote(s: string): string | undefined {
  const t = s.trim();
  const q = t[0];
  if (q === '"' || q === "'") {
    if (t.length < 2 || t[t.length - 1] !== q) return undefined;
    return t.slice(1, -1).replaceAll(q + q, q);
  }
  return t;
}

/**
 * Rules from an attribute: `;` between rules; each `column op value`. The column is a word or
 * quoted ("Customer ID"); ops: `=` (or `equals`), `in (a, b)`, `starts-with`, `between A and B`,
 * `from A`, `to B` (dates YYYY-MM-DD). Throws `invalid-row-rule` naming the rule and the problem.
 */
export function parseRowRules(text: string, action: 'exclude' | 'keep'): RowRule[] {
  const parts = splitOutside(text, ';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length > MAX_ROW_RULES) throw fail('too-many', { action, token: String(parts.length), limit: MAX_ROW_RULES });
  return parts.map((part, index) => {
    const m = /^("(?:[^"]|"")*"|'(?:[^']|'')*'|[^\s"']+)\s+(=|equals|in|starts-with|between|from|to)(?:\s+|(?=\()|$)([\s\S]*)$/i.exec(part);
    if (!m) {
      const op = /^("(?:[^"]|"")*"|'(?:[^']|'')*'|[^\s"']+)\s+(\S+)/.exec(part)?.[2];
      if (op) throw fail('unknown-op', { action, index, text: part, token: op });
      throw fail('syntax', { action, index, text: part });
    }
    const column = unquote(m[1])!;
    const op = m[2].toLowerCase();
    const rest = m[3].trim();
    const value = () => {
      const v = unquote(rest);
      if (v === undefined) throw fail('syntax', { action, index, text: part, form: 'quote' });
      if (v === '' && op !== '=' && op !== 'equals') throw fail('empty-value', { action, index, text: part, token: op });
      return v;
    };
    const date = (v: string) => {
      if (!isoDate.safeParse(v).success) throw fail('bad-date', { action, index, text: part, token: v });
      return v;
    };
    let rule: unknown;
    switch (op) {
      case '=':
      case 'equals':
        rule = { action, column, op: 'equals', value: value() };
        break;
      case 'starts-with':
        rule = { action, column, op: 'starts-with', value: value() };
        break;
      case 'in': {
        const inner = /^\(([\s\S]*)\)$/.exec(rest)?.[1] ?? rest;
        const values = splitOutside(inner, ',').map((v) => unquote(v));
        if (values.some((v) => v === undefined)) throw fail('syntax', { action, index, text: part, form: 'quote' });
        if (values.every((v) => v === '')) throw fail('empty-value', { action, index, text: part, token: 'in' });
        rule = { action, column, op: 'in', values: values.filter((v) => v !== '') };
        break;
      }
      case 'between': {
        const b = /^(\S+)\s+and\s+(\S+)$/i.exec(rest);
        if (!b) throw fail('syntax', { action, index, text: part, token: 'between', form: 'between' });
        const [from, to] = [date(b[1]), date(b[2])];
        if (from > to) throw fail('empty-range', { action, index, text: part, token: `${from} > ${to}`, from, to });
        rule = { action, column, op: 'between', from, to };
        break;
      }
      case 'from':
        rule = { action, column, op: 'between', from: date(value()) };
        break;
      case 'to':
        rule = { action, column, op: 'between', to: date(value()) };
        break;
    }
    return checkRowRule(rule, index);
  });
}

/** One rule of the `rules` property, checked against the schema. */
export function checkRowRule(rule: unknown, index: number): RowRule {
  const r = RowRule.safeParse(rule);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = `[${index}]${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    throw fail('bad-shape', { index, path, issue: issue.message });
  }
  if (r.data.op === 'between') {
    if (!r.data.from && !r.data.to) throw fail('empty-value', { index, token: 'between' });
    if (r.data.from && r.data.to && r.data.from > r.data.to) throw fail('empty-range', { index, token: `${r.data.from} > ${r.data.to}`, from: r.data.from, to: r.data.to });
  }
  return r.data;
}

/** Every rule of a `rules` value (an array), checked. */
export function checkRowRules(rules: unknown): RowRule[] {
  if (!Array.isArray(rules)) throw fail('bad-shape', { path: '' });
  if (rules.length > MAX_ROW_RULES) throw fail('too-many', { token: String(rules.length), limit: MAX_ROW_RULES });
  return rules.map((r, i) => checkRowRule(r, i));
}

/**
 * The header a rule's column means: the header itself, then a crmkit column through the mapping,
 * then a header equal once normalised (`customer id` = `Customer ID`).
 */
export function ruleHeader(column: string, headers: string[], mapping: Partial<Record<string, string>>, index: number, file: string): string {
  if (headers.includes(column)) return column;
  const mapped = mapping[column];
  if (mapped && headers.includes(mapped)) return mapped;
  const n = normalizeHeader(column);
  const found = headers.find((h) => normalizeHeader(h) === n);
  if (found) return found;
  throw fail('unknown-column', { index, column, columns: headers.slice(0, 50) }, file);
}

/**
 * The condition under which `rule` removes a row of the raw table: the test for an `exclude`; for
 * a `keep`, that the test does not hold (an unreadable date stays, for the loader's check).
 */
export function removeCondition(rule: RowRule, header: string, type: string, dateFormat?: string): SQL {
  const text = rawText(header, type);
  let test: SQL;
  switch (rule.op) {
    case 'equals':
      test = rule.value === '' ? sql`${text} IS NULL` : sql`${text} = ${lit(rule.value)}`;
      break;
    case 'in':
      test = sql`${text} IN (${join(rule.values.map((v) => lit(v)))})`;
      break;
    case 'starts-with':
      test = sql`starts_with(${text}, ${lit(rule.value)})`;
      break;
    case 'between': {
      const d = parseExpr(header, type, 'date', dateFormat);
      const parts = [rule.from ? sql`${d} >= ${dateLit(rule.from)}` : undefined, rule.to ? sql`${d} <= ${dateLit(rule.to)}` : undefined].filter((x): x is SQL => !!x);
      test = join(parts, ' AND ');
      if (rule.action === 'keep') return sql`(${d} IS NOT NULL AND NOT (${test}))`;
      break;
    }
  }
  return rule.action === 'exclude' ? sql`coalesce(${test}, FALSE)` : sql`NOT coalesce(${test}, FALSE)`;
}

