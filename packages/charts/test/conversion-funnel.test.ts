// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { conversionFunnelChart, type ConversionStep } from '../src/conversion-funnel.js';
import { acquisitionChart, type AcquisitionRow } from '../src/acquisition.js';
import { matchesSnapshot } from './svg-snapshot.js';

// 8 people at step 1, 6 at step 2, 3 at step 3 (the hand-made funnel of the core test).
const steps: ConversionStep[] = [
  { step: 1, label: 'visit', people: 8, previous: 8, first: 8, figures: '8 · 100%', detail: 'Step 1: visit' },
  { step: 2, label: 'add_to_cart', people: 6, previous: 8, first: 8, figures: '6 · 75% · 1 d', detail: 'Step 2: add_to_cart', dropDetail: '2 dropped off' },
  { step: 3, label: 'purchase', people: 3, previous: 6, first: 8, figures: '3 · 37.5% · 1 d', detail: 'Step 3: purchase', dropDetail: '3 dropped off' },
];

describe('conversion funnel chart', () => {
  it('a bar a step as long as its share of step 1, a drop-off band from step 2, selectable marks', () => {
    const picked: string[] = [];
    const svg = conversionFunnelChart(steps, { width: 600, height: 200, title: 'Conversion funnel', selected: 'converted:3', onSelect: (k) => picked.push(k) });
    const marks = [...svg.querySelectorAll('[part="mark"]')];
    expect(marks.map((m) => m.getAttribute('data-key'))).toEqual(['converted:1', 'dropped:2', 'converted:2', 'dropped:3', 'converted:3']);
    const w = Object.fromEntries(marks.map((m) => [m.getAttribute('data-key'), Number(m.getAttribute('width'))]));
    // converted widths ∝ 8 : 6 : 3; the drop-off band of step k spans previous − people: 2/8 and 3/8 of the longest bar.
    expect(w['converted:2'] / w['converted:1']).toBeCloseTo(6 / 8, 9);
    expect(w['converted:3'] / w['converted:1']).toBeCloseTo(3 / 8, 9);
    expect(w['dropped:2'] / w['converted:1']).toBeCloseTo(2 / 8, 9);
    expect(w['dropped:3'] / w['converted:1']).toBeCloseTo(3 / 8, 9);
    expect(marks.map((m) => m.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false', 'false', 'true']);
    expect(marks[1].getAttribute('aria-label')).toBe('2 dropped off');
    marks[3].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    marks[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['dropped:3', 'converted:1']);
    expect([...svg.querySelectorAll('text.step-figures')].map((t) => t.textContent)).toEqual(['8 · 100%', '6 · 75% · 1 d', '3 · 37.5% · 1 d']);
    expect(matchesSnapshot(svg, 'conversion-funnel')).toBe(true);
  });
});

describe('acquisition chart', () => {
  // ads: cost 40, value 40; email: cost 5, value 35; store: no cost, value 5.
  const rows: AcquisitionRow[] = [
    { key: '=ads', label: 'ads', cost: 40, value: 40, figures: 'cost $40 · value $40', detail: 'ads' },
    { key: '=email', label: 'email', cost: 5, value: 35, figures: 'cost $5 · value $35', detail: 'email' },
    { key: '=store', label: 'store', cost: null, value: 5, figures: 'cost – · value $5', detail: 'store' },
  ];
  it('cost and value bars on one scale, a row a channel as a mark', () => {
    const picked: string[] = [];
    const svg = acquisitionChart(rows, { width: 600, height: 200, title: 'Acquisition', onSelect: (k) => picked.push(k) });
    const marks = [...svg.querySelectorAll('[part="mark"]')];
    expect(marks.map((m) => m.getAttribute('data-key'))).toEqual(['=ads', '=email', '=store']);
    const cost = [...svg.querySelectorAll('rect.cost')].map((r) => Number(r.getAttribute('width')));
    const value = [...svg.querySelectorAll('rect.value')].map((r) => Number(r.getAttribute('width')));
    // one scale: the largest figure (40) is the longest bar; 35 / 40, 5 / 40; no cost → no bar
    expect(value[1] / value[0]).toBeCloseTo(35 / 40, 9);
    expect(cost[1] / cost[0]).toBeCloseTo(5 / 40, 9);
    expect(cost[0]).toBe(value[0]);
    expect(cost[2]).toBe(0);
    marks[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['=email']);
    expect(matchesSnapshot(svg, 'acquisition')).toBe(true);
  });
});
