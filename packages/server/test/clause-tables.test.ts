/**
 * The server's clause tables under a row budget: a page's pointer asks ahead
 * for every group of a widget, so the tables are weighed by their rows and the
 * least recently used dropped beyond the budget. On CDNOW (datasets/cdnow):
 * each tier's table holds the customers the pyramid counts in that tier, the
 * kept rows never pass the budget, and an analysis filtered through the tables
 * (also a table built again after being dropped) gives the figures of the
 * same analysis with the clause's predicate inline (no table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { queryRows, runAnalysis, type Clause, type Dataset, type SegmentPyramidResult } from '@crmkit/core';
import { NativeEngine } from '../src/native-engine.js';
import { loadDatasets } from '../src/datasets.js';
import { ClauseTables } from '../src/clauses.js';
import { close } from './close.js';

const ROOT = resolve(__dirname, '../../..');
const WORK = resolve(ROOT, 'datasets/generated/server-clause-tables-test');
const CDNOW = resolve(ROOT, 'datasets/cdnow/cdnow_transactions.csv');

let engine: NativeEngine;
let ds: Dataset;

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  engine = await NativeEngine.create({ threads: 2, workDir: WORK });
  ds = (await loadDatasets(engine, { cdnow: { transactions: { path: CDNOW } } } as never, 100_000_000, () => undefined)).get('cdnow')!.ds;
}, 60_000);

afterAll(async () => {
  await engine.close();
});

const tier = (t: string): Clause => ({ kind: 'tier', options: {}, tier: t });
const run = (analysis: string, clauses: Clause[], tables?: ClauseTables) =>
  engine.withConnection(new AbortController().signal, () => runAnalysis(ds, { analysis: analysis as never, options: {}, clauses }, { pii: true }, tables && ((c) => tables.predicate(c))));
const tablesNow = async () => (await queryRows<{ name: string }>(engine, `SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE '${ds.id}selection_%'`)).map((r) => r.name);

describe('clause tables within a row budget', () => {
  it('each tier once: tables hold the pyramid’s customers, the kept rows stay within one per-customer table, and figures equal the inline predicate’s', async () => {
    expect(ds.customerCount).toBe(23_570);
    const pyramid = (await run('segment-pyramid', [])) as SegmentPyramidResult;
    const counts = Object.fromEntries(pyramid.tiers.map((t) => [t.tier, t.customers]));
    // Budget: the customers once (23,570 rows); the tiers split them, so all of them fit exactly once.
    const tables = new ClauseTables(engine, ds, 64, 0, ds.customerCount);
    for (const t of pyramid.tiers) {
      await engine.withConnection(new AbortController().signal, () => tables.predicate(tier(t.tier)));
      expect(tables.rows).toBeLessThanOrEqual(ds.customerCount);
    }
    expect(tables.size).toBe(pyramid.tiers.length);
    expect(tables.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(tables.rows).toBe(23_570);

    // One more clause (the top 100 ranks: 100 rows) passes the budget: the least recently used tier (the first) is dropped.
    const first = pyramid.tiers[0].tier;
    await run('kpis', [{ kind: 'pareto-range', options: {}, from: 1, to: 100, within: [] }], tables);
    expect(tables.size).toBe(pyramid.tiers.length);
    expect(tables.rows).toBe(23_570 - counts[first] + 100);
    await new Promise((r) => setTimeout(r, 50));
    expect((await tablesNow()).length).toBe(pyramid.tiers.length);

    // The dropped tier is built again when asked for; every tier's figures equal the inline predicate's.
    for (const t of pyramid.tiers) {
      for (const analysis of ['kpis', 'pareto-curve', 'lifecycle-funnel']) {
        const viaTable = await run(analysis, [tier(t.tier)], tables);
        const inline = await run(analysis, [tier(t.tier)]);
        close(viaTable, inline, `${analysis} under ${t.tier}`);
      }
      expect(tables.rows).toBeLessThanOrEqual(ds.customerCount);
    }
    // The KPI tiles under a tier count the pyramid's customers of that tier (first order before the window's end: all of them).
    const k = (await run('kpis', [tier(first)], tables)) as { current: { customers: number } };
    expect(k.current.customers).toBe(counts[first]);
  });
});
