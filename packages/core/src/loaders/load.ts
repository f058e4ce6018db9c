import type { Engine } from '../engine.js';
import { toRows } from '../engine.js';
import { CrmError, asCrmError, loadCancelled, type CrmErrorDetail, type CrmErrorHint } from '../errors.js';
import { resolveMapping, type ResolvedMapping } from '../mapping.js';
import { COLUMNS, Encoding, Format, ColumnMapping, type ColumnKind, type DataKind } from '../schema.js';
import { ident, join, lit, raw, sql, type SQL } from '../sql.js';
import { detectFormat, headerDelimiter, headerFieldCount, toUtf8 } from './detect.js';
import { gunzipStream, isGzip } from './gzip.js';
import { checkRowRules, removeCondition, ruleHeader, rowRuleText, type RowRule, type RowRuleResult } from './rules.js';
import { parseJsonRows, rowsToIPC } from './json.js';
import { ROW, withRowNumbers } from './arrow.js';
import { timeZoneOption, wallClock } from './zone.js';
import { ID_PROBLEM, KIND_PROBLEM, MAX_MAGNITUDE, TOO_LARGE, escapeControls, hasText, idProblem, parseExpr, rawText } from './parse.js';
import { z } from 'zod';

/** Anything a user can hand us: a URL, a dropped File, a Blob, bytes, or JS rows. */
export type DataInput = string | URL | Blob | ArrayBuffer | Uint8Array | readonly Record<string, unknown>[];

export interface LoadProgress {
  phase: 'fetch' | 'decode' | 'load' | 'validate' | 'model';
  loaded?: number;
  total?: number;
  /** A gzip input: bytes decompressed so far (`loaded` and `total` count compressed bytes). */
  decompressed?: number;
}

export interface LoadOptions {
  kind?: DataKind;
  /** Name of the canonical table to create. */
  table: string;
  format?: Format;
  mapping?: ColumnMapping;
  encoding?: Encoding;
  /** CSV delimiter; detected when omitted. */
  delimiter?: string;
  /** strptime format for dates that are not ISO / YYYYMMDD / YYYY/MM/DD, e.g. `%d/%m/%Y`. */
  dateFormat?: string;
  /** The decimal mark in number text: `.` (default) or `,` for amounts written 1.234,50 or 219,97 (the dot then groups thousands). */
  decimal?: '.' | ',';
  /**
   * IANA time zone (default `UTC`) in which instants become order dates: Parquet/Arrow timestamps that
   * are UTC-adjusted or carry a zone, and JS `Date` values. Dates written as text keep the date written.
   */
  timeZone?: string;
  /** `error` (default): any unreadable value stops the load. `skip`: such rows are left out and reported. */
  onInvalid?: 'error' | 'skip';
  /** `keep` (default): rows identical in every column to an earlier row stay (two equal purchases are possible) and are counted in `duplicates`. `drop`: they are left out. */
  onDuplicate?: 'keep' | 'drop';
  /** Largest input accepted, in bytes (default 1.5 GB, what a browser tab's engine can hold). Bigger inputs stop with `too-large` before reading. */
  maxBytes?: number;
  /**
   * Also keep, in this table, the crmkit columns of every row as read (after the row rules, before
   * unreadable rows are left out): several files in one source compare them to find shared rows.
   */
  keysTable?: string;
  /** Rows to leave out before values are read (see rules.ts): e.g. `{ action: 'exclude', column: 'order_id', op: 'starts-with', value: 'C' }`. */
  rules?: readonly RowRule[];
  /** Name used in messages (defaults to the URL's or File's name). */
  name?: string;
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

export interface RejectedRows {
  count: number;
  /** First few rejected data rows (1 = first row after the header). */
  rows: number[];
  reasons: { column: string; problem: string; count: number; row: number; value: string | null }[];
}

export interface LoadResult {
  table: string;
  kind: DataKind;
  file: string;
  format: Exclude<Format, 'auto'>;
  encoding?: string;
  /** Rows in the canonical table. */
  rows: number;
  /** Rows in the input. */
  inputRows: number;
  /** The input's column names. */
  columns: string[];
  mapping: ResolvedMapping['columns'];
  /** Canonical columns present. */
  fields: string[];
  rejected: RejectedRows;
  /** Each row rule, in order, with the rows it removed (of those the earlier rules left). */
  rules: RowRuleResult[];
  /** Rows with a negative amount (returns), kept and netted against revenue. */
  returns: number;
  /** Rows identical in every loaded column to an earlier row: kept (`onDuplicate: 'keep'`) or left out (`'drop'`). */
  duplicates: number;
  /** First few duplicate rows (data row numbers). */
  duplicateRows: number[];
  ms: number;
}

const LoadOptionsSchema = z.object({
  kind: z.enum(['transactions', 'customers', 'events', 'facts']).optional(),
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'table names are letters, digits and _'),
  format: Format.optional(),
  mapping: ColumnMapping.optional(),
  encoding: Encoding.optional(),
  delimiter: z.string().min(1).max(4).optional(),
  dateFormat: z.string().min(2).max(64).optional(),
  decimal: z.enum(['.', ',']).optional(),
  timeZone: z.string().max(200).optional(),
  onInvalid: z.enum(['error', 'skip']).optional(),
  onDuplicate: z.enum(['keep', 'drop']).optional(),
  maxBytes: z.number().int().positive().optional(),
  keysTable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/).optional(),
  name: z.string().max(1000).optional(),
});

const now = () => (globalThis.performance ?? Date).now();

function nameOf(input: DataInput, fallback: string): string {
  if (typeof input === 'string' || input instanceof URL) {
    const s = String(input);
    try {
      const u = new URL(s, 'http://x/');
      return decodeURIComponent(u.pathname.split('/').pop() || s);
    } catch {
      return s;
    }
  }
  if (typeof File !== 'undefined' && input instanceof File) return input.name;
  return fallback;
}

