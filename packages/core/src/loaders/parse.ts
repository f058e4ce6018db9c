import { ident, lit, raw, sql, type SQL } from '../sql.js';
import type { ColumnKind } from '../schema.js';
import type { IdProblem } from '../errors.js';

/**
 * SQL that turns a raw column (text from CSV/JSON, or typed from Parquet/Arrow)
 * into a canonical value, NULL when it cannot be read. The rules are the ones
 * the README's "Data rules" section documents.
 */

/** Date formats tried in order on text; a time part after the date is ignored. */
export const DATE_FORMATS = ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y.%m.%d', '%Y年%m月%d日'] as const;

/** Accepted money/number text: optional sign or parentheses, currency, thousands separators. */
const CURRENCY = String.raw`(?:NT\$|US\$|HK\$|S\$|A\$|C\$|NTD|TWD|USD|RMB|CNY|HKD|EUR|GBP|JPY|[$¥￥€£])`;
const DIGITS = String.raw`(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`;
export const NUMBER_PATTERN = String.raw`^\(?\s*[-+−]?\s*${CURRENCY}?\s*[-+−]?\s*${DIGITS}\s*(?:${CURRENCY}|元|圓|圆|块|塊)?\s*\)?$`;

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const TEMPORAL_TYPES = /^(DATE|TIMESTAMP.*|DATETIME)$/i;

export const isNumericType = (t: string) => NUMERIC_TYPES.test(t);
export const isTemporalType = (t: string) => TEMPORAL_TYPES.test(t);

/**
 * Fast paths. Text cells are mostly already in their plain form (an id with no space or control character at
 * either end, 12.5, 2024-01-05), and trimming every cell and running the patterns on it is most of a load's
 * validation. So each parse below first asks a cheap question of the untrimmed cell whose yes means the
 * general rule gives exactly the value the fast branch gives; every other cell goes through the general rule.
 * `general = true` builds the general rule alone (the tests compare both on tricky cells).
 */
const isText = (type: string) => /^VARCHAR$/i.test(type);
/** Printable ASCII other than space at both ends, no control character: the cell is its own trimmed text and a usable id. */
export const PLAIN_ID = String.raw`[!-~](?:[^\x00-\x1F\x7F-\x{9F}]*[!-~])?`;
/**
 * Ten characters, a digit first and last, dashes fifth and eighth, from 1900-01-01 to 2100-12-31 as text: nothing to
 * trim, and the general rule casts it as is (a length-10 ISO layout); when the cast reads a date, its year is the
 * first four characters (digits, in range), so the rule's year check keeps it. Plain string tests, cheaper than a pattern.
 */
function plainDate(c: SQL): SQL {
  return sql`(length(${c}) = 10 AND substr(${c}, 5, 1) = '-' AND substr(${c}, 8, 1) = '-' AND substr(${c}, 10, 1) BETWEEN '0' AND '9' AND ${c} BETWEEN '1900-01-01' AND '2100-12-31')`;
}

/**
 * Whether the raw value has text (`rawText(…) IS NOT NULL`). `plain`: the column is known to hold only plain
 * values (`PLAIN_ID` holds for every one that is not NULL: a Parquet decoder's `plainText`).
 */
export function hasText(column: string, type: string, general = false, plain = false): SQL {
  const full = sql`${rawText(column, type)} IS NOT NULL`;
  if (general) return full;
  const c = ident(column);
  // A number, date or boolean that is there always has text (its cast to text is never empty): no need to write it.
  if (plain || !isText(type)) return sql`${c} IS NOT NULL`;
  // A first character that is printable ASCII other than space survives the trim.
  return sql`CASE WHEN ascii(${c}) BETWEEN 33 AND 126 THEN TRUE ELSE ${full} END`;
}

