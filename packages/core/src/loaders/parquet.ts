import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CrmError, loadCancelled } from '../errors.js';
import { Decimal, RecordBatchStreamWriter, Table, Uint64, makeData, makeVector, type Vector } from 'apache-arrow';
import { formatBytes } from './bytes.js';
import { ROW, dateMillisecondVector, plainText, rowNumbers, utf8Vector, vectorFromValues, type WallClock } from './arrow.js';
/**
 * Decode a Parquet file in JS (hyparquet; snappy, gzip, zstd, brotli, lz4) to
 * Arrow IPC. DuckDB-WASM's own Parquet reader is an extension fetched from the
 * internet, which intranet pages cannot reach.
 */
export async function parquetToIPC(
  bytes: Uint8Array,
  fileName: string,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; maxBytes?: number; wall?: WallClock } = {},
): Promise<{ ipc: Uint8Array; rows: number; columns: string[]; plain: string[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new CrmError('unreadable', { file: fileName, format: 'parquet', reason: (e as Error).message });
  }
  const rows = Number(metadata.num_rows);
  // A user column named like the row numbers is left out (it would replace them).
  const schema = parquetSchema(metadata).children.map((c) => c.element).filter((e) => e.name !== ROW);
  const names = schema.map((e) => e.name);
  const kinds = new Map(schema.map((e) => [e.name, columnKind(e)]));
  const elements = new Map(schema.map((e) => [e.name, e]));
  // DECIMAL columns are read as their unscaled integers (the decoder would make them floating point,
  // losing digits beyond 15) and become exact Arrow decimals.
  const decimals = new Set(schema.filter((e) => kinds.get(e.name) === 'decimal'));
  const readMetadata: FileMetaData = decimals.size
    ? { ...metadata, schema: metadata.schema.map((e) => (decimals.has(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e)) }
    : metadata;
  // Parquet is compressed: a file well under the size limit can decode to far more than a tab holds.
  // Refuse before decoding rather than run the tab out of memory.
  const decoded = decodedSize(metadata, kinds);
  if (opts.maxBytes !== undefined && decoded > opts.maxBytes) {
    throw new CrmError('too-large', { file: fileName, size: decoded, limit: opts.maxBytes, decoded: true, rowCount: rows });
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
  // Text columns whose every value is plain (`plainText`): the loader reads them without trimming or checking each.
  const plain = new Set(names.filter((n) => kinds.get(n) === 'utf8'));
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
      const vectors: Record<string, Vector> = { [ROW]: rowNumbers(g.rows, g.start) };
      for (const column of names) {
        const values: unknown[] = new Array(g.rows);
        try {
          await parquetRead({
            file,
            metadata: readMetadata,
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
          throw new CrmError('unreadable', { file: fileName, format: 'parquet', reason: (e as Error).message, decoding: true });
        }
        await pause();
        vectors[column] = toVector(values, kinds.get(column)!, elements.get(column)!, opts.wall);
        if (plain.has(column) && !plainText(vectors[column])) plain.delete(column);
        done++;
        if (done < total) opts.onProgress?.(done, total);
        await pause();
      }
      for (const batch of new Table(vectors).batches) writer.write(batch);
    }
    if (groups.length === 0) writer.write(new Table({ [ROW]: rowNumbers(0), ...Object.fromEntries(names.map((n) => [n, vectorFromValues([], 'text')])) }).batches[0]);
  } catch (e) {
    writer.abort();
    throw e;
  }
  writer.finish();
  await yieldToPage();
  const ipc = writer.toUint8Array(true);
  opts.onProgress?.(total, total);
  return { ipc, rows, columns: names, plain: [...plain] };
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

type ColumnKind = 'utf8' | 'temporal' | 'instant' | 'number' | 'int64' | 'uint64' | 'decimal' | 'boolean' | 'text';

/**
 * How a column becomes Arrow, from its schema alone (so every row group's batch has the same type):
 * utf8 (text whose bytes are UTF-8); temporal (dates, and timestamps without zone semantics: wall-clock,
 * their date as is); instant (timestamps adjusted to UTC, whose date is taken in the load's time zone);
 * number; int64 and uint64 (exact 64-bit integers: ids above 2^53 keep every digit); decimal (exact);
 * boolean; or text (anything else, shown as text: lists, JSON, other binary).
 */
function columnKind(e: SchemaElement): ColumnKind {
  const ct = e.converted_type;
  const lt = e.logical_type;
  if (e.num_children) return 'text';
  if (lt?.type === 'TIMESTAMP') return lt.isAdjustedToUTC ? 'instant' : 'temporal';
  // The legacy TIMESTAMP_* annotations mean UTC-adjusted (the Parquet format's rule); INT96 is read as wall-clock, as DuckDB and Arrow read it.
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS') return 'instant';
  if (ct === 'DATE' || lt?.type === 'DATE' || (e.type === 'INT96' && !ct)) return 'temporal';
  if (e.type === 'BYTE_ARRAY' && (ct === 'UTF8' || ct === 'ENUM' || lt?.type === 'STRING' || lt?.type === 'ENUM')) return 'utf8';
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return decimalType(e).precision <= 38 ? 'decimal' : 'number';
  if (lt?.type === 'FLOAT16') return 'number';
  if (e.type === 'BOOLEAN') return 'boolean';
  if (e.type === 'INT64') return ct === 'UINT_64' || (lt?.type === 'INTEGER' && !lt.isSigned) ? 'uint64' : 'int64';
  if (e.type === 'INT32' || e.type === 'FLOAT' || e.type === 'DOUBLE') return 'number';
  return 'text';
}

function decimalType(e: SchemaElement): { precision: number; scale: number } {
  const lt = e.logical_type?.type === 'DECIMAL' ? e.logical_type : undefined;
  return { precision: Number(lt?.precision ?? e.precision ?? 38), scale: Number(lt?.scale ?? e.scale ?? 0) };
}

function toVector(values: unknown[], kind: ColumnKind, e: SchemaElement, wall?: WallClock): Vector {
  switch (kind) {
    case 'utf8':
      return utf8Vector(values, true);
    case 'temporal':
      return dateMillisecondVector(values);
    case 'instant':
      return dateMillisecondVector(values, wall);
    case 'int64':
      return vectorFromValues(values, 'bigint');
    case 'uint64':
      return bigUint64Vector(values);
    case 'decimal':
      return decimalVector(values, decimalType(e));
    default:
      return vectorFromValues(values, kind);
  }
}

/** Validity bitmap of the values that are present, and how many are not. */
function presence(values: unknown[]): { nullBitmap?: Uint8Array; nullCount: number } {
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) continue;
    nullBitmap ??= new Uint8Array((values.length + 7) >> 3).fill(255);
    nullBitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  }
  return { nullBitmap, nullCount };
}

function bigUint64Vector(values: unknown[]): Vector {
  const data = new BigUint64Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] !== null && values[i] !== undefined) data[i] = BigInt(values[i] as bigint | number);
  return makeVector(makeData({ type: new Uint64(), length: values.length, ...presence(values), data }));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Unscaled DECIMAL values (INT32 numbers, INT64 bigints, or big-endian two's-complement bytes) → an exact 128-bit Arrow decimal. */
function decimalVector(values: unknown[], { precision, scale }: { precision: number; scale: number }): Vector {
  const data = new Uint32Array(values.length * 4);
  // Little-endian 128-bit two's complement: as two 64-bit halves when the value fits in 64 bits (INT32 and
  // INT64 decimals, the common case), word by word otherwise.
  const halves = new BigInt64Array(data.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') {
      data[i * 4] = v >>> 0;
      if (v < 0) data[i * 4 + 1] = data[i * 4 + 2] = data[i * 4 + 3] = 0xffffffff;
      continue;
    }
    if (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) {
      halves[i * 2] = v;
      halves[i * 2 + 1] = v < 0n ? -1n : 0n;
      continue;
    }
    let u: bigint;
    if (v instanceof Uint8Array) {
      u = 0n;
      for (const b of v) u = (u << 8n) | BigInt(b);
      if (v.length && v[0] & 0x80) u -= 1n << BigInt(v.length * 8);
    } else u = BigInt(v as bigint);
    const x = BigInt.asUintN(128, u);
    for (let k = 0; k < 4; k++) data[i * 4 + k] = Number((x >> BigInt(32 * k)) & 0xffffffffn);
  }
  return makeVector(makeData({ type: new Decimal(scale, precision, 128), length: values.length, ...presence(values), data }));
}

/**
 * About how many bytes the file's columns take as Arrow (what is built here and handed to the engine):
 * 8 a value for numbers and dates, a bit a value for booleans, and for text the larger of its
 * uncompressed size in the file and 12 bytes a value (dictionary-encoded text is small in the file
 * but not once every value is spelled out); plus the row numbers.
 */
export function decodedSize(metadata: FileMetaData, kinds: Map<string, ColumnKind>): number {
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
    if (kind === 'decimal') total += rows * 16;
    else if (kind === 'number' || kind === 'temporal' || kind === 'instant' || kind === 'int64' || kind === 'uint64') total += rows * 8;
    else if (kind === 'boolean') total += Math.ceil(rows / 8);
    else total += Math.max(text.get(name) ?? 0, rows * 12);
  }
  return total;
}
