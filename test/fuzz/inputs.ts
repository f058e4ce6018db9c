/**
 * Property-based inputs for the loader: CSV and JSON files built from rows whose meaning is known by
 * construction, and an independent model of the README's "Data rules" that says what loading each
 * must give (rows, customers, total amount, returns, duplicates, rejected rows) or which error.
 *
 * Nothing here calls crmkit: a cell is generated together with what it means (its id, ISO date or
 * number, or "unreadable"), and the expected figures are plain sums over those meanings.
 * Used by test/browser/fuzz.test.ts (a seeded run in the browser suite) and `pnpm fuzz` (longer runs).
 */
import fc from 'fast-check';

/** A cell as written in the file, with what the data rules read from it (`null`: unreadable or empty). */
export interface Cell<T> {
  text: string;
  value: T | null;
}

export interface FuzzRow {
  id: Cell<string>;
  date: Cell<string>;
  amount: Cell<number>;
  /** Only when the file has a product column. Text is kept as written; empty is no product. */
  product?: string;
  /** In a JSON file, the id written as a number or boolean instead of `id.text` (when set). */
  jsonId?: JsonId;
}

export type Delimiter = ',' | ';' | '\t' | '|';
export type LineEnding = '\n' | '\r\n' | '\r' | 'mixed';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le';

export interface CsvShape {
  format: 'csv';
  delimiter: Delimiter;
  quoteAll: boolean;
  /** A careless writer: values holding the delimiter are not quoted (unless they need quotes anyway), so their rows have more fields than the header. */
  sloppy: boolean;
  lineEnding: LineEnding;
  /** Per line, for mixed line endings: CRLF (true) or LF. */
  crlf: boolean[];
  trailingNewline: boolean;
  encoding: TextEncoding;
  chineseHeaders: boolean;
}

export interface JsonShape {
  format: 'json';
  ndjson: boolean;
  bom: boolean;
  /** Write plain amounts as JSON numbers (else as text). */
  numbers: boolean;
  /** Write whole-number ids without leading zeros as JSON numbers. */
  numericIds: boolean;
}

export interface FuzzInput {
  rows: FuzzRow[];
  hasProduct: boolean;
  /** Column order in the file: a permutation of the present columns. */
  order: number[];
  onInvalid: 'error' | 'skip';
  shape: CsvShape | JsonShape;
}

export type Expected =
  | { kind: 'load'; rows: number; customers: number; total: number; returns: number; duplicates: number; rejected: number; magnitude: number }
  | { kind: 'error'; code: 'invalid-value' | 'unreadable' };

// ---------------------------------------------------------------- cells

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Customer ids: a small pool (so customers repeat), Chinese, leading zeros, digits near 2^53, padding, quotes, delimiters; or empty. */
const idCell: fc.Arbitrary<Cell<string>> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }).map((n) => ({ text: `C${n}`, value: `C${n}` })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ text: `客戶${n}`, value: `客戶${n}` })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ text: `00${n}`, value: `00${n}` })) },
  { weight: 2, arbitrary: fc.integer({ min: 101, max: 105 }).map((n) => ({ text: String(n), value: String(n) })) },
  // Ids near 2^53 = 9007199254740992: in CSV every value is text, kept digit for digit.
  { weight: 2, arbitrary: fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }).map((b) => ({ text: b.toString(), value: b.toString() })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ text: ` C${n}  `, value: `C${n}` })) },
  { weight: 1, arbitrary: fc.constantFrom('a,b', 'x"y', 'semi;colon', 'pi|pe', "O'Brien").map((s) => ({ text: s, value: s })) },
  // Control characters are never part of an id (a damaged export).
  { weight: 1, arbitrary: fc.constantFrom('C\u0007', 'bell\u001bx', 'a\u0085b').map((text) => ({ text, value: null })) },
  { weight: 1, arbitrary: fc.constant({ text: '', value: null }) },
);

/**
 * How a JSON file writes an id: as the CSV text (a JSON string), or as a JSON number or boolean written
 * out literally. Numbers must be whole and at most 2^53 − 1 (JSON.parse reads 9007199254740993 as
 * …992); true/false is never an id.
 */
