/**
 * Parquet decoded in a dedicated worker (packages/core/src/loaders/parquet-decode.ts, parquet-worker.ts):
 * the worker's Arrow IPC is byte for byte what the page's own decoder makes (ids above 2^53, exact
 * decimals, UTC timestamps in a time zone, text, nulls, several row groups); errors keep their codes
 * and facts; Cancel stops it; a worker that cannot start falls back to the page; a worker on another
 * origin starts through a blob (here the worker's module source, so through the module form of the blob;
 * the built script goes through `importScripts`, tested with the strict CSP in test/e2e/demo.e2e.ts); and
 * a 200 k-row load leaves the page without long tasks.
 * The test server serves the worker's source where the library build puts its bundle
 * (`/__duckdb/crmkit-parquet.worker.js`, web-test-runner.config.mjs).
 */
import { expect } from '@open-wc/testing';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CrmError, WasmEngine, getWasmAssets, ident, loadData, queryRows, setWasmAssets, type Engine } from '@crmkit/core';
import { decodeParquet } from '../../packages/core/src/loaders/parquet-decode.js';

setWasmAssets('/__duckdb/');

type Columns = Parameters<typeof parquetWriteBuffer>[0]['columnData'];
const parquet = (columnData: Columns, extra: Partial<Parameters<typeof parquetWriteBuffer>[0]> = {}) => new Uint8Array(parquetWriteBuffer({ columnData, ...extra }));

// 2024-04-01T03:30:00Z: April 1 in UTC, March 31 (22:30 the evening before, CDT = UTC−5) in Chicago.
const INSTANT = Date.UTC(2024, 3, 1, 3, 30);
const DAY = 86_400_000;

/** Five rows in two row groups: every kind of column the loader reads, with a null in each nullable one. */
function mixed(): Uint8Array {
  return parquet(
    [
      { name: 'customer_id', data: BigInt64Array.from([9007199254740993n, 9007199254740992n, -5n, 1n, 9007199254740993n]), type: 'INT64' },
      { name: 'name', data: ['王小明', 'Zoë', null, 'a,"b"', ''], type: 'STRING' },
      { name: 'ordered_at', data: [new Date(INSTANT), new Date(0), null, new Date(INSTANT + DAY), new Date(INSTANT)], type: 'TIMESTAMP' },
      { name: 'amount', data: Float64Array.from([10.5, -2.25, 0, 1e15, 3]), type: 'DOUBLE' },
      { name: 'vip', data: [true, false, null, true, false], type: 'BOOLEAN' },
    ],
    { rowGroupSize: 3 },
  );
}

/** DECIMAL(20,0) ids in 9 bytes and DECIMAL(9,2) amounts on INT32. */
function decimals(): Uint8Array {
  return parquet(
    [
      { name: 'customer_id', data: [12345678901234567891n, -700n] },
      { name: 'amount', data: [-123.45, 67.5] },
    ],
    {
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'customer_id', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 9, converted_type: 'DECIMAL', precision: 20, scale: 0, repetition_type: 'REQUIRED' },
        { name: 'amount', type: 'INT32', converted_type: 'DECIMAL', precision: 9, scale: 2, repetition_type: 'REQUIRED' },
      ],
    },
  );
}

const same = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

async function failure(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(CrmError);
    return e as CrmError;
  }
  throw new Error('expected a CrmError');
}

