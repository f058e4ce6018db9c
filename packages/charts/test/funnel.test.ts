// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { flowChart, funnelChart, type FunnelCompare, type FunnelStage } from '../src/funnel.js';
import { matchesSnapshot } from './svg-snapshot.js';

// The lifecycle fixture of the core test at as-of: new 2, core 2, dozing 4, half-asleep 2, dormant 1.
const counts: [string, number][] = [
  ['new', 2],
  ['core', 2],
  ['dozing', 4],
  ['half-asleep', 2],
  ['dormant', 1],
];
const stages: FunnelStage[] = counts.map(([key, n]) => ({ key, label: key, customers: n, figures: `${n} · ${Math.round((n / 11) * 100)}%`, detail: `${key}\n${n} customers` }));
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

describe('funnel chart', () => {
  it('draws one centred bar per stage, as wide as its share of the largest', () => {
    const svg = funnelChart(stages, { width: 400, height: 200, title: 'Lifecycle' });
    // rows of min(56, max(28, (200 − 8) / 5 = 38.4)) px → height 5 × 38.4 + 8 = 200
    expect(svg.getAttribute('height')).toBe('200');
    const bars = [...svg.querySelectorAll('rect.stage-bar')];
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    // dozing (4) is the widest; new (2) half of it; dormant (1) a quarter
    expect(widths[0] / widths[2]).toBeCloseTo(0.5, 12);
    expect(widths[4] / widths[2]).toBeCloseTo(0.25, 12);
    // every bar has the same centre
    const centres = bars.map((b) => Number(b.getAttribute('x')) + Number(b.getAttribute('width')) / 2);
    for (const c of centres) expect(c).toBeCloseTo(centres[0], 9);
    // rows top to bottom in the given order
    expect(bars.map((b) => Number(b.getAttribute('y')))).toEqual([0, 1, 2, 3, 4].map((i) => 4 + i * 38.4 + 38.4 * 0.14));
    expect([...svg.querySelectorAll('.stage-name')].map((t) => t.textContent)).toEqual(counts.map((c) => c[0]));
    expect(svg.querySelectorAll('.stage-figures')[2].textContent).toBe('4 · 36%');
    expect(matchesSnapshot(svg, 'funnel')).toBe(true);
  });

  it('selects a stage with Enter, Space or a click, and dims the others', () => {
    const picked: string[] = [];
    const svg = funnelChart(stages, { width: 400, height: 200, title: 'L', selected: 'core', onSelect: (k) => picked.push(k) });
    const marks = [...svg.querySelectorAll('.mark')];
    expect(marks.map((m) => [m.getAttribute('data-key'), m.getAttribute('role'), m.getAttribute('tabindex')])).toEqual(counts.map(([k]) => [k, 'button', '0']));
    expect(marks[1].getAttribute('aria-pressed')).toBe('true');
    expect(marks[1].getAttribute('aria-label')).toBe('core, 2 customers');
    expect([...svg.querySelectorAll('g.stage')].map((g) => g.getAttribute('opacity'))).toEqual(['0.35', '1', '0.35', '0.35', '0.35']);
    key(marks[2], 'Enter');
    key(marks[3], ' ');
    svg.querySelectorAll('rect.hit')[4].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['dozing', 'half-asleep', 'dormant']);
  });
});

// The moves of the core test between B (left) and A (right).
const compare: FunnelCompare = {
  fromLabel: 'Sep 22, 2024',
  toLabel: 'Dec 31, 2024',
  from: [
    { key: 'none', label: 'not yet', customers: 4, detail: 'not yet 4' },
    { key: 'new', label: 'new', customers: 1, detail: 'new 1' },
    { key: 'core', label: 'core', customers: 0, detail: 'core 0' },
    { key: 'dozing', label: 'dozing', customers: 3, detail: 'dozing 3' },
    { key: 'half-asleep', label: 'half-asleep', customers: 3, detail: 'half-asleep 3' },
    { key: 'dormant', label: 'dormant', customers: 0, detail: 'dormant 0' },
  ],
  to: counts.map(([key, n]) => ({ key, label: key, customers: n, detail: `${key} ${n}` })),
  flows: [
    { from: 'none', to: 'new', customers: 2, detail: 'none → new: 2' },
    { from: 'none', to: 'dozing', customers: 2, detail: 'none → dozing: 2' },
    { from: 'new', to: 'dozing', customers: 1, detail: 'new → dozing: 1' },
    { from: 'dozing', to: 'core', customers: 1, detail: 'dozing → core: 1' },
    { from: 'dozing', to: 'dozing', customers: 1, detail: 'dozing → dozing: 1' },
    { from: 'dozing', to: 'half-asleep', customers: 1, detail: 'dozing → half-asleep: 1' },
    { from: 'half-asleep', to: 'core', customers: 1, detail: 'half-asleep → core: 1' },
    { from: 'half-asleep', to: 'half-asleep', customers: 1, detail: 'half-asleep → half-asleep: 1' },
    { from: 'half-asleep', to: 'dormant', customers: 1, detail: 'half-asleep → dormant: 1' },
  ],
};

