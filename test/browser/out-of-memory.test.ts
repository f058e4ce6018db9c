/**
 * The engine running out of memory, with a real (lowered) engine memory limit:
 * the load ends in a clear message in the source, its widget and an event;
 * a widget bound to another source keeps its chart and still cross-filters;
 * and the same engine loads the next file once memory is back.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { lit, sql } from '@crmkit/core';
import './setup.js';
import { getEngine, type CrmErrorEventDetail, type CrmSegmentPyramid, type CrmSource } from '@crmkit/elements';
import { bigCsv, corpus, outcome, trackUncaught, within } from './loading.js';

const MESSAGE = "wide.csv: the data is too large for this browser tab's memory. Try a smaller file or fewer columns.";

describe('crm-source when the engine runs out of memory', () => {
  const uncaught = trackUncaught();


  it('ends in a clear message; widgets of other sources keep working; the engine loads the next file', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <section><crm-source id="ok" src=${corpus('ok-basic.csv')}></crm-source><crm-segment-pyramid source="ok" lang="en"></crm-segment-pyramid></section>
      <section><crm-source id="big"></crm-source><crm-segment-pyramid source="big" lang="en"></crm-segment-pyramid></section>
    </div>`);
    const [okSrc, bigSrc] = wrap.querySelectorAll<CrmSource>('crm-source');
    const [okPyramid, bigPyramid] = wrap.querySelectorAll<CrmSegmentPyramid>('crm-segment-pyramid');
    await within(waitUntil(() => okPyramid.value !== undefined, 'pyramid', { timeout: 60_000 }), 60_000, 'the first pyramid');
    expect(okPyramid.value!.customers).to.equal(3);

    const engine = await getEngine();
    const setting = async () => String((await engine.query("SELECT current_setting('memory_limit') AS m")).toArray()[0].toJSON().m);
    const original = await setting();
    // A real engine limit 24 MB above what the engine holds now: enough for its own work, far less than the load below needs.
    const used = Number((await engine.query('SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()')).toArray()[0].toJSON().b);
    await engine.exec(`SET memory_limit = '${Math.ceil(used / 1e6) + 24}MB'`);
    try {
      const got = outcome(bigSrc);
      bigSrc.file = new File([bigCsv(1_000_000)], 'wide.csv');
      const r = await within(got, 60_000, 'an answer from the source');
      expect(r.type).to.equal('crm-error');
      expect(r.detail).to.include({ code: 'out-of-memory', source: 'crm-source' });
      expect((r.detail as CrmErrorEventDetail).message).to.equal(MESSAGE);
    } finally {
      // RESET does not give the engine its memory back in this DuckDB version; set the old value again
      // (as DuckDB prints it, rounded to 0.1 GiB).
      await engine.exec(`SET memory_limit = '${original}'`);
    }
    expect(await setting()).to.match(/GiB$/);

    // The failing source and its widget say why, the other source's widget still has its chart.
    await bigSrc.updateComplete;
    expect(bigSrc.state).to.equal('error');
    expect(bigSrc.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal(MESSAGE);
    await bigPyramid.updateComplete;
    const box = bigPyramid.shadowRoot!.querySelector('[part="error"]');
    expect(box, 'the widget shows the error').to.exist;
    expect(box!.getAttribute('data-code')).to.equal('out-of-memory');
    expect(box!.textContent).to.contain(MESSAGE);
    expect(okSrc.state).to.equal('ready');
    expect(okPyramid.shadowRoot!.querySelectorAll('svg .mark').length).to.be.greaterThan(0);

    // Cross-filtering on the other source still runs queries on the same engine.
    await okSrc.select({ client: 'test', label: 'C1 only', predicate: sql`customer_id = ${lit('C1')}` });
    await within(waitUntil(() => okPyramid.value?.customers === 1, 'filtered pyramid', { timeout: 30_000 }), 30_000, 'the filtered pyramid');
    okSrc.clearSelection();
    await within(waitUntil(() => okPyramid.value?.customers === 3, 'unfiltered pyramid', { timeout: 30_000 }), 30_000, 'the unfiltered pyramid');

    // The source that ran out of memory loads the next file on the same engine.
    const next = outcome(bigSrc);
    bigSrc.file = undefined;
    bigSrc.src = corpus('ok-basic.csv');
    const r2 = await within(next, 60_000, 'the next load');
    expect(r2.type, JSON.stringify(r2.detail)).to.equal('crm-load');
    expect(r2.detail).to.include({ rows: 4 });
    await within(waitUntil(() => bigPyramid.value?.customers === 3, 'pyramid after recovery', { timeout: 30_000 }), 30_000, 'the pyramid after recovery');
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });
});