/** The raw value as trimmed text, NULL when empty. */
export function rawText(column: string, type: string): SQL {
  const c = ident(column);
  if (isNumericType(type) && !/INT/i.test(type)) {
    // 13085.0 → "13085": ids exported through spreadsheets gain a ".0".
    return sql`CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 1e18 THEN CAST(CAST(${c} AS HUGEINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
  }
  return sql`NULLIF(trim(CAST(${c} AS VARCHAR)), '')`;
}

/*
 * Ids are identifiers, not quantities: kept exactly as text. Text ids are taken as written (trimmed);
 * integer columns (any width, 64-bit included) as their digits; a floating-point or decimal number only
 * when it is whole, and a floating-point one only up to 2^53 − 1 (beyond, the file's digits may already
 * be lost); true/false never; and no id may hold a control character. NULL otherwise, and the loader
 * names the reason (`idProblem`).
 */

/** Whole numbers up to this are exact in floating point (a JSON or JS number, DOUBLE); beyond it, two ids can read as one. */
export const MAX_EXACT_ID = Number.MAX_SAFE_INTEGER;
/** C0 controls, DEL and C1 controls (NUL, tab, line breaks, …): never part of an id. */
const CONTROL_SQL = String.raw`[\x00-\x1F\x7F-\x{9F}]`;
const CONTROL_JS = /[\u0000-\u001f\u007f-\u009f]/;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL)$/i;
const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;

function idExpr(column: string, type: string, general = false, plain = false): SQL {
  const c = ident(column);
  if (/^BOOLEAN$/i.test(type)) return sql`CAST(NULL AS VARCHAR)`;
  if (FLOAT_TYPES.test(type)) return sql`CASE WHEN ${c} = trunc(${c}) AND abs(${c}) <= ${MAX_EXACT_ID} THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) END`;
  if (/^DECIMAL/i.test(type)) return sql`CASE WHEN ${c} = trunc(${c}) THEN CAST(CAST(${c} AS HUGEINT) AS VARCHAR) END`;
  if (INTEGER_TYPES.test(type)) return sql`CAST(${c} AS VARCHAR)`;
  const text = rawText(column, type);
  const rule = sql`CASE WHEN NOT regexp_matches(${text}, ${CONTROL_SQL}) THEN ${text} END`;
  // Fast path: nothing to trim and no control character, so the cell is the id as written (known of every cell
  // of a `plain` column).
  if (general || !isText(type)) return rule;
  return plain ? c : sql`CASE WHEN regexp_full_match(${c}, ${PLAIN_ID}) THEN ${c} ELSE ${rule} END`;
}

/** Why a non-empty id value (as `rawText` shows it) of a column of this type was refused. */
export function idProblem(value: string, type: string): IdProblem {
  if (CONTROL_JS.test(value)) return 'control-character';
  if (/^BOOLEAN$/i.test(type)) return 'boolean';
  const n = Number(value);
  return Number.isFinite(n) && Number.isInteger(n) ? 'inexact' : 'fraction';
}

/**
 * The id rule on a JS value (JSON and JS rows whose id column mixes types): the id text, or why the
 * value is refused. Strings are kept as written (trimmed; control characters refused later with the
 * other formats' text ids), numbers must be whole and at most 2^53 − 1, bigints are exact.
 */
export function jsId(v: unknown): string | { problem: IdProblem; value: string } | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) <= MAX_EXACT_ID) return String(v);
    return { problem: Number.isInteger(v) ? 'inexact' : 'fraction', value: Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v) };
  }
  if (typeof v === 'boolean') return { problem: 'boolean', value: String(v) };
  return v instanceof Date ? (Number.isNaN(v.getTime()) ? String(v) : v.toISOString()) : (JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v));
}

/** What the message says after the value, per reason. */
export const ID_PROBLEM: Record<IdProblem, string> = {
  'control-character': 'contains a control character, which an id cannot hold (a sign of a damaged export)',
  fraction: 'is not a usable id: a number used as an id must be a whole number',
  inexact: `is not a usable id: it is a number above ${MAX_EXACT_ID} (2^53 − 1) stored as floating point, whose last digits may not be the file's. Store ids as text or as 64-bit integers`,
  boolean: 'is not a usable id: true/false is not an identifier',
  duplicate: 'appears on more than one row: a per-customer table has one row per customer',
};

/** The text with its control characters written out (`\u0000`), for messages. */
export const escapeControls = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * `decimal`: the mark between whole and fraction in number text, `.` (default) or `,` (1.234,50 and 219,97).
 * `general`: the general rule alone, without the fast paths. `plain`: as for `hasText`.
 */
