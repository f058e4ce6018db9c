/**
 * The engine's worker dying (an uncaught error in it, as a WebAssembly trap
 * outside a query would raise). DuckDB-WASM then drops its pending calls
 * without settling them; crmkit must not leave anything waiting: pending calls
 * reject with a clear message, a load that was running ends in a crm-error,
 * loaded sources load their data again into a new engine and their widgets
 * draw it again.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './setup.js';
import { getEngine, localizedErrorMessage, type CrmErrorEventDetail, type CrmProgressDetail, type CrmSegmentPyramid, type CrmSource } from '@crmkit/elements';
import type { CrmError } from '@crmkit/core';
import { bigCsv, corpus, outcome, within } from './loading.js';

const MESSAGE = 'The analysis engine stopped (its worker failed: RuntimeError: unreachable). The data has to be loaded again.';

describe('when the engine stops', () => {
  it('pending calls reject, a running load fails clearly, loaded sources come back on a new engine', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <section><crm-source id="a" src=${corpus('ok-basic.csv')}></crm-source><crm-segment-pyramid source="a" lang="en"></crm-segment-pyramid></section>
      <section><crm-source id="b" lang="zh-Hant"></crm-source><crm-segment-pyramid source="b" lang="zh-Hant"></crm-segment-pyramid></section>
    </div>`);
    const [a, b] = wrap.querySelectorAll<CrmSource>('crm-source');
    const [pa, pb] = wrap.querySelectorAll<CrmSegmentPyramid>('crm-segment-pyramid');
    await within(waitUntil(() => pa.value?.customers === 3, 'first pyramid', { timeout: 60_000 }), 60_000, 'the first pyramid');
    const before = await getEngine();

    // Source b is reading a big file in the engine when the worker dies.
    const bOutcome = outcome(b);
    const reading = new Promise<void>((ok) => b.addEventListener('crm-progress', (e) => (e as CustomEvent<CrmProgressDetail>).detail.phase === 'load' && ok()));
    b.file = new File([bigCsv(1_000_000)], 'wide.csv');
    await within(reading, 60_000, 'the big load reaching the engine');
    // And a long query is pending too.
    const pending = before.query('SELECT sum(range % 7) AS s FROM range(20000000000)');
    const aReloaded = outcome(a);
    const worker = (before as unknown as { worker: Worker }).worker;
    worker.dispatchEvent(new ErrorEvent('error', { message: 'RuntimeError: unreachable' }));

    const err = await within(pending.then(() => undefined, (e: CrmError) => e), 5_000, 'the pending query settling');
    expect(err, 'the pending query rejects').to.exist;
    expect(err!.code).to.equal('engine');
    expect(err!.message).to.equal(MESSAGE);
    // Later calls on the stopped engine reject at once.
    const later = await before.query('SELECT 1').then(() => undefined, (e: CrmError) => e);
    expect(later?.message).to.equal(MESSAGE);

    // The running load ends in a clear error, in Chinese on this page, in the source and its widget.
    const r = await within(bOutcome, 10_000, 'the running load failing');
    expect(r.type).to.equal('crm-error');
    const d = r.detail as CrmErrorEventDetail;
    expect(d).to.include({ code: 'engine', stopped: true });
    expect(d.message).to.equal(MESSAGE);
    expect(d.localizedMessage).to.equal('分析引擎已停止運作（系統訊息：its worker failed: RuntimeError: unreachable）。資料需要重新載入。');
    await b.updateComplete;
    expect(b.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('分析引擎已停止運作');
    await pb.updateComplete;
    expect(pb.shadowRoot!.querySelector('[part="error"]')?.getAttribute('data-code')).to.equal('engine');

    // The loaded source loads again into a new engine; its widget draws the same numbers.
    const ra = await within(aReloaded, 60_000, 'source a loading again');
    expect(ra.type, JSON.stringify(ra.detail)).to.equal('crm-load');
    expect(ra.detail).to.include({ rows: 4, customers: 3 });
    await within(waitUntil(() => pa.value?.customers === 3 && pa.shadowRoot!.querySelector('svg .mark'), 'pyramid again', { timeout: 30_000 }), 30_000, 'the pyramid drawn again');
    const after = await getEngine();
    expect(after).to.not.equal(before);
    expect((await after.query('SELECT 42 AS x')).toArray()[0].toJSON().x).to.equal(42);

    // The source whose load failed loads the next file on the new engine.
    const next = outcome(b);
    b.file = undefined;
    b.src = corpus('ok-basic.csv');
    const rb = await within(next, 60_000, 'source b loading again');
    expect(rb.type, JSON.stringify(rb.detail)).to.equal('crm-load');
    await within(waitUntil(() => pb.value?.customers === 3, 'pyramid b', { timeout: 30_000 }), 30_000, 'pyramid b');
    expect(localizedErrorMessage('zh-Hans', err!)).to.equal('分析引擎已停止运行（系统信息：its worker failed: RuntimeError: unreachable）。数据需要重新加载。');
  });
});
