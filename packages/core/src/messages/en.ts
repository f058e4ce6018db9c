/**
 * English: every code's message from its facts. `CrmError` writes its
 * `message` with this catalogue, so Node users and logs read the same text the
 * English error box shows.
 */
import type { CrmErrorDetail, ErrorCatalogue, IdProblem, OptionAccepts, RuleProblem, TiersProblem } from '../error-types.js';
import { formatBytes } from '../loaders/bytes.js';

const clip = (s: string, n = 60) => (s.length > n ? s.slice(0, n) + '…' : s);
const headerList = (headers: readonly string[]) =>
  headers.length === 0 ? '(none)' : headers.slice(0, 12).map((h) => `"${clip(h, 40)}"`).join(', ') + (headers.length > 12 ? `, and ${headers.length - 12} more` : '');
const prefix = (context: string | undefined) => (context ? `${context}: ` : '');

/** What an option takes, as the sentence after "expected". */
export function acceptsText(a: OptionAccepts): string {
  switch (a.kind) {
    case 'choice':
      return `${a.many ? 'some' : 'one'} of ${a.allowed.join(', ')}`;
    case 'date':
      return 'a date as YYYY-MM-DD, e.g. 2024-03-31';
    case 'days':
      return `a whole number of days from ${a.min} to ${a.max}`;
    case 'number': {
      const lower = a.min !== undefined ? ` ${a.exclusiveMin ? '>' : '≥'} ${a.min}` : '';
      const upper = a.max !== undefined ? `${lower ? ' and' : ''} ${a.exclusiveMax ? '<' : '≤'} ${a.max}` : '';
      return `${a.integer ? 'an integer' : 'a number'}${lower}${upper}`;
    }
    case 'time-zone':
      return 'a time zone name such as "Asia/Taipei", "America/New_York" or "UTC"';
    case 'text':
      return a.min ? `${a.min} to ${a.max} characters` : `at most ${a.max} characters`;
    case 'url':
      return 'an http(s) URL';
    case 'column-name':
      return 'a column name: a lowercase letter, then lowercase letters, digits or _ (at most 31), not a column the list has already';
    case 'event-steps':
      return a.distinct ? 'different event names when order="any"' : `from ${a.min} to ${a.max} event names separated by commas, e.g. visit,add_to_cart,purchase`;
    case 'duration':
      return `a duration such as 30m, 24h, 7d or 2w, up to ${a.maxDays} days`;
    case 'step':
      return `a step from ${a.min} to ${a.max}`;
    case 'rank-range':
      return 'a range of ranks';
    case 'load-option':
      return a.issue;
  }
}

const TIERS_EXAMPLE = 'expected e.g. "diamond:5,gold:15,regular": from the top, each tier\'s name and percentage, and a last tier without a percentage that takes the rest';

function tiersText(t: TiersProblem): string {
  switch (t.problem) {
    case 'too-few':
      return 'at least two tiers are needed';
    case 'no-name':
      return `tier ${t.tier} has no name`;
    case 'bad-name':
      return `"${t.name}" is not a tier name (letters, digits, spaces, - and _, at most 40)`;
    case 'twice':
      return `"${t.name}" appears twice`;
    case 'last-has-percentage':
      return `the last tier ("${t.name}") takes the rest: give it no percentage`;
    case 'no-percentage':
      return `"${t.name}" needs a percentage, e.g. ${t.name}:5`;
    case 'not-a-percentage':
      return `"${t.percent}" (for ${t.name}) is not a percentage above 0`;
    case 'decimals':
      return `${t.percent} % (for ${t.name}) has more than two decimals`;
    case 'no-rest':
      return `the percentages add up to ${t.total} %, leaving nothing for the last tier`;
  }
}

const RULE_FIELDS = 'orders, lines, revenue, cost, profit, quantity, first_order, last_order, days_since_last, tenure_days, average_order';

