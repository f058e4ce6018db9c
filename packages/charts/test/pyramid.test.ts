// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { pyramidChart, type PyramidLayer } from '../src/pyramid.js';
import { matchesSnapshot } from './svg-snapshot.js';

// The 20-customer fixture of the core test: diamond 1 (200), gold 3 (540), regular 16 (1360) of 2100.
const layers: PyramidLayer[] = [
  { key: 'diamond', label: 'Diamond', lines: ['1 customer (5%)', '$200 (9.5%) · avg $200'], valueShare: 200 / 2100, detail: 'Diamond\n1 customer (5%)\n$200 (9.5%)' },
  { key: 'gold', label: 'Gold', lines: ['3 customers (15%)', '$540 (25.7%) · avg $180'], valueShare: 540 / 2100, detail: 'Gold\n3 customers (15%)\n$540 (25.7%)' },
  { key: 'regular', label: 'Regular', lines: ['16 customers (80%)', '$1,360 (64.8%) · avg $85'], valueShare: 0.5, detail: 'Regular\n16 customers (80%)\n$1,360 (64.8%)' },
];
const nums = (d: string) => [...d.matchAll(/-?[\d.]+/g)].map((m) => Number(m[0]));
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

describe('pyramid chart', () => {
  it('draws one trapezoid per tier, apex on top, base at the bottom', () => {
    const svg = pyramidChart(layers, { width: 500, height: 240, title: 'Customer pyramid' });
    expect(svg.getAttribute('role')).toBe('group');
    expect(svg.getAttribute('aria-label')).toBe('Customer pyramid');
    // 3 layers of (240 − 6 − 6) / 3 = 76 px (more than the 3 × 15 + 8 + 8 = 61 text and bar need); height stays 240.
    expect(svg.getAttribute('height')).toBe('240');
    const paths = [...svg.querySelectorAll('path.tier-shape')].map((p) => p.getAttribute('d')!);
    expect(paths).toHaveLength(3);
    // base = min(0.42 × (500 − 12), 1.25 × 228) = 204.96, from x = 4 to 208.96, centre 106.48.
    // apex half-width = 0.14 × 102.48 = 14.3472 → top edge from 92.1328 to 120.8272 at y = 6.
    const top = nums(paths[0]);
    [92.1328, 6, 120.8272, 6].forEach((v, i) => expect(top[i]).toBeCloseTo(v, 9));
    // bottom layer ends on the full base at y = 234.
    nums(paths[2]).slice(-4).forEach((v, i) => expect(v).toBeCloseTo([208.96, 234, 4, 234][i], 9));
    // top to bottom: tier names in order
    expect([...svg.querySelectorAll('.tier-name')].map((t) => t.textContent)).toEqual(['Diamond', 'Gold', 'Regular']);
    expect([...svg.querySelectorAll('.tier-line')].map((t) => t.textContent)).toEqual(layers.flatMap((l) => l.lines));
    // value bar: text starts at 4 + 204.96 + 18 = 226.96, bars up to 500 − 8 − 226.96 = 265.04 wide; 50 % → 132.52
    expect(Number(svg.querySelectorAll('rect.value-bar')[2].getAttribute('width'))).toBeCloseTo(132.52, 9);
    expect(matchesSnapshot(svg, 'pyramid')).toBe(true);
  });

  it('wraps a figure line at " · " where the chart is narrow', () => {
    const long = [{ ...layers[0], lines: ['1,178 customers (5%)', 'Revenue $917,004 (36.7%) · avg $778'] }, layers[1]];
    // width 300: the pyramid takes 0.34 × 288 = 97.92, the text 300 − 8 − (4 + 97.92 + 18) = 172.08 px;
    // "Revenue $917,004 (36.7%) · avg $778" is 35 characters × 12 × 0.58 = 243.6 px: broken in two.
    const svg = pyramidChart(long, { width: 300, height: 200, title: 'P' });
    const first = svg.querySelector('g.layer')!;
    expect([...first.querySelectorAll('.tier-line')].map((t) => t.textContent)).toEqual(['1,178 customers (5%)', 'Revenue $917,004 (36.7%)', 'avg $778']);
  });

  it('makes each tier a keyboard mark that selects with Enter, Space or a click', () => {
    const picked: string[] = [];
    const svg = pyramidChart(layers, { width: 400, height: 240, title: 'P', onSelect: (l) => picked.push(l.key) });
    const marks = [...svg.querySelectorAll('.mark')];
    expect(marks).toHaveLength(3);
    for (const m of marks) {
      expect(m.getAttribute('tabindex')).toBe('0');
      expect(m.getAttribute('role')).toBe('button');
      expect(m.getAttribute('part')).toBe('mark');
      expect(m.getAttribute('aria-pressed')).toBe('false');
    }
    expect(marks[1].getAttribute('aria-label')).toBe('Gold, 3 customers (15%), $540 (25.7%)');
    expect(marks.map((m) => m.getAttribute('data-key'))).toEqual(['diamond', 'gold', 'regular']);
    key(marks[0], 'Enter');
    key(marks[1], ' ');
    key(marks[2], 'a'); // not a selecting key
    marks[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    // a click on the tier's text row acts for the tier too
    svg.querySelectorAll('rect.hit')[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['diamond', 'gold', 'regular', 'gold']);
  });

  it('shows the numbers on focus and hover, and hides them on blur', () => {
    const svg = pyramidChart(layers, { width: 400, height: 240, title: 'P' });
    const tip = svg.querySelector('g.tooltip')!;
    expect(tip.getAttribute('display')).toBe('none');
    const mark = svg.querySelectorAll('.mark')[2];
    mark.dispatchEvent(new FocusEvent('focus'));
    expect(tip.getAttribute('display')).toBe(null);
    expect([...tip.querySelectorAll('tspan')].map((t) => t.textContent)).toEqual(['Regular', '16 customers (80%)', '$1,360 (64.8%)']);
    mark.dispatchEvent(new FocusEvent('blur'));
    expect(tip.getAttribute('display')).toBe('none');
    svg.querySelectorAll('rect.hit')[0].dispatchEvent(new Event('pointerenter'));
    expect(tip.querySelector('tspan')!.textContent).toBe('Diamond');
  });

  it('dims the other tiers when one is selected', () => {
    const svg = pyramidChart(layers, { width: 400, height: 240, title: 'P', selected: 'gold' });
    expect([...svg.querySelectorAll('g.layer')].map((g) => g.getAttribute('opacity'))).toEqual(['0.4', '1', '0.4']);
    expect(svg.querySelector('.mark.selected')!.getAttribute('data-key')).toBe('gold');
    expect(svg.querySelector('[data-key="gold"]')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('grows taller rather than squeeze eleven RFM segments', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ ...layers[0], key: `s${i}`, label: `S${i}` }));
    const svg = pyramidChart(many, { width: 300, height: 240, title: 'RFM' });
    // each layer needs (1 + 2) lines × 15 + 8 (the value bar below them) + 8 = 61 px: 6 + 11 × 61 + 6 = 683
    expect(svg.getAttribute('height')).toBe('683');
    expect(svg.querySelectorAll('.mark')).toHaveLength(11);
  });
});