export function parseExpr(column: string, type: string, kind: ColumnKind, dateFormat?: string, decimal?: '.' | ',', general = false, plain = false): SQL {
  const c = ident(column);
  const text = rawText(column, type);
  const fast = !general && isText(type);
  switch (kind) {
    case 'id':
      return idExpr(column, type, general, plain);
    case 'text':
      return sql`NULLIF(CAST(${c} AS VARCHAR), '')`;
    case 'number': {
      if (isNumericType(type)) return sql`CAST(${c} AS DOUBLE)`;
      if (/^BOOLEAN$/i.test(type)) return sql`CAST(NULL AS DOUBLE)`;
      // A decimal comma (decimal=","): the two marks swap, so 1.234,50 and 219,97 read as 1,234.50 and 219.97 do.
      const num = decimal === ',' ? sql`translate(${text}, '.,', ',.')` : text;
      // Fast path: plain numbers (12, -3.5, 1e-5) are what most files hold, and DuckDB's own cast reads
      // them exactly as the patterns below would. Its extras are kept out: inf/nan (not finite) and 1_000.
      const plain = sql`TRY_CAST(${num} AS DOUBLE)`;
      // Negative: in parentheses, or a minus before the first digit (not the exponent's: 1e-5 is positive).
      const neg = sql`(regexp_matches(${num}, '^\(.*\)$') OR regexp_matches(${num}, '^[^0-9.]*[-−]'))`;
      // The digits with their exponent, thousands separators removed (currency letters such as EUR stay out).
      const digits = sql`TRY_CAST(replace(regexp_extract(${num}, ${DIGITS}), ',', '') AS DOUBLE)`;
      // 1e400 overflows to infinity: not a number anyone meant.
      const rule = sql`CASE WHEN isfinite(${plain}) AND NOT contains(${num}, '_') THEN ${plain} WHEN regexp_full_match(${num}, ${NUMBER_PATTERN}) AND isfinite(${digits}) THEN (CASE WHEN ${neg} THEN -1 ELSE 1 END) * ${digits} END`;
      if (!fast) return rule;
      // Fast path: the engine's cast on the untrimmed cell. It skips the ASCII white space around a number, so
      // when it reads a finite number the trimmed text reads as the same one, and the rule's first branch gives it.
      // With a decimal comma only cells without a dot take it ('1.500' is 1500 there): the comma becomes the point.
      const cell = decimal === ',' ? sql`replace(${c}, ',', '.')` : c;
      const cast = sql`TRY_CAST(${cell} AS DOUBLE)`;
      const guard = decimal === ',' ? sql`NOT contains(${c}, '.') AND ` : raw('');
      return sql`CASE WHEN ${guard}isfinite(${cast}) AND NOT contains(${c}, '_') THEN ${cast} ELSE ${rule} END`;
    }
    case 'date': {
      let d: SQL;
      if (isTemporalType(type)) d = sql`CAST(${c} AS DATE)`;
      else {
        const formats = dateFormat ? lit(dateFormat) : lit([...DATE_FORMATS]);
        const datePart = dateFormat ? text : sql`regexp_replace(${text}, '([T ]+[0-9]{1,2}:[0-9]{2}.*|[T ]+[0-9]{1,2}時.*)$', '')`;
        // strptime reads the words infinity and epoch as 1900-01-01 whatever the format: they are not dates.
        const parsed = sql`CASE WHEN NOT regexp_matches(${text}, '^[-+]?(infinity|epoch)$', 'i') THEN CAST(try_strptime(${datePart}, ${formats}) AS DATE) END`;
        // Fast path: ISO dates (2024-01-05), most files' layout, with DuckDB's own cast; same result as '%Y-%m-%d'.
        d = dateFormat
          ? parsed
          : sql`CASE WHEN length(${text}) = 10 AND substr(${text}, 5, 1) = '-' AND substr(${text}, 8, 1) = '-' THEN TRY_CAST(${text} AS DATE) ELSE ${parsed} END`;
      }
      // Years outside 1900–2100 are typos, not dates.
      const rule = sql`CASE WHEN year(${d}) BETWEEN 1900 AND 2100 THEN ${d} END`;
      // Fast path: a bare ISO date with its year in range, which the rule reads with the same cast.
      return fast && !dateFormat ? sql`CASE WHEN ${plainDate(c)} THEN TRY_CAST(${c} AS DATE) ELSE ${rule} END` : rule;
    }
    case 'timestamp': {
      // A date and time (events): ISO text (2024-01-05 10:30, 2024-01-05T10:30:00, a date alone is its
      // midnight), or the date layouts above with an optional HH:MM[:SS]; typed timestamps as they are.
      let d: SQL;
      if (isTemporalType(type)) d = sql`CAST(${c} AS TIMESTAMP)`;
      else {
        const formats = dateFormat ? [dateFormat] : [...DATE_FORMATS];
        const withTime = formats.flatMap((f) => [`${f} %H:%M:%S`, `${f}T%H:%M:%S`, `${f} %H:%M`, `${f}T%H:%M`, f]);
        const parsed = sql`CASE WHEN NOT regexp_matches(${text}, '^[-+]?(infinity|epoch)$', 'i') THEN try_strptime(regexp_replace(${text}, '(\.[0-9]+)?(Z|[+-]00(:?00)?)?$', ''), ${lit(withTime)}) END`;
        d = dateFormat ? parsed : sql`coalesce(TRY_CAST(regexp_replace(${text}, '(Z|[+-]00(:?00)?)$', '') AS TIMESTAMP), ${parsed})`;
      }
      return sql`CASE WHEN year(${d}) BETWEEN 1900 AND 2100 THEN ${d} END`;
    }
  }
}

/** What a bad value of this kind is called in messages. */
export const KIND_PROBLEM: Record<ColumnKind, string> = {
  id: 'is not a usable id',
  text: 'cannot be read',
  number: 'is not a number',
  date: 'is not a date',
  timestamp: 'is not a date',
};

/**
 * Numbers this large or larger (in absolute value) are unreadable values: beyond it a double no longer
 * holds every cent, and a sum of such amounts can overflow to infinity (charts of NaN). The loader
 * refuses them with `TOO_LARGE` (detail `beyond`).
 */
export const MAX_MAGNITUDE = 1e15;
export const TOO_LARGE = 'is too large (crmkit reads numbers below 10^15 in absolute value)';

export { raw };
