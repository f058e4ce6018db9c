/**
 * Property-based loading in the browser: generated CSV and JSON files (test/fuzz/inputs.ts) through
 * the real DuckDB-WASM engine with `loadData`. Each must either load with the figures the
 * independent model of the data rules gives (rows, customers, total amount, returns, duplicates,
 * rejected rows), or fail with the model's error code as a CrmError whose message is plain words,
 * never a JavaScript exception's text, and never hang. One engine serves every input.
 *
 * A seeded run of a few thousand inputs is part of the browser suite; `pnpm fuzz --runs N --seed S`
 * runs longer ones (the runner passes them in `/__fuzz.json`).
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CrmError, WasmEngine, ident, loadData, queryRows, setWasmAssets, type Engine } from '@crmkit/core';
import { describe as describeInput, expected, fileBytes, fuzzInput, longLineInput, type FuzzInput } from '../fuzz/inputs.js';
import { within } from './loading.js';

setWasmAssets('/__duckdb/');

/** Runs and seed: the defaults of the browser suite, or what `pnpm fuzz` serves. */
async function settings(): Promise<{ runs: number; seed: number; long: boolean }> {
  const res = await fetch('/__fuzz.json').catch(() => undefined);
  if (res?.ok) return { long: true, ...(await res.json()) };
  // As many as fit in about two and a half minutes of a shared two-core machine (~0.1 s a load).
  return { runs: 2000, seed: 20261129, long: false };
}

/** Words a JavaScript exception leaves in a message that was never meant for a person. */
const EXCEPTION_TEXT = /TypeError|RangeError|ReferenceError|SyntaxError|detached|undefined|\bnull\b|NaN|\[object |is not a function|Cannot read|Cannot perform/;

let table = 0;

/** Load one input and check it against the model; throws (an assertion) when they disagree. */
async function check(engine: Engine, input: FuzzInput, tally: Record<string, number>): Promise<void> {
  const want = expected(input);
  const { bytes, name } = fileBytes(input);
  const t = `fz${++table}`;
  let got: Awaited<ReturnType<typeof loadData>> | undefined;
  let error: unknown;
  try {
    got = await within(loadData(engine, bytes, { table: t, name, onInvalid: input.onInvalid }), 60_000, `loading ${name}`);
  } catch (e) {
    error = e;
  }
  try {
    if (error !== undefined) {
      const message = (error as Error)?.message ?? String(error);
      expect(error, `not a CrmError: ${message}`).to.be.instanceOf(CrmError);
      const ce = error as CrmError;
      // The file's own values are quoted in messages ("NaN" is not a number): only the words around them count.
      expect(message.replace(/"[^"]*"/g, '""'), 'message').to.not.match(EXCEPTION_TEXT);
      expect(message.startsWith(name), `message names the file: ${message}`).to.equal(true);
      expect(want.kind, `refused (${ce.code}: ${message}) where the rules load it: ${JSON.stringify(want)}`).to.equal('error');
      expect(ce.code, message).to.equal((want as { code: string }).code);
      tally[ce.code] = (tally[ce.code] ?? 0) + 1;
      return;
    }
    expect(want.kind, `loaded ${JSON.stringify({ rows: got!.rows, rejected: got!.rejected.count })} where the rules refuse it (${JSON.stringify(want)})`).to.equal('load');
    if (want.kind !== 'load') return;
    const [s] = await queryRows<{ n: number; customers: number; total: number | null }>(engine, `SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, sum(amount) AS total FROM ${ident(t)}`);
    const figures = { rows: got!.rows, tableRows: s.n, customers: s.customers, returns: got!.returns, duplicates: got!.duplicates, rejected: got!.rejected.count };
    expect(figures).to.deep.equal({ rows: want.rows, tableRows: want.rows, customers: want.customers, returns: want.returns, duplicates: want.duplicates, rejected: want.rejected });
    // Sums of doubles differ in the last bits with the order of addition.
    expect(s.total ?? 0, 'total amount').to.be.closeTo(want.total, 1e-9 * Math.max(1, want.magnitude));
    tally.loaded = (tally.loaded ?? 0) + 1;
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
  }
}

describe('fuzzed CSV and JSON through the browser engine', function () {
  let engine: WasmEngine;
  before(async () => {
    engine = await WasmEngine.create();
  });
  after(() => engine?.close());

  it('every input loads with the figures of the data rules, or fails with their error in plain words', async function () {
    const { runs, seed, long } = await settings();
    if (long) this.timeout(0);
    else this.timeout(300_000);
    const tally: Record<string, number> = {};
    let tried = 0;
    const t0 = performance.now();
    const arb = fc.oneof({ weight: 400, arbitrary: fuzzInput }, { weight: 1, arbitrary: longLineInput });
    const result = await fc.check(
      fc.asyncProperty(arb, async (input) => {
        tried++;
        await check(engine, input, tally);
      }),
      { numRuns: runs, seed, endOnFailure: false, interruptAfterTimeLimit: long ? undefined : 150_000 },
    );
    const seconds = ((performance.now() - t0) / 1000).toFixed(0);
    console.log(`fuzz: ${result.numRuns} inputs${result.interrupted ? ` (of ${runs}: time limit)` : ''}, seed ${seed}, ${tried} loads with shrinking, ${seconds} s: ${JSON.stringify(tally)}`);
    if (result.failed) {
      const input = result.counterexample![0] as FuzzInput;
      const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      console.log(`fuzz: FAILED after ${result.numRuns} inputs, shrunk ${result.numShrinks} times (seed ${seed}, path "${result.counterexamplePath}")\n${why}\ninput: ${describeInput(input)}`);
    }
    expect(result.failed, result.failed ? `seed ${seed} path ${result.counterexamplePath}: ${result.errorInstance}` : '').to.equal(false);
    // Both outcomes occur: the generator is not refusing (or loading) everything.
    expect(tally.loaded ?? 0, 'loaded inputs').to.be.greaterThan(result.numRuns / 5);
    expect(tally['invalid-value'] ?? 0, 'refused inputs').to.be.greaterThan(result.numRuns / 20);
  });
});
