/**
 * Analysis results on the wire: a typed Arrow IPC stream, read back into the
 * very object the `run…` function returned on the server.
 *
 * - An object result is one row; each field a column (numbers Float64, text
 *   Utf8, booleans Bool, lists List, objects Struct — nested as deep as the
 *   result is). An array of objects is one row per item. `null` (e.g. a Pareto
 *   curve with no customers) is a table with no columns.
 * - Numbers are doubles, as every crmkit engine returns them (BIGINT and
 *   DECIMAL cast to double; dates as epoch milliseconds).
 * - Fields that were `undefined` (rather than null) are listed in the
 *   schema's metadata and come back as `undefined`.
 * - A value whose type is not one of these, or that mixes types across
 *   rows, is carried as JSON text in a Utf8 column marked `json` in its
 *   field's metadata.
 */
import {
  Bool,
  DataType,
  Field,
  Float64,
  List,
  Null,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';

const KIND = 'crmkit:kind';
const UNDEFINED = 'crmkit:undefined';
const JSON_FIELD = 'crmkit:json';

type Path = (string | number)[];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The Arrow type for a set of JS values (nulls and undefineds ignored); undefined = mixed, carried as JSON. */
function inferType(values: unknown[]): DataType | undefined {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return new Null();
  if (present.every((v) => typeof v === 'number')) return new Float64();
  if (present.every((v) => typeof v === 'string')) return new Utf8();
  if (present.every((v) => typeof v === 'boolean')) return new Bool();
  if (present.every((v) => Array.isArray(v))) {
    const child = inferType((present as unknown[][]).flat());
    return child ? new List(new Field('item', child, true)) : undefined;
  }
  if (present.every(isPlainObject)) {
    const keys = [...new Set((present as Record<string, unknown>[]).flatMap((o) => Object.keys(o)))];
    const fields: Field[] = [];
    for (const k of keys) {
      const t = inferType((present as Record<string, unknown>[]).map((o) => o[k]));
      fields.push(t ? new Field(k, t, true) : jsonField(k));
    }
    return new Struct(fields);
  }
  return undefined;
}

function jsonField(name: string): Field {
  return new Field(name, new Utf8(), true, new Map([[JSON_FIELD, '1']]));
}

/** Values as the builder for `field` takes them: JSON text where the field says so (at any depth). */
function prepare(v: unknown, field: Field): unknown {
  if (v === null || v === undefined) return null;
  if (field.metadata.get(JSON_FIELD)) return JSON.stringify(v);
  const t = field.type;
  if (DataType.isStruct(t)) {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of t.children) out[f.name] = prepare(o[f.name], f);
    return out;
  }
  if (DataType.isList(t)) return (v as unknown[]).map((x) => prepare(x, t.children[0]));
  return v;
}

/** Where the result holds `undefined`, so the reader can give it back. */
function undefinedPaths(v: unknown, path: Path, out: Path[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => undefinedPaths(x, [...path, i], out));
  else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) out.push([...path, k]);
      else undefinedPaths(x, [...path, k], out);
    }
  }
}

/** An analysis result as Arrow IPC stream bytes. */
export function encodeResult(value: unknown): Uint8Array {
  const undef: Path[] = [];
  undefinedPaths(value, [], undef);
  const meta = new Map<string, string>();
  if (undef.length) meta.set(UNDEFINED, JSON.stringify(undef));
  let rows: Record<string, unknown>[];
  if (value === null || value === undefined) {
    meta.set(KIND, 'null');
    rows = [];
  } else if (Array.isArray(value)) {
    if (!value.every(isPlainObject)) throw new TypeError('encodeResult: an array result must hold objects');
    meta.set(KIND, 'rows');
    rows = value as Record<string, unknown>[];
  } else if (isPlainObject(value)) {
    meta.set(KIND, 'object');
    rows = [value];
  } else {
    throw new TypeError(`encodeResult: unsupported result (${typeof value})`);
  }
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fields = keys.map((k) => {
    const t = inferType(rows.map((r) => r[k]));
    return t ? new Field(k, t, true) : jsonField(k);
  });
  const vectors: Record<string, Vector> = {};
  for (const f of fields) {
    vectors[f.name] = DataType.isNull(f.type)
      ? makeVector(makeData({ type: new Null(), length: rows.length, nullCount: rows.length }))
      : vectorFromArray(
          rows.map((r) => prepare(r[f.name], f)),
          f.type,
        );
  }
  const schema = new Schema(fields, meta);
  const table = fields.length ? new Table(schema, vectors) : new Table(schema);
  return tableToIPC(table, 'stream');
}

/** A value read from Arrow back to plain JS, following the field's type. */
function plain(v: unknown, field: Field): unknown {
  if (v === null || v === undefined) return null;
  if (field.metadata.get(JSON_FIELD)) return JSON.parse(v as string);
  const t = field.type;
  if (DataType.isStruct(t)) {
    const out: Record<string, unknown> = {};
    const row = v as Record<string, unknown>;
    for (const f of t.children) out[f.name] = plain(row[f.name], f);
    return out;
  }
  if (DataType.isList(t)) {
    const vec = v as Vector;
    const out: unknown[] = [];
    for (let i = 0; i < vec.length; i++) out.push(plain(vec.get(i), t.children[0]));
    return out;
  }
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** Rows of a table as plain JS objects, in the shape `encodeResult` was given. */
function tableRows(table: Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const cols = fields.map((f) => table.getChild(f.name)!);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    fields.forEach((f, j) => (row[f.name] = plain(cols[j].get(i), f)));
    out.push(row);
  }
  return out;
}

/** Read `encodeResult`'s bytes back into the result. */
export function decodeResult<T = unknown>(bytes: Uint8Array): T {
  const table = tableFromIPC(bytes);
  const kind = table.schema.metadata.get(KIND);
  if (kind === 'null') return null as T;
  const rows = tableRows(table);
  const value: unknown = kind === 'rows' ? rows : rows[0];
  const undef = table.schema.metadata.get(UNDEFINED);
  if (undef) {
    for (const path of JSON.parse(undef) as Path[]) {
      let o = value as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o?.[k] as Record<string | number, unknown>;
      if (o && typeof o === 'object') o[path[path.length - 1]] = undefined;
    }
  }
  return value as T;
}
