import {
  Bool,
  DataType,
  DateMillisecond,
  Float64,
  Int64,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { startOfDay, wallClockText } from './zone.js';

/**
 * The row-number column every raw table carries so errors can name rows. A user's column of the same
 * name is left out (never read as row numbers); the name is one no export uses.
 */
export const ROW = '__crmkit_row';

/** Instant (epoch ms) → wall-clock ms in the load's time zone (`wallClock` in zone.ts); UTC when not given. */
export type WallClock = (ms: number) => number;
const utc: WallClock = (ms) => ms;

/** Row numbers from+1 … from+n (1-based), the `ROW` column every raw table carries so errors can name rows. */
export function rowNumbers(n: number, from = 0): Vector {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = from + i + 1;
  return makeVector(a);
}

/**
 * JS column values → an Arrow vector. Numbers stay Float64, 64-bit integers
 * (bigint) Int64 (exact: ids above 2^53 keep every digit), booleans Bool,
 * Dates DateMillisecond (their date in the load's time zone, `wall`);
 * anything else (strings, mixed, objects) becomes text so the loader can
 * validate it and name the offending row.
 */
export function vectorFromValues(values: ArrayLike<unknown>, as?: 'number' | 'bigint' | 'boolean' | 'date' | 'text', wall: WallClock = utc): Vector {
  if (as !== 'text' && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint8Array || values instanceof Uint16Array || values instanceof Uint32Array)) {
    return makeVector(Float64Array.from(values as ArrayLike<number>));
  }
  if (as !== 'text' && (values instanceof BigInt64Array || values instanceof BigUint64Array)) return makeVector(values);
  // `as`: the type the column has whatever this chunk holds (chunks of one column must agree).
  let kind: 'number' | 'bigint' | 'boolean' | 'date' | 'text' | undefined = as;
  for (let i = 0; i < values.length && !as; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' ? 'number' : typeof v === 'bigint' ? 'bigint' : typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'text';
    if (kind === undefined) kind = k;
    else if (kind !== k) {
      kind = 'text';
      break;
    }
  }
  switch (kind) {
    case 'number':
      return float64Vector(values, (v) => Number(v));
    case 'bigint':
      return int64Vector(values) ?? utf8Vector(values);
    case 'boolean':
      return vectorFromArray(Array.from(values) as (boolean | null)[], new Bool());
    case 'date':
      return dateMillisecondVector(values, wall);
    default:
      return utf8Vector(values, false, wall);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whole numbers (bigint, or number) → Int64, exact; undefined when one is outside 64 bits (then they go as text). */
function int64Vector(values: ArrayLike<unknown>): Vector | undefined {
  const n = values.length;
  const data = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const b = typeof v === 'bigint' ? v : BigInt(v as number);
    if (b < INT64_MIN || b > INT64_MAX) return undefined;
    data[i] = b;
  }
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Int64(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}

/*
 * Column builders that write Arrow buffers directly: Arrow's generic
 * `vectorFromArray` takes ~2 s per million strings, these ~0.1 s (a 1 M-row
 * Parquet file has four text columns).
 */

/** Validity bitmap (1 = present) for the values that are null or undefined; undefined when there are none. */
function validity(values: ArrayLike<unknown>): { bitmap?: Uint8Array; nulls: number } {
  let bitmap: Uint8Array | undefined;
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) continue;
    bitmap ??= new Uint8Array((values.length + 7) >> 3).fill(255);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nulls++;
  }
  return { bitmap, nulls };
}

function float64Vector(values: ArrayLike<unknown>, toNumber: (v: unknown) => number): Vector {
  const n = values.length;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) data[i] = toNumber(v);
  }
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}

/**
 * Dates (Date objects, or epoch milliseconds as numbers) → DateMillisecond, each the day its
 * wall-clock time (`wall`) falls on; NaN and invalid dates become null. `wall` is for instants
 * (Date objects, UTC-adjusted timestamps); wall-clock values and dates take the default.
 */
export function dateMillisecondVector(values: ArrayLike<unknown>, wall: WallClock = utc): Vector {
  const n = values.length;
  const data = new BigInt64Array(n);
  let bad: unknown[] | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const ms = typeof v === 'number' ? v : (v as Date).getTime();
    if (Number.isFinite(ms)) data[i] = BigInt(startOfDay(wall(ms)));
    else (bad ??= Array.from(values))[i] = null;
  }
  if (bad) values = bad;
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new DateMillisecond(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}

/**
 * Text column: UTF-8 bytes and 32-bit offsets, ASCII copied without an encoder call. With
 * `bytesAreUtf8` (a Parquet decoder's text), byte arrays are copied as they are, never decoded to
 * JS strings and encoded again; otherwise they are decoded as text (invalid UTF-8 replaced).
 */