/** Read the input's bytes, with progress for URLs. */
export async function readBytes(
  input: string | URL | Blob | ArrayBuffer | Uint8Array,
  file: string,
  opts: Pick<LoadOptions, 'signal' | 'onProgress' | 'maxBytes'> = {},
): Promise<Uint8Array> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const tooLarge = (bytes: number) =>
    new CrmError('too-large', { file, size: bytes, limit: max });
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    if (input.byteLength > max) throw tooLarge(input.byteLength);
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    // gzip bytes are decompressed as a stream, like a file or a download.
    if (isGzip(bytes)) return gunzipStream([], new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().getReader(), { file, max, total: bytes.byteLength, signal: opts.signal, onProgress: gzipProgress(opts.onProgress, bytes.byteLength) });
    return bytes;
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (input.size > max) throw tooLarge(input.size);
    checkAbort(opts.signal, file);
    return collect(input.stream().getReader(), input.size, file, opts, Infinity, 'file', max);
  }
  const url = String(input);
  let res: Response;
  try {
    res = await fetch(new URL(url, globalThis.location?.href ?? undefined), { signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError' || opts.signal?.aborted) throw loadCancelled(file);
    throw new CrmError('fetch-failed', { file, reason: (e as Error).message });
  }
  if (!res.ok) {
    throw new CrmError('fetch-failed', {
      file,
      status: res.status,
      ...(res.statusText ? { statusText: res.statusText } : {}),
    });
  }
  // Content-Length is the compressed size when the server gzips: then it is only a lower bound.
  const encoded = /gzip|br|deflate|zstd/i.test(res.headers.get('content-encoding') ?? '');
  const length = Number(res.headers.get('content-length')) || undefined;
  if (length !== undefined && !encoded && length > max) throw tooLarge(length);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  // With Content-Encoding the browser (or Node's fetch) has decompressed the body already: `max` counts
  // decompressed bytes. A .gz file sent as is (application/gzip) is decompressed here, by its magic bytes.
  return collect(res.body.getReader(), encoded ? undefined : length, file, opts, max, 'url', max);
}

/** Progress of a gzip input: compressed bytes of the known total, with the decompressed bytes beside them. */
const gzipProgress = (onProgress: LoadOptions['onProgress'], total: number | undefined) => (loaded: number, decompressed: number) =>
  onProgress?.({ phase: 'fetch', loaded, total, decompressed });

/** Default `maxBytes`: DuckDB-WASM has a 4 GB address space; the input, its decoded copy and the tables must fit. */
export const DEFAULT_MAX_BYTES = 1.5 * 1024 ** 3;

import { formatBytes } from './bytes.js';

export { formatBytes };

/** Read a stream to one buffer, reporting progress, honouring the abort signal and the size limit. */
async function collect(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  total: number | undefined,
  file: string,
  opts: Pick<LoadOptions, 'signal' | 'onProgress'>,
  max = Infinity,
  from: 'url' | 'file' = 'url',
  /** Largest decompressed size when the stream turns out to be gzip. */
  inflateMax = DEFAULT_MAX_BYTES,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  // With the size known, each chunk is copied into place as it arrives: the page never copies the whole file in
  // one task at the end (that task grows with the file: a 175 MB file at 10 M rows). Without it, chunks are joined.
  let into: Uint8Array | undefined;
  if (total !== undefined && total > 0) {
    try {
      into = new Uint8Array(total);
    } catch {
      into = undefined;
    }
  }
  const onAbort = () => void reader.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  opts.onProgress?.({ phase: 'fetch', loaded: 0, total });
  try {
    for (;;) {
      checkAbort(opts.signal, file);
      const { done, value } = await reader.read();
      checkAbort(opts.signal, file);
      if (done) break;
      const before = loaded;
      loaded += value.byteLength;
      if (into && loaded <= into.length) into.set(value, before);
      else {
        // More than the announced size (or no size): what is in place becomes the first chunk.
        if (into) chunks.push(into.subarray(0, before));
        into = undefined;
        chunks.push(value);
      }
      // The first bytes say gzip: the rest is decompressed as it arrives, the limit counting decompressed bytes.
      if (loaded >= 2 && before < 2 && isGzip(into ? into.subarray(0, loaded) : chunks.length === 1 ? value : concatHead(chunks))) {
        opts.signal?.removeEventListener('abort', onAbort);
        return await gunzipStream(into ? [into.slice(0, loaded)] : chunks, reader, { file, max: inflateMax, total, signal: opts.signal, onProgress: gzipProgress(opts.onProgress, total) });
      }
      if (loaded > max) {
        throw new CrmError('too-large', { file, limit: max });
      }
      opts.onProgress?.({ phase: 'fetch', loaded, total });
    }
  } catch (e) {
    if (e instanceof CrmError) throw e;
    if ((e as Error)?.name === 'AbortError' || opts.signal?.aborted) throw loadCancelled(file);
    const oom = asCrmError(e, file, { file });
    if (oom.code === 'out-of-memory') throw oom;
    if (from === 'file') {
      // Chrome says "NotReadableError" when a file changed or went away after it was picked, and when a very large in-memory Blob cannot be held.
      throw new CrmError('unreadable', { file, reason: (e as Error).message });
    }
    throw new CrmError('fetch-failed', { file, reason: (e as Error).message, interrupted: true });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (into) return loaded === into.length ? into : into.subarray(0, loaded);
  if (chunks.length === 1) return chunks[0];
  let out: Uint8Array;
  try {
    out = new Uint8Array(loaded);
  } catch {
    throw new CrmError('out-of-memory', { file, size: loaded });
  }
  let off = 0;
  for (const c of chunks) (out.set(c, off), (off += c.byteLength));
  return out;
}

/** The first few bytes of a stream that arrived in tiny chunks. */
function concatHead(chunks: Uint8Array[]): Uint8Array {
  const head = new Uint8Array(4);
  let n = 0;
  for (const c of chunks) for (let i = 0; i < c.byteLength && n < 4; i++) head[n++] = c[i];
  return head.subarray(0, n);
}

/** The first refused load option: its name, its value and what it takes (the allowed words, or the schema's own words). */
function loadOptionError(issue: z.core.$ZodIssue, options: LoadOptions): CrmError {
  const option = issue.path.join('.') || 'options';
  let value: unknown = options;
  for (const k of issue.path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<PropertyKey, unknown>)[k];
  const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const allowed = issue.code === 'invalid_value' ? issue.values.filter((x): x is string => typeof x === 'string') : [];
  return new CrmError('invalid-option', { option, value: shown.slice(0, 200), accepts: { kind: 'load-option', issue: issue.message, ...(allowed.length ? { allowed } : {}) } });
}

function checkAbort(signal: AbortSignal | undefined, file: string) {
  if (signal?.aborted) throw loadCancelled(file);
}

/**
 * Load one input into `options.table` in the canonical model: read, detect
 * the format and encoding, map columns, validate every value, and report
 * exactly what is wrong (file, column, row, value) when it is bad.
 */
export async function loadData(engine: Engine, input: DataInput, options: LoadOptions): Promise<LoadResult> {
  const t0 = now();
  const parsed = LoadOptionsSchema.safeParse(options);
  if (!parsed.success) throw loadOptionError(parsed.error.issues[0], options);
  const kind = options.kind ?? 'transactions';
  // Row rules are checked before anything is read.
  const rules = options.rules === undefined ? [] : checkRowRules(options.rules);
  const wall = wallClock(timeZoneOption(options.timeZone));
  const file = options.name ?? nameOf(input, kind === 'transactions' ? 'the transactions' : kind === 'events' ? 'the events' : 'the customers');
  // Which of a JSON input's columns are ids (the mapping is resolved again, with its errors, below).
  const ids = (names: string[]) => idHeaders(kind, names, options.mapping ?? {}, file);
  const rawTable = `${options.table}__raw`;
  const rawFile = `${options.table}__raw.csv`;
  const { signal, onProgress } = options;
  let format: Exclude<Format, 'auto'>;
  /** CSV: the number of columns the header line names, when known. */
  let headerColumns: number | undefined;
  /** Text columns the decoder found plain in every value (see `plainText` in arrow.ts): read without the checks a cell needs otherwise. */
  let plainColumns = new Set<string>();
  let encoding: string | undefined;
  /**
   * CSV without row rules: the reader itself as a table with row numbers (ROW). The staged table is made
   * straight from it, with no raw text table in between; only the rows with a bad value are read again, as
   * text, into the raw table (for the first bad values and the hint). Unset when the raw table is made.
   */
  let direct: SQL | undefined;
  /** CSV: make the raw text table (the reader's errors turned into the loader's); set once the file is registered. */
  let materialize: (() => Promise<void>) | undefined;
  /** The direct reader's columns, as DESCRIBE gives them. */
  let csvColumns: { column_name: string; column_type: string }[] = [];
  // Cancelling also asks the engine to stop the statement it is running.
  const stopQuery = () => void engine.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stopQuery, { once: true });

  try {
    // 1. Raw table with a row-number column (ROW), every input column kept.
    if (Array.isArray(input)) {
      format = 'json';
      if (input.length === 0) throw new CrmError('no-rows', { file });
      onProgress?.({ phase: 'load' });
      await engine.insertArrowIPC(rawTable, rowsToIPC(input as Record<string, unknown>[], file, { wall, ids }).ipc);
    } else {
      // A Parquet file by its option or name: its decoder starts while the bytes arrive.
      if (options.format === 'parquet' || ((options.format ?? 'auto') === 'auto' && /\.parquet$/i.test(file))) {
        void import('./parquet-decode.js').then((m) => m.warmDecoder(), () => undefined);
      }
      const bytes = await readBytes(input as string | Blob | ArrayBuffer | Uint8Array, file, { signal, onProgress, maxBytes: options.maxBytes });
      checkAbort(signal, file);
      format = detectFormat(bytes, file, options.format ?? 'auto');
      onProgress?.({ phase: 'decode' });
      if (format === 'parquet') {
        // Decoded in a worker when one can be made, else on this thread; the Parquet decoder (and its
        // codecs) loads for a Parquet file only.
        const { decodeParquet } = await import('./parquet-decode.js');
        const { ipc, plain } = await decodeParquet(bytes, file, {
          signal,
          // A download or a file read here is ours to move to the worker; a user's own bytes are copied.
          transfer: typeof input === 'string' || input instanceof Blob,
          maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
          timeZone: timeZoneOption(options.timeZone),
          onProgress: (loaded, total) => onProgress?.({ phase: 'decode', loaded, total }),
        });
        plainColumns = new Set(plain);
        checkAbort(signal, file);
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, ipc);
      } else if (format === 'arrow') {
        let ipc: Uint8Array;
        try {
          ipc = withRowNumbers(bytes, wall).ipc;
        } catch (e) {
          throw new CrmError('unreadable', { file, format: 'arrow', reason: (e as Error).message });
        }
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, ipc);
      } else if (format === 'json') {
        // JSON is read into JS objects, several times the text's size: a quarter of max-bytes is the limit.
        const jsonMax = Math.floor((options.maxBytes ?? DEFAULT_MAX_BYTES) / 4);
        if (bytes.byteLength > jsonMax) {
          throw new CrmError('too-large', { file, size: bytes.byteLength, limit: jsonMax, format: 'json' });
        }
        const { bytes: utf8, encoding: enc } = toUtf8(bytes, options.encoding);
        encoding = enc;
        const rows = parseJsonRows(new TextDecoder().decode(utf8), file);
        if (rows.length === 0) throw new CrmError('no-rows', { file });
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, rowsToIPC(rows, file, { wall, ids }).ipc);
      } else {
        onProgress?.({ phase: 'decode', loaded: 0, total: bytes.byteLength });
        const { bytes: utf8, encoding: enc } = toUtf8(bytes, options.encoding);
        encoding = enc;
        checkAbort(signal, file);
        if (/^\s*$/.test(new TextDecoder().decode(utf8.subarray(0, 4096))) && utf8.byteLength < 4096) {
          throw new CrmError('empty-file', { file });
        }
        if (utf8.subarray(0, 8192).includes(0)) {
          throw new CrmError('binary', { file });
        }
        onProgress?.({ phase: 'load', loaded: 0, total: utf8.byteLength });
        // The browser engine moves the bytes to its worker (they are empty here afterwards), so whatever a
        // retry needs is decided now: whether the file has carriage returns, whether a line could be too long.
        // A file over the longest line allowed may retry whatever it holds: its carriage returns are not looked for
        // (scanning 550 MB for one kept the page's thread busy ~0.3-0.9 s at 10 M rows).
        const mayRetry = utf8.byteLength > CSV_MAX_LINE_BYTES || utf8.includes(13);
        // The delimiter the header uses, unless set: DuckDB's sniffer alone can be misled by the rows.
        const delimiter = options.delimiter ?? headerDelimiter(utf8);
        // How many columns the header names: fields past them in a row are values that do not belong.
        headerColumns = headerFieldCount(utf8, delimiter);
        // Bytes the caller handed in stay theirs: the engine gets a copy.
        await engine.registerBuffer(rawFile, sharesBuffer(utf8, input) ? utf8.slice() : utf8);
        // parallel = false: DuckDB's parallel scanner refuses null_padding with quoted newlines (the engine
        // runs one thread in the browser, so nothing is lost).
        // nullstr: an empty field reads as '' (the parsers treat it as empty), so that NULL is only a field the row
        // does not have (null_padding) and a row with more fields than the header shows even when they are empty.
        const csvOpts: SQL[] = [sql`header = true`, sql`all_varchar = true`, sql`null_padding = true`, sql`nullstr = ${NO_NULL_TEXT}`, sql`parallel = false`, sql`sample_size = 20480`];
        if (delimiter) csvOpts.push(sql`delim = ${delimiter}`);
        const reader = sql`(SELECT row_number() OVER () AS ${ident(ROW)}, * FROM read_csv(${rawFile}, ${join(csvOpts)}))`;
        const readCsv = () => engine.exec(sql`CREATE OR REPLACE TABLE ${ident(rawTable)} AS SELECT * FROM ${reader}`);
        // Without row rules, only the reader's columns are read now (its sniffer runs, with the same retry and
        // errors); the file stays registered until the checks are done.
        const readFirst = rules.length === 0 ? async () => void (csvColumns = toRows(await engine.query(sql`DESCRIBE SELECT * FROM ${reader}`))) : readCsv;
        materialize = async () => {
          direct = undefined;
          await readWithErrors(readCsv);
        };
        /** Run `step` on the registered file: the retry with LF line endings, the reader's errors as the loader's. */
        const readWithErrors = async (step: () => Promise<unknown>) => {
          /** The file stays registered after the first look of a direct read. */
          let keep = false;
          try {
            try {
              await step();
            } catch (first) {
              // Only the sniffer's refusal (mixed line endings, a long line in its sample) and a line too long
              // are worth a second look: reading a large file back for any other error could run out of memory.
              const worthIt = /sniffing|maximum line size/i.test(String((first as Error)?.message ?? first));
              if (asCrmError(first).code === 'out-of-memory' || !mayRetry || !worthIt || !engine.readFile) throw first;
              checkAbort(signal, file);
              // The engine holds the only copy of the text now: read it back to see what went wrong.
              const text = await engine.readFile(rawFile);
              const long = longestLine(text);
              if (long.bytes > CSV_MAX_LINE_BYTES) throw longLine(file, long);
              if (!text.includes(13)) throw first;
              // Files edited on two systems mix CRLF and LF line endings, which DuckDB's CSV sniffer refuses:
              // read them once more with every line ending made LF.
              await engine.dropFile(rawFile).catch(() => undefined);
              await engine.registerBuffer(rawFile, withoutCarriageReturns(text));
              checkAbort(signal, file);
              await step();
            }
            keep = step !== readCsv;
          } catch (e) {
            if (e instanceof CrmError) throw e;
            // Running out of memory or being cancelled is not a problem of the file.
            const known = asCrmError(e, file, { file });
            if (known.code === 'out-of-memory') throw known;
            checkAbort(signal, file);
            const msg = (e as Error).message ?? String(e);
            const line = /line[: ]+(\d+)/i.exec(msg)?.[1];
            const reason = csvReason(msg);
            throw new CrmError('unreadable', {
              file,
              row: line ? Number(line) - 1 : undefined,
              format: 'csv',
              reason,
              ...(line ? { line: Number(line) } : {}),
            });
          } finally {
            if (!keep) await engine.dropFile(rawFile).catch(() => undefined);
          }
        };
        await readWithErrors(readFirst);
        if (readFirst !== readCsv) direct = reader;
      }
    }
    checkAbort(signal, file);

    // 2. Columns and mapping.
    onProgress?.({ phase: 'validate' });
    const described = direct ? csvColumns : toRows<{ column_name: string; column_type: string }>(await engine.query(sql`DESCRIBE ${ident(rawTable)}`));
    const types = new Map(described.filter((d) => d.column_name !== ROW).map((d) => [d.column_name, d.column_type]));
    const headers = [...types.keys()];
    const countRows = async (from: SQL) => {
      const n = Number(toRows<{ n: number }>(await engine.query(sql`SELECT count(*) AS n FROM ${from}`))[0].n);
      if (n === 0) throw new CrmError('no-rows', { file, columns: headers });
      return n;
    };
    // Read straight from the CSV reader, the rows are counted once the staged table is made.
    let inputRows = direct ? 0 : await countRows(ident(rawTable));
    let mapping: ResolvedMapping;
    try {
      mapping = resolveMapping(kind, headers, options.mapping ?? {}, file);
    } catch (e) {
      if (!direct) throw e;
      // The errors come in the order the raw table gives them: the file's own, no rows, then the mapping's.
      await materialize!();
      await countRows(ident(rawTable));
      throw e;
    }
    // Row rules: rows they leave out go before any value is read (a cancelled order's row is not checked).
    const ruleResults = await applyRowRules(engine, rawTable, rules, headers, types, mapping.columns, file, options.dateFormat);
    const ruleRemoved = ruleResults.reduce((n, r) => n + r.removed, 0);
    const specs = COLUMNS[kind].filter((s) => mapping.columns[s.name] || (s.name === 'amount' && mapping.columns.quantity && mapping.columns.unit_price));

    // 3. Every value parsed once, into a staged table (bad values become NULL), then counted there.
    // Parsing in the same statement as the checks, or twice (checks, then the table), costs several
    // times more: the engine evaluates a parse inside a WHERE clause far slower than in a projection.
    const staged = `${options.table}__staged`;
    const columns: SQL[] = [];
    /** Staged-only columns (besides `__row`): whether an optional cell had text. */
    const flags: string[] = [];
    const checks: { column: string; header: string; problem: string; expected: ColumnKind; forAmount?: boolean; beyond?: number; bad: SQL; value: SQL; type?: string }[] = [];
    for (const s of specs) {
      const header = mapping.columns[s.name];
      if (!header) continue; // derived below
      const type = types.get(header)!;
      const text = rawText(header, type);
      const name = ident(s.name);
      const plain = plainColumns.has(header);
      columns.push(sql`CAST(${parseExpr(header, type, s.kind, options.dateFormat, options.decimal, false, plain)} AS ${raw(s.sqlType)}) AS ${name}`);
      if (s.kind === 'id') {
        // An id is refused when empty (if required) and when it has text that is not a usable id (see parse.ts).
        const flag = `__has_${s.name}`;
        flags.push(flag);
        const present = ident(flag);
        columns.push(sql`${hasText(header, type, false, plain)} AS ${present}`);
        if (s.required) checks.push({ column: s.name, header, problem: 'is empty', expected: s.kind, bad: sql`NOT ${present}`, value: text });
        checks.push({ column: s.name, header, problem: KIND_PROBLEM.id, expected: s.kind, bad: sql`${present} AND ${name} IS NULL`, value: text, type });
      } else if (s.required) checks.push({ column: s.name, header, problem: KIND_PROBLEM[s.kind], expected: s.kind, bad: sql`${name} IS NULL`, value: text });
      else if (s.kind === 'number' || s.kind === 'date') {
        // An empty optional cell is fine; a non-empty one that does not parse is not.
        const flag = `__has_${s.name}`;
        flags.push(flag);
        const present = ident(flag);
        columns.push(sql`${hasText(header, type, false, plain)} AS ${present}`);
        checks.push({ column: s.name, header, problem: KIND_PROBLEM[s.kind], expected: s.kind, bad: sql`${present} AND ${name} IS NULL`, value: text });
      }
      // A number too large to add up safely is an unreadable value too (MAX_MAGNITUDE in parse.ts).
      if (s.kind === 'number') checks.push({ column: s.name, header, problem: TOO_LARGE, expected: 'number', bad: sql`abs(${name}) >= ${MAX_MAGNITUDE}`, value: text });
    }
    // A CSV row with more fields than the header has them in columns the reader adds (column3, …): such a
    // row is unreadable, as its values may have shifted (an unquoted "1,000" reads as 1 and 000).
    const extras = headerColumns !== undefined ? headers.slice(headerColumns) : [];
    if (extras.length) {
      const texts = extras.map((h) => sql`CAST(${ident(h)} AS VARCHAR)`);
      flags.push(BEYOND_FLAG);
      columns.push(sql`${join(texts.map((t) => sql`${t} IS NOT NULL`), ' OR ')} AS ${ident(BEYOND_FLAG)}`);
      checks.push({ column: extras[0], header: extras[0], problem: beyondHeader(headerColumns!), expected: 'text', beyond: headerColumns, bad: ident(BEYOND_FLAG), value: sql`coalesce(${join(texts)})` });
    }
    // amount = quantity × unit_price when the file has no amount column; rows missing either are rejected.
    const derivedAmount = !mapping.columns.amount && specs.some((s) => s.name === 'amount');
    if (derivedAmount) {
      for (const name of ['quantity', 'unit_price'] as const) {
        const header = mapping.columns[name]!;
        checks.push({ column: name, header, problem: `${KIND_PROBLEM.number} (needed for the amount)`, expected: 'number', forAmount: true, bad: sql`${ident(name)} IS NULL`, value: rawText(header, types.get(header)!) });
      }
    }
    const stage = () => engine.exec(sql`CREATE OR REPLACE TABLE ${ident(staged)} AS SELECT ${ident(ROW)} AS __row, ${join(columns)} FROM ${direct ?? ident(rawTable)}`);
    if (direct) {
      try {
        await stage();
      } catch (e) {
        // A file the reader refuses past its sniffer's sample: read it as before, for the same error (or, if
        // it reads, the same table).
        if (asCrmError(e).code === 'out-of-memory') throw e;
        checkAbort(signal, file);
        await materialize!();
        await stage();
      }
      inputRows = await countRows(ident(staged));
    } else await stage();
    if (options.keysTable) {
      const named = specs.filter((s) => mapping.columns[s.name]).map((s) => ident(s.name));
      // A worked-out amount is compared too, with files that have an amount column.
      if (derivedAmount) named.push(sql`CAST(quantity * unit_price AS DOUBLE) AS amount`);
      await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(options.keysTable)} AS SELECT ${join(named)} FROM ${ident(staged)}`);
    }
    checkAbort(signal, file);
    const rejected: RejectedRows = { count: 0, rows: [], reasons: [] };
    // What each reason's column needs, for the error's detail.
    const facts = new Map<RejectedRows['reasons'][number], Pick<CrmErrorDetail, 'expected' | 'forAmount' | 'idProblem' | 'headerColumns'>>();
    let anyBad: SQL = raw('FALSE');
    if (checks.length) {
      anyBad = join(checks.map((c) => sql`(${c.bad})`), ' OR ');
      // Most files have no bad value: one count of the bad rows says so, and each check is counted only when it is not zero.
      const bad = Number(toRows<{ n: number | null }>(await engine.query(sql`SELECT sum(CASE WHEN ${anyBad} THEN 1 ELSE 0 END) AS n FROM ${ident(staged)}`))[0].n ?? 0);
      if (bad > 0) {
        const counts = toRows<Record<string, number | null>>(
          await engine.query(sql`SELECT ${join(checks.map((c, i) => sql`count(*) FILTER (WHERE ${c.bad}) AS ${ident(`n${i}`)}, min(__row) FILTER (WHERE ${c.bad}) AS ${ident(`r${i}`)}`))} FROM ${ident(staged)}`),
        )[0];
        const found = checks.map((c, i) => ({ c, i, n: Number(counts[`n${i}`] ?? 0), row: Number(counts[`r${i}`]) })).filter((f) => f.n > 0);
        // Read straight from the file: the rows of the first bad values, as text, read from it again.
        if (direct && found.length) {
          await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(rawTable)} AS SELECT * FROM ${direct} WHERE ${ident(ROW)} IN (${join([...new Set(found.map((f) => f.row))].map((r) => lit(r)))})`);
        }
        // The first bad value of each column, as the file has it.
        const values = found.length
          ? new Map(
              toRows<{ k: number; value: string | null }>(
                await engine.query(join(found.map((f) => sql`SELECT ${f.i} AS k, CAST(${f.c.value} AS VARCHAR) AS value FROM ${ident(rawTable)} WHERE ${ident(ROW)} = ${f.row}`), ' UNION ALL ')),
              ).map((v) => [Number(v.k), v.value]),
            )
          : new Map<number, string | null>();
        for (const f of found) {
          const value = values.get(f.i) ?? null;
          // An unusable id: the reason, from its first value; control characters written out.
          const why = f.c.type !== undefined && value !== null ? idProblem(value, f.c.type) : undefined;
          rejected.reasons.push({ column: f.c.header, problem: why ? ID_PROBLEM[why] : f.c.problem, count: f.n, row: f.row, value: value !== null && why ? escapeControls(value) : value });
          facts.set(rejected.reasons[rejected.reasons.length - 1], { expected: f.c.expected, ...(f.c.forAmount ? { forAmount: true } : {}), ...(why ? { idProblem: why } : {}), ...(f.c.beyond !== undefined ? { headerColumns: f.c.beyond } : {}) });
        }
        const rows = toRows<{ __row: number }>(await engine.query(sql`SELECT __row FROM ${ident(staged)} WHERE ${anyBad} ORDER BY __row LIMIT 5`));
        rejected.rows = rows.map((r) => r.__row);
        rejected.count = bad;
      }
    }
    checkAbort(signal, file);
    if (rejected.count > 0 && (options.onInvalid ?? 'error') === 'error') {
      const r = [...rejected.reasons].sort((a, b) => a.row - b.row)[0];
      const hint = await problemHint(engine, rawTable, headers, r);
      throw new CrmError('invalid-value', { file, column: r.column, row: r.row, value: r.value ?? '', count: r.count, ...badFacts(r, facts, rejected, hint.hint) });
    }
    if (rejected.count === inputRows - ruleRemoved) {
      const r = [...rejected.reasons].sort((a, b) => a.row - b.row)[0];
      const hint = await problemHint(engine, rawTable, headers, r);
      throw new CrmError('invalid-value', {
        file,
        column: r.column,
        row: r.row,
        value: r.value ?? '',
        count: r.count,
        ...badFacts(r, facts, rejected, hint.hint),
        noRowReadable: true,
      });
    }

    // 4. The canonical table; duplicates (equal in every loaded column) counted, and dropped on request.
    onProgress?.({ phase: 'model' });
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(rawTable)}`);
    if (direct) await engine.dropFile(rawFile).catch(() => undefined);
    if (rejected.count > 0) await engine.exec(sql`DELETE FROM ${ident(staged)} WHERE ${anyBad}`);
    checkAbort(signal, file);
    // A derived amount is equal when quantity and unit price are: duplicates compare the staged columns.
    const keys = join(specs.filter((s) => mapping.columns[s.name]).map((s) => ident(s.name)));
    const output = join(specs.map((s) => (mapping.columns[s.name] ? ident(s.name) : sql`CAST(quantity * unit_price AS DOUBLE) AS amount`)));
    // Duplicates first by a hash of each row (one number to group by instead of every column): rows that
    // are equal share a hash, so no shared hash means no duplicates. Only when some hash is shared are
    // the rows compared column by column, and numbered in a window to name or drop them.
    const sharedHashes = Number(
      toRows<{ n: number }>(await engine.query(sql`SELECT count(*) AS n FROM (SELECT hash(${keys}) AS h FROM ${ident(staged)} GROUP BY h HAVING count(*) > 1)`))[0].n,
    );
    const duplicates = sharedHashes
      ? Number(
          toRows<{ n: number | null }>(await engine.query(sql`SELECT sum(c - 1) AS n FROM (SELECT count(*) AS c FROM ${ident(staged)} GROUP BY ${keys} HAVING count(*) > 1)`))[0]?.n ?? 0,
        )
      : 0;
    const numbered = sql`(SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY __row) > 1 AS __dup FROM ${ident(staged)})`;
    const dupRows = duplicates ? toRows<{ __row: number }>(await engine.query(sql`SELECT __row FROM ${numbered} WHERE __dup ORDER BY __row LIMIT 5`)).map((r) => r.__row) : [];
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(options.table)}`);
    if (duplicates && options.onDuplicate === 'drop') {
      await engine.exec(sql`CREATE TABLE ${ident(options.table)} AS SELECT ${output} FROM ${numbered} WHERE NOT __dup ORDER BY __row`);
      await engine.exec(sql`DROP TABLE IF EXISTS ${ident(staged)}`);
    } else if (!derivedAmount) {
      // The staged table is the canonical one less its bookkeeping columns: dropping them does not copy
      // the data, unlike a new table (the staged table is in row order, so no sort is needed either).
      for (const c of ['__row', ...flags]) await engine.exec(sql`ALTER TABLE ${ident(staged)} DROP COLUMN ${ident(c)}`);
      await engine.exec(sql`ALTER TABLE ${ident(staged)} RENAME TO ${ident(options.table)}`);
    } else {
      await engine.exec(sql`CREATE TABLE ${ident(options.table)} AS SELECT ${output} FROM ${ident(staged)}`);
      await engine.exec(sql`DROP TABLE IF EXISTS ${ident(staged)}`);
    }
    const stats = toRows<{ n: number; returns: number }>(
      await engine.query(
        kind === 'transactions'
          ? sql`SELECT count(*) AS n, count(*) FILTER (WHERE amount < 0) AS returns FROM ${ident(options.table)}`
          : sql`SELECT count(*) AS n, 0 AS returns FROM ${ident(options.table)}`,
      ),
    )[0];
    return {
      table: options.table,
      kind,
      file,
      format,
      encoding,
      rows: Number(stats.n),
      inputRows,
      columns: headers,
      mapping: mapping.columns,
      fields: specs.map((s) => s.name),
      rejected,
      rules: ruleResults,
      returns: Number(stats.returns),
      duplicates,
      duplicateRows: dupRows,
      ms: Math.round(now() - t0),
    };
  } catch (e) {
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(rawTable)}`).catch(() => undefined);
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(`${options.table}__staged`)}`).catch(() => undefined);
    if (signal?.aborted) throw loadCancelled(file);
    throw asCrmError(e, file, { file });
  } finally {
    if (direct) await engine.dropFile(rawFile).catch(() => undefined);
    signal?.removeEventListener('abort', stopQuery);
  }
}

