import type { Engine } from '../engine.js';
import { toRows } from '../engine.js';
import { CrmError, asCrmError } from '../errors.js';
import { resolveMapping, type ResolvedMapping } from '../mapping.js';
import { COLUMNS, Encoding, Format, ColumnMapping, type DataKind } from '../schema.js';
import { ident, join, lit, raw, sql, type SQL } from '../sql.js';
import { detectFormat, toUtf8 } from './detect.js';
import { parseJsonRows, rowsToIPC } from './json.js';
import { withRowNumbers } from './arrow.js';
import { parquetToIPC } from './parquet.js';
import { KIND_PROBLEM, parseExpr, rawText } from './parse.js';
import { z } from 'zod';

/** Anything a user can hand us: a URL, a dropped File, a Blob, bytes, or JS rows. */
export type DataInput = string | URL | Blob | ArrayBuffer | Uint8Array | readonly Record<string, unknown>[];

export interface LoadProgress {
  phase: 'fetch' | 'decode' | 'load' | 'validate' | 'model';
  loaded?: number;
  total?: number;
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
  /** `error` (default): any unreadable value stops the load. `skip`: such rows are left out and reported. */
  onInvalid?: 'error' | 'skip';
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
  /** Rows with a negative amount (returns), kept and netted against revenue. */
  returns: number;
  ms: number;
}

const LoadOptionsSchema = z.object({
  kind: z.enum(['transactions', 'customers']).optional(),
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'table names are letters, digits and _'),
  format: Format.optional(),
  mapping: ColumnMapping.optional(),
  encoding: Encoding.optional(),
  delimiter: z.string().min(1).max(4).optional(),
  dateFormat: z.string().min(2).max(64).optional(),
  onInvalid: z.enum(['error', 'skip']).optional(),
  name: z.string().optional(),
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
export async function readBytes(input: string | URL | Blob | ArrayBuffer | Uint8Array, file: string, opts: Pick<LoadOptions, 'signal' | 'onProgress'> = {}): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    opts.onProgress?.({ phase: 'fetch', loaded: 0, total: input.size });
    return new Uint8Array(await input.arrayBuffer());
  }
  const url = String(input);
  let res: Response;
  try {
    res = await fetch(new URL(url, globalThis.location?.href ?? undefined), { signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw new CrmError('cancelled', `Loading ${file} was cancelled.`, { file });
    throw new CrmError('fetch-failed', `${file} could not be downloaded (${(e as Error).message}). Check the address and that the server allows this page to read it.`, { file });
  }
  if (!res.ok) {
    throw new CrmError('fetch-failed', `${file} could not be downloaded: the server answered ${res.status}${res.statusText ? ' ' + res.statusText : ''}.`, { file });
  }
  const total = Number(res.headers.get('content-length')) || undefined;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      opts.onProgress?.({ phase: 'fetch', loaded, total });
    }
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw new CrmError('cancelled', `Loading ${file} was cancelled.`, { file });
    throw new CrmError('fetch-failed', `${file} stopped downloading (${(e as Error).message}).`, { file });
  }
  let out: Uint8Array;
  try {
    out = new Uint8Array(loaded);
  } catch {
    throw new CrmError('out-of-memory', `${file} (${(loaded / 1e9).toFixed(1)} GB) is too large for this browser tab's memory.`, { file });
  }
  let off = 0;
  for (const c of chunks) (out.set(c, off), (off += c.byteLength));
  return out;
}

function checkAbort(signal: AbortSignal | undefined, file: string) {
  if (signal?.aborted) throw new CrmError('cancelled', `Loading ${file} was cancelled.`, { file });
}

/**
 * Load one input into `options.table` in the canonical model: read, detect
 * the format and encoding, map columns, validate every value, and report
 * exactly what is wrong (file, column, row, value) when it is bad.
 */