function ruleText(r: { problem: RuleProblem; position?: number; path?: string; token?: string; limit?: number }): string {
  const at = r.position !== undefined ? ` at position ${r.position}` : r.path ? ` at ${r.path}` : '';
  const tok = r.token !== undefined ? ` "${r.token}"` : '';
  switch (r.problem) {
    case 'empty':
      return 'the rule is empty';
    case 'too-long':
      return `the rule is longer than ${r.limit} characters`;
    case 'too-deep':
      return `the rule nests deeper than ${r.limit} levels${at}`;
    case 'too-many':
      return `the rule has more than ${r.limit} conditions`;
    case 'bad-character':
      return `unexpected character${tok}${at}`;
    case 'unclosed-string':
      return `a quoted value is not closed${at}`;
    case 'unexpected-token':
      return `unexpected${tok}${at}`;
    case 'unexpected-end':
      return 'the rule ends too early (a condition or a closing parenthesis is missing)';
    case 'unknown-field':
      return `unknown field${tok}${at} (fields: ${RULE_FIELDS})`;
    case 'bad-operator':
      return `unknown operator${tok}${at} (operators: > >= < <= = !=)`;
    case 'bad-value':
      return `the value${tok}${at} does not fit its field (a number below 10^15 for number fields, a date YYYY-MM-DD for dates)`;
    case 'bad-shape':
      return `${tok ? `unexpected key${tok}` : 'not a rule'}${at} (expected all, any, not, or field + op + value)`;
  }
}

const ID_PROBLEM: Record<IdProblem, string> = {
  'control-character': 'contains a control character, which an id cannot hold (a sign of a damaged export)',
  fraction: 'is not a usable id: a number used as an id must be a whole number',
  inexact: `is not a usable id: it is a number above ${Number.MAX_SAFE_INTEGER} (2^53 − 1) stored as floating point, whose last digits may not be the file's. Store ids as text or as 64-bit integers`,
  boolean: 'is not a usable id: true/false is not an identifier',
  duplicate: 'appears on more than one row: a per-customer table has one row per customer',
};

/** "the cell is empty" / `"ten" is not a number`: what is wrong with an unreadable value. */
function badValue(d: CrmErrorDetail): string {
  if (d.empty) return 'the cell is empty';
  const v = `"${clip(d.value ?? '')}"`;
  if (d.headerColumns !== undefined) return `${v} is past the header's ${d.headerColumns} column${d.headerColumns === 1 ? '' : 's'}: the row has more fields than the header (a value holding the delimiter needs quotes)`;
  if (d.idProblem) return `${v} ${ID_PROBLEM[d.idProblem]}`;
  switch (d.expected) {
    case 'number':
      return `${v} ${d.beyond !== undefined ? 'is too large (crmkit reads numbers below 10^15 in absolute value)' : d.forAmount ? 'is not a number (needed for the amount)' : 'is not a number'}`;
    case 'date':
    case 'timestamp':
      return `${v} is not a date`;
    case 'id':
      return `${v} is not a usable id`;
    default:
      return `${v} cannot be read`;
  }
}

function hintText(d: CrmErrorDetail): string {
  const h = d.hint;
  if (!h) return '';
  if (h.kind === 'date-format') {
    const sep = /\d([/.-])/.exec(h.example)?.[1] ?? '/';
    return ` Dates like "${h.example}" need date-format="%d${sep}%m${sep}%Y" (day first) or "%m${sep}%d${sep}%Y" (month first).`;
  }
  if (h.kind === 'decimal') return ` Amounts like "${h.example}" written with a decimal comma need decimal=",".`;
  return ` Row ${d.row} seems to use a different delimiter (${h.delimiter === '\t' ? 'tab' : `"${h.delimiter}"`}) than the header.`;
}

const MODEL_NAME = { bgnbd: 'BG/NBD model', 'gamma-gamma': 'Gamma-Gamma spend model' } as const;