/**
 * Leave out the rows the rules remove, from the raw table (row numbers stay the file's). Counts
 * come first, in one pass: rule i's count is the rows it removes that no earlier rule removed.
 */
async function applyRowRules(
  engine: Engine,
  rawTable: string,
  rules: RowRule[],
  headers: string[],
  types: Map<string, string>,
  mapping: Partial<Record<string, string>>,
  file: string,
  dateFormat: string | undefined,
): Promise<RowRuleResult[]> {
  if (!rules.length) return [];
  const conds = rules.map((r, i) => {
    const header = ruleHeader(r.column, headers, mapping, i, file);
    return removeCondition(r, header, types.get(header)!, dateFormat);
  });
  const counts = toRows<Record<string, number>>(
    await engine.query(
      sql`SELECT count(*) AS total, ${join(conds.map((c, i) => sql`count(*) FILTER (WHERE ${join([...conds.slice(0, i).map((p) => sql`NOT ${p}`), c], ' AND ')}) AS ${ident(`n${i}`)}`))} FROM ${ident(rawTable)}`,
    ),
  )[0];
  const removed = rules.map((_, i) => Number(counts[`n${i}`]));
  if (removed.reduce((a, b) => a + b, 0) === Number(counts.total)) {
    throw new CrmError('invalid-row-rule', {
      file,
      rowRule: { problem: 'removes-all', removed, texts: rules.map(rowRuleText) },
    });
  }
  if (removed.some((n) => n > 0)) await engine.exec(sql`DELETE FROM ${ident(rawTable)} WHERE ${join(conds, ' OR ')}`);
  return rules.map((rule, i) => ({ rule, text: rowRuleText(rule), removed: removed[i] }));
}

