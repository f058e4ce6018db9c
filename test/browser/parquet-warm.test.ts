/**
 * A Parquet file's decoder starts while the file downloads (`warmDecoder`, packages/core/src/loaders/parquet-decode.ts):
 * the worker is made before the decode phase begins, it is the one that decodes the file (no second worker), and
 * the values are the file's. The worker script is given a query string of its own so that no decoder kept by an
 * earlier test is taken instead.
 */
import { expect } from '@open-wc/testing';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { WasmEngine, getWasmAssets, loadData, queryRows, setWasmAssets, type LoadProgress } from '@crmkit/core';
// Loaded ahead, as on a page that has read a Parquet file before: the load's own import of it then resolves at once.
import '../../packages/core/src/loaders/parquet-decode.js';

setWasmAssets('/__duckdb/');

describe('Parquet decoder started while the file downloads', () => {
  it('one worker, made before the decode phase, decodes the file', async () => {
    const assets = getWasmAssets()!;
    const Real = globalThis.Worker;
    const events: string[] = [];
    globalThis.Worker = class extends Real {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        // DuckDB's own worker is not counted.
        if (options?.name === 'crmkit-parquet') events.push('worker');
      }
    } as typeof Worker;
    setWasmAssets({ ...assets, parquetWorker: '/__duckdb/crmkit-parquet.worker.js?ahead' });
    const engine = await WasmEngine.create();
    // Three rows: amounts 1.5 + 2.25 + 3 = 6.75, customers a and b.
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: ['a', 'b', 'a'], type: 'STRING' },
          { name: 'order_date', data: ['2024-01-05', '2024-01-06', '2024-01-07'], type: 'STRING' },
          { name: 'amount', data: Float64Array.from([1.5, 2.25, 3]), type: 'DOUBLE' },
        ],
      }),
    );
    const url = URL.createObjectURL(new Blob([bytes]));
    // The bytes take 300 ms to arrive, as a file over a network does (a blob URL alone can be read before the
    // decoder's module has resolved, which would say nothing about starting it during a download).
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const r = await realFetch(input, init);
      if (String(input instanceof Request ? input.url : input) !== url) return r;
      const body = new Uint8Array(await r.arrayBuffer());
      const slow = new ReadableStream<Uint8Array>({
        async start(c) {
          await new Promise((done) => setTimeout(done, 300));
          c.enqueue(body);
          c.close();
        },
      });
      return new Response(slow, { status: 200, headers: { 'content-length': String(body.byteLength) } });
    }) as typeof fetch;
    try {
      const r = await loadData(engine, url, {
        table: 'warm',
        name: 'ahead.parquet',
        onProgress: (p: LoadProgress) => {
          if (events[events.length - 1] !== p.phase) events.push(p.phase);
        },
      });
      expect(r.rows).to.equal(3);
      // The worker is made while the bytes arrive (fetch), before the decode, and no other one after it.
      expect(events.filter((e) => e === 'worker').length).to.equal(1);
      expect(events.indexOf('worker')).to.be.lessThan(events.indexOf('decode'));
      const [s] = await queryRows<{ n: number; customers: number; total: number }>(engine, 'SELECT count(*)::DOUBLE AS n, count(DISTINCT customer_id)::DOUBLE AS customers, sum(amount) AS total FROM warm');
      expect(s).to.deep.equal({ n: 3, customers: 2, total: 6.75 });
    } finally {
      URL.revokeObjectURL(url);
      globalThis.fetch = realFetch;
      globalThis.Worker = Real;
      setWasmAssets(assets);
    }
  });
});
