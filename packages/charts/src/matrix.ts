/**
 * Customer-profitability matrix: x = revenue (or average price realised),
 * y = cost to serve, split into four quadrants. Customers are drawn as
 * points, or — many customers — as 2-D bins shaded by count.
 *
 * The quadrants are the marks: focusable, Enter/Space or a click selects one,
 * Escape clears.
 */
import * as d3 from 'd3';
import { textWidth as measureText, thinTicks, type Measure } from './interaction.js';

export type MatrixQuadrant = 'carriage' | 'passive' | 'aggressive' | 'bargain';
export const MATRIX_QUADRANTS: readonly MatrixQuadrant[] = ['carriage', 'passive', 'aggressive', 'bargain'];

export interface MatrixChartData {
  mode: 'points' | 'bins';
  points: { x: number; cost: number; quadrant: MatrixQuadrant }[];
  bins: { x0: number; x1: number; y0: number; y1: number; n: number }[];
  xSplit: number;
  ySplit: number;
  domain: { x: [number, number]; y: [number, number] };
  scale: 'symlog' | 'linear';
}

export interface MatrixChartOptions {
  width: number;
  height: number;
  labels: {
    title: string;
    x: string;
    y: string;
    /** Quadrant name. */
    quadrant: Record<MatrixQuadrant, string>;
    /** Second line under a quadrant's name (counts, revenue, profit). */
    detail: Record<MatrixQuadrant, string>;
    /** Bin tooltip. */
    bin?: (n: number) => string;
  };
  /** Axis tick format (money). */
  tick: (v: number) => string;
  selected?: MatrixQuadrant | null;
  onSelect?: (q: MatrixQuadrant | null) => void;
  /** Text width in px (default: an estimate); the element passes one that measures in its font. */
  measure?: Measure;
  /** `dark` inverts the density ramp (few customers dark, many bright) for a dark surface. */
  theme?: 'light' | 'dark';
  document?: Document;
}

const SVG = 'http://www.w3.org/2000/svg';
const M = { top: 12, right: 16, bottom: 40, left: 76 };
/** Smallest size of a quadrant band in px: a split at the smallest (or largest) value still leaves a band to see, label and focus. */
const MIN_BAND = 44;
const COLORS: Record<MatrixQuadrant, string> = {
  carriage: 'var(--crm-matrix-carriage, #f59e0b)',
  passive: 'var(--crm-matrix-passive, #16a34a)',
  aggressive: 'var(--crm-matrix-aggressive, #dc2626)',
  bargain: 'var(--crm-matrix-bargain, #2563eb)',
};
/** Which quadrant sits where: [high x?, high cost?]. */
const PLACE: Record<MatrixQuadrant, [boolean, boolean]> = { carriage: [true, true], passive: [true, false], aggressive: [false, true], bargain: [false, false] };

/** Tick values for a symlog axis: 0 and ±1, 2, 5 × powers of ten inside the domain. */
function symlogTicks([lo, hi]: [number, number], max = 7): number[] {
  const out: number[] = [];
  if (lo <= 0 && hi >= 0) out.push(0);
  for (let e = 0; e < 12; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v <= hi && v >= lo) out.push(v);
      if (-v >= lo && -v <= hi) out.push(-v);
    }
  }
  out.sort((a, b) => a - b);
  if (out.length <= max) return out;
  const ones = out.filter((v) => v === 0 || /^-?10*$/.test(String(v)));
  return ones.length <= max ? ones : ones.filter((_v, i) => i % Math.ceil(ones.length / max) === 0);
}

/** sign(v)·ln(1+|v|), the symlog transform (constant 1), and its inverse. */
const symlog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));
const symexp = (u: number) => Math.sign(u) * Math.expm1(Math.abs(u));

/**
 * Widen `[lo, hi]` so that `split` lies at least `band` px (of `length`) from either end:
 * in the scale's own space, so the band has that size once drawn.
 */
export function padDomain([lo, hi]: [number, number], split: number, length: number, band: number, scale: 'symlog' | 'linear'): [number, number] {
  const t = scale === 'symlog' ? symlog : (v: number) => v;
  const inv = scale === 'symlog' ? symexp : (v: number) => v;
  const b = Math.min(0.45, band / Math.max(1, length));
  let tl = t(lo);
  let th = t(hi);
  const ts = t(split);
  if ((ts - tl) / (th - tl) < b) tl = (ts - b * th) / (1 - b);
  if ((th - ts) / (th - tl) < b) th = (ts - b * tl) / (1 - b);
  return [Math.min(lo, inv(tl)), Math.max(hi, inv(th))];
}