export interface JsonId {
  literal: string;
  value: string | null;
  type: 'string' | 'number' | 'boolean';
}
const jsonIdArb: fc.Arbitrary<JsonId | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.integer({ min: 101, max: 105 }).map((n) => ({ literal: String(n), value: String(n), type: 'number' as const })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<[string, string | null]>(['9007199254740991', '9007199254740991'], ['9007199254740993', null], ['9007199254740992', null], ['12.5', null], ['103.0', '103'], ['1e2', '100'])
      .map(([literal, value]) => ({ literal, value, type: 'number' as const })),
  },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false').map((literal) => ({ literal, value: null, type: 'boolean' as const })) },
);

const LAYOUTS = ['iso', 'iso-short', 'slash', 'compact', 'dot', 'zh'] as const;
const TIMES = ['', '', '', ' 10:30', 'T08:00:00', 'T08:00:00Z', 'T23:30:00-05:00', 'T00:30:00+08:00', ' 23:59:59'] as const;

/** Whether year-month-day is a calendar date in the years the rules accept (1900–2100). */
function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Order dates in the documented layouts, with times and zones after them (the date as written counts); impossible dates; words. */
const dateCell: fc.Arbitrary<Cell<string>> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        y: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1998, max: 2030 }) }, { weight: 1, arbitrary: fc.integer({ min: 1850, max: 2150 }) }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.integer({ min: 29, max: 31 }) }),
        layout: fc.constantFrom(...LAYOUTS),
        time: fc.constantFrom(...TIMES),
      })
      .map(({ y, m, d, layout, time }) => {
        const date =
          layout === 'iso' ? `${y}-${pad(m)}-${pad(d)}`
          : layout === 'iso-short' ? `${y}-${m}-${d}`
          : layout === 'slash' ? `${y}/${pad(m)}/${pad(d)}`
          : layout === 'compact' ? `${y}${pad(m)}${pad(d)}`
          : layout === 'dot' ? `${y}.${pad(m)}.${pad(d)}`
          : `${y}年${m}月${d}日`;
        // A time is written after ISO-like dates only (as exports do).
        const t = layout === 'zh' || layout === 'compact' ? '' : time;
        return { text: date + t, value: isoDate(y, m, d) };
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'yesterday', 'infinity', 'epoch', 'n/a').map((text) => ({ text, value: null })) },
);

/** Amounts: whole, cents, tiny and large values, zero; written plain, with separators, currencies, signs, parentheses, exponents; or unreadable. */
const amountCell: fc.Arbitrary<Cell<number>> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        cents: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: -100_000, max: 1_000_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: -99_999_999_999, max: 999_999_999_999 }) },
          { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 100, 5) },
        ),
        form: fc.constantFrom('plain', 'plain', 'plain', 'grouped', 'dollar', 'nt', 'yen', 'eur-code', 'yuan', 'paren', 'minus-sign', 'plus'),
      })
      .map(({ cents, form }) => money(cents, form)),
  },
  {
    weight: 2,
    // Exponents and edge values, written as JavaScript writes them (1e-7, 1.5e+21 …) or by hand.
    arbitrary: fc
      .constantFrom<[string, number]>(
        ['1e3', 1000],
        ['2.5e-1', 0.25],
        ['-1e-5', -0.00001],
        ['1E3', 1000],
        ['0.1', 0.1],
        ['0.2', 0.2],
        ['.5', 0.5],
        ['5.', 5],
        ['-0', -0],
        ['00012', 12],
        ['123456789012.34', 123456789012.34],
        ['999999999999999', 999999999999999],
        ['-999999999999999.5', -999999999999999.5],
        ['1e-300', 1e-300],
      )
      .map(([text, value]) => ({ text, value })),
  },
  // Unreadable: words, infinities, 1_000, overflow; and numbers of 10^15 or more in absolute value (too large).
  { weight: 1, arbitrary: fc.constantFrom('', 'ten', 'n/a', 'inf', 'NaN', '1_000', '1.2.3', '1e400', '$', '1e15', '-1e15', '1e308', '9007199254740993', '"1,000,000,000,000,000"').map((text) => ({ text: text.replaceAll('"', ''), value: null })) },
);