export const en: ErrorCatalogue = {
  lang: 'en',
  headline: {
    'empty-file': 'The file is empty',
    'no-rows': 'The file has no rows',
    'not-data': 'This is not a data file',
    'html-page': 'The address leads to a web page, not a data file',
    spreadsheet: 'This is an Excel workbook: save it as CSV',
    binary: 'This is not a text (CSV) file',
    unreadable: 'The file cannot be read',
    'fetch-failed': 'The file cannot be downloaded',
    'missing-column': 'A required column is missing',
    'mapped-column-missing': 'The mapped column does not exist',
    'unknown-mapping': 'Unknown column mapping',
    'invalid-value': 'Some values cannot be read',
    'invalid-option': 'A setting is not valid',
    'too-large': 'The file is too large',
    'out-of-memory': 'The browser ran out of memory',
    cancelled: 'Loading was cancelled',
    engine: 'The analysis engine is not available',
    query: 'The query failed',
    'model-fit': 'Not enough data for the customer-value model',
    'invalid-rule': 'The tag rule is not valid',
    'invalid-row-rule': 'The row rule is not valid',
    'needs-transactions': 'This analysis needs the raw transactions',
  },
  message: {
    'empty-file': (d) => (d.size === 0 ? `${d.file} is empty (0 bytes).` : `${d.file} is empty.`),
    'no-rows': (d) =>
      d.columns ? `${d.file} has column names (${d.columns.slice(0, 6).join(', ')}) but no rows of data.` : d.file ? `${d.file} has no rows.` : 'the per-customer table has no rows',
    'not-data': (d) => {
      switch (d.looksLike) {
        case 'image':
          return `${d.file} is an image, not a data file. Use a CSV, Parquet, JSON or Arrow file.`;
        case 'pdf':
          return `${d.file} is a PDF document, not a data file. Export the data as CSV.`;
        case 'gzip':
          return `${d.file} is gzip-compressed twice (a .gz inside a .gz). Decompress it once, then load it.`;
        case 'json-without-rows':
          return `${d.file} is JSON but not a list of rows. Expected [{"customer_id": …}, …] or {"data": [...]}.`;
        case 'row-not-object':
          return `${d.file}: row ${d.row} is not an object with named fields.`;
      }
    },
    'html-page': (d) => `${d.file} is a web page (HTML), not data. The link may lead to an error or sign-in page; check the address.`,
    spreadsheet: (d) => `${d.file} is an Excel workbook or a zip archive, not a CSV. In Excel use "Save As" → "CSV UTF-8", then load that file.`,
    binary: (d) => `${d.file} is not a text (CSV) file: it contains binary data. Use a CSV, Parquet, JSON or Arrow file.`,
    unreadable: (d) => {
      if ('encoding' in d) return `This browser cannot decode the "${d.encoding}" text encoding.`;
      if (!('format' in d)) return `${d.file} could not be read (${d.reason}). Pick the file again; if it is very large, export a smaller one (fewer months or columns).`;
      switch (d.format) {
        case 'csv':
          if ('size' in d) return `${d.file} could not be read as CSV: ${d.reason}. Check that the file is a CSV export and not one very long value.`;
          return `${d.file} could not be read as CSV${d.line ? ` near line ${d.line}` : ''}: ${d.reason}`;
        case 'json':
          return `${d.file} is not valid JSON: line ${d.line} cannot be read ("${d.value.slice(0, 60)}").`;
        case 'parquet':
          return d.decoding ? `${d.file} could not be decoded as Parquet (${d.reason}).` : `${d.file} is not a readable Parquet file (${d.reason}).`;
        case 'arrow':
          return `${d.file} is not a readable Arrow IPC file (${d.reason}).`;
        case 'gzip':
          return d.unsupported
            ? `${d.file} is gzip-compressed, and this browser cannot decompress it (no DecompressionStream). Decompress it first, or use a current browser.`
            : `${d.file} is not a readable gzip file (${d.reason}). It may be damaged or cut short: download or export it again.`;
      }
    },
    'fetch-failed': (d) => {
      if ('status' in d) {
        if (d.server) return `The crmkit server answered ${d.status} ${d.statusText ?? ''}.`.replace(' .', '.');
        return `${d.file} could not be downloaded: the server answered ${d.status}${d.statusText ? ' ' + d.statusText : ''}.`;
      }
      if (d.server) return `The crmkit server at ${d.server} cannot be reached (${d.reason}).`;
      if (d.interrupted) return `${d.file} stopped downloading (${d.reason}).`;
      return `${d.file} could not be downloaded (${d.reason}). Check the address and that the server allows this page to read it.`;
    },
    'missing-column': (d) => {
      if ('missing' in d)
        return `${d.file} has no ${d.missing.map((n) => `"${n}"`).join(' or ')} column${d.missing.length > 1 ? 's' : ''}. Columns found: ${headerList(d.columns ?? [])}. Rename the column or map it, e.g. ${d.attributes.map((a) => `${a}="…"`).join(' ')}.`;
      if ('option' in d) return 'by="profit" needs a cost column, and the loaded data has none. Map your cost column on <crm-source> (e.g. map-cost="Cost"), or use by="revenue".';
      return `${d.file ?? 'the per-customer table'} lacks the column "${d.column}"; its columns: ${headerList(d.columns ?? [])}`;
    },
    'mapped-column-missing': (d) => `The mapping ${d.attributes[0]}="${d.column}" names a column that ${d.file} does not have. Columns found: ${headerList(d.columns ?? [])}.`,
    'unknown-mapping': (d) => `"${d.column}" is not a crmkit column. Known columns: ${d.known.join(', ')}.`,
    'invalid-value': (d) => {
      if ('total' in d) return `The total ${d.total} of the ${d.count} customers shown is ${d.value}, not positive, so shares of it are undefined: the Pareto curve needs a positive total.`;
      if (!('row' in d)) return `${d.file}, column "${d.column}": ${d.count} of ${d.rowCount} rows are empty or unreadable.`;
      const bad = badValue(d);
      if (d.noRowReadable) return `${d.file}: no row could be read. Column "${d.column}", row ${d.row}: ${bad}.${hintText(d)}`;
      const others = (d.count ?? 1) > 1 ? ` ${d.count} rows in this column cannot be read (first rows: ${(d.rows ?? []).join(', ')}).` : '';
      if (d.unskippable) return `${d.file}, column "${d.column}", row ${d.row}: ${bad}.${others} Fix the data: this column mixes text and numbers, and such a column cannot skip rows.`;
      return `${d.file}, column "${d.column}", row ${d.row}: ${bad}.${others}${hintText(d)} Fix the file, or set on-invalid="skip" to load the other rows.`;
    },
    'invalid-option': (d) => {
      if ('thresholds' in d) {
        const t = d.thresholds;
        return `invalid lifecycle thresholds: new-days ${t.newDays}, active-days ${t.activeDays}, half-asleep-days ${t.halfAsleepDays}, dormant-days ${t.dormantDays} (expected new-days ≤ active-days < half-asleep-days < dormant-days)`;
      }
      if ('tiers' in d) return `invalid tiers: "${d.value}" — ${tiersText(d.tiers)} (${TIERS_EXAMPLE})`;
      if ('needs' in d) {
        const n = d.needs;
        switch (n.kind) {
          case 'cost':
            return 'Cost to serve is unknown: the data has no cost column. Set cost-per-order (and/or cost-per-unit) on the widget, e.g. cost-per-order="5", or map a cost column on <crm-source> (map-cost="…").';
          case 'quantity':
            return n.for === 'price'
              ? 'x="price" (average price realised) needs a quantity column, and the data has none: map one on <crm-source> (map-quantity="…") or use x="revenue".'
              : 'cost-per-unit needs a quantity column, and the data has none: map one on <crm-source> (map-quantity="…") or use cost-per-order.';
          case 'customer':
            return `No customer has the id "${n.id.slice(0, 60)}" in this data.`;
          case 'events':
            return 'no events are loaded: the conversion funnel reads an events file (<crm-source events="…">)';
        }
      }
      if ('expectedForm' in d) {
        switch (d.expectedForm) {
          case 'four-names':
            return `invalid ${d.option}: ${d.value} (expected four comma-separated names: high x & high cost, high x & low cost, low x & high cost, low x & low cost)`;
          case 'date-other-than-as-of':
            return `invalid ${d.option}: ${d.value} (it is the as-of date; choose another date to compare with)`;
          case 'customer-id':
            return `invalid ${d.option}: ${d.value} (expected a customer id of 1 to 256 characters)`;
          case 'compare-to':
            return 'transitions need compare-to: a second date to compare as-of with';
        }
      }
      if ('why' in d) return `invalid segment: ${d.why}`;
      if ('accepts' in d) {
        const a = d.accepts;
        if (a.kind === 'time-zone') return `Invalid time-zone "${clip(d.value)}": expected a time zone name such as "Asia/Taipei", "America/New_York" or "UTC".`;
        if (a.kind === 'load-option') return `Invalid load option: ${d.option}: ${a.issue}`;
        if (a.kind === 'text' && !a.min) return `the ${d.option} text is longer than ${a.max} characters`;
        if (a.kind === 'column-name') return `invalid label column: ${d.value}`;
        if (a.kind === 'rank-range') return `${d.option}: the key must be a range of ranks`;
        return `invalid ${d.option}: ${d.value} (expected ${acceptsText(a)})`;
      }
      return `invalid ${d.option}: ${d.value} (${d.reason})`;
    },
    'too-large': (d) => {
      const advice = 'Load a smaller export (fewer months or columns), or use a server-side engine.';
      if (d.format === 'json' && d.size !== undefined)
        return `${d.file} (${formatBytes(d.size)}) is larger than this page reads as JSON (${formatBytes(d.limit)}): reading JSON takes several times its size in memory. Export CSV or Parquet instead, or a smaller file.`;
      if (d.decompressed) return `${d.file} decompresses to more than this page accepts (${formatBytes(d.limit)}${d.read !== undefined ? `; ${formatBytes(d.read)} compressed read so far` : ''}). ${advice}`;
      if (d.decoded && d.size !== undefined && d.rowCount !== undefined)
        return `${d.file} holds ${d.rowCount.toLocaleString('en-US')} rows, about ${formatBytes(d.size)} once decoded: more than this page accepts (${formatBytes(d.limit)}). ${advice}`;
      if (d.size !== undefined) return `${d.file} (${formatBytes(d.size)}) is larger than this page accepts (${formatBytes(d.limit)}). ${advice}`;
      return `${d.file} is larger than this page accepts (${formatBytes(d.limit)}). ${advice}`;
    },
    'out-of-memory': (d) => {
      if (d.file && d.size !== undefined) return `${d.file} (${formatBytes(d.size)}${d.decompressed ? ' decompressed' : ''}) is too large for this browser tab's memory. Try a smaller file or fewer columns.`;
      return `${prefix(d.context)}the data is too large for this browser tab's memory. Try a smaller file or fewer columns.`;
    },
    cancelled: (d) => {
      if (d.server !== undefined) return 'The request to the server was cancelled.';
      if (d.context !== undefined) return `${prefix(d.context)}loading was cancelled.`;
      return d.file ? `Loading ${d.file} was cancelled.` : 'Loading was cancelled.';
    },
    engine: (d) => {
      if ('configured' in d)
        return 'crmkit: the DuckDB engine files are not configured. Import "crmkit" (it ships them and finds them by itself) or call setAssetBase(url) with the folder holding duckdb-eh.wasm and duckdb-browser-eh.worker.js.';
      if ('stopped' in d) return `The analysis engine stopped (${d.reason}). The data has to be loaded again.`;
      if ('asset' in d) return `crmkit: the DuckDB engine could not start (${d.reason}). Check that ${d.asset} is served.`;
      switch (d.reason) {
        case 'remote':
          return `This data is served by ${d.server ?? 'a crmkit server'}: the page sends no SQL, only the analyses crmkit's server offers; this one runs on data loaded in the page (<crm-source src="…">).`;
        case 'page-only':
          return d.analysis === 'data-quality'
            ? `The data-quality report checks a file as the page loads it (its duplicates, bad values and rows set aside); this data is served by ${d.server ?? 'a crmkit server'} and not loaded in the page. To check a file, load it in the page: <crm-source src="…">.`
            : `The conversion funnel reads an events file loaded in the page; this data is served by ${d.server ?? 'a crmkit server'}, which serves no events. Load the orders and the events in the page: <crm-source src="…" events="…">.`;
        case 'not-remote':
          return 'This data set is not served by a crmkit server.';
        case 'remote-filter':
          return 'This filter was not made by a crmkit widget on this data, so it cannot be sent to the server (which takes clauses, not SQL).';
        case 'url':
          return 'The server reads the files its configuration names; it does not fetch URLs.';
        case 'arrow':
          return 'The server engine reads CSV, Parquet and DuckDB files; Arrow and JSON inputs are loaded in the page.';
        case 'file-name':
          return `invalid file name: ${d.value}`;
      }
      return `The analysis engine failed (${(d as { reason: string }).reason}).`;
    },
    query: (d) => (d.during === 'events' ? `${d.file}: the events could not be prepared (${d.reason}).` : `${prefix(d.context)}${d.reason}`),
    'model-fit': (d) => {
      const m = d.model;
      switch (m.problem) {
        case 'too-few-customers':
          return `The BG/NBD model needs at least ${m.needed} customers in the calibration period; there are ${m.count}.`;
        case 'too-few-repeat':
          return m.name === 'gamma-gamma'
            ? `The Gamma-Gamma spend model needs at least ${m.needed} customers who bought again (with a positive average repeat purchase); there are ${m.count}.`
            : `The BG/NBD model needs at least ${m.needed} customers who bought again in the calibration period; there are ${m.count}.`;
        case 'no-first-purchase':
          return 'The BG/NBD model needs customers whose first purchase is before the end of the calibration period.';
        case 'no-holdout':
          return d.first && d.last
            ? `The holdout check needs calibration-end between the first order day (${d.first}) and the day before the last (${d.last}); it is ${d.value}.`
            : 'The holdout check needs calibration-end before the last order day.';
        case 'degenerate':
          if (m.reason === 'non-finite prediction') return 'The fitted BG/NBD model gives no finite prediction for some customers: the data do not say enough about repeat buying and drop-out.';
          return m.name === 'gamma-gamma'
            ? `The Gamma-Gamma fit did not settle on usable parameters (${m.reason}): repeat purchase values vary too little or too wildly between customers.`
            : `The BG/NBD fit did not settle on usable parameters (${m.reason}): the data do not say enough about repeat buying and drop-out.`;
      }
      return `The ${MODEL_NAME[m.name]} could not be fitted.`;
    },
    'invalid-rule': (d) => `Invalid rule: ${ruleText(d.rule)}.`,
    'needs-transactions': (d) =>
      `"${d.dataset}" is a precomputed per-customer table (one row per customer, no transactions): ${d.analysis ? `${d.analysis} with these options` : 'this analysis'} needs the raw transactions (dates inside a customer's history: windows, other as-of dates, lifecycle moves between dates, the KPI windows, the card's timeline, predicted value, tags). Serve the transactions for it, or use the analyses the table holds (pyramid, RFM, Pareto, matrix, list).`,
    'invalid-row-rule': (d) => {
      const r = d.rowRule;
      const n = (r.index ?? 0) + 1;
      const head = r.action ? `${r.action} rule ${n} ("${r.text ?? ''}")` : `Row rule ${n}`;
      switch (r.problem) {
        case 'syntax':
          if (r.form === 'quote') return `${head}: a quote is not closed.`;
          if (r.form === 'between') return `${head}: write "between YYYY-MM-DD and YYYY-MM-DD".`;
          return `${head} is not a rule: write "column op value", e.g. order_id starts-with C.`;
        case 'unknown-op':
          return `${head}: "${r.token}" is not a rule; use =, in, starts-with, between, from or to.`;
        case 'empty-value':
          return r.action ? `${head} has no value after "${r.token}".` : `${head} ("${r.token ?? 'between'}") needs from, to or both.`;
        case 'bad-date':
          return `${head}: "${r.token}" is not a date written YYYY-MM-DD.`;
        case 'empty-range':
          return r.action ? `${head}: ${r.from} is after ${r.to}.` : `${head}: ${r.from} is after ${r.to}.`;
        case 'bad-shape':
          if (!r.path) return 'Row rules are a list of rules.';
          return `${head} is not a valid rule (${r.path}${r.issue ? `: ${r.issue}` : ''}). A rule is { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }.`;
        case 'too-many':
          return r.action ? `${r.action}: at most ${r.limit ?? 50} rules (${r.token} given).` : `At most ${r.limit ?? 50} row rules (${r.token} given).`;
        case 'unknown-column':
          return `${head}: ${d.file ?? 'the data'} has no column "${r.column}". Its columns: ${(r.columns ?? []).slice(0, 20).join(', ')}.`;
        case 'removes-all':
          return `${d.file ?? 'the data'}: the row rules leave no rows (${(r.removed ?? []).map((k, i) => (r.texts?.[i] ? `"${r.texts[i]}" removes ${k}` : `rule ${i + 1} removes ${k}`)).join(', ')}).`;
      }
    },
  },
};
