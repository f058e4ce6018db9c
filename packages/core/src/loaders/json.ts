import { CrmError } from '../errors.js';
import { columnsToIPC, type WallClock } from './arrow.js';
import { ID_PROBLEM, escapeControls, jsId } from './parse.js';

/** Parse JSON text: an array of row objects, `{ "data": [...] }`, or NDJSON (one object a line; a .ndjson/.jsonl file of one line is one row). */
export function parseJsonRows(text: string, fileName: string): Record<string, unknown>[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '') throw new CrmError('empty-file', { file: fileName });
  try {
    const v = JSON.parse(t);
    if (Array.isArray(v)) return v;
    if (v && typeof v === 'object') {
      for (const k of ['data', 'rows', 'records', 'items', 'transactions', 'customers']) if (Array.isArray(v[k])) return v[k];
      // NDJSON of one row: a file named as NDJSON holding a single object on its one line. (A .json file
      // holding one object, such as an API's error reply, is not rows.)
      if (/\.(ndjson|jsonl)$/i.test(fileName) && !/[\r\n]/.test(t)) return [v];
    }
    throw new CrmError('not-data', { file: fileName, looksLike: 'json-without-rows' });
  } catch (e) {
    if (e instanceof CrmError) throw e;
    // NDJSON
    const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      try {
        rows.push(JSON.parse(lines[i]));
      } catch {
        throw new CrmError('unreadable', { file: fileName, row: i + 1, value: lines[i].slice(0, 200), format: 'json', line: i + 1 });
      }
    }
    return rows;
  }
}

/**
 * Row objects → Arrow IPC; the columns are the union of keys in first-seen order. `wall`: Date values'
 * wall-clock time in the load's time zone. `ids`: which of the columns are id columns; one that mixes
 * JS types (text and numbers) is made text here by the id rule (`jsId`), refusing what it cannot hold
 * exactly, since the engine would see it as text only. An id column of one type is left to the engine.
 */
export function rowsToIPC(
  rows: readonly Record<string, unknown>[],
  fileName: string,
  opts: { wall?: WallClock; ids?: (columns: string[]) => ReadonlySet<string> } = {},
): { ipc: Uint8Array; rows: number; columns: string[] } {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new CrmError('not-data', { file: fileName, row: i + 1, looksLike: 'row-not-object' });
    }
    for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
  }
  const cols: Record<string, unknown[]> = {};
  for (const n of names) cols[n] = rows.map((r) => (r as Record<string, unknown>)[n]);
  const text = new Set<string>();
  for (const n of opts.ids?.(names) ?? []) {
    if (!cols[n] || !mixed(cols[n])) continue;
    cols[n] = idTexts(cols[n], n, fileName);
    text.add(n);
  }
  return { ipc: columnsToIPC(cols, rows.length, { wall: opts.wall, text }), rows: rows.length, columns: names };
}

/** Whether the values (nulls aside) are of more than one JS type. */
function mixed(values: readonly unknown[]): boolean {
  let kind: string | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k = v instanceof Date ? 'date' : typeof v;
    if (kind === undefined) kind = k;
    else if (k !== kind) return true;
  }
  return false;
}

/** An id column's values as id text; `invalid-value` naming the first refused one. */
function idTexts(values: readonly unknown[], column: string, file: string): (string | null)[] {
  const out: (string | null)[] = new Array(values.length);
  const bad: number[] = [];
  let first: { problem: keyof typeof ID_PROBLEM; value: string } | undefined;
  for (let i = 0; i < values.length; i++) {
    const id = jsId(values[i]);
    if (id === null || typeof id === 'string') out[i] = id;
    else {
      bad.push(i + 1);
      first ??= id;
    }
  }
  if (!first) return out;
  const row = bad[0];
  const value = escapeControls(first.value);
  const others = bad.length > 1 ? ` ${bad.length} rows in this column cannot be read (first rows: ${bad.slice(0, 5).join(', ')}).` : '';
  throw new CrmError('invalid-value', {
    file,
    column,
    row,
    value,
    count: bad.length,
    expected: 'id',
    idProblem: first.problem,
    rows: bad.slice(0, 5),
    unskippable: true,
  });
}
