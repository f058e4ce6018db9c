/**
 * What an error is, as data: each code's facts (a discriminated union on the code) and the shape of a
 * message catalogue. The catalogues (`messages/`) read these types; `errors.ts` raises them.
 */
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
export type IdProblem = 'control-character' | 'fraction' | 'inexact' | 'boolean' | 'duplicate';

/** A likely cause of an unreadable value that the message suggests (invalid-value). */
export type CrmErrorHint =
  /** Dates in day/month/year or month/day/year order: set `date-format`. `example` is the date as written. */
  | { kind: 'date-format'; example: string }
  /** The row was written with another delimiter than the header. */
  | { kind: 'delimiter'; delimiter: string }
  /** Amounts written with a decimal comma (219,97): set `decimal=","`. `example` is the value as written. */
  | { kind: 'decimal'; example: string };

/** What an option takes (invalid-option): the catalogues say it in each language. */
export type OptionAccepts =
  /** One of `allowed` (some of them, comma-separated, when `many`). */
  | { kind: 'choice'; allowed: string[]; many?: boolean }
  | { kind: 'date' }
  | { kind: 'days'; min: number; max: number }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean; exclusiveMax?: boolean }
  /** An IANA time zone name (`time-zone`). */
  | { kind: 'time-zone' }
  /** Text of `min` (default 0) to `max` characters (a search, a tag name). */
  | { kind: 'text'; min?: number; max: number }
  /** An http(s) address. */
  | { kind: 'url' }
  /** A column name: a letter, then letters, digits or _, not a column the list already has. */
  | { kind: 'column-name' }
  /** From `min` to `max` event names separated by commas (all different when `distinct`). */
  | { kind: 'event-steps'; min: number; max: number; distinct?: boolean }
  /** A duration such as 30m, 24h, 7d or 2w, up to `maxDays` days. */
  | { kind: 'duration'; maxDays: number }
  /** A funnel step from `min` to `max`. */
  | { kind: 'step'; min: number; max: number }
  /** A range of ranks (a Pareto-curve selection). */
  | { kind: 'rank-range' }
  /** A load option as the loader's schema takes it: the allowed words when it takes a choice; `issue` is the schema's own (English) words. */
  | { kind: 'load-option'; issue: string; allowed?: string[] };

/**
 * Every code's facts read as one record, as a `crm-error` event carries them at its top level:
 * every field optional; which are set depends on the code (`CrmErrorDetails` types each code's).
 */
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
  rowRule?: RowRuleFacts;
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
  tiers?: TiersProblem;
  /** invalid-option: lifecycle day thresholds out of order. */
  thresholds?: Thresholds;
  /** invalid-option: a widget option given in an attribute that needs a particular form (`labels`: four names). */
  expectedForm?: ExpectedForm;
  /** invalid-option: the analysis needs data the input does not have (a cost column, a quantity column, a customer). */
  needs?: OptionNeeds;
  /** invalid-option (segment): what is wrong with a saved segment, in English words (`reason` is the problem's code). */
  why?: string;
  /** invalid-value: the total of the curve (revenue or profit) is not positive; `value` is that total, `count` the customers. */
  total?: string;
  /** fetch-failed, cancelled, engine: the crmkit server's address. */
  server?: string;
  /** unreadable: Parquet metadata was read but a column could not be decoded. */
  decoding?: boolean;
  /** unreadable: this browser cannot decompress gzip (no DecompressionStream). */
  unsupported?: boolean;
  /** too-large (decompressed): the compressed bytes read so far. */
  read?: number;
  /** model-fit (no-holdout): the first order day and the day before the last. */
  first?: string;
  last?: string;
  /** query: what failed (`events`: preparing the events file). */
  during?: 'events';
  /** out-of-memory, cancelled, query: the text the message starts with (a file name or what was being done). */
  context?: string;
  /** model-fit: which customer-value model could not be fitted and why (`count` of `needed` customers, or the degenerate parameter as `reason`). */
  /** invalid-rule: the problem, where (0-based `position` in the text, or a JSON `path` such as `$.all[1].op`), the bad `token`, and the `limit` passed. */
  rule?: RuleFacts;
  model?: ModelFacts;
}

