import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LIFECYCLE_FUNNEL, PARETO_CURVE, PROFIT_MATRIX, SEGMENT_PYRAMID, toFilter, type Dataset, type Engine, type SelectionClause } from '@crmkit/core';
import './setup.js';
import { differences, planted } from '../../packages/core/test/planted.js';
import { settle } from './helpers.js';
import type { CrmSource } from '@crmkit/elements';

/**
 * A click worked out ahead: the pointer enters a widget, the source's
 * coordinator works out each of its groups and every other widget's result
 * under it; the click then sends nothing to the engine, and every widget shows
 * what its analysis gives over the clause's predicate itself.
 */
type Widget = HTMLElement & { value: any; updateComplete: Promise<boolean>; clientId: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * Data: `planted()` (packages/core/test/planted.ts): c<i> (i = 1 … 20) spends 200 − 10·(i − 1) at a cost of i; by
 * (i − 1) mod 4: new (one order on 2024-06-30), core (2024-05-01 and 2024-06-20, half each), dozing (2024-02-01),
 * half-asleep (2023-08-01). As-of 2024-07-01.
 */

const ANALYSES: Record<string, { run(ds: Dataset, o: object, f: unknown): Promise<unknown> }> = {
  'crm-segment-pyramid': SEGMENT_PYRAMID as never,
  'crm-lifecycle-funnel': LIFECYCLE_FUNNEL as never,
  'crm-pareto-curve': PARETO_CURVE as never,
  'crm-profit-matrix': PROFIT_MATRIX as never,
};

describe('a cross-filter click worked out when the pointer enters the widget', () => {
  it('sends no statement to the engine, and every other widget shows the general path\'s figures', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px"></div>`);
    wrap.innerHTML =
      '<crm-source id="pf"></crm-source><crm-segment-pyramid source="pf"></crm-segment-pyramid><crm-lifecycle-funnel source="pf"></crm-lifecycle-funnel><crm-pareto-curve source="pf"></crm-pareto-curve><crm-profit-matrix source="pf"></crm-profit-matrix>';
    const src = wrap.querySelector('crm-source') as CrmSource;
    const widgets = [...wrap.querySelectorAll('crm-segment-pyramid, crm-lifecycle-funnel, crm-pareto-curve, crm-profit-matrix')] as Widget[];
    const [pyramid, funnel, pareto, matrix] = widgets;
    const loaded = oneEvent(src, 'crm-load');
    src.data = planted();
    await loaded;
    await settle(widgets);
    expect(pareto.value.summary.n).to.equal(20);

    // Every statement the engine gets from now on, counted.
    const engine = src.model!.engine as Engine & Record<string, unknown>;
    let statements = 0;
    const query = engine.query;
    const exec = engine.exec;
    engine.query = ((q: never) => (statements++, query.call(engine, q))) as never;
    engine.exec = ((q: never) => (statements++, exec.call(engine, q))) as never;
    try {
      for (const [w, key] of [
        [pyramid, 'gold'],
        [funnel, 'core'],
        [matrix, 'passive'],
      ] as const) {
        w.dispatchEvent(new PointerEvent('pointerenter'));
        await src.coordinator.prefetched();
        expect(statements, `${w.localName}: its groups worked out`).to.be.greaterThan(0);
        statements = 0;
        const mark = w.shadowRoot!.querySelector(`[data-key="${key}"], [data-quadrant="${key}"]`) as HTMLElement;
        mark.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        await settle(widgets);
        expect(statements, `${w.localName} ${key}: statements on the click`).to.equal(0);
        const clauses: SelectionClause[] = src.selection.list();
        expect(clauses.map((c) => c.kind)).to.deep.equal([{ 'crm-segment-pyramid': 'tier', 'crm-lifecycle-funnel': 'stage', 'crm-profit-matrix': 'quadrant' }[w.localName]]);
        // The general path: each analysis over the clause's predicate itself (no table, nothing kept).
        engine.query = query;
        engine.exec = exec;
        for (const other of widgets.filter((x) => x !== w)) {
          const general = await ANALYSES[other.localName].run(src.model!, {}, toFilter(clauses.map((c) => ({ predicate: c.predicate }))));
          expect(differences(other.value, general), `${w.localName} ${key} → ${other.localName}`).to.deep.equal([]);
        }
        if (w === pyramid) {
          // Gold = c02 (190, core), c03 (180, dozing), c04 (170, half-asleep).
          expect(funnel.value.stages.map((s: { customers: number }) => s.customers)).to.deep.equal([0, 1, 1, 1, 0]);
          expect([pareto.value.summary.n, pareto.value.summary.total]).to.deep.equal([3, 540]);
          // The accessible table follows once the chart is on screen: the curve's three ranks, c02's 190 first.
          await new Promise((r) => requestIdleCallback(() => r(undefined), { timeout: 1000 }));
          await new Promise((r) => setTimeout(r, 50));
          const rows = [...pareto.shadowRoot!.querySelectorAll('[part="table"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
          expect(rows.map((r) => r[0])).to.deep.equal(['1', '2', '3']);
          expect(rows[0][3]).to.equal('190');
        }
        if (w === funnel) {
          // Core = c02, c06, c10, c14, c18: 190 + 150 + 110 + 70 + 30 = 550.
          expect([pareto.value.summary.n, pareto.value.summary.total]).to.deep.equal([5, 550]);
        }
        engine.query = ((q: never) => (statements++, query.call(engine, q))) as never;
        engine.exec = ((q: never) => (statements++, exec.call(engine, q))) as never;
        // Clearing finds the unfiltered results of the first draw.
        statements = 0;
        src.clearSelection();
        await settle(widgets);
        expect(statements, `${w.localName}: statements on clearing`).to.equal(0);
        expect(pareto.value.summary.n).to.equal(20);
      }
    } finally {
      engine.query = query;
      engine.exec = exec;
    }
  });
});
