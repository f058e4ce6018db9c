/** Machine-readable reason for a failure; elements translate by code. */
export type CrmErrorCode =
  | 'empty-file'
  | 'no-rows'
  | 'not-data'
  | 'html-page'
  | 'spreadsheet'
  | 'binary'
  | 'unreadable'
  | 'fetch-failed'
  | 'missing-column'
  | 'mapped-column-missing'
  | 'unknown-mapping'
  | 'invalid-value'
  | 'invalid-option'
  | 'too-large'
  | 'out-of-memory'
  | 'cancelled'
  | 'engine'
  | 'query'
  | 'model-fit'
  | 'invalid-rule'
  | 'invalid-row-rule';

/** What is wrong with a row rule (invalid-row-rule; see loaders/rules.ts). */
export type RowRuleProblem = 'syntax' | 'unknown-op' | 'empty-value' | 'bad-date' | 'empty-range' | 'bad-shape' | 'too-many' | 'unknown-column' | 'removes-all';

/** What is wrong with a user-defined tag rule (invalid-rule; see metrics/tag-rules.ts). */
export type RuleProblem =
  | 'empty'
  | 'too-long'
  | 'too-deep'
  | 'too-many'
  | 'bad-character'
  | 'unclosed-string'
  | 'unexpected-token'
  | 'unexpected-end'
  | 'unknown-field'
  | 'bad-operator'
  | 'bad-value'
  | 'bad-shape';

/** Why a value is not a usable customer or order id (invalid-value). */
export type IdProblem = 'control-character' | 'fraction' | 'inexact' | 'boolean';

/** A likely cause of an unreadable value that the message suggests (invalid-value). */
export type CrmErrorHint =
  /** Dates in day/month/year or month/day/year order: set `date-format`. `example` is the date as written. */
  | { kind: 'date-format'; example: string }
  /** The row was written with another delimiter than the header. */
  | { kind: 'delimiter'; delimiter: string }
  /** Amounts written with a decimal comma (219,97): set `decimal=","`. `example` is the value as written. */
  | { kind: 'decimal'; example: string };

/**
 * The facts a message names, for code that reports or translates it. Every
 * field is optional; which ones are set depends on the code (see each).
 */
/** What an option takes, for messages in other languages. */
export type OptionAccepts =
  | { kind: 'choice'; allowed: string[] }
  | { kind: 'date' }
  | { kind: 'days'; min: number; max: number }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  /** An IANA time zone name (`time-zone`). */
  | { kind: 'time-zone' };

