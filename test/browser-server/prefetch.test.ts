/**
 * Cross-filter clicks worked out ahead on a crmkit server's data set: when
 * the pointer enters a widget, its source sends the other widgets' requests
 * for each of its groups ahead (the server works each group's clause out once)
 * and keeps the answers per meaning of the filter; with its own selection in
 * force, clearing it too; a range dragged to on the Pareto curve likewise.
 * The click then sends nothing, and every widget shows what the page's own engine computes for the
 * same click on the same data (CDNOW loaded into the page: the independent path).
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import '../browser/setup.js';
import { CDNOW_URL } from '../browser/cdnow.js';
import { close, settle as settleWidgets } from '../browser/helpers.js';

type Any = HTMLElement & { value: any; updateComplete: Promise<boolean>; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The widgets whose results are kept per filter (core's MEMO_ANALYSES). */
const TAGS = ['crm-kpis', 'crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix', 'crm-lifecycle-funnel'];
const ATTRS: Record<string, string> = { 'crm-profit-matrix': 'cost-per-order="2"' };

const sides: Record<'page' | 'server', { src: CrmSource; w: Record<string, Any> }> = {} as never;
/** The analyses the page asked the server for (request bodies), in order. */
const asked: { analysis: string; clauses: unknown[] }[] = [];

/** Every widget of both sides settled (see helpers.ts). */
const settle = () => settleWidgets(Object.values(sides).flatMap((s) => Object.values(s.w)), 50);

function sameEverywhere(except: string) {
  for (const tag of TAGS) {
    if (tag === except) continue;
    expect(sides.server.w[tag].shadowRoot!.querySelector('[part="error"]'), `${tag} shows no error on the server side`).to.equal(null);
    close(sides.server.w[tag].value, sides.page.w[tag].value, tag);
  }
}

async function mount(attrs: string, id: string) {
  const wrap = document.createElement('div');
  wrap.style.width = '720px';
  document.body.append(wrap);
  wrap.innerHTML = `<crm-source id="${id}" ${attrs}></crm-source>${TAGS.map((t) => `<${t} source="${id}" ${ATTRS[t] ?? ''}></${t}>`).join('')}`;
  return { src: wrap.querySelector('crm-source') as CrmSource, w: Object.fromEntries(TAGS.map((t) => [t, wrap.querySelector(t) as Any])) };
}

/** The pointer enters `tag` on the server side; resolves once everything it set off is done. */
async function enter(tag: string): Promise<void> {
  sides.server.w[tag].dispatchEvent(new Event('pointerenter'));
  await sides.server.src.coordinator.prefetched();
}

before(async () => {
  const server = (await (await fetch('/__crmkit-server.json')).json()) as { url: string; dataset: string };
  const global = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith(server.url) && url.endsWith('/v1/query') && typeof init?.body === 'string') asked.push(JSON.parse(init.body));
    return global(input, init);
  };
  sides.page = await mount('', 'prefetch-page');
  const loaded = oneEvent(sides.page.src, 'crm-load');
  sides.page.src.src = CDNOW_URL;
  await loaded;
  sides.server = await mount(`server="${server.url}" dataset="${server.dataset}"`, 'prefetch-server');
  try {
    await waitUntil(() => TAGS.every((t) => sides.page.w[t].value !== undefined && sides.server.w[t].value !== undefined), 'widgets did not draw', { timeout: 60_000 });
  } catch (e) {
    const state = Object.entries(sides).flatMap(([k, s]) => TAGS.map((t) => `${k} ${t}: ${s.w[t].value === undefined ? 'none' : 'drawn'} ${s.w[t].shadowRoot?.querySelector('[part="error"]')?.textContent ?? ''}`));
    throw new Error(`${(e as Error).message}: ${state.join('; ')}; ${sides.server.src.state}`);
  }
  await settle();
});