describe('Parquet decoded in a worker', () => {
  it('gives the same Arrow bytes as the page’s decoder, in UTC and in America/Chicago, and the values are the file’s', async () => {
    for (const [bytes, timeZone] of [[mixed(), 'UTC'], [mixed(), 'America/Chicago'], [decimals(), 'UTC']] as const) {
      const inWorker = await decodeParquet(bytes, 'm.parquet', { timeZone });
      const inPage = await decodeParquet(bytes, 'm.parquet', { timeZone, inPage: true });
      expect(inWorker.worker, 'decoded in the worker').to.equal(true);
      expect(inPage.worker).to.equal(false);
      expect(inWorker.rows).to.equal(inPage.rows);
      expect(inWorker.columns).to.deep.equal(inPage.columns);
      expect(same(inWorker.ipc, inPage.ipc), `${timeZone}: same IPC bytes (${inWorker.ipc.byteLength} and ${inPage.ipc.byteLength})`).to.equal(true);
    }
    // The values themselves: the worker's bytes read by the engine.
    const engine = await WasmEngine.create();
    try {
      const read = async (bytes: Uint8Array, timeZone?: string) => {
        await engine.insertArrowIPC('pw_values', (await decodeParquet(bytes, 'm.parquet', { timeZone })).ipc);
        return queryRows<Record<string, string | null>>(engine, 'SELECT CAST(COLUMNS(*) AS VARCHAR) FROM pw_values ORDER BY __crmkit_row');
      };
      const utc = await read(mixed());
      expect(utc.map((r) => r.__crmkit_row)).to.deep.equal(['1', '2', '3', '4', '5']);
      expect(utc.map((r) => r.customer_id)).to.deep.equal(['9007199254740993', '9007199254740992', '-5', '1', '9007199254740993']);
      expect(utc.map((r) => r.name)).to.deep.equal(['王小明', 'Zoë', null, 'a,"b"', '']);
      expect(utc.map((r) => r.amount)).to.deep.equal(['10.5', '-2.25', '0.0', '1000000000000000.0', '3.0']);
      expect(utc.map((r) => r.vip)).to.deep.equal(['true', 'false', null, 'true', 'false']);
      expect(utc.map((r) => r.ordered_at)).to.deep.equal(['2024-04-01', '1970-01-01', null, '2024-04-02', '2024-04-01']);
      // Epoch 0 is 1969-12-31 18:00 in Chicago (CST = UTC−6); the instant is 22:30 on March 31 (CDT = UTC−5).
      const chicago = await read(mixed(), 'America/Chicago');
      expect(chicago.map((r) => r.ordered_at)).to.deep.equal(['2024-03-31', '1969-12-31', null, '2024-04-01', '2024-03-31']);
      // Exact decimals: unscaled −12345 at scale 2 is −123.45.
      const dec = await read(decimals());
      expect(dec.map((r) => [r.customer_id, r.amount])).to.deep.equal([['12345678901234567891', '-123.45'], ['-700', '67.50']]);
    } finally {
      await engine.close();
    }
  });

  it('moves the bytes to the worker only when told they are the caller’s to give (else the caller’s buffer is intact)', async () => {
    const expected = (await decodeParquet(mixed(), 'm.parquet', { inPage: true })).ipc;
    const kept = mixed();
    const a = await decodeParquet(kept, 'm.parquet');
    expect(a.worker).to.equal(true);
    expect(kept.byteLength, 'a user’s bytes stay').to.be.greaterThan(0);
    expect(same(a.ipc, expected)).to.equal(true);
    // A view into a larger buffer (as a download assembled in chunks can be): the worker reads only the view.
    const file = mixed();
    const padded = new Uint8Array(file.byteLength + 16);
    padded.set(file, 8);
    const view = padded.subarray(8, 8 + file.byteLength);
    const b = await decodeParquet(view, 'm.parquet', { transfer: true });
    expect(b.worker).to.equal(true);
    expect(padded.byteLength, 'the buffer moved to the worker').to.equal(0);
    expect(same(b.ipc, expected)).to.equal(true);
  });

  it('keeps a decoder that finished for the next file (one worker for files decoded one after another), with the same bytes', async () => {
    const Real = globalThis.Worker;
    let started = 0;
    globalThis.Worker = class extends Real {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started++;
      }
    } as typeof Worker;
    try {
      const expected = (await decodeParquet(mixed(), 'm.parquet', { inPage: true })).ipc;
      for (let i = 0; i < 3; i++) {
        const r = await decodeParquet(mixed(), 'm.parquet');
        expect(r.worker).to.equal(true);
        expect(same(r.ipc, expected)).to.equal(true);
      }
      // At most one new decoder for the three files (none when one was kept from an earlier test).
      expect(started).to.be.at.most(1);
    } finally {
      globalThis.Worker = Real;
    }
  });

  it('keeps error codes and facts: not Parquet, too large once decoded; Cancel stops it', async () => {
    const junk = new Uint8Array(64).fill(7);
    junk.set([0x50, 0x41, 0x52, 0x31], 60); // ends in PAR1 without a footer
    const bad = await failure(decodeParquet(junk, 'junk.parquet'));
    expect(bad.code).to.equal('unreadable');
    expect(bad.detail).to.include({ file: 'junk.parquet', format: 'parquet' });
    expect(bad.message.startsWith('junk.parquet is not a readable Parquet file')).to.equal(true);
    const big = await failure(decodeParquet(mixed(), 'm.parquet', { maxBytes: 10 }));
    expect(big.code).to.equal('too-large');
    expect(big.detail).to.include({ file: 'm.parquet', limit: 10, decoded: true, rowCount: 5 });
    const stop = new AbortController();
    const p = decodeParquet(rows(100_000), 'big.parquet', { signal: stop.signal });
    setTimeout(() => stop.abort(), 5);
    const cancelled = await failure(p);
    expect(cancelled.code).to.equal('cancelled');
    expect(cancelled.detail).to.include({ file: 'big.parquet' });
  });

  it('falls back to the page when the worker script cannot load, with the same bytes', async () => {
    const assets = getWasmAssets()!;
    try {
      setWasmAssets({ ...assets, parquetWorker: '/__missing/crmkit-parquet.worker.js' });
      const fallback = await decodeParquet(mixed(), 'm.parquet');
      expect(fallback.worker).to.equal(false);
      setWasmAssets(assets);
      const inWorker = await decodeParquet(mixed(), 'm.parquet');
      expect(inWorker.worker).to.equal(true);
      expect(same(fallback.ipc, inWorker.ipc)).to.equal(true);
    } finally {
      setWasmAssets(assets);
    }
  });

  it('starts a worker on another origin through a same-origin blob', async () => {
    const assets = getWasmAssets()!;
    // The test server answers on 127.0.0.1 and on localhost: the other one is another origin.
    const other = new URL(location.href);
    other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    try {
      setWasmAssets({ ...assets, parquetWorker: new URL('/__duckdb/crmkit-parquet.worker.js', other).href });
      const r = await decodeParquet(mixed(), 'm.parquet');
      expect(r.worker, 'decoded in the worker from the other origin').to.equal(true);
      expect(same(r.ipc, (await decodeParquet(mixed(), 'm.parquet', { inPage: true })).ipc)).to.equal(true);
    } finally {
      setWasmAssets(assets);
    }
  });
});