/** What is wrong with a `tiers` list (invalid-option, option `tiers`; the list itself is `value`). */
export type TiersProblem =
  | { problem: 'too-few' }
  | { problem: 'no-name'; tier: number }
  | { problem: 'bad-name' | 'twice' | 'last-has-percentage' | 'no-percentage'; name: string }
  | { problem: 'not-a-percentage' | 'decimals'; name: string; percent: string }
  | { problem: 'no-rest'; total: number };

/** Lifecycle day thresholds (invalid-option when out of order). */
export interface Thresholds {
  newDays: number;
  activeDays: number;
  halfAsleepDays: number;
  dormantDays: number;
}

/** What an analysis needs that the data does not have (invalid-option). */
export type OptionNeeds = { kind: 'cost' } | { kind: 'quantity'; for: 'cost-per-unit' | 'price' } | { kind: 'customer'; id: string } | { kind: 'events' };

/** A widget option given in a form it does not take. */
export type ExpectedForm = 'four-names' | 'date-other-than-as-of' | 'customer-id' | 'compare-to';

/** Why a saved segment (a condition read from a link or storage) is refused. */
export type SegmentProblem = 'not-a-segment' | 'too-long' | 'no-name' | 'bad-tags' | 'bad-mode' | 'bad-rule' | 'bad-condition' | 'unknown-widget';

/** Row-rule facts (invalid-row-rule). */
export interface RowRuleFacts {
  problem: RowRuleProblem;
  index?: number;
  text?: string;
  token?: string;
  column?: string;
  columns?: string[];
  path?: string;
  removed?: number[];
  /** removes-all: each rule written out (as the attribute takes it), beside `removed`. */
  texts?: string[];
  /** too-many: the most rules a load takes. */
  limit?: number;
  /** A rule written in an attribute: which one (`exclude` or `keep`); `text` is the rule as written. */
  action?: 'exclude' | 'keep';
  /** syntax: what is wrong with the writing (`quote`: a quote is not closed; `between`: not "between A and B"). */
  form?: 'quote' | 'between';
  /** empty-range: the dates, the first after the second. */
  from?: string;
  to?: string;
  /** bad-shape: the schema's own (English) words for what is wrong at `path`. */
  issue?: string;
}

/** Tag-rule facts (invalid-rule). */
export interface RuleFacts {
  problem: RuleProblem;
  position?: number;
  path?: string;
  token?: string;
  limit?: number;
}

/** Customer-value model facts (model-fit). */
export interface ModelFacts {
  name: 'bgnbd' | 'gamma-gamma';
  problem: 'too-few-customers' | 'too-few-repeat' | 'degenerate' | 'no-holdout' | 'no-first-purchase';
  count?: number;
  needed?: number;
  reason?: string;
}

/**
 * Facts of an unreadable value (invalid-value) as the loader finds them: the cell, and the optional facts
 * `CrmErrorDetail` describes (`count`: how many rows of this column cannot be read).
 */
export interface ValueFacts
  extends Pick<CrmErrorDetail, 'count' | 'rows' | 'expected' | 'empty' | 'beyond' | 'idProblem' | 'unskippable' | 'headerColumns' | 'forAmount' | 'noRowReadable' | 'hint'> {
  file: string;
  column: string;
  /** 1-based data row (the first row after the header is row 1). */
  row: number;
  value: string;
}

/**
 * The typed facts of each code: what its message names. A code's detail is
 * one of the shapes listed for it; the message catalogues (`messages/`) turn
 * code + detail into text in each language.
 */
