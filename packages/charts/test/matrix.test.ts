// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { matrixChart, textWidth, wrapFigures, type MatrixChartData, type MatrixQuadrant } from '../src/matrix.js';
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
    // Left margin: the widest cost tick "$10".."$50" is 3 × 6.6 = 19.8 px → ⌈19.8⌉ + 9 + 22 = 51; right edge 300 − 16 = 284.
    // x: [20, 100] → [51, 284]: split 60 → 51 + 233/2 = 167.5. y: [5, 50] → [160, 12]: split 20 → 160 − 15/45·148 = 110.667
    // (49 px above the bottom: more than the 44 px minimum band, so the domain is not widened)
    const quads = [...svg.querySelectorAll('rect.mark.quadrant')];
    expect(quads.map((q) => q.getAttribute('data-quadrant'))).toEqual(['carriage', 'passive', 'aggressive', 'bargain']);
    const carriage = quads[0];
    expect(Number(carriage.getAttribute('x'))).toBe(167.5);
    expect(Number(carriage.getAttribute('y'))).toBe(12);
    expect(Number(carriage.getAttribute('width'))).toBe(116.5);
    expect(Number(carriage.getAttribute('height'))).toBeCloseTo(98.667, 2);
    for (const q of quads) {
      expect(q.getAttribute('tabindex')).toBe('0');
      expect(q.getAttribute('role')).toBe('button');
    }
    expect(quads[3].getAttribute('aria-label')).toBe('Bargain basement: 2 · $100');
    const pts = [...svg.querySelectorAll('circle.point')];
    expect(pts).toHaveLength(5);
    // a (100, 10): (284, 160 − 5/45·148 = 143.556)
    expect(Number(pts[0].getAttribute('cx'))).toBe(284);
    expect(Number(pts[0].getAttribute('cy'))).toBeCloseTo(143.556, 2);
    expect(Number(svg.querySelector('line.split.x')!.getAttribute('x1'))).toBe(167.5);
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
    // bin (60..100, 5..27.5): x 167.5, width 116.5; y from 160 − 22.5/45·148 = 86 to 160
    expect(Number(rects[2].getAttribute('x'))).toBe(167.5);
    expect(Number(rects[2].getAttribute('width'))).toBe(116.5);
    expect(Number(rects[2].getAttribute('y'))).toBe(86);
    expect(Number(rects[2].getAttribute('height'))).toBe(74);
    // the densest bin is the darkest
    expect(rects[2].getAttribute('fill')).not.toBe(rects[0].getAttribute('fill'));
    // symlog axis ticks are powers of ten and 2 and 5 times them
    const sym = matrixChart({ ...data, scale: 'symlog', domain: { x: [0, 5000], y: [0, 50] } }, opts);
    expect([...sym.querySelectorAll('.axis.x .tick text')].map((t) => t.textContent)).toEqual(['$0', '$1', '$10', '$100', '$1000']);
    expect(matchesSnapshot(svg, 'matrix-bins')).toBe(true);
  });

  it('wraps quadrant figures that would run into the other side, between figures only', () => {
    // 11 px: Latin ~6.6 px a character, CJK 11 px.
    expect(textWidth('abc', 11)).toBeCloseTo(19.8, 5);
    expect(textWidth('營收', 11)).toBe(22);
    expect(wrapFigures('2,039 · $65K revenue · $43.2K profit', 1000, 11)).toEqual(['2,039 · $65K revenue · $43.2K profit']);
    expect(wrapFigures('2,039 · $65K revenue · $43.2K profit', 140, 11)).toEqual(['2,039 · $65K revenue', '$43.2K profit']); // 132 px, then 86 px
    // a single figure wider than the space stays whole
    expect(wrapFigures('9,623 位 · 營收 US$207.5萬 · 利潤 US$180.8萬', 40, 11)).toEqual(['9,623 位', '營收 US$207.5萬', '利潤 US$180.8萬']);

    // 300 px wide: half the plot (233 px) less a gap = 104.5 px a side.
    const long = { carriage: '9,623 · $2.1M revenue · $1.8M profit', passive: '2,162 · $164.7K revenue · $153.9K profit', aggressive: '2,039 · $65K revenue · $43.2K profit', bargain: '9,746 · $195.2K revenue · $146.5K profit' };
    const svg = matrixChart(data, { ...opts, labels: { ...opts.labels, detail: long } });
    for (const q of ['carriage', 'passive', 'aggressive', 'bargain'] as MatrixQuadrant[]) {
      const lines = [...svg.querySelectorAll(`text.quadrant-label.${q} tspan`)].slice(1).map((t) => t.textContent!);
      expect(lines.join(' · ')).toBe(long[q]);
      expect(lines.length).toBeGreaterThan(1);
      // a line holds two figures only when they fit together
      for (const l of lines) if (l.includes(' · ')) expect(textWidth(l, 11)).toBeLessThanOrEqual(104.5);
    }
    // bottom labels move up by their added lines: every line stays inside the plot (y from 12 to 160)
    for (const q of ['passive', 'bargain']) {
      const label = svg.querySelector(`text.quadrant-label.${q}`)!;
      const y = Number(label.getAttribute('y'));
      expect(y).toBeGreaterThanOrEqual(12);
      expect(y + (label.querySelectorAll('tspan').length - 1) * 14).toBeLessThanOrEqual(160);
    }
  });

  it('a split at the smallest cost (CDNOW: every customer costs at least the $5 median) still leaves a band to see, label and focus', () => {
    // 30 customers with cost 5 (one order), a few with more; the median cost is the minimum.
    const flat: MatrixChartData = {
      ...data,
      scale: 'symlog',
      xSplit: 60,
      ySplit: 5,
      domain: { x: [20, 100], y: [5, 50] },
    };
    const svg = matrixChart(flat, { ...opts, width: 360, height: 320 });
    const box = (q: string) => {
      const r = svg.querySelector(`rect.quadrant.${q}`)!;
      return { x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')) };
    };
    // No quadrant is a 0-px strip: each band is at least 44 px (or its labels' height) on both axes.
    for (const q of ['carriage', 'passive', 'aggressive', 'bargain']) {
      expect(box(q).w).toBeGreaterThanOrEqual(44);
      expect(box(q).h).toBeGreaterThanOrEqual(44 - 1e-9);
    }
    // The lower quadrants are below the split line, their labels inside them and clear of the upper ones' labels.
    const sy = Number(svg.querySelector('line.split.y')!.getAttribute('y1'));
    expect(box('bargain').y).toBeCloseTo(sy, 6);
    const label = (q: string) => {
      const t = svg.querySelector(`text.quadrant-label.${q}`)!;
      const top = Number(t.getAttribute('y')) - 12;
      return { top, bottom: top + 12 + 14 * (t.querySelectorAll('tspan').length - 1) };
    };
    for (const [up, down] of [['carriage', 'passive'], ['aggressive', 'bargain']]) {
      expect(label(up).bottom).toBeLessThanOrEqual(sy);
      expect(label(down).top).toBeGreaterThanOrEqual(sy);
      expect(label(down).bottom).toBeLessThanOrEqual(box(down).y + box(down).h);
    }
    // the widened domain keeps every cost inside it: the $5 split lies ≥ 44 px above the bottom
    expect(box('bargain').h).toBeGreaterThanOrEqual(44 - 1e-9);
  });

  it('x ticks never touch, with a measurer the host passes in (wide Chinese figures)', () => {
    // A measurer that makes every character 11 px (as wide as a CJK one): ticks "$0".."$5000" at 11 px each.
    const measure = (t: string, size: number) => t.length * size;
    const sym = matrixChart({ ...data, scale: 'symlog', domain: { x: [0, 5000], y: [0, 50] } }, { ...opts, width: 240, measure });
    const ticks = [...sym.querySelectorAll('.axis.x .tick')].map((t) => ({ x: Number(/translate\(([-\d.]+)/.exec(t.getAttribute('transform')!)![1]), w: measure(t.textContent!, 11) }));
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThan(6); // some of $0, $1, $10, $100, $1000 dropped
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i].w / 2).toBeGreaterThanOrEqual(ticks[i - 1].x + ticks[i - 1].w / 2 + 6);
  });

  it('theme="dark" inverts the density ramp: the densest bin is the brightest', () => {
    const bins = { ...data, mode: 'bins' as const, points: [], bins: [
      { x0: 20, x1: 60, y0: 5, y1: 27.5, n: 1 },
      { x0: 60, x1: 100, y0: 5, y1: 27.5, n: 40 },
    ] };
    const lum = (c: string) => {
      const [r, g, b] = (c.match(/\d+/g) ?? []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const fills = (theme: 'light' | 'dark') => [...matrixChart(bins, { ...opts, theme }).querySelectorAll('rect.bin')].map((r) => lum(r.getAttribute('fill')!));
    const [few, many] = fills('light');
    expect(many).toBeLessThan(few); // light: dense is dark
    const [fewD, manyD] = fills('dark');
    expect(manyD).toBeGreaterThan(fewD); // dark: dense is bright
    expect(fewD).toBeLessThan(120); // a single customer's bin stays dark on a dark surface
  });
});
