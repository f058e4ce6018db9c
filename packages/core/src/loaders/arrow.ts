import {
  Bool,
  DateMillisecond,
  Float64,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';

/** Row numbers from+1 … from+n (1-based), the `__row` column every raw table carries so errors can name rows. */
export function rowNumbers(n: number, from = 0): Vector {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = from + i + 1;
  return makeVector(a);
}

/**
 * JS column values → an Arrow vector. Numbers stay Float64, booleans Bool,
 * Dates DateMillisecond; anything else (strings, mixed, objects) becomes text
 * so the loader can validate it and name the offending row.
 */
export function vectorFromValues(values: ArrayLike<unknown>, as?: 'number' | 'boolean' | 'date' | 'text'): Vector {
  if (as !== 'text' && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint8Array || values instanceof Uint16Array || values instanceof Uint32Array)) {
    return makeVector(Float64Array.from(values as ArrayLike<number>));
  }
  if (as !== 'text' && (values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    return makeVector(Float64Array.from(values as ArrayLike<bigint>, Number));
  }
  // `as`: the type the column has whatever this chunk holds (chunks of one column must agree).
  let kind: 'number' | 'boolean' | 'date' | 'text' | undefined = as;
  for (let i = 0; i < values.length && !as; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' || typeof v === 'bigint' ? 'number' : typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'text';
    if (kind === undefined) kind = k;
    else if (kind !== k) {
      kind = 'text';
      break;
    }
  }
  switch (kind) {
    case 'number':
      return float64Vector(values, (v) => Number(v));
    case 'boolean':
      return vectorFromArray(Array.from(values) as (boolean | null)[], new Bool());
    case 'date':
      return dateMillisecondVector(values);
    default:
      return utf8Vector(values);
  }
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

/** Dates (Date objects, or epoch milliseconds as numbers) → DateMillisecond; NaN and invalid dates become null. */
export function dateMillisecondVector(values: ArrayLike<unknown>): Vector {
  const n = values.length;
  const data = new BigInt64Array(n);
  let bad: unknown[] | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const ms = typeof v === 'number' ? v : (v as Date).getTime();
    if (Number.isFinite(ms)) data[i] = BigInt(Math.trunc(ms));
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
export function utf8Vector(values: ArrayLike<unknown>, bytesAreUtf8 = false): Vector {
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
      const s = toText(v);
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

const textDecoder = new TextDecoder();

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? textDecoder.decode(x) : x));
  return String(v);
}

/** Columns of JS values (plus `__row`) → Arrow IPC stream bytes. */
export function columnsToIPC(columns: Record<string, ArrayLike<unknown>>, n: number): Uint8Array {
  const vectors: Record<string, Vector> = { __row: rowNumbers(n) };
  for (const [name, values] of Object.entries(columns)) vectors[name] = vectorFromValues(values);
  return tableToIPC(new Table(vectors), 'stream');
}

/** Arrow IPC (file or stream) from a user → stream bytes with a `__row` column added. */
export function withRowNumbers(ipc: Uint8Array): { ipc: Uint8Array; rows: number; columns: string[] } {
  const t = tableFromIPC(ipc);
  const vectors: Record<string, Vector> = { __row: rowNumbers(t.numRows) };
  const columns: string[] = [];
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name)!;
    // Types DuckDB may not take (e.g. large/dictionary types) are fine; nested ones become text.
    vectors[f.name] = f.type.children?.length ? vectorFromArray(Array.from({ length: t.numRows }, (_, i) => toText(v.get(i))), new Utf8()) : v;
    columns.push(f.name);
  }
  return { ipc: tableToIPC(new Table(vectors), 'stream'), rows: t.numRows, columns };
}