/** Draw the matrix; returns a detached SVG element. */
export function matrixChart(data: MatrixChartData, options: MatrixChartOptions): SVGSVGElement {
  const doc = options.document ?? document;
  const { width, height, labels } = options;
  const svgEl = doc.createElementNS(SVG, 'svg') as SVGSVGElement;
  const svg = d3
    .select(svgEl)
    .attr('class', 'crm-matrix')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'group')
    .attr('aria-label', labels.title);

  const span = (d: [number, number], s: number): [number, number] => {
    let lo = Math.min(d[0], s);
    let hi = Math.max(d[1], s);
    if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
    return [lo, hi];
  };
  const measure = (t: string, size: number, weight?: number) => measureText(t, size, options.measure, weight);
  const make = () => (data.scale === 'symlog' ? d3.scaleSymlog().constant(1) : d3.scaleLinear());
  const ticks = (s: d3.ScaleContinuousNumeric<number, number>, d: [number, number]) => (data.scale === 'symlog' ? symlogTicks(d) : s.ticks(5));

  // The left margin holds the cost ticks and the rotated axis title: as wide as the widest tick needs.
  const dy0 = span(data.domain.y, data.ySplit);
  const yTickWidth = Math.max(0, ...ticks(make().domain(dy0), dy0).map((v) => measure(options.tick(v), 11)));
  const left = Math.min(Math.max(48, Math.ceil(yTickWidth) + 9 + 22), Math.max(48, width * 0.3));
  const right = Math.max(left + 2 * MIN_BAND, width - M.right);
  const bottom = Math.max(M.top + 2 * MIN_BAND, height - M.bottom);
  // Quadrant labels: two halves of the plot's width; a band is at least as tall as its labels.
  const half = (right - left) / 2 - 12;
  const lineCount = (q: MatrixQuadrant) => wrapFigures(labels.detail[q], half, 11, options.measure).length;
  const labelHeight = Math.max(...MATRIX_QUADRANTS.map((q) => 20 + 14 * lineCount(q)));
  const bandY = Math.min(Math.max(MIN_BAND, labelHeight), (bottom - M.top) / 2);
  const bandX = Math.min(MIN_BAND, (right - left) / 2);
  const dx = padDomain(span(data.domain.x, data.xSplit), data.xSplit, right - left, bandX, data.scale);
  const dy = padDomain(dy0, data.ySplit, bottom - M.top, bandY, data.scale);
  const x = make().domain(dx).range([left, right]);
  const y = make().domain(dy).range([bottom, M.top]);

  // x ticks: as many as fit side by side without touching, and none under the axis title's row end
  const xTicks = thinTicks(ticks(x, dx), (v) => x(v), (v) => measure(options.tick(v), 11));
  const gx = svg.append('g').attr('class', 'axis x').attr('part', 'axis').attr('transform', `translate(0,${bottom})`);
  gx.call(d3.axisBottom(x).tickValues(xTicks).tickFormat((v) => options.tick(+v)).tickSizeOuter(0));
  gx.append('text').attr('class', 'axis-label').attr('x', right).attr('y', 34).attr('text-anchor', 'end').attr('fill', 'currentColor').text(labels.x);
  // y ticks: at least a line apart
  const yTicks = thinTicks(ticks(y, dy), (v) => -y(v), () => 11, 2);
  const gy = svg.append('g').attr('class', 'axis y').attr('part', 'axis').attr('transform', `translate(${left},0)`);
  gy.call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => options.tick(+v)).tickSizeOuter(0));
  gy.append('text').attr('class', 'axis-label').attr('transform', `translate(${-left + 12},${M.top}) rotate(-90)`).attr('text-anchor', 'end').attr('fill', 'currentColor').text(labels.y);
  svg.selectAll('.axis').attr('font-size', 11).attr('font-family', null);

  // quadrants: the focusable marks
  const sx = x(data.xSplit);
  const sy = y(data.ySplit);
  const box = (q: MatrixQuadrant) => {
    const [hx, hy] = PLACE[q];
    return { x0: hx ? sx : left, x1: hx ? right : sx, y0: hy ? M.top : sy, y1: hy ? sy : bottom };
  };
  const quads = svg
    .append('g')
    .attr('class', 'quadrants')
    .selectAll('rect')
    .data(MATRIX_QUADRANTS)
    .join('rect')
    .attr('class', (q) => `mark quadrant ${q}${options.selected === q ? ' selected' : ''}`)
    .attr('part', 'mark')
    .attr('data-quadrant', (q) => q)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-pressed', (q) => String(options.selected === q))
    .attr('aria-label', (q) => `${labels.quadrant[q]}: ${labels.detail[q]}`)
    .attr('x', (q) => box(q).x0)
    .attr('y', (q) => box(q).y0)
    .attr('width', (q) => Math.max(0, box(q).x1 - box(q).x0))
    .attr('height', (q) => Math.max(0, box(q).y1 - box(q).y0))
    .attr('fill', (q) => COLORS[q])
    .attr('fill-opacity', (q) => (options.selected === q ? 0.18 : options.selected ? 0.03 : 0.07))
    .attr('stroke', (q) => (options.selected === q ? COLORS[q] : 'none'))
    .attr('stroke-width', 2)
    .style('cursor', 'pointer');
  quads.append('title').text((q) => `${labels.quadrant[q]}\n${labels.detail[q]}`);
  const pick = (q: MatrixQuadrant) => options.onSelect?.(options.selected === q ? null : q);
  quads
    .on('click', (_ev: MouseEvent, q) => pick(q))
    .on('keydown', (ev: KeyboardEvent, q) => {
      if (ev.key === 'Enter' || ev.key === ' ') pick(q);
      else if (ev.key === 'Escape') options.onSelect?.(null);
      else return;
      ev.preventDefault();
    });

  // customers: points or bins (not interactive: the quadrant under them takes the pointer)
  const layer = svg.append('g').attr('class', 'customers').attr('pointer-events', 'none');
  if (data.mode === 'points') {
    layer
      .selectAll('circle')
      .data(data.points)
      .join('circle')
      .attr('class', (p) => `point ${p.quadrant}`)
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(p.cost))
      .attr('r', data.points.length > 500 ? 2 : 3)
      .attr('fill', (p) => COLORS[p.quadrant])
      .attr('fill-opacity', 0.7);
  } else {
    const max = d3.max(data.bins, (b) => b.n) ?? 1;
    // On a dark surface the ramp runs the other way: few customers dark, many bright.
    const ramp = options.theme === 'dark' ? (t: number) => d3.interpolateBlues(1 - 0.85 * t) : d3.interpolateBlues;
    const color = d3.scaleSequentialLog(ramp).domain([1, Math.max(2, max)]);
    const bins = layer
      .selectAll('rect')
      .data(data.bins)
      .join('rect')
      .attr('class', 'bin')
      .attr('x', (b) => Math.min(x(b.x0), x(b.x1)))
      .attr('y', (b) => Math.min(y(b.y0), y(b.y1)))
      .attr('width', (b) => Math.max(1, Math.abs(x(b.x1) - x(b.x0))))
      .attr('height', (b) => Math.max(1, Math.abs(y(b.y0) - y(b.y1))))
      .attr('fill', (b) => color(Math.max(1, b.n)))
      .attr('data-n', (b) => b.n);
    if (labels.bin) bins.append('title').text((b) => labels.bin!(b.n));
  }

  // split lines and quadrant labels
  const split = svg.append('g').attr('class', 'splits').attr('pointer-events', 'none').attr('stroke', 'var(--crm-color-text, #1f2937)').attr('stroke-dasharray', '5 4');
  split.append('line').attr('class', 'split x').attr('x1', sx).attr('x2', sx).attr('y1', M.top).attr('y2', bottom);
  split.append('line').attr('class', 'split y').attr('x1', left).attr('x2', right).attr('y1', sy).attr('y2', sy);
  // A halo in the surface colour keeps the labels legible where they cross the density bins.
  const text = svg
    .append('g')
    .attr('class', 'quadrant-labels')
    .attr('pointer-events', 'none')
    .attr('font-size', 12)
    .attr('paint-order', 'stroke')
    .attr('stroke', 'var(--crm-color-surface, #ffffff)')
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round');
  // Left and right labels share a row: each gets half the plot's width, its figures wrapped onto more lines
  // when they would run into the other side's. Every band is at least as tall as its labels (see bandY),
  // so a label sits inside its own quadrant: at the top of an upper one, at the bottom of a lower one.
  for (const q of MATRIX_QUADRANTS) {
    const b = box(q);
    const [hx, hy] = PLACE[q];
    const tx = hx ? b.x1 - 6 : b.x0 + 6;
    const lines = wrapFigures(labels.detail[q], half, 11, options.measure);
    const ty = hy ? b.y0 + 16 : b.y1 - 8 - 14 * lines.length;
    const t = text.append('text').attr('class', `quadrant-label ${q}`).attr('text-anchor', hx ? 'end' : 'start').attr('x', tx).attr('y', ty);
    // A name or a single figure wider than its half (a long compact amount, e.g. "195,2 Tsd. €") is condensed to fit.
    const fit = (span: d3.Selection<SVGTSpanElement, unknown, null, undefined>, w: number) => (w > half ? span.attr('textLength', half).attr('lengthAdjust', 'spacingAndGlyphs') : span);
    fit(t.append('tspan').attr('font-weight', 600).attr('fill', COLORS[q]).text(labels.quadrant[q]), measure(labels.quadrant[q], 12, 600));
    for (const line of lines) fit(t.append('tspan').attr('x', tx).attr('dy', 14).attr('font-size', 11).attr('fill', 'currentColor').text(line), measure(line, 11));
  }
  return svgEl;
}

/** Width of `text` in px at `fontSize`: measured when a measurer is given, else estimated (CJK 1 em, others ~0.6 em). */
export function textWidth(text: string, fontSize: number, measure?: Measure): number {
  if (measure) return measure(text, fontSize);
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.6;
  return w;
}

/** "a · b · c" on as few lines as fit in `max` px, breaking only between the figures. */
export function wrapFigures(text: string, max: number, fontSize: number, measure?: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(' · ')) {
    const next = line ? `${line} · ${part}` : part;
    if (line && textWidth(next, fontSize, measure) > max) {
      lines.push(line);
      line = part;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
