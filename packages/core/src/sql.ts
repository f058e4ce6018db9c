/**
 * The one way values and names reach SQL in crmkit.
 *
 * - `sql\`...\`` is a tagged template: every interpolated value becomes a SQL
 *   literal (strings quoted and escaped, numbers checked finite, dates ISO),
 *   unless it is itself a `SQL` fragment (built by this module).
 * - `ident(name)` quotes an identifier (column or table name).
 * - `raw()` is only for text that is a compile-time constant of our own code.
 *
 * Nothing from an attribute, a file header or a user's input is ever pasted
 * into SQL as text: it goes through `lit` or `ident`.
 */

export class SQL {
  /** @internal */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type SQLValue = string | number | bigint | boolean | Date | null | undefined | SQL | readonly SQLValue[];

/** Quote an identifier: `ident('order "date"')` → `"order ""date"""`. */
export function ident(name: string): SQL {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`invalid identifier: ${String(name)}`);
  if (name.includes('\u0000')) throw new TypeError('invalid identifier: contains a NUL character');
  return new SQL(`"${name.replaceAll('"', '""')}"`);
}

/** A qualified identifier `a.b`, each part quoted. */
export function qualified(...parts: string[]): SQL {
  return new SQL(parts.map((p) => ident(p).text).join('.'));
}

/** A SQL literal for a JS value. */
export function lit(value: SQLValue): SQL {
  if (value instanceof SQL) return value;
  if (value === null || value === undefined) return new SQL('NULL');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`invalid number for SQL: ${value}`);
    // Keep integers as integers; doubles are written so DuckDB reads them as DOUBLE.
    return new SQL(Number.isInteger(value) ? String(value) : `${value}::DOUBLE`);
  }
  if (typeof value === 'bigint') return new SQL(value.toString());
  if (typeof value === 'boolean') return new SQL(value ? 'TRUE' : 'FALSE');
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('invalid date for SQL');
    return new SQL(`DATE '${value.toISOString().slice(0, 10)}'`);
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new TypeError('invalid string for SQL: contains a NUL character');
    return new SQL(`'${value.replaceAll("'", "''")}'`);
  }
  if (Array.isArray(value)) return new SQL(`[${value.map((v) => lit(v).text).join(', ')}]`);
  throw new TypeError(`unsupported SQL value: ${typeof value}`);
}

/** A DATE literal from an ISO `YYYY-MM-DD` string or a Date. */
export function dateLit(value: string | Date): SQL {
  if (value instanceof Date) return lit(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new TypeError(`invalid date: ${value} (expected YYYY-MM-DD)`);
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new TypeError(`invalid date: ${value}`);
  return new SQL(`DATE '${value}'`);
}

/** Text of our own code (keywords, function names): never pass user input here. */
export function raw(text: string): SQL {
  return new SQL(text);
}

/** Join fragments with a separator. */
export function join(parts: readonly (SQL | SQLValue)[], sep = ', '): SQL {
  return new SQL(parts.map((p) => lit(p as SQLValue).text).join(sep));
}

/** Tagged template: interpolations become literals unless already SQL. */
export function sql(strings: TemplateStringsArray, ...values: SQLValue[]): SQL {
  // Raw template text: backslashes reach SQL as written (regular expressions).
  let out = strings.raw[0];
  for (let i = 0; i < values.length; i++) out += lit(values[i]).text + strings.raw[i + 1];
  return new SQL(out);
}

/** AND of the given predicates (undefined / empty ones skipped); TRUE when none. */
export function and(...preds: (SQL | undefined | null | false)[]): SQL {
  const ps = preds.filter((p): p is SQL => p instanceof SQL && p.text.trim() !== '');
  if (ps.length === 0) return new SQL('TRUE');
  return new SQL(ps.map((p) => `(${p.text})`).join(' AND '));
}

/** Allow-list check for keyword-like options; throws `invalid name: value`. */
export function keyword<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw new TypeError(`invalid ${name}: ${String(value)} (expected one of ${allowed.join(', ')})`);
}
