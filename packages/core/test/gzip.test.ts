/**
 * gzip input on the Node engine, through the same code path the page runs (Node 20's global
 * DecompressionStream): bytes, a Blob, a URL serving a .gz file as is, and a URL whose server sends
 * Content-Encoding: gzip. Figures are compared with the same file loaded uncompressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CrmError, loadData, type LoadProgress } from '../src/index.js';
import { engine } from './engine.js';

// 3 customers; C1 100 + 50, C2 200, C3 30.5: revenue 380.5 in 4 rows.
const CSV = 'customer_id,order_date,amount\nC1,2024-01-05,100\nC1,2024-02-10,50\nC2,2024-01-20,200\nC3,2024-03-01,30.5\n';
const plain = new TextEncoder().encode(CSV);
const gz = gzipSync(plain);

let n = 0;
const table = () => `gz${++n}`;
async function revenue(t: string) {
  const e = await engine();
  const r = await e.query(`SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS s, count(DISTINCT customer_id)::INT AS c FROM ${t}`);
  return { ...(r.toArray()[0].toJSON() as { n: number; s: number; c: number }) };
}

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/data.csv.gz') {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': gz.byteLength });
      res.end(gz);
    } else if (req.url === '/encoded.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip', 'content-length': gz.byteLength });
      res.end(gz);
    } else if (req.url === '/bomb.csv.gz') {
      // 20 MB of digits compress to ~20 kB.
      const bomb = gzipSync(Buffer.alloc(20_000_000, 0x31));
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bomb.byteLength });
      res.end(bomb);
    } else if (req.url === '/encoded-bomb.csv') {
      const bomb = gzipSync(Buffer.alloc(20_000_000, 0x31));
      res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip', 'content-length': bomb.byteLength });
      res.end(bomb);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('gzip input', () => {
  it('reads gzip bytes as the same rows as the plain file, with progress counting both sizes', async () => {
    const seen: LoadProgress[] = [];
    const r = await loadData(await engine(), gz, { table: table(), name: 'data.csv.gz', onProgress: (p) => seen.push(p) });
    expect(r.format).toBe('csv');
    expect(r.rows).toBe(4);
    expect(await revenue(r.table)).toEqual({ n: 4, s: 380.5, c: 3 });
    const last = seen.filter((p) => p.decompressed !== undefined).at(-1)!;
    expect(last).toEqual({ phase: 'fetch', loaded: gz.byteLength, total: gz.byteLength, decompressed: plain.byteLength });
  });

  it('reads a gzip Blob (a dropped file)', async () => {
    const r = await loadData(await engine(), new Blob([gz]), { table: table(), name: 'drop.csv.gz' });
    expect(await revenue(r.table)).toEqual({ n: 4, s: 380.5, c: 3 });
  });

  it('reads a .gz file served as is, and a file sent with Content-Encoding: gzip', async () => {
    const a = await loadData(await engine(), `${base}/data.csv.gz`, { table: table() });
    expect(a.file).toBe('data.csv.gz');
    expect(await revenue(a.table)).toEqual({ n: 4, s: 380.5, c: 3 });
    const b = await loadData(await engine(), `${base}/encoded.csv`, { table: table() });
    expect(await revenue(b.table)).toEqual({ n: 4, s: 380.5, c: 3 });
  });

  it('stops a file that decompresses past max-bytes mid-stream, with too-large', async () => {
    const e = await loadData(await engine(), `${base}/bomb.csv.gz`, { table: table(), maxBytes: 5_000_000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CrmError);
    expect((e as CrmError).code).toBe('too-large');
    expect((e as CrmError).detail).toMatchObject({ file: 'bomb.csv.gz', limit: 5_000_000, decompressed: true });
    // Content-Encoding: the limit counts decompressed bytes too (the Content-Length is the compressed size).
    const e2 = await loadData(await engine(), `${base}/encoded-bomb.csv`, { table: table(), maxBytes: 5_000_000 }).catch((x: unknown) => x);
    expect((e2 as CrmError).code).toBe('too-large');
    // Bytes in memory: the same limit while decompressing.
    const big = gzipSync(Buffer.from('customer_id,order_date,amount\n' + 'C1,2024-01-05,1\n'.repeat(400_000)));
    expect(big.byteLength).toBeLessThan(1_000_000);
    const e3 = await loadData(await engine(), big, { table: table(), name: 'big.csv.gz', maxBytes: 1_000_000 }).catch((x: unknown) => x);
    expect((e3 as CrmError).detail).toMatchObject({ limit: 1_000_000, decompressed: true });
  });

  it('refuses a damaged gzip file as unreadable, naming the format', async () => {
    const e = await loadData(await engine(), gz.subarray(0, gz.byteLength - 10), { table: table(), name: 'cut.csv.gz' }).catch((x: unknown) => x);
    expect((e as CrmError).code).toBe('unreadable');
    expect((e as CrmError).detail.format).toBe('gzip');
    expect((e as CrmError).message).toMatch(/^cut\.csv\.gz is not a readable gzip file/);
  });
});