describe('cross-filter worked out ahead on a crmkit server', () => {
  it('pointer on the pyramid: each tier asked ahead for the four other widgets; the click on gold then asks nothing, with the in-page figures', async () => {
    asked.length = 0;
    await enter('crm-segment-pyramid');
    // The tiers with customers drawn, each asked for the 4 other widgets.
    const tiers = (sides.server.w['crm-segment-pyramid'].value.rows as { key: string; customers: number }[]).filter((t) => t.customers > 0).map((t) => t.key);
    expect(tiers).to.include('gold');
    expect(asked.length).to.equal(tiers.length * 4);
    expect(new Set(asked.map((a) => (a.clauses[0] as { tier: string }).tier))).to.deep.equal(new Set(tiers));
    asked.length = 0;
    for (const s of Object.values(sides)) s.w['crm-segment-pyramid'].selectTier('gold');
    await settle();
    expect(asked, 'requests on the click').to.deep.equal([]);
    sameEverywhere('crm-segment-pyramid');
  });

  it('then the matrix under gold: each quadrant asked ahead with gold, the click on carriage asks nothing', async () => {
    asked.length = 0;
    await enter('crm-profit-matrix');
    // The quadrants with customers under gold × 4 other widgets, each under gold and the quadrant (the pyramid's own: the quadrant alone).
    const quadrants = (sides.server.w['crm-profit-matrix'].value.quadrants as { quadrant: string; n: number }[]).filter((q) => q.n > 0);
    expect(quadrants.length).to.be.greaterThan(1);
    expect(asked.length).to.equal(quadrants.length * 4);
    const shape = asked.map((a) => `${a.analysis}:${a.clauses.length}`);
    expect(shape.filter((a) => a.startsWith('segment-pyramid:')).length, shape.join(' ')).to.equal(quadrants.length);
    expect(shape.filter((a) => !a.startsWith('segment-pyramid:')).every((a) => a.endsWith(':2')), shape.join(' ')).to.equal(true);
    asked.length = 0;
    for (const s of Object.values(sides)) s.w['crm-profit-matrix'].selectQuadrant('carriage');
    await settle();
    expect(asked, 'requests on the click').to.deep.equal([]);
    sameEverywhere('crm-profit-matrix');
  });

  it('the pointer back on the pyramid, gold in force: clearing gold is asked ahead too, and the click clearing it asks nothing', async () => {
    asked.length = 0;
    await enter('crm-segment-pyramid');
    // Clearing: the others under carriage alone; the matrix's own (no clause) is the first draw's, kept since.
    const clearing = asked.filter((a) => a.clauses.every((c) => (c as { kind: string }).kind !== 'tier'));
    expect(clearing.map((a) => a.analysis).sort()).to.deep.equal(['kpis', 'lifecycle-funnel', 'pareto-curve']);
    asked.length = 0;
    for (const s of Object.values(sides)) s.w['crm-segment-pyramid'].selectTier(null);
    await settle();
    expect(asked, 'requests on the click').to.deep.equal([]);
    sameEverywhere('crm-segment-pyramid');
  });

  it('a range of ranks dragged to on the Pareto curve is asked ahead; its release asks nothing', async () => {
    asked.length = 0;
    await sides.server.w['crm-pareto-curve'].previewRange({ from: 1, to: 200 });
    await sides.server.src.coordinator.prefetched();
    // Each of the 4 other widgets once, with the range among its clauses.
    expect(asked.map((a) => a.analysis).sort()).to.deep.equal(['kpis', 'lifecycle-funnel', 'profit-matrix', 'segment-pyramid']);
    expect(asked.every((a) => a.clauses.some((c) => (c as { kind: string }).kind === 'pareto-range')), JSON.stringify(asked.map((a) => a.clauses.map((c) => (c as { kind: string }).kind)))).to.equal(true);
    asked.length = 0;
    for (const s of Object.values(sides)) s.w['crm-pareto-curve'].selectRange({ from: 1, to: 200 });
    await settle();
    expect(asked, 'requests on the release').to.deep.equal([]);
    sameEverywhere('crm-pareto-curve');
    // The results of before the clicks were kept too: clearing everything asks nothing.
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    expect(asked, 'requests on clearing').to.deep.equal([]);
    for (const tag of TAGS) close(sides.server.w[tag].value, sides.page.w[tag].value, tag);
  });
});
