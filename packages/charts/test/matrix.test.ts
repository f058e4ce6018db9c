// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { matrixChart, type MatrixChartData, type MatrixQuadrant } from '../src/matrix.js';
import { matchesSnapshot } from './svg-snapshot.js';

// The core test's fixture: (revenue, cost) a (100, 10), b (80, 50), c (40, 5), d (20, 30), e (60, 20); medians 60 / 20.
const data: MatrixChartData = {
  mode: 'points',
  points: [
    { x: 100, cost: 10, quadrant: 'passive' },
    { x: 80, cost: 50, quadrant: 'carriage' },
    { x: 40, cost: 5, quadrant: 'bargain' },
    { x: 20, cost: 30, quadrant: 'aggressive' },
    { x: 60, cost: 20, quadrant: 'bargain' },
  ],
  bins: [],
  xSplit: 60,
  ySplit: 20,
  domain: { x: [20, 100], y: [5, 50] },
  scale: 'linear',
};
const names = { carriage: 'Carriage trade', passive: 'Passive', aggressive: 'Aggressive', bargain: 'Bargain basement' };
const detail = { carriage: '1 · $80', passive: '1 · $100', aggressive: '1 · $20', bargain: '2 · $100' };
const opts = { width: 300, height: 200, labels: { title: 'Matrix', x: 'Revenue', y: 'Cost', quadrant: names, detail }, tick: (v: number) => `$${v}` };

describe('matrix chart', () => {
  it('places the quadrants at the splits and one circle per customer', () => {
    const svg = matrixChart(data, opts);
    // x: [20, 100] → [76, 276]: split 60 → 176. y: [5, 50] → [160, 12]: split 20 → 160 − 15/45·148 = 110.667
    const quads = [...svg.querySelectorAll('rect.mark.quadrant')];
    expect(quads.map((q) => q.getAttribute('data-quadrant'))).toEqual(['carriage', 'passive', 'aggressive', 'bargain']);
    const carriage = quads[0];
    expect(Number(carriage.getAttribute('x'))).toBe(176);
    expect(Number(carriage.getAttribute('y'))).toBe(12);
    expect(Number(carriage.getAttribute('width'))).toBe(100);
    expect(Number(carriage.getAttribute('height'))).toBeCloseTo(98.667, 2);
    for (const q of quads) {
      expect(q.getAttribute('tabindex')).toBe('0');
      expect(q.getAttribute('role')).toBe('button');
    }
    expect(quads[3].getAttribute('aria-label')).toBe('Bargain basement: 2 · $100');
    const pts = [...svg.querySelectorAll('circle.point')];
    expect(pts).toHaveLength(5);
    // a (100, 10): (276, 160 − 5/45·148 = 143.556)
    expect(Number(pts[0].getAttribute('cx'))).toBe(276);
    expect(Number(pts[0].getAttribute('cy'))).toBeCloseTo(143.556, 2);
    expect(Number(svg.querySelector('line.split.x')!.getAttribute('x1'))).toBe(176);
    expect(matchesSnapshot(svg, 'matrix-points')).toBe(true);
  });

  it('quadrants select on click and Enter/Space, again clears', () => {
    const picked: (MatrixQuadrant | null)[] = [];
    const svg = matrixChart(data, { ...opts, selected: 'passive', onSelect: (q) => picked.push(q) });
    const q = (name: string) => svg.querySelector(`rect.quadrant.${name}`)!;
    expect(q('passive').getAttribute('aria-pressed')).toBe('true');
    q('aggressive').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    q('passive').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    q('carriage').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    q('bargain').dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    q('bargain').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(picked).toEqual(['aggressive', null, 'carriage', 'bargain', null]);
  });

  it('draws 2-D bins shaded by count instead of points', () => {
    // the core test's 2 × 2 linear bins
    const bins = { ...data, mode: 'bins' as const, points: [], bins: [
      { x0: 20, x1: 60, y0: 5, y1: 27.5, n: 1 },
      { x0: 20, x1: 60, y0: 27.5, y1: 50, n: 1 },
      { x0: 60, x1: 100, y0: 5, y1: 27.5, n: 2 },
      { x0: 60, x1: 100, y0: 27.5, y1: 50, n: 1 },
    ] };
    const svg = matrixChart(bins, opts);
    const rects = [...svg.querySelectorAll('rect.bin')];
    expect(rects.map((r) => r.getAttribute('data-n'))).toEqual(['1', '1', '2', '1']);
    expect(svg.querySelectorAll('circle.point')).toHaveLength(0);
    // bin (60..100, 5..27.5): x 176, width 100; y from 160 − 22.5/45·148 = 86 to 160
    expect(Number(rects[2].getAttribute('x'))).toBe(176);
    expect(Number(rects[2].getAttribute('width'))).toBe(100);
    expect(Number(rects[2].getAttribute('y'))).toBe(86);
    expect(Number(rects[2].getAttribute('height'))).toBe(74);
    // the densest bin is the darkest
    expect(rects[2].getAttribute('fill')).not.toBe(rects[0].getAttribute('fill'));
    // symlog axis ticks are powers of ten and 2 and 5 times them
    const sym = matrixChart({ ...data, scale: 'symlog', domain: { x: [0, 5000], y: [0, 50] } }, opts);
    expect([...sym.querySelectorAll('.axis.x .tick text')].map((t) => t.textContent)).toEqual(['$0', '$1', '$10', '$100', '$1000']);
    expect(matchesSnapshot(svg, 'matrix-bins')).toBe(true);
  });
});
