import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { KPIS, LIFECYCLE_FUNNEL, lit, PROFIT_MATRIX, raw, SEGMENT_PYRAMID, sql, type Dataset, type Engine, type SQL } from '@crmkit/core';
import './setup.js';
import { differences } from '../../packages/core/test/planted.js';
import { settle } from './helpers.js';
import type { CrmSource } from '@crmkit/elements';

/**
 * A range of the Pareto curve's ranks selected in the page: every other widget (pyramid, funnel, matrix, KPIs)
 * shows what its analysis gives over those customers picked by a plain SQL filter (their ids, from a ranking
 * written by hand below), on the general path (selected at once) and on the fast path (the range worked out
 * while it is dragged, then released: no statement sent).
 */
type Widget = HTMLElement & { value: any; updateComplete: Promise<boolean>; clientId: string; selectRange(r: { from: number; to: number } | null): void; selectedRange: { from: number; to: number } | null }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Eight customers, one order each at a cost of 1, revenue with ties:
 *   c01 50, c02 80, c03 80, c04 20, c05 80, c06 10, c07 35, c08 20 (total 375);
 * order dates by i mod 4: 2024-06-30, 2024-05-01, 2024-02-01, 2023-08-01 (c01 → 2024-05-01, c04 → 2024-06-30 …).
 * Ranks (revenue descending, ties by customer_id): c02 1, c03 2, c05 3, c01 4, c07 5, c04 6, c08 7, c06 8.
 */
const REVENUE: Record<string, number> = { c01: 50, c02: 80, c03: 80, c04: 20, c05: 80, c06: 10, c07: 35, c08: 20 };
const RANKED = ['c02', 'c03', 'c05', 'c01', 'c07', 'c04', 'c08', 'c06'];
const DATES = ['2024-06-30', '2024-05-01', '2024-02-01', '2023-08-01'];
const rows = () =>
  Object.entries(REVENUE).map(([customer_id, amount]) => ({ customer_id, order_id: `${customer_id}a`, order_date: DATES[Number(customer_id.slice(1)) % 4], amount, cost: 1 }));

/** The customers of ranks from..to as a plain SQL filter of their ids. */
const plain = (from: number, to: number): SQL => sql`customer_id IN (${raw(RANKED.slice(from - 1, to).map((id) => lit(id).text).join(', '))})`;

const OTHERS: Record<string, { run(ds: Dataset, o: object, f: unknown): Promise<unknown> }> = {
  'crm-segment-pyramid': SEGMENT_PYRAMID as never,
  'crm-lifecycle-funnel': LIFECYCLE_FUNNEL as never,
  'crm-profit-matrix': PROFIT_MATRIX as never,
  'crm-kpis': KPIS as never,
};

