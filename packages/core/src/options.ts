/**
 * Options from attributes and properties, checked in one place: each helper
 * returns the value in its JS type (or `undefined` when empty) or throws a
 * CrmError `invalid-option` naming the attribute, the value and what it
 * expects, which the widgets show and send in `crm-error`.
 */
import { CrmError } from './errors.js';
import { dateLit, keyword } from './sql.js';

/** A keyword option (`keyword` from sql.ts) whose error is a CrmError `invalid-option`, as widgets report. */
export function choice<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  try {
    return keyword(value, name, allowed);
  } catch (e) {
    throw new CrmError('invalid-option', { value: String(value), option: name, accepts: { kind: 'choice', allowed: [...allowed] } });
  }
}

/** An ISO date option, or `undefined` when empty; throws `invalid name: value`. */
export function dateOption(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const v = String(value).trim();
  try {
    dateLit(v);
  } catch {
    throw new CrmError('invalid-option', { value: v, option: name, accepts: { kind: 'date' } });
  }
  return v;
}

/** A whole number of days (1 … 36 500), or `undefined` when empty; throws `invalid name: value`. */
export function daysOption(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 36_500) {
    throw new CrmError('invalid-option', { value: String(value), option: name, accepts: { kind: 'days', min: 1, max: 36_500 } });
  }
  return n;
}

/** `window`: a number of days, or empty / "all" for every order before as-of. */
export function windowOption(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*all\s*$/i.test(value)) return undefined;
  return daysOption(value, 'window');
}

/** A finite number option within bounds, or `undefined`; throws `invalid name: value`. */
export function numberOption(
  value: unknown,
  name: string,
  { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false }: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  const ok = typeof n === 'number' && Number.isFinite(n) && (exclusiveMin ? n > min : n >= min) && n <= max && (!integer || Number.isInteger(n));
  if (!ok) {
    throw new CrmError('invalid-option', {
      value: String(value),
      option: name,
      accepts: { kind: 'number', ...(min > -Infinity ? { min } : {}), ...(max < Infinity ? { max } : {}), ...(integer ? { integer } : {}), ...(exclusiveMin ? { exclusiveMin } : {}) },
    });
  }
  return n as number;
}

/**
 * The analysis date (exclusive) of every analysis: the `as-of` option when set, else the data's own
 * (`Dataset.asOf`, the day after the last order, so every order counts). Decided here only.
 */
export function asOfOption(value: unknown, dataAsOf: string): string {
  return dateOption(value, 'as-of') ?? dataAsOf;
}
