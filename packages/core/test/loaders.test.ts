/** Loaders: CSV, JSON, Arrow IPC and Parquet inputs; dates and numbers; encodings; limits, cancel and memory errors. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { tableToIPC, tableFromArrays, tableFromIPC } from 'apache-arrow';
import { CrmError, asCrmError, loadData, queryRows, sql, ident, toUtf8, parquetToIPC } from '../src/index.js';
import { detectEncoding, detectFormat } from '../src/loaders/detect.js';
import { readBytes } from '../src/loaders/load.js';
import { engine } from './engine.js';
import { vanishingFile } from './vanishing-file.js';

let n = 0;
const table = () => `ld${++n}`;
const text = (s: string) => new TextEncoder().encode(s);

async function rows(t: string) {
  return queryRows<{ customer_id: string; order_date: number; amount: number }>(await engine(), sql`SELECT customer_id, order_date, amount FROM ${ident(t)} ORDER BY customer_id, order_date`);
}
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
async function failure(p: Promise<unknown>): Promise<CrmError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CrmError);
  return e as CrmError;
}

describe('loadData inputs', () => {
  it('CSV bytes', async () => {
    const r = await loadData(await engine(), text('customer_id,order_date,amount\nA,2024-01-02,5\nB,2024-01-03,7.25\n'), { table: table(), name: 'a.csv' });
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', rows: 2, inputRows: 2, columns: ['customer_id', 'order_date', 'amount'], fields: ['customer_id', 'order_date', 'amount'] });
    expect(await rows(r.table)).toEqual([
      { customer_id: 'A', order_date: day('2024-01-02'), amount: 5 },
      { customer_id: 'B', order_date: day('2024-01-03'), amount: 7.25 },
    ]);
  });

  it('JS rows, JSON array, {data: [...]} and NDJSON', async () => {
    const e = await engine();
    const js = await loadData(e, [{ customer_id: 'A', order_date: new Date('2024-01-02T00:00:00Z'), amount: 5 }, { customer_id: 7, order_date: '2024-01-03', amount: '1,000' }], { table: table() });
    expect(await rows(js.table)).toEqual([
      { customer_id: '7', order_date: day('2024-01-03'), amount: 1000 },
      { customer_id: 'A', order_date: day('2024-01-02'), amount: 5 },
    ]);
    const arr = await loadData(e, text('[{"customer_id":"A","order_date":"2024-01-02","amount":5}]'), { table: table(), name: 'x.json' });
    expect(arr).toMatchObject({ format: 'json', rows: 1 });
    const wrapped = await loadData(e, text('{"data":[{"customer_id":"A","order_date":"2024-01-02","amount":5},{"customer_id":"B","order_date":"2024-01-02","amount":6}]}'), { table: table(), name: 'x.json' });
    expect(wrapped.rows).toBe(2);
    const nd = await loadData(e, text('{"customer_id":"A","order_date":"20240102","amount":5}\n{"customer_id":"B","order_date":"2024/01/03","amount":-2}\n'), { table: table(), name: 'x.ndjson' });
    expect(await rows(nd.table)).toEqual([
      { customer_id: 'A', order_date: day('2024-01-02'), amount: 5 },
      { customer_id: 'B', order_date: day('2024-01-03'), amount: -2 },
    ]);
    expect(nd.returns).toBe(1);
    // NDJSON of one row: one object on its one line is that row, not "JSON without rows".
    const one = await loadData(e, text('{"customer_id":"C","order_date":"2024-01-04","amount":3}\n'), { table: table(), name: 'one.ndjson' });
    expect(await rows(one.table)).toEqual([{ customer_id: 'C', order_date: day('2024-01-04'), amount: 3 }]);
    // … while a .json file holding one object (an API's error reply) is not rows.
    const reply = await failure(loadData(e, text('{"status":"error","message":"session expired"}'), { table: table(), name: 'reply.json' }));
    expect(reply.code).toBe('not-data');
    const bad = await failure(loadData(e, text('{"customer_id":"A"}\n{oops\n'), { table: table(), name: 'b.ndjson' }));
    expect(bad.code).toBe('unreadable');
    expect(bad.message).toBe('b.ndjson is not valid JSON: line 2 cannot be read ("{oops").');
  });

  it('Arrow IPC (file and stream)', async () => {
    const t = tableFromArrays({ customer_id: ['A', 'B', 'A'], order_date: ['2024-01-02', '2024-01-03', '2024-02-01'], amount: Float64Array.from([1.5, 2, -0.5]) });
    for (const kind of ['file', 'stream'] as const) {
      const r = await loadData(await engine(), tableToIPC(t, kind), { table: table(), name: `x.arrow` });
      expect(r).toMatchObject({ format: 'arrow', rows: 3, returns: 1 });
      expect((await rows(r.table)).map((x) => x.amount)).toEqual([1.5, -0.5, 2]);
    }
  });

  it('Parquet (hyparquet-writer): string, INT32 and DOUBLE columns, TIMESTAMP dates', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: '客戶編號', data: ['P1', 'P2', 'P1'], type: 'STRING' },
        { name: 'order_date', data: [new Date('2024-01-05T00:00:00Z'), new Date('2024-01-06T10:00:00Z'), new Date('2024-03-01T00:00:00Z')], type: 'TIMESTAMP' },
        { name: 'quantity', data: Int32Array.from([2, 1, 3]), type: 'INT32' },
        { name: 'amount', data: Float64Array.from([20, 9.5, 30]), type: 'DOUBLE' },
      ],
    });
    const r = await loadData(await engine(), new Uint8Array(buf), { table: table(), name: 'o.parquet' });
    expect(r).toMatchObject({ format: 'parquet', rows: 3, mapping: { customer_id: '客戶編號', order_date: 'order_date', quantity: 'quantity', amount: 'amount' } });
    expect(await rows(r.table)).toEqual([
      { customer_id: 'P1', order_date: day('2024-01-05'), amount: 20 },
      { customer_id: 'P1', order_date: day('2024-03-01'), amount: 30 },
      { customer_id: 'P2', order_date: day('2024-01-06'), amount: 9.5 },
    ]);
    const [{ q }] = await queryRows<{ q: number }>(await engine(), sql`SELECT sum(quantity) AS q FROM ${ident(r.table)}`);
    expect(q).toBe(6); // 2 + 1 + 3
    const broken = await failure(loadData(await engine(), new Uint8Array([...text('PAR1'), 1, 2, 3, 4]), { table: table(), name: 'bad.parquet' }));
    expect(broken.code).toBe('unreadable');
    expect(broken.message).toContain('bad.parquet is not a readable Parquet file');
  });

  it('Parquet text stays exact through the byte path: Chinese, emoji, empty and missing values, unannotated binary', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: ['王小明', 'C2', '😀 VIP', 'C4'], type: 'STRING' },
        { name: 'order_date', data: [new Date('2024-01-05T00:00:00Z'), new Date('2024-01-06T23:59:59Z'), null, new Date('1999-12-31T12:00:00Z')], type: 'TIMESTAMP', nullable: true },
        { name: 'amount', data: Float64Array.from([1, 2, 3, 4]), type: 'DOUBLE' },
        { name: 'note', data: ['', null, 'é', 'ok'], type: 'STRING', nullable: true },
        { name: 'raw', data: [text('a'), text('中'), text(''), text('z')], type: 'BYTE_ARRAY' },
      ],
    });
    const r = await loadData(await engine(), new Uint8Array(buf), { table: table(), name: 'text.parquet', onInvalid: 'skip' });
    // Row 3 has no date: rejected and reported; the others load with their text intact.
    expect(r.rejected).toMatchObject({ count: 1, rows: [3] });
    expect(await rows(r.table)).toEqual([
      { customer_id: 'C2', order_date: day('2024-01-06'), amount: 2 },
      { customer_id: 'C4', order_date: day('1999-12-31'), amount: 4 },
      { customer_id: '王小明', order_date: day('2024-01-05'), amount: 1 },
    ]);
    const ipc = await parquetToIPC(new Uint8Array(buf), 'text.parquet');
    const t = tableFromIPC(ipc.ipc);
    expect(t.getChild('customer_id')!.toArray()).toEqual(['王小明', 'C2', '😀 VIP', 'C4']);
    expect([...t.getChild('note')!]).toEqual(['', null, 'é', 'ok']);
    expect([...t.getChild('raw')!]).toEqual(['a', '中', '', 'z']);
    // UTC-adjusted timestamps are instants: each becomes its day in the load's time zone (UTC here).
    expect([...t.getChild('order_date')!].map((d) => (d === null ? null : new Date(d as number).toISOString()))).toEqual([
      '2024-01-05T00:00:00.000Z',
      '2024-01-06T00:00:00.000Z',
      null,
      '1999-12-31T00:00:00.000Z',
    ]);
  });

  it('a Parquet file with columns but no rows says so', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: [], type: 'STRING' },
        { name: 'order_date', data: [], type: 'TIMESTAMP' },
        { name: 'amount', data: new Float64Array(0), type: 'DOUBLE' },
      ],
    });
    const e = await failure(loadData(await engine(), new Uint8Array(buf), { table: table(), name: 'empty.parquet' }));
    expect(e.code).toBe('no-rows');
    expect(e.message).toBe('empty.parquet has column names (customer_id, order_date, amount) but no rows of data.');
  });

  it('Parquet with many row groups: every row in place, decode progress reported, cancel stops the decode', async () => {
    const n = 300_000;
    const ids = Array.from({ length: n }, (_, i) => `C${i % 1000}`);
    const dates = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, i % 12, (i % 28) + 1)));
    const amounts = Float64Array.from({ length: n }, (_, i) => (i % 97) - 5);
    const buf = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: ids, type: 'STRING' },
          { name: 'order_date', data: dates, type: 'TIMESTAMP' },
          { name: 'amount', data: amounts, type: 'DOUBLE' },
        ],
        rowGroupSize: 10_000,
      }),
    );
    const decode: { loaded?: number; total?: number }[] = [];
    const r = await loadData(await engine(), buf, { table: table(), name: 'groups.parquet', onProgress: (p) => p.phase === 'decode' && p.total && decode.push(p) });
    expect(r.rows).toBe(n);
    // Independent sums: amounts (i % 97) − 5 over i < n; the rows of customer C7 (i ≡ 7 mod 1000) and their last date.
    let total = 0;
    for (let i = 0; i < n; i++) total += (i % 97) - 5;
    const [got] = await queryRows<{ total: number; c7: number; first: string; last: string }>(
      await engine(),
      sql`SELECT sum(amount) AS total, count(*) FILTER (WHERE customer_id = 'C7') AS c7, CAST(min(order_date) AS VARCHAR) AS first, CAST(max(order_date) AS VARCHAR) AS last FROM ${ident(r.table)}`,
    );
    expect(got).toEqual({ total, c7: 300, first: '2024-01-01', last: '2024-12-28' });
    // 30 row groups × 3 columns = 90 pieces, each reported.
    expect(decode.map((p) => p.loaded)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(decode.at(-1)).toEqual({ phase: 'decode', loaded: 90, total: 90 });

    // A compressed file under the size limit that would decode to more than it is refused before decoding.
    const ipcBytes = (await parquetToIPC(buf, 'groups.parquet')).ipc.byteLength;
    const big = await failure(loadData(await engine(), buf, { table: table(), name: 'groups.parquet', maxBytes: buf.byteLength + 1 }));
    expect(big.code).toBe('too-large');
    expect(big.message).toMatch(/^groups\.parquet holds 300,000 rows, about [\d.]+ MB once decoded: more than this page accepts \([\d.]+ (kB|MB)\)\. Load a smaller export/);
    expect(big.detail).toMatchObject({ file: 'groups.parquet', decoded: true, rowCount: n, limit: buf.byteLength + 1 });
    // The estimate: at least 4 + 8 + 8 + 12 bytes a row (row number, date, amount, short text), and near what decoding really builds.
    expect(big.detail.size).toBeGreaterThanOrEqual(n * 32);
    expect(big.detail.size! / ipcBytes).toBeGreaterThan(0.7);
    expect(big.detail.size! / ipcBytes).toBeLessThan(1.5);

    const abort = new AbortController();
    const e = await failure(
      loadData(await engine(), buf, { table: table(), name: 'groups.parquet', signal: abort.signal, onProgress: (p) => p.phase === 'decode' && p.loaded === 3 && abort.abort() }),
    );
    expect(e.code).toBe('cancelled');
    expect(e.message).toBe('Loading groups.parquet was cancelled.');
  });
});

describe('parsing values', () => {
  it('dates: ISO (with time), YYYYMMDD, YYYY/MM/DD, YYYY.MM.DD, 年月日; impossible and out-of-range dates refused', async () => {
    const input = ['2024-03-05', '2024-03-05 23:59:59', '2024-03-05T08:00:00+08:00', '20240305', '2024/03/05', '2024.03.05', '2024年03月05日'];
    const csv = 'customer_id,order_date,amount\n' + input.map((d, i) => `C${i},${d},1`).join('\n');
    const r = await loadData(await engine(), text(csv), { table: table() });
    expect((await rows(r.table)).map((x) => x.order_date)).toEqual(input.map(() => day('2024-03-05')));
    for (const bad of ['2023-02-29', '2024-13-01', '1850-01-01', '12/31/2024', 'tomorrow']) {
      const e = await failure(loadData(await engine(), text(`customer_id,order_date,amount\nA,${bad},1\n`), { table: table(), name: 'd.csv' }));
      expect(e.message).toContain(`d.csv, column "order_date", row 1: "${bad}" is not a date`);
    }
  });

  it('numbers: separators, currencies, parentheses, signs, exponents; text refused', async () => {
    const cases: [string, number][] = [
      ['"1,234.50"', 1234.5],
      ['"NT$1,000"', 1000],
      ['¥88', 88],
      ['￥88.5', 88.5],
      ['$12.5', 12.5],
      ['(50.00)', -50],
      ['-20', -20],
      ['−7', -7], // U+2212 minus
      ['1e3', 1000],
      ['12元', 12],
      ['USD 3', 3],
      ['" 4 "', 4],
      ['.5', 0.5],
      ['0', 0],
    ];
    const csv = 'customer_id,order_date,amount\n' + cases.map(([v], i) => `C${String(i).padStart(2, '0')},2024-01-01,${v}`).join('\n');
    const r = await loadData(await engine(), text(csv), { table: table() });
    expect((await rows(r.table)).map((x) => x.amount)).toEqual(cases.map(([, v]) => v));
    expect(r.returns).toBe(3); // (50.00), -20, −7
    for (const bad of ['abc', '1,23', '12.3.4', '$', '1 000 000x']) {
      const e = await failure(loadData(await engine(), text(`customer_id,order_date,amount\nA,2024-01-01,"${bad}"\n`), { table: table(), name: 'n.csv' }));
      expect(e.code).toBe('invalid-value');
      expect(e.message).toContain(`"${bad}" is not a number`);
    }
  });

  it('optional columns: a bad optional value is reported, an empty one is NULL', async () => {
    const e = await failure(loadData(await engine(), text('customer_id,order_date,amount,cost\nA,2024-01-01,5,\nB,2024-01-01,5,cheap\n'), { table: table(), name: 'c.csv' }));
    expect(e.message).toContain('c.csv, column "cost", row 2: "cheap" is not a number');
    const ok = await loadData(await engine(), text('customer_id,order_date,amount,cost\nA,2024-01-01,5,\nB,2024-01-01,5,2\n'), { table: table() });
    const got = await queryRows<{ cost: number | null }>(await engine(), sql`SELECT cost FROM ${ident(ok.table)} ORDER BY customer_id`);
    expect(got).toEqual([{ cost: null }, { cost: 2 }]);
  });

  it('ids exported through spreadsheets lose the trailing .0', async () => {
    // (A number that is not whole is not an id at all: see ids-and-dates.test.ts.)
    const r = await loadData(await engine(), [{ customer_id: 13085.0, order_date: '2024-01-01', amount: 1 }, { customer_id: 12, order_date: '2024-01-01', amount: 1 }], { table: table() });
    expect((await rows(r.table)).map((x) => x.customer_id)).toEqual(['12', '13085']);
  });
});

describe('encodings', () => {
  const zhHant = 'customer_id,order_date,amount,product\nA,2024-01-01,1,珍珠奶茶\nB,2024-01-02,2,鳳梨酥禮盒\nC,2024-01-03,3,台北門市限定烏龍茶\n';
  const zhHans = 'customer_id,order_date,amount,product\nA,2024-01-01,1,绿茶礼盒\nB,2024-01-02,2,北京门店月饼\nC,2024-01-03,3,线上商城会员专享\n';

  it('detects BOMs, UTF-16 without BOM, UTF-8, Big5 and GBK from real bytes', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toBe('utf-16le');
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
    expect(detectEncoding(new Uint8Array(iconv.encode(zhHant.repeat(10), 'utf16-le')))).toBe('utf-16le');
    expect(detectEncoding(text(zhHant))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array(iconv.encode(zhHant, 'big5')))).toBe('big5');
    expect(detectEncoding(new Uint8Array(iconv.encode(zhHans, 'gbk')))).toBe('gb18030');
    expect(detectEncoding(new Uint8Array(iconv.encode(zhHans, 'gb18030')))).toBe('gb18030');
  });

  it('decodes to the same text', () => {
    expect(new TextDecoder().decode(toUtf8(new Uint8Array(iconv.encode(zhHant, 'big5'))).bytes)).toBe(zhHant);
    expect(new TextDecoder().decode(toUtf8(new Uint8Array(iconv.encode(zhHans, 'gbk')), 'gbk').bytes)).toBe(zhHans);
  });

  it('loads Big5 with Chinese headers end to end', async () => {
    const csv = '客戶編號,日期,金額\n甲,2024-01-01,"NT$1,200"\n乙,2024-01-02,300\n';
    const r = await loadData(await engine(), new Uint8Array(iconv.encode(csv, 'big5')), { table: table() });
    expect(r.encoding).toBe('big5');
    expect((await rows(r.table)).map((x) => [x.customer_id, x.amount])).toEqual([
      ['乙', 300],
      ['甲', 1200],
    ]);
  });
});

describe('formats that are not data', () => {
  it('detectFormat names what the bytes are', () => {
    expect(() => detectFormat(new Uint8Array(), 'e.csv')).toThrow('e.csv is empty (0 bytes).');
    expect(() => detectFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'p.csv')).toThrow(/is an image/);
    expect(() => detectFormat(text('%PDF-1.7'), 'r.csv')).toThrow(/PDF document/);
    expect(() => detectFormat(new Uint8Array([0x1f, 0x8b, 8, 0]), 'z.csv')).toThrow(/gzip-compressed twice/);
    expect(() => detectFormat(text('  <html><body>Sign in</body></html>'), 'l.csv')).toThrow(/web page \(HTML\)/);
    expect(detectFormat(text('a,b\n1,2'), 'x.txt')).toBe('csv');
    expect(detectFormat(text('[{"a":1}]'), 'data')).toBe('json');
    expect(detectFormat(text('PAR1....'), 'x.csv')).toBe('parquet');
  });
});

describe('options, limits, cancel and memory', () => {
  it('refuses bad options (table name, encoding, on-invalid) before touching the engine', async () => {
    const input = text('customer_id,order_date,amount\nA,2024-01-01,1\n');
    for (const opts of [{ table: 't; DROP TABLE victim' }, { table: 'ok', encoding: 'ebcdic' }, { table: 'ok', onInvalid: 'ignore' }, { table: 'ok', mapping: { amount: '' } }]) {
      const e = await failure(loadData(await engine(), input, opts as never));
      expect(e.code).toBe('invalid-option');
      expect(e.message).toMatch(/^Invalid load option: /);
    }
  });

  it('JSON above a quarter of max-bytes is refused (it takes several times its size to read)', async () => {
    const json = text(JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ customer_id: `C${i}`, order_date: '2024-01-01', amount: i }))));
    const limit = json.byteLength * 4 - 4; // a quarter of it is just under the file's size
    const e = await failure(loadData(await engine(), json, { table: table(), name: 'orders.json', maxBytes: limit }));
    expect(e.code).toBe('too-large');
    expect(e.detail).toMatchObject({ file: 'orders.json', size: json.byteLength, limit: json.byteLength - 1, format: 'json' });
    expect(e.message).toMatch(/^orders\.json \(\d+ kB\) is larger than this page reads as JSON \(\d+ kB\): reading JSON takes several times its size in memory\. Export CSV or Parquet instead, or a smaller file\.$/);
    // Four times its size is enough.
    const ok = await loadData(await engine(), json, { table: table(), name: 'orders.json', maxBytes: json.byteLength * 4 });
    expect(ok.rows).toBe(100);
  });

  it('a too-large input stops with a clear message before it is read', async () => {
    const e = await failure(loadData(await engine(), new Blob([new Uint8Array(5_000_000)]), { table: table(), name: 'big.csv', maxBytes: 1_000_000 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe('big.csv (5.0 MB) is larger than this page accepts (1.0 MB). Load a smaller export (fewer months or columns), or use a server-side engine.');
  });

  it('a Blob is streamed with progress; cancelling stops it with a "cancelled" error', async () => {
    const line = 'C1,2024-01-01,1\n';
    const blob = new Blob(['customer_id,order_date,amount\n', ...Array.from({ length: 20_000 }, () => line)]);
    const seen: { phase: string; loaded?: number; total?: number }[] = [];
    const ok = await loadData(await engine(), blob, { table: table(), name: 'b.csv', onProgress: (p) => seen.push(p) });
    expect(ok.rows).toBe(20_000);
    const fetch = seen.filter((p) => p.phase === 'fetch');
    expect(fetch.at(-1)).toEqual({ phase: 'fetch', loaded: blob.size, total: blob.size });
    expect(seen.map((p) => p.phase).filter((p, i, a) => p !== a[i - 1])).toEqual(['fetch', 'decode', 'load', 'validate', 'model']);

    const abort = new AbortController();
    const e = await failure(
      loadData(await engine(), blob, { table: table(), name: 'b.csv', signal: abort.signal, onProgress: (p) => p.phase === 'fetch' && p.loaded && abort.abort() }),
    );
    expect(e.code).toBe('cancelled');
    expect(e.message).toBe('Loading b.csv was cancelled.');
    const between = new AbortController();
    const e2 = await failure(loadData(await engine(), blob, { table: table(), name: 'b.csv', signal: between.signal, onProgress: (p) => p.phase === 'validate' && between.abort() }));
    expect(e2.code).toBe('cancelled');
  });

  it('a file that stops being readable says so (not "downloading")', async () => {
    const e = await failure(loadData(await engine(), vanishingFile(text('customer_id,order_date,amount\nC1,2024-01-01,1\n'), 'gone.csv'), { table: table() }));
    expect(e.code).toBe('unreadable');
    expect(e.message).toBe('gone.csv could not be read (The requested file could not be read). Pick the file again; if it is very large, export a smaller one (fewer months or columns).');
    expect(e.detail).toEqual({ file: 'gone.csv', reason: 'The requested file could not be read' });
  });

  it('a real allocation failure becomes an out-of-memory message', () => {
    let caught: unknown;
    try {
      new ArrayBuffer(Number.MAX_SAFE_INTEGER);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RangeError);
    const e = asCrmError(caught, 'huge.csv');
    expect(e.code).toBe('out-of-memory');
    expect(e.message).toBe("huge.csv: the data is too large for this browser tab's memory. Try a smaller file or fewer columns.");
    expect(asCrmError(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB')).code).toBe('out-of-memory');
  });

  it('readBytes passes bytes through and refuses oversize buffers', async () => {
    const b = text('abc');
    expect(await readBytes(b, 'x')).toBe(b);
    await expect(readBytes(new Uint8Array(10), 'x', { maxBytes: 5 })).rejects.toMatchObject({ code: 'too-large' });
  });
});