/** DuckDB's `nullstr` for CSV: text no field holds alone, so an empty field is '' and not NULL. */
const NO_NULL_TEXT = '\u0001';
/** Staged flag: the row has a field (even an empty one) past the header's columns. */
const BEYOND_FLAG = '__beyond_header';
/** What the message says after a value in a field past the header's `n` columns. */
const beyondHeader = (n: number) =>
  `is past the header's ${n} column${n === 1 ? '' : 's'}: the row has more fields than the header (a value holding the delimiter needs quotes)`;


/** The machine-readable facts of an invalid-value error: what the column needs, the first bad rows, the hint. */
function badFacts(
  r: RejectedRows['reasons'][number],
  facts: Map<RejectedRows['reasons'][number], Pick<CrmErrorDetail, 'expected' | 'forAmount' | 'idProblem'>>,
  rejected: RejectedRows,
  hint: CrmErrorHint | undefined,
): CrmErrorDetail {
  return { ...facts.get(r), ...(r.problem === TOO_LARGE ? { beyond: MAX_MAGNITUDE } : {}), ...(r.value === null ? { empty: true } : {}), rows: [...rejected.rows], ...(hint ? { hint } : {}) };
}

/**
 * A likely cause for the first bad row: a date in another layout (suggest
 * date-format), or a row written with another delimiter than the header.
 * `text` is the sentence the message adds, `hint` the same as data.
 */
