/**
 * User-defined tags: rules over the per-customer facts, written as JSON or as
 * a small expression language, checked in full before any SQL is built.
 *
 * Definitions
 * - Fields (`RULE_FIELDS`), per customer, over every order before as-of:
 *   `orders`, `lines`, `revenue`, `cost`, `profit`, `quantity` (the
 *   per-customer table, see model.ts), `first_order` and `last_order` (dates),
 *   `days_since_last` = days from the last order to as-of, `tenure_days` =
 *   days from the first order to as-of, `average_order` = revenue ÷ orders.
 * - JSON form: `{ "all": [rule, …] }` (AND), `{ "any": [rule, …] }` (OR),
 *   `{ "not": rule }`, or a condition `{ "field": "orders", "op": ">=", "value": 5 }`.
 *   Operators: `>`, `>=`, `<`, `<=`, `=`, `!=`. Number fields take a finite
 *   number (|x| < 10^15); date fields an ISO date `YYYY-MM-DD`.
 * - Expression form: `orders >= 5 and days_since_last > 120`, with `and`,
 *   `or`, `not`, parentheses, numbers and quoted dates (`first_order >= '2024-01-01'`);
 *   `and` binds tighter than `or`. It is parsed (hand-written tokenizer and
 *   recursive-descent parser) into the JSON form.
 * - Limits: a rule text of at most `MAX_RULE_LENGTH` characters, nesting at
 *   most `MAX_RULE_DEPTH` deep, at most `MAX_RULE_CONDITIONS` conditions.
 * - A refused rule is a CrmError `invalid-rule` whose detail names the problem,
 *   the position (0-based character offset, or a JSON path) and the bad token.
 * - SQL: fields become quoted identifiers, operators come from a fixed table,
 *   values go through `lit` / `dateLit` (sql.ts): nothing of the rule's text
 *   reaches SQL verbatim.
 */
import { CrmError, type RuleProblem } from '../errors.js';
import { dateLit, ident, join, lit, raw, sql, type SQL } from '../sql.js';

export const RULE_FIELDS = {
  orders: 'number',
  lines: 'number',
  revenue: 'number',
  cost: 'number',
  profit: 'number',
  quantity: 'number',
  first_order: 'date',
  last_order: 'date',
  days_since_last: 'number',
  tenure_days: 'number',
  average_order: 'number',
} as const;
export type RuleField = keyof typeof RULE_FIELDS;

export const RULE_OPS = ['>', '>=', '<', '<=', '=', '!='] as const;
export type RuleOp = (typeof RULE_OPS)[number];

export type RuleCondition = { field: RuleField; op: RuleOp; value: number | string };
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | RuleCondition;

export const MAX_RULE_LENGTH = 1000;
export const MAX_RULE_DEPTH = 12;
export const MAX_RULE_CONDITIONS = 40;
const MAX_ABS = 1e15;

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** The error of a refused rule. */
function refuse(problem: RuleProblem, text: string, where: { position?: number; path?: string; token?: string; limit?: number } = {}): CrmError {
  return new CrmError('invalid-rule', {
    value: short(text),
    rule: { problem, ...where, ...(where.token !== undefined ? { token: short(where.token) } : {}) },
  });
}

type Token = { kind: 'ident' | 'number' | 'string' | 'op' | '(' | ')' | 'end'; text: string; pos: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      out.push({ kind: 'ident', text: text.slice(start, i), pos: start });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(text[i + 1] ?? '')) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < text.length && /[0-9.eE]/.test(text[i])) i++;
      out.push({ kind: 'number', text: text.slice(start, i), pos: start });
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw refuse('unclosed-string', text, { position: start, token: text.slice(start, start + 12) });
      out.push({ kind: 'string', text: text.slice(i + 1, end), pos: start });
      i = end + 1;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c, text: c, pos: start });
      i++;
    } else if (/[<>=!]/.test(c)) {
      while (i < text.length && /[<>=!]/.test(text[i]) && i - start < 2) i++;
      out.push({ kind: 'op', text: text.slice(start, i), pos: start });
    } else {
      throw refuse('bad-character', text, { position: start, token: c });
    }
  }
  out.push({ kind: 'end', text: '', pos: text.length });
  return out;
}

const OP_ALIASES: Record<string, RuleOp> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '=', '==': '=', '!=': '!=', '<>': '!=' };
const isWord = (t: Token, w: string) => t.kind === 'ident' && t.text.toLowerCase() === w;