/** An amount of `cents` hundredths written in one of the documented forms. */
function money(cents: number, form: string): Cell<number> {
  const value = cents / 100;
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100 ? `.${pad(abs % 100)}` : '';
  const plainAbs = `${whole}${frac}`;
  const grouped = `${whole.toLocaleString('en-US')}${frac}`;
  const sign = neg ? '-' : '';
  switch (form) {
    case 'grouped':
      return { text: `${sign}${grouped}`, value };
    case 'dollar':
      return { text: `${sign}$${plainAbs}`, value };
    case 'nt':
      return { text: `NT$${sign}${grouped}`, value };
    case 'yen':
      return { text: `${sign}¥${plainAbs}`, value };
    case 'eur-code':
      return { text: `EUR ${sign}${plainAbs}`, value };
    case 'yuan':
      return { text: `${sign}${plainAbs}元`, value };
    case 'paren':
      return { text: neg ? `(${plainAbs})` : plainAbs, value };
    case 'minus-sign':
      return { text: `${neg ? '−' : ''}${plainAbs}`, value };
    case 'plus':
      return { text: neg ? `-${plainAbs}` : `+${plainAbs}`, value };
    default:
      return { text: String(value), value };
  }
}

/** Products: short, Chinese, with delimiters, quotes and newlines, starting with a newline, very long; or empty. */
const productText: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('Tea', 'Cake', '珍珠奶茶', 'Gift box', 'café') },
  { weight: 6, arbitrary: fc.constantFrom('a,b', 'x;y', 'p|q', 'say "hi"', 'Tea\n', 'a,b\nc', '\nlate', 'two\nlines\nhere', 'tab\there') },
  // Rare, as long values make a load slower.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 3, arbitrary: fc.constant('') },
);

// ---------------------------------------------------------------- files

const rowArb = (hasProduct: boolean): fc.Arbitrary<FuzzRow> =>
  fc.record({ id: idCell, jsonId: jsonIdArb, date: dateCell, amount: amountCell, product: hasProduct ? productText : fc.constant(undefined) }).map((r) => {
    const row: FuzzRow = { id: r.id, date: r.date, amount: r.amount };
    if (r.jsonId) row.jsonId = r.jsonId;
    if (hasProduct) row.product = r.product;
    return row;
  });