export async function loadData(engine: Engine, input: DataInput, options: LoadOptions): Promise<LoadResult> {
  const t0 = now();
  const parsed = LoadOptionsSchema.safeParse(options);
  if (!parsed.success) throw new CrmError('invalid-option', `Invalid load option: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const kind = options.kind ?? 'transactions';
  const file = options.name ?? nameOf(input, kind === 'transactions' ? 'the transactions' : 'the customers');
  const rawTable = `${options.table}__raw`;
  const rawFile = `${options.table}__raw.csv`;
  const { signal, onProgress } = options;
  let format: Exclude<Format, 'auto'>;
  let encoding: string | undefined;

  try {
    // 1. Raw table with a __row column, every input column kept.
    if (Array.isArray(input)) {
      format = 'json';
      if (input.length === 0) throw new CrmError('no-rows', `${file} has no rows.`, { file });
      onProgress?.({ phase: 'load' });
      await engine.insertArrowIPC(rawTable, rowsToIPC(input as Record<string, unknown>[], file).ipc);
    } else {
      const bytes = await readBytes(input as string | Blob | ArrayBuffer | Uint8Array, file, { signal, onProgress });
      checkAbort(signal, file);
      format = detectFormat(bytes, file, options.format ?? 'auto');
      onProgress?.({ phase: 'decode' });
      if (format === 'parquet') {
        const { ipc } = await parquetToIPC(bytes, file);
        checkAbort(signal, file);
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, ipc);
      } else if (format === 'arrow') {
        let ipc: Uint8Array;
        try {
          ipc = withRowNumbers(bytes).ipc;
        } catch (e) {
          throw new CrmError('unreadable', `${file} is not a readable Arrow IPC file (${(e as Error).message}).`, { file });
        }
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, ipc);
      } else if (format === 'json') {
        const { bytes: utf8, encoding: enc } = toUtf8(bytes, options.encoding);
        encoding = enc;
        const rows = parseJsonRows(new TextDecoder().decode(utf8), file);
        if (rows.length === 0) throw new CrmError('no-rows', `${file} has no rows.`, { file });
        onProgress?.({ phase: 'load' });
        await engine.insertArrowIPC(rawTable, rowsToIPC(rows, file).ipc);
      } else {
        const { bytes: utf8, encoding: enc } = toUtf8(bytes, options.encoding);
        encoding = enc;
        if (/^\s*$/.test(new TextDecoder().decode(utf8.subarray(0, 4096))) && utf8.byteLength < 4096) {
          throw new CrmError('empty-file', `${file} is empty.`, { file });
        }
        if (utf8.subarray(0, 8192).includes(0)) {
          throw new CrmError('binary', `${file} is not a text (CSV) file: it contains binary data. Use a CSV, Parquet, JSON or Arrow file.`, { file });
        }
        onProgress?.({ phase: 'load' });
        await engine.registerBuffer(rawFile, utf8);
        const csvOpts: SQL[] = [sql`header = true`, sql`all_varchar = true`, sql`null_padding = true`, sql`sample_size = 20480`];
        if (options.delimiter) csvOpts.push(sql`delim = ${options.delimiter}`);
        try {
          await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(rawTable)} AS SELECT row_number() OVER () AS __row, * FROM read_csv(${rawFile}, ${join(csvOpts)})`);
        } catch (e) {
          const msg = (e as Error).message ?? String(e);
          const line = /line[: ]+(\d+)/i.exec(msg)?.[1];
          throw new CrmError('unreadable', `${file} could not be read as CSV${line ? ` near line ${line}` : ''}: ${firstLine(msg)}`, { file, row: line ? Number(line) - 1 : undefined });
        } finally {
          await engine.dropFile(rawFile).catch(() => undefined);
        }
      }
    }
    checkAbort(signal, file);

    // 2. Columns and mapping.
    onProgress?.({ phase: 'validate' });
    const described = toRows<{ column_name: string; column_type: string }>(await engine.query(sql`DESCRIBE ${ident(rawTable)}`));
    const types = new Map(described.filter((d) => d.column_name !== '__row').map((d) => [d.column_name, d.column_type]));
    const headers = [...types.keys()];
    const inputRows = Number(toRows<{ n: number }>(await engine.query(sql`SELECT count(*) AS n FROM ${ident(rawTable)}`))[0].n);
    if (inputRows === 0) {
      throw new CrmError('no-rows', `${file} has column names (${headers.slice(0, 6).join(', ')}) but no rows of data.`, { file });
    }
    const mapping = resolveMapping(kind, headers, options.mapping ?? {}, file);
    const specs = COLUMNS[kind].filter((s) => mapping.columns[s.name] || (s.name === 'amount' && mapping.columns.quantity && mapping.columns.unit_price));

    // 3. Parse expressions and per-column validity.
    const exprs = new Map<string, SQL>();
    const checks: { column: string; header: string; problem: string; bad: SQL; value: SQL }[] = [];
    for (const s of specs) {
      const header = mapping.columns[s.name];
      if (!header) {
        // amount = quantity × unit_price
        exprs.set(s.name, sql`(${exprs.get('quantity')!}) * (${exprs.get('unit_price')!})`);
        continue;
      }
      const type = types.get(header)!;
      const e = parseExpr(header, type, s.kind, options.dateFormat);
      exprs.set(s.name, e);
      const text = rawText(header, type);
      if (s.required) checks.push({ column: s.name, header, problem: s.kind === 'id' ? 'is empty' : `${KIND_PROBLEM[s.kind]} (or is empty)`, bad: sql`(${e}) IS NULL`, value: text });
      else if (s.kind === 'number' || s.kind === 'date') checks.push({ column: s.name, header, problem: KIND_PROBLEM[s.kind], bad: sql`${text} IS NOT NULL AND (${e}) IS NULL`, value: text });
    }
    // The late-bound amount check (derived) needs quantity/unit_price parsed: they are checked on their own.
    const rejected: RejectedRows = { count: 0, rows: [], reasons: [] };
    let anyBad: SQL = raw('FALSE');
    if (checks.length) {
      const parts = checks.map(
        (c, i) => sql`SELECT ${i} AS k, count(*) AS n, min(__row) AS first_row, arg_min(CAST(${c.value} AS VARCHAR), __row) AS value FROM ${ident(rawTable)} WHERE ${c.bad}`,
      );
      const res = toRows<{ k: number; n: number; first_row: number; value: string | null }>(await engine.query(join(parts, ' UNION ALL ')));
      for (const r of res) {
        if (!r.n) continue;
        const c = checks[r.k];
        rejected.reasons.push({ column: c.header, problem: c.problem, count: r.n, row: r.first_row, value: r.value });
      }
      anyBad = join(checks.map((c) => sql`(${c.bad})`), ' OR ');
      if (rejected.reasons.length) {
        const rows = toRows<{ __row: number }>(await engine.query(sql`SELECT __row FROM ${ident(rawTable)} WHERE ${anyBad} ORDER BY __row LIMIT 5`));
        rejected.rows = rows.map((r) => r.__row);
        rejected.count = Number(toRows<{ n: number }>(await engine.query(sql`SELECT count(*) AS n FROM ${ident(rawTable)} WHERE ${anyBad}`))[0].n);
      }
    }
    if (rejected.count > 0 && (options.onInvalid ?? 'error') === 'error') {
      const r = [...rejected.reasons].sort((a, b) => a.row - b.row)[0];
      const shown = r.value === null ? 'an empty cell' : `"${clip(r.value)}"`;
      const others = r.count > 1 ? ` ${r.count} rows have this problem in total.` : '';
      throw new CrmError(
        'invalid-value',
        `${file}, column "${r.column}", row ${r.row}: ${shown} ${r.problem}.${others} Fix the file, or set on-invalid="skip" to load the other rows.`,
        { file, column: r.column, row: r.row, value: r.value ?? '', count: r.count },
      );
    }
    if (rejected.count === inputRows) {
      const r = rejected.reasons[0];
      throw new CrmError('invalid-value', `${file}: no row could be read. Column "${r.column}", row ${r.row}: "${clip(r.value ?? '')}" ${r.problem}.`, {
        file,
        column: r.column,
        row: r.row,
        value: r.value ?? '',
        count: r.count,
      });
    }

    // 4. The canonical table.
    onProgress?.({ phase: 'model' });
    const select = specs.map((s) => sql`CAST(${exprs.get(s.name)!} AS ${raw(s.sqlType)}) AS ${ident(s.name)}`);
    await engine.exec(
      sql`CREATE OR REPLACE TABLE ${ident(options.table)} AS SELECT ${join(select)} FROM ${ident(rawTable)} WHERE NOT (${anyBad}) ORDER BY __row`,
    );
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(rawTable)}`);
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
      returns: Number(stats.returns),
      ms: Math.round(now() - t0),
    };
  } catch (e) {
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(rawTable)}`).catch(() => undefined);
    throw asCrmError(e, file);
  }
}

const clip = (s: string) => (s.length > 60 ? s.slice(0, 60) + '…' : s);
const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.replace(/^.*?Error:\s*/, '') ?? s;

export { lit };