export function utf8Vector(values: ArrayLike<unknown>, bytesAreUtf8 = false, wall: WallClock = utc): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let bytes = new Uint8Array(Math.max(1024, n * 8));
  const room = (extra: number) => {
    if (pos + extra <= bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, pos + extra));
    grown.set(bytes.subarray(0, pos));
    bytes = grown;
  };
  const encoder = new TextEncoder();
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (bytesAreUtf8 && v instanceof Uint8Array) {
      room(v.byteLength);
      bytes.set(v, pos);
      pos += v.byteLength;
    } else {
      const s = toText(v, wall);
      if (s !== null) {
        const len = s.length;
        room(len * 3);
        let j = 0;
        for (; j < len; j++) {
          const c = s.charCodeAt(j);
          if (c > 127) break;
          bytes[pos + j] = c;
        }
        pos += j === len ? len : encoder.encodeInto(s, bytes.subarray(pos)).written;
      }
    }
    if (pos > 0x7fffffff) throw new RangeError('text column larger than 2 GB');
    offsets[i + 1] = pos;
  }
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data: bytes.subarray(0, pos) }));
}

/**
 * Whether every value of a text vector is plain: not empty, a printable ASCII character other than space first
 * and last, and no control character (C0, DEL, C1) anywhere; nulls aside. The loader's `PLAIN_ID` pattern
 * (parse.ts) on the UTF-8 bytes: such a value is its own trimmed text and a usable id, so a column known plain
 * skips those checks. Invalid UTF-8 can only make the answer false.
 */
export function plainText(v: Vector): boolean {
  for (const d of v.data) {
    const offsets = d.valueOffsets as Int32Array | undefined;
    const bytes = d.values as Uint8Array | undefined;
    if (!offsets || !bytes) return false;
    const first = offsets[d.offset];
    const end = offsets[d.offset + d.length];
    // Control characters anywhere among the values' bytes: C0 and DEL are single bytes, C1 is C2 80–C2 9F.
    for (let j = first; j < end; j++) {
      const b = bytes[j];
      if (b < 0x20 || b === 0x7f || (b === 0xc2 && bytes[j + 1] >= 0x80 && bytes[j + 1] <= 0x9f)) return false;
    }
    const bitmap = d.nullCount > 0 ? d.nullBitmap : undefined;
    for (let i = 0; i < d.length; i++) {
      const k = d.offset + i;
      if (bitmap && !((bitmap[k >> 3] >> (k & 7)) & 1)) continue;
      const a = offsets[k];
      const z = offsets[k + 1];
      if (z <= a) return false;
      const h = bytes[a];
      const t = bytes[z - 1];
      if (h < 0x21 || h > 0x7e || t < 0x21 || t > 0x7e) return false;
    }
  }
  return true;
}

const textDecoder = new TextDecoder();

/** A value as text; a Date as its wall-clock time in the load's time zone, without an offset (the date a text column reads). */
function toText(v: unknown, wall: WallClock = utc): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : wallClockText(wall(v.getTime()));
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? textDecoder.decode(x) : x));
  return String(v);
}

/** Columns of JS values (plus `ROW`; a user column of that name is left out) → Arrow IPC stream bytes. `text`: columns built as text whatever they hold. */
export function columnsToIPC(columns: Record<string, ArrayLike<unknown>>, n: number, opts: { wall?: WallClock; text?: ReadonlySet<string> } = {}): Uint8Array {
  const vectors: Record<string, Vector> = { [ROW]: rowNumbers(n) };
  for (const [name, values] of Object.entries(columns)) if (name !== ROW) vectors[name] = vectorFromValues(values, opts.text?.has(name) ? 'text' : undefined, opts.wall);
  return tableToIPC(new Table(vectors), 'stream');
}

/**
 * Arrow IPC (file or stream) from a user → stream bytes with a `ROW` column added (a user column of
 * that name is left out). Timestamps with a time zone are instants: each becomes the date of its
 * wall-clock time in the load's zone (`wall`); timestamps without a zone are wall-clock already.
 */
export function withRowNumbers(ipc: Uint8Array, wall: WallClock = utc): { ipc: Uint8Array; rows: number; columns: string[] } {
  const t = tableFromIPC(ipc);
  const vectors: Record<string, Vector> = { [ROW]: rowNumbers(t.numRows) };
  const columns: string[] = [];
  for (const f of t.schema.fields) {
    if (f.name === ROW) continue;
    const v = t.getChild(f.name)!;
    // Types DuckDB may not take (e.g. large/dictionary types) are fine; nested ones become text.
    if (f.type.children?.length) vectors[f.name] = vectorFromArray(Array.from({ length: t.numRows }, (_, i) => toText(v.get(i), wall)), new Utf8());
    else if (DataType.isTimestamp(f.type) && f.type.timezone) vectors[f.name] = dateMillisecondVector(Array.from({ length: t.numRows }, (_, i) => v.get(i) as number | null), wall);
    else vectors[f.name] = v;
    columns.push(f.name);
  }
  return { ipc: tableToIPC(new Table(vectors), 'stream'), rows: t.numRows, columns };
}