describe('a range of the Pareto curve\'s ranks as a cross-filter', () => {
  it('gives every other widget the figures of a plain filter on those customers, selected at once and after a drag worked out ahead', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px"></div>`);
    wrap.innerHTML =
      '<crm-source id="pr"></crm-source><crm-segment-pyramid source="pr"></crm-segment-pyramid><crm-lifecycle-funnel source="pr"></crm-lifecycle-funnel><crm-pareto-curve source="pr"></crm-pareto-curve><crm-profit-matrix source="pr"></crm-profit-matrix><crm-kpis source="pr"></crm-kpis>';
    const src = wrap.querySelector('crm-source') as CrmSource;
    const widgets = [...wrap.querySelectorAll('crm-segment-pyramid, crm-lifecycle-funnel, crm-pareto-curve, crm-profit-matrix, crm-kpis')] as Widget[];
    const pareto = widgets.find((w) => w.localName === 'crm-pareto-curve')!;
    const others = widgets.filter((w) => w !== pareto);
    const loaded = oneEvent(src, 'crm-load');
    src.data = rows();
    await loaded;
    await settle(widgets);
    expect(pareto.value.summary.n).to.equal(8);
    const ds = src.model!;
    const check = async (from: number, to: number, how: string) => {
      for (const w of others) {
        const general = await OTHERS[w.localName].run(ds, {}, plain(from, to));
        expect(differences(w.value, general), `${how} ${from}–${to} → ${w.localName}`).to.deep.equal([]);
      }
      // Hand-worked: the matrix counts the range's customers and their revenue.
      const ids = RANKED.slice(from - 1, to);
      expect([pareto.value.summary.n, others.find((w) => w.localName === 'crm-profit-matrix')!.value.n]).to.deep.equal([8, ids.length]);
      expect(others.find((w) => w.localName === 'crm-profit-matrix')!.value.totals.revenue).to.equal(ids.reduce((t, id) => t + REVENUE[id], 0));
    };

    // Selected at once (a keyboard selection): the general path. Ranks 3..6 = c05, c01, c07, c04 (80 + 50 + 35 + 20 = 185).
    pareto.selectRange({ from: 3, to: 6 });
    await src.coordinator.settled();
    await settle(widgets);
    expect(src.selection.list().map((c) => c.kind)).to.deep.equal(['rank-range']);
    await check(3, 6, 'selected');
    expect(others.find((w) => w.localName === 'crm-profit-matrix')!.value.totals.revenue).to.equal(185);
    src.clearSelection();
    await settle(widgets);

    // Dragged on the curve from rank 1's point to rank 5's: the range 2..5 is worked out while the button is down.
    const engine = ds.engine as Engine & Record<string, unknown>;
    let statements = 0;
    const query = engine.query;
    const exec = engine.exec;
    // The curve's overlay as drawn now (each selection draws the chart again).
    let overlay = pareto.shadowRoot!.querySelector('rect.overlay') as SVGRectElement;
    const box = overlay.getBoundingClientRect();
    // Every rank is a point (8 ≤ 500 points), at x = rank / 8 of the plot's width.
    const at = (rank: number) => ({ clientX: box.left + (box.width * rank) / 8, clientY: box.top + box.height / 2, bubbles: true, composed: true, pointerId: 1, isPrimary: true });
    overlay.dispatchEvent(new PointerEvent('pointerdown', at(1)));
    overlay.dispatchEvent(new PointerEvent('pointermove', at(3)));
    overlay.dispatchEvent(new PointerEvent('pointermove', at(5)));
    await src.coordinator.prefetched();
    const seen: string[] = [];
    engine.query = ((q: never) => (statements++, seen.push(String(q).slice(0, 120)), query.call(engine, q))) as never;
    engine.exec = ((q: never) => (statements++, seen.push(String(q).slice(0, 120)), exec.call(engine, q))) as never;
    try {
      overlay.dispatchEvent(new PointerEvent('pointerup', at(5)));
      await src.coordinator.settled();
      await settle(widgets);
      expect(statements, `statements on the release: ${seen.join('\n')}`).to.equal(0);
    } finally {
      engine.query = query;
      engine.exec = exec;
    }
    const [clause] = src.selection.list();
    expect(pareto.selectedRange).to.deep.equal({ from: 2, to: 5 });
    expect(clause.table).to.match(/selection_a\d+$/);
    // The range reads the ranks kept for the load, not a new ranking.
    expect(clause.predicate.text).to.match(/cache\d+_pareto_/);
    // Ranks 2..5 = c03, c05, c01, c07: 80 + 80 + 50 + 35 = 245.
    await check(2, 5, 'dragged');
    expect(others.find((w) => w.localName === 'crm-profit-matrix')!.value.totals.revenue).to.equal(245);

    // Dragged to 2..5 again but released on rank 7's point: 2..7 was not worked out ahead; the general path, same figures.
    src.clearSelection();
    await settle(widgets);
    overlay = pareto.shadowRoot!.querySelector('rect.overlay') as SVGRectElement;
    overlay.dispatchEvent(new PointerEvent('pointerdown', at(1)));
    overlay.dispatchEvent(new PointerEvent('pointermove', at(5)));
    overlay.dispatchEvent(new PointerEvent('pointerup', at(7)));
    await src.coordinator.settled();
    await settle(widgets);
    expect(pareto.selectedRange).to.deep.equal({ from: 2, to: 7 });
    await check(2, 7, 'released elsewhere');

    // A fast drag: 2..3 is being worked out when the pointer moves on to 5 and is released on rank 8's point. The
    // look-ahead of 2..3 stops after its statement in flight, the release does not wait for it, the figures are 2..8's.
    src.clearSelection();
    await settle(widgets);
    overlay = pareto.shadowRoot!.querySelector('rect.overlay') as SVGRectElement;
    const sent: string[] = [];
    engine.exec = ((q: never) => (sent.push(String(q)), exec.call(engine, q))) as never;
    try {
      overlay.dispatchEvent(new PointerEvent('pointerdown', at(1)));
      overlay.dispatchEvent(new PointerEvent('pointermove', at(3)));
      await waitUntil(() => sent.some((q) => /selection_a\d+/.test(q)), 'the table of 2..3 worked out ahead');
      overlay.dispatchEvent(new PointerEvent('pointermove', at(5)));
      overlay.dispatchEvent(new PointerEvent('pointerup', at(8)));
      await src.coordinator.settled();
      await src.coordinator.prefetched();
      await settle(widgets);
    } finally {
      engine.exec = exec;
    }
    expect(pareto.selectedRange).to.deep.equal({ from: 2, to: 8 });
    // Ranks 2..8: everyone but c02, 375 − 80 = 295.
    await check(2, 8, 'fast drag');
    expect(others.find((w) => w.localName === 'crm-profit-matrix')!.value.totals.revenue).to.equal(295);
  });
});
