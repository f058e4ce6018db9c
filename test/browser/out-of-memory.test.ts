/**
 * The engine running out of memory, with a real (lowered) engine memory limit.
 * Not in the default run: DuckDB-WASM's worker can stop answering after an
 * out-of-memory error (it does every time on a freshly started engine, now and
 * then on one that has done other work), which stalls the suite. This is the
 * test a recovery (e.g. restarting the engine and reloading the sources) must
 * pass. Run it with `pnpm test:oom`.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import { getEngine, type CrmErrorEventDetail, type CrmLoadDetail, type CrmSource } from '@crmkit/elements';
import { bigCsv, corpus, outcome } from './loading.js';

describe('crm-source when the engine runs out of memory', () => {
  it("the engine running out of memory ends in a clear message and the engine keeps working", async () => {
    const engine = await getEngine();
    // A real engine limit 24 MB above what the engine holds now: enough for its own work, far less than the load below needs.
    const used = Number((await engine.query('SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()')).toArray()[0].toJSON().b);
    await engine.exec(`SET memory_limit = '${Math.ceil(used / 1e6) + 24}MB'`);
    try {
      const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
      const got = outcome(el);
      el.file = new File([bigCsv(1_000_000)], 'wide.csv');
      // Guard: an engine that hangs instead of failing must fail this test, not stall the run.
      const r = await Promise.race([got, new Promise<never>((_, no) => setTimeout(() => no(new Error('the engine did not answer within 60 s after running out of memory')), 60_000))]);
      expect(r.type).to.equal('crm-error');
      expect(r.detail).to.include({ code: 'out-of-memory' });
      expect((r.detail as CrmErrorEventDetail).message).to.equal("wide.csv: the data is too large for this browser tab's memory. Try a smaller file or fewer columns.");
    } finally {
      await engine.exec('RESET memory_limit');
    }
    const el2 = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const ok = oneEvent(el2, 'crm-load');
    el2.src = corpus('ok-basic.csv');
    expect(((await ok) as CustomEvent<CrmLoadDetail>).detail.rows).to.equal(4);
  });
});
