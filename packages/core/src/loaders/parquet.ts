import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CrmError, loadCancelled } from '../errors.js';
import { RecordBatchStreamWriter, Table, type Vector } from 'apache-arrow';
import { formatBytes } from './bytes.js';
import { dateMillisecondVector, rowNumbers, utf8Vector, vectorFromValues } from './arrow.js';

/**
 * Decode a Parquet file in JS (hyparquet; snappy, gzip, zstd, brotli, lz4) to
 * Arrow IPC. DuckDB-WASM's own Parquet reader is an extension fetched from the
 * internet, which intranet pages cannot reach.
 */
export async function parquetToIPC(
  bytes: Uint8Array,
  fileName: string,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; maxBytes?: number } = {},
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
  // Parquet is compressed: a file well under the size limit can decode to far more than a tab holds.
  // Refuse before decoding rather than run the tab out of memory.
  const decoded = decodedSize(metadata, kinds);
  if (opts.maxBytes !== undefined && decoded > opts.maxBytes) {
    throw new CrmError(
      'too-large',
      `${fileName} holds ${rows.toLocaleString('en-US')} rows, about ${formatBytes(decoded)} once decoded: more than this page accepts (${formatBytes(opts.maxBytes)}). Load a smaller export (fewer months or columns), or use a server-side engine.`,
      { file: fileName, size: decoded, limit: opts.maxBytes, decoded: true, rowCount: rows },
    );
  }
  // One column of one row group at a time, giving the page back between them: decoding runs on the
  // page's thread, and a big file must not freeze it (progress keeps moving, Cancel stays clickable).
  // Each row group becomes one Arrow record batch as soon as its columns are decoded, and its JS
  // values are dropped then, so a big file never holds all of them at once.
  const groups: { start: number; rows: number }[] = [];
  let start = 0;
  for (const g of metadata.row_groups) {
    const n = Number(g.num_rows);
    groups.push({ start, rows: n });
    start += n;
  }
  const total = groups.length * names.length;
  const writer = new RecordBatchStreamWriter();
  let done = 0;
  let since = now();
  const pause = async () => {
    if (now() - since > 40) {
      await yieldToPage();
      since = now();
    }
    if (opts.signal?.aborted) throw loadCancelled(fileName);
  };
  try {
    for (const g of groups) {
      const vectors: Record<string, Vector> = { __row: rowNumbers(g.rows, g.start) };
      for (const column of names) {
        const values: unknown[] = new Array(g.rows);
        try {
          await parquetRead({
            file,
            metadata,
            compressors,
            parsers: RAW,
            columns: [column],
            rowStart: g.start,
            rowEnd: g.start + g.rows,
            onChunk: ({ columnName, columnData, rowStart: from, rowEnd: to }) => {
              if (columnName !== column) return;
              for (let i = Math.max(from, g.start); i < to && i < g.start + g.rows; i++) values[i - g.start] = columnData[i - from];
            },
          });
        } catch (e) {
          throw new CrmError('unreadable', `${fileName} could not be decoded as Parquet (${(e as Error).message}).`, { file: fileName, format: 'parquet', reason: (e as Error).message });
        }
        await pause();
        const kind = kinds.get(column)!;
        vectors[column] = kind === 'utf8' ? utf8Vector(values, true) : kind === 'temporal' ? dateMillisecondVector(values) : vectorFromValues(values, kind);
        done++;
        if (done < total) opts.onProgress?.(done, total);
        await pause();
      }
      for (const batch of new Table(vectors).batches) writer.write(batch);
    }
    if (groups.length === 0) writer.write(new Table({ __row: rowNumbers(0), ...Object.fromEntries(names.map((n) => [n, vectorFromValues([], 'text')])) }).batches[0]);
  } catch (e) {
    writer.abort();
    throw e;
  }
  writer.finish();
  await yieldToPage();
  const ipc = writer.toUint8Array(true);
  opts.onProgress?.(total, total);
  return { ipc, rows, columns: names };
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

/**
 * How a column becomes Arrow, from its schema alone (so every row group's batch has the same type):
 * utf8 (text whose bytes are UTF-8), temporal (dates and timestamps), number, boolean, or text
 * (anything else, shown as text: lists, JSON, other binary).
 */
function columnKind(e: SchemaElement): 'utf8' | 'temporal' | 'number' | 'boolean' | 'text' {
  const ct = e.converted_type;
  const lt = e.logical_type?.type;
  if (e.num_children) return 'text';
  if (ct === 'DATE' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt === 'DATE' || lt === 'TIMESTAMP' || (e.type === 'INT96' && !ct)) return 'temporal';
  if (e.type === 'BYTE_ARRAY' && (ct === 'UTF8' || ct === 'ENUM' || lt === 'STRING' || lt === 'ENUM')) return 'utf8';
  if (ct === 'DECIMAL' || lt === 'DECIMAL' || lt === 'FLOAT16') return 'number';
  if (e.type === 'BOOLEAN') return 'boolean';
  if (e.type === 'INT32' || e.type === 'INT64' || e.type === 'FLOAT' || e.type === 'DOUBLE') return 'number';
  return 'text';
}

/**
 * About how many bytes the file's columns take as Arrow (what is built here and handed to the engine):
 * 8 a value for numbers and dates, a bit a value for booleans, and for text the larger of its
 * uncompressed size in the file and 12 bytes a value (dictionary-encoded text is small in the file
 * but not once every value is spelled out); plus the row numbers.
 */
export function decodedSize(metadata: FileMetaData, kinds: Map<string, ReturnType<typeof columnKind>>): number {
  const rows = Number(metadata.num_rows);
  let total = rows * 4;
  const text = new Map<string, number>();
  for (const g of metadata.row_groups) {
    for (const c of g.columns) {
      const name = c.meta_data?.path_in_schema?.[0];
      if (name === undefined) continue;
      text.set(name, (text.get(name) ?? 0) + Number(c.meta_data?.total_uncompressed_size ?? 0));
    }
  }
  for (const [name, kind] of kinds) {
    if (kind === 'number' || kind === 'temporal') total += rows * 8;
    else if (kind === 'boolean') total += Math.ceil(rows / 8);
    else total += Math.max(text.get(name) ?? 0, rows * 12);
  }
  return total;
}