async function problemHint(engine: Engine, rawTable: string, headers: string[], r: RejectedRows['reasons'][number]): Promise<{ text: string; hint?: CrmErrorHint }> {
  const v = r.value ?? '';
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(v.trim())) {
    // the example's own separator: 31.12.2024 needs %d.%m.%Y, not %d/%m/%Y
    const sep = /\d([/.-])/.exec(v.trim())![1];
    return { text: ` Dates like "${v.trim()}" need date-format="%d${sep}%m${sep}%Y" (day first) or "%m${sep}%d${sep}%Y" (month first).`, hint: { kind: 'date-format', example: v.trim() } };
  }
  // An amount with a decimal comma (219,97, 1.234,50) where the loader reads a decimal point.
  if (r.problem.startsWith(KIND_PROBLEM.number) && /^(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/.test(v.trim().replace(/^[^\d]+|[^\d]+$/g, ''))) {
    return { text: ` Amounts like "${v.trim()}" written with a decimal comma need decimal=",".`, hint: { kind: 'decimal', example: v.trim() } };
  }
  if (r.value !== null || headers.length < 2) return { text: '' };
  const first = toRows<{ v: string | null }>(await engine.query(sql`SELECT CAST(${ident(headers[0])} AS VARCHAR) AS v FROM ${ident(rawTable)} WHERE ${ident(ROW)} = ${r.row}`))[0]?.v ?? '';
  const other = [';', '\t', '|', ','].find((d) => first.includes(d));
  if (other) return { text: ` Row ${r.row} seems to use a different delimiter (${other === '\t' ? 'tab' : `"${other}"`}) than the header.`, hint: { kind: 'delimiter', delimiter: other } };
  return { text: '' };
}