/** Parse the expression form into the JSON form (checked); throws `invalid-rule`. */
export function parseRule(text: string): Rule {
  if (typeof text !== 'string' || text.trim() === '') throw refuse('empty', String(text ?? ''));
  if (text.length > MAX_RULE_LENGTH) throw refuse('too-long', text, { limit: MAX_RULE_LENGTH });
  const toks = tokenize(text);
  let k = 0;
  let conditions = 0;
  const peek = () => toks[k];
  const fail = (t: Token): never => {
    if (t.kind === 'end') throw refuse('unexpected-end', text, { position: t.pos });
    throw refuse('unexpected-token', text, { position: t.pos, token: t.text });
  };
  const or = (depth: number): Rule => {
    if (depth > MAX_RULE_DEPTH) throw refuse('too-deep', text, { position: peek().pos, limit: MAX_RULE_DEPTH });
    const parts = [and(depth)];
    while (isWord(peek(), 'or')) {
      k++;
      parts.push(and(depth));
    }
    return parts.length === 1 ? parts[0] : { any: parts };
  };
  const and = (depth: number): Rule => {
    const parts = [unary(depth)];
    while (isWord(peek(), 'and')) {
      k++;
      parts.push(unary(depth));
    }
    return parts.length === 1 ? parts[0] : { all: parts };
  };
  const unary = (depth: number): Rule => {
    const t = peek();
    if (depth > MAX_RULE_DEPTH) throw refuse('too-deep', text, { position: t.pos, limit: MAX_RULE_DEPTH });
    if (isWord(t, 'not')) {
      k++;
      return { not: unary(depth + 1) };
    }
    if (t.kind === '(') {
      k++;
      const r = or(depth + 1);
      if (peek().kind !== ')') fail(peek());
      k++;
      return r;
    }
    return condition();
  };
  const condition = (): Rule => {
    const f = peek();
    if (f.kind !== 'ident') return fail(f);
    const field = f.text.toLowerCase();
    if (!(field in RULE_FIELDS)) throw refuse('unknown-field', text, { position: f.pos, token: f.text });
    k++;
    const o = peek();
    if (o.kind === 'end') fail(o);
    const op = o.kind === 'op' ? OP_ALIASES[o.text] : undefined;
    if (!op) throw refuse('bad-operator', text, { position: o.pos, token: o.text });
    k++;
    const v = peek();
    if (v.kind === 'end') fail(v);
    if (v.kind !== 'number' && v.kind !== 'string') throw refuse('bad-value', text, { position: v.pos, token: v.text });
    k++;
    if (++conditions > MAX_RULE_CONDITIONS) throw refuse('too-many', text, { limit: MAX_RULE_CONDITIONS });
    const value = checkValue(field as RuleField, v.kind === 'number' ? Number(v.text) : v.text, v.kind === 'number' && !/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.text));
    if (value === undefined) throw refuse('bad-value', text, { position: v.pos, token: v.text });
    return { field: field as RuleField, op, value };
  };
  const rule = or(0);
  if (peek().kind !== 'end') fail(peek());
  return rule;
}

/** The value checked for `field`'s kind, or undefined when it does not fit. */
function checkValue(field: RuleField, v: unknown, malformed = false): number | string | undefined {
  if (malformed) return undefined;
  if (RULE_FIELDS[field] === 'number') return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < MAX_ABS ? v : undefined;
  if (typeof v !== 'string') return undefined;
  try {
    dateLit(v);
    return v;
  } catch {
    return undefined;
  }
}

