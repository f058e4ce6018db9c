/**
 * The server's kept answers are keyed by the request's meaning: the same
 * clauses in another order (an AND), also inside a range's `within`, and
 * options or clause fields in another order are the same request, answered
 * from what was kept; other clauses are not. On CDNOW over HTTP, with the
 * answers checked against the same analysis run with the clauses' predicates
 * inline (no clause tables, no kept answers) on the server's engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { decodeResult, runAnalysis, type Clause } from '@crmkit/core';
import { createCrmServer, type CrmServer } from '../src/server.js';
import { configFrom } from '../src/config.js';
import { clauseSet } from '../src/results.js';
import { close } from './close.js';

const ROOT = resolve(__dirname, '../../..');
const WORK = resolve(ROOT, 'datasets/generated/server-result-cache-test');
const CDNOW = resolve(ROOT, 'datasets/cdnow/cdnow_transactions.csv');
const PORT = Number(process.env.CRMKIT_RESULT_CACHE_TEST_PORT) || 8919;

let srv: CrmServer;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  const config = configFrom(
    {
      port: PORT,
      engine: { threads: 2, workDir: resolve(WORK, 'work') },
      datasets: { cdnow: { transactions: { path: CDNOW } } },
      auth: { anonymous: { datasets: '*' } },
    } as never,
    WORK,
  );
  srv = await createCrmServer(config, (f) => logs.push(f));
  await srv.listen();
}, 60_000);

afterAll(async () => {
  await srv?.close();
});

async function ask(analysis: string, options: Record<string, unknown>, clauses: unknown[]): Promise<{ result: unknown; cached: boolean }> {
  const res = await fetch(`http://127.0.0.1:${PORT}/v1/query`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ dataset: 'cdnow', analysis, options, clauses }) });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const line = logs.filter((l) => l.msg === 'request' && l.analysis === analysis).at(-1)!;
  return { result: decodeResult(bytes), cached: line.cached === true };
}

const gold: Clause = { kind: 'tier', options: {}, tier: 'gold' };
const active: Clause = { kind: 'stage', options: {}, stage: 'core' };
const top = (within: Clause[]): Clause => ({ kind: 'pareto-range', options: { by: 'revenue' }, from: 1, to: 500, within });

describe('kept answers by meaning', () => {
  it('the clause set is the same for any order, and differs for other clauses', () => {
    expect(clauseSet([gold, active])).toEqual(clauseSet([active, gold]));
    expect(clauseSet([top([gold, active])])).toEqual(clauseSet([{ within: [active, gold], to: 500, from: 1, options: { by: 'revenue' }, kind: 'pareto-range' }]));
    expect(clauseSet([gold])).not.toEqual(clauseSet([active]));
    expect(clauseSet([top([gold])])).not.toEqual(clauseSet([top([active])]));
  });

  it('KPIs under gold and core, then core and gold with the options in another order: answered from the first, with the inline figures', async () => {
    const first = await ask('kpis', { days: 90, asOf: '1998-07-01' }, [gold, active]);
    expect(first.cached).toBe(false);
    const again = await ask('kpis', { asOf: '1998-07-01', days: 90 }, [{ tier: 'gold', options: {}, kind: 'tier' }, active].reverse());
    expect(again.cached).toBe(true);
    expect(again.result).toEqual(first.result);
    // The same figures with the predicates inline (the page's general path on the same engine).
    const d = srv.datasets.get('cdnow')!.ds;
    const inline = await srv.engine.withConnection(new AbortController().signal, () => runAnalysis(d, { analysis: 'kpis', options: { days: 90, asOf: '1998-07-01' }, clauses: [gold, active] }, { pii: true }));
    close(first.result, JSON.parse(JSON.stringify(inline)), 'kpis');
    const other = await ask('kpis', { days: 90, asOf: '1998-07-01' }, [gold]);
    expect(other.cached).toBe(false);
    expect((other.result as { current: { customers: number } }).current.customers).toBeGreaterThan((first.result as { current: { customers: number } }).current.customers);
  });

  it('a Pareto range taken under gold and core: its within in another order is the same request', async () => {
    const first = await ask('segment-pyramid', {}, [top([gold, active])]);
    expect(first.cached).toBe(false);
    const again = await ask('segment-pyramid', {}, [top([active, gold])]);
    expect(again.cached).toBe(true);
    expect(again.result).toEqual(first.result);
    // 500 ranks taken among gold's core customers: the pyramid counts at most 500 of them.
    expect((first.result as { customers: number }).customers).toBeLessThanOrEqual(500);
    expect((first.result as { customers: number }).customers).toBeGreaterThan(0);
  });
});
