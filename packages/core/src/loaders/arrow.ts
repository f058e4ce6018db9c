import {
  Bool,
  DateMillisecond,
  Float64,
  Table,
  Utf8,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';

/** Row numbers 1..n, the `__row` column every raw table carries so errors can name rows. */
export function rowNumbers(n: number): Vector {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i + 1;
  return makeVector(a);
}

/**
 * JS column values → an Arrow vector. Numbers stay Float64, booleans Bool,
 * Dates DateMillisecond; anything else (strings, mixed, objects) becomes text
 * so the loader can validate it and name the offending row.
 */
export function vectorFromValues(values: ArrayLike<unknown>): Vector {
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint8Array || values instanceof Uint16Array || values instanceof Uint32Array) {
    return makeVector(Float64Array.from(values as ArrayLike<number>));
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return makeVector(Float64Array.from(values as ArrayLike<bigint>, Number));
  }
  let kind: 'number' | 'boolean' | 'date' | 'text' | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' || typeof v === 'bigint' ? 'number' : typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'text';
    if (kind === undefined) kind = k;
    else if (kind !== k) {
      kind = 'text';
      break;
    }
  }
  const arr = Array.from(values as ArrayLike<unknown>);
  switch (kind) {
    case 'number':
      return vectorFromArray(arr.map((v) => (v == null ? null : Number(v))), new Float64());
    case 'boolean':
      return vectorFromArray(arr as (boolean | null)[], new Bool());
    case 'date':
      return vectorFromArray(arr.map((v) => (v == null ? null : (v as Date))), new DateMillisecond());
    default:
      return vectorFromArray(arr.map(toText), new Utf8());
  }
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
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

