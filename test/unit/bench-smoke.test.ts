/**
 * Keeps `pnpm bench`'s comparison paths working: on 15 k generated rows, the
 * hand-written TypeScript analyses and the Arquero ones give the same numbers
 * as crmkit's SQL on native DuckDB, from CSV and from Parquet.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { generate } from '../../datasets/generate.js';
import { buildFacts, compareSummaries, csvToColumns, funnel, matrix, pareto, parquetColumnsToTx, pyramid, type Summaries } from '../../bench/analyses.js';
import * as aqPaths from '../../bench/arquero.js';
import { runNative } from '../../bench/native.js';

let dir: string;
let csv: string;
let parquet: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crmkit-bench-'));
  csv = (await generate({ transactions: 15_000, seed: 3, format: 'csv', out: dir })).transactionsFile;
  parquet = (await generate({ transactions: 15_000, seed: 3, format: 'parquet', out: dir })).transactionsFile;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plainSummaries = (f: ReturnType<typeof buildFacts>): Summaries => ({ pyramid: pyramid(f), funnel: funnel(f), pareto: pareto(f), matrix: matrix(f) });

async function parquetColumns(file: string) {
  const b = readFileSync(file);
  const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(ab);
  const n = Number(metadata.num_rows);
  const cols: Record<string, unknown[]> = {};
  await parquetRead({ file: ab, metadata, compressors, onChunk: ({ columnName, columnData, rowStart }) => {
    const t = (cols[columnName] ??= new Array(n));
    for (let i = 0; i < columnData.length; i++) t[rowStart + i] = columnData[i];
  } });
  return { cols, n };
}

describe('benchmark paths agree on 15 k generated rows', () => {
  it('plain TypeScript and Arquero match crmkit SQL on native DuckDB (CSV and Parquet)', async () => {
    const native = await runNative(parquet, 'parquet', 1);
    const nativeCsv = await runNative(csv, 'csv', 1);
    const expected = native.summaries as Summaries;
    expect(native.rows).toBeGreaterThan(14_000);
    expect(compareSummaries(expected, nativeCsv.summaries as Summaries)).toEqual([]);
    // Sanity: the data exercises every tier, stage and quadrant.
    expect(expected.pyramid.tiers.every((t) => t.customers > 0)).toBe(true);
    expect(expected.funnel.stages.every((s) => s.customers > 0)).toBe(true);
    expect(expected.matrix.quadrants.every((q) => q.n > 0)).toBe(true);
    expect(expected.matrix.binned).toBe(expected.matrix.n); // above 2000 customers: bins

    const fromCsv = buildFacts(csvToColumns(new Uint8Array(readFileSync(csv))));
    expect(fromCsv.n).toBe(native.customers);
    expect(compareSummaries(expected, plainSummaries(fromCsv))).toEqual([]);

    const { cols, n } = await parquetColumns(parquet);
    expect(compareSummaries(expected, plainSummaries(buildFacts(parquetColumnsToTx(cols, n))))).toEqual([]);

    const aqCsv = aqPaths.facts(await aqPaths.loadCSV(csv));
    const aqPq = aqPaths.facts(aqPaths.fromColumns(cols));
    for (const { facts: f, asOfDay } of [aqCsv, aqPq]) {
      const s: Summaries = { pyramid: aqPaths.pyramid(f), funnel: aqPaths.funnel(f, asOfDay), pareto: aqPaths.pareto(f), matrix: aqPaths.matrix(f) };
      expect(compareSummaries(expected, s)).toEqual([]);
    }
  });
});
