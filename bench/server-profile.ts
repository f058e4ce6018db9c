/**
 * One cross-filter click on the server engine, profiled (`tsx bench/server-profile.ts [--size 10m] [--explain]`):
 * the bench's DuckDB file (bench/server.ts, written by `pnpm bench --server --sizes <size>`) served in place,
 * the four widgets' analyses drawn once, then for each of the bench's clicks (tier gold, ranks 1–1000,
 * quadrant carriage) the clause table's build and each analysis under the clause, one request at a time,
 * with each statement's time; `--explain` adds each statement's slowest operators (DuckDB's JSON profile).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeEngine } from '../packages/server/src/native-engine.js';
import { loadDatasets } from '../packages/server/src/datasets.js';
import { ClauseTables } from '../packages/server/src/clauses.js';
import { runAnalysis, type Clause } from '@crmkit/core';

const argv = process.argv.slice(2);
const size = argv.includes('--size') ? argv[argv.indexOf('--size') + 1] : '10m';
const file = `bench/data/server/${size}.duckdb`;
const work = join(tmpdir(), `crmkit-server-profile-${process.pid}`);
mkdirSync(work, { recursive: true });
const engine = await NativeEngine.create({ threads: 2, workDir: work });
let t = performance.now();
const ds = (await loadDatasets(engine, { bench: { transactions: { database: file, table: 'orders', inPlace: true } } } as never, 1e12, () => {})).get('bench')!.ds;
console.log('ready', Math.round(performance.now() - t));
const log: { sql: string; ms: number }[] = [];
const q0 = engine.query.bind(engine);
engine.query = async (q) => { const t0 = performance.now(); const r = await q0(q); log.push({ sql: String(q), ms: performance.now() - t0 }); return r; };
const ct = new ClauseTables(engine, ds);
const analyses = ['kpis', 'pareto-curve', 'profit-matrix', 'segment-pyramid'] as const;
const run = (a: string, clauses: Clause[]) => engine.withConnection(new AbortController().signal, () => runAnalysis(ds, { analysis: a as never, options: {}, clauses }, { pii: true }, (c) => ct.predicate(c)));
for (const a of analyses) { t = performance.now(); await run(a, []); console.log('first', a, Math.round(performance.now() - t)); }
const clicks: [string, Clause][] = [
  ['tier gold', { kind: 'tier', options: {}, tier: 'gold' }],
  ['ranks 1-1000', { kind: 'pareto-range', options: {}, from: 1, to: 1000, within: [] }],
];
// The quadrant at the matrix's own splits, as the widget's click sends it.
const m = (await run('profit-matrix', [])) as { xSplit: number; ySplit: number; profitSplit: number };
clicks.push(['quadrant carriage', { kind: 'quadrant', options: {}, quadrant: 'carriage', splits: { xSplit: m.xSplit, ySplit: m.ySplit, profitSplit: m.profitSplit }, within: [] }]);
const explain = process.argv.includes('--explain');
/** The query's slowest operators (DuckDB's JSON profile): name, extra info, time, rows. */
async function topOperators(text: string): Promise<string> {
  const out = join(work, 'profile.json');
  await engine.withConnection(new AbortController().signal, async () => {
    await engine.exec(`SET enable_profiling = 'json'`);
    await engine.exec(`SET profiling_output = '${out}'`);
    await engine.query(text);
    await engine.exec(`SET enable_profiling = 'no_output'`);
  });
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const ops: { name: string; ms: number; rows: number; info: string }[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (n: any) => {
    if (n.operator_name || n.operator_type) ops.push({ name: n.operator_name ?? n.operator_type, ms: (n.operator_timing ?? 0) * 1000, rows: n.operator_cardinality ?? 0, info: JSON.stringify(n.extra_info ?? {}).slice(0, 140) });
    for (const c of n.children ?? []) walk(c);
  };
  walk(j);
  return `    total ${Math.round((j.latency ?? 0) * 1000)} ms\n` + ops.sort((a, b) => b.ms - a.ms).slice(0, 6).map((o) => `      ${o.ms.toFixed(1)} ms ${o.name} rows ${o.rows} ${o.info}`).join('\n');
}
for (const [name, c] of clicks) {
  t = performance.now();
  await engine.withConnection(new AbortController().signal, () => ct.predicate(c));
  console.log(`\n== ${name}: clause table ${Math.round(performance.now() - t)} ms`);
  for (const a of analyses) {
    log.length = 0;
    t = performance.now();
    await run(a, [c]);
    console.log(`  ${a}: ${Math.round(performance.now() - t)} ms; queries ${log.map((l) => Math.round(l.ms)).join(', ')}`);
    if (explain) for (const l of [...log]) console.log(await topOperators(l.sql));
  }
}
await engine.close();