describe('flow chart', () => {
  it('stacks both columns to the same total and draws a ribbon per move, as wide as its customers', () => {
    const svg = flowChart(compare, { width: 500, height: 240, title: 'Moves' });
    // 11 customers each side. Stages with nobody are left out: on the left none, new, dozing, half-asleep
    // (core and dormant had nobody at the earlier date); on the right all five → 4 gaps of 6 px:
    // k = (240 − 22 − 4 − 24) / 11 = 190 / 11 px a customer
    const k = 190 / 11;
    expect([...svg.querySelectorAll('g.node.from .node-label')].map((t) => t.textContent)).toEqual(['not yet 4', 'new 1', 'dozing 3', 'half-asleep 3']);
    const left = [...svg.querySelectorAll('g.node.from rect')].map((r) => Number(r.getAttribute('height')));
    expect(left[0]).toBeCloseTo(4 * k, 9);
    expect(left[2]).toBeCloseTo(3 * k, 9);
    // the left column's colours stay those of the stages' places (dozing is the 4th of 6, half-asleep the 5th)
    expect([...svg.querySelectorAll('g.node.from rect')].map((r) => r.getAttribute('fill'))).toEqual(['#0ea5e9', '#16a34a', '#f97316', '#6b7280']);
    const right = [...svg.querySelectorAll('g.node.to rect')].map((r) => Number(r.getAttribute('height')));
    expect(right[2]).toBeCloseTo(4 * k, 9);
    const ribbons = [...svg.querySelectorAll('path.flow')];
    expect(ribbons).toHaveLength(9);
    // none → new leaves the top of "none" (y 22) and arrives at the top of "new" (y 22), 2k thick
    const d = ribbons[0].getAttribute('d')!;
    const ys = [...d.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBe(22);
    expect(ys[3]).toBe(22);
    expect(ys[4] - ys[3]).toBeCloseTo(2 * k, 9);
    // new → dozing arrives at dozing below none → dozing (arrivals ordered by origin: none first)
    const newToDozing = ribbons[2].getAttribute('d')!;
    const dozingTop = Number(svg.querySelectorAll('g.node.to rect')[2].getAttribute('y'));
    expect(Number([...newToDozing.matchAll(/,(-?[\d.]+)/g)][3][1])).toBeCloseTo(dozingTop + 2 * k, 9);
    expect([...svg.querySelectorAll('.column-label')].map((t) => t.textContent)).toEqual(['Sep 22, 2024', 'Dec 31, 2024']);
    expect(svg.querySelector('g.node.from .node-label')!.textContent).toBe('not yet 4');
    expect(matchesSnapshot(svg, 'funnel-flows')).toBe(true);
  });

  it('makes ribbons and nodes selectable marks with keys naming the move or the side', () => {
    const picked: string[] = [];
    const svg = flowChart(compare, { width: 500, height: 240, title: 'Moves', selected: 'dozing>core', onSelect: (k) => picked.push(k) });
    const ribbon = svg.querySelector('path.flow[data-key="dozing>core"]')!;
    expect(ribbon.getAttribute('aria-pressed')).toBe('true');
    expect(ribbon.getAttribute('aria-label')).toBe('dozing → core: 1');
    expect(ribbon.getAttribute('fill-opacity')).toBe('0.75');
    expect(svg.querySelector('path.flow[data-key="none>new"]')!.getAttribute('fill-opacity')).toBe('0.12');
    key(svg.querySelector('path.flow[data-key="half-asleep>dormant"]')!, 'Enter');
    svg.querySelector('[data-key="to:dozing"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    key(svg.querySelector('[data-key="from:none"]')!, ' ');
    expect(picked).toEqual(['half-asleep>dormant', 'to:dozing', 'from:none']);
    // 9 ribbons + 4 nodes on the left + 5 on the right
    expect(svg.querySelectorAll('.mark')).toHaveLength(18);
  });
});

describe('funnel chart in a narrow card', () => {
  it('wraps long figures at " · " so every line ends inside the chart, and measures with the host\'s measurer', () => {
    const long: FunnelStage[] = stages.map((s) => ({ ...s, label: `${s.label} customers`, figures: `${s.customers * 1000} · 14.0% · $1,060,000 revenue` }));
    // a measurer twice as wide as the estimate: the layout follows it, not a character count
    const measure = (t: string, size: number) => t.length * size * 0.9;
    const svg = funnelChart(long, { width: 300, height: 200, title: 'L', measure });
    const figures = [...svg.querySelectorAll('.stage-figures')];
    for (const f of figures) {
      const tspans = [...f.querySelectorAll('tspan')];
      expect(tspans.length).toBeGreaterThan(1); // wrapped
      expect(tspans.map((t) => t.textContent).join(' · ')).toBe(long[figures.indexOf(f)].figures);
      for (const t of tspans) if (t.textContent!.includes(' · ')) expect(Number(t.getAttribute('x')) + measure(t.textContent!, 12)).toBeLessThanOrEqual(300);
    }
    // names end right of 0 (not cut off at the left edge): x = labelW − 8 ≥ the widest name
    const nameX = Number(svg.querySelector('.stage-name')!.getAttribute('x'));
    expect(nameX).toBeGreaterThanOrEqual(Math.min(300 * 0.4 - 8, measure('half-asleep customers', 12)));
    // rows grow to hold the wrapped lines: three lines of 15 px need 51 px
    const lines = Math.max(...figures.map((f) => f.querySelectorAll('tspan').length));
    expect(Number(svg.getAttribute('height'))).toBeGreaterThanOrEqual(5 * (lines * 15 + 6));
  });
});
