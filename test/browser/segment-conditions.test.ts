import { expect, waitUntil } from '@open-wc/testing';
import { ident, queryRows } from '@crmkit/core';
import { encodeSegment, type CrmProfitMatrix, type CrmSegmentPyramid, type CrmSource, type CrmTags } from '@crmkit/elements';
import { mountOnCdnow } from './cdnow.js';

const T = { timeout: 60_000 };

/** Customers the source's whole selection picks, counted in its engine (the predicate's text: a frame has its own SQL class). */
async function selected(src: CrmSource): Promise<number> {
  const ds = src.model!;
  return (await queryRows<{ n: number }>(ds.engine, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${ident(ds.facts).text} WHERE ${src.selection.predicate().text}`))[0].n;
}

/** An iframe on `url`; resolves with its document once its source has loaded. */
async function openPage(frame: HTMLIFrameElement, url: string) {
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  frame.src = url;
  await loaded;
  await waitUntil(() => (frame.contentDocument?.querySelector('crm-source') as CrmSource | null)?.model, 'page did not load', T);
  const doc = frame.contentDocument!;
  return {
    src: doc.querySelector('crm-source') as CrmSource,
    tags: doc.querySelector('crm-tags') as CrmTags,
    pyramid: doc.querySelector('crm-segment-pyramid') as CrmSegmentPyramid,
    matrix: doc.querySelector('crm-profit-matrix') as CrmProfitMatrix,
    win: frame.contentWindow!,
  };
}

describe('segments of widget conditions', () => {
  it('a quadrant and a tier are saved as conditions and restore from the link on a fresh page load with the same customers', async () => {
    const frame = document.createElement('iframe');
    frame.style.width = '1000px';
    frame.style.height = '800px';
    document.body.append(frame);
    const page = '/test/browser/segment-conditions.html';
    let p = await openPage(frame, page);
    await waitUntil(() => p.matrix.value && p.pyramid.value, 'widgets did not draw', T);
    p.matrix.selectQuadrant('carriage');
    await p.src.settled();
    // Independent count: the pyramid's own grouping of the customers the quadrant leaves (worked out by the analysis's
    // grouping query, not by the selection's semi-joins).
    await p.pyramid.updateComplete;
    const diamondInCarriage = p.pyramid.value!.rows.find((t) => t.key === 'diamond')!.customers;
    p.pyramid.selectTier('diamond');
    await p.src.settled();
    expect(p.src.selection.list().map((c) => c.condition?.widget).sort()).to.deep.equal(['profit-matrix', 'segment-pyramid']);
    expect(p.src.selection.list().every((c) => c.basis === 'condition')).to.equal(true);
    const clicked = await selected(p.src);
    expect(clicked).to.equal(diamondInCarriage);
    expect(clicked).to.be.greaterThan(0);
    const seg = p.tags.currentSegment('Diamond carriage')!;
    expect(seg.tags).to.deep.equal([]);
    expect(seg.conditions!.map((c) => [c.condition.widget, c.condition.key])).to.deep.equal([
      ['profit-matrix', 'carriage'],
      ['segment-pyramid', 'diamond'],
    ]);
    // Saved in localStorage through the widget's save button.
    await waitUntil(() => p.tags.shadowRoot!.querySelector('[part="segment-name"]'), 'tags did not draw', T);
    const input = p.tags.shadowRoot!.querySelector('[part="segment-name"]') as HTMLInputElement;
    input.value = 'Diamond carriage';
    input.dispatchEvent(new Event('input'));
    await p.tags.updateComplete;
    (p.tags.shadowRoot!.querySelector('[part~="save"]') as HTMLButtonElement).click();
    const stored = JSON.parse(p.win.localStorage.getItem('crmkit.segments') ?? '[]') as { name: string; conditions?: unknown[] }[];
    expect(stored.find((s) => s.name === 'Diamond carriage')?.conditions).to.have.length(2);

    // A fresh page load with the link: both conditions worked out again by their widgets' analyses.
    p = await openPage(frame, `${page}?segment=${encodeSegment(seg)}`);
    await waitUntil(() => p.src.selection.size === 2, 'segment not applied', T);
    await p.src.settled();
    expect(await selected(p.src)).to.equal(diamondInCarriage);
    expect(p.pyramid.selectedKey).to.equal('diamond');
    expect(p.matrix.selectedQuadrant).to.equal('carriage');
    // New data (the same file loaded again): the conditions stay and are worked out again.
    const again = new Promise((r) => p.src.addEventListener('crm-load', r, { once: true }));
    p.src.src = `${p.src.src}?again`;
    await again;
    await p.src.settled();
    expect(p.src.selection.size).to.equal(2);
    expect(await selected(p.src)).to.equal(diamondInCarriage);
    p.win.localStorage.removeItem('crmkit.segments');
    frame.remove();
  });

  it('refuses a hostile link with a clear message in zh-Hant, and selects nothing', async () => {
    const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const hostile = b64(JSON.stringify({ name: 'x', tags: [], mode: 'or', conditions: [{ condition: { widget: 'segment-pyramid', options: { by: "revenue'; DROP TABLE t; --" }, key: 'diamond' }, label: 'x' }] }));
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?seg2=${hostile}`);
    try {
      const errors: string[] = [];
      document.addEventListener('crm-error', (e) => errors.push((e as CustomEvent).detail.reason), { once: true });
      const { el, src } = await mountOnCdnow<CrmTags>('crm-tags', 'lang="zh-Hant" segment-param="seg2"', 720);
      const status = () => el.shadowRoot!.querySelector('[part="status"]')?.textContent ?? '';
      await waitUntil(() => status() !== '', 'no message', T);
      expect(status()).to.equal('分享的分眾連結未套用：其中一個元件條件（設定或選取值）不正確。');
      expect(errors).to.deep.equal(['bad-condition']);
      expect(src.selection.size).to.equal(0);
    } finally {
      history.replaceState(null, '', before);
    }
  });
});
