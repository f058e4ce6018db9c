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
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

describe('pyramid chart', () => {
  it('draws one trapezoid per tier, apex on top, base at the bottom', () => {
    const svg = pyramidChart(layers, { width: 400, height: 240, title: 'Customer pyramid' });
    expect(svg.getAttribute('role')).toBe('group');
    expect(svg.getAttribute('aria-label')).toBe('Customer pyramid');
    // 3 layers of (240 − 6 − 6) / 3 = 76 px (more than the 3 × 15 + 10 = 55 the text needs); height stays 240.
    expect(svg.getAttribute('height')).toBe('240');
    const paths = [...svg.querySelectorAll('path.tier-shape')].map((p) => p.getAttribute('d')!);
    expect(paths).toHaveLength(3);
    // base = min(0.42 × (400 − 12), 1.25 × 228) = 162.96, from x = 4 to 166.96, centre 85.48.
    // apex half-width = 0.14 × 81.48 = 11.4072 → top edge from 74.0728 to 96.8872 at y = 6.
    expect(paths[0].startsWith('M74.0728,6L96.8872,6')).toBe(true);
    // bottom layer ends on the full base at y = 234.
    expect(paths[2].endsWith('L166.96,234L4,234Z')).toBe(true);
    // top to bottom: tier names in order
    expect([...svg.querySelectorAll('.tier-name')].map((t) => t.textContent)).toEqual(['Diamond', 'Gold', 'Regular']);
    expect([...svg.querySelectorAll('.tier-line')].map((t) => t.textContent)).toEqual(layers.flatMap((l) => l.lines));
    // value bar: text starts at 4 + 162.96 + 18 = 184.96, bars up to 400 − 8 − 184.96 = 207.04 wide; 50 % → 103.52
    expect(Number(svg.querySelectorAll('rect.value-bar')[2].getAttribute('width'))).toBeCloseTo(103.52, 9);
    expect(matchesSnapshot(svg, 'pyramid')).toBe(true);
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
    // each layer needs (1 + 2) × 15 + 10 = 55 px: 6 + 11 × 55 + 6 = 617
    expect(svg.getAttribute('height')).toBe('617');
    expect(svg.querySelectorAll('.mark')).toHaveLength(11);
  });
});