/** The headers of `names` that the mapping makes id columns (none when the mapping does not resolve). */
function idHeaders(kind: DataKind, names: string[], mapping: ColumnMapping, file: string): Set<string> {
  try {
    const m = resolveMapping(kind, names, mapping, file).columns;
    return new Set(COLUMNS[kind].filter((s) => s.kind === 'id').flatMap((s) => m[s.name] ?? []));
  } catch {
    return new Set();
  }
}

const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.replace(/^.*?Error:\s*/, '') ?? s;

export { lit };

/** CRLF (and lone CR) line endings → LF; bytes otherwise unchanged. Rewrites `bytes` in place and returns the shorter view. */
export function withoutCarriageReturns(bytes: Uint8Array): Uint8Array {
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 13) {
      bytes[j++] = 10;
      if (bytes[i + 1] === 10) i++;
    } else bytes[j++] = b;
  }
  return bytes.subarray(0, j);
}

/** The longest line DuckDB's CSV reader takes (its `max_line_size`). */
export const CSV_MAX_LINE_BYTES = 2_000_000;

/** The longest line (CR, LF and CRLF all end a line): its 1-based number in the file and its length in bytes. */
export function longestLine(bytes: Uint8Array): { line: number; bytes: number } {
  let best = { line: 1, bytes: 0 };
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 10;
    if (b !== 10 && b !== 13) continue;
    if (i - start > best.bytes) best = { line, bytes: i - start };
    if (b === 13 && bytes[i + 1] === 10) i++;
    line++;
    start = i + 1;
  }
  return best;
}

