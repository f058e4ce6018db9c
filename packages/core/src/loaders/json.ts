import { CrmError } from '../errors.js';
import { columnsToIPC } from './arrow.js';

/** Parse JSON text: an array of row objects, `{ "data": [...] }`, or NDJSON (one object a line). */
export function parseJsonRows(text: string, fileName: string): Record<string, unknown>[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '') throw new CrmError('empty-file', `${fileName} is empty.`, { file: fileName });
  try {
    const v = JSON.parse(t);
    if (Array.isArray(v)) return v;
    if (v && typeof v === 'object') {
      for (const k of ['data', 'rows', 'records', 'items', 'transactions', 'customers']) if (Array.isArray(v[k])) return v[k];
    }
    throw new CrmError('not-data', `${fileName} is JSON but not a list of rows. Expected [{"customer_id": …}, …] or {"data": [...]}.`, { file: fileName, looksLike: 'json-without-rows' });
  } catch (e) {
    if (e instanceof CrmError) throw e;
    // NDJSON
    const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      try {
        rows.push(JSON.parse(lines[i]));
      } catch {
        throw new CrmError('unreadable', `${fileName} is not valid JSON: line ${i + 1} cannot be read ("${lines[i].slice(0, 60)}").`, { file: fileName, row: i + 1, value: lines[i].slice(0, 200), format: 'json', line: i + 1 });
      }
    }
    return rows;
  }
}

/** Row objects → Arrow IPC; the columns are the union of keys in first-seen order. */
export function rowsToIPC(rows: readonly Record<string, unknown>[], fileName: string): { ipc: Uint8Array; rows: number; columns: string[] } {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new CrmError('not-data', `${fileName}: row ${i + 1} is not an object with named fields.`, { file: fileName, row: i + 1, looksLike: 'row-not-object' });
    }
    for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
  }
  const cols: Record<string, unknown[]> = {};
  for (const n of names) cols[n] = rows.map((r) => (r as Record<string, unknown>)[n]);
  return { ipc: columnsToIPC(cols, rows.length), rows: rows.length, columns: names };
}