export interface CrmErrorDetail {
  file?: string;
  column?: string;
  /** 1-based data row (the first row after the header is row 1). */
  row?: number;
  value?: string;
  /** How many rows have the same problem. */
  count?: number;
  /** missing-column: every required crmkit column the input lacks (`column` is the first). */
  missing?: string[];
  /** missing-column, mapped-column-missing, no-rows: the input's column names. */
  columns?: string[];
  /** missing-column, mapped-column-missing: the `map-…` attributes that fix it, e.g. `map-amount`. */
  attributes?: string[];
  /** unknown-mapping: the crmkit columns a mapping may name. */
  known?: string[];
  /** invalid-value: what the column needs (`id`: a non-empty value). */
  expected?: 'id' | 'date' | 'timestamp' | 'number' | 'text';
  /** invalid-value: the cell is empty (then `value` is ''). */
  empty?: boolean;
  /** invalid-value: the number is too large to read; crmkit reads numbers below this (10^15) in absolute value. */
  beyond?: number;
  /**
   * invalid-value of an id column (`expected: 'id'`): why the value is not a usable id. `control-character`:
   * it holds a control character (`value` shows it escaped, e.g. `\u0000`); `fraction`: a number that is not
   * whole; `inexact`: a floating-point number beyond 2^53 − 1, whose digits may not be the file's; `boolean`:
   * true or false.
   */
  idProblem?: IdProblem;
  /** invalid-value: `on-invalid="skip"` cannot leave the row out (JS values refused before loading: an id column mixing text and refused numbers). */
  unskippable?: boolean;
  /** invalid-value: the value is in a field past the header's last column; how many columns the header names. */
  headerColumns?: number;
  /** invalid-value: the column is needed to work out the amount (quantity × unit price). */
  forAmount?: boolean;
  /** invalid-value: first few rows with an unreadable value (any column). */
  rows?: number[];
  /** invalid-value: no row at all could be read. */
  noRowReadable?: boolean;
  /** invalid-value: a likely cause the message suggests. */
  hint?: CrmErrorHint;
  /** too-large, out-of-memory, empty-file: the input's size in bytes, when known. */
  size?: number;
  /** too-large: the largest input accepted, in bytes. */
  limit?: number;
  /** too-large: `size` is what the (compressed) input would take once decoded, and `rowCount` how many rows it holds. */
  decoded?: boolean;
  rowCount?: number;
  /** fetch-failed: the server's HTTP status and status text. */
  status?: number;
  statusText?: string;
  /** fetch-failed: the download started and then stopped. */
  interrupted?: boolean;
  /** The browser's or engine's own explanation (English, quoted as it came). */
  reason?: string;
  /** not-data: what the input is instead. */
  looksLike?: 'image' | 'pdf' | 'gzip' | 'json-without-rows' | 'row-not-object';
  /** unreadable: the format the input could not be read as; too-large: `json` when the JSON limit (a quarter of max-bytes) applied. */
  format?: 'csv' | 'json' | 'parquet' | 'arrow' | 'gzip';
  /**
   * invalid-row-rule: the problem; which rule (0-based `index`) and its `text`; the offending `token`; an unknown `column` with
   * the file's `columns`; a JSON `path` into the rules; for removes-all, the rows each rule `removed`.
   */
  rowRule?: { problem: RowRuleProblem; index?: number; text?: string; token?: string; column?: string; columns?: string[]; path?: string; removed?: number[] };
  /** too-large: the limit was passed while decompressing a gzip input (the limit counts decompressed bytes). */
  decompressed?: boolean;
  /** unreadable: a text encoding this browser cannot decode. */
  encoding?: string;
  /** unreadable: the line of the text file (CSV, NDJSON) the problem is on or near. */
  line?: number;
  /** engine: the engine file that should be served; `configured: false` when no engine files are set up. */
  asset?: string;
  configured?: boolean;
  /** engine: a running engine stopped for good (its worker died); the data must be loaded again. */
  stopped?: boolean;
  /** invalid-option: the attribute (or option) whose value was refused, e.g. `as-of`. */
  option?: string;
  /** invalid-option: what the option takes. */
  accepts?: OptionAccepts;
  /** invalid-option: what is wrong with a `tiers` list (the list itself is `value`). */
  tiers?:
    | { problem: 'too-few' }
    | { problem: 'no-name'; tier: number }
    | { problem: 'bad-name' | 'twice' | 'last-has-percentage' | 'no-percentage'; name: string }
    | { problem: 'not-a-percentage' | 'decimals'; name: string; percent: string }
    | { problem: 'no-rest'; total: number };
  /** invalid-option: lifecycle day thresholds out of order. */
  thresholds?: { newDays: number; activeDays: number; halfAsleepDays: number; dormantDays: number };
  /** invalid-option: a widget option given in an attribute that needs a particular form (`labels`: four names). */
  expectedForm?: 'four-names' | 'date-other-than-as-of' | 'customer-id';
  /** invalid-option: the analysis needs data the input does not have (a cost column, a quantity column, a customer). */
  needs?: { kind: 'cost' } | { kind: 'quantity'; for: 'cost-per-unit' | 'price' } | { kind: 'customer'; id: string };
  /** out-of-memory, cancelled, query: the text the message starts with (a file name or what was being done). */
  context?: string;
  /** model-fit: which customer-value model could not be fitted and why (`count` of `needed` customers, or the degenerate parameter as `reason`). */
  /** invalid-rule: the problem, where (0-based `position` in the text, or a JSON `path` such as `$.all[1].op`), the bad `token`, and the `limit` passed. */
  rule?: { problem: RuleProblem; position?: number; path?: string; token?: string; limit?: number };
  model?: { name: 'bgnbd' | 'gamma-gamma'; problem: 'too-few-customers' | 'too-few-repeat' | 'degenerate' | 'no-holdout'; count?: number; needed?: number; reason?: string };
}

/**
 * An error a non-programmer can act on: what is wrong, where (file, column,
 * row, value) and what to do. `message` is complete English text.
 */
export class CrmError extends Error {
  override name = 'CrmError';
  constructor(
    readonly code: CrmErrorCode,
    message: string,
    readonly detail: CrmErrorDetail = {},
  ) {
    super(message);
  }
}

/** The error a load ends in when it is cancelled. */
export function loadCancelled(file: string): CrmError {
  return new CrmError('cancelled', `Loading ${file} was cancelled.`, { file });
}

/**
 * Any thrown value as a CrmError (engine messages kept, but prefixed with context).
 * `detail` is added to the result's detail (e.g. `{ file }` when the context is a file name).
 */
export function asCrmError(e: unknown, context?: string, detail: CrmErrorDetail = {}): CrmError {
  if (e instanceof CrmError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const where: CrmErrorDetail = context ? { ...detail, context } : { ...detail };
  // Engine (DuckDB "Out of Memory Error"), WebAssembly (OOM abort, memory.grow) and JS (allocation of a too-large buffer or string).
  if (/out of memory|memory limit|Aborted\(OOM\)|Array buffer allocation failed|Invalid (typed )?array length|Invalid string length|could not allocate|WebAssembly\.Memory/i.test(msg) || (e as Error)?.name === 'RangeError' && /alloc|length|memory/i.test(msg)) {
    return new CrmError('out-of-memory', `${context ? context + ': ' : ''}the data is too large for this browser tab's memory. Try a smaller file or fewer columns.`, where);
  }
  if ((e as Error)?.name === 'AbortError') return new CrmError('cancelled', `${context ? context + ': ' : ''}loading was cancelled.`, where);
  return new CrmError('query', context ? `${context}: ${msg}` : msg, { ...where, reason: msg });
}
