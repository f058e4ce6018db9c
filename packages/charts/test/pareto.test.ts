// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { paretoChart, type ParetoChartData, type ParetoRange } from '../src/pareto.js';
import { matchesSnapshot } from './svg-snapshot.js';

// The hand-computed fixture of the core test: values 50, 30, 10, 5, 5 (total 100).
const data: ParetoChartData = {
  series: [
    { rank: 0, x: 0, y: 0, value: null },
    { rank: 1, x: 0.2, y: 0.5, value: 50 },
    { rank: 2, x: 0.4, y: 0.8, value: 30 },
    { rank: 3, x: 0.6, y: 0.9, value: 10 },
    { rank: 4, x: 0.8, y: 0.95, value: 5 },
    { rank: 5, x: 1, y: 1, value: 5 },
  ],
  n: 5,
  cut: 0.2,
  topShare: 0.5,
  target: 0.8,
  kTarget: 2,
};
const labels = {
  title: 'Pareto',
  x: 'customers',
  y: 'revenue',
  diagonal: 'equality',
  cut: 'Top 20% → 50%',
  target: '80% from 40%',
  peak: 'Peak',
  loss: 'Loss',
  point: (p: { rank: number; x: number; y: number }) => `rank ${p.rank}\n${p.x}\n${p.y}`,
};
const pct = (v: number) => `${Math.round(v * 100)}%`;
const key = (el: Element, k: string, shiftKey = false) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true }));

