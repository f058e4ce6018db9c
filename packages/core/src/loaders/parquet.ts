import { parquetMetadata, parquetRead, parquetSchema, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CrmError } from '../errors.js';
import { Table, tableToIPC, type Vector } from 'apache-arrow';
import { dateMillisecondVector, rowNumbers, utf8VectorFromBytes, vectorFromValues } from './arrow.js';

/**
 * Decode a Parquet file in JS (hyparquet; snappy, gzip, zstd, brotli, lz4) to
 * Arrow IPC. DuckDB-WASM's own Parquet reader is an extension fetched from the
 * internet, which intranet pages cannot reach.
 */
export async function parquetToIPC(
  bytes: Uint8Array,
  fileName: string,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ ipc: Uint8Array; rows: number; columns: string[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new CrmError('unreadable', `${fileName} is not a readable Parquet file (${(e as Error).message}).`, { file: fileName, format: 'parquet', reason: (e as Error).message });
  }
  const rows = Number(metadata.num_rows);
  const schema = parquetSchema(metadata).children.map((c) => c.element);
  const names = schema.map((e) => e.name);
  const kinds = new Map(schema.map((e) => [e.name, columnKind(e)]));
  const cols: Record<string, unknown[]> = {};
  for (const n of names) cols[n] = new Array(rows);
  // One column of one row group at a time, giving the page back between them: decoding runs on the
  // page's thread, and a big file must not freeze it (progress keeps moving, Cancel stays clickable).
  const units: { column: string; rowStart: number; rowEnd: number }[] = [];
  let start = 0;
  for (const g of metadata.row_groups) {
    const n = Number(g.num_rows);
    for (const column of names) units.push({ column, rowStart: start, rowEnd: start + n });
    start += n;
  }
  let since = now();
  try {
    for (let u = 0; u < units.length; u++) {
      const { column, rowStart, rowEnd } = units[u];
      const target = cols[column];
      await parquetRead({
        file,
        metadata,
        compressors,
        parsers: RAW,
        columns: [column],
        rowStart,
        rowEnd,
        onChunk: ({ columnName, columnData, rowStart: from, rowEnd: to }) => {
          if (columnName !== column) return;
          for (let i = Math.max(from, rowStart), j = i - from; i < to && i < rowEnd; i++, j++) target[i] = columnData[j];
        },
      });
      if (now() - since > 40) {
        await yieldToPage();
        since = now();
      }
      if (opts.signal?.aborted) throw new CrmError('cancelled', `Loading ${fileName} was cancelled.`, { file: fileName });
      if (u + 1 < units.length) opts.onProgress?.(u + 1, units.length);
    }
  } catch (e) {
    if (e instanceof CrmError) throw e;
    throw new CrmError('unreadable', `${fileName} could not be decoded as Parquet (${(e as Error).message}).`, { file: fileName, format: 'parquet', reason: (e as Error).message });
  }
  // Arrow vectors a column at a time too (a column of text is the slow part).
  const vectors: Record<string, Vector> = { __row: rowNumbers(rows) };
  for (const n of names) {
    await yieldToPage();
    if (opts.signal?.aborted) throw new CrmError('cancelled', `Loading ${fileName} was cancelled.`, { file: fileName });
    const kind = kinds.get(n);
    vectors[n] = kind === 'text' ? utf8VectorFromBytes(cols[n]) : kind === 'temporal' ? dateMillisecondVector(cols[n]) : vectorFromValues(cols[n]);
    delete cols[n];
  }
  opts.onProgress?.(units.length, units.length);
  return { ipc: tableToIPC(new Table(vectors), 'stream'), rows, columns: names };
}

const now = () => globalThis.performance?.now() ?? Date.now();

/** Let the page handle input and paint (a message, not a timer: timers are throttled in background tabs). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });
}

/**
 * Values as Arrow wants them, without JS objects in between: text stays UTF-8
 * bytes (no decode to strings and encode back), dates and timestamps become
 * epoch milliseconds (no Date objects). Which columns are which comes from
 * the schema (`columnKind`).
 */
const RAW: Partial<ParquetParsers> = {
  stringFromBytes: (bytes: Uint8Array) => bytes,
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us / 1000n),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000000n),
  dateFromDays: (days: number) => days * 86_400_000,
};

/** text: UTF-8 strings; temporal: dates and timestamps; other: anything else (numbers, booleans, lists…). */
function columnKind(e: SchemaElement): 'text' | 'temporal' | 'other' {
  const ct = e.converted_type;
  const lt = e.logical_type?.type;
  if (ct === 'DATE' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt === 'DATE' || lt === 'TIMESTAMP' || (e.type === 'INT96' && !ct)) return 'temporal';
  if (e.type === 'BYTE_ARRAY' && !e.num_children && (ct === 'UTF8' || ct === 'ENUM' || lt === 'STRING' || lt === 'ENUM')) return 'text';
  return 'other';
}