const csvShape: fc.Arbitrary<CsvShape> = fc.record({
  format: fc.constant('csv' as const),
  delimiter: fc.constantFrom<Delimiter>(',', ',', ';', '\t', '|'),
  quoteAll: fc.boolean(),
  sloppy: fc.boolean(),
  lineEnding: fc.constantFrom<LineEnding>('\n', '\n', '\r\n', '\r\n', '\r', 'mixed'),
  crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
  trailingNewline: fc.boolean(),
  encoding: fc.constantFrom<TextEncoding>('utf-8', 'utf-8', 'utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'utf-16le'),
  chineseHeaders: fc.boolean(),
});

const jsonShape: fc.Arbitrary<JsonShape> = fc.record({
  format: fc.constant('json' as const),
  ndjson: fc.boolean(),
  bom: fc.boolean(),
  numbers: fc.boolean(),
  numericIds: fc.boolean(),
});

/** A whole input: rows (1–40; sometimes a run of repeated rows), columns in any order, CSV or JSON, on-invalid error or skip. */
export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.boolean().chain((hasProduct) =>
  fc
    .record({
      rows: fc.array(rowArb(hasProduct), { minLength: 1, maxLength: 40 }),
      repeat: fc.nat({ max: 3 }),
      order: fc.shuffledSubarray([0, 1, 2, 3].slice(0, hasProduct ? 4 : 3), { minLength: hasProduct ? 4 : 3, maxLength: hasProduct ? 4 : 3 }),
      onInvalid: fc.constantFrom<'error' | 'skip'>('error', 'skip', 'skip'),
      shape: fc.oneof({ weight: 4, arbitrary: csvShape as fc.Arbitrary<CsvShape | JsonShape> }, { weight: 1, arbitrary: jsonShape }),
    })
    // Repeated rows (a till without order numbers) make duplicates.
    .map(({ rows, repeat, ...rest }) => ({ ...rest, hasProduct, rows: [...rows, ...rows.slice(0, repeat)] }))
);

/** A CSV line longer than the reader takes (2,000,000 bytes): an input on its own, rarely drawn. */
export const longLineInput: fc.Arbitrary<FuzzInput> = fc.record({ extra: fc.integer({ min: 1, max: 50_000 }), at: fc.nat({ max: 5 }) }).map(({ extra, at }) => {
  const rows: FuzzRow[] = Array.from({ length: 6 }, (_, i) => ({ id: { text: `C${i}`, value: `C${i}` }, date: { text: '2024-01-05', value: '2024-01-05' }, amount: { text: '1', value: 1 }, product: 'p' }));
  rows[at].product = 'x'.repeat(2_000_000 + extra);
  return { rows, hasProduct: true, order: [0, 1, 2, 3], onInvalid: 'skip', shape: { format: 'csv', delimiter: ',', quoteAll: false, sloppy: false, lineEnding: '\n', crlf: [false], trailingNewline: true, encoding: 'utf-8', chineseHeaders: false } };
});

const HEADERS = { en: ['customer_id', 'order_date', 'amount', 'product'], zh: ['客戶編號', '日期', '金額', '商品'] };

/** Values any writer quotes: quotes, line breaks, spaces at either end. */
const needsQuotes = (s: string) => /["\n\r]/.test(s) || s !== s.trim();

/** Whether a careless writer leaves a value holding the delimiter unquoted in this row, splitting it. */
function splitRow(input: FuzzInput, r: FuzzRow): boolean {
  const s = input.shape;
  if (s.format !== 'csv' || s.quoteAll || !s.sloppy) return false;
  return input.order.some((i) => cellsOf(r)[i].includes(s.delimiter) && !needsQuotes(cellsOf(r)[i]));
}

function cellsOf(r: FuzzRow): string[] {
  return [r.id.text, r.date.text, r.amount.text, r.product ?? ''];
}

/** The file's text, as a CSV writer with these settings would write it. */
export function csvText(input: FuzzInput, shape: CsvShape): string {
  const d = shape.delimiter;
  const quote = (s: string) => (shape.quoteAll || (!shape.sloppy && s.includes(d)) || needsQuotes(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const headers = shape.chineseHeaders ? HEADERS.zh : HEADERS.en;
  const lines = [input.order.map((i) => headers[i]), ...input.rows.map((r) => input.order.map((i) => cellsOf(r)[i]))].map((cells) => cells.map(quote).join(d));
  // Mixed: the header ends in CRLF, the first row in LF, the others either.
  const eol = (i: number) => (shape.lineEnding !== 'mixed' ? shape.lineEnding : i === 0 || (i > 1 && shape.crlf[i % shape.crlf.length]) ? '\r\n' : '\n');
  let text = '';
  for (let i = 0; i < lines.length; i++) text += lines[i] + (i < lines.length - 1 || shape.trailingNewline ? eol(i) : '');
  return text;
}

const RAW = '\u0001raw\u0001';
const RAW_JSON = /"\\u0001raw\\u0001(.*?)\\u0001raw\\u0001"/g;

/** The file's text as JSON rows (an array, or one object a line). */
export function jsonText(input: FuzzInput, shape: JsonShape): string {
  const objects = input.rows.map((r) => {
    const values: unknown[] = [
      shape.numericIds && r.jsonId ? `${RAW}${r.jsonId.literal}${RAW}` : r.id.text,
      r.date.text,
      shape.numbers && r.amount.value !== null && String(r.amount.value) === r.amount.text && !Object.is(r.amount.value, -0) ? r.amount.value : r.amount.text,
      r.product ?? '',
    ];
    return Object.fromEntries(input.order.map((i) => [HEADERS.en[i], values[i]]));
  });
  // Numbers and booleans are written out literally (JSON.stringify would round 9007199254740993).
  const literal = (json: string) => json.replace(RAW_JSON, '$1');
  return shape.ndjson ? objects.map((o) => literal(JSON.stringify(o))).join('\n') + '\n' : literal(JSON.stringify(objects));
}

/** The file's bytes in its encoding. */
export function fileBytes(input: FuzzInput): { bytes: Uint8Array; name: string } {
  const s = input.shape;
  if (s.format === 'json') {
    const body = new TextEncoder().encode(jsonText(input, s));
    return { bytes: s.bom ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), body) : body, name: s.ndjson ? 'fuzz.ndjson' : 'fuzz.json' };
  }
  const text = csvText(input, s);
  let enc = s.encoding;
  // UTF-16 without a BOM is recognised by its zero bytes: only text that is mostly ASCII has them.
  if (enc === 'utf-16le' && !mostlyAscii(text)) enc = 'utf-16le-bom';
  const name = 'fuzz.csv';
  switch (enc) {
    case 'utf-8':
      return { bytes: new TextEncoder().encode(text), name };
    case 'utf-8-bom':
      return { bytes: concat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text)), name };
    case 'utf-16le-bom':
      return { bytes: concat(new Uint8Array([0xff, 0xfe]), utf16(text, true)), name };
    case 'utf-16be-bom':
      return { bytes: concat(new Uint8Array([0xfe, 0xff]), utf16(text, false)), name };
    case 'utf-16le':
      return { bytes: utf16(text, true), name };
  }
}