describe('pareto chart', () => {
  it('draws the curve, the diagonal and the annotations at the right places', () => {
    const svg = paretoChart(data, { width: 300, height: 200, labels, percent: pct });
    // x: [0, 1] → [52, 280]; y: [0, 1] → [160, 18]
    // rank 1: (52 + 0.2·228, 160 − 0.5·142) = (97.6, 89); rank 2: (143.2, 160 − 0.8·142 = 46.4)
    const d = svg.querySelector('path.curve')!.getAttribute('d')!;
    expect(d.startsWith('M52,160L97.6,89L143.2,46.4')).toBe(true);
    expect(d.match(/[ML]/g)).toHaveLength(6);
    const diag = svg.querySelector('line.diagonal')!;
    expect([diag.getAttribute('x1'), diag.getAttribute('y1'), diag.getAttribute('x2'), diag.getAttribute('y2')]).toEqual(['52', '160', '280', '18']);
    // top-cut guide ends at (97.6, 89), target at (143.2, 46.4)
    expect(svg.querySelector('circle.dot.cut')!.getAttribute('cx')).toBe('97.6');
    expect(Number(svg.querySelector('circle.dot.target')!.getAttribute('cy'))).toBeCloseTo(46.4, 9);
    expect(svg.querySelector('.cut-label')!.textContent).toBe('Top 20% → 50%');
    expect(svg.querySelector('path.loss')).toBeNull();
    expect(svg.querySelector('[role="group"]') ?? svg).toBe(svg);
    expect([...svg.querySelectorAll('.axis.x .tick text')].map((t) => t.textContent)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(matchesSnapshot(svg, 'pareto')).toBe(true);
  });

  it('the focus point is a keyboard slider: arrows move, Enter selects the top k, Shift extends a range, Esc clears', () => {
    const picked: (ParetoRange | null)[] = [];
    const svg = paretoChart(data, { width: 300, height: 200, labels, percent: pct, onSelect: (r) => picked.push(r) });
    const focus = svg.querySelector('.mark.focus-point')!;
    expect(focus.getAttribute('role')).toBe('slider');
    expect(focus.getAttribute('tabindex')).toBe('0');
    expect(focus.getAttribute('aria-label')).toBe('Pareto');
    // starts at the top-cut rank ⌈0.2 · 5⌉ = 1
    expect(focus.getAttribute('aria-valuenow')).toBe('1');
    key(focus, 'ArrowRight');
    expect(focus.getAttribute('aria-valuenow')).toBe('2');
    expect(focus.getAttribute('aria-valuetext')).toBe('rank 2, 0.4, 0.8');
    key(focus, 'Enter');
    key(focus, 'ArrowRight', true); // anchor at rank 2, moved to 3
    key(focus, 'ArrowRight', true); // … 4
    key(focus, ' ');
    key(focus, 'End');
    expect(focus.getAttribute('aria-valuenow')).toBe('5');
    key(focus, 'Escape');
    // top 2; then ranks after 2 up to 4 → 3..4; then cleared
    expect(picked).toEqual([{ from: 1, to: 2 }, { from: 3, to: 4 }, null]);
  });

  it('tells the range Shift+arrows would select (each new one once) before Enter selects it', () => {
    const previewed: ParetoRange[] = [];
    const picked: (ParetoRange | null)[] = [];
    const svg = paretoChart(data, { width: 300, height: 200, labels, percent: pct, onSelect: (r) => picked.push(r), onPreview: (r) => previewed.push(r) });
    const focus = svg.querySelector('.mark.focus-point')!;
    key(focus, 'ArrowRight'); // rank 2, no range yet
    key(focus, 'ArrowRight', true); // anchor at rank 2, moved to 3: ranks 3..3
    key(focus, 'ArrowRight', true); // … 4: ranks 3..4
    key(focus, 'ArrowLeft', true); // back to 3: ranks 3..3 again
    key(focus, 'Enter');
    expect(previewed).toEqual([{ from: 3, to: 3 }, { from: 3, to: 4 }, { from: 3, to: 3 }]);
    expect(picked).toEqual([{ from: 3, to: 3 }]);
  });

  it('whale curve: marks the peak and draws the loss-making tail', () => {
    // profits 80, 50, 0, −10, −20 (core test): y 0.8, 1.3, 1.3, 1.2, 1.0; peak rank 2; loss from rank 4
    const whale: ParetoChartData = {
      series: [
        { rank: 0, x: 0, y: 0, value: null },
        { rank: 1, x: 0.2, y: 0.8, value: 80 },
        { rank: 2, x: 0.4, y: 1.3, value: 50 },
        { rank: 3, x: 0.6, y: 1.3, value: 0 },
        { rank: 4, x: 0.8, y: 1.2, value: -10 },
        { rank: 5, x: 1, y: 1, value: -20 },
      ],
      n: 5,
      cut: 0.2,
      topShare: 0.8,
      target: 0.8,
      kTarget: 1,
      peakRank: 2,
      peakShare: 1.3,
      lossStart: 4,
    };
    const svg = paretoChart(whale, { width: 300, height: 200, labels, percent: pct, whale: true, selected: { from: 4, to: 5 } });
    // y: [0, 1.3] (already nice in steps of 0.1) → [160, 18]; peak at (143.2, 18); 100 % at 160 − 142/1.3 = 50.769
    const peak = svg.querySelector('circle.peak')!;
    expect(Number(peak.getAttribute('cx'))).toBeCloseTo(143.2, 6);
    expect(Number(peak.getAttribute('cy'))).toBeCloseTo(18, 6);
    expect(Number(svg.querySelector('line.full')!.getAttribute('y1'))).toBeCloseTo(50.769, 2);
    // the blue curve stops at rank 3; the red tail runs from rank 3 to 5 (3 points)
    expect(svg.querySelector('path.curve:not(.loss)')!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(4);
    expect(svg.querySelector('path.curve.loss')!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(3);
    // selected ranks 4..5: band from x((4−1)/5) = 188.8 to x(1) = 280
    const band = svg.querySelector('rect.selection')!;
    expect(Number(band.getAttribute('x'))).toBeCloseTo(188.8, 6);
    expect(Number(band.getAttribute('width'))).toBeCloseTo(91.2, 6);
    expect(matchesSnapshot(svg, 'pareto-whale')).toBe(true);
  });
});
