// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { aliveHistogram, validationChart, valueTiersChart, type AliveBinDatum, type ValidationDatum, type ValueTierDatum } from '../src/customer-value.js';
import { matchesSnapshot } from './svg-snapshot.js';

const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

const tiers: ValueTierDatum[] = [
  { key: 'top', label: 'Top 5%', figures: '2 customers · 2 likely alive', historical: 400, predicted: 200, detail: 'Top 5%\n2 customers' },
  { key: 'high', label: 'High', figures: '6 customers · 5 likely alive', historical: 300, predicted: 100, detail: 'High\n6 customers' },
  { key: 'medium', label: 'Medium', figures: '12 customers · 6 likely alive', historical: 200, predicted: 50, detail: 'Medium\n12 customers' },
  { key: 'low', label: 'Low', figures: '20 customers · 4 likely alive', historical: 100, predicted: 0, detail: 'Low\n20 customers' },
];

describe('value tiers chart', () => {
  it('draws historical and predicted bars on one scale, the largest value the full width', () => {
    const svg = valueTiersChart(tiers, { width: 500, height: 240, title: 'Potential value', legend: ['Historical', 'Predicted'], format: (v) => `$${v}` });
    const hist = [...svg.querySelectorAll('rect.historical')].map((r) => Number(r.getAttribute('width')));
    const pred = [...svg.querySelectorAll('rect.predicted')].map((r) => Number(r.getAttribute('width')));
    // one scale, max 400: widths proportional to the values (300/400, 200/400 …), predicted 0 → no bar
    expect(hist[1] / hist[0]).toBeCloseTo(0.75, 12);
    expect(pred[0] / hist[0]).toBeCloseTo(0.5, 12);
    expect(pred[3]).toBe(0);
    expect([...svg.querySelectorAll('.tier-name')].map((t) => t.textContent)).toEqual(['Top 5%', 'High', 'Medium', 'Low']);
    expect(svg.querySelector('.predicted-value')!.textContent).toBe('$200');
    expect([...svg.querySelectorAll('.legend text')].map((t) => t.textContent)).toEqual(['Historical', 'Predicted']);
    expect(matchesSnapshot(svg, 'customer-value-tiers')).toBe(true);
  });

  it('puts the name and figures above the bars when they would take over 42 % of a narrow chart', () => {
    // "12 customers · 6 likely alive" is 29 characters ≈ 29 · 0.58 · 11 = 185 px > 0.42 · 300 = 126 px
    const svg = valueTiersChart(tiers, { width: 300, height: 240, title: 'T' });
    const bar = svg.querySelector('rect.historical')!;
    expect(Number(bar.getAttribute('x'))).toBe(0);
    // row 0 starts at 4: name at 4 + 14, figures at 4 + 29, bars from 4 + 56 − 11 = 49 (below the text)
    expect(Number(svg.querySelector('.tier-name')!.getAttribute('y'))).toBe(18);
    expect(Number(svg.querySelector('.tier-figures')!.getAttribute('y'))).toBe(33);
    expect(Number(bar.getAttribute('y'))).toBe(49);
    // four rows of 80 px + 8
    expect(svg.getAttribute('height')).toBe('328');
  });

  it('selects a tier with Enter, Space or a click, and dims the others', () => {
    const picked: string[] = [];
    const svg = valueTiersChart(tiers, { width: 500, height: 240, title: 'T', selected: 'high', onSelect: (k) => picked.push(k) });
    const marks = [...svg.querySelectorAll('.mark')];
    expect(marks.map((m) => [m.getAttribute('data-key'), m.getAttribute('role'), m.getAttribute('tabindex')])).toEqual(tiers.map((t) => [t.key, 'button', '0']));
    expect(marks[1].getAttribute('aria-pressed')).toBe('true');
    expect(marks[0].getAttribute('aria-label')).toBe('Top 5%, 2 customers');
    expect([...svg.querySelectorAll('g.tier')].map((g) => g.getAttribute('opacity'))).toEqual(['0.35', '1', '0.35', '0.35']);
    key(marks[0], 'Enter');
    key(marks[2], ' ');
    svg.querySelectorAll('rect.hit')[3].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['top', 'medium', 'low']);
  });
});

describe('P(alive) histogram', () => {
  const bins: AliveBinDatum[] = Array.from({ length: 10 }, (_, i) => ({ key: String(i), label: `${i * 10}%`, customers: i === 9 ? 40 : i, detail: `${i * 10}–${i * 10 + 10}%\n${i === 9 ? 40 : i} customers` }));
  it('draws one bar per bin, heights proportional to the customers, and selects a bin', () => {
    const picked: string[] = [];
    const svg = aliveHistogram(bins, { width: 400, height: 160, title: 'P(alive)', onSelect: (k) => picked.push(k) });
    const h = [...svg.querySelectorAll('rect.bin-bar')].map((r) => Number(r.getAttribute('height')));
    // plot height 160 − 18 − 22 = 120 for 40 customers: bin 5 → 5/40 · 120 = 15, bin 0 → none
    expect(h[9]).toBeCloseTo(120, 9);
    expect(h[5]).toBeCloseTo(15, 9);
    expect(h[0]).toBe(0);
    key(svg.querySelectorAll('.mark')[9], 'Enter');
    expect(picked).toEqual(['9']);
    expect(matchesSnapshot(svg, 'customer-value-alive')).toBe(true);
  });
});

describe('validation chart', () => {
  const groups: ValidationDatum[] = [0, 1, 2, 3].map((x) => ({ label: x === 3 ? '3+' : String(x), actual: x, predicted: x * 0.5 + 0.25, detail: `x = ${x}` }));
  it('draws actual and predicted lines through every group, on one y scale', () => {
    const svg = validationChart(groups, { width: 400, height: 220, title: 'Holdout', legend: ['Actual', 'Predicted'], axes: ['Purchases in calibration', 'Mean holdout purchases'] });
    const a = [...svg.querySelectorAll('circle.actual')].map((c) => Number(c.getAttribute('cy')));
    const p = [...svg.querySelectorAll('circle.predicted')].map((c) => Number(c.getAttribute('cy')));
    expect(a.length).toBe(4);
    // y domain [0, 3] (nice), range [186, 26]: actual 3 → 26, predicted 0.25 → 186 − 0.25/3 · 160
    expect(a[3]).toBeCloseTo(26, 9);
    expect(p[0]).toBeCloseTo(186 - (0.25 / 3) * 160, 9);
    expect([...svg.querySelectorAll('rect.group')].map((r) => r.getAttribute('aria-label'))).toEqual(['x = 0', 'x = 1', 'x = 2', 'x = 3']);
    expect(matchesSnapshot(svg, 'customer-value-validation')).toBe(true);
  });
});