export interface CrmErrorDetails {
  'empty-file': { file: string; size?: number };
  'no-rows': { file?: string; columns?: string[] };
  'not-data':
    | { file: string; looksLike: 'image' | 'pdf' | 'gzip' | 'json-without-rows' }
    | { file: string; looksLike: 'row-not-object'; row: number };
  'html-page': { file: string };
  spreadsheet: { file: string };
  binary: { file: string };
  unreadable:
    | { encoding: string }
    | { file: string; format: 'csv'; reason: string; line: number; row?: number; size: number; limit: number }
    | { file: string; format: 'csv'; reason: string; line?: number; row?: number }
    | { file: string; format: 'json'; line: number; row: number; value: string }
    | { file: string; format: 'parquet'; reason: string; decoding?: boolean }
    | { file: string; format: 'arrow'; reason: string }
    | { file: string; format: 'gzip'; reason: string; unsupported?: boolean }
    | { file: string; reason: string };
  'fetch-failed':
    | { file: string; status: number; statusText?: string; server?: string }
    | { file: string; reason: string; interrupted?: boolean; server?: string };
  'missing-column':
    | { file: string; column: string; missing: string[]; columns: string[]; attributes: string[] }
    | { column: 'cost'; attributes: string[]; option: 'by'; value: 'profit' }
    | { column: string; columns: string[]; file?: string };
  'mapped-column-missing': { file: string; column: string; columns: string[]; attributes: string[] };
  'unknown-mapping': { file: string; column: string; known: string[] };
  'invalid-value':
    | ValueFacts
    | { total: string; count: number; value: string }
    | { file: string; column: string; count: number; rowCount: number };
  'invalid-option':
    | { option: string; value: string; accepts: OptionAccepts }
    | { option: 'tiers'; value: string; tiers: TiersProblem }
    | { option: 'thresholds'; thresholds: Thresholds }
    | { option: string; value: string; expectedForm: ExpectedForm }
    | { needs: OptionNeeds; option?: string; column?: string; value?: string }
    | { option: 'segment'; value: string; reason: SegmentProblem; why: string }
    | { option: string; value: string; reason: string };
  'too-large':
    | { file: string; limit: number; size?: number; format?: 'json'; decompressed?: boolean; decoded?: boolean; rowCount?: number; read?: number };
  'out-of-memory': { file?: string; size?: number; context?: string; decompressed?: boolean };
  cancelled: { file?: string; context?: string; server?: string };
  engine:
    | { reason: 'remote' | 'not-remote' | 'remote-filter' | 'url' | 'arrow'; server?: string }
    /** A widget whose input exists in the page only (the load's own checks, an events file), on a served data set. */
    | { reason: 'page-only'; server?: string; analysis: 'data-quality' | 'conversion-funnel' }
    | { reason: 'file-name'; value: string }
    | { reason: string; stopped: true }
    | { configured: false }
    | { reason: string; asset: string };
  query: { reason: string; context?: string; file?: string; status?: number; statusText?: string; during?: 'events' };
  'model-fit': { model: ModelFacts; value?: string; option?: string; first?: string; last?: string };
  'invalid-rule': { value: string; rule: RuleFacts };
  'invalid-row-rule': { file?: string; rowRule: RowRuleFacts };
  /** A data set that is only a per-customer table (a warehouse's output): the analysis needs the raw transactions. */
  'needs-transactions': { dataset: string; analysis?: string };
}

/** Machine-readable reason for a failure; elements translate by code. */
export type CrmErrorCode = keyof CrmErrorDetails;

/** The facts of code `C`. */
export type CrmErrorDetailOf<C extends CrmErrorCode> = CrmErrorDetails[C];

/** An error as data: its code and that code's facts (a discriminated union on `code`). */
export type CrmErrorData = { [C in CrmErrorCode]: { code: C; detail: CrmErrorDetails[C] } }[CrmErrorCode];

/** Every code, in the order the catalogues list them. */
export const CRM_ERROR_CODES = [
  'empty-file',
  'no-rows',
  'not-data',
  'html-page',
  'spreadsheet',
  'binary',
  'unreadable',
  'fetch-failed',
  'missing-column',
  'mapped-column-missing',
  'unknown-mapping',
  'invalid-value',
  'invalid-option',
  'too-large',
  'out-of-memory',
  'cancelled',
  'engine',
  'query',
  'model-fit',
  'invalid-rule',
  'invalid-row-rule',
  'needs-transactions',
] as const satisfies readonly CrmErrorCode[];

// Every code is listed above (a compile error names any that is not).
type _AllListed = Exclude<CrmErrorCode, (typeof CRM_ERROR_CODES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

/**
 * A message catalogue: one language's words for every code. `headline` is a
 * one-line summary; `message` the whole message from the code's facts.
 * Adding a language is adding one file that satisfies this type.
 */
export interface ErrorCatalogue {
  /** The BCP 47 tag of the language (`en`, `zh-Hant`, `zh-Hans`). */
  lang: string;
  headline: Record<CrmErrorCode, string>;
  message: { [C in CrmErrorCode]: (detail: CrmErrorDetailOf<C>) => string };
}

/** The message of `data` in `catalogue`. */
export function formatError(catalogue: ErrorCatalogue, data: CrmErrorData): string {
  const say = catalogue.message[data.code] as (d: CrmErrorData['detail']) => string;
  return say(data.detail);
}