/** Check a rule in the JSON form (an object, or JSON text); returns a clean copy; throws `invalid-rule`. */
export function checkRule(input: unknown): Rule {
  let text = '';
  let value = input;
  if (typeof input === 'string') {
    text = input;
    if (input.length > MAX_RULE_LENGTH) throw refuse('too-long', input, { limit: MAX_RULE_LENGTH });
    try {
      value = JSON.parse(input);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      throw refuse('unexpected-token', input, { position: m ? Number(m[1]) : undefined, token: m ? input.slice(Number(m[1]), Number(m[1]) + 1) : undefined });
    }
  } else {
    try {
      text = JSON.stringify(input) ?? '';
    } catch {
      text = '';
    }
    if (text.length > MAX_RULE_LENGTH * 4) throw refuse('too-long', text, { limit: MAX_RULE_LENGTH * 4 });
  }
  let conditions = 0;
  const walk = (r: unknown, path: string, depth: number): Rule => {
    if (depth > MAX_RULE_DEPTH) throw refuse('too-deep', text, { path, limit: MAX_RULE_DEPTH });
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw refuse('bad-shape', text, { path });
    const o = r as Record<string, unknown>;
    const keys = Object.keys(o);
    for (const c of ['all', 'any'] as const) {
      if (c in o) {
        if (keys.length !== 1) throw refuse('bad-shape', text, { path, token: keys.find((x) => x !== c) });
        const list = o[c];
        if (!Array.isArray(list) || list.length === 0) throw refuse('bad-shape', text, { path: `${path}.${c}` });
        return { [c]: list.map((x, i) => walk(x, `${path}.${c}[${i}]`, depth + 1)) } as Rule;
      }
    }
    if ('not' in o) {
      if (keys.length !== 1) throw refuse('bad-shape', text, { path, token: keys.find((x) => x !== 'not') });
      return { not: walk(o.not, `${path}.not`, depth + 1) };
    }
    const extra = keys.find((x) => x !== 'field' && x !== 'op' && x !== 'value');
    if (extra !== undefined) throw refuse('bad-shape', text, { path, token: extra });
    if (typeof o.field !== 'string' || !(o.field in RULE_FIELDS)) throw refuse('unknown-field', text, { path: `${path}.field`, token: String(o.field) });
    if (typeof o.op !== 'string' || !(RULE_OPS as readonly string[]).includes(o.op)) throw refuse('bad-operator', text, { path: `${path}.op`, token: String(o.op) });
    const field = o.field as RuleField;
    const v = checkValue(field, o.value);
    if (v === undefined) throw refuse('bad-value', text, { path: `${path}.value`, token: String(o.value) });
    if (++conditions > MAX_RULE_CONDITIONS) throw refuse('too-many', text, { limit: MAX_RULE_CONDITIONS });
    return { field, op: o.op as RuleOp, value: v };
  };
  return walk(value, '$', 0);
}

/** A rule from either form: an object or JSON text (starting with `{`) is the JSON form, other text the expression form. */
export function toRule(input: unknown): Rule {
  if (typeof input === 'string' && !input.trim().startsWith('{')) return parseRule(input);
  return checkRule(input);
}

const OP_SQL: Record<RuleOp, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '=', '!=': '<>' };

/** A checked rule as a predicate over the rule facts (`ruleFactsQuery`). */
export function ruleSQL(rule: Rule): SQL {
  if ('all' in rule) return sql`(${join(rule.all.map((r) => sql`(${ruleSQL(r)})`), ' AND ')})`;
  if ('any' in rule) return sql`(${join(rule.any.map((r) => sql`(${ruleSQL(r)})`), ' OR ')})`;
  if ('not' in rule) return sql`NOT (${ruleSQL(rule.not)})`;
  const v = RULE_FIELDS[rule.field] === 'date' ? dateLit(String(rule.value)) : lit(Number(rule.value));
  return sql`coalesce(${ident(rule.field)} ${raw(OP_SQL[rule.op])} ${v}, FALSE)`;
}

/** The expression form of a checked rule (what the JSON form reads as). */
export function ruleText(rule: Rule, top = true): string {
  if ('all' in rule || 'any' in rule) {
    const parts = 'all' in rule ? rule.all : rule.any;
    const s = parts.map((p) => ruleText(p, false)).join('all' in rule ? ' and ' : ' or ');
    return top ? s : `(${s})`;
  }
  if ('not' in rule) return `not ${ruleText(rule.not, false)}`;
  return `${rule.field} ${rule.op} ${typeof rule.value === 'string' ? `'${rule.value}'` : rule.value}`;
}

/** Test helper for hosts: evaluate a checked rule on one customer's facts in JS (dates as ISO text). */
export function evalRule(rule: Rule, facts: Partial<Record<RuleField, number | string | null>>): boolean {
  if ('all' in rule) return rule.all.every((r) => evalRule(r, facts));
  if ('any' in rule) return rule.any.some((r) => evalRule(r, facts));
  if ('not' in rule) return !evalRule(rule.not, facts);
  const a = facts[rule.field];
  if (a === null || a === undefined) return false;
  const b = rule.value;
  switch (rule.op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}