/** n transactions: customer C<i mod 5000>, a date in 2024, amount (i mod 1000) / 4. */
function rows(n: number): Uint8Array {
  const ids: string[] = new Array(n);
  const dates: string[] = new Array(n);
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = `C${i % 5000}`;
    dates[i] = new Date(Date.UTC(2024, 0, 1) + (i % 366) * DAY).toISOString().slice(0, 10);
    amount[i] = (i % 1000) / 4;
  }
  return parquet(
    [
      { name: 'customer_id', data: ids, type: 'STRING' },
      { name: 'order_date', data: dates, type: 'STRING' },
      { name: 'amount', data: amount, type: 'DOUBLE' },
    ],
    { rowGroupSize: 50_000 },
  );
}

describe('a 200 k-row Parquet load keeps the page responsive', () => {
  let engine: Engine;
  before(async () => {
    engine = await WasmEngine.create();
  });
  after(async () => engine?.close());

  it('no main-thread task over 200 ms while loading, and the figures are the file’s', async () => {
    const n = 200_000;
    const bytes = rows(n);
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    // Let the long task of writing the file above (before the observer) pass.
    await new Promise((r) => setTimeout(r, 50));
    tasks.length = 0;
    const r = await loadData(engine, bytes, { table: 'pw', name: 'rows.parquet' });
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    const longest = Math.max(0, ...tasks);
    console.log(`200 k rows from Parquet: longest main-thread task ${longest.toFixed(0)} ms (${tasks.length} over 50 ms)`);
    expect(longest, `longest task ${longest} ms`).to.be.at.most(200);
    expect(r.rows).to.equal(n);
    // Amounts cycle 0, 0.25, …, 249.75 200 times: 200 · (0 + … + 999) / 4 = 200 · 499500 / 4 = 24,975,000.
    const [s] = await queryRows<{ n: number; customers: number; total: number }>(engine, `SELECT count(*)::DOUBLE AS n, count(DISTINCT customer_id)::DOUBLE AS customers, sum(amount)::DOUBLE AS total FROM ${ident('pw')}`);
    expect(s).to.deep.equal({ n, customers: 5000, total: 24_975_000 });
  });
});
