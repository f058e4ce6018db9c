/**
 * Ids kept exactly as text in every loader (CSV, JSON, JS rows, Parquet, Arrow), numbers that cannot be
 * an exact id refused, ids with control characters refused; one rule for order dates with times and
 * zones; crmkit's row numbers never taken from a user's column.
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Table, TimestampMillisecond, makeData, makeVector, tableFromArrays, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { CrmError, loadData, queryRows, sql, ident, type LoadOptions } from '../src/index.js';
import { engine } from './engine.js';

let n = 0;
const table = () => `idd${++n}`;
const text = (s: string) => new TextEncoder().encode(s);
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

async function load(input: Parameters<typeof loadData>[1], opts: Partial<LoadOptions> = {}) {
  const r = await loadData(await engine(), input, { table: table(), ...opts });
  const rows = await queryRows<{ customer_id: string; order_date: number; amount: number; order_id?: string }>(await engine(), sql`SELECT * FROM ${ident(r.table)}`);
  const customers = [...new Set(rows.map((x) => x.customer_id))].sort();
  return { r, rows, customers };
}
async function failure(p: Promise<unknown>): Promise<CrmError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CrmError);
  return e as CrmError;
}
/** An Arrow timestamp column (epoch ms), with or without a zone. */
const timestamps = (ms: number[], zone?: string): Vector => makeVector(makeData({ type: new TimestampMillisecond(zone), length: ms.length, nullCount: 0, data: BigInt64Array.from(ms, BigInt) }));
const parquet = (columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData'], schema?: Parameters<typeof parquetWriteBuffer>[0]['schema']) =>
  new Uint8Array(parquetWriteBuffer({ columnData, ...(schema ? { schema } : {}) }));

// 2^53 = 9007199254740992; 9007199254740993 = 2^53 + 1 is the first integer a double cannot hold.
const BIG = [9007199254740993n, 9007199254740992n];

describe('ids above 2^53 stay exact', () => {
  it('Parquet INT64: two customers, every digit kept', async () => {
    const { customers } = await load(parquet([
      { name: 'customer_id', data: BigInt64Array.from(BIG), type: 'INT64' },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' },
      { name: 'amount', data: Float64Array.from([10, 20]), type: 'DOUBLE' },
    ]), { name: 'big.parquet' });
    expect(customers).toEqual(['9007199254740992', '9007199254740993']);
  });

  it('Parquet DECIMAL(20,0) and DECIMAL(10,2): exact digits; a fraction is refused', async () => {
    const schema = (scale: number, precision: number) => [
      { name: 'root', num_children: 3 },
      { name: 'customer_id', type: 'FIXED_LEN_BYTE_ARRAY' as const, type_length: 9, converted_type: 'DECIMAL' as const, precision, scale, repetition_type: 'REQUIRED' as const },
      { name: 'order_date', type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const },
      { name: 'amount', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
    ];
    // 12345678901234567891 has 20 digits: a double would read it as 12345678901234567000-something.
    const whole = await load(parquet([
      { name: 'customer_id', data: [12345678901234567891n, 12345678901234567890n] },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02'] },
      { name: 'amount', data: [1, 2] },
    ], schema(0, 20)), { name: 'dec.parquet' });
    expect(whole.customers).toEqual(['12345678901234567890', '12345678901234567891']);
    // Unscaled 12300 at scale 2 is 123.00: the id 123; −700 is −7.00. 12345 is 123.45: not an id.
    const cents = await load(parquet([
      { name: 'customer_id', data: [12300n, -700n] },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02'] },
      { name: 'amount', data: [1, 2] },
    ], schema(2, 10)), { name: 'cents.parquet' });
    expect(cents.customers).toEqual(['-7', '123']); // −7.00 from two's-complement bytes
    const e = await failure(load(parquet([
      { name: 'customer_id', data: [12300n, 12345n] },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02'] },
      { name: 'amount', data: [1, 2] },
    ], schema(2, 10)), { name: 'frac.parquet' }));
    expect(e.code).toBe('invalid-value');
    expect(e.message).toBe('frac.parquet, column "customer_id", row 2: "123.45" is not a usable id: a number used as an id must be a whole number. Fix the file, or set on-invalid="skip" to load the other rows.');
    expect(e.detail).toMatchObject({ column: 'customer_id', row: 2, value: '123.45', expected: 'id', idProblem: 'fraction' });
  });

  it('Parquet DECIMAL on INT32 and INT64: exact ids and exact amounts, negatives included', async () => {
    // INT64 unscaled, scale 0: 999999999999999999 (18 digits) is no double. INT32 unscaled, scale 2: −12345 is −123.45.
    const r = await load(parquet(
      [
        { name: 'customer_id', data: [999999999999999999n, 999999999999999998n] },
        { name: 'order_date', data: ['2024-01-01', '2024-01-02'] },
        { name: 'amount', data: [-123.45, 67.5] },
      ],
      [
        { name: 'root', num_children: 3 },
        { name: 'customer_id', type: 'INT64', converted_type: 'DECIMAL', precision: 18, scale: 0, repetition_type: 'REQUIRED' },
        { name: 'order_date', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'amount', type: 'INT32', converted_type: 'DECIMAL', precision: 9, scale: 2, repetition_type: 'REQUIRED' },
      ],
    ), { name: 'dec32.parquet' });
    expect(r.customers).toEqual(['999999999999999998', '999999999999999999']);
    expect(r.rows.map((x) => x.amount).sort((a, b) => a - b)).toEqual([-123.45, 67.5]);
    expect(r.r.returns).toBe(1);
  });

  it('Parquet DOUBLE: 13085.0 is the id 13085; 1.5 and 2^53 are refused', async () => {
    const cols = (ids: number[]) => parquet([
      { name: 'customer_id', data: Float64Array.from(ids), type: 'DOUBLE' },
      { name: 'order_date', data: ids.map(() => '2024-01-01'), type: 'STRING' },
      { name: 'amount', data: Float64Array.from(ids.map(() => 1)), type: 'DOUBLE' },
    ]);
    expect((await load(cols([13085, 42]), { name: 'd.parquet' })).customers).toEqual(['13085', '42']);
    const frac = await failure(load(cols([1, 1.5]), { name: 'd.parquet' }));
    expect(frac.detail).toMatchObject({ row: 2, value: '1.5', idProblem: 'fraction' });
    const big = await failure(load(cols([1, 9007199254740992]), { name: 'd.parquet' }));
    expect(big.detail).toMatchObject({ row: 2, value: '9007199254740992', idProblem: 'inexact' });
    expect(big.message).toContain('"9007199254740992" is not a usable id: it is a number above 9007199254740991 (2^53 − 1) stored as floating point');
    // Skipping leaves the other row.
    const skip = await load(cols([1, 9007199254740992]), { name: 'd.parquet', onInvalid: 'skip' });
    expect(skip.customers).toEqual(['1']);
    expect(skip.r.rejected).toMatchObject({ count: 1, rows: [2] });
  });

  it('Parquet UINT64 (above 2^63) and an Arrow DOUBLE above 2^53', async () => {
    const u = await load(parquet(
      [
        { name: 'customer_id', data: [18446744073709551615n, 9007199254740993n] },
        { name: 'order_date', data: ['2024-01-01', '2024-01-02'] },
        { name: 'amount', data: [1, 2] },
      ],
      [
        { name: 'root', num_children: 3 },
        { name: 'customer_id', type: 'INT64', converted_type: 'UINT_64', repetition_type: 'REQUIRED' },
        { name: 'order_date', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'amount', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ],
    ), { name: 'u64.parquet' });
    expect(u.customers).toEqual(['18446744073709551615', '9007199254740993']); // 2^64 − 1
    const t = tableFromArrays({ customer_id: Float64Array.from([7, 2 ** 53]), order_date: ['2024-01-01', '2024-01-02'], amount: Float64Array.from([1, 2]) });
    const e = await failure(load(tableToIPC(t, 'stream'), { name: 'f.arrow' }));
    expect(e.detail).toMatchObject({ column: 'customer_id', row: 2, value: '9007199254740992', idProblem: 'inexact' });
  });

  it('JS rows with bigint ids: two customers', async () => {
    const { customers } = await load(BIG.map((id, i) => ({ customer_id: id, order_date: '2024-01-0' + (i + 1), amount: 5 })));
    expect(customers).toEqual(['9007199254740992', '9007199254740993']);
  });

  it('Arrow Int64 ids: two customers', async () => {
    const t = new Table({
      customer_id: makeVector(BigInt64Array.from(BIG)),
      order_date: vectorFromArray(['2024-01-01', '2024-01-02']),
      amount: makeVector(Float64Array.from([1, 2])),
    });
    expect((await load(tableToIPC(t, 'stream'), { name: 'big.arrow' })).customers).toEqual(['9007199254740992', '9007199254740993']);
  });

  it('CSV: ids as text, every digit kept', async () => {
    const { customers } = await load(text('customer_id,order_date,amount\n9007199254740993,2024-01-01,1\n9007199254740992,2024-01-02,2\n'), { name: 'big.csv' });
    expect(customers).toEqual(['9007199254740992', '9007199254740993']);
  });

  it('JSON numbers: 123, "123" and 123.0 are one id; 9007199254740993 is refused, not merged', async () => {
    const same = await load(text('[{"customer_id":123,"order_date":"2024-01-01","amount":1},{"customer_id":123.0,"order_date":"2024-01-02","amount":2},{"customer_id":7,"order_date":"2024-01-03","amount":3}]'), { name: 'n.json' });
    expect(same.customers).toEqual(['123', '7']);
    const mixed = await load(text('[{"customer_id":123,"order_date":"2024-01-01","amount":1},{"customer_id":"123","order_date":"2024-01-02","amount":2},{"customer_id":"A7","order_date":"2024-01-03","amount":3}]'), { name: 'n.json' });
    expect(mixed.customers).toEqual(['123', 'A7']);
    // JSON.parse reads 9007199254740993 as 9007199254740992: the file's digits are already lost.
    const big = await failure(load(text('[{"customer_id":9007199254740993,"order_date":"2024-01-01","amount":1},{"customer_id":9007199254740992,"order_date":"2024-01-02","amount":2}]'), { name: 'big.json' }));
    expect(big.code).toBe('invalid-value');
    expect(big.detail).toMatchObject({ column: 'customer_id', row: 1, value: '9007199254740992', count: 2, idProblem: 'inexact' });
  });

  it('JSON true, 1.5, and refused numbers in a column that also has text', async () => {
    const bool = await failure(load(text('[{"customer_id":true,"order_date":"2024-01-01","amount":1}]'), { name: 'b.json' }));
    expect(bool.detail).toMatchObject({ row: 1, value: 'true', idProblem: 'boolean' });
    expect(bool.message).toContain('"true" is not a usable id: true/false is not an identifier');
    const frac = await failure(load(text('[{"customer_id":1,"order_date":"2024-01-01","amount":1},{"customer_id":1.5,"order_date":"2024-01-01","amount":1}]'), { name: 'f.json' }));
    expect(frac.detail).toMatchObject({ row: 2, value: '1.5', idProblem: 'fraction' });
    const mixed = await failure(load(text('[{"customer_id":"A1","order_date":"2024-01-01","amount":1},{"customer_id":1.5,"order_date":"2024-01-01","amount":1},{"customer_id":true,"order_date":"2024-01-01","amount":1}]'), { name: 'm.json', onInvalid: 'skip' }));
    expect(mixed.code).toBe('invalid-value');
    expect(mixed.message).toBe('m.json, column "customer_id", row 2: "1.5" is not a usable id: a number used as an id must be a whole number. 2 rows in this column cannot be read (first rows: 2, 3). Fix the data: this column mixes text and numbers, and such a column cannot skip rows.');
    expect(mixed.detail).toMatchObject({ row: 2, count: 2, rows: [2, 3], idProblem: 'fraction', unskippable: true });
  });

  it('order_id as a number column follows the same rule', async () => {
    const ok = await load([{ customer_id: 'A', order_id: 9007199254740993n, order_date: '2024-01-01', amount: 1 }, { customer_id: 'A', order_id: 9007199254740992n, order_date: '2024-01-01', amount: 1 }]);
    expect(ok.rows.map((r) => r.order_id).sort()).toEqual(['9007199254740992', '9007199254740993']);
    const e = await failure(load(text('[{"customer_id":"A","order_id":1,"order_date":"2024-01-01","amount":1},{"customer_id":"A","order_id":9007199254740993,"order_date":"2024-01-01","amount":1}]'), { name: 'o.json' }));
    expect(e.detail).toMatchObject({ column: 'order_id', row: 2, idProblem: 'inexact' });
  });
});

describe('ids with control characters are refused', () => {
  it('a NUL in a JSON id', async () => {
    const e = await failure(load(text('[{"customer_id":"E1","order_date":"2024-01-01","amount":1},{"customer_id":"E\\u00002","order_date":"2024-01-01","amount":1}]'), { name: 'nul.json' }));
    expect(e.message).toBe('nul.json, column "customer_id", row 2: "E\\u00002" contains a control character, which an id cannot hold (a sign of a damaged export). Fix the file, or set on-invalid="skip" to load the other rows.');
    expect(e.detail).toMatchObject({ column: 'customer_id', row: 2, value: 'E\\u00002', idProblem: 'control-character' });
    const skip = await load(text('[{"customer_id":"E1","order_date":"2024-01-01","amount":1},{"customer_id":"E\\u00002","order_date":"2024-01-01","amount":1}]'), { name: 'nul.json', onInvalid: 'skip' });
    expect(skip.customers).toEqual(['E1']);
  });

  it('a control character in a CSV, Parquet and Arrow id; and in a JS row', async () => {
    const csv = await failure(load(text('customer_id,order_date,amount\nC1,2024-01-01,1\nC\u00012,2024-01-01,1\n'), { name: 'c.csv' }));
    expect(csv.detail).toMatchObject({ row: 2, value: 'C\\u00012', idProblem: 'control-character' });
    const pq = await failure(load(parquet([
      { name: 'customer_id', data: ['P1', 'P\u00002'], type: 'STRING' },
      { name: 'order_date', data: ['2024-01-01', '2024-01-01'], type: 'STRING' },
      { name: 'amount', data: Float64Array.from([1, 1]), type: 'DOUBLE' },
    ]), { name: 'c.parquet' }));
    expect(pq.detail).toMatchObject({ row: 2, value: 'P\\u00002', idProblem: 'control-character' });
    const arrow = await failure(load(tableToIPC(tableFromArrays({ customer_id: ['A\u007f', 'B'], order_date: ['2024-01-01', '2024-01-01'], amount: Float64Array.from([1, 1]) }), 'stream'), { name: 'c.arrow' }));
    expect(arrow.detail).toMatchObject({ row: 1, value: 'A\\u007f', idProblem: 'control-character' });
    const js = await failure(load([{ customer_id: 'ok', order_date: '2024-01-01', amount: 1, order_id: 'O\u00001' }]));
    expect(js.detail).toMatchObject({ column: 'order_id', row: 1, idProblem: 'control-character' });
  });
});

describe("a user's column named like crmkit's row numbers", () => {
  it('JSON and Arrow __row columns do not change the row an error names', async () => {
    const rows = [
      { __row: 100, customer_id: 'A', order_date: '2024-01-01', amount: 1 },
      { __row: 200, customer_id: 'B', order_date: '2024-01-02', amount: 'ten' },
    ];
    const json = await failure(load(text(JSON.stringify(rows)), { name: 'r.json' }));
    expect(json.detail).toMatchObject({ column: 'amount', row: 2, value: 'ten' });
    const t = tableFromArrays({ __row: Int32Array.from([100, 200]), customer_id: ['A', 'B'], order_date: ['2024-01-01', '2024-01-02'], amount: ['1', 'ten'] });
    const arrow = await failure(load(tableToIPC(t, 'stream'), { name: 'r.arrow' }));
    expect(arrow.detail).toMatchObject({ column: 'amount', row: 2, value: 'ten' });
    // The user's column is an ordinary column: it is listed, and can be mapped.
    const ok = await load([{ __row: 7, customer_id: 'A', order_date: '2024-01-01', amount: 1 }]);
    expect(ok.r.columns).toEqual(['__row', 'customer_id', 'order_date', 'amount']);
  });

  it('CSV and Parquet __row columns too', async () => {
    const csv = await failure(load(text('__row,customer_id,order_date,amount\n9,A,2024-01-01,1\n9,B,2024-01-02,ten\n'), { name: 'r.csv' }));
    expect(csv.detail).toMatchObject({ column: 'amount', row: 2, value: 'ten' });
    const pq = await failure(load(parquet([
      { name: '__row', data: Int32Array.from([50, 60]), type: 'INT32' },
      { name: 'customer_id', data: ['A', 'B'], type: 'STRING' },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02'], type: 'STRING' },
      { name: 'amount', data: ['1', 'ten'], type: 'STRING' },
    ]), { name: 'r.parquet' }));
    expect(pq.detail).toMatchObject({ column: 'amount', row: 2, value: 'ten' });
  });
});

describe('order dates with times and zones', () => {
  // 2024-03-31T23:30:00-05:00 is the instant 2024-04-01T04:30:00Z.
  const INSTANT = Date.parse('2024-03-31T23:30:00-05:00');
  const dates = async (input: Parameters<typeof loadData>[1], opts: Partial<LoadOptions> = {}) => (await load(input, opts)).rows.map((r) => r.order_date);

  it('text keeps the date written, whatever the offset (CSV, JSON)', async () => {
    expect(await dates(text('customer_id,order_date,amount\nA,2024-03-31T23:30:00-05:00,1\nB,2024-03-31T23:30:00+14:00,1\n'), { name: 'z.csv', timeZone: 'Asia/Taipei' })).toEqual([day('2024-03-31'), day('2024-03-31')]);
    expect(await dates(text('[{"customer_id":"A","order_date":"2024-03-31T23:30:00-05:00","amount":1}]'), { name: 'z.json' })).toEqual([day('2024-03-31')]);
  });

  it('Parquet UTC-adjusted timestamps: the date in time-zone (default UTC)', async () => {
    const file = () => parquet([
      { name: 'customer_id', data: ['A'], type: 'STRING' },
      { name: 'order_date', data: [new Date(INSTANT)], type: 'TIMESTAMP' },
      { name: 'amount', data: Float64Array.from([1]), type: 'DOUBLE' },
    ]);
    expect(await dates(file(), { name: 't.parquet' })).toEqual([day('2024-04-01')]);
    expect(await dates(file(), { name: 't.parquet', timeZone: 'America/Chicago' })).toEqual([day('2024-03-31')]); // 23:30 CDT (UTC−5)
    expect(await dates(file(), { name: 't.parquet', timeZone: 'America/New_York' })).toEqual([day('2024-04-01')]); // 00:30 EDT (UTC−4)
    expect(await dates(file(), { name: 't.parquet', timeZone: 'Asia/Taipei' })).toEqual([day('2024-04-01')]); // 12:30 on April 1 in Taipei
  });

  it('Parquet timestamps not adjusted to UTC are wall-clock: their date as is', async () => {
    // Wall-clock 2024-03-31 23:30, stored as if it were UTC.
    const wall = Date.parse('2024-03-31T23:30:00Z');
    const file = parquet(
      [
        { name: 'customer_id', data: ['A'] },
        { name: 'order_date', data: [BigInt(wall)] },
        { name: 'amount', data: [1] },
      ],
      [
        { name: 'root', num_children: 3 },
        { name: 'customer_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'order_date', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' }, repetition_type: 'REQUIRED' },
        { name: 'amount', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ],
    );
    expect(await dates(file, { name: 'w.parquet', timeZone: 'Asia/Taipei' })).toEqual([day('2024-03-31')]);
  });

  it('Arrow timestamps with a zone load (the date in time-zone); without a zone, as is', async () => {
    const ipc = (v: Vector) => tableToIPC(new Table({ customer_id: vectorFromArray(['A']), order_date: v, amount: makeVector(Float64Array.from([1])) }), 'stream');
    expect(await dates(ipc(timestamps([INSTANT], 'America/New_York')), { name: 'tz.arrow' })).toEqual([day('2024-04-01')]);
    expect(await dates(ipc(timestamps([INSTANT], 'UTC')), { name: 'tz.arrow', timeZone: 'America/Chicago' })).toEqual([day('2024-03-31')]);
    expect(await dates(ipc(timestamps([Date.parse('2024-03-31T23:30:00Z')])), { name: 'naive.arrow', timeZone: 'Asia/Taipei' })).toEqual([day('2024-03-31')]);
  });

  it('JS Dates are instants: local midnight of March 31 in Taipei is March 31 with time-zone Asia/Taipei', async () => {
    // new Date(2024, 2, 31) on a UTC+8 page is 2024-03-30T16:00:00Z.
    const rows = [{ customer_id: 'A', order_date: new Date('2024-03-30T16:00:00Z'), amount: 1 }];
    expect(await dates(rows)).toEqual([day('2024-03-30')]);
    expect(await dates(rows, { timeZone: 'Asia/Taipei' })).toEqual([day('2024-03-31')]);
    // A column mixing Dates and text: the Date is read the same way.
    expect(await dates([...rows, { customer_id: 'B', order_date: '2024-01-02', amount: 1 }], { timeZone: 'Asia/Taipei' })).toEqual([day('2024-03-31'), day('2024-01-02')]);
  });

  it('zone offsets at their changes: New York DST, Kolkata +5:30, Kathmandu +5:45', async () => {
    const at = async (iso: string, timeZone: string) => (await dates([{ customer_id: 'A', order_date: new Date(iso), amount: 1 }], { timeZone }))[0];
    // DST began 2024-03-10 07:00Z (02:00 EST → 03:00 EDT).
    expect(await at('2024-03-10T04:59:59.999Z', 'America/New_York')).toBe(day('2024-03-09')); // 23:59:59 EST
    expect(await at('2024-03-10T05:00:00Z', 'America/New_York')).toBe(day('2024-03-10'));
    expect(await at('2024-11-03T03:59:59Z', 'America/New_York')).toBe(day('2024-11-02')); // 23:59:59 EDT
    expect(await at('2024-11-03T04:00:00Z', 'America/New_York')).toBe(day('2024-11-03'));
    expect(await at('2024-03-31T18:29:59.999Z', 'Asia/Kolkata')).toBe(day('2024-03-31'));
    expect(await at('2024-03-31T18:30:00Z', 'Asia/Kolkata')).toBe(day('2024-04-01'));
    expect(await at('2024-03-31T18:14:59Z', 'Asia/Kathmandu')).toBe(day('2024-03-31'));
    expect(await at('2024-03-31T18:15:00Z', 'Asia/Kathmandu')).toBe(day('2024-04-01'));
  });

  it('an unknown time zone is refused', async () => {
    const e = await failure(load(text('customer_id,order_date,amount\nA,2024-01-01,1\n'), { name: 'x.csv', timeZone: 'Mars/Olympus' }));
    expect(e.code).toBe('invalid-option');
    expect(e.message).toBe('Invalid time-zone "Mars/Olympus": expected a time zone name such as "Asia/Taipei", "America/New_York" or "UTC".');
    expect(e.detail).toEqual({ option: 'time-zone', value: 'Mars/Olympus', accepts: { kind: 'time-zone' } });
  });
});
