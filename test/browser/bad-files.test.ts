/**
 * <crm-source> on bad files, Parquet, progress, cancel, size and memory
 * limits: every failure is a `crm-error` event plus a visible role=alert in the
 * source's shadow root, never an uncaught exception.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { dataset } from './setup.js';
import { bigCsv, corpus, outcome, trackUncaught } from './loading.js';
import { type CrmErrorEventDetail, type CrmLoadDetail, type CrmProgressDetail, type CrmSource } from '@crmkit/elements';


async function expectError(src: string, code: string, parts: string[], attrs: Record<string, string> = {}) {
  const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const got = outcome(el);
  el.src = src;
  const r = await got;
  expect(r.type, JSON.stringify(r.detail)).to.equal('crm-error');
  const d = r.detail as CrmErrorEventDetail;
  expect(d.code).to.equal(code);
  expect(d.source).to.equal('crm-source');
  for (const p of parts) expect(d.message).to.contain(p);
  await el.updateComplete;
  const alert = el.shadowRoot!.querySelector('[role=alert]');
  expect(alert, 'visible error').to.exist;
  expect(alert!.textContent).to.equal(d.message);
  expect(el.state).to.equal('error');
  return d;
}

describe('crm-source on bad files', () => {
  const uncaught = trackUncaught();
  afterEach(() => expect(uncaught, 'uncaught errors').to.deep.equal([]));

  it('a missing required column', async () => {
    await expectError(corpus('missing-amount.csv'), 'missing-column', ['missing-amount.csv has no "amount" column', 'map-amount=']);
  });

  it('a date column with non-dates', async () => {
    const d = await expectError(corpus('date-not-dates.csv'), 'invalid-value', ['column "order_date", row 1', '"yesterday" is not a date']);
    expect(d).to.include({ column: 'order_date', row: 1, value: 'yesterday', count: 2 });
  });

  it('a non-numeric amount', async () => {
    const d = await expectError(corpus('amount-text.csv'), 'invalid-value', ['"ten" is not a number', 'on-invalid="skip"']);
    expect(d).to.include({ column: 'amount', row: 2, value: 'ten', count: 2 });
  });

  it('an empty file', async () => {
    await expectError(corpus('empty.csv'), 'empty-file', ['empty.csv is empty']);
  });

  it('a file that is not CSV at all (an image; an HTML page)', async () => {
    await expectError(corpus('photo.csv'), 'not-data', ['photo.csv is an image']);
    await expectError(corpus('error-page.csv'), 'html-page', ['web page (HTML)']);
  });

  it('a URL that does not exist', async () => {
    await expectError(corpus('nope.csv'), 'fetch-failed', ['nope.csv could not be downloaded: the server answered 404']);
  });

  it('a bad option value is refused with a message, not an exception', async () => {
    await expectError(corpus('ok-basic.csv'), 'invalid-option', ['Invalid load option', 'encoding'], { encoding: 'ebcdic' });
    await expectError(corpus('ok-basic.csv'), 'mapped-column-missing', ['map-amount="x\\"; DROP TABLE t; --"'.replace('\\', '')], { 'map-amount': 'x"; DROP TABLE t; --' });
  });

  it('on-invalid="skip" loads the rest and reports the rejected rows', async () => {
    const el = await fixture<CrmSource>(html`<crm-source on-invalid="skip"></crm-source>`);
    const got = oneEvent(el, 'crm-load');
    el.src = corpus('amount-text.csv');
    const d = ((await got) as CustomEvent<CrmLoadDetail>).detail;
    expect(d.rows).to.equal(3);
    expect(d.rejected).to.include({ count: 2 });
    expect(d.rejected.rows).to.deep.equal([2, 4]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=rejected]')!.textContent).to.equal('2 rows could not be read and were left out (rows 2, 4).');
  });

  it('duplicates and returns are counted and shown', async () => {
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const got = oneEvent(el, 'crm-load');
    el.src = corpus('duplicates.csv');
    const d = ((await got) as CustomEvent<CrmLoadDetail>).detail;
    expect(d).to.include({ rows: 5, duplicates: 2, returns: 0 });
    expect(d.duplicateRows).to.deep.equal([2, 4]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=duplicates]')!.textContent).to.equal('2 rows repeat an earlier row exactly (rows 2, 4); kept.');
    const again = oneEvent(el, 'crm-load');
    el.src = corpus('returns-zero.csv');
    expect(((await again) as CustomEvent<CrmLoadDetail>).detail).to.include({ rows: 6, returns: 2, duplicates: 0 });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=returns]')!.textContent).to.equal('2 returns (negative amounts) netted against revenue.');
  });
});

describe('crm-source on Parquet', () => {
  it('loads a Parquet file served by the test server with the right counts', async () => {
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const got = oneEvent(el, 'crm-load');
    el.src = corpus('orders.parquet');
    const d = ((await got) as CustomEvent<CrmLoadDetail>).detail;
    // 5 rows; customers P1, P2, P3; one return (−5.5)
    expect(d).to.include({ format: 'parquet', rows: 5, customers: 3, returns: 1, file: 'orders.parquet' });
    const [{ revenue }] = (await el.model!.engine.query(`SELECT sum(revenue) AS revenue FROM "${el.model!.facts}"`)).toArray().map((r) => r.toJSON());
    expect(revenue).to.equal(125); // 10.5 + 20 − 5.5 + 100 + 0
  });
});

describe('crm-source: progress, cancel, size and memory', () => {
  it('URL progress follows Content-Length, then reports each phase', async () => {
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const seen: CrmProgressDetail[] = [];
    el.addEventListener('crm-progress', (e) => seen.push((e as CustomEvent<CrmProgressDetail>).detail));
    let sawBar = false;
    el.addEventListener('crm-progress', () => (sawBar ||= !!el.shadowRoot!.querySelector('progress[part=progress]')));
    const got = oneEvent(el, 'crm-load');
    el.src = dataset('cdnow/cdnow_transactions.csv');
    await got;
    const fetches = seen.filter((p) => p.phase === 'fetch' && p.loaded);
    // one event per chunk received: on localhost the whole file may come as one chunk
    expect(fetches.length).to.be.greaterThan(0);
    for (let i = 1; i < fetches.length; i++) expect(fetches[i].loaded!).to.be.greaterThan(fetches[i - 1].loaded!);
    expect(fetches.at(-1)).to.deep.equal({ phase: 'fetch', loaded: 1811638, total: 1811638 }); // the file's size on disk
    expect(seen.map((p) => p.phase).filter((p, i, a) => p !== a[i - 1])).to.deep.equal(['fetch', 'decode', 'load', 'validate', 'model']);
    expect(sawBar).to.equal(true);
  });

  it('cancel() during a URL download shows the cancelled state, emits crm-error, and the next load works', async () => {
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    el.addEventListener('crm-progress', (e) => (e as CustomEvent<CrmProgressDetail>).detail.loaded && el.cancel(), { once: false });
    const got = outcome(el);
    el.src = dataset('cdnow/cdnow_transactions.csv');
    const r = await got;
    expect(r.type).to.equal('crm-error');
    expect(r.detail).to.include({ code: 'cancelled', message: 'Loading cdnow_transactions.csv was cancelled.' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Loading cdnow_transactions.csv was cancelled.');
    expect(el.shadowRoot!.querySelector('progress')).to.equal(null);
    // The source is usable again.
    const el2 = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const ok = oneEvent(el2, 'crm-load');
    el2.src = corpus('ok-basic.csv');
    expect(((await ok) as CustomEvent<CrmLoadDetail>).detail.rows).to.equal(4);
  });

  it('a big generated file (1 M rows: the 10 M-row path at a CI-friendly size) shows progress, loads, and can be cancelled between phases', async () => {
    const n = 1_000_000;
    const blob = new File([bigCsv(n)], 'big.csv', { type: 'text/csv' });
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const phases: string[] = [];
    el.addEventListener('crm-progress', (e) => phases.push((e as CustomEvent<CrmProgressDetail>).detail.phase));
    const got = oneEvent(el, 'crm-load');
    el.file = blob;
    const d = ((await got) as CustomEvent<CrmLoadDetail>).detail;
    expect(d).to.include({ rows: n, customers: 1000, file: 'big.csv' });
    // amount = (i mod 97) − 5 is negative for i mod 97 < 5: 5 of every 97, and for the 1,000,000 mod 97 = 27 leftover i all 5 again
    expect(d.returns).to.equal(5 * Math.floor(n / 97) + 5);
    expect(new Set(phases)).to.deep.equal(new Set(['fetch', 'decode', 'load', 'validate', 'model']));

    const el2 = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    el2.addEventListener('crm-progress', (e) => (e as CustomEvent<CrmProgressDetail>).detail.phase === 'validate' && el2.cancel());
    const cancelled = outcome(el2);
    el2.file = blob;
    const r = await cancelled;
    expect(r.detail).to.include({ code: 'cancelled', message: 'Loading big.csv was cancelled.' });
  });

  it('an input above max-bytes stops before reading with a clear message', async () => {
    const el = await fixture<CrmSource>(html`<crm-source max-bytes="1000000"></crm-source>`);
    const got = outcome(el);
    el.file = new File([new Uint8Array(3_000_000)], 'huge.csv');
    const r = await got;
    expect(r.detail).to.include({ code: 'too-large', message: 'huge.csv (3.0 MB) is larger than this page accepts (1.0 MB). Load a smaller export (fewer months or columns), or use a server-side engine.' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.exist;
  });

});