describe('pyramid with an empty layer', () => {
  it('draws a layer nobody is in as a thin one-line band; the others keep their full height', () => {
    const layers: PyramidLayer[] = ['a', 'b', 'c'].map((k, i) => ({
      key: k,
      label: k.toUpperCase(),
      lines: [i === 1 ? '0 customers (0%)' : `${(i + 1) * 100} customers`, 'revenue'],
      valueShare: i === 1 ? 0 : 0.5,
      detail: k,
      empty: i === 1,
    }));
    const svg = pyramidChart(layers, { width: 400, height: 300, title: 'P' });
    const hits = [...svg.querySelectorAll('rect.hit')].map((r) => Number(r.getAttribute('height')));
    // empty: LINE 15 + 8 = 23 px; the others share the rest: (300 − 6 − 6 − 23) / 2 = 132.5 px
    expect(hits[1]).toBe(23);
    expect(hits[0]).toBeCloseTo(132.5, 6);
    expect(hits[2]).toBeCloseTo(132.5, 6);
    // one line of text: the name and its first line
    const t = svg.querySelectorAll('text.tier-text')[1];
    expect([...t.querySelectorAll('tspan')].map((s) => s.textContent)).toEqual(['B', ' · 0 customers (0%)']);
    expect(t.querySelectorAll('tspan')[1].getAttribute('x')).toBe(null); // on the name's line
    expect(Number(svg.querySelectorAll('rect.value-bar')[1].getAttribute('width'))).toBe(0);
  });
});
