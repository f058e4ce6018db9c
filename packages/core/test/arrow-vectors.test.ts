/** Column builders of the Parquet / JSON path: same values, nulls and types as Arrow's generic builder, and the engine reads them. */
import { describe, expect, it } from 'vitest';
import { DateMillisecond, Float64, Utf8, tableFromIPC, vectorFromArray } from 'apache-arrow';
import { ROW, columnsToIPC, vectorFromValues } from '../src/loaders/arrow.js';
import { ident, queryRows } from '../src/index.js';
import { engine } from './engine.js';

const texts = ['C0001', '', null, '客戶 ü', 'a,"b"', undefined, '🙂 emoji', 'x'.repeat(5000), 'ascii then 中'];
const numbers = [1, -2.5, null, 0, 1e300, undefined, 3];
const dates = [new Date('2024-02-29T00:00:00Z'), null, new Date('1969-12-31T00:00:00Z'), undefined];

describe('column builders', () => {
  it('text: UTF-8 and nulls as Arrow builds them', () => {
    const v = vectorFromValues(texts);
    const ref = vectorFromArray(texts.map((t) => t ?? null), new Utf8());
    expect(v.type).toBeInstanceOf(Utf8);
    expect(v.nullCount).toBe(2);
    expect(v.toArray()).toEqual(ref.toArray());
    expect([...v]).toEqual(texts.map((t) => t ?? null));
  });
  it('numbers and dates with nulls', () => {
    const n = vectorFromValues(numbers);
    expect(n.type).toBeInstanceOf(Float64);
    expect([...n]).toEqual(numbers.map((x) => x ?? null));
    const d = vectorFromValues(dates);
    expect(d.type).toBeInstanceOf(DateMillisecond);
    expect([...d]).toEqual([...vectorFromArray(dates.map((x) => x ?? null), new DateMillisecond())]);
  });
  it('a mixed column becomes text; an IPC round trip keeps every value', () => {
    const cols = { t: texts, n: numbers.concat([7, 8]), mixed: [1, 'a', null, true, new Date(0), 2, 3, 4, 5] };
    const t = tableFromIPC(columnsToIPC(cols, 9));
    expect(t.getChild('t')!.toArray()).toEqual(texts.map((x) => x ?? null));
    // A Date in a text column is its wall-clock time (UTC unless the load says another zone), without an offset.
    expect([...t.getChild('mixed')!]).toEqual(['1', 'a', null, 'true', '1970-01-01T00:00:00.000', '2', '3', '4', '5']);
  });
  it('DuckDB reads the built columns', async () => {
    const e = await engine();
    await e.insertArrowIPC('arrow_vectors', columnsToIPC({ t: texts, d: dates.concat([null, null, null, null, null]) }, 9));
    const rows = await queryRows<{ t: string | null; d: number | null; len: number | null }>(e, `SELECT t, d, length(t) AS len FROM ${ident('arrow_vectors')} ORDER BY ${ident(ROW)}`);
    expect(rows.map((r) => r.t)).toEqual(texts.map((x) => x ?? null));
    expect(rows[3].len).toBe(4);
    expect(rows[0].d).toBe(Date.UTC(2024, 1, 29));
    expect(rows[2].d).toBe(Date.UTC(1969, 11, 31));
  });
});