/** At least 200 code units, 7 in 8 of the first 2,048 below 128. */
function mostlyAscii(text: string): boolean {
  if (text.length < 200) return false;
  const head = text.slice(0, 2048);
  let ascii = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) < 128) ascii++;
  return ascii * 8 >= head.length * 7;
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// ---------------------------------------------------------------- the model

/** The longest line of the CSV text in UTF-8 bytes (CR, LF and CRLF end lines). */
function longestLineBytes(text: string): number {
  return Math.max(...text.split(/\r\n|\r|\n/).map((l) => new TextEncoder().encode(l).length));
}

/**
 * What the data rules say loading `input` gives. A row is rejected when its id is empty, its date is
 * not a date (1900–2100) or its amount is not a number; with on-invalid "error" any rejected row stops
 * the load, with "skip" the others load (none left: an error). Duplicates are loaded rows equal in
 * every loaded column to an earlier one (same id, same date, same amount, same product). A CSV line
 * over 2,000,000 bytes makes the file unreadable.
 */
export function expected(input: FuzzInput): Expected {
  if (input.shape.format === 'csv' && longestLineBytes(csvText(input, input.shape)) > 2_000_000) return { kind: 'error', code: 'unreadable' };
  const json = input.shape.format === 'json' && input.shape.numericIds;
  const idOf = (r: FuzzRow) => (json && r.jsonId ? r.jsonId.value : r.id.value);
  if (json) {
    // A JSON id column mixing strings with numbers or booleans is made text before loading, so a refused
    // number or boolean there stops the load even with on-invalid "skip" (the engine never sees the row).
    const types = new Set(input.rows.map((r) => r.jsonId?.type ?? 'string'));
    if (types.size > 1 && input.rows.some((r) => r.jsonId && r.jsonId.value === null)) return { kind: 'error', code: 'invalid-value' };
  }
  // A row with more fields than the header is unreadable (its values may have shifted).
  const ok = input.rows.filter((r) => !splitRow(input, r) && idOf(r) !== null && r.date.value !== null && r.amount.value !== null);
  const rejected = input.rows.length - ok.length;
  if (rejected > 0 && (input.onInvalid === 'error' || ok.length === 0)) return { kind: 'error', code: 'invalid-value' };
  const keys = new Set<string>();
  let duplicates = 0;
  let total = 0;
  let returns = 0;
  let magnitude = 0;
  for (const r of ok) {
    // -0 and 0 are one amount; an empty product is no product.
    const key = JSON.stringify([idOf(r), r.date.value, r.amount.value === 0 ? 0 : r.amount.value, input.hasProduct ? r.product || null : null]);
    if (keys.has(key)) duplicates++;
    keys.add(key);
    total += r.amount.value!;
    magnitude += Math.abs(r.amount.value!);
    if (r.amount.value! < 0) returns++;
  }
  return { kind: 'load', rows: ok.length, customers: new Set(ok.map(idOf)).size, total, returns, duplicates, rejected, magnitude };
}

/** A short description of an input for failure reports (long runs of a character shortened). */
export function describe(input: FuzzInput): string {
  const { bytes, name } = fileBytes(input);
  const s = input.shape;
  const text = s.format === 'csv' ? csvText(input, s) : jsonText(input, s);
  const shown = JSON.stringify(text.replace(/(.)\1{40,}/gs, (m, c: string) => `${c.repeat(3)}…(${m.length}×)`));
  return `${name}, ${bytes.length} bytes, ${JSON.stringify({ ...s, crlf: undefined })}, on-invalid=${input.onInvalid}: ${shown.length > 3000 ? shown.slice(0, 3000) + '…' : shown}`;
}