/** A line longer than the CSV reader takes: which line and how long, in words and as facts. */
function longLine(file: string, long: { line: number; bytes: number }): CrmError {
  const reason = `line ${long.line} is ${long.bytes.toLocaleString('en-US')} bytes long; a CSV line may be at most ${CSV_MAX_LINE_BYTES.toLocaleString('en-US')} bytes`;
  return new CrmError('unreadable', {
    file,
    format: 'csv',
    line: long.line,
    ...(long.line > 1 ? { row: long.line - 1 } : {}),
    size: long.bytes,
    limit: CSV_MAX_LINE_BYTES,
    reason,
  });
}

/** Whether `bytes` is (a view of) memory the caller handed to loadData. */
function sharesBuffer(bytes: Uint8Array, input: DataInput): boolean {
  if (input instanceof ArrayBuffer) return bytes.buffer === input;
  return input instanceof Uint8Array && bytes.buffer === input.buffer;
}

/**
 * The sentence of a DuckDB CSV error that says what is wrong: not its "CSV Error on Line", the
 * line's text, the sniffer's search space or the option suggestions (which name DuckDB settings).
 */
export function csvReason(msg: string): string {
  const lines = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const end = lines.findIndex((l) => /^(Possible (Solution|fixes)|The search space|file = |LINE \d+:)/i.test(l));
  const said = (end === -1 ? lines : lines.slice(0, end)).map((l) => l.replace(/^[\w ]*Error:\s*/, '')).filter((l) => l !== '' && !/^(CSV Error on Line: *\d+|Original Line:|Error when sniffing file)/i.test(l));
  return said[0] ?? firstLine(msg);
}
